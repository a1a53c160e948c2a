// A `prange` body writing `out[i + 1]`, which the next iteration writes as `out[i]`: name both places, say the iterations would race, and suggest a `for` loop.
use kernelize::kernel;

#[kernel(parallel)]
pub fn smear(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x) - 1) {
        out[i] = x[i];
        out[i + 1] = x[i];
    }
}

fn main() {}
