//! Kernels calling kernels that write their `&mut` arrays: `f(x, out);` as a statement
//! and `let v = f(x, out);`, into `&mut` arguments and local arrays, in every variant.

use kernelize::{Error, Variant, kernel};

/// `out = 2 x`, a `void` kernel writing its `&mut` argument.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
fn scale_into(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        out[i] = 2.0 * x[i];
    }
}

/// `out = 2 x` and its sum.
#[kernel(signature = "f8(f8[:], f8[:])")]
fn scale_sum(x: &[f64], out: &mut [f64]) -> f64 {
    let mut s = 0.0;
    for i in range(len(x)) {
        out[i] = 2.0 * x[i];
        s += out[i];
    }
    s
}

/// Takes `out` as `&mut` but only reads it.
#[kernel(signature = "f8(f8[:])")]
fn first(out: &mut [f64]) -> f64 {
    out[0]
}

/// Every value `v` into `out`.
#[kernel(signature = "void(f8, f8[:])")]
fn fill_with(v: f64, out: &mut [f64]) {
    for i in range(len(out)) {
        out[i] = v;
    }
}

/// Into a `&mut` argument, then through a local array into it again (an array
/// expression as the argument read): `out = 4 x`.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
fn four_times(x: &[f64], out: &mut [f64]) {
    scale_into(x, out);
    let mut t = zeros(len(x));
    scale_into(out, t);
    scale_into(x, out);
    scale_into(t * 0.5, out);
}

/// A scalar result bound by `let`, a view and a local array.
#[kernel(signature = "f8(f8[:])")]
fn tail_sum(x: &[f64]) -> f64 {
    let mut t = zeros(len(x) - 1);
    let s = scale_sum(x[1..], t);
    let f: f64 = first(t);
    s + f
}

/// A call inside a `prange`, writing an array declared in the iteration.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
fn spread(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        let mut t = zeros(3);
        fill_with(x[i] * 2.0, t);
        out[i] = t[0] + t[1] + t[2];
    }
}

/// Nothing but the call and an array expression: the call makes it a body with statements.
#[kernel(signature = "f8(f8[:], f8[:])")]
fn scaled_total(x: &[f64], out: &mut [f64]) -> f64 {
    scale_into(x, out);
    sum(out)
}

fn data(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| (((i * 7919) % 101) as f64 - 50.0) / 7.0)
        .collect()
}

#[test]
fn calls_write_into_mut_arguments_and_local_arrays() {
    for n in [1, 2, 17, 3 * 16384 + 5] {
        let x = data(n);
        let want: Vec<f64> = x.iter().map(|a| 4.0 * a).collect();
        let spread_want: Vec<f64> = x.iter().map(|a| 3.0 * (a * 2.0)).collect();
        for v in four_times::variants() {
            let mut out = vec![f64::NAN; n];
            four_times::with(v, &x, &mut out).unwrap();
            assert_eq!(out, want, "{v} {n}");
            let mut out = vec![f64::NAN; n];
            spread::with(v, &x, &mut out).unwrap();
            assert_eq!(out, spread_want, "{v} {n}");
        }
        let want_sum: f64 =
            x[1..].iter().map(|a| 2.0 * a).sum::<f64>() + 2.0 * x.get(1).unwrap_or(&0.0);
        if n > 1 {
            for v in tail_sum::variants() {
                let got = tail_sum::with(v, &x).unwrap();
                assert!(
                    (got - want_sum).abs() <= 1e-9 * (1.0 + want_sum.abs()),
                    "{v} {n}"
                );
            }
        }
    }
}

#[test]
fn a_call_statement_then_a_value() {
    let mut out = [0.0; 3];
    assert_eq!(scaled_total(&[1.0, 2.0, 3.0], &mut out), 12.0);
    assert_eq!(out, [2.0, 4.0, 6.0]);
}

#[test]
fn a_callee_error_names_both_kernels() {
    let x = data(4);
    let mut short = vec![0.0; 3];
    for v in four_times::variants() {
        let err = four_times::with(v, &x, &mut short).unwrap_err();
        assert_eq!(
            err,
            Error::InCall {
                kernel: "four_times",
                callee: Box::new(Error::IndexOutOfBounds {
                    kernel: "scale_into",
                    array: "out",
                    index: 3,
                    len: 3
                })
            },
            "{v}"
        );
    }
    let err = tail_sum::with(Variant::Scalar, &[1.0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tail_sum, calling first: index 0 is out of bounds for `out`, which has 0 elements"
    );
}
