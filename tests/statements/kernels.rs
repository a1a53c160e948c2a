//! Version 2 statements: `let mut`, assignment, `if`, `for`/`while`/`prange` loops,
//! `break`/`continue`/`return`, indexing, in-place outputs and local arrays, each kernel a
//! port of the kind of program Numba users write, checked against a plain-Rust reference
//! that runs the same operations in the same order, in EVERY variant this machine runs.
//!
//! Tolerances (see `harness`): a `for`/`while` loop gives exactly what Rust gives, so every
//! kernel without a math-library call is bit-exact (`rel = abs = 0`; `close` treats two
//! NaNs as equal and `0.0 == -0.0`); a math call (`exp`, `log`) costs the `MATH64` budget;
//! a `prange` scalar reduction combines in the fixed blocked order, so a `prange` sum gets
//! `sum_tol`, a `prange` max is exact (max is exact in any order, no NaN in its input).
//! Kernels quadratic in `n` run on the lengths up to `QUADRATIC_MAX`.

// The references mirror the kernels' index loops on purpose (same operations, same order).
#![allow(clippy::needless_range_loop)]

use kernelize::{Error, Variant, kernel};

use super::harness::*;

const U64: f64 = f64::EPSILON / 2.0;
const U32: f64 = f32::EPSILON as f64 / 2.0;
/// One math-library call against the reference's libm: ≤ 2 ULP + ≤ 1 ULP, and one ULP is
/// at most `2u` relative, so `6u`; subnormal results get 3 ULP of the smallest subnormal.
const MATH64: (f64, f64) = (6.0 * U64, 3.0 * 5e-324);

/// The longest input a kernel quadratic in its length sees (sorts, pairwise sums).
const QUADRATIC_MAX: usize = 1000;

/// Runs `check` on every case, in every variant of the kernel.
fn each<T: Float>(
    seed: u64,
    arrays: usize,
    d: Domain,
    variants: Vec<Variant>,
    mut check: impl FnMut(Variant, &Case<T>),
) {
    let cases = cases::<T>(seed, arrays, d);
    for v in variants {
        for case in &cases {
            check(v, case);
        }
    }
}

/// [`each`] on the cases no longer than `max_len`.
fn each_upto<T: Float>(
    max_len: usize,
    seed: u64,
    arrays: usize,
    d: Domain,
    variants: Vec<Variant>,
    mut check: impl FnMut(Variant, &Case<T>),
) {
    each::<T>(seed, arrays, d, variants, |v, c| {
        if c.len() <= max_len {
            check(v, c);
        }
    });
}

const fn plain(lo: f64, hi: f64) -> Domain {
    Domain {
        lo,
        hi,
        specials: false,
    }
}

/// Bit-exact expectations (`close` with `rel = abs = 0`).
fn exact(want: &[f64]) -> Vec<(f64, f64, f64)> {
    want.iter().map(|&w| (w, 0.0, 0.0)).collect()
}

fn exact32(want: &[f32]) -> Vec<(f64, f64, f64)> {
    want.iter().map(|&w| (f64::from(w), 0.0, 0.0)).collect()
}

/// An output buffer filled with a value no kernel writes, to see which elements it wrote.
const SENTINEL: f64 = 12345.0;

// ---------------------------------------------------------------------------------------
// Running sums and in-place updates: sequential, so exact.

/// `np.cumsum(x, out=out)` as a loop: a loop-carried scalar written to an output argument.
#[kernel(signature = "void(f8[:], f8[:])")]
pub fn cumsum(x: &[f64], out: &mut [f64]) {
    let mut s = 0.0;
    for i in 0..len(x) {
        s += x[i];
        out[i] = s;
    }
}

fn cumsum_ref(x: &[f64]) -> Vec<f64> {
    let mut s = 0.0;
    x.iter()
        .map(|v| {
            s += v;
            s
        })
        .collect()
}

#[test]
fn cumsum_is_exact() {
    each::<f64>(101, 1, domain(-1e3, 1e3), cumsum::variants(), |v, c| {
        let mut out = vec![SENTINEL; c.len()];
        cumsum::with(v, c.arr(0), &mut out).unwrap();
        check_array("cumsum", v, c, &out, &exact(&cumsum_ref(c.arr(0))));
    });
    let mut out = [0.0; 4];
    cumsum(&[1.0, 2.0, 3.0, 4.0], &mut out);
    assert_eq!(out, [1.0, 3.0, 6.0, 10.0]);
}

#[kernel(signature = "void(f4[:], f4[:])")]
pub fn cumsum_f32(x: &[f32], out: &mut [f32]) {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i];
        out[i] = s;
    }
}

#[test]
fn cumsum_f32_is_exact() {
    each::<f32>(102, 1, domain(-1e3, 1e3), cumsum_f32::variants(), |v, c| {
        let mut out = vec![SENTINEL as f32; c.len()];
        cumsum_f32::with(v, c.arr(0), &mut out).unwrap();
        let mut s = 0.0f32;
        let want: Vec<f32> = c
            .arr(0)
            .iter()
            .map(|x| {
                s += x;
                s
            })
            .collect();
        check_array("cumsum_f32", v, c, &out, &exact32(&want));
    });
}

/// The expanding mean: a local array returned as `Vec<f64>`, the index cast to `f64`.
#[kernel]
pub fn running_mean(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut out = zeros(n);
    let mut s = 0.0;
    for i in 0..n {
        s += x[i];
        out[i] = s / (i + 1) as f64;
    }
    out
}

#[test]
fn running_mean_is_exact() {
    each::<f64>(
        103,
        1,
        domain(-10.0, 10.0),
        running_mean::variants(),
        |v, c| {
            let got = running_mean::with(v, c.arr(0)).unwrap();
            let x = c.arr(0);
            let mut s = 0.0;
            let want: Vec<f64> = (0..x.len())
                .map(|i| {
                    s += x[i];
                    s / (i + 1) as f64
                })
                .collect();
            check_array("running_mean", v, c, &got, &exact(&want));
        },
    );
}

/// In place on a `&mut` argument: `x[i] *= a`.
#[kernel(signature = "void(f8[:], f8)")]
pub fn scale_in_place(x: &mut [f64], a: f64) {
    for i in 0..len(x) {
        x[i] *= a;
    }
}

#[test]
fn scale_in_place_is_exact() {
    each::<f64>(
        104,
        1,
        domain(-1e3, 1e3),
        scale_in_place::variants(),
        |v, c| {
            for a in [-2.5, 0.0, 1e-300] {
                let mut x = c.arr(0).to_vec();
                scale_in_place::with(v, &mut x, a).unwrap();
                let want: Vec<f64> = c.arr(0).iter().map(|x| x * a).collect();
                check_array("scale_in_place", v, c, &x, &exact(&want));
            }
        },
    );
    let mut x = [1.0, -2.0];
    scale_in_place(&mut x, 3.0);
    assert_eq!(x, [3.0, -6.0]);
}

/// Standardise in place in `f32`: `-=` then `/=` on the same element.
#[kernel(signature = "void(f4[:], f4, f4)")]
pub fn center_scale_f32(x: &mut [f32], mu: f32, sd: f32) {
    for i in 0..len(x) {
        x[i] -= mu;
        x[i] /= sd;
    }
}

#[test]
fn center_scale_f32_is_exact() {
    each::<f32>(
        105,
        1,
        domain(-50.0, 50.0),
        center_scale_f32::variants(),
        |v, c| {
            let (mu, sd) = (1.25f32, 3.0f32);
            let mut x = c.arr(0).to_vec();
            center_scale_f32::with(v, &mut x, mu, sd).unwrap();
            let want: Vec<f32> = c.arr(0).iter().map(|x| (x - mu) / sd).collect();
            check_array("center_scale_f32", v, c, &x, &exact32(&want));
        },
    );
}

/// The exponentially weighted moving average (pandas' `ewm(adjust=False)`): `empty(n)`,
/// an early `return` of the local array, and a read of the element written one iteration
/// before.
#[kernel]
pub fn ewma(x: &[f64], alpha: f64) -> Vec<f64> {
    let n = len(x);
    let mut out = empty(n);
    if n == 0 {
        return out;
    }
    out[0] = x[0];
    for i in 1..n {
        out[i] = alpha * x[i] + (1.0 - alpha) * out[i - 1];
    }
    out
}

fn ewma_ref(x: &[f64], alpha: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len());
    for i in 0..x.len() {
        let y = if i == 0 {
            x[0]
        } else {
            alpha * x[i] + (1.0 - alpha) * out[i - 1]
        };
        out.push(y);
    }
    out
}

#[test]
fn ewma_is_exact() {
    each::<f64>(106, 1, domain(-100.0, 100.0), ewma::variants(), |v, c| {
        for alpha in [0.1, 0.75] {
            let got = ewma::with(v, c.arr(0), alpha).unwrap();
            check_array("ewma", v, c, &got, &exact(&ewma_ref(c.arr(0), alpha)));
        }
    });
}

// ---------------------------------------------------------------------------------------
// Branches: exact.

/// `np.clip(x, lo, hi, out=out)` with `if` / `else if` / `else` statements; NaN fails both
/// comparisons and is copied, infinities clip.
#[kernel(signature = "void(f8[:], f8, f8, f8[:])")]
pub fn clip_into(x: &[f64], lo: f64, hi: f64, out: &mut [f64]) {
    for i in 0..len(x) {
        if x[i] < lo {
            out[i] = lo;
        } else if x[i] > hi {
            out[i] = hi;
        } else {
            out[i] = x[i];
        }
    }
}

#[test]
fn clip_into_is_exact() {
    each::<f64>(107, 1, domain(-2.0, 2.0), clip_into::variants(), |v, c| {
        let (lo, hi) = (-1.0, 0.5);
        let mut out = vec![SENTINEL; c.len()];
        clip_into::with(v, c.arr(0), lo, hi, &mut out).unwrap();
        let want: Vec<f64> = c
            .arr(0)
            .iter()
            .map(|&x| {
                if x < lo {
                    lo
                } else if x > hi {
                    hi
                } else {
                    x
                }
            })
            .collect();
        check_array("clip_into", v, c, &out, &exact(&want));
    });
}

/// The lasso's soft-thresholding operator: an `if`/`else if`/`else` expression assigned to
/// `out[i]` in a `prange` loop (a varying condition: masks on lanes).
#[kernel(parallel)]
pub fn soft_threshold(x: &[f64], lam: f64) -> Vec<f64> {
    let n = len(x);
    let mut out = empty(n);
    for i in prange(n) {
        let v = x[i];
        out[i] = if v > lam {
            v - lam
        } else if v < -lam {
            v + lam
        } else {
            0.0
        };
    }
    out
}

#[test]
fn soft_threshold_is_exact() {
    each::<f64>(
        108,
        1,
        domain(-3.0, 3.0),
        soft_threshold::variants(),
        |v, c| {
            let lam = 1.0;
            let got = soft_threshold::with(v, c.arr(0), lam).unwrap();
            let want: Vec<f64> = c
                .arr(0)
                .iter()
                .map(|&v| {
                    if v > lam {
                        v - lam
                    } else if v < -lam {
                        v + lam
                    } else {
                        0.0
                    }
                })
                .collect();
            check_array("soft_threshold", v, c, &got, &exact(&want));
        },
    );
}

/// Rounding toward zero to one decimal through `as`: float to `i64` truncates, saturates
/// (±inf, ±1e300) and gives 0 for NaN, as Rust's `as`; then back to `f64`.
#[kernel(signature = "void(f8[:], f8[:])")]
pub fn quantize_into(x: &[f64], out: &mut [f64]) {
    for i in 0..len(x) {
        let q = (x[i] * 10.0) as i64;
        out[i] = q as f64 / 10.0;
    }
}

#[test]
fn quantize_into_is_exact() {
    each::<f64>(
        109,
        1,
        domain(-1e3, 1e3),
        quantize_into::variants(),
        |v, c| {
            let mut out = vec![SENTINEL; c.len()];
            quantize_into::with(v, c.arr(0), &mut out).unwrap();
            let want: Vec<f64> = c
                .arr(0)
                .iter()
                .map(|&x| ((x * 10.0) as i64) as f64 / 10.0)
                .collect();
            check_array("quantize_into", v, c, &out, &exact(&want));
        },
    );
    let mut out = [0.0; 5];
    quantize_into(&[0.26, -0.26, f64::NAN, f64::INFINITY, -1e300], &mut out);
    assert_eq!(
        out,
        [
            0.2,
            -0.2,
            0.0,
            i64::MAX as f64 / 10.0,
            i64::MIN as f64 / 10.0
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Searches: early `return`, `break`, `continue`, short-circuit guards. Exact (integers).

/// The first index of the maximum, by loop (NaN never compares greater, so it is skipped;
/// an empty or all-NaN array gives 0).
#[kernel]
pub fn argmax_loop(x: &[f64]) -> usize {
    let mut best: usize = 0;
    let mut m = -inf;
    for i in 0..len(x) {
        if x[i] > m {
            m = x[i];
            best = i;
        }
    }
    best
}

fn argmax_ref<T: PartialOrd + Copy>(x: &[T], minus_inf: T) -> usize {
    let mut best = 0;
    let mut m = minus_inf;
    for (i, &v) in x.iter().enumerate() {
        if v > m {
            m = v;
            best = i;
        }
    }
    best
}

#[test]
fn argmax_loop_gives_the_first_maximum() {
    // Quantised values make ties, so "first" is tested.
    each::<f64>(
        110,
        1,
        domain(-4.0, 4.0),
        argmax_loop::variants(),
        |v, c| {
            let x: Vec<f64> = c.arr(0).iter().map(|x| x.floor()).collect();
            let got = argmax_loop::with(v, &x).unwrap();
            let want = argmax_ref(&x, f64::NEG_INFINITY);
            assert_eq!(got, want, "argmax_loop [{v}] {}", c.what);
        },
    );
    assert_eq!(argmax_loop(&[1.0, 3.0, f64::NAN, 3.0, 2.0]), 1);
    assert_eq!(argmax_loop(&[f64::NAN, f64::NEG_INFINITY]), 0);
}

#[kernel]
pub fn argmax_f32(x: &[f32]) -> usize {
    let mut best: usize = 0;
    let mut m = -inf;
    for i in 0..len(x) {
        if x[i] > m {
            m = x[i];
            best = i;
        }
    }
    best
}

#[test]
fn argmax_f32_gives_the_first_maximum() {
    each::<f32>(111, 1, domain(-4.0, 4.0), argmax_f32::variants(), |v, c| {
        let x: Vec<f32> = c.arr(0).iter().map(|x| x.floor()).collect();
        let got = argmax_f32::with(v, &x).unwrap();
        assert_eq!(
            got,
            argmax_ref(&x, f32::NEG_INFINITY),
            "argmax_f32 [{v}] {}",
            c.what
        );
    });
}

/// The first index above a threshold with an early `return`, -1 when none is.
#[kernel(signature = "i8(f8[:], f8)")]
pub fn first_above(x: &[f64], t: f64) -> i64 {
    for i in 0..len(x) {
        if x[i] > t {
            return i as i64;
        }
    }
    -1
}

#[test]
fn first_above_returns_early_or_minus_one() {
    each::<f64>(
        112,
        1,
        domain(-1.0, 1.0),
        first_above::variants(),
        |v, c| {
            for t in [0.999, 2.0, f64::NEG_INFINITY, f64::INFINITY] {
                let got = first_above::with(v, c.arr(0), t).unwrap();
                let want = c
                    .arr(0)
                    .iter()
                    .position(|&x| x > t)
                    .map_or(-1, |i| i as i64);
                assert_eq!(got, want, "first_above [{v}] {} t = {t}", c.what);
            }
        },
    );
    assert_eq!(first_above(&[0.0, 5.0, 6.0], 4.0), 1);
    assert_eq!(first_above(&[0.0, 1.0], 4.0), -1);
}

/// How many items fit a budget, in order: `break` at the first that does not.
#[kernel]
pub fn prefix_within_budget(cost: &[f64], budget: f64) -> usize {
    let mut spent = 0.0;
    let mut k: usize = 0;
    for i in 0..len(cost) {
        if spent + cost[i] > budget {
            break;
        }
        spent += cost[i];
        k = i + 1;
    }
    k
}

fn prefix_within_budget_ref(cost: &[f64], budget: f64) -> usize {
    let mut spent = 0.0;
    let mut k = 0;
    for (i, &c) in cost.iter().enumerate() {
        if spent + c > budget {
            break;
        }
        spent += c;
        k = i + 1;
    }
    k
}

#[test]
fn prefix_within_budget_breaks_at_the_first_overrun() {
    each::<f64>(
        113,
        1,
        plain(0.0, 1.0),
        prefix_within_budget::variants(),
        |v, c| {
            let n = c.len() as f64;
            for budget in [0.0, 3.0, n / 4.0, n, f64::INFINITY] {
                let got = prefix_within_budget::with(v, c.arr(0), budget).unwrap();
                let want = prefix_within_budget_ref(c.arr(0), budget);
                assert_eq!(got, want, "prefix_within_budget [{v}] {} {budget}", c.what);
            }
        },
    );
    assert_eq!(prefix_within_budget(&[1.0, 1.0, 1.0], 2.5), 2);
}

/// The first index whose computed value passes a threshold, with a `break` (a search: its
/// iterations before the hit are found a vector at a time on lanes); `len(x)` if none.
#[kernel]
pub fn first_peak(x: &[f64], t: f64) -> usize {
    let mut found = len(x);
    for i in 0..len(x) {
        let a = x[i] * x[i] - 0.5 * x[i];
        if a > t {
            found = i;
            break;
        }
    }
    found
}

#[test]
fn first_peak_stops_at_the_first_hit() {
    assert!(
        first_peak::explain().contains("a search"),
        "{}",
        first_peak::explain()
    );
    each::<f64>(116, 1, domain(-2.0, 2.0), first_peak::variants(), |v, c| {
        for t in [0.5, 2.9, f64::NEG_INFINITY, f64::INFINITY, f64::NAN] {
            let got = first_peak::with(v, c.arr(0), t).unwrap();
            let want = (c.arr(0).iter())
                .position(|&x| x * x - 0.5 * x > t)
                .unwrap_or(c.len());
            assert_eq!(got, want, "first_peak [{v}] {} t = {t}", c.what);
        }
    });
}

/// A search whose range runs past the end of `x`: the in-order result is the first hit
/// if one comes before `len(x)`, else the error at index `len(x)`. The guard computes
/// whole vectors, so it meets the out-of-bounds lanes beside an earlier hit; it must not
/// raise their error.
#[kernel]
pub fn overrunning_search(x: &[f64], t: f64) -> usize {
    let mut found: usize = 0;
    for i in 0..len(x) + 5 {
        if x[i] > t {
            found = i;
            break;
        }
    }
    found
}

#[test]
fn a_search_past_the_end_fails_only_where_the_loop_gets_there() {
    each::<f64>(
        117,
        1,
        domain(-1.0, 1.0),
        overrunning_search::variants(),
        |v, c| {
            let n = c.len();
            for t in [0.9, 0.99, 2.0] {
                let got = overrunning_search::with(v, c.arr(0), t);
                let want = match c.arr(0).iter().position(|&x| x > t) {
                    Some(i) => Ok(i),
                    None => Err(Error::IndexOutOfBounds {
                        kernel: "overrunning_search",
                        array: "x",
                        index: n,
                        len: n,
                    }),
                };
                assert_eq!(got, want, "overrunning_search [{v}] {} t = {t}", c.what);
            }
        },
    );
    // The hit in the last element, the end of `x` in the same vector as it.
    let x = [0.0, 0.0, 0.0, 5.0];
    for v in overrunning_search::variants() {
        assert_eq!(overrunning_search::with(v, &x, 1.0), Ok(3), "[{v}]");
    }
}

/// Leading positive run: `i < n && x[i] > 0.0` must short-circuit, or the last test
/// reads `x[n]` (an index error) on an all-positive array.
#[kernel]
pub fn leading_positive(x: &[f64]) -> usize {
    let n = len(x);
    let mut i: usize = 0;
    while i < n && x[i] > 0.0 {
        i += 1;
    }
    i
}

#[test]
fn leading_positive_short_circuits() {
    for (seed, d) in [(114, plain(0.5, 2.0)), (115, domain(-0.2, 1.0))] {
        each::<f64>(seed, 1, d, leading_positive::variants(), |v, c| {
            let got = leading_positive::with(v, c.arr(0)).unwrap();
            let want = c.arr(0).iter().take_while(|&&x| x > 0.0).count();
            assert_eq!(got, want, "leading_positive [{v}] {}", c.what);
        });
    }
    assert_eq!(leading_positive(&[1.0, 2.0, 3.0]), 3);
}

/// Local maxima counting both ends (`scipy.signal.find_peaks` without its options):
/// `i == 0 || x[i - 1] < x[i]` guards the read of `x[i - 1]` (whose index would wrap) and
/// `i + 1 == n || ...` the read of `x[n]`; boolean locals.
#[kernel]
pub fn count_peaks(x: &[f64]) -> usize {
    let n = len(x);
    let mut c: usize = 0;
    for i in 0..n {
        let rises = i == 0 || x[i - 1] < x[i];
        let falls = i + 1 == n || x[i + 1] < x[i];
        if rises && falls {
            c += 1;
        }
    }
    c
}

fn count_peaks_ref(x: &[f64]) -> usize {
    let n = x.len();
    (0..n)
        .filter(|&i| (i == 0 || x[i - 1] < x[i]) && (i + 1 == n || x[i + 1] < x[i]))
        .count()
}

#[test]
fn count_peaks_guards_both_ends() {
    each::<f64>(
        116,
        1,
        domain(-1.0, 1.0),
        count_peaks::variants(),
        |v, c| {
            let got = count_peaks::with(v, c.arr(0)).unwrap();
            assert_eq!(
                got,
                count_peaks_ref(c.arr(0)),
                "count_peaks [{v}] {}",
                c.what
            );
        },
    );
    assert_eq!(count_peaks(&[3.0, 1.0, 2.0, 2.0, 5.0]), 2);
    assert_eq!(count_peaks(&[7.0]), 1);
}

/// `np.searchsorted(xs, v)` (side "left") by bisection: a `while` on two indices.
#[kernel]
pub fn search_sorted(xs: &[f64], v: f64) -> usize {
    let mut lo: usize = 0;
    let mut hi = len(xs);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if xs[mid] < v {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn search_sorted_ref(xs: &[f64], v: f64) -> usize {
    let (mut lo, mut hi) = (0, xs.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if xs[mid] < v {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[test]
fn search_sorted_bisects() {
    each::<f64>(
        117,
        1,
        plain(-100.0, 100.0),
        search_sorted::variants(),
        |v, c| {
            // Sorted, with runs of ties.
            let mut xs: Vec<f64> = c.arr(0).iter().map(|x| x.round()).collect();
            xs.sort_by(f64::total_cmp);
            let mut probes = vec![-1e9, 1e9, 0.0, 0.5, f64::NEG_INFINITY, f64::INFINITY];
            probes.extend(xs.iter().step_by(xs.len() / 7 + 1).copied());
            for p in probes {
                let got = search_sorted::with(v, &xs, p).unwrap();
                let want = search_sorted_ref(&xs, p);
                assert_eq!(got, want, "search_sorted [{v}] {} probe {p}", c.what);
            }
        },
    );
    assert_eq!(search_sorted(&[1.0, 2.0, 2.0, 3.0], 2.0), 1);
    assert_eq!(search_sorted(&[1.0, 2.0, 2.0, 3.0], 9.0), 4);
}

/// A `bool` argument and result, `return false` from inside the loop.
#[kernel(signature = "b1(f8[:], b1)")]
pub fn is_sorted(x: &[f64], strict: bool) -> bool {
    for i in 1..len(x) {
        if strict && !(x[i - 1] < x[i]) {
            return false;
        }
        if !strict && x[i - 1] > x[i] {
            return false;
        }
    }
    true
}

fn is_sorted_ref(x: &[f64], strict: bool) -> bool {
    x.windows(2).all(|w| {
        if strict {
            w[0] < w[1]
        } else {
            w[0] <= w[1] || w[0].is_nan() || w[1].is_nan()
        }
    })
}

#[test]
fn is_sorted_checks_every_pair() {
    each::<f64>(
        118,
        1,
        domain(-10.0, 10.0),
        is_sorted::variants(),
        |v, c| {
            let raw = c.arr(0).to_vec();
            let mut sorted: Vec<f64> = raw.iter().map(|x| x.round()).collect();
            sorted.sort_by(f64::total_cmp);
            let mut distinct = sorted.clone();
            distinct.dedup();
            for x in [&raw, &sorted, &distinct] {
                for strict in [false, true] {
                    let got = is_sorted::with(v, x, strict).unwrap();
                    let want = is_sorted_ref(x, strict);
                    assert_eq!(got, want, "is_sorted [{v}] {} strict {strict}", c.what);
                }
            }
        },
    );
    assert!(is_sorted(&[1.0, 1.0, 2.0], false));
    assert!(!is_sorted(&[1.0, 1.0, 2.0], true));
}

/// Counting with `continue`: NaN, zeros and negatives fail `v > 0.0` and are skipped, then
/// `+inf` is.
#[kernel]
pub fn count_positive_finite(x: &[f64]) -> usize {
    let mut c: usize = 0;
    for i in 0..len(x) {
        let v = x[i];
        if !(v > 0.0) {
            continue;
        }
        if v == inf {
            continue;
        }
        c += 1;
    }
    c
}

#[test]
fn count_positive_finite_skips_with_continue() {
    each::<f64>(
        119,
        1,
        domain(-1.0, 1.0),
        count_positive_finite::variants(),
        |v, c| {
            let got = count_positive_finite::with(v, c.arr(0)).unwrap();
            let want = c
                .arr(0)
                .iter()
                .filter(|x| **x > 0.0 && x.is_finite())
                .count();
            assert_eq!(got, want, "count_positive_finite [{v}] {}", c.what);
        },
    );
    let x = [1.0, f64::NAN, f64::INFINITY, 0.0, -0.0, 5e-324, -1.0];
    assert_eq!(count_positive_finite(&x), 2);
}

/// `np.nanmean` by loop: NaN detected by `v != v` and skipped; `nan` when nothing is left.
/// In order, so exact (infinities make the sum infinite or NaN, as in the reference).
#[kernel]
pub fn nan_mean(x: &[f64]) -> f64 {
    let mut s = 0.0;
    let mut k = 0.0;
    for i in 0..len(x) {
        let v = x[i];
        if v != v {
            continue;
        }
        s += v;
        k += 1.0;
    }
    if k == 0.0 {
        return nan;
    }
    s / k
}

fn nan_mean_ref(x: &[f64]) -> f64 {
    let (mut s, mut k) = (0.0, 0.0);
    for &v in x.iter().filter(|v| !v.is_nan()) {
        s += v;
        k += 1.0;
    }
    if k == 0.0 { f64::NAN } else { s / k }
}

#[test]
fn nan_mean_skips_nan() {
    each::<f64>(120, 1, domain(-1e3, 1e3), nan_mean::variants(), |v, c| {
        let got = nan_mean::with(v, c.arr(0)).unwrap();
        check_scalar("nan_mean", v, c, got, (nan_mean_ref(c.arr(0)), 0.0, 0.0));
    });
    assert_eq!(nan_mean(&[1.0, f64::NAN, 2.0]), 1.5);
    assert!(nan_mean(&[f64::NAN]).is_nan());
    assert!(nan_mean(&[f64::INFINITY, f64::NEG_INFINITY]).is_nan());
}

/// `np.logaddexp.reduce` by two loops (max, then the shifted sum): `-inf` start, `exp` and
/// `log` in a sequential loop.
///
/// Budget: `m` is exact. Each `exp` term is within `MATH64.0 = 6u` relative of the
/// reference's; both sums add positive terms in the same order, each within
/// `γ_{n-1} = (n-1)u / (1 - (n-1)u)` relative of its exact sum, so the two sums are within
/// `δ = 6u + 2γ_{n-1}` relative of each other; `log` turns that into `≤ 1.01 δ` absolute
/// (δ < 0.01), plus `log`'s own `6u · |log s|`; the final `m + log(s)` rounds on both sides
/// (`2u` relative).
#[kernel]
pub fn logsumexp_loop(x: &[f64]) -> f64 {
    let n = len(x);
    let mut m = -inf;
    for i in 0..n {
        if x[i] > m {
            m = x[i];
        }
    }
    let mut s = 0.0;
    for i in 0..n {
        s += exp(x[i] - m);
    }
    m + log(s)
}

#[test]
fn logsumexp_loop_within_the_math_budget() {
    each::<f64>(
        121,
        1,
        domain(-50.0, 50.0),
        logsumexp_loop::variants(),
        |v, c| {
            let x = c.arr(0);
            let m = x
                .iter()
                .fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m });
            let mut s = 0.0;
            for &v in x {
                s += (v - m).exp();
            }
            let want = m + s.ln();
            let k = x.len().saturating_sub(1) as f64 * U64;
            let delta = MATH64.0 + 2.0 * k / (1.0 - k);
            let abs = 1.01 * delta + MATH64.0 * s.ln().abs();
            let got = logsumexp_loop::with(v, x).unwrap();
            check_scalar("logsumexp_loop", v, c, got, (want, 2.0 * U64, abs));
        },
    );
}

// ---------------------------------------------------------------------------------------
// Scalar `while` loops: no arrays, many arguments. Exact (no math calls).

/// Newton's method for the square root from above: the iterates decrease until rounding
/// stops them; an `if` expression for the start, `nan` for negative input.
#[kernel(signature = "f8(f8)")]
pub fn newton_sqrt(a: f64) -> f64 {
    if !(a >= 0.0) {
        return nan;
    }
    if a == 0.0 || a == inf {
        return a;
    }
    let mut g = if a > 1.0 { a } else { 1.0 };
    let mut next = 0.5 * (g + a / g);
    while next < g {
        g = next;
        next = 0.5 * (g + a / g);
    }
    g
}

fn newton_sqrt_ref(a: f64) -> f64 {
    if a.is_nan() || a < 0.0 {
        return f64::NAN;
    }
    if a == 0.0 || a == f64::INFINITY {
        return a;
    }
    let mut g = if a > 1.0 { a } else { 1.0 };
    let mut next = 0.5 * (g + a / g);
    while next < g {
        g = next;
        next = 0.5 * (g + a / g);
    }
    g
}

/// Scalar arguments: specials, then values spread over many binades.
fn scalar_inputs(seed: u64, count: usize) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut out = SPECIALS.to_vec();
    out.extend([2.0, 4.0, 0.25, 1e-300, 1e300, f64::MAX, f64::MIN_POSITIVE]);
    out.extend((0..count).map(|_| 10f64.powf(rng.uniform(-30.0, 30.0))));
    out
}

#[test]
fn newton_sqrt_is_exact() {
    let inputs = scalar_inputs(122, 500);
    for v in newton_sqrt::variants() {
        for &a in &inputs {
            let got = newton_sqrt::with(v, a).unwrap();
            let want = newton_sqrt_ref(a);
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "newton_sqrt [{v}] {a:e}: got {got:e}, want {want:e}"
            );
        }
    }
    assert_eq!(newton_sqrt(16.0), 4.0);
}

/// Collatz steps of a float converted with `as` (truncation; NaN and negatives give 0 or
/// less, so no step; inf saturates to `i64::MAX`, whose `3n + 1` wraps as the spec says),
/// integer `/` for parity, at most 10000 steps.
#[kernel(signature = "i8(f8)")]
pub fn collatz_steps(x: f64) -> i64 {
    let mut n = x as i64;
    let mut steps: i64 = 0;
    while n > 1 && steps < 10000 {
        let half = n / 2;
        if half * 2 == n {
            n = half;
        } else {
            n = 3 * n + 1;
        }
        steps += 1;
    }
    steps
}

fn collatz_steps_ref(x: f64) -> i64 {
    let mut n = x as i64;
    let mut steps = 0;
    while n > 1 && steps < 10000 {
        let half = n / 2;
        if half * 2 == n {
            n = half;
        } else {
            n = n.wrapping_mul(3).wrapping_add(1);
        }
        steps += 1;
    }
    steps
}

#[test]
fn collatz_steps_is_exact() {
    let mut rng = Rng::new(123);
    let mut inputs = vec![
        1.0,
        2.0,
        3.0,
        6.0,
        7.9,
        27.0,
        97.0,
        871.0,
        0.5,
        -3.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e19,
        9.007199254740991e15,
    ];
    inputs.extend((0..300).map(|_| rng.uniform(0.0, 1e6)));
    for v in collatz_steps::variants() {
        for &x in &inputs {
            let got = collatz_steps::with(v, x).unwrap();
            let want = collatz_steps_ref(x);
            assert_eq!(got, want, "collatz_steps [{v}] {x:e}");
        }
    }
    assert_eq!(collatz_steps(27.5), 111);
    assert_eq!(collatz_steps(871.0), 178);
}

/// The cube root by bisection on `[0, max(a, 1)]`: `break` when the midpoint no longer
/// moves (at most about 1100 halvings from `[0, 1e300]`), a cap on the
/// iterations as a Numba user writes one.
#[kernel]
pub fn cube_root_bisect(a: f64) -> f64 {
    let mut lo = 0.0;
    let mut hi = if a > 1.0 { a } else { 1.0 };
    let mut iters: i64 = 0;
    while iters < 2000 {
        let mid = 0.5 * (lo + hi);
        if mid == lo || mid == hi {
            break;
        }
        if mid * mid * mid > a {
            hi = mid;
        } else {
            lo = mid;
        }
        iters += 1;
    }
    lo
}

fn cube_root_bisect_ref(a: f64) -> f64 {
    let mut lo = 0.0;
    let mut hi = if a > 1.0 { a } else { 1.0 };
    for _ in 0..2000 {
        let mid = 0.5 * (lo + hi);
        if mid == lo || mid == hi {
            break;
        }
        if mid * mid * mid > a {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    lo
}

#[test]
fn cube_root_bisect_is_exact() {
    let mut inputs = scalar_inputs(124, 300);
    inputs.retain(|a| *a < 1e6);
    for v in cube_root_bisect::variants() {
        for &a in &inputs {
            let got = cube_root_bisect::with(v, a).unwrap();
            let want = cube_root_bisect_ref(a);
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "cube_root_bisect [{v}] {a:e}: got {got:e}, want {want:e}"
            );
        }
    }
    assert_eq!(cube_root_bisect(27.0), 3.0);
}

/// A partial sum of the Basel series over an inclusive range `a..=b` of `usize` arguments
/// (empty when `a > b`).
#[kernel]
pub fn basel_partial(a: usize, b: usize) -> f64 {
    let mut s = 0.0;
    for k in a..=b {
        let kf = k as f64;
        s += 1.0 / (kf * kf);
    }
    s
}

#[test]
fn basel_partial_is_exact() {
    for v in basel_partial::variants() {
        for (a, b) in [(1, 1), (1, 10), (3, 2), (5, 5), (1, 100_000), (7, 1000)] {
            let got = basel_partial::with(v, a, b).unwrap();
            let mut want = 0.0;
            for k in a..=b {
                let kf = k as f64;
                want += 1.0 / (kf * kf);
            }
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "basel_partial [{v}] {a}..={b}"
            );
        }
    }
    assert_eq!(basel_partial(1, 2), 1.25);
}

// ---------------------------------------------------------------------------------------
// Nested loops. Exact.

/// `np.convolve(x, k, "valid")` into `out` (of length `len(x) - len(k) + 1`): two arrays
/// of different lengths, a reversed read of `k`, a multiply and an add that must not be
/// fused.
#[kernel(signature = "void(f8[:], f8[:], f8[:])")]
pub fn convolve_valid(x: &[f64], k: &[f64], out: &mut [f64]) {
    let m = len(k);
    for i in 0..len(out) {
        let mut s = 0.0;
        for j in 0..m {
            s += x[i + j] * k[m - 1 - j];
        }
        out[i] = s;
    }
}

fn convolve_valid_ref(x: &[f64], k: &[f64]) -> Vec<f64> {
    let m = k.len();
    let outs = (x.len() + 1).saturating_sub(m);
    (0..outs)
        .map(|i| {
            let mut s = 0.0;
            for j in 0..m {
                s += x[i + j] * k[m - 1 - j];
            }
            s
        })
        .collect()
}

#[test]
fn convolve_valid_is_exact() {
    let kernels: [&[f64]; 3] = [&[0.5], &[1.0, -2.0, 1.0], &[0.1, 0.2, 0.3, 0.25, 0.15]];
    each::<f64>(
        125,
        1,
        domain(-10.0, 10.0),
        convolve_valid::variants(),
        |v, c| {
            for k in kernels {
                let want = convolve_valid_ref(c.arr(0), k);
                let mut out = vec![SENTINEL; want.len()];
                convolve_valid::with(v, c.arr(0), k, &mut out).unwrap();
                check_array("convolve_valid", v, c, &out, &exact(&want));
            }
        },
    );
    let mut out = [0.0; 2];
    convolve_valid(&[1.0, 2.0, 3.0], &[1.0, 10.0], &mut out);
    assert_eq!(out, [12.0, 23.0]);
}

/// A moving window sum returned as a local array; the inner range starts at the outer
/// index.
#[kernel]
pub fn moving_sum(x: &[f64], w: usize) -> Vec<f64> {
    let n = len(x);
    let m = if n >= w { n - w + 1 } else { 0 };
    let mut out = zeros(m);
    for i in 0..m {
        let mut s = 0.0;
        for j in i..i + w {
            s += x[j];
        }
        out[i] = s;
    }
    out
}

#[test]
fn moving_sum_is_exact() {
    each::<f64>(126, 1, domain(-1e3, 1e3), moving_sum::variants(), |v, c| {
        for w in [1, 2, 5] {
            let got = moving_sum::with(v, c.arr(0), w).unwrap();
            let want: Vec<f64> = c
                .arr(0)
                .windows(w)
                .map(|win| {
                    let mut s = 0.0;
                    for &e in win {
                        s += e;
                    }
                    s
                })
                .collect();
            check_array("moving_sum", v, c, &got, &exact(&want));
        }
    });
}

/// The sum of distances over all pairs `i < j` of 2-D points (`sqrt` is correctly rounded,
/// so exact).
#[kernel]
pub fn pairwise_distance_sum(px: &[f64], py: &[f64]) -> f64 {
    let n = len(px);
    let mut s = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            let dx = px[i] - px[j];
            let dy = py[i] - py[j];
            s += sqrt(dx * dx + dy * dy);
        }
    }
    s
}

#[test]
fn pairwise_distance_sum_is_exact() {
    each_upto::<f64>(
        QUADRATIC_MAX,
        127,
        2,
        domain(-10.0, 10.0),
        pairwise_distance_sum::variants(),
        |v, c| {
            let (px, py) = (c.arr(0), c.arr(1));
            let mut want = 0.0;
            for i in 0..px.len() {
                for j in i + 1..px.len() {
                    let (dx, dy) = (px[i] - px[j], py[i] - py[j]);
                    want += (dx * dx + dy * dy).sqrt();
                }
            }
            let got = pairwise_distance_sum::with(v, px, py).unwrap();
            check_scalar("pairwise_distance_sum", v, c, got, (want, 0.0, 0.0));
        },
    );
    assert_eq!(
        pairwise_distance_sum(&[0.0, 3.0, 0.0], &[0.0, 4.0, 0.0]),
        10.0
    );
}

/// Bubble sort of a copy in `out`: a `while` on a `bool` flag with a guard on the bound, a
/// swap through a temporary, the inner bound shrinking.
#[kernel(signature = "void(f8[:], f8[:])")]
pub fn bubble_sort_into(x: &[f64], out: &mut [f64]) {
    let n = len(x);
    for i in 0..n {
        out[i] = x[i];
    }
    let mut swapped = true;
    let mut end = n;
    while swapped && end > 1 {
        swapped = false;
        for j in 0..end - 1 {
            if out[j] > out[j + 1] {
                let t = out[j];
                out[j] = out[j + 1];
                out[j + 1] = t;
                swapped = true;
            }
        }
        end -= 1;
    }
}

fn bubble_sort_ref(x: &[f64]) -> Vec<f64> {
    let mut a = x.to_vec();
    let mut swapped = true;
    let mut end = a.len();
    while swapped && end > 1 {
        swapped = false;
        for j in 0..end - 1 {
            if a[j] > a[j + 1] {
                a.swap(j, j + 1);
                swapped = true;
            }
        }
        end -= 1;
    }
    a
}

#[test]
fn bubble_sort_into_is_exact() {
    // With NaN the result depends on the algorithm's order: the same as the reference's.
    each_upto::<f64>(
        QUADRATIC_MAX,
        128,
        1,
        domain(-100.0, 100.0),
        bubble_sort_into::variants(),
        |v, c| {
            let mut out = vec![SENTINEL; c.len()];
            bubble_sort_into::with(v, c.arr(0), &mut out).unwrap();
            check_array(
                "bubble_sort_into",
                v,
                c,
                &out,
                &exact(&bubble_sort_ref(c.arr(0))),
            );
        },
    );
    let mut out = [0.0; 4];
    bubble_sort_into(&[3.0, -1.0, 2.0, -1.0], &mut out);
    assert_eq!(out, [-1.0, -1.0, 2.0, 3.0]);
}

/// Insertion sort of a local copy, returned: `while j > 0 && a[j - 1] > key` must
/// short-circuit (at `j == 0`, `j - 1` would wrap to an index error).
#[kernel]
pub fn insertion_sort(x: &[f64]) -> Vec<f64> {
    let n = len(x);
    let mut a = zeros(n);
    for i in 0..n {
        a[i] = x[i];
    }
    for i in 1..n {
        let key = a[i];
        let mut j = i;
        while j > 0 && a[j - 1] > key {
            a[j] = a[j - 1];
            j -= 1;
        }
        a[j] = key;
    }
    a
}

fn insertion_sort_ref(x: &[f64]) -> Vec<f64> {
    let mut a = x.to_vec();
    for i in 1..a.len() {
        let key = a[i];
        let mut j = i;
        while j > 0 && a[j - 1] > key {
            a[j] = a[j - 1];
            j -= 1;
        }
        a[j] = key;
    }
    a
}

#[test]
fn insertion_sort_is_exact() {
    each_upto::<f64>(
        QUADRATIC_MAX,
        129,
        1,
        domain(-100.0, 100.0),
        insertion_sort::variants(),
        |v, c| {
            let got = insertion_sort::with(v, c.arr(0)).unwrap();
            check_array(
                "insertion_sort",
                v,
                c,
                &got,
                &exact(&insertion_sort_ref(c.arr(0))),
            );
        },
    );
    assert_eq!(insertion_sort(&[2.0, 1.0, 3.0, 0.0]), [0.0, 1.0, 2.0, 3.0]);
}

// ---------------------------------------------------------------------------------------
// Reverse, step_by and inclusive ranges. Exact.

/// `x[::-1]` into `out` with a reversed loop and a second counter.
#[kernel(signature = "void(f8[:], f8[:])")]
pub fn reverse_into(x: &[f64], out: &mut [f64]) {
    let mut k: usize = 0;
    for i in (0..len(x)).rev() {
        out[k] = x[i];
        k += 1;
    }
}

#[test]
fn reverse_into_is_exact() {
    each::<f64>(
        130,
        1,
        domain(-1e3, 1e3),
        reverse_into::variants(),
        |v, c| {
            let mut out = vec![SENTINEL; c.len()];
            reverse_into::with(v, c.arr(0), &mut out).unwrap();
            let want: Vec<f64> = c.arr(0).iter().rev().copied().collect();
            check_array("reverse_into", v, c, &out, &exact(&want));
        },
    );
}

/// `x[::2]` as a local array of `(n + 1) / 2` elements, by `step_by(2)`.
#[kernel]
pub fn every_second(x: &[f64]) -> Vec<f64> {
    let n = len(x);
    let mut out = zeros((n + 1) / 2);
    let mut k: usize = 0;
    for i in (0..n).step_by(2) {
        out[k] = x[i];
        k += 1;
    }
    out
}

#[test]
fn every_second_is_exact() {
    each::<f64>(
        131,
        1,
        domain(-1e3, 1e3),
        every_second::variants(),
        |v, c| {
            let got = every_second::with(v, c.arr(0)).unwrap();
            let want: Vec<f64> = c.arr(0).iter().step_by(2).copied().collect();
            check_array("every_second", v, c, &got, &exact(&want));
        },
    );
    assert_eq!(every_second(&[1.0, 2.0, 3.0]), [1.0, 3.0]);
}

/// `sum(x[start::step])` with both bounds from arguments.
#[kernel]
pub fn strided_sum(x: &[f64], start: usize, step: usize) -> f64 {
    let mut s = 0.0;
    for i in (start..len(x)).step_by(step) {
        s += x[i];
    }
    s
}

#[test]
fn strided_sum_is_exact() {
    each::<f64>(
        132,
        1,
        domain(-1e3, 1e3),
        strided_sum::variants(),
        |v, c| {
            for (start, step) in [(0, 1), (1, 3), (5, 7), (2, 1000)] {
                let got = strided_sum::with(v, c.arr(0), start, step).unwrap();
                let mut want = 0.0;
                for &e in c.arr(0).iter().skip(start).step_by(step) {
                    want += e;
                }
                check_scalar("strided_sum", v, c, got, (want, 0.0, 0.0));
            }
        },
    );
}

/// `sum(arange(1, n + 1) * x)` over an inclusive range `1..=n`.
#[kernel]
pub fn position_weighted_sum(x: &[f64]) -> f64 {
    let n = len(x);
    let mut s = 0.0;
    for i in 1..=n {
        s += i as f64 * x[i - 1];
    }
    s
}

#[test]
fn position_weighted_sum_is_exact() {
    each::<f64>(
        133,
        1,
        domain(-1.0, 1.0),
        position_weighted_sum::variants(),
        |v, c| {
            let got = position_weighted_sum::with(v, c.arr(0)).unwrap();
            let mut want = 0.0;
            for (i, &e) in c.arr(0).iter().enumerate() {
                want += (i + 1) as f64 * e;
            }
            check_scalar("position_weighted_sum", v, c, got, (want, 0.0, 0.0));
        },
    );
}

/// The distance to the nearest positive element: `full(n, inf)`, a forward and a
/// reversed pass, `min(a, b)` of two scalars, a `bool` local reset between the passes.
#[kernel]
pub fn distance_to_positive(x: &[f64]) -> Vec<f64> {
    let n = len(x);
    let mut d = full(n, inf);
    let mut seen = false;
    let mut last: usize = 0;
    for i in 0..n {
        if x[i] > 0.0 {
            seen = true;
            last = i;
        }
        if seen {
            d[i] = (i - last) as f64;
        }
    }
    seen = false;
    for i in (0..n).rev() {
        if x[i] > 0.0 {
            seen = true;
            last = i;
        }
        if seen {
            d[i] = min(d[i], (last - i) as f64);
        }
    }
    d
}

fn distance_to_positive_ref(x: &[f64]) -> Vec<f64> {
    let pos: Vec<usize> = (0..x.len()).filter(|&i| x[i] > 0.0).collect();
    (0..x.len())
        .map(|i| {
            pos.iter()
                .map(|&p| p.abs_diff(i) as f64)
                .fold(f64::INFINITY, f64::min)
        })
        .collect()
}

#[test]
fn distance_to_positive_is_exact() {
    // Mostly negative, so the runs are long; the reference is the quadratic definition.
    each_upto::<f64>(
        QUADRATIC_MAX,
        134,
        1,
        domain(-20.0, 1.0),
        distance_to_positive::variants(),
        |v, c| {
            let got = distance_to_positive::with(v, c.arr(0)).unwrap();
            let want = distance_to_positive_ref(c.arr(0));
            check_array("distance_to_positive", v, c, &got, &exact(&want));
        },
    );
    assert_eq!(
        distance_to_positive(&[-1.0, 1.0, -1.0, -1.0, -1.0, 2.0]),
        [1.0, 0.0, 1.0, 2.0, 1.0, 0.0]
    );
}

// ---------------------------------------------------------------------------------------
// Histogram, stencils, polynomials. Exact.

/// `np.histogram(x, nb, (lo, hi))` counts added into `bins` (`bins[k] += 1.0`); values
/// outside `[lo, hi)` and NaN fail the test and are dropped; the bin index by `as usize`,
/// clamped to the last bin against rounding.
#[kernel(signature = "void(f8[:], f8, f8, f8[:])")]
pub fn histogram(x: &[f64], lo: f64, hi: f64, bins: &mut [f64]) {
    let nb = len(bins);
    let width = (hi - lo) / nb as f64;
    for i in 0..len(x) {
        let v = x[i];
        if v >= lo && v < hi {
            let mut k = ((v - lo) / width) as usize;
            if k >= nb {
                k = nb - 1;
            }
            bins[k] += 1.0;
        }
    }
}

fn histogram_ref(x: &[f64], lo: f64, hi: f64, bins: &mut [f64]) {
    let nb = bins.len();
    let width = (hi - lo) / nb as f64;
    for &v in x {
        if v >= lo && v < hi {
            let k = (((v - lo) / width) as usize).min(nb - 1);
            bins[k] += 1.0;
        }
    }
}

#[test]
fn histogram_counts_exactly() {
    each::<f64>(135, 1, domain(-1.2, 1.2), histogram::variants(), |v, c| {
        for nb in [1, 7, 64] {
            // Bins already holding counts: the kernel adds to them.
            let start: Vec<f64> = (0..nb).map(|k| k as f64).collect();
            let mut got = start.clone();
            histogram::with(v, c.arr(0), -1.0, 1.0, &mut got).unwrap();
            let mut want = start;
            histogram_ref(c.arr(0), -1.0, 1.0, &mut want);
            check_array("histogram", v, c, &got, &exact(&want));
        }
    });
    let mut bins = [0.0; 2];
    histogram(&[0.1, 0.6, 0.7, 1.0, -0.5, f64::NAN], 0.0, 1.0, &mut bins);
    assert_eq!(bins, [1.0, 2.0]);
}

/// The discrete Laplacian `x[i-1] - 2 x[i] + x[i+1]` at the interior points; `return;` from
/// a `void` kernel when there is no interior. The ends of `out` are not written.
#[kernel(signature = "void(f8[:], f8[:])")]
pub fn second_difference(x: &[f64], out: &mut [f64]) {
    let n = len(x);
    if n < 3 {
        return;
    }
    for i in 1..n - 1 {
        out[i] = x[i - 1] - 2.0 * x[i] + x[i + 1];
    }
}

#[test]
fn second_difference_is_exact_and_leaves_the_ends() {
    each::<f64>(
        136,
        1,
        domain(-1e3, 1e3),
        second_difference::variants(),
        |v, c| {
            let x = c.arr(0);
            let n = x.len();
            let mut out = vec![SENTINEL; n];
            second_difference::with(v, x, &mut out).unwrap();
            let want: Vec<f64> = (0..n)
                .map(|i| {
                    if i == 0 || i + 1 >= n {
                        SENTINEL
                    } else {
                        x[i - 1] - 2.0 * x[i] + x[i + 1]
                    }
                })
                .collect();
            check_array("second_difference", v, c, &out, &exact(&want));
        },
    );
}

/// A 3-point box blur with `prange(1..n - 1)` (a `prange` over a range): each iteration
/// writes only `out[i]`, so exact in every variant; the ends copied outside the loop.
#[kernel(parallel)]
pub fn box_blur3(x: &[f64], out: &mut [f64]) {
    let n = len(x);
    if n < 3 {
        return;
    }
    out[0] = x[0];
    out[n - 1] = x[n - 1];
    for i in prange(1..n - 1) {
        out[i] = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
    }
}

#[test]
fn box_blur3_is_exact() {
    each::<f64>(137, 1, domain(-1e3, 1e3), box_blur3::variants(), |v, c| {
        let x = c.arr(0);
        let n = x.len();
        let mut out = vec![SENTINEL; n];
        box_blur3::with(v, x, &mut out).unwrap();
        let want: Vec<f64> = (0..n)
            .map(|i| {
                if n < 3 {
                    SENTINEL
                } else if i == 0 || i == n - 1 {
                    x[i]
                } else {
                    (x[i - 1] + x[i] + x[i + 1]) / 3.0
                }
            })
            .collect();
        check_array("box_blur3", v, c, &out, &exact(&want));
    });
}

/// Horner's rule with the coefficients from an array, highest power last (NumPy's
/// `polynomial.polyval` order): a reversed loop; `r * x + c` must not become a fused
/// multiply-add.
#[kernel(signature = "f8(f8[:], f8)")]
pub fn horner(coef: &[f64], x: f64) -> f64 {
    let mut r = 0.0;
    for k in (0..len(coef)).rev() {
        r = r * x + coef[k];
    }
    r
}

fn horner_ref(coef: &[f64], x: f64) -> f64 {
    let mut r = 0.0;
    for &c in coef.iter().rev() {
        r = r * x + c;
    }
    r
}

#[test]
fn horner_is_exact() {
    // The case's array is the coefficients (every length, specials included).
    each::<f64>(138, 1, domain(-2.0, 2.0), horner::variants(), |v, c| {
        for x in [0.0, 0.5, -1.25, 3.0, f64::INFINITY] {
            let got = horner::with(v, c.arr(0), x).unwrap();
            check_scalar("horner", v, c, got, (horner_ref(c.arr(0), x), 0.0, 0.0));
        }
    });
    assert_eq!(horner(&[1.0, 2.0, 3.0], 2.0), 17.0);
}

/// Horner at every point of `x` in a `prange` loop: the inner loop's bounds are uniform
/// (the same for every lane), its reads of `coef` broadcast; `out[i]` a plain write.
#[kernel(signature = "void(f8[:], f8[:], f8[:])", parallel)]
pub fn horner_each(coef: &[f64], x: &[f64], out: &mut [f64]) {
    let m = len(coef);
    for i in prange(len(x)) {
        let mut r = 0.0;
        for k in (0..m).rev() {
            r = r * x[i] + coef[k];
        }
        out[i] = r;
    }
}

#[test]
fn horner_each_is_exact() {
    let coefs: [&[f64]; 3] = [&[], &[1.5], &[1.0, -0.5, 0.25, 1.0 / 6.0, -0.125]];
    each::<f64>(
        139,
        1,
        domain(-3.0, 3.0),
        horner_each::variants(),
        |v, c| {
            for coef in coefs {
                let mut out = vec![SENTINEL; c.len()];
                horner_each::with(v, coef, c.arr(0), &mut out).unwrap();
                let want: Vec<f64> = c.arr(0).iter().map(|&x| horner_ref(coef, x)).collect();
                check_array("horner_each", v, c, &out, &exact(&want));
            }
        },
    );
}

// ---------------------------------------------------------------------------------------
// `prange`: plain writes at the loop index (exact or the math budget), scalar reductions
// (the summation bound for sums, exact for max).

/// The logistic function written element by element in a `prange` loop.
///
/// Budget: `exp(-x)` within `MATH64` of the reference's; `1 + e` and `1 / t` round once on
/// each side (4 roundings): `rel = 6u + 4u`.
#[kernel(signature = "f8[:](f8[:])", parallel)]
pub fn sigmoid_prange(x: &[f64]) -> Vec<f64> {
    let n = len(x);
    let mut out = empty(n);
    for i in prange(n) {
        out[i] = 1.0 / (1.0 + exp(-x[i]));
    }
    out
}

#[test]
fn sigmoid_prange_within_the_math_budget() {
    each::<f64>(
        140,
        1,
        domain(-40.0, 40.0),
        sigmoid_prange::variants(),
        |v, c| {
            let got = sigmoid_prange::with(v, c.arr(0)).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .map(|&x| (1.0 / (1.0 + (-x).exp()), MATH64.0 + 4.0 * U64, MATH64.1))
                .collect();
            check_array("sigmoid_prange", v, c, &got, &want);
        },
    );
}

/// The sum of squares as a `prange` reduction (`s += x[i] * x[i]`): combined in the fixed
/// blocked order, so `sum_tol` of the (identically rounded) products around their
/// compensated sum.
#[kernel(signature = "f8(f8[:])", parallel)]
pub fn sum_squares_prange(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        s += x[i] * x[i];
    }
    s
}

#[test]
fn sum_squares_prange_within_the_sum_bound() {
    each::<f64>(
        141,
        1,
        domain(-10.0, 10.0),
        sum_squares_prange::variants(),
        |v, c| {
            let p: Vec<f64> = c.arr(0).iter().map(|x| x * x).collect();
            let got = sum_squares_prange::with(v, c.arr(0)).unwrap();
            check_scalar(
                "sum_squares_prange",
                v,
                c,
                got,
                (ref_sum(p.iter().copied()), 0.0, sum_tol::<f64>(&p)),
            );
        },
    );
}

/// The same bits at every thread count: a `prange` reduction's order is fixed.
#[test]
fn sum_squares_prange_is_the_same_on_any_thread_count() {
    let x: Vec<f64> = (0..3 * CHUNK + 7)
        .map(|i| ((i * 7919) % 1000) as f64 * 1e-3 - 0.5)
        .collect();
    for v in sum_squares_prange::variants() {
        let one = sum_squares_prange::with(v, &x).unwrap();
        for threads in [1, 2, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let got = pool.install(|| sum_squares_prange::with(v, &x).unwrap());
            assert_eq!(got.to_bits(), one.to_bits(), "{v} on {threads} threads");
        }
    }
}

/// The largest magnitude as a `prange` reduction `m = max(m, abs(x[i]))` of two scalars.
/// Max is exact in any order; NaN is kept out of the input (which of `max(s, NaN)` and
/// `max(NaN, s)` wins depends on the order, so a reduction's result would not be defined).
#[kernel(parallel)]
pub fn max_abs_prange(x: &[f64]) -> f64 {
    let mut m = 0.0;
    for i in prange(len(x)) {
        m = max(m, abs(x[i]));
    }
    m
}

#[test]
fn max_abs_prange_is_exact() {
    each::<f64>(
        142,
        1,
        domain(-1e3, 1e3),
        max_abs_prange::variants(),
        |v, c| {
            let x: Vec<f64> = c
                .arr(0)
                .iter()
                .map(|&x| if x.is_nan() { 2.5 } else { x })
                .collect();
            let got = max_abs_prange::with(v, &x).unwrap();
            let want = x.iter().fold(0.0f64, |m, e| m.max(e.abs()));
            check_scalar("max_abs_prange", v, c, got, (want, 0.0, 0.0));
        },
    );
    assert_eq!(max_abs_prange(&[]), 0.0);
    assert_eq!(max_abs_prange(&[1.0, -7.0, 3.0]), 7.0);
}

/// An `f32` `prange` sum. The reference is exact in `f64` (then one more rounding to
/// `f32`: `+ u|S|`), the kernel within `sum_tol::<f32>`.
#[kernel(signature = "f4(f4[:])", parallel)]
pub fn sum_prange_f32(x: &[f32]) -> f32 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        s += x[i];
    }
    s
}

#[test]
fn sum_prange_f32_within_the_sum_bound() {
    each::<f32>(
        143,
        1,
        domain(-1.0, 1.0),
        sum_prange_f32::variants(),
        |v, c| {
            let x = c.arr64(0);
            let got = sum_prange_f32::with(v, c.arr(0)).unwrap();
            check_scalar(
                "sum_prange_f32",
                v,
                c,
                f64::from(got),
                (ref_sum(x.iter().copied()), U32, sum_tol::<f32>(&x)),
            );
        },
    );
}

/// `out[i] = a * x[i] + b` in `f32` at the `prange` index, into a `&mut` argument: exact
/// (a multiply and an add, not fused).
#[kernel(signature = "void(f4, f4[:], f4, f4[:])", parallel)]
pub fn affine_prange_f32(a: f32, x: &[f32], b: f32, out: &mut [f32]) {
    for i in prange(len(x)) {
        out[i] = a * x[i] + b;
    }
}

#[test]
fn affine_prange_f32_is_exact() {
    each::<f32>(
        144,
        1,
        domain(-1e3, 1e3),
        affine_prange_f32::variants(),
        |v, c| {
            let (a, b) = (1.1f32, -0.3f32);
            let mut out = vec![SENTINEL as f32; c.len()];
            affine_prange_f32::with(v, a, c.arr(0), b, &mut out).unwrap();
            let want: Vec<f32> = c.arr(0).iter().map(|x| a * x + b).collect();
            check_array("affine_prange_f32", v, c, &out, &exact32(&want));
        },
    );
}

// ---------------------------------------------------------------------------------------
// Index errors: a run-time `Error::IndexOutOfBounds` naming the kernel, the array, the
// index and the length, in every variant, never a read of the element past the end (the
// harness's arrays are subslices with elements after them).

/// `np.diff(x).sum()` written with the classic off-by-one: `x[i + 1]` for `i` up to
/// `n - 1` reads `x[n]`.
#[kernel]
pub fn forward_diff_sum(x: &[f64]) -> f64 {
    let n = len(x);
    let mut s = 0.0;
    for i in 0..n {
        s += x[i + 1] - x[i];
    }
    s
}

#[test]
fn reading_past_the_end_is_an_index_error() {
    each::<f64>(
        150,
        1,
        domain(-1.0, 1.0),
        forward_diff_sum::variants(),
        |v, c| {
            let n = c.len();
            let got = forward_diff_sum::with(v, c.arr(0));
            if n == 0 {
                assert_eq!(got, Ok(0.0), "[{v}] {}", c.what);
            } else {
                assert_eq!(
                    got,
                    Err(Error::IndexOutOfBounds {
                        kernel: "forward_diff_sum",
                        array: "x",
                        index: n,
                        len: n,
                    }),
                    "[{v}] {}",
                    c.what
                );
            }
        },
    );
}

#[test]
fn the_plain_call_panics_with_the_index_error() {
    let x = [1.0, 2.0, 4.0];
    let err = forward_diff_sum::with(Variant::Scalar, &x).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("forward_diff_sum"), "{message}");
    let panic = std::panic::catch_unwind(|| forward_diff_sum(&x)).unwrap_err();
    assert_eq!(panic.downcast_ref::<String>(), Some(&message));
}

#[test]
#[should_panic(expected = "forward_diff_sum")]
fn the_plain_call_panics() {
    forward_diff_sum(&[1.0]);
}

/// `np.diff(x, out=out)` in a `prange` loop over `len(out)`: right when `out` has `n - 1`
/// elements, an index error on `x` at `n` when it has `n`, in every variant (the parallel
/// one included, whichever thread meets it).
#[kernel(parallel)]
pub fn diff_prange(x: &[f64], out: &mut [f64]) {
    for i in prange(len(out)) {
        out[i] = x[i + 1] - x[i];
    }
}

#[test]
fn diff_prange_checks_its_reads() {
    each::<f64>(
        151,
        1,
        domain(-1.0, 1.0),
        diff_prange::variants(),
        |v, c| {
            let x = c.arr(0);
            let n = x.len();
            let mut out = vec![SENTINEL; n.saturating_sub(1)];
            diff_prange::with(v, x, &mut out).unwrap();
            let want: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
            check_array("diff_prange", v, c, &out, &exact(&want));
            if n > 0 {
                let mut long = vec![SENTINEL; n];
                let err = diff_prange::with(v, x, &mut long).unwrap_err();
                assert_eq!(
                    err,
                    Error::IndexOutOfBounds {
                        kernel: "diff_prange",
                        array: "x",
                        index: n,
                        len: n,
                    },
                    "[{v}] {}",
                    c.what
                );
            }
        },
    );
}

/// Upsampling by two with a too-short output: the write `out[2 * i]` fails first at
/// `i = ceil(n / 2)`.
#[kernel]
pub fn spread(x: &[f64], out: &mut [f64]) {
    for i in 0..len(x) {
        out[2 * i] = x[i];
    }
}

#[test]
fn writing_past_the_end_is_an_index_error() {
    for v in spread::variants() {
        for n in [0usize, 1, 2, 3, 4, 17, 1000] {
            let x = vec![1.0; n];
            let mut out = vec![0.0; 2 * n];
            spread::with(v, &x, &mut out).unwrap();
            let mut short = vec![0.0; n];
            let got = spread::with(v, &x, &mut short);
            if n < 2 {
                assert_eq!(got, Ok(()), "[{v}] n = {n}");
            } else {
                assert_eq!(
                    got,
                    Err(Error::IndexOutOfBounds {
                        kernel: "spread",
                        array: "out",
                        index: 2 * n.div_ceil(2),
                        len: n,
                    }),
                    "[{v}] n = {n}"
                );
            }
        }
    }
}

#[test]
fn a_short_output_argument_is_an_index_error() {
    for v in cumsum::variants() {
        let x = [1.0; 10];
        let mut out = [0.0; 9];
        assert_eq!(
            cumsum::with(v, &x, &mut out),
            Err(Error::IndexOutOfBounds {
                kernel: "cumsum",
                array: "out",
                index: 9,
                len: 9,
            }),
            "[{v}]"
        );
    }
}
