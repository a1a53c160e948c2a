// Indexing with a float: say the index `mid` is an `f64`, that indices are `usize`, and to convert it with `as usize`.
use kernelize::kernel;

#[kernel]
pub fn middle(x: &[f64]) -> f64 {
    let mid = len(x) as f64 / 2.0;
    x[mid]
}

fn main() {}
