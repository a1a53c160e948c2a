// A closure inside a kernel: say closures are not supported and suggest writing the expression inline or calling another `#[kernel]` (or a scalar Rust fn).
use kernelize::kernel;

#[kernel]
pub fn sum_of_squares(x: &[f64]) -> f64 {
    let square = |v: f64| v * v;
    let mut s = 0.0;
    for i in 0..len(x) {
        s += square(x[i]);
    }
    s
}

fn main() {}
