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
//! | `NAME::into(args, out: &mut [T])` | array results: writes into `out`, no allocation (a body with statements builds its local array, then copies it into `out`); for a tuple result with arrays, one buffer per array part and the scalar parts returned (see "Several results") |
//! | `NAME::into_with(variant, args, out) -> Result<(), Error>` | the same with one named variant, an `Err` instead of a panic |
//! | `NAME::scalar(args) -> R` | plain scalar loops, one thread |
//! | `NAME::simd(args) -> R` | the selected SIMD tier, one thread |
//! | `NAME::parallel(args) -> R` | rayon over SIMD chunks (only for kernels declared `parallel`) |
//! | `NAME::with(variant, args) -> Result<R, Error>` | one named [`Variant`]; an `Err` when this CPU lacks it (or the kernel is not `parallel`) or the arguments are invalid |
//! | `NAME::variants() -> Vec<Variant>` | every variant this CPU runs |
//! | `NAME::explain() -> &'static str` | the fused loop plan (for a body with statements, its loops) |
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
//! is a scalar or an array (`Vec<T>`). One kernel's arrays share one element type. A body
//! with statements may also take `&mut [f32]` and `&mut [f64]` arguments, which it writes
//! in place, return nothing (`void`), and mix `f32` and `f64` arrays (see "Loops and
//! statements").
//!
//! # The body
//!
//! A body is written in one of two ways: as array expressions, NumPy style, described
//! from here to "The plan", or as statements, loops over indices as in a Numba `@jit`
//! function, described in "Loops and statements" below. A body of array expressions is
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
//! (NumPy's `where`, a keyword in Rust). Masks combine elementwise with `&`, `|` and `!`
//! (NumPy's `&`, `|`, `~`): `select((x > lo) & !(x > hi), x, 0.0)`. `any(mask)` and
//! `all(mask)` are `bool`s (`any` of an empty array is `false`, `all` is `true`, as NumPy),
//! and `count_nonzero(mask)` counts the lanes set (a value of the element type).
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
//! # Loops and statements
//!
//! A body may also be written the way Numba users write `@jit` functions: loops over
//! indices, `if`, variables updated in place, results written into `&mut` arguments.
//!
//! ```
//! use kernelize::{kernel, Error, Variant};
//!
//! /// In place, no result (`void`): `np.clip(x, lo, hi, out=x)`.
//! #[kernel]
//! pub fn clip_in_place(x: &mut [f64], lo: f64, hi: f64) {
//!     for i in 0..x.len() {
//!         if x[i] < lo {
//!             x[i] = lo;
//!         } else if x[i] > hi {
//!             x[i] = hi;
//!         }
//!     }
//! }
//!
//! /// A running sum written into an output argument: `np.cumsum(x, out=out)`.
//! #[kernel(signature = "void(f8[:], f8[:])")]
//! pub fn cumsum(x: &[f64], out: &mut [f64]) {
//!     let mut s = 0.0;
//!     for i in 0..len(x) {
//!         s += x[i];
//!         out[i] = s;
//!     }
//! }
//!
//! /// A search that returns as soon as it finds.
//! #[kernel]
//! pub fn first_above(x: &[f64], t: f64) -> i64 {
//!     for i in 0..len(x) {
//!         if x[i] > t {
//!             return i as i64;
//!         }
//!     }
//!     -1
//! }
//!
//! /// `np.searchsorted(xs, v)` by bisection: a `while` loop.
//! #[kernel]
//! pub fn search_sorted(xs: &[f64], v: f64) -> usize {
//!     let mut lo: usize = 0;
//!     let mut hi = len(xs);
//!     while lo < hi {
//!         let mid = (lo + hi) / 2;
//!         if xs[mid] < v {
//!             lo = mid + 1;
//!         } else {
//!             hi = mid;
//!         }
//!     }
//!     lo
//! }
//!
//! /// A local array, returned: the exponentially weighted moving average.
//! #[kernel]
//! pub fn ewma(x: &[f64], alpha: f64) -> Vec<f64> {
//!     let n = len(x);
//!     let mut out = zeros(n);
//!     if n == 0 {
//!         return out;
//!     }
//!     out[0] = x[0];
//!     for i in 1..n {
//!         out[i] = alpha * x[i] + (1.0 - alpha) * out[i - 1];
//!     }
//!     out
//! }
//!
//! fn main() {
//!     let mut x = [-3.0, 0.5, 7.0];
//!     clip_in_place(&mut x, -1.0, 1.0);
//!     assert_eq!(x, [-1.0, 0.5, 1.0]);
//!
//!     let mut out = [0.0; 4];
//!     cumsum(&[1.0, 2.0, 3.0, 4.0], &mut out);
//!     assert_eq!(out, [1.0, 3.0, 6.0, 10.0]);
//!     // An output too short: `out[2]` does not exist.
//!     let err = cumsum::with(Variant::Auto, &[1.0; 3], &mut [0.0; 2]).unwrap_err();
//!     assert_eq!(err, Error::IndexOutOfBounds { kernel: "cumsum", array: "out", index: 2, len: 2 });
//!     assert_eq!(err.to_string(), "cumsum: index 2 is out of bounds for `out`, which has 2 elements");
//!
//!     assert_eq!(first_above(&[0.0, 5.0, 6.0], 4.0), 1);
//!     assert_eq!(first_above(&[0.0, 1.0], 4.0), -1);
//!     assert_eq!(search_sorted(&[1.0, 2.0, 2.0, 3.0], 2.0), 1);
//!     assert_eq!(ewma(&[1.0, 3.0], 0.5), vec![1.0, 2.0]);
//! }
//! ```
//!
//! ## Which body is which
//!
//! A body is compiled as statements if it contains any of `let mut`, an assignment (`=`,
//! `+=`, ...), `if`, `for`, `while`, `break`, `continue`, an index `x[i]` or a `return`
//! before its end, or if the kernel has a `&mut` argument or no result; otherwise it is
//! compiled as array expressions, fused into passes as "The plan" describes. The two mix:
//! in a body with statements, every expression that reads an array whole (`max(x)`,
//! `exp(x - m)`, `sum(e)`, `x[1..] - x[..n - 1]`, a call of another kernel with arrays)
//! is compiled as array expressions of its own (fused, on SIMD lanes at the kernel's
//! tier) and run where it is written; `explain()` lists them. A kernel with statements is called like any other
//! (`NAME(args)`, `NAME::with`, `NAME::into`, every variant), and an array-expression
//! kernel may call it with arrays, or with scalar arguments:
//!
//! ```
//! # use kernelize::kernel;
//! /// Statements: a loop.
//! #[kernel]
//! pub fn total(x: &[f64]) -> f64 {
//!     let mut s = 0.0;
//!     for i in 0..len(x) {
//!         s += x[i];
//!     }
//!     s
//! }
//!
//! /// Array expressions, calling it.
//! #[kernel]
//! pub fn centered(x: &[f64]) -> Vec<f64> {
//!     x - total(x) / len(x)
//! }
//!
//! /// Both in one body: array expressions for the reductions, a loop to normalise.
//! #[kernel]
//! pub fn softmax_in_steps(x: &[f64]) -> Vec<f64> {
//!     let m = max(x);
//!     let mut out = exp(x - m);
//!     let s = sum(out);
//!     for i in 0..len(out) {
//!         out[i] /= s;
//!     }
//!     out
//! }
//! # fn main() {
//! assert_eq!(centered(&[1.0, 3.0]), vec![-1.0, 1.0]);
//! let y = softmax_in_steps(&[0.0, 0.0]);
//! assert_eq!(y, vec![0.5, 0.5]);
//! assert!(softmax_in_steps::explain().contains("`max(x)`"));
//! # }
//! ```
//!
//! ## What a body with statements contains
//!
//! | construct | forms |
//! | --- | --- |
//! | variables | `let v = e;`, `let mut v = e;`, with an optional scalar type (`let mut k: usize = 0;`); Rust's scoping (a `let` inside a loop is gone after it) |
//! | assignment | `v = e;` (a `let mut` variable), `v += e;` and `-= *= /= %= &= \|= ^=`; an element of an array that may be written, `out[i] = e;`, `out[i] += e;` |
//! | arrays that may be written | `&mut [f32]`/`&mut [f64]` arguments and local arrays `zeros(n)`, `ones(n)`, `full(n, v)`, `empty(n)` (its elements are zero too); a local array holds the kernel's float type (its first float array's, else its result's, else `f64`) or `let a: Vec<f32> = zeros(n);`; `&[T]` arguments are read-only |
//! | `if` | `if c { .. } else if c2 { .. } else { .. }` as a statement, and as a value (`let y = if v > 0.0 { v } else { 0.0 };`, only the branch taken is evaluated); a condition is a `bool` |
//! | `for` | `for i in a..b`, `a..=b`, `(a..b).rev()`, `(a..b).step_by(k)`, `(a..b).step_by(k).rev()`, Python's `range(n)`, `range(a, b)`, `range(a, b, k)`; the index is a `usize`; the bounds are evaluated once, before the first iteration |
//! | `prange` | `for i in prange(n)`, `prange(a..b)`, `prange(a..=b)`: independent iterations (below) |
//! | `while` | `while c { .. }` |
//! | jumps | `break`, `continue` (the innermost loop, no labels); `return e;` anywhere but in a `prange`, `return;` in a `void` kernel; the body's last expression is its value |
//! | values | literals, `true`, `false`, `pi`, `inf`, `nan`, arguments, variables, `x[i]`, `len(x)`, `x.len()` |
//! | operators | `+ - * / %`, unary `-`, `< <= > >= == !=`, `&& \|\|` (short-circuit) and `!` on `bool`s (`!` on an integer flips its bits), `& \| ^` on integers and `bool`s, `as` casts between scalar types |
//! | array expressions | any array expression of the language (above) where a value or a `let` is expected: `let m = max(x);` (one value), `let e = exp(x - m);` (a local array), `return x - m;`; it reads the arrays and scalars in scope |
//! | views | `x[a..b]`, `x[a..]`, `x[..b]`, `x[a..=b]` in array expressions and as arguments of kernels (`sum(x[1..])`, `f(x[..k])`); `let v = x[a..b];` binds a copy; a view outside the array is `Error::ViewOutOfBounds` |
//! | loops over elements | `for v in x`, `for v in x.iter()` (`*v` reads it), `for (i, v) in x.iter().enumerate()`, `for (a, b) in x.iter().zip(y)` (up to the shorter) |
//! | more local arrays | `arange(n)`, `x.to_vec()`, `copy(x)`, `zeros_like(x)`, `ones_like(x)`, `empty_like(x)`, `full_like(x, v)` |
//! | several results | a Rust tuple result, `-> (Vec<f64>, f64, usize)`, each part a scalar or an array, returned as `(a, b, c)`; in a signature string Numba's `Tuple((f8[:], f8, uintp))(..)` or `UniTuple(f8, 2)(..)` |
//! | calls | kernels and Rust functions with scalar arguments, where the context gives the result's type (`out[i] = f(x[i]);`, `s += g(v);`, `let y: f64 = f(a);`); rustc checks the function's signature |
//! | calls that write | a kernel that writes a `&mut` array, called on its own: `f(x, out);` or `let s = f(x, out);` (its scalar or array result bound); it runs once at this kernel's tier, writing the arrays passed for its `&mut` parameters, which are named whole and writable here (`&mut` arguments or local arrays) and passed once; other array arguments may be views or array expressions; its errors name both kernels (`Error::InCall`). Not inside an expression, nor writing an outer array from a `prange` |
//! | functions of scalars | the elementwise math functions above (`exp(v)`, `v.ln()`, `sqrt(v)`, ...), `power(a, b)`, `a.powf(b)`, `a.powi(b)`, `maximum(a, b)`, `minimum(a, b)` (NumPy's), `max(a, b)`, `min(a, b)` (Python's), `a.max(b)`, `a.min(b)` (Rust's) |
//!
//! Scalars are `f32`, `f64`, integers and `bool`; arrays are `f32` and `f64`, and one
//! kernel's arrays may differ in type and length (nothing compares their lengths: an index
//! past the end is an error). A literal takes the type its use asks for (`0` beside a
//! `usize` is a `usize`; a `let` of an integer literal that nothing constrains is `i64`,
//! Numba's `int`); an integer mixed with a float converts to the float, as in NumPy; any
//! other mix (`usize` with `i64`, `f32` with `f64`) is a compile error that says which `as`
//! to write. An index is a `usize`. Give counters their type when they meet a loop index
//! (`let mut k: usize = 0;`).
//!
//! ## Several results
//!
//! A tuple result returns its parts together: `-> (Vec<f64>, f64)`, each part a scalar or
//! an array. `NAME::into` writes the array parts into buffers of the caller's instead
//! (no allocation of the result): it takes one `&mut [T]` per array part, after the
//! arguments, in the parts' order, named `out0`, `out1`, ... by the part's position in
//! the tuple (`out0_buffer` if an argument is already called `out0`), and returns the
//! tuple of the other parts, the scalars, in order: `(f64,)` for one, `()` for none.
//! `NAME::into_with(variant, args, buffers)` returns the same in an `Ok`. A buffer must
//! have its part's length: else `Error::OutputPartLength` naming the kernel, the buffer
//! and the part (a panic from `into`); buffers before it may have been written.
//!
//! ```
//! use kernelize::{kernel, Error, Variant};
//!
//! /// The running sum of `x`, and its total.
//! #[kernel(signature = "Tuple((f8[:], f8))(f8[:])")]
//! pub fn cumsum_total(x: &[f64]) -> (Vec<f64>, f64) {
//!     let mut sums = zeros(len(x));
//!     let mut s = 0.0;
//!     for i in 0..len(x) {
//!         s += x[i];
//!         sums[i] = s;
//!     }
//!     (sums, s)
//! }
//!
//! fn main() {
//!     let x = [1.0, 2.0, 3.5];
//!     assert_eq!(cumsum_total(&x), (vec![1.0, 3.0, 6.5], 6.5));
//!     let mut out0 = [0.0; 3];
//!     let (total,) = cumsum_total::into(&x, &mut out0);
//!     assert_eq!((out0, total), ([1.0, 3.0, 6.5], 6.5));
//!     for v in cumsum_total::variants() {
//!         assert_eq!(cumsum_total::into_with(v, &x, &mut out0), Ok((6.5,)));
//!     }
//!     let err = cumsum_total::into_with(Variant::Auto, &x, &mut [0.0; 2]).unwrap_err();
//!     assert_eq!(
//!         err.to_string(),
//!         "cumsum_total: the output buffer `out0` has 2 elements but part 0 of the result has 3"
//!     );
//!     assert!(matches!(err, Error::OutputPartLength { buffer: "out0", part: 0, .. }));
//! }
//! ```
//!
//! ## Calls that write
//!
//! A kernel that writes a `&mut` array is called on its own, as Numba code calls a
//! function that fills its `out` argument: `f(x, out);`, or `let s = f(x, out);` to keep
//! its result. What it writes is passed by name, a `&mut` argument or a local array.
//!
//! ```
//! use kernelize::{kernel, Error, Variant};
//!
//! #[kernel(signature = "void(f8[:], f8[:])")]
//! pub fn scale_into(x: &[f64], out: &mut [f64]) {
//!     for i in 0..len(x) {
//!         out[i] = 2.0 * x[i];
//!     }
//! }
//!
//! #[kernel(signature = "void(f8[:], f8[:])")]
//! pub fn four_times(x: &[f64], out: &mut [f64]) {
//!     let mut t = zeros(len(x));
//!     scale_into(x, t);
//!     scale_into(t, out);
//! }
//!
//! fn main() {
//!     let mut out = [0.0; 2];
//!     four_times(&[1.0, 2.5], &mut out);
//!     assert_eq!(out, [4.0, 10.0]);
//!     let err = four_times::with(Variant::Auto, &[1.0, 2.5], &mut [0.0; 1]).unwrap_err();
//!     assert_eq!(
//!         err.to_string(),
//!         "four_times, calling scale_into: index 1 is out of bounds for `out`, which has 1 elements"
//!     );
//!     assert!(matches!(err, Error::InCall { .. }));
//! }
//! ```
//!
//! ## What it computes
//!
//! - `for` and `while` run their iterations one after another, each operation as written:
//!   nothing is reordered, and nothing is contracted into a fused multiply-add (`fastmath`
//!   does not change a body with statements), so the arithmetic gives exactly the bits the
//!   same Rust code gives. The math functions are this crate's (the ones array kernels
//!   use), bit-identical in every variant; `sqrt`, `abs`, `floor`, `ceil` are exact.
//! - Every variant runs the same code for a body with statements outside `prange` loops
//!   (the SIMD variants compile it for their instruction set), so all variants give the
//!   same bits there. A `prange` body runs on SIMD lanes where it can (below): each lane
//!   computes what one iteration computes, so its stores are the same bits too; only its
//!   float reductions follow the tier's vector order.
//! - Integers: `+`, `-`, `*` and unary `-` wrap (two's complement, never a panic); `/`
//!   truncates toward zero and `%` takes the dividend's sign (Rust's, not Python's `//` and
//!   `%`); an integer division or remainder by zero is `Error::DivisionByZero` naming the
//!   expression. Float division by zero gives an infinity or NaN (IEEE). `as` is Rust's
//!   (a float converted to an integer truncates and saturates, NaN gives 0).
//! - `max(a, b)` and `min(a, b)` of two values follow Python (and Numba): `max(a, b)` is
//!   `b` if `b > a`, else `a`, so `max(nan, 1.0)` is NaN but `max(1.0, nan)` is 1.0.
//!   `maximum(a, b)` propagates NaN as NumPy does; `a.max(b)` ignores a NaN as Rust does.
//!   (`max(x)` of one array is the array reduction.)
//! - Every index is checked, reads and writes: an index past the end is
//!   `Error::IndexOutOfBounds` naming the array, the index and the length, from
//!   `NAME::with`, and the panic message of `NAME(args)`; nothing outside the array is
//!   read or written (writes before the error have happened). A `usize` cannot be
//!   negative: `x[i - 1]` at `i == 0` wraps to an index past the end, and `x[-1]` is not
//!   Python's last element but the same error. Guard with `&&`, which short-circuits:
//!   `i > 0 && x[i - 1] < x[i]`.
//! - A loop's step of 0 (`step_by(k)`, `range(a, b, k)`) is `Error::ZeroStep`.
//!
//! ```
//! # use kernelize::{kernel, Error, Variant};
//! #[kernel]
//! pub fn largest(x: &[f64]) -> f64 {
//!     let mut m = -inf;
//!     for i in 0..len(x) {
//!         m = max(m, x[i]); // Python's: a NaN second argument is not taken
//!     }
//!     m
//! }
//!
//! #[kernel]
//! pub fn mix(a: i64, b: i64) -> i64 {
//!     let mut r = a * 2; // wraps
//!     r += a / b; // truncates; b == 0 is an error
//!     r
//! }
//! # fn main() {
//! assert_eq!(largest(&[1.0, f64::NAN, 3.0]), 3.0);
//! assert_eq!(mix(-7, 2), -14 - 3);
//! assert_eq!(mix(i64::MAX, 1), -2 + i64::MAX);
//! assert_eq!(
//!     mix::with(Variant::Auto, 1, 0),
//!     Err(Error::DivisionByZero { kernel: "mix", expression: "a / b" })
//! );
//! # }
//! ```
//!
//! ## `prange`
//!
//! `for i in prange(n)` (Numba's `prange`) declares that the iterations are independent.
//! In the `parallel` variant of a kernel declared `parallel`, they are cut into chunks of
//! `parallel::CHUNK` (2^14) consecutive iterations and the chunks run on the caller's
//! rayon pool; in every other variant the same chunks run in order on the calling thread.
//! Because iterations may run on different threads at once, the body may touch what
//! outlives an iteration only in ways that cannot race, and the compiler checks this:
//!
//! - A scalar declared outside the loop is written only as a reduction: `s += e`,
//!   `s -= e`, `s *= e`, `s = max(s, e)`, `s = min(s, e)` (or `maximum`, `a.max(b)`, ...),
//!   `s |= e`, `s &= e` (or written out, `s = s + e`), one kind per variable; the body
//!   reads it nowhere else, since an iteration sees only part of the reduction.
//! - An array declared outside the loop is written only at the loop's own index
//!   (`out[i] = e`), and an array the loop writes is read only there too. Arrays the loop
//!   does not write are read anywhere (`x[i - 1]`).
//! - Or an array declared outside the loop is reduced into at any index (a histogram's
//!   `hist[k] += 1.0`, `hist[k] = max(hist[k], v)`, one kind per array) and not read or
//!   written otherwise: each chunk reduces into a private copy of it, starting from the
//!   identity, and the copies are combined into the array in chunk order.
//! - Variables and local arrays declared inside the body belong to one iteration.
//! - `break` and `return` are refused (one iteration cannot stop the others); `continue`
//!   ends its own iteration.
//!
//! Anything else is a compile error pointing at the access and at the loop.
//!
//! ### On SIMD lanes
//!
//! A `prange` body runs one vector of iterations at a time (as ISPC runs a program on
//! SIMD lanes) when it is made of what lanes compute: lets, assignments, reductions,
//! `if`s and inner `for` loops with bounds the same for every iteration, float values of
//! one type, `bool`s and `usize`s, loads at `i`, `i + c` or `i - c` (vector loads) or at
//! any other `usize` (`x[k[i] as usize]`, `x[n - 1 - i]`: gathers, lane by lane), stores
//! at `i`, a histogram's update at any index (`hist[k] += 1.0`: a scatter) and calls of
//! Rust functions and kernels with scalar arguments. Values that do not depend on `i` (an
//! argument, `len(x)`, an inner loop's index, a call whose arguments do not) are computed
//! once per vector; the others are vectors of the tier. An `if` on a value that depends
//! on `i` runs both branches under masks, skipping a branch no lane takes; a lane that
//! does not take a branch loads and stores nothing there, so `if i > 0 { x[i - 1] }` and
//! `i + 1 < n && x[i + 1] > 0.0` read only what one iteration at a time would. Each chunk
//! checks once that its accesses at `i ± c` are inside their arrays and then runs without
//! checks; a chunk with an access outside runs the checked code, which reports the index
//! as one iteration at a time would. A `while` on a value that depends on `i` runs until
//! every lane's condition fails, the finished lanes masked; the loop's own `continue`
//! masks its lanes for the rest of the body.
//!
//! Some work goes lane by lane, for the lanes the mask leaves active only, in lane order
//! (the iterations' order), each lane running what one iteration at a time runs:
//! - a `usize` that depends on `i` (a bin, `let k = ((x[i] - lo) / w) as usize;`, and its
//!   arithmetic, `min`, comparisons and casts);
//! - a call `f(x[i], a)` of a Rust function or of another kernel with scalar arguments:
//!   `f` is called once per active lane with that lane's values, so a function with side
//!   effects, or one that panics on a value only an inactive lane holds, is not called for
//!   the lanes that do not take the branch (a kernel called with scalars is an ordinary
//!   function to its caller, which cannot tell it from a Rust one);
//! - a histogram's update `hist[k] += e` (or `-=`, `*=`, `max`, `min`): each chunk updates
//!   a private copy of `hist` from the identity, lane after lane, so lanes of one vector
//!   with the same `k` each count, and the copies are added into `hist` in chunk order
//!   (in batches of 64 chunks, which bounds the copies alive at once). That is
//!   the order one iteration at a time keeps (each chunk's iterations in order), so the
//!   result is bit for bit the one-iteration-at-a-time result, float weights included, in
//!   every variant and at any thread count. An index outside `hist` in an active lane is
//!   the error naming the kernel, the array and the index.
//!
//! ```
//! # use kernelize::kernel;
//! /// The bin of a value, a plain Rust function.
//! fn bin(v: f64, lo: f64, width: f64) -> usize {
//!     ((v - lo) / width) as usize
//! }
//!
//! #[kernel(parallel)]
//! pub fn histogram(x: &[f64], lo: f64, hi: f64, bins: &mut [f64]) {
//!     let nb = len(bins);
//!     let width = (hi - lo) / nb as f64;
//!     for i in prange(len(x)) {
//!         if x[i] >= lo && x[i] < hi {
//!             let k: usize = bin(x[i], lo, width);
//!             bins[min(k, nb - 1)] += 1.0;
//!         }
//!     }
//! }
//! # fn main() {
//! let mut bins = [0.0; 2];
//! histogram(&[0.1, 0.6, 0.7, 0.99, -0.5, f64::NAN], 0.0, 1.0, &mut bins);
//! assert_eq!(bins, [1.0, 3.0]);
//! let plan = histogram::explain();
//! assert!(plan.contains("on SIMD lanes"));
//! assert!(plan.contains("calls (lane by lane, the active lanes in lane order): `bin(x[i], lo, width)`"));
//! assert!(plan.contains("scatters (lane by lane, in lane order, into the chunk's private copy)"));
//! # }
//! ```
//!
//! Anything else (integers other than `usize` that vary, such as `let k = x[i] as i64;`,
//! a local array, `break` or `continue` of an inner loop under a varying condition) runs
//! one iteration at a time, and `NAME::explain()` says which and why.
//!
//! ### Searches
//!
//! A `for` loop counted forwards by one whose body computes `let`s and then leaves under
//! an `if` (a `break` or a `return` in its branch, no `else`) is a search: every iteration
//! before the first whose condition holds only computes its `let`s. kernelize finds that
//! iteration a vector of iterations at a time (the `let`s and the condition on SIMD lanes,
//! as a `prange` body runs) and runs the loop as written from there, one iteration at a
//! time, so the result is exactly the in-order one. A vector the search cannot compute (an
//! index out of bounds in one of its lanes) is left to the in-order code, which reports
//! the error only if the loop gets there. `argmax` and `argmin` run this way too.
//!
//! ```
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn first_over(x: &[f64], t: f64) -> usize {
//!     let mut found = len(x);
//!     for i in 0..len(x) {
//!         let a = x[i] * x[i];
//!         if a > t {
//!             found = i;
//!             break;
//!         }
//!     }
//!     found
//! }
//! # fn main() {
//! assert_eq!(first_over(&[0.5, -1.0, 3.0, 4.0], 2.0), 2);
//! assert_eq!(first_over(&[0.5], 2.0), 1);
//! assert!(first_over::explain().contains("a search"));
//! # }
//! ```
//!
//! ### Reduction order
//!
//! A reduction's order is fixed by the iteration count and the tier, never by the number
//! of threads. On lanes it is the order of the array reductions (`sum(x)`): vector `j` of
//! a chunk adds into accumulator `j % 4`, sums in blocks, the accumulators and lanes
//! combined pairwise, the chunks' results pairwise in chunk order, so a `prange` sum of
//! `e` gives the bits of `sum(e)`; the result differs in the last bits between tiers with
//! different vector widths, as `sum` does. One iteration at a time, each chunk reduces its
//! iterations in order from the identity (0 for a sum, 1 for a product, -∞ for a `max`,
//! ...) and the chunks' results are combined one after another in chunk order, into the
//! value the variable had before the loop. Either way a `prange` reduction gives the same
//! bits in the `simd` and `parallel` variants of a tier at any thread count; it may differ
//! in the last bits from the same `for` loop, which adds in one sequence.
//!
//! ```
//! # use kernelize::{kernel, Variant};
//! #[kernel(parallel)]
//! pub fn sum_squares(x: &[f64]) -> f64 {
//!     let mut s = 0.0;
//!     for i in prange(len(x)) {
//!         s += x[i] * x[i];
//!     }
//!     s
//! }
//!
//! /// The lasso's soft threshold: each iteration writes its own element.
//! #[kernel(parallel)]
//! pub fn soft_threshold(x: &[f64], lam: f64) -> Vec<f64> {
//!     let n = len(x);
//!     let mut out = empty(n);
//!     for i in prange(n) {
//!         let v = x[i];
//!         out[i] = if v > lam { v - lam } else if v < -lam { v + lam } else { 0.0 };
//!     }
//!     out
//! }
//! /// The same sum as an array expression.
//! #[kernel(parallel)]
//! pub fn sum_squares_array(x: &[f64]) -> f64 {
//!     sum(x * x)
//! }
//! # fn main() {
//! let x: Vec<f64> = (0..100_000).map(|i| (i as f64 * 0.01).sin()).collect();
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
//! for v in sum_squares::variants() {
//!     let bits = sum_squares::with(v, &x).unwrap().to_bits();
//!     // The array form's bits, on any number of threads.
//!     assert_eq!(sum_squares_array::with(v, &x).unwrap().to_bits(), bits);
//!     assert_eq!(pool.install(|| sum_squares::with(v, &x)).unwrap().to_bits(), bits);
//! }
//! assert_eq!(soft_threshold(&[-3.0, 0.5, 2.0], 1.0), vec![-2.0, 0.0, 1.0]);
//! assert!(sum_squares::explain().contains("on SIMD lanes"));
//! assert!(sum_squares::explain().contains("reduces `s` (sum)"));
//! # }
//! ```
//!
//! `NAME::explain()` lists a body's loops, one line each, nested as written: how each
//! runs (for a `prange` on lanes, which `if`s and `while`s run under masks, which loads
//! are gathers, and which integers, calls and scatters go lane by lane; otherwise why it
//! is not on lanes) and what a `prange` reduces.
//!
//! ```compile_fail
//! # use kernelize::kernel;
//! // Iteration `i` reads `out[i - 1]`, which iteration `i - 1` writes: refused.
//! #[kernel(parallel)]
//! pub fn prefix(x: &[f64], out: &mut [f64]) {
//!     for i in prange(1..len(x)) {
//!         out[i] = out[i - 1] + x[i];
//!     }
//! }
//! # fn main() {}
//! ```
//!
//! ## Not supported yet
//!
//! In a body with statements, these are compile errors that say so:
//!
//! - arrays of integers or `bool`s;
//! - writing an array expression into an existing array (`out[a..b] = e`, `x -= max(x)`):
//!   loop over the elements;
//! - a call of a Rust function whose result's type nothing gives (`f(a)` alone in a
//!   comparison): bind it with a typed `let`.
//!
//! `for` and `while` loops run one iteration at a time (a `prange` inside them on lanes
//! where it can); a `prange` body with an integer other than `usize` that varies runs one
//! iteration at a time too.
//!
//! # Not in the language
//!
//! `match`, `loop` (write `while`), loop labels, `if let`, closures, macros, items inside
//! the body, and functions and methods not listed above are compile errors that point at
//! the construct and say what is supported.
//!
//! ```compile_fail
//! # use kernelize::kernel;
//! #[kernel]
//! pub fn nope(x: &[f64]) -> f64 {
//!     let mut s = 0.0;
//!     for v in x {
//!         match v { _ => s += v }
//!     }
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
