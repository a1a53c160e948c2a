use kernelize::kernel;

pub fn ramp(n: f64) -> Vec<f64> {
    vec![n, n + 1.0]
}

/// A Rust function returning a `Vec`, used as a scalar: the message says to bind it with
/// a typed `let`.
#[kernel]
pub fn f(x: &[f64], n: f64) -> Vec<f64> {
    let r = ramp(n);
    x + r
}

fn main() {}
