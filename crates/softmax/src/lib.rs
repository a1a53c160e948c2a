//! Softmax, log-softmax and logsumexp kernels built on [`kernelize`], for `f64` and `f32`:
//! the showcase of the project and the Rust form of the blog post "Speeding up python
//! programs with Numba and Numpy".
//!
//! Every kernel here is an ordinary `#[kernel]` function: it has a dispatching entry point
//! (`softmax(&z)`) and a module of variants (`softmax::into`, `softmax::scalar`,
//! `softmax::simd`, `softmax::parallel`, `softmax::with`, `softmax::variants`,
//! `softmax::explain`).
//!
//! # Which one to use
//!
//! * [`softmax()`] (and [`softmax_f32()`]): the numerically stable form,
//!   `exp(z - max(z)) / sum(exp(z - max(z)))`. Use it.
//! * [`softmax_optimized()`] and [`esum()`]: the seed's own form, `exp(z) / sum(exp(z))`, kept
//!   for the comparison with the blog post. `exp` overflows to infinity above about 709.78
//!   for `f64` (88.72 for `f32`), and then the result is `inf / inf = NaN`; it is only right
//!   for inputs well below that.
//! * [`log_softmax()`]: `z - logsumexp(z)` without forming the exponentials' quotient;
//!   use it when the next step takes a logarithm (cross-entropy).
//! * [`logsumexp()`]: `log(sum(exp(z)))` computed stably, a scalar.
//!
//! ```
//! let z = [1.0, 2.0, 3.0];
//! let p = softmax::softmax(&z);
//! assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
//!
//! let mut out = vec![0.0; 3];
//! softmax::softmax::into(&z, &mut out);
//! assert_eq!(p, out);
//! ```

use kernelize::kernel;

pub mod reference;

/// `sum(exp(z))`: the seed's helper. Overflows to `inf` when any `z` exceeds ≈ 709.78.
#[kernel(signature = "f8(f8[:])", parallel, nogil)]
pub fn esum(z: &[f64]) -> f64 {
    sum(exp(z))
}

/// The seed's softmax, `exp(z) / esum(z)`: not stable (see the crate docs); kept for the
/// comparison with the blog post.
#[kernel(signature = "f8[:](f8[:])", parallel, nogil)]
pub fn softmax_optimized(z: &[f64]) -> Vec<f64> {
    let num = exp(z);
    num / esum(z)
}

/// The numerically stable softmax: `exp(z - max(z)) / sum(exp(z - max(z)))`.
/// Panics on an empty array (`max` of nothing), as NumPy raises.
#[kernel(signature = "f8[:](f8[:])", parallel, nogil)]
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let e = exp(z - max(z));
    e / sum(e)
}

/// `z - logsumexp(z)`, stably.
#[kernel(signature = "f8[:](f8[:])", parallel, nogil)]
pub fn log_softmax(z: &[f64]) -> Vec<f64> {
    let m = max(z);
    z - m - log(sum(exp(z - m)))
}

/// `log(sum(exp(z)))`, stably: `max(z) + log(sum(exp(z - max(z))))`.
#[kernel(signature = "f8(f8[:])", parallel, nogil)]
pub fn logsumexp(z: &[f64]) -> f64 {
    let m = max(z);
    m + log(sum(exp(z - m)))
}

/// `f32` form of [`esum()`]. Overflows to `inf` when any `z` exceeds ≈ 88.72.
#[kernel(signature = "f4(f4[:])", parallel, nogil)]
pub fn esum_f32(z: &[f32]) -> f32 {
    sum(exp(z))
}

/// `f32` form of [`softmax_optimized()`]: not stable.
#[kernel(signature = "f4[:](f4[:])", parallel, nogil)]
pub fn softmax_optimized_f32(z: &[f32]) -> Vec<f32> {
    let num = exp(z);
    num / esum_f32(z)
}

/// `f32` form of [`softmax()`], stable.
#[kernel(signature = "f4[:](f4[:])", parallel, nogil)]
pub fn softmax_f32(z: &[f32]) -> Vec<f32> {
    let e = exp(z - max(z));
    e / sum(e)
}

/// `f32` form of [`log_softmax()`].
#[kernel(signature = "f4[:](f4[:])", parallel, nogil)]
pub fn log_softmax_f32(z: &[f32]) -> Vec<f32> {
    let m = max(z);
    z - m - log(sum(exp(z - m)))
}

/// `f32` form of [`logsumexp()`].
#[kernel(signature = "f4(f4[:])", parallel, nogil)]
pub fn logsumexp_f32(z: &[f32]) -> f32 {
    let m = max(z);
    m + log(sum(exp(z - m)))
}
