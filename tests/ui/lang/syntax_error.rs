use kernelize::kernel;

/// A syntax error in the body: Rust's message alone, not also "applies to a function".
#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let = sum(x);
    0.0
}

fn main() {}
