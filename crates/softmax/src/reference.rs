//! Accurate plain-Rust references, for tests, the example's error column and the benches.
//!
//! They are slow on purpose: every sum is compensated (Neumaier), so the only rounding
//! left is that of `exp`/`ln` (the standard library's, ≤ 1 ULP) and of the final division,
//! which bounds the reference's own relative error by about 2 ULP (≈ 4.4e-16 for `f64`).
//! `f32` references are computed in `f64` and rounded once.

/// Sum with Neumaier's compensation: error independent of the length to first order.
pub fn compensated_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut sum = 0.0_f64;
    let mut carry = 0.0_f64;
    for v in values {
        let t = sum + v;
        if sum.abs() >= v.abs() {
            carry += (sum - t) + v;
        } else {
            carry += (v - t) + sum;
        }
        sum = t;
    }
    sum + carry
}

/// Largest element, NaN if any is NaN (NumPy's `max`). Panics on an empty slice.
pub fn max(z: &[f64]) -> f64 {
    assert!(!z.is_empty(), "max of an empty array");
    z.iter().copied().fold(f64::NEG_INFINITY, |m, x| {
        if m.is_nan() || x.is_nan() {
            f64::NAN
        } else {
            m.max(x)
        }
    })
}

/// The stable softmax, accurately.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let m = max(z);
    let e: Vec<f64> = z.iter().map(|&x| (x - m).exp()).collect();
    let s = compensated_sum(e.iter().copied());
    e.iter().map(|&x| x / s).collect()
}

/// The stable softmax of `f32` input, computed in `f64` and rounded once.
pub fn softmax_f32(z: &[f32]) -> Vec<f32> {
    let wide: Vec<f64> = z.iter().map(|&x| f64::from(x)).collect();
    softmax(&wide).into_iter().map(|x| x as f32).collect()
}

/// `log(sum(exp(z)))`, accurately.
pub fn logsumexp(z: &[f64]) -> f64 {
    let m = max(z);
    m + compensated_sum(z.iter().map(|&x| (x - m).exp())).ln()
}

/// `z - logsumexp(z)`, accurately.
pub fn log_softmax(z: &[f64]) -> Vec<f64> {
    let l = logsumexp(z);
    z.iter().map(|&x| x - l).collect()
}

/// The largest relative difference `|got - want| / |want|` (absolute where `want` is 0;
/// NaN where exactly one side is NaN, so a mismatch cannot hide).
pub fn max_relative_error<T: Copy + Into<f64>>(got: &[T], want: &[T]) -> f64 {
    assert_eq!(got.len(), want.len(), "compared arrays differ in length");
    got.iter()
        .zip(want)
        .map(|(&g, &w)| {
            let (g, w): (f64, f64) = (g.into(), w.into());
            if g.is_nan() && w.is_nan() || g == w {
                0.0
            } else if g.is_nan() || w.is_nan() {
                f64::INFINITY
            } else if w == 0.0 {
                g.abs()
            } else {
                ((g - w) / w).abs()
            }
        })
        .fold(0.0, f64::max)
}

/// A seeded generator of uniform doubles (SplitMix64), so every run and every language in
/// the comparison can use the same input without a dependency.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `n` doubles uniform in `[lo, hi)`.
    pub fn uniform(&mut self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        (0..n).map(|_| lo + (hi - lo) * self.next_f64()).collect()
    }
}
