use kernelize::kernel;

#[kernel]
pub fn esum(z: &[f64]) -> f64 {
    sum(exp(z))
}

#[kernel]
pub fn double(z: &[f64]) -> Vec<f64> {
    z * 2.0
}

#[kernel]
pub fn half(z: &[f64]) -> Vec<f64> {
    z * 0.5
}

#[kernel]
pub fn neg(z: &[f64]) -> Vec<f64> {
    -z
}

/// Four kernels called with arrays and no typed `let`: one returning one value is refused.
#[kernel]
pub fn f(z: &[f64]) -> Vec<f64> {
    double(z) + half(z) + neg(z) + esum(z)
}

fn main() {}
