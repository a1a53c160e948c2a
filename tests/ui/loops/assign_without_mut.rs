// Assigning to a `let` without `mut`: point at the `+=` and at the `let`, and say to declare it `let mut s`.
use kernelize::kernel;

#[kernel]
pub fn total(x: &[f64]) -> f64 {
    let s = 0.0;
    for i in 0..len(x) {
        s += x[i];
    }
    s
}

fn main() {}
