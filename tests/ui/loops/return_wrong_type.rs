// `return` of the wrong type: point at `x[best]`, say it is an `f64` but the kernel returns `usize` (the index `best` was probably meant).
use kernelize::kernel;

#[kernel]
pub fn argmin_loop(x: &[f64]) -> usize {
    let mut best: usize = 0;
    for i in 1..len(x) {
        if x[i] < x[best] {
            best = i;
        }
    }
    return x[best];
}

fn main() {}
