use kernelize::kernel;

#[kernel]
pub fn scale(x: &[f64], s: f64) -> Vec<f64> {
    x * s
}

/// An array where the callee takes a scalar, and a scalar where it takes an array.
#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    scale(sum(x), x)
}

fn main() {}
