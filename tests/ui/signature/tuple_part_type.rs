use kernelize::kernel;

// Part 2 is `uintp` (`usize`) in the signature, `u64` in the Rust fn.
#[kernel(signature = "Tuple((f8[:], uintp))(f8[:])")]
pub fn f(x: &[f64]) -> (Vec<f64>, u64) {
    let n = len(x);
    (x * 2.0, n)
}

fn main() {}
