use kernelize::kernel;

#[kernel(signature = "f8(f8[:]")]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
