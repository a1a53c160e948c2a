use kernelize::kernel;

pub fn norm2(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum()
}

/// A plain Rust function called with an array: only kernels take arrays; the error points
/// at the call.
#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    x / norm2(x)
}

fn main() {}
