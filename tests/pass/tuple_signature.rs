//! Tuple results declared in the signature string, as Numba writes them: `Tuple((..))`,
//! `UniTuple(T, n)`, and the `(args)` form that takes the tuple from the Rust fn.
use kernelize::kernel;

/// Numba's `Tuple((f8[:], f8, uintp))`: an array, a float and a count.
#[kernel(signature = "Tuple((f8[:], f8, uintp))(f8[:])", parallel)]
pub fn min_max_scaled(x: &[f64]) -> (Vec<f64>, f64, usize) {
    let lo = min(x);
    let hi = max(x);
    let mut count = 0;
    for v in x {
        if v > 0.0 {
            count += 1;
        }
    }
    ((x - lo) / (hi - lo), hi - lo, count)
}

/// Numba's `UniTuple(f4, 2)`: two parts of one type.
#[kernel(signature = "UniTuple(f4, 2)(f4[::1])")]
pub fn lo_hi(x: &[f32]) -> (f32, f32) {
    let lo = min(x);
    let hi = max(x);
    (lo, hi)
}

/// The `(args)` form: the tuple result comes from the Rust fn.
#[kernel(signature = "(f8[:], f8)")]
pub fn plus_minus(x: &[f64], s: f64) -> (Vec<f64>, Vec<f64>) {
    let up = x + s;
    let down = x - s;
    (up, down)
}

fn main() {
    let x: Vec<f64> = (0..77)
        .map(|i| ((i * 37 % 101) as f64 - 50.0) / 7.0)
        .collect();
    let lo = x.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let want: Vec<f64> = x.iter().map(|a| (a - lo) / (hi - lo)).collect();
    let positive = x.iter().filter(|a| **a > 0.0).count();
    for v in min_max_scaled::variants() {
        let (scaled, range, count) = min_max_scaled::with(v, &x).unwrap();
        assert_eq!(scaled, want, "{v}");
        assert_eq!(range, hi - lo, "{v}");
        assert_eq!(count, positive, "{v}");
    }
    assert_eq!(min_max_scaled(&x), (want, hi - lo, positive));
    assert_eq!(
        min_max_scaled::SIGNATURE,
        "Tuple((f8[:], f8, uintp))(f8[:])"
    );

    let y = [3.0f32, -1.5, 8.25, 0.0];
    for v in lo_hi::variants() {
        assert_eq!(lo_hi::with(v, &y).unwrap(), (-1.5, 8.25), "{v}");
    }
    assert_eq!(lo_hi::SIGNATURE, "Tuple((f4, f4))(f4[::1])");

    let (up, down) = plus_minus(&[1.0, 2.0], 0.5);
    assert_eq!(up, vec![1.5, 2.5]);
    assert_eq!(down, vec![0.5, 1.5]);
    assert_eq!(plus_minus::SIGNATURE, "Tuple((f8[:], f8[:]))(f8[:], f8)");
}
