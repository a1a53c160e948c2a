//! Where the loop form (version-2 statements) stands against the array form (version-1
//! whole-array expressions) today, `f64`, at 2^16 and 10^7 elements, for four
//! computations:
//!
//! 1. `esum`: `sum(exp(x))`;
//! 2. `axpy`: `a * x + y` into an output buffer (`NAME::into_with` against a `void` kernel
//!    writing `out[i]`);
//! 3. `poly`: a clipped polynomial, `p = 1 + x * (0.5 + x * 0.25)` clipped to [-1, 1]
//!    (`select` against a value `if`), into an output buffer;
//! 4. `softmax`: the `softmax` crate's kernel (`softmax::softmax::into_with`) against three
//!    loops (max; exp, stored into `out` and summed; scale), into an output buffer;
//! 5. `escape`: the Mandelbrot set's escape-time loop (a `while` on a varying condition)
//!    over a 256 × 256 grid, the `prange` form on lanes against the `for` form one point at
//!    a time (no array form).
//!
//! Each has the array form, a `for` loop and a `prange` loop in a `parallel` kernel, run
//! through `NAME::with`/`into_with` at `Variant::Scalar`, `Variant::Simd(best tier)` and
//! `Variant::Parallel(best tier)` (the `for` kernels are not declared `parallel`: their
//! parallel variant would be their one-thread code). A `for` loop compiles to plain
//! in-order Rust, the same code in every variant (compiled for the tier's instruction set
//! in the SIMD variants); a `prange` body runs on SIMD lanes, its chunks on rayon in the
//! parallel variant.
//!
//! Beside them, plain-Rust references, the loop written as an ordinary Rust fn for rustc
//! and its autovectoriser:
//!
//! - `rust/baseline`: indexed as the kernel is (`out[i] = a * x[i] + y[i]`, `f64::exp`),
//!   compiled for the default target (x86-64: SSE2);
//! - `rust/<tier>`: the same fn inlined into the best tier's `#[target_feature]` frame
//!   (`dispatch::run_at`), where the SIMD variants run the loop kernels;
//! - `rust-sliced/<tier>`: the arrays first re-cut to `n` (`&out[..n]`), so the bounds
//!   checks leave the loop (what a checked index costs, where there is one).
//!
//! ```sh
//! cargo bench --bench loops_vs_arrays -- --quick
//! ```

// The references mirror the kernels' index loops on purpose.
#![allow(clippy::needless_range_loop)]

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use kernelize::__private::dispatch;
use kernelize::__private::simd::{Simd, WithSimd};
use kernelize::{Tier, Variant, kernel};
use softmax::reference::SplitMix64;
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 2] = [1 << 16, 10_000_000];

// ---------------------------------------------------------------------------------------
// 1. sum(exp(x))

#[kernel(signature = "f8(f8[:])", parallel)]
pub fn esum_array(x: &[f64]) -> f64 {
    sum(exp(x))
}

#[kernel(signature = "f8(f8[:])")]
pub fn esum_for(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..len(x) {
        s += exp(x[i]);
    }
    s
}

#[kernel(signature = "f8(f8[:])", parallel)]
pub fn esum_prange(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        s += exp(x[i]);
    }
    s
}

#[inline(always)]
fn esum_rust(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i].exp();
    }
    s
}

// ---------------------------------------------------------------------------------------
// 2. axpy into a buffer

#[kernel(signature = "f8[:](f8, f8[:], f8[:])", parallel)]
pub fn axpy_array(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> {
    a * x + y
}

#[kernel(signature = "void(f8, f8[:], f8[:], f8[:])")]
pub fn axpy_for(a: f64, x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in 0..len(x) {
        out[i] = a * x[i] + y[i];
    }
}

#[kernel(signature = "void(f8, f8[:], f8[:], f8[:])", parallel)]
pub fn axpy_prange(a: f64, x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        out[i] = a * x[i] + y[i];
    }
}

#[inline(always)]
fn axpy_rust(a: f64, x: &[f64], y: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        out[i] = a * x[i] + y[i];
    }
}

#[inline(always)]
fn axpy_rust_sliced(a: f64, x: &[f64], y: &[f64], out: &mut [f64]) {
    let n = x.len();
    let (y, out) = (&y[..n], &mut out[..n]);
    for i in 0..n {
        out[i] = a * x[i] + y[i];
    }
}

// ---------------------------------------------------------------------------------------
// 3. a clipped polynomial

#[kernel(signature = "f8[:](f8[:])", parallel)]
pub fn poly_array(x: &[f64]) -> Vec<f64> {
    let p = 1.0 + x * (0.5 + x * 0.25);
    select(p > 1.0, 1.0, select(p < -1.0, -1.0, p))
}

#[kernel(signature = "void(f8[:], f8[:])")]
pub fn poly_for(x: &[f64], out: &mut [f64]) {
    for i in 0..len(x) {
        let v = x[i];
        let p = 1.0 + v * (0.5 + v * 0.25);
        out[i] = if p > 1.0 {
            1.0
        } else if p < -1.0 {
            -1.0
        } else {
            p
        };
    }
}

#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn poly_prange(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        let v = x[i];
        let p = 1.0 + v * (0.5 + v * 0.25);
        out[i] = if p > 1.0 {
            1.0
        } else if p < -1.0 {
            -1.0
        } else {
            p
        };
    }
}

/// The kernels' body as Rust (not `clamp`: written as the kernels write it).
#[inline(always)]
#[allow(clippy::manual_clamp)]
fn poly_one(v: f64) -> f64 {
    let p = 1.0 + v * (0.5 + v * 0.25);
    if p > 1.0 {
        1.0
    } else if p < -1.0 {
        -1.0
    } else {
        p
    }
}

#[inline(always)]
fn poly_rust(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        out[i] = poly_one(x[i]);
    }
}

#[inline(always)]
fn poly_rust_sliced(x: &[f64], out: &mut [f64]) {
    let n = x.len();
    let out = &mut out[..n];
    for i in 0..n {
        out[i] = poly_one(x[i]);
    }
}

// ---------------------------------------------------------------------------------------
// 4. softmax: the array form is `softmax::softmax`

#[kernel(signature = "void(f8[:], f8[:])")]
pub fn softmax_for(z: &[f64], out: &mut [f64]) {
    let n = len(z);
    let mut m = -inf;
    for i in 0..n {
        m = max(m, z[i]);
    }
    let mut s = 0.0;
    for i in 0..n {
        let e = exp(z[i] - m);
        out[i] = e;
        s += e;
    }
    for i in 0..n {
        out[i] = out[i] / s;
    }
}

#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn softmax_prange(z: &[f64], out: &mut [f64]) {
    let n = len(z);
    let mut m = -inf;
    for i in prange(n) {
        m = max(m, z[i]);
    }
    let mut s = 0.0;
    for i in prange(n) {
        let e = exp(z[i] - m);
        out[i] = e;
        s += e;
    }
    for i in prange(n) {
        out[i] = out[i] / s;
    }
}

/// The loop kernel's three loops in plain Rust.
#[inline(always)]
fn softmax_rust(z: &[f64], out: &mut [f64]) {
    let n = z.len();
    let mut m = f64::NEG_INFINITY;
    for i in 0..n {
        // Python's `max(m, z[i])`, as the kernel's.
        if z[i] > m {
            m = z[i];
        }
    }
    let mut s = 0.0;
    for i in 0..n {
        let e = (z[i] - m).exp();
        out[i] = e;
        s += e;
    }
    for i in 0..n {
        out[i] /= s;
    }
}

#[inline(always)]
fn softmax_rust_sliced(z: &[f64], out: &mut [f64]) {
    let n = z.len();
    softmax_rust(z, &mut out[..n])
}

// ---------------------------------------------------------------------------------------

/// Runs a closure inside a tier's `#[target_feature]` frame, as the SIMD variants run a
/// loop kernel's `__core` (the closure is `#[inline(always)]`, so it is compiled there).
struct InFrame<F>(F);

impl<R, F: FnOnce() -> R> WithSimd for InFrame<F> {
    type Output = R;
    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) -> R {
        (self.0)()
    }
}

/// `f()` at `tier` (a closure attribute must sit in a tuple to be accepted on stable).
macro_rules! at_tier {
    ($tier:expr, $body:expr) => {{
        let (f,) = (
            #[inline(always)]
            || $body,
        );
        dispatch::run_at($tier, InFrame(f)).expect("the selected tier runs here")
    }};
}

/// The variants every form is timed at: scalar, the best SIMD tier on one thread, and the
/// parallel variant at that tier.
fn variants(tier: Tier) -> [Variant; 3] {
    [
        Variant::Scalar,
        Variant::Simd(tier),
        Variant::Parallel(tier),
    ]
}

/// The loop forms and the references must compute what the array form does (to rounding:
/// the `exp`s and the sums' orders differ: a sequential sum of 10^7 terms may be off by
/// ~1e-13 relative, and up to n·ε in theory), or their times mean nothing.
fn check_close(case: &str, form: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{case}/{form}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-10 * w.abs().max(f64::MIN_POSITIVE),
            "{case}/{form}: element {i} is {g}, the array form gives {w}"
        );
    }
}

/// A form's name and a call that fills an output buffer with its result.
type Filler<'a> = (&'static str, &'a dyn Fn(&mut [f64]));

fn group<'a>(c: &'a mut Criterion, name: &str, n: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(format!("{name}/{n}"));
    g.throughput(Throughput::Elements(n as u64));
    if n >= 1 << 20 {
        g.sample_size(10).measurement_time(Duration::from_secs(3));
    }
    g
}

fn bench_esum(c: &mut Criterion) {
    let tier = dispatch::selected_tier();
    for n in SIZES {
        let x = SplitMix64::new(42).uniform(n, 0.0, 10.0);
        let want = esum_array::with(Variant::Simd(tier), &x).unwrap();
        for (form, got) in [
            ("for", esum_for::with(Variant::Simd(tier), &x).unwrap()),
            (
                "prange",
                esum_prange::with(Variant::Parallel(tier), &x).unwrap(),
            ),
            ("rust", esum_rust(&x)),
        ] {
            check_close("esum", form, &[got], &[want]);
        }
        let mut g = group(c, "esum", n);
        for v in variants(tier) {
            if esum_array::with(v, &x).is_ok() {
                g.bench_function(format!("array/{v}"), |b| {
                    b.iter(|| esum_array::with(v, black_box(&x)).unwrap())
                });
            }
            if esum_for::with(v, &x).is_ok() {
                g.bench_function(format!("for/{v}"), |b| {
                    b.iter(|| esum_for::with(v, black_box(&x)).unwrap())
                });
            }
            if esum_prange::with(v, &x).is_ok() {
                g.bench_function(format!("prange/{v}"), |b| {
                    b.iter(|| esum_prange::with(v, black_box(&x)).unwrap())
                });
            }
        }
        g.bench_function("rust/baseline", |b| b.iter(|| esum_rust(black_box(&x))));
        g.bench_function(format!("rust/{tier}"), |b| {
            b.iter(|| at_tier!(tier, esum_rust(black_box(&x))))
        });
        g.finish();
    }
}

fn bench_axpy(c: &mut Criterion) {
    let tier = dispatch::selected_tier();
    let a = 1.5;
    for n in SIZES {
        let x = SplitMix64::new(1).uniform(n, -1.0, 1.0);
        let y = SplitMix64::new(2).uniform(n, -1.0, 1.0);
        let mut out = vec![0.0; n];
        let mut want = vec![0.0; n];
        axpy_array::into_with(Variant::Simd(tier), a, &x, &y, &mut want).unwrap();
        let runs: [Filler<'_>; 4] = [
            ("for", &|o| {
                axpy_for::with(Variant::Simd(tier), a, &x, &y, o).unwrap()
            }),
            ("prange", &|o| {
                axpy_prange::with(Variant::Parallel(tier), a, &x, &y, o).unwrap()
            }),
            ("rust", &|o| axpy_rust(a, &x, &y, o)),
            ("rust-sliced", &|o| axpy_rust_sliced(a, &x, &y, o)),
        ];
        for (form, run) in runs {
            out.fill(f64::NAN);
            run(&mut out);
            check_close("axpy", form, &out, &want);
        }
        let mut g = group(c, "axpy", n);
        for v in variants(tier) {
            if axpy_array::into_with(v, a, &x, &y, &mut out).is_ok() {
                g.bench_function(format!("array/{v}"), |b| {
                    b.iter(|| axpy_array::into_with(v, a, black_box(&x), &y, &mut out).unwrap())
                });
            }
            if axpy_for::with(v, a, &x, &y, &mut out).is_ok() {
                g.bench_function(format!("for/{v}"), |b| {
                    b.iter(|| axpy_for::with(v, a, black_box(&x), &y, &mut out).unwrap())
                });
            }
            if axpy_prange::with(v, a, &x, &y, &mut out).is_ok() {
                g.bench_function(format!("prange/{v}"), |b| {
                    b.iter(|| axpy_prange::with(v, a, black_box(&x), &y, &mut out).unwrap())
                });
            }
        }
        g.bench_function("rust/baseline", |b| {
            b.iter(|| axpy_rust(a, black_box(&x), &y, &mut out))
        });
        g.bench_function(format!("rust/{tier}"), |b| {
            b.iter(|| at_tier!(tier, axpy_rust(a, black_box(&x), &y, &mut out)))
        });
        g.bench_function(format!("rust-sliced/{tier}"), |b| {
            b.iter(|| at_tier!(tier, axpy_rust_sliced(a, black_box(&x), &y, &mut out)))
        });
        black_box(&out);
        g.finish();
    }
}

fn bench_poly(c: &mut Criterion) {
    let tier = dispatch::selected_tier();
    for n in SIZES {
        // p > 1 for x > 0: half the elements clipped, at random.
        let x = SplitMix64::new(3).uniform(n, -2.0, 2.0);
        let mut out = vec![0.0; n];
        let mut want = vec![0.0; n];
        poly_array::into_with(Variant::Simd(tier), &x, &mut want).unwrap();
        let runs: [Filler<'_>; 4] = [
            ("for", &|o| {
                poly_for::with(Variant::Simd(tier), &x, o).unwrap()
            }),
            ("prange", &|o| {
                poly_prange::with(Variant::Parallel(tier), &x, o).unwrap()
            }),
            ("rust", &|o| poly_rust(&x, o)),
            ("rust-sliced", &|o| poly_rust_sliced(&x, o)),
        ];
        for (form, run) in runs {
            out.fill(f64::NAN);
            run(&mut out);
            check_close("poly", form, &out, &want);
        }
        let mut g = group(c, "poly", n);
        for v in variants(tier) {
            if poly_array::into_with(v, &x, &mut out).is_ok() {
                g.bench_function(format!("array/{v}"), |b| {
                    b.iter(|| poly_array::into_with(v, black_box(&x), &mut out).unwrap())
                });
            }
            if poly_for::with(v, &x, &mut out).is_ok() {
                g.bench_function(format!("for/{v}"), |b| {
                    b.iter(|| poly_for::with(v, black_box(&x), &mut out).unwrap())
                });
            }
            if poly_prange::with(v, &x, &mut out).is_ok() {
                g.bench_function(format!("prange/{v}"), |b| {
                    b.iter(|| poly_prange::with(v, black_box(&x), &mut out).unwrap())
                });
            }
        }
        g.bench_function("rust/baseline", |b| {
            b.iter(|| poly_rust(black_box(&x), &mut out))
        });
        g.bench_function(format!("rust/{tier}"), |b| {
            b.iter(|| at_tier!(tier, poly_rust(black_box(&x), &mut out)))
        });
        g.bench_function(format!("rust-sliced/{tier}"), |b| {
            b.iter(|| at_tier!(tier, poly_rust_sliced(black_box(&x), &mut out)))
        });
        black_box(&out);
        g.finish();
    }
}

fn bench_softmax(c: &mut Criterion) {
    let tier = dispatch::selected_tier();
    for n in SIZES {
        let z = SplitMix64::new(42).uniform(n, 0.0, 10.0);
        let mut out = vec![0.0; n];
        let mut want = vec![0.0; n];
        softmax::softmax::into_with(Variant::Simd(tier), &z, &mut want).unwrap();
        let runs: [Filler<'_>; 4] = [
            ("for", &|o| {
                softmax_for::with(Variant::Simd(tier), &z, o).unwrap()
            }),
            ("prange", &|o| {
                softmax_prange::with(Variant::Parallel(tier), &z, o).unwrap()
            }),
            ("rust", &|o| softmax_rust(&z, o)),
            ("rust-sliced", &|o| softmax_rust_sliced(&z, o)),
        ];
        for (form, run) in runs {
            out.fill(f64::NAN);
            run(&mut out);
            check_close("softmax", form, &out, &want);
        }
        let mut g = group(c, "softmax", n);
        for v in variants(tier) {
            if softmax::softmax::into_with(v, &z, &mut out).is_ok() {
                g.bench_function(format!("array/{v}"), |b| {
                    b.iter(|| softmax::softmax::into_with(v, black_box(&z), &mut out).unwrap())
                });
            }
            if softmax_for::with(v, &z, &mut out).is_ok() {
                g.bench_function(format!("for/{v}"), |b| {
                    b.iter(|| softmax_for::with(v, black_box(&z), &mut out).unwrap())
                });
            }
            if softmax_prange::with(v, &z, &mut out).is_ok() {
                g.bench_function(format!("prange/{v}"), |b| {
                    b.iter(|| softmax_prange::with(v, black_box(&z), &mut out).unwrap())
                });
            }
        }
        g.bench_function("rust/baseline", |b| {
            b.iter(|| softmax_rust(black_box(&z), &mut out))
        });
        g.bench_function(format!("rust/{tier}"), |b| {
            b.iter(|| at_tier!(tier, softmax_rust(black_box(&z), &mut out)))
        });
        g.bench_function(format!("rust-sliced/{tier}"), |b| {
            b.iter(|| at_tier!(tier, softmax_rust_sliced(black_box(&z), &mut out)))
        });
        black_box(&out);
        g.finish();
    }
}

// ---------------------------------------------------------------------------------------
// 5. escape time (the Mandelbrot set's loop): a `while` on a varying condition, on lanes in
// the `prange` form, one point at a time in the `for` form

#[kernel(signature = "void(f8[:], f8[:], f8, f8[:])")]
pub fn escape_for(cr: &[f64], ci: &[f64], max_iter: f64, out: &mut [f64]) {
    for i in 0..len(cr) {
        let mut zr = 0.0;
        let mut zi = 0.0;
        let mut n = 0.0;
        while zr * zr + zi * zi <= 4.0 && n < max_iter {
            let t = zr * zr - zi * zi + cr[i];
            zi = 2.0 * zr * zi + ci[i];
            zr = t;
            n += 1.0;
        }
        out[i] = n;
    }
}

#[kernel(signature = "void(f8[:], f8[:], f8, f8[:])", parallel)]
pub fn escape_prange(cr: &[f64], ci: &[f64], max_iter: f64, out: &mut [f64]) {
    for i in prange(len(cr)) {
        let mut zr = 0.0;
        let mut zi = 0.0;
        let mut n = 0.0;
        while zr * zr + zi * zi <= 4.0 && n < max_iter {
            let t = zr * zr - zi * zi + cr[i];
            zi = 2.0 * zr * zi + ci[i];
            zr = t;
            n += 1.0;
        }
        out[i] = n;
    }
}

/// A 256 × 256 grid over [-2, 0.5] × [-1.25, 1.25], 256 iterations at most: the loop on
/// lanes against the same loop one point at a time (bit-identical results).
fn bench_escape(c: &mut Criterion) {
    let tier = dispatch::selected_tier();
    let side = 256;
    let n = side * side;
    let cr: Vec<f64> = (0..n)
        .map(|k| -2.0 + 2.5 * (k % side) as f64 / side as f64)
        .collect();
    let ci: Vec<f64> = (0..n)
        .map(|k| -1.25 + 2.5 * (k / side) as f64 / side as f64)
        .collect();
    let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
    escape_for::with(Variant::Simd(tier), &cr, &ci, 256.0, &mut a).unwrap();
    escape_prange::with(Variant::Simd(tier), &cr, &ci, 256.0, &mut b).unwrap();
    assert_eq!(
        a, b,
        "escape: the prange form must give the for form's counts"
    );
    let mut g = group(c, "escape", n);
    for v in variants(tier) {
        if escape_for::with(v, &cr, &ci, 256.0, &mut a).is_ok() {
            g.bench_function(format!("for/{v}"), |bch| {
                bch.iter(|| escape_for::with(v, black_box(&cr), &ci, 256.0, &mut a).unwrap())
            });
        }
        g.bench_function(format!("prange/{v}"), |bch| {
            bch.iter(|| escape_prange::with(v, black_box(&cr), &ci, 256.0, &mut b).unwrap())
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_esum,
    bench_axpy,
    bench_poly,
    bench_softmax,
    bench_escape
);
criterion_main!(benches);
