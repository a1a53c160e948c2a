// A variable declared inside a loop used after it: say `last` only exists inside the `for` body and to declare it (`let mut last = 0.0;`) before the loop.
use kernelize::kernel;

#[kernel]
pub fn last_square(x: &[f64]) -> f64 {
    for i in 0..len(x) {
        let last = x[i] * x[i];
    }
    last
}

fn main() {}
