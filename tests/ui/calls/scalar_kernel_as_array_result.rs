use kernelize::kernel;

#[kernel]
pub fn esum(z: &[f64]) -> f64 {
    sum(exp(z))
}

/// `esum(z) * 2.0` is one value, but the kernel returns an array.
#[kernel]
pub fn f(z: &[f64]) -> Vec<f64> {
    esum(z) * 2.0
}

fn main() {}
