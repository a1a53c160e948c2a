use kernelize::kernel;

/// A misspelt built-in and a NumPy function the language lacks: each named, with the
/// list of what exists (not Rust's "cannot find module").
#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    expp(x) + atan2(x, x)
}

fn main() {}
