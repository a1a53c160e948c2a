use kernelize::kernel;

#[kernel(signature = "c16(c16[:])")]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
