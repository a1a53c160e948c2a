use kernelize::kernel;

#[kernel(signature = "f2(f2[:])")]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
