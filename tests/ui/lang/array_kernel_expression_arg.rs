use kernelize::kernel;

#[kernel]
pub fn esum(x: &[f64]) -> f64 {
    sum(exp(x))
}

#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    x / esum(x * 2.0)
}

fn main() {}
