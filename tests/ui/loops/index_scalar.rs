// Indexing a scalar: say `w` is a scalar (`f64`), not an array, so `w[i]` cannot be indexed (declare it `&[f64]` for one weight per element).
use kernelize::kernel;

#[kernel]
pub fn weighted_sum(x: &[f64], w: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..len(x) {
        s += w[i] * x[i];
    }
    s
}

fn main() {}
