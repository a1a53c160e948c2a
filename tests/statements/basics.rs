//! First kernels with statements: each construct once, against plain Rust.

use kernelize::{Error, Variant, kernel};

#[kernel(parallel)]
fn running_sum(x: &[f64], out: &mut [f64]) {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i];
        out[i] = s;
    }
}

#[kernel]
fn first_above(x: &[f64], t: f64) -> i64 {
    for i in 0..x.len() {
        if x[i] > t {
            return i as i64;
        }
    }
    -1
}

#[kernel(parallel)]
fn psum(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[kernel]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut k = 0;
    while k < 60 && (x * x - a).abs() > 1e-12 * a {
        x = 0.5 * (x + a / x);
        k += 1;
    }
    x
}

#[kernel]
fn reversed(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut out = zeros(n);
    for i in (0..n).rev() {
        out[n - 1 - i] = x[i];
    }
    out
}

#[kernel]
fn next_diff(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i + 1] - x[i];
    }
    s
}

fn data(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i * 7919) % 101) as f64 - 50.0).collect()
}

#[test]
fn basics_match_plain_rust() {
    for n in [0, 1, 2, 17, 1000] {
        let x = data(n);
        for v in running_sum::variants() {
            let mut out = vec![0.0; n];
            running_sum::with(v, &x, &mut out).unwrap();
            let mut s = 0.0;
            let want: Vec<f64> = x
                .iter()
                .map(|a| {
                    s += a;
                    s
                })
                .collect();
            assert_eq!(out, want, "{v:?}");
        }
        let want = x.iter().position(|&a| a > 30.0).map_or(-1, |i| i as i64);
        assert_eq!(first_above(&x, 30.0), want);
        let got = psum::with(Variant::Auto, &x).unwrap();
        assert!((got - x.iter().sum::<f64>()).abs() < 1e-9);
        let mut r = x.clone();
        r.reverse();
        assert_eq!(reversed(&x), r);
    }
    assert!((newton_sqrt(2.0) - 2f64.sqrt()).abs() < 1e-12);
}

#[test]
fn an_index_out_of_bounds_is_an_error() {
    let x = data(5);
    for v in next_diff::variants() {
        assert_eq!(
            next_diff::with(v, &x),
            Err(Error::IndexOutOfBounds {
                kernel: "next_diff",
                array: "x",
                index: 5,
                len: 5
            })
        );
    }
    println!("{}", psum::explain());
}

/// Array expressions among statements: a reduction, an elementwise array bound with
/// `let` and indexed, a whole-array result, with a literal written `2.`.
#[kernel(parallel)]
fn normalise_then_clip(x: &[f64], hi: f64) -> Vec<f64> {
    let m = max(x);
    let e = exp(x - m);
    let s = sum(e);
    let mut out = zeros(len(x));
    for i in 0..x.len() {
        let v = e[i] / s * 2.;
        out[i] = if v > hi { hi } else { v };
    }
    out
}

#[kernel]
fn centred(x: &[f64]) -> Vec<f64> {
    let mut m = 0.0;
    for i in 0..x.len() {
        m += x[i];
    }
    m /= len(x) as f64;
    x - m
}

#[test]
fn array_expressions_mix_with_statements() {
    for n in [1, 5, 1000, 70_000] {
        let x = data(n);
        let m = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let e: Vec<f64> = x.iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        for v in normalise_then_clip::variants() {
            let got = normalise_then_clip::with(v, &x, 0.01).unwrap();
            for (g, ei) in got.iter().zip(&e) {
                let want = (ei / s * 2.0).min(0.01);
                assert!(
                    (g - want).abs() <= 1e-12 * want.abs().max(1e-300),
                    "{v:?} {g} {want}"
                );
            }
        }
        let mean = x.iter().sum::<f64>() / n as f64;
        let got = centred(&x);
        assert_eq!(got.len(), n);
        assert!(
            got.iter()
                .zip(&x)
                .all(|(g, v)| (g - (v - mean)).abs() < 1e-9)
        );
    }
    assert_eq!(
        normalise_then_clip::with(Variant::Auto, &[], 1.0),
        Err(Error::EmptyReduction {
            kernel: "normalise_then_clip",
            reduction: "max",
            operand: "x"
        })
    );
}

#[kernel]
fn shifted(x: &[f64], by: f64) -> Vec<f64> {
    x + by
}

/// A kernel called with arrays from a body with statements, and its errors named by the
/// caller.
#[kernel]
fn call_then_loop(x: &[f64]) -> f64 {
    let y = shifted(x, 1.0);
    let mut best = 0.0;
    for i in 0..y.len() {
        best = max(best, y[i]);
    }
    best + sum(shifted(y, -1.0)) * 0.0
}

#[test]
fn kernels_are_called_from_statements() {
    let x = data(100);
    let want = x.iter().map(|v| v + 1.0).fold(0.0, f64::max);
    assert_eq!(call_then_loop(&x), want);
    println!("{}", call_then_loop::explain());
}

/// Integer `let`s learn their type from their uses, as Rust infers: a counter returned as
/// `usize`, one accumulating `usize` indices and cast to `f64`.
#[kernel]
fn count_and_mean_index(x: &[f64]) -> usize {
    let mut c = 0;
    let mut total = 0;
    for i in 0..len(x) {
        if x[i] > 0.0 {
            c += 1;
            total += i;
        }
    }
    let _mean = total as f64 / max(c, 1) as f64;
    c
}

/// A kernel of scalars returning an array it builds.
#[kernel]
fn ramp(n: usize, step: f64) -> Vec<f64> {
    let mut a = zeros(n);
    for i in 0..n {
        a[i] = i as f64 * step;
    }
    a
}

#[test]
fn integer_lets_and_scalar_kernels_returning_arrays() {
    let x = data(50);
    assert_eq!(
        count_and_mean_index(&x),
        x.iter().filter(|v| **v > 0.0).count()
    );
    assert_eq!(ramp(4, 0.5), vec![0.0, 0.5, 1.0, 1.5]);
}

/// A kernel of one scalar with statements, applied elementwise by an array kernel.
#[kernel]
fn leaky(v: f64) -> f64 {
    if v > 0.0 { v } else { 0.01 * v }
}

#[kernel]
fn leaky_all(x: &[f64]) -> Vec<f64> {
    leaky(x) * 2.0
}

#[test]
fn a_scalar_kernel_with_statements_acts_elementwise() {
    let x = data(1001);
    for v in leaky_all::variants() {
        let got = leaky_all::with(v, &x).unwrap();
        let want: Vec<f64> = x
            .iter()
            .map(|&a| if a > 0.0 { a } else { 0.01 * a } * 2.0)
            .collect();
        assert_eq!(got, want, "{v:?}");
    }
}

fn smoothstep(e0: f64, e1: f64, v: f64) -> f64 {
    let t = ((v - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Rust functions and kernels of scalars called inside loops: their results take the
/// type the context asks for.
#[kernel]
fn smooth_all(x: &[f64], out: &mut [f64]) {
    for i in 0..x.len() {
        out[i] = smoothstep(-10.0, 10.0, x[i]);
        let l: f64 = leaky(out[i] - 0.5);
        out[i] += l;
    }
}

#[test]
fn rust_functions_are_called_from_loops() {
    let x = data(300);
    let mut out = vec![0.0; 300];
    smooth_all(&x, &mut out);
    for (o, &v) in out.iter().zip(&x) {
        let s = smoothstep(-10.0, 10.0, v);
        let l = if s - 0.5 > 0.0 {
            s - 0.5
        } else {
            0.01 * (s - 0.5)
        };
        assert_eq!(*o, s + l);
    }
}

/// Loops over elements, as Numba code iterates arrays.
#[kernel]
fn dot_by_elements(x: &[f64], y: &[f64]) -> f64 {
    let mut s = 0.0;
    for (a, b) in x.iter().zip(y) {
        s += a * b;
    }
    let mut first_neg: i64 = -1;
    for (i, v) in x.iter().enumerate() {
        if *v < 0.0 && first_neg < 0 {
            first_neg = i as i64;
        }
    }
    for v in x {
        s += v * 0.0;
    }
    s + first_neg as f64 * 0.0
}

#[test]
fn loops_over_elements() {
    let x = data(333);
    let y: Vec<f64> = data(400).iter().map(|v| v * 0.5).collect();
    let want: f64 = x.iter().zip(&y).fold(0.0, |s, (a, b)| s + a * b);
    assert_eq!(dot_by_elements(&x, &y), want);
}

/// Local arrays of every kind: `arange`, copies, `_like` forms.
#[kernel]
fn local_arrays(x: &[f64]) -> Vec<f64> {
    let idx: Vec<f64> = arange(len(x));
    let mut c = x.to_vec();
    let d = copy(x);
    let o = ones_like(x);
    let f = full_like(x, 2.5);
    let mut z = zeros_like(x);
    for i in 0..len(x) {
        c[i] += idx[i];
        z[i] = c[i] - d[i] + o[i] * f[i];
    }
    z
}

#[test]
fn local_arrays_of_every_kind() {
    let x = data(40);
    let want: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| (v + i as f64) - v + 2.5)
        .collect();
    assert_eq!(local_arrays(&x), want);
    assert_eq!(local_arrays(&[]), Vec::<f64>::new());
}

/// Views in array expressions and as arguments: differences of neighbours, a window's
/// sum, an inclusive view.
#[kernel]
fn view_forms(x: &[f64], k: usize) -> f64 {
    let n = len(x);
    let d = x[1..] - x[..n - 1];
    let mut total = 0.0;
    for i in 0..len(d) {
        total += d[i] * d[i];
    }
    total + sum(x[..k]) + sum(shifted(x[k..=k], 0.0))
}

#[test]
fn views_in_array_expressions() {
    let x = data(50);
    let d: f64 = x.windows(2).map(|w| (w[1] - w[0]) * (w[1] - w[0])).sum();
    let want = d + x[..7].iter().sum::<f64>() + x[7];
    assert!((view_forms(&x, 7) - want).abs() < 1e-9);
    assert_eq!(
        view_forms::with(Variant::Auto, &x, 60),
        Err(Error::ViewOutOfBounds {
            kernel: "view_forms",
            array: "x",
            start: 0,
            end: 60,
            len: 50
        })
    );
}

#[kernel]
fn middle_copy(x: &[f64]) -> Vec<f64> {
    let mut v = x[1..len(x) - 1];
    for i in 0..len(v) {
        v[i] *= 2.0;
    }
    v
}

#[test]
fn a_bound_view_is_a_copy() {
    let x = data(10);
    let want: Vec<f64> = x[1..9].iter().map(|v| v * 2.0).collect();
    assert_eq!(middle_copy(&x), want);
}

/// A histogram in a `prange`: an array reduction, through private copies per chunk
/// combined in chunk order; counts are exact, sums of weights bit-identical at any thread
/// count.
#[kernel(parallel)]
fn weighted_histogram(x: &[f64], w: &[f64], counts: &mut [f64], weights: &mut [f64]) {
    let nb = len(counts);
    for i in prange(len(x)) {
        let k = ((x[i] + 50.0) / 101.0 * nb as f64) as usize;
        if k < nb {
            counts[k] += 1.0;
            weights[k] += w[i];
        }
    }
}

#[test]
fn a_prange_histogram_reduces_into_private_copies() {
    let n: usize = 3 * 16384 * 64 + 123;
    let x: Vec<f64> = (0..n).map(|i| ((i * 7919) % 101) as f64 - 50.0).collect();
    let w: Vec<f64> = (0..n).map(|i| 1.0 + ((i * 31) % 17) as f64 * 0.1).collect();
    let nb = 13;
    let mut want = vec![0.0; nb];
    for &v in &x {
        let k = ((v + 50.0) / 101.0 * nb as f64) as usize;
        if k < nb {
            want[k] += 1.0;
        }
    }
    let mut reference: Option<Vec<f64>> = None;
    for v in weighted_histogram::variants() {
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (mut counts, mut weights) = (vec![0.0; nb], vec![0.0; nb]);
            pool.install(|| weighted_histogram::with(v, &x, &w, &mut counts, &mut weights))
                .unwrap();
            assert_eq!(counts, want, "{v:?} {threads}");
            if matches!(v, Variant::Simd(_) | Variant::Parallel(_)) {
                match &reference {
                    None => reference = Some(weights.clone()),
                    Some(r) => assert_eq!(&weights, r, "{v:?} {threads}"),
                }
            }
        }
    }
}

/// Whole-array writes: slice assignment, a compound assignment reading the array first,
/// `fill`.
#[kernel]
fn whole_writes(x: &mut [f64], out: &mut [f64]) {
    x -= max(x);
    out.fill(1.0);
    out[1..3] = x[..2] * 2.0;
    out[..] += x;
}

#[test]
fn arrays_are_written_whole() {
    let mut x = vec![1.0, 4.0, 2.0, 3.0];
    let mut out = vec![0.0; 4];
    whole_writes(&mut x, &mut out);
    assert_eq!(x, vec![-3.0, 0.0, -2.0, -1.0]);
    assert_eq!(out, vec![1.0 - 3.0, -6.0 + 0.0, 0.0 - 2.0, 1.0 - 1.0]);
    let (mut x, mut out) = (vec![1.0; 4], vec![0.0; 3]);
    assert_eq!(
        whole_writes::with(Variant::Auto, &mut x, &mut out),
        Err(Error::LengthMismatch {
            kernel: "whole_writes",
            left: "out",
            left_len: 3,
            right: "x",
            right_len: 4
        })
    );
}

/// Several results as a tuple (Numba's `Tuple`): arrays and scalars.
#[kernel(parallel)]
fn min_max_scaled(x: &[f64]) -> (Vec<f64>, f64, usize) {
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

#[test]
fn several_results_as_a_tuple() {
    let x = data(77);
    let lo = x.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = x.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    for v in min_max_scaled::variants() {
        let (scaled, range, count) = min_max_scaled::with(v, &x).unwrap();
        assert_eq!(range, hi - lo);
        assert_eq!(count, x.iter().filter(|a| **a > 0.0).count());
        let want: Vec<f64> = x.iter().map(|a| (a - lo) / (hi - lo)).collect();
        assert_eq!(scaled, want);
    }
    assert_eq!(
        min_max_scaled::SIGNATURE,
        "Tuple((f8[:], f8, uintp))(f8[:])"
    );
}
