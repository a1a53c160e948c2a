// A `prange` body carrying `s` from one iteration to the next (`s = s * 0.5 + x[i]`), not a reduction: say so, list the reductions a `prange` allows (`s += e`, `s *= e`, `s = max(s, e)`, ...), and suggest a `for` loop.
use kernelize::kernel;

#[kernel(parallel)]
pub fn decayed_sum(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        s = s * 0.5 + x[i];
    }
    s
}

fn main() {}
