//! # kernelize
//!
//! Numba's `@jit` for Rust: write one function in a small NumPy-like language inside
//! ordinary Rust syntax, annotate it with `#[kernel]`, and get a scalar variant, SIMD
//! variants for several instruction sets and a rayon-parallel variant; the best one is
//! chosen at run time from the CPU's features and the input's size.
//!
//! ```
//! use kernelize::kernel;
//!
//! #[kernel(signature = "f8[:](f8[:])", parallel, nogil)]
//! pub fn softmax(z: &[f64]) -> Vec<f64> {
//!     let e = exp(z - max(z));
//!     e / sum(e)
//! }
//!
//! fn main() {
//!     let p = softmax(&[1.0, 2.0, 3.0]);
//!     assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
//!     assert!(p[2] > p[1] && p[1] > p[0]);
//! }
//! ```
//!
//! # What `#[kernel]` generates
//!
//! For `#[kernel] pub fn NAME(args) -> R`, beside the function (a function and a module
//! may share a name, so `use crate::NAME;` brings in both):
//!
//! | item | meaning |
//! | --- | --- |
//! | `NAME(args) -> R` | dispatching entry: the selected tier; the parallel variant from `parallel::THRESHOLD` (2^17) elements, and from `parallel::WARM_THRESHOLD` (2^15) while calls come back to back (kernels declared `parallel`) |
//! | `NAME::into(args, out: &mut [T])` | array results only: writes into `out`, no allocation |
//! | `NAME::into_with(variant, args, out) -> Result<(), Error>` | the same with one named variant, an `Err` instead of a panic |
//! | `NAME::scalar(args) -> R` | plain scalar loops, one thread |
//! | `NAME::simd(args) -> R` | the selected SIMD tier, one thread |
//! | `NAME::parallel(args) -> R` | rayon over SIMD chunks (only for kernels declared `parallel`) |
//! | `NAME::with(variant, args) -> Result<R, Error>` | one named [`Variant`]; an `Err` when this CPU lacks it (or the kernel is not `parallel`) or the arguments are invalid |
//! | `NAME::variants() -> Vec<Variant>` | every variant this CPU runs |
//! | `NAME::explain() -> &'static str` | the fused loop plan |
//! | `NAME::SIGNATURE` | the canonical Numba signature |
//!
//! The plain entry points panic with the [`Error`]'s message, which names the kernel and
//! the arguments: `axpy: `x` has 10 elements but `y` has 9`.
//!
//! ```
//! use kernelize::{kernel, Error, Variant};
//!
//! #[kernel]
//! pub fn axpy(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> {
//!     a * x + y
//! }
//!
//! fn main() {
//!     assert_eq!(axpy(2.0, &[1.0, 2.0], &[10.0, 20.0]), vec![12.0, 24.0]);
//!     for v in axpy::variants() {
//!         assert_eq!(axpy::with(v, 2.0, &[1.0], &[1.0]), Ok(vec![3.0]));
//!     }
//!     let err = axpy::with(Variant::Auto, 2.0, &[1.0; 10], &[1.0; 9]).unwrap_err();
//!     assert_eq!(err.to_string(), "axpy: `x` has 10 elements but `y` has 9");
//!     let mut out = [0.0; 2];
//!     axpy::into(1.0, &[1.0, 2.0], &[3.0, 4.0], &mut out);
//!     assert_eq!(out, [4.0, 6.0]);
//!     assert!(matches!(
//!         axpy::with(Variant::Parallel(kernelize::Tier::Scalar), 1.0, &[1.0], &[1.0]),
//!         Err(Error::VariantUnavailable { .. })
//!     ));
//! }
//! ```
//!
//! # The attribute
//!
//! `#[kernel(signature = "...", parallel, nogil, fastmath, cache)]`, every option
//! optional:
//!
//! - `signature`: a Numba signature string (`"f8[:](f8[:], f8)"`); without it the types
//!   come from the Rust fn; with it, it must agree with the Rust fn.
//! - `parallel`: also generate the rayon variant; the dispatcher uses it above a size
//!   threshold.
//! - `nogil`: accepted for Numba compatibility. Kernels never take a global lock and may
//!   be called from any number of threads at once.
//! - `fastmath`: a product added or subtracted (`a * b + c`, `c + a * b`, `a * b - c`,
//!   `c - a * b`) becomes one fused multiply-add: one rounding instead of two, so results
//!   may differ from the unfused ones in the last bit. Without it nothing is contracted
//!   that the user did not write (`x.mul_add(a, b)` is the explicit fused multiply-add).
//!   Reductions already run in their fixed multi-accumulator order (see below), the
//!   fastest one this design has, so `fastmath` does not reorder them.
//! - `cache`: accepted for Numba compatibility; kernels are compiled ahead of time.
//!
//! Arguments are scalars (`f64`, `f32`, integers) or arrays (`&[f32]`, `&[f64]`); the result
//! is a scalar or an array (`Vec<T>`). One kernel's arrays share one element type.
//!
//! # The body
//!
//! `let` statements, then a final expression (or `return expr;`). A `let` may carry a type,
//! which is checked: a scalar type (`f64`, `usize`, ...), `Vec<T>` or `&[T]`.
//!
//! ```
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn rms(x: &[f64]) -> f64 {
//!     let squares = x * x;
//!     let m: f64 = mean(squares);
//!     return sqrt(m);
//! }
//! # fn main() { assert_eq!(rms(&[3.0, 3.0]), 3.0); }
//! ```
//!
//! ## Values
//!
//! Float and integer literals (integers take the element type), arguments, `let` names,
//! and the constants `pi`, `inf`, `nan` (a `let` or an argument of that name shadows
//! them). Integer scalar arguments convert to the element type in arithmetic.
//!
//! ```
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn circle_areas(r: &[f64], n: i32) -> Vec<f64> {
//!     pi * r * r * n + 0
//! }
//! #[kernel]
//! pub fn shadow(x: f64) -> f64 {
//!     let pi = 3;
//!     x * pi
//! }
//! # fn main() {
//! assert_eq!(circle_areas(&[1.0], 2), vec![2.0 * std::f64::consts::PI]);
//! assert_eq!(shadow(2.0), 6.0);
//! # }
//! ```
//!
//! ## Arithmetic and broadcasting
//!
//! `+ - * /`, unary `-` and parentheses, elementwise, with NumPy broadcasting: scalars
//! combine with every element; arrays in one expression must have equal lengths (a
//! run-time error naming both otherwise). Every operation rounds as IEEE 754 does. An
//! array divided by a scalar (`e / sum(e)`) in a pass without a math function may be
//! computed from the scalar's reciprocal and a fused multiply-add correction, which gives
//! exactly the correctly rounded quotient a division gives: kernels do so at a tier and
//! element type where that measured faster than the CPU's division, timed once per
//! process (on Intel's AVX-512 cores about 3× faster for `f64`; see
//! `kernelize_runtime::math::Divisor` and `KERNELIZE_DIVISION`).
//!
//! ```
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn lerp(x: &[f32], y: &[f32], t: f32) -> Vec<f32> {
//!     -(t - 1.0) * x + t * y
//! }
//! # fn main() {
//! assert_eq!(lerp(&[0.0, 10.0], &[10.0, 20.0], 0.5), vec![5.0, 15.0]);
//! let e = std::panic::catch_unwind(|| lerp(&[0.0], &[1.0, 2.0], 0.5)).unwrap_err();
//! assert_eq!(e.downcast_ref::<String>().unwrap(), "lerp: `x` has 1 elements but `y` has 2");
//! # }
//! ```
//!
//! ## Comparisons and `select`
//!
//! `< <= > >= == !=` give masks, which `select(mask, a, b)` uses to choose elementwise
//! (NumPy's `where`, a keyword in Rust).
//!
//! ```
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn relu(x: &[f64]) -> Vec<f64> {
//!     select(x > 0.0, x, 0.0)
//! }
//! # fn main() { assert_eq!(relu(&[-1.0, 2.0]), vec![0.0, 2.0]); }
//! ```
//!
//! ## Elementwise math
//!
//! `exp exp2 expm1 log log2 log10 log1p sqrt abs sin cos tan tanh floor ceil` of one
//! value, `power(x, y)`, `maximum(x, y)`, `minimum(x, y)`, `clip(x, lo, hi)`; `log` is the
//! natural log and NaN propagates through `maximum`, `minimum` and `clip` as in NumPy. The
//! Rust method spellings mean the same: `x.exp()`, `x.ln()`, `x.exp_m1()`, `x.ln_1p()`,
//! `x.sqrt()`, `x.abs()`, `x.powf(y)`, `x.max(y)`, `x.min(y)`, `x.clamp(lo, hi)`, and
//! `x.mul_add(a, b)` (one rounding), `x.recip()`, `x.len()`.
//!
//! ```
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn softplus(x: &[f64]) -> Vec<f64> {
//!     maximum(x, 0.0) + log1p(exp(-abs(x)))
//! }
//! #[kernel]
//! pub fn same_with_methods(x: &[f64]) -> Vec<f64> {
//!     x.max(0.0) + (-x.abs()).exp().ln_1p()
//! }
//! # fn main() {
//! let x = [-2.0, 0.0, 3.0];
//! assert_eq!(softplus(&x), same_with_methods(&x));
//! assert!((softplus(&[0.0])[0] - 2f64.ln()).abs() < 1e-15);
//! assert!(softplus(&[f64::NAN])[0].is_nan());
//! # }
//! ```
//!
//! ## Reductions
//!
//! `sum prod max min mean argmax argmin` of one array, `dot(x, y)`, and `len(x)` (usable
//! in float arithmetic). NumPy's names: `max` reduces, `maximum` is elementwise. NaN
//! propagates through `max` and `min`, and `argmax`/`argmin` return the first NaN's index;
//! ties give the first index. `max min argmax argmin mean` of an empty array are errors
//! (NumPy's `ValueError`); `sum` of empty is 0 and `prod` 1.
//!
//! ```
//! # use kernelize::{kernel, Error, Variant};
//! #[kernel]
//! pub fn peak(x: &[f64]) -> usize {
//!     argmax(x)
//! }
//! #[kernel]
//! pub fn stats(x: &[f64], y: &[f64]) -> f64 {
//!     dot(x, y) + sum(x) * prod(y) + (max(x) - min(x)) * mean(y) / len(x)
//! }
//! # fn main() {
//! assert_eq!(peak(&[1.0, 5.0, 5.0, 2.0]), 1);
//! assert_eq!(peak(&[1.0, f64::NAN, 7.0]), 1);
//! assert_eq!(stats(&[1.0, 3.0], &[2.0, 2.0]), 8.0 + 4.0 * 4.0 + 2.0 * 2.0 / 2.0);
//! assert!(matches!(peak::with(Variant::Auto, &[]), Err(Error::EmptyReduction { .. })));
//! # }
//! ```
//!
//! Reductions run in a fixed order, the same in every variant at one tier and for every
//! thread count: the array is cut into chunks of `parallel::CHUNK` (2^14) elements;
//! inside a chunk vector `j` accumulates into accumulator `j % 4`; a sum cascades, each
//! accumulator restarting every 32 vectors and adding that block's partial into a
//! second-level accumulator (so no lane adds more than a few hundred terms in sequence,
//! even at one lane); the accumulators and then the lanes combine pairwise, and the
//! chunks' partials combine pairwise in chunk order. A sum of 10^8 elements is then accurate to about 1e-15 relative, and `simd` and
//! `parallel` at one tier give bit-identical results.
//!
//! ## Calls
//!
//! What a call does depends on its arguments and on what it calls:
//!
//! | call | what it does |
//! | --- | --- |
//! | any function, all arguments scalars (`half(a)`, `sigmoid(2.0)`, `esum` never) | an ordinary Rust call, evaluated once; its number becomes the element type (`as`); a function returning a `Vec` needs a typed `let` (`let r: Vec<f64> = ramp(n);`) and is then an array |
//! | a kernel whose arguments are all scalars of the element type, with an array (`sigmoid(x)`) | elementwise, like a NumPy ufunc: fused into the caller's loop at the caller's tier, nothing dispatched again |
//! | a kernel taking arrays (`esum(x)`, `softmax(x * 2.0)`, `axpy(a, x, axpy(b, x, y))`) | called once with whole arrays, at the caller's tier, before the loops that read its result; an array *expression* argument (a nested call included) is computed into a temporary first; its result is what it returns: an array read elementwise, or one value, a scalar in the caller (broadcast against arrays of any length); a scalar argument converts to the parameter's type with `as` |
//!
//! A call's argument count and kinds are checked against the callee's signature at
//! compile time (`sum(esum(x))` is refused, as `sum(2.0)` is); an error inside a called
//! kernel at run time names both kernels.
//!
//! ```
//! # use kernelize::kernel;
//! /// An ordinary Rust function.
//! pub fn half(a: f64) -> f64 {
//!     a / 2.0
//! }
//!
//! #[kernel]
//! pub fn sigmoid(x: f64) -> f64 {
//!     1.0 / (1.0 + exp(-x))
//! }
//!
//! #[kernel]
//! pub fn esum(z: &[f64]) -> f64 {
//!     sum(exp(z))
//! }
//!
//! #[kernel]
//! pub fn calls(x: &[f64], a: f64) -> Vec<f64> {
//!     let s = esum(x * 0.0);
//!     sigmoid(x) * half(a) + exp(x) / esum(x) - s / len(x)
//! }
//! # fn main() {
//! assert_eq!(sigmoid(0.0), 0.5);
//! let r = calls(&[0.0, 0.0], 4.0);
//! assert!((r[0] - (1.0 + 0.5 - 1.0)).abs() < 1e-15);
//! # }
//! ```
//!
//! A proc macro sees only its own item, so a caller asks: every kernel exports a
//! `macro_rules!` macro in its module (`NAME::__kernelize_info!`) that answers with its
//! signature, and a kernel calling another with arrays first expands to that question,
//! then, answered, to its code, knowing its callees exactly. The caller then calls
//! `NAME::__lanes` (a ufunc's body over any lane type) or `NAME::__whole` (the
//! whole-array computation at a given tier). A name that is one letter away from a
//! built-in (`expp`) is taken for a misspelling; call a kernel of yours with such a name
//! as `self::expp(x)`.
//!
//! # The plan
//!
//! Elementwise work between reductions fuses into one loop; reductions over the same
//! data at the same stage share one pass; an array bound by `let` and needed by several
//! passes is stored (into the output buffer where the result allows) or recomputed,
//! whichever the cost rule says is cheaper; `sum(exp(A - max(A)))` is computed in the
//! same pass as `max(A)` with a running maximum that rescales the partial sums (the
//! online normaliser of Milakov & Gimelshein, 2018). `NAME::explain()` prints the plan:
//!
//! ```
//! # use kernelize::kernel;
//! # #[kernel(parallel)]
//! # pub fn softmax(z: &[f64]) -> Vec<f64> {
//! #     let e = exp(z - max(z));
//! #     e / sum(e)
//! # }
//! # fn main() {
//! let plan = softmax::explain();
//! // Pass 1 reads `z` once for `max(z)` and, online, `sum(exp(z - max(z)))`;
//! // pass 2 reads `z` and writes the result: 2 reads and 1 write, no temporary.
//! assert!(plan.contains("2 pass(es) over memory"));
//! assert!(plan.contains("computed online"));
//! # }
//! ```
//!
//! # Not in the language
//!
//! Loops, `if`/`match`, assignment, closures, macros, indexing and methods not listed
//! above are compile errors that point at the construct and say what is supported.
//! Explicit `prange` loops come in a later version.
//!
//! ```compile_fail
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn nope(x: &[f64]) -> f64 {
//!     let mut s = 0.0;
//!     for v in x { s += v; }
//!     s
//! }
//! # fn main() {}
//! ```

pub use kernelize_macros::kernel;
pub use kernelize_runtime::{Backend, Error, Tier, Variant};

/// What generated code names. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use kernelize_macros::kernel_resolved;
    pub use kernelize_runtime::*;
}
