use kernelize::kernel;

#[kernel]
pub fn double(z: &[f64]) -> Vec<f64> {
    z * 2.0
}

/// `double(z)` is an array, but the kernel returns one value.
#[kernel]
pub fn f(z: &[f64]) -> f64 {
    double(z) + 1.0
}

fn main() {}
