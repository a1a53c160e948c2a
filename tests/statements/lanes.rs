//! `prange` bodies on SIMD lanes: masks for `if`s on varying conditions, loads at `i ± c`
//! (an index only an inactive lane would use is no error), own-index stores in tails and
//! branches, the index as a float, uniform branches and inner loops, and reductions in the
//! fixed order of array passes, in every variant. Every kernel here asserts that its
//! `explain()` says it runs on lanes, so a change that sends one back to the
//! one-at-a-time code fails here instead of passing unnoticed.
//!
//! Tolerances: a lane computes what one iteration computes, with the same operations in
//! the same order, so stores are bit-exact (`exact`); a `prange` sum is bit-identical to
//! the array form `sum(..)` of the same values (the same fixed order), and within
//! `sum_tol` of the compensated sum.

#![allow(clippy::needless_range_loop)]

use kernelize::{Error, kernel};

use super::harness::*;

/// Panics unless every `prange` of a kernel runs on lanes.
#[track_caller]
fn assert_on_lanes(kernel: &str, explain: &str) {
    assert!(
        explain.contains("on SIMD lanes") && !explain.contains("not on lanes"),
        "{kernel} should run on lanes:\n{explain}"
    );
}

fn exact(want: &[f64]) -> Vec<(f64, f64, f64)> {
    want.iter().map(|&w| (w, 0.0, 0.0)).collect()
}

/// Every length from 0 to 200 (each tail of every tier, groups and their tails), and two
/// past a chunk.
fn lengths() -> impl Iterator<Item = usize> {
    (0..=200).chain([CHUNK - 1, CHUNK + 67, 3 * CHUNK + 5])
}

fn wave(n: usize, seed: usize) -> Vec<f64> {
    (0..n)
        .map(|i| (((i + seed) * 7919) % 1999) as f64 * 1e-3 - 1.0)
        .collect()
}

const SENTINEL: f64 = 12345.0;

/// A leaky ReLU written with an `if` on each element: both branches under masks.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn leaky_relu(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        if x[i] > 0.0 {
            out[i] = x[i];
        } else {
            out[i] = 0.1 * x[i];
        }
    }
}

#[test]
fn leaky_relu_is_exact_with_specials() {
    assert_on_lanes("leaky_relu", leaky_relu::explain());
    for v in leaky_relu::variants() {
        for c in cases::<f64>(201, 1, domain(-5.0, 5.0)) {
            let mut out = vec![SENTINEL; c.len()];
            leaky_relu::with(v, c.arr(0), &mut out).unwrap();
            let want: Vec<f64> = c
                .arr(0)
                .iter()
                .map(|&x| if x > 0.0 { x } else { 0.1 * x })
                .collect();
            check_array("leaky_relu", v, &c, &out, &exact(&want));
        }
    }
}

/// Backward differences, the first element kept: `x[i - 1]` is read only where `i > 0`
/// (lane 0 of the first vector would be out of bounds: it is inactive).
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn backward_diff(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        if i > 0 {
            out[i] = x[i] - x[i - 1];
        } else {
            out[i] = x[i];
        }
    }
}

/// Central differences inside, zero at both ends: `&&` evaluates its right side only
/// where its left one holds, so neither `x[i - 1]` at 0 nor `x[i + 1]` at `n - 1` is read.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn central_diff(x: &[f64], out: &mut [f64]) {
    let n = len(x);
    for i in prange(n) {
        if i >= 1 && i + 1 < n && x[i + 1] - x[i - 1] != 0.0 {
            out[i] = (x[i + 1] - x[i - 1]) * 0.5;
        } else {
            out[i] = 0.0;
        }
    }
}

#[test]
fn differences_read_neighbours_only_where_they_exist() {
    assert_on_lanes("backward_diff", backward_diff::explain());
    assert_on_lanes("central_diff", central_diff::explain());
    for v in backward_diff::variants() {
        for n in lengths() {
            let x = wave(n, 3);
            let mut out = vec![SENTINEL; n];
            backward_diff::with(v, &x, &mut out).unwrap();
            let want: Vec<f64> = (0..n)
                .map(|i| if i > 0 { x[i] - x[i - 1] } else { x[i] })
                .collect();
            assert_eq!(out, want, "backward_diff [{v}] n = {n}");
            let mut out = vec![SENTINEL; n];
            central_diff::with(v, &x, &mut out).unwrap();
            let want: Vec<f64> = (0..n)
                .map(|i| {
                    if i >= 1 && i + 1 < n && x[i + 1] - x[i - 1] != 0.0 {
                        (x[i + 1] - x[i - 1]) * 0.5
                    } else {
                        0.0
                    }
                })
                .collect();
            assert_eq!(out, want, "central_diff [{v}] n = {n}");
        }
    }
}

/// The index as a float, an offset index, an `if` expression (each side only where it is
/// chosen), a uniform branch on an argument and a uniform local.
#[kernel(signature = "void(f8[:], f8, f8[:])", parallel)]
pub fn ramp(x: &[f64], flip: f64, out: &mut [f64]) {
    let n = len(x);
    for i in prange(n) {
        let half = (n / 2) as f64;
        let w = if x[i] > 0.5 {
            1.0 / x[i]
        } else {
            x[i] + (i + 3) as f64
        };
        if flip > 0.0 {
            out[i] = w * (i as f64) - half;
        } else {
            out[i] = -w;
        }
    }
}

#[test]
fn ramp_is_exact() {
    assert_on_lanes("ramp", ramp::explain());
    for v in ramp::variants() {
        for n in lengths() {
            let x = wave(n, 11);
            for flip in [1.0, -1.0] {
                let mut out = vec![SENTINEL; n];
                ramp::with(v, &x, flip, &mut out).unwrap();
                let half = (n / 2) as f64;
                let want: Vec<f64> = (0..n)
                    .map(|i| {
                        let w = if x[i] > 0.5 {
                            1.0 / x[i]
                        } else {
                            x[i] + (i + 3) as f64
                        };
                        if flip > 0.0 {
                            w * (i as f64) - half
                        } else {
                            -w
                        }
                    })
                    .collect();
                assert_eq!(out, want, "ramp [{v}] n = {n} flip {flip}");
            }
        }
    }
}

/// An in-place update under a mask: the array read and written at the own index.
#[kernel(signature = "void(f8, f8[:])", parallel)]
pub fn shrink_in_place(a: f64, x: &mut [f64]) {
    for i in prange(len(x)) {
        if x[i] > a {
            x[i] = x[i] / a + x[i] * 0.5;
        }
    }
}

#[test]
fn in_place_updates_are_exact() {
    assert_on_lanes("shrink_in_place", shrink_in_place::explain());
    for v in shrink_in_place::variants() {
        for n in lengths() {
            let x0 = wave(n, 13);
            let mut x = x0.clone();
            shrink_in_place::with(v, 0.25, &mut x).unwrap();
            let want: Vec<f64> = x0
                .iter()
                .map(|&e| if e > 0.25 { e / 0.25 + e * 0.5 } else { e })
                .collect();
            assert_eq!(x, want, "shrink_in_place [{v}] n = {n}");
        }
    }
}

/// Masks held in locals, `||`, `!`, and a varying local assigned under a mask.
#[kernel(signature = "f8[:](f8[:])", parallel)]
pub fn clamp_outliers(x: &[f64]) -> Vec<f64> {
    let n = len(x);
    let mut out = empty(n);
    for i in prange(n) {
        let big = x[i] > 1.5;
        let small = x[i] < -1.5;
        let mut y = x[i];
        if big || small {
            y = 0.0;
        }
        if !(big || small) && x[i] < 0.0 {
            y = -y * 2.0;
        }
        out[i] = y;
    }
    out
}

#[test]
fn clamp_outliers_is_exact_with_specials() {
    assert_on_lanes("clamp_outliers", clamp_outliers::explain());
    for v in clamp_outliers::variants() {
        for c in cases::<f64>(202, 1, domain(-3.0, 3.0)) {
            let got = clamp_outliers::with(v, c.arr(0)).unwrap();
            let want: Vec<f64> = c
                .arr(0)
                .iter()
                .map(|&x| {
                    let (big, small) = (x > 1.5, x < -1.5);
                    let mut y = x;
                    if big || small {
                        y = 0.0;
                    }
                    if !(big || small) && x < 0.0 {
                        y = -y * 2.0;
                    }
                    y
                })
                .collect();
            check_array("clamp_outliers", v, &c, &got, &exact(&want));
        }
    }
}

/// An inner loop with uniform bounds, its loads broadcast, a uniform `break`: every lane
/// adds the same terms in the same order as one iteration does, so it is exact.
#[kernel(signature = "void(f8[:], f8[:], f8, f8[:])", parallel)]
pub fn nearest_sum(x: &[f64], y: &[f64], k: f64, out: &mut [f64]) {
    for i in prange(len(x)) {
        let mut acc = 0.0;
        for j in range(len(y)) {
            if j as f64 >= k {
                break;
            }
            acc += abs(x[i] - y[j]);
        }
        out[i] = acc;
    }
}

#[test]
fn inner_loops_are_exact() {
    assert_on_lanes("nearest_sum", nearest_sum::explain());
    let y = wave(37, 5);
    for v in nearest_sum::variants() {
        for n in (0..=70).chain([1000]) {
            let x = wave(n, 1);
            for k in [0.0, 5.0, 100.0] {
                let mut out = vec![SENTINEL; n];
                nearest_sum::with(v, &x, &y, k, &mut out).unwrap();
                let want: Vec<f64> = (0..n)
                    .map(|i| {
                        let mut acc = 0.0;
                        for j in 0..y.len().min(k as usize) {
                            acc += (x[i] - y[j]).abs();
                        }
                        acc
                    })
                    .collect();
                assert_eq!(out, want, "nearest_sum [{v}] n = {n} k = {k}");
            }
        }
    }
}

/// A `prange` sum and the array form's `sum`: the same fixed order, the same bits.
#[kernel(signature = "f8(f8[:])", parallel)]
pub fn esum_prange(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        s += exp(x[i]);
    }
    s
}

#[kernel(signature = "f8(f8[:])", parallel)]
pub fn esum_array(x: &[f64]) -> f64 {
    sum(exp(x))
}

#[kernel(signature = "f4(f4[:])", parallel)]
pub fn sum32_prange(x: &[f32]) -> f32 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        s += x[i] * x[i];
    }
    s
}

#[kernel(signature = "f4(f4[:])", parallel)]
pub fn sum32_array(x: &[f32]) -> f32 {
    sum(x * x)
}

#[test]
fn prange_sums_are_the_array_sums_bit_for_bit() {
    assert_on_lanes("esum_prange", esum_prange::explain());
    assert_on_lanes("sum32_prange", sum32_prange::explain());
    for v in esum_prange::variants() {
        for n in lengths().chain([10 * CHUNK + 3]) {
            let x = wave(n, 7);
            let (a, b) = (
                esum_prange::with(v, &x).unwrap(),
                esum_array::with(v, &x).unwrap(),
            );
            assert_eq!(a.to_bits(), b.to_bits(), "esum [{v}] n = {n}: {a} vs {b}");
            let x32: Vec<f32> = x.iter().map(|&e| e as f32).collect();
            let (a, b) = (
                sum32_prange::with(v, &x32).unwrap(),
                sum32_array::with(v, &x32).unwrap(),
            );
            assert_eq!(a.to_bits(), b.to_bits(), "sum32 [{v}] n = {n}: {a} vs {b}");
        }
    }
}

/// Several reductions and a store in one body, updates under masks: a masked sum, a
/// difference (`-=`), a count, Python's `max` and NumPy's `minimum`.
#[kernel(signature = "Tuple((f8, f8, f8, f8, f8))(f8[:], f8[:])", parallel)]
pub fn stats(x: &[f64], out: &mut [f64]) -> (f64, f64, f64, f64, f64) {
    let mut pos = 0.0;
    let mut neg = 0.0;
    let mut count = 0.0;
    let mut hi = -inf;
    let mut lo = inf;
    for i in prange(len(x)) {
        if x[i] > 0.0 {
            pos += x[i];
            count += 1.0;
        } else {
            neg -= x[i];
        }
        hi = max(hi, x[i]);
        lo = minimum(lo, x[i]);
        out[i] = x[i] * 2.0;
    }
    (pos, neg, count, hi, lo)
}

#[test]
fn several_reductions_in_one_body() {
    assert_on_lanes("stats", stats::explain());
    for v in stats::variants() {
        for c in cases::<f64>(
            203,
            1,
            Domain {
                lo: -4.0,
                hi: 4.0,
                specials: false,
            },
        ) {
            let x = c.arr(0);
            let mut out = vec![SENTINEL; x.len()];
            let (pos, neg, count, hi, lo) = stats::with(v, x, &mut out).unwrap();
            let p: Vec<f64> = x.iter().copied().filter(|&e| e > 0.0).collect();
            let m: Vec<f64> = x.iter().copied().filter(|&e| e <= 0.0).collect();
            let tol = |xs: &[f64]| sum_tol::<f64>(xs);
            check_scalar("stats pos", v, &c, pos, (ref_sum(p.clone()), 0.0, tol(&p)));
            check_scalar("stats neg", v, &c, neg, (-ref_sum(m.clone()), 0.0, tol(&m)));
            assert_eq!(count, p.len() as f64, "stats count [{v}] {}", c.what);
            let want_hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let want_lo = x.iter().copied().fold(f64::INFINITY, f64::min);
            assert_eq!(
                (hi, lo),
                (want_hi, want_lo),
                "stats max/min [{v}] {}",
                c.what
            );
            let want: Vec<f64> = x.iter().map(|e| e * 2.0).collect();
            check_array("stats out", v, &c, &out, &exact(&want));
        }
    }
}

/// NumPy's `minimum` propagates a NaN from any lane; `max(s, x)` (Python's) is tested
/// without NaN above, where its order does not matter.
#[test]
fn minimum_reduction_propagates_nan() {
    for v in stats::variants() {
        for n in [1, 7, 100, CHUNK + 9] {
            for at in [0, n / 2, n - 1] {
                let mut x = wave(n, 2);
                x[at] = f64::NAN;
                let mut out = vec![0.0; n];
                let (.., lo) = stats::with(v, &x, &mut out).unwrap();
                assert!(lo.is_nan(), "[{v}] n = {n}, NaN at {at}: {lo}");
            }
        }
    }
}

/// A masked reduction gives the same bits on any number of threads.
#[test]
fn masked_reductions_are_the_same_on_any_thread_count() {
    let x = wave(5 * CHUNK + 13, 9);
    for v in stats::variants() {
        let mut out = vec![0.0; x.len()];
        let one = stats::with(v, &x, &mut out).unwrap();
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let got = pool.install(|| stats::with(v, &x, &mut out).unwrap());
            assert_eq!(
                format!("{got:?}"),
                format!("{one:?}"),
                "{v} on {threads} threads"
            );
        }
    }
}

/// Reading past the end in an active lane is the kernel's error naming the array and the
/// first index outside; so is a store past the end of the output.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn shift_left(x: &[f64], out: &mut [f64]) {
    for i in prange(len(out)) {
        out[i] = x[i + 1];
    }
}

#[kernel(signature = "void(f8[:], f8, f8[:])", parallel)]
pub fn fill_past(x: &[f64], extra: f64, out: &mut [f64]) {
    for i in prange(len(x) + extra as usize) {
        out[i] = x[0] + 1.0;
    }
}

#[test]
fn out_of_bounds_lanes_are_errors_naming_the_array() {
    assert_on_lanes("shift_left", shift_left::explain());
    assert_on_lanes("fill_past", fill_past::explain());
    for v in shift_left::variants() {
        for n in [1, 5, 16, 17, 64, 100, CHUNK + 3] {
            let x = wave(n, 4);
            let mut out = vec![0.0; n];
            let err = shift_left::with(v, &x, &mut out).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::IndexOutOfBounds { kernel: "shift_left", array: "x", index, len }
                        if index == n && len == n
                ),
                "[{v}] n = {n}: {err}"
            );
            // One element shorter input: in bounds everywhere.
            let mut out = vec![0.0; n - 1];
            shift_left::with(v, &x, &mut out).unwrap();
            assert_eq!(out, x[1..], "[{v}] n = {n}");
            let mut out = vec![0.0; n];
            fill_past::with(v, &x, 0.0, &mut out).unwrap();
            let err = fill_past::with(v, &x, 3.0, &mut out).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::IndexOutOfBounds { kernel: "fill_past", array: "out", index, len }
                        if index == n && len == n
                ),
                "[{v}] n = {n}: {err}"
            );
        }
    }
}

/// Lookups through an index array (gathers, lane by lane, each index checked), one with
/// an offset and one under a mask.
#[kernel(signature = "void(f8[:], f8[:], f8[:])", parallel)]
pub fn gather(x: &[f64], idx: &[f64], out: &mut [f64]) {
    for i in prange(len(idx)) {
        if idx[i] >= 1.0 {
            out[i] = x[idx[i] as usize] + x[idx[i] as usize - 1];
        } else {
            out[i] = x[(idx[i] * 2.0) as usize + 3];
        }
    }
}

#[test]
fn gathers_load_lane_by_lane_and_check_each_index() {
    assert_on_lanes("gather", gather::explain());
    let text = gather::explain();
    assert!(text.contains("masks: `if idx[i] >= 1.0`"), "{text}");
    assert!(
        text.contains("gathers (lane by lane): `x[idx[i] as usize]`"),
        "{text}"
    );
    let text = escape_time::explain();
    assert!(text.contains("(until every lane is done)"), "{text}");
    let x = wave(50, 1);
    for v in gather::variants() {
        for n in (0..=70).chain([1000, CHUNK + 9]) {
            let idx: Vec<f64> = (0..n).map(|k| ((k * 17) % 50) as f64 * 0.98).collect();
            let mut out = vec![SENTINEL; n];
            gather::with(v, &x, &idx, &mut out).unwrap();
            let want: Vec<f64> = idx
                .iter()
                .map(|&k| {
                    if k >= 1.0 {
                        x[k as usize] + x[k as usize - 1]
                    } else {
                        x[(k * 2.0) as usize + 3]
                    }
                })
                .collect();
            assert_eq!(out, want, "gather [{v}] n = {n}");
        }
        // An index past the end in one lane: the error names the array and the index.
        let idx = [3.0, 4.0, 77.0, 5.0, 6.0];
        let mut out = [0.0; 5];
        let err = gather::with(v, &x, &idx, &mut out).unwrap_err();
        assert!(
            matches!(
                err,
                Error::IndexOutOfBounds {
                    kernel: "gather",
                    array: "x",
                    index: 77,
                    len: 50
                }
            ),
            "[{v}] {err}"
        );
    }
}

/// A body with an integer that varies stays one iteration at a time, and `explain()`
/// says why.
#[kernel(signature = "void(f8[:], f8[:], f8[:])", parallel)]
pub fn gather_by_name(x: &[f64], idx: &[f64], out: &mut [f64]) {
    for i in prange(len(idx)) {
        let k = idx[i] as usize;
        out[i] = x[k];
    }
}

/// A body with an integer other than `usize` that varies stays one iteration at a time,
/// and `explain()` says why.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn signed_steps(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        let k = x[i] as i64;
        out[i] = (k * 2) as f64;
    }
}

#[test]
fn explain_says_why_a_loop_is_not_on_lanes() {
    let text = signed_steps::explain();
    assert!(
        text.contains("one iteration at a time (not on lanes:"),
        "{text}"
    );
    assert!(text.contains("`k` is a varying i64"), "{text}");
    let mut out = vec![0.0; 3];
    signed_steps::with(kernelize::Variant::Scalar, &[1.5, -2.5, 7.0], &mut out).unwrap();
    assert_eq!(out, [2.0, -4.0, 14.0]);
    // A `usize` local used as an index runs on lanes, lane by lane.
    let text = gather_by_name::explain();
    assert_on_lanes("gather_by_name", text);
    assert!(text.contains("integers (lane by lane): `k`"), "{text}");
    assert!(text.contains("gathers (lane by lane): `x[k]`"), "{text}");
    let x = wave(10, 1);
    for v in gather_by_name::variants() {
        let mut out = vec![0.0; 3];
        gather_by_name::with(v, &x, &[9.0, 0.0, 4.0], &mut out).unwrap();
        assert_eq!(out, [x[9], x[0], x[4]]);
        let err = gather_by_name::with(v, &x, &[9.0, 10.0, 4.0], &mut out).unwrap_err();
        assert_eq!(
            err,
            Error::IndexOutOfBounds {
                kernel: "gather_by_name",
                array: "x",
                index: 10,
                len: 10
            },
            "[{v}]"
        );
    }
}

/// Escape time (the Mandelbrot set's inner loop) with a `while` on a varying condition:
/// every lane iterates until its own point escapes, the finished lanes masked; points
/// inside the set run all `max_iter` iterations while their neighbours stop after one.
#[kernel(signature = "void(f8[:], f8[:], f8, f8[:])", parallel)]
pub fn escape_time(cr: &[f64], ci: &[f64], max_iter: f64, out: &mut [f64]) {
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

fn escape_time_ref(cr: f64, ci: f64, max_iter: f64) -> f64 {
    let (mut zr, mut zi, mut n) = (0.0f64, 0.0f64, 0.0);
    while zr * zr + zi * zi <= 4.0 && n < max_iter {
        let t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        n += 1.0;
    }
    n
}

#[test]
fn escape_time_lanes_diverge_and_agree() {
    assert_on_lanes("escape_time", escape_time::explain());
    for v in escape_time::variants() {
        for n in (0..=70).chain([1000, CHUNK + 5]) {
            // Points along a line through the set: some escape at once, some never.
            let cr: Vec<f64> = (0..n)
                .map(|k| -2.1 + 2.6 * (k as f64) / (n.max(2) as f64))
                .collect();
            let ci: Vec<f64> = (0..n)
                .map(|k| 0.3 * ((k * 37) % 11) as f64 / 11.0)
                .collect();
            let mut out = vec![SENTINEL; n];
            escape_time::with(v, &cr, &ci, 1000.0, &mut out).unwrap();
            let want: Vec<f64> = (0..n)
                .map(|k| escape_time_ref(cr[k], ci[k], 1000.0))
                .collect();
            assert_eq!(out, want, "escape_time [{v}] n = {n}");
        }
        // One lane loops 1000 times, the others once.
        let mut cr = vec![3.0; 64];
        cr[37] = 0.0;
        let ci = vec![0.0; 64];
        let mut out = vec![SENTINEL; 64];
        escape_time::with(v, &cr, &ci, 1000.0, &mut out).unwrap();
        for (k, &got) in out.iter().enumerate() {
            assert_eq!(got, if k == 37 { 1000.0 } else { 1.0 }, "[{v}] lane {k}");
        }
    }
}

/// `continue` in some lanes only: those lanes leave the rest of the body (no store, no
/// part in the sum after it).
#[kernel(signature = "f8(f8[:], f8[:])", parallel)]
pub fn roots_of_positives(x: &[f64], out: &mut [f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(len(x)) {
        if x[i] < 0.0 {
            out[i] = -1.0;
            continue;
        }
        out[i] = sqrt(x[i]);
        s += x[i];
    }
    s
}

#[test]
fn continue_masks_the_rest_of_the_body() {
    assert_on_lanes("roots_of_positives", roots_of_positives::explain());
    for v in roots_of_positives::variants() {
        for n in lengths() {
            let x = wave(n, 5);
            let mut out = vec![SENTINEL; n];
            let s = roots_of_positives::with(v, &x, &mut out).unwrap();
            let want: Vec<f64> = x
                .iter()
                .map(|&e| if e < 0.0 { -1.0 } else { e.sqrt() })
                .collect();
            assert_eq!(out, want, "roots_of_positives [{v}] n = {n}");
            let kept: Vec<f64> = x.iter().copied().filter(|&e| e >= 0.0).collect();
            let want = ref_sum(kept.iter().copied());
            assert!(
                close(s, want, 0.0, sum_tol::<f64>(&kept)),
                "roots_of_positives [{v}] n = {n}: {s} vs {want}"
            );
        }
    }
}

/// Newton's iteration for a square root, a varying `while` whose body divides by a
/// varying value, and a uniform `while` around a store.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn newton_sqrt(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        let a = abs(x[i]) + 1.0;
        let mut y = a;
        let mut steps = 0.0;
        while abs(y * y - a) > 1e-12 * a && steps < 60.0 {
            y = 0.5 * (y + a / y);
            steps += 1.0;
        }
        let mut k = 0;
        out[i] = 0.0;
        while k < 2 {
            out[i] = out[i] + y;
            k += 1;
        }
    }
}

#[test]
fn newton_sqrt_is_exact() {
    assert_on_lanes("newton_sqrt", newton_sqrt::explain());
    for v in newton_sqrt::variants() {
        for n in lengths() {
            let x = wave(n, 17);
            let mut out = vec![SENTINEL; n];
            newton_sqrt::with(v, &x, &mut out).unwrap();
            let want: Vec<f64> = x
                .iter()
                .map(|&e| {
                    let a = e.abs() + 1.0;
                    let (mut y, mut steps) = (a, 0.0);
                    while (y * y - a).abs() > 1e-12 * a && steps < 60.0 {
                        y = 0.5 * (y + a / y);
                        steps += 1.0;
                    }
                    0.0 + y + y
                })
                .collect();
            assert_eq!(out, want, "newton_sqrt [{v}] n = {n}");
        }
    }
}

/// `explain()` states the chunk size the runtime uses (`kir::print` mirrors the constant).
#[test]
fn explain_states_the_runtimes_chunk() {
    let chunk = kernelize::__private::parallel::CHUNK;
    assert_eq!(chunk, CHUNK, "the harness's mirror");
    for text in [esum_prange::explain(), gather_by_name::explain()] {
        assert!(text.contains(&format!("in chunks of {chunk}")), "{text}");
    }
}

// ---------------------------------------------------------------------------------------
// Calls in lane bodies: Rust functions and kernels of scalars, called lane by lane for the
// active lanes only.

/// Lengths for the lane-by-lane tests: every tail of every tier, odd lengths to 1001, and
/// one past a chunk.
fn call_lengths() -> impl Iterator<Item = usize> {
    (0..=70).chain([127, 255, 256, 257, 511, 999, 1000, 1001, CHUNK + 67])
}

/// A plain Rust function of scalars (the lasso's soft threshold).
fn soft(v: f64, t: f64) -> f64 {
    if v > t {
        v - t
    } else if v < -t {
        v + t
    } else {
        0.0
    }
}

/// The standard normal's CDF (the logistic approximation), a ufunc kernel (an
/// array-expression body).
#[kernel]
pub fn cnd(d: f64) -> f64 {
    1.0 / (1.0 + exp(-1.702 * d))
}

/// A ufunc kernel whose body has statements.
#[kernel]
pub fn leaky_unit(v: f64) -> f64 {
    if v > 0.0 { v } else { 0.01 * v }
}

/// Rust functions and kernels called with lane values, uniform values and literals.
#[kernel(signature = "void(f8[:], f8, f8[:])", parallel)]
pub fn call_each(x: &[f64], t: f64, out: &mut [f64]) {
    for i in prange(len(x)) {
        let a: f64 = soft(x[i], t);
        let b: f64 = cnd(x[i] * 0.5);
        let c: f64 = leaky_unit(a - 0.25);
        let d: f64 = soft(t, 2.5);
        out[i] = a + b * c + d;
    }
}

#[test]
fn calls_run_lane_by_lane_and_are_exact() {
    let text = call_each::explain();
    assert_on_lanes("call_each", text);
    assert!(
        text.contains("calls (lane by lane, the active lanes in lane order): `soft(x[i], t)`, `cnd(x[i] * 0.5)`, `leaky_unit(a - 0.25)`"),
        "{text}"
    );
    // A call whose arguments are the same in every lane is computed once per vector.
    assert!(!text.contains("`soft(t, 2.5)`"), "{text}");
    for v in call_each::variants() {
        for n in call_lengths() {
            let x: Vec<f64> = wave(n, 3).iter().map(|e| e * 4.0).collect();
            let mut out = vec![SENTINEL; n];
            call_each::with(v, &x, 1.5, &mut out).unwrap();
            let want: Vec<f64> = x
                .iter()
                .map(|&e| {
                    let a = soft(e, 1.5);
                    a + cnd(e * 0.5) * leaky_unit(a - 0.25) + soft(1.5, 2.5)
                })
                .collect();
            assert_eq!(out, want, "call_each [{v}] n = {n}");
        }
    }
}

/// Calls of the positive lanes: how many times `sqrt_of_positive` ran.
static POSITIVE_CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Panics on a negative value, which only the lanes not taking the branch hold.
fn sqrt_of_positive(v: f64) -> f64 {
    assert!(v >= 0.0, "sqrt_of_positive({v})");
    POSITIVE_CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    v.sqrt()
}

/// `true` where a Rust function says so: a mask from a call.
fn is_small(v: f64) -> bool {
    v.abs() < 0.5
}

/// Calls under masks: every other lane takes the branch that calls.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn masked_calls(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        if x[i] >= 0.0 {
            let r: f64 = sqrt_of_positive(x[i]);
            out[i] = r;
        } else {
            let small: bool = is_small(x[i]);
            out[i] = if small { -1.0 } else { x[i] };
        }
    }
}

#[test]
fn calls_under_masks_call_only_the_active_lanes() {
    assert_on_lanes("masked_calls", masked_calls::explain());
    for v in masked_calls::variants() {
        for n in call_lengths() {
            // Every other element negative: half the lanes take each branch.
            let x: Vec<f64> = (0..n)
                .map(|k| {
                    if k % 2 == 0 {
                        0.1 * k as f64
                    } else {
                        -0.01 * k as f64
                    }
                })
                .collect();
            let mut out = vec![SENTINEL; n];
            POSITIVE_CALLS.store(0, std::sync::atomic::Ordering::Relaxed);
            masked_calls::with(v, &x, &mut out).unwrap();
            let calls = POSITIVE_CALLS.load(std::sync::atomic::Ordering::Relaxed);
            assert_eq!(calls, n.div_ceil(2), "masked_calls [{v}] n = {n}");
            let want: Vec<f64> = x
                .iter()
                .map(|&e| {
                    if e >= 0.0 {
                        e.sqrt()
                    } else if e.abs() < 0.5 {
                        -1.0
                    } else {
                        e
                    }
                })
                .collect();
            assert_eq!(out, want, "masked_calls [{v}] n = {n}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Histograms on lanes: the scatter lane by lane into each chunk's private copy.

/// A Rust function giving a bin: a `usize` call result used as an index.
fn bin_of(v: f64, lo: f64, width: f64) -> usize {
    ((v - lo) / width) as usize
}

/// `np.histogram(x, nb, (lo, hi))` counts, the bin clamped with `min` against rounding.
#[kernel(signature = "void(f8[:], f8, f8, f8[:])", parallel)]
pub fn hist_counts(x: &[f64], lo: f64, hi: f64, bins: &mut [f64]) {
    let nb = len(bins);
    let width = (hi - lo) / nb as f64;
    for i in prange(len(x)) {
        let v = x[i];
        if v >= lo && v < hi {
            let k = min(((v - lo) / width) as usize, nb - 1);
            bins[k] += 1.0;
        }
    }
}

/// The same with the bin from a Rust function, clamped by an assignment under a mask.
#[kernel(signature = "void(f8[:], f8, f8, f8[:])", parallel)]
pub fn hist_by_call(x: &[f64], lo: f64, hi: f64, bins: &mut [f64]) {
    let nb = len(bins);
    let width = (hi - lo) / nb as f64;
    for i in prange(len(x)) {
        if x[i] >= lo && x[i] < hi {
            let mut k: usize = bin_of(x[i], lo, width);
            if k >= nb {
                k = nb - 1;
            }
            bins[k] += 1.0;
        }
    }
}

fn hist_ref(x: &[f64], lo: f64, hi: f64, bins: &mut [f64]) {
    let nb = bins.len();
    let width = (hi - lo) / nb as f64;
    for &v in x {
        if v >= lo && v < hi {
            bins[(((v - lo) / width) as usize).min(nb - 1)] += 1.0;
        }
    }
}

#[test]
fn histogram_counts_on_lanes_are_exact() {
    for (name, text) in [
        ("hist_counts", hist_counts::explain()),
        ("hist_by_call", hist_by_call::explain()),
    ] {
        assert_on_lanes(name, text);
        assert!(
            text.contains(
                "scatters (lane by lane, in lane order, into the chunk's private copy): `bins[k]`"
            ),
            "{text}"
        );
        assert!(
            text.contains("reduces into the arrays `bins` (sum"),
            "{text}"
        );
    }
    type Hist = fn(kernelize::Variant, &[f64], f64, f64, &mut [f64]) -> Result<(), Error>;
    let kernels: [(Hist, Vec<kernelize::Variant>); 2] = [
        (hist_counts::with, hist_counts::variants()),
        (hist_by_call::with, hist_by_call::variants()),
    ];
    for (run, variants) in kernels {
        for v in variants {
            for n in call_lengths() {
                let x: Vec<f64> = wave(n, 11).iter().map(|e| e * 1.3).collect();
                for nb in [1, 7, 64] {
                    // Bins already holding counts: the kernel adds to them.
                    let start: Vec<f64> = (0..nb).map(|k| k as f64).collect();
                    let mut got = start.clone();
                    run(v, &x, -1.0, 1.0, &mut got).unwrap();
                    let mut want = start;
                    hist_ref(&x, -1.0, 1.0, &mut want);
                    assert_eq!(got, want, "[{v}] n = {n}, {nb} bins");
                }
            }
            // Every lane in the same bin: conflicting lanes all count.
            let x = vec![0.3; 1001];
            let mut got = vec![0.0; 4];
            run(v, &x, 0.0, 1.0, &mut got).unwrap();
            assert_eq!(got, [0.0, 1001.0, 0.0, 0.0], "[{v}]");
        }
    }
}

/// Weights summed into bins at a float cast to `usize` (a gather-form index), under a
/// mask, and a second histogram of the same bins with `max`.
#[kernel(signature = "void(f8[:], f8[:], f8, f8[:], f8[:])", parallel)]
pub fn hist_weights(x: &[f64], w: &[f64], scale: f64, sums: &mut [f64], peaks: &mut [f64]) {
    let nb = len(sums);
    for i in prange(len(x)) {
        if x[i] * scale < nb as f64 {
            sums[(x[i] * scale) as usize] += w[i];
            peaks[(x[i] * scale) as usize] = max(peaks[(x[i] * scale) as usize], w[i]);
        }
    }
}

/// The one-iteration-at-a-time order: each chunk from `-0.0` in iteration order, the
/// chunks added into the bins in chunk order (for `max`, from −∞).
fn hist_weights_ref(x: &[f64], w: &[f64], scale: f64, sums: &mut [f64], peaks: &mut [f64]) {
    let nb = sums.len();
    for (xs, ws) in x.chunks(CHUNK).zip(w.chunks(CHUNK)) {
        let (mut s, mut p) = (vec![-0.0; nb], vec![f64::NEG_INFINITY; nb]);
        for (&e, &wi) in xs.iter().zip(ws) {
            if e * scale < nb as f64 {
                let k = (e * scale) as usize;
                s[k] += wi;
                p[k] = if wi > p[k] { wi } else { p[k] };
            }
        }
        for k in 0..nb {
            sums[k] += s[k];
            peaks[k] = if p[k] > peaks[k] { p[k] } else { peaks[k] };
        }
    }
}

#[test]
fn weighted_histograms_keep_the_in_order_bits() {
    assert_on_lanes("hist_weights", hist_weights::explain());
    for v in hist_weights::variants() {
        for n in call_lengths().chain([3 * CHUNK + 5]) {
            let x: Vec<f64> = wave(n, 2).iter().map(|e| e.abs()).collect();
            let w: Vec<f64> = wave(n, 9).iter().map(|e| e * 0.37 + 0.011).collect();
            let mut got = (vec![0.25; 9], vec![0.0; 9]);
            hist_weights::with(v, &x, &w, 9.5, &mut got.0, &mut got.1).unwrap();
            let mut want = (vec![0.25; 9], vec![0.0; 9]);
            hist_weights_ref(&x, &w, 9.5, &mut want.0, &mut want.1);
            assert_eq!(got, want, "hist_weights [{v}] n = {n}");
        }
    }
}

/// A histogram without a bounds test: a value past the last bin is an error naming the
/// kernel, the array and the index.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn hist_unchecked(x: &[f64], bins: &mut [f64]) {
    for i in prange(len(x)) {
        let k = x[i] as usize;
        bins[k] += 1.0;
    }
}

#[test]
fn histogram_index_out_of_bounds_is_named() {
    assert_on_lanes("hist_unchecked", hist_unchecked::explain());
    for v in hist_unchecked::variants() {
        for n in [1, 2, 5, 16, 17, 100, 1001] {
            // Every other value in bounds; the first bad one at `n / 2` is `9 + n`.
            let mut x: Vec<f64> = (0..n).map(|k| (k % 3) as f64).collect();
            x[n / 2] = 9.0 + n as f64;
            if n > 3 {
                x[n - 1] = 1e6;
            }
            let mut bins = vec![0.0; 3];
            let err = hist_unchecked::with(v, &x, &mut bins).unwrap_err();
            assert_eq!(
                err,
                Error::IndexOutOfBounds {
                    kernel: "hist_unchecked",
                    array: "bins",
                    index: 9 + n,
                    len: 3
                },
                "[{v}] n = {n}"
            );
        }
    }
}

/// Integers that vary: a 2-D histogram's flat bin `kx * ny + ky`, and a gather at
/// `n - 1 - i` (the loop index as a value).
#[kernel(signature = "void(f8[:], f8[:], f8[:], f8[:])", parallel)]
pub fn hist_2d(x: &[f64], y: &[f64], bins: &mut [f64], rev: &mut [f64]) {
    let n = len(x);
    let side: usize = 4;
    for i in prange(n) {
        let kx = (x[i] * 4.0) as usize;
        let ky = (y[i] * 4.0) as usize;
        if kx < side && ky < side {
            bins[kx * side + ky] += 1.0;
        }
        let j = n - 1 - i;
        rev[i] = x[j] + (j % 3) as f64;
    }
}

#[test]
fn integers_vary_lane_by_lane() {
    let text = hist_2d::explain();
    assert_on_lanes("hist_2d", text);
    assert!(
        text.contains("integers (lane by lane): `j`, `kx`, `ky`"),
        "{text}"
    );
    for v in hist_2d::variants() {
        for n in call_lengths() {
            let x: Vec<f64> = wave(n, 4).iter().map(|e| e.abs() * 1.1).collect();
            let y: Vec<f64> = wave(n, 8).iter().map(|e| e.abs() * 1.1).collect();
            let (mut bins, mut rev) = (vec![0.0; 16], vec![SENTINEL; n]);
            hist_2d::with(v, &x, &y, &mut bins, &mut rev).unwrap();
            let mut want = vec![0.0; 16];
            for (&a, &b) in x.iter().zip(&y) {
                let (kx, ky) = ((a * 4.0) as usize, (b * 4.0) as usize);
                if kx < 4 && ky < 4 {
                    want[kx * 4 + ky] += 1.0;
                }
            }
            assert_eq!(bins, want, "hist_2d [{v}] n = {n}");
            let want: Vec<f64> = (0..n)
                .map(|i| x[n - 1 - i] + ((n - 1 - i) % 3) as f64)
                .collect();
            assert_eq!(rev, want, "hist_2d [{v}] n = {n}");
        }
    }
}

/// `f32` lanes: a Rust function of `f32`s (a literal argument takes its parameter's
/// type) and a histogram of its values.
fn scale32(v: f32, s: f32) -> f32 {
    v * s
}

#[kernel(signature = "void(f4[:], f4[:], f4[:])", parallel)]
pub fn hist32(x: &[f32], bins: &mut [f32], out: &mut [f32]) {
    let nb = len(bins);
    for i in prange(len(x)) {
        let y: f32 = scale32(x[i], 3.0);
        out[i] = y;
        let k = y as usize;
        if k < nb {
            bins[k] += 1.0;
        }
    }
}

#[test]
fn f32_calls_and_histograms() {
    assert_on_lanes("hist32", hist32::explain());
    for v in hist32::variants() {
        for n in call_lengths() {
            let x: Vec<f32> = wave(n, 6).iter().map(|e| e.abs() as f32).collect();
            let (mut bins, mut out) = (vec![0.0f32; 3], vec![0.0f32; n]);
            hist32::with(v, &x, &mut bins, &mut out).unwrap();
            let want: Vec<f32> = x.iter().map(|&e| scale32(e, 3.0)).collect();
            assert_eq!(out, want, "hist32 [{v}] n = {n}");
            let mut counts = vec![0.0f32; 3];
            for &y in &want {
                if (y as usize) < 3 {
                    counts[y as usize] += 1.0;
                }
            }
            assert_eq!(bins, counts, "hist32 [{v}] n = {n}");
        }
    }
}
