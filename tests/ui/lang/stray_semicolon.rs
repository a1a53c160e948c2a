use kernelize::kernel;

/// A final expression ended by `;`: the message says so, at the statement.
#[kernel]
pub fn f(x: &[f64]) -> f64 {
    sum(x);
}

fn main() {}
