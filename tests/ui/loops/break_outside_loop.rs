// `break` outside a loop: point at the `break`, say it only leaves a `for` or `while` loop, and suggest `return` to leave the kernel early.
use kernelize::kernel;

#[kernel]
pub fn first_or_zero(x: &[f64]) -> f64 {
    let mut r = 0.0;
    if len(x) > 0 {
        r = x[0];
        break;
    }
    r
}

fn main() {}
