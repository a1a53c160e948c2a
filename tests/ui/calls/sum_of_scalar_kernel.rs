use kernelize::kernel;

/// Takes an array and returns one value.
#[kernel]
pub fn esum(z: &[f64]) -> f64 {
    sum(exp(z))
}

/// `esum(z)` is one value, so `sum` of it is refused (as `sum(2.0)` is).
#[kernel]
pub fn f(z: &[f64]) -> f64 {
    sum(esum(z))
}

fn main() {}
