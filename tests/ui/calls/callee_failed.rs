use kernelize::kernel;

#[kernel]
pub fn broken(x: &[f64]) -> Vec<f64> {
    x * unknown_name
}

/// A caller of a kernel that failed to compile adds no error of its own.
#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    broken(x) + 1.0
}

fn main() {}
