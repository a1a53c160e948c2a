use kernelize::kernel;

#[kernel(signature = "f64(f64[:])")]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
