use kernelize::kernel;

#[kernel]
pub fn axpy(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> {
    a * x + y
}

/// Too few arguments to a kernel taking arrays: its signature is named.
#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    axpy(2.0, x)
}

fn main() {}
