//! Calls a kernel once refused or could not compile (issue 16): each callee's signature
//! is known to the caller, so every kind of argument works without a typed `let`.
use kernelize::{Variant, kernel};

#[kernel]
pub fn inner(x: &[f64]) -> Vec<f64> {
    x * 2.0
}

#[kernel]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

#[kernel]
pub fn sq(x: &[f64]) -> Vec<f64> {
    x * x
}

#[kernel]
pub fn square(v: f64) -> f64 {
    v * v
}

#[kernel]
pub fn axpy(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> {
    a * x + y
}

#[kernel]
pub fn scale(x: &[f64], s: f64) -> Vec<f64> {
    x * s
}

#[kernel]
pub fn count(x: &[f64]) -> usize {
    len(x)
}

/// A scalar comparison as `select`'s mask in a `parallel` kernel.
#[kernel(parallel)]
pub fn pick(x: &[f32], a: f32) -> Vec<f32> {
    select(a < 1.0, x, 0.0)
}

/// A typed `let` bound to a call with an array-expression argument, then combined with
/// an argument (the length class's root is the argument, known on entry).
#[kernel]
pub fn typed_then_combined(xs: &[f64]) -> Vec<f64> {
    let t0: Vec<f64> = inner(-xs);
    t0 + xs
}

/// A kernel call as the array argument of another call, whatever the inner kernel is.
#[kernel]
pub fn nested_array(x: &[f64]) -> f64 {
    let t: f64 = total(sq(x));
    t
}

#[kernel]
pub fn nested_ufunc(x: &[f64]) -> f64 {
    total(square(x))
}

#[kernel(parallel)]
pub fn nested_twice(x: &[f64]) -> Vec<f64> {
    axpy(1.0, x, axpy(2.0, x, x))
}

/// An untyped `let` holding a one-value call, passed as a scalar argument.
#[kernel]
pub fn scalar_from_call(x: &[f64]) -> Vec<f64> {
    let s = total(x);
    scale(x, s)
}

/// An integer result passed where a float is taken, and an expression materialised.
#[kernel]
pub fn by_count(x: &[f64]) -> Vec<f64> {
    scale(x * 1.0 + 0.0, count(x))
}

/// A scalar predicate kernel.
#[kernel(signature = "b1(f8)")]
pub fn pos(x: f64) -> bool {
    x > 0.0
}

/// A plain Rust function returning a `Vec`, bound by a typed `let`.
pub fn ramp(n: f64) -> Vec<f64> {
    vec![n, n + 1.0, n + 2.0]
}

#[kernel]
pub fn plus_ramp(x: &[f64], n: f64) -> Vec<f64> {
    let r: Vec<f64> = ramp(n);
    x + r
}

/// Four kernels called with arrays and no typed `let`, one returning one value.
#[kernel]
pub fn four_callees(z: &[f64]) -> Vec<f64> {
    inner(z) + sq(z) + axpy(1.0, z, z) + total(z)
}

fn main() {
    let x = [1.0, -2.0, 3.0];
    assert_eq!(pick(&[1.0, 2.0], 0.5), vec![1.0, 2.0]);
    assert_eq!(pick(&[1.0, 2.0], 1.5), vec![0.0, 0.0]);
    for v in pick::variants() {
        assert_eq!(pick::with(v, &[1.0, 2.0], 0.5).unwrap(), vec![1.0, 2.0]);
    }
    assert_eq!(typed_then_combined(&x), vec![-1.0, 2.0, -3.0]);
    assert_eq!(nested_array(&x), 14.0);
    assert_eq!(nested_ufunc(&x), 14.0);
    assert_eq!(nested_twice(&x), vec![4.0, -8.0, 12.0]);
    for v in nested_twice::variants() {
        assert_eq!(nested_twice::with(v, &x).unwrap(), vec![4.0, -8.0, 12.0]);
    }
    assert_eq!(scalar_from_call(&x), vec![2.0, -4.0, 6.0]);
    assert_eq!(by_count(&x), vec![3.0, -6.0, 9.0]);
    assert!(pos(1.0) && !pos(-1.0) && !pos(f64::NAN));
    assert_eq!(plus_ramp(&x, 10.0), vec![11.0, 9.0, 15.0]);
    // A length mismatch with the function's array is an error naming the call.
    let err = plus_ramp::with(Variant::Auto, &[1.0], 0.0).unwrap_err();
    assert!(err.to_string().contains("ramp(n)"), "{err}");
    assert_eq!(
        four_callees(&x),
        vec![
            2.0 + 1.0 + 2.0 + 2.0,
            -4.0 + 4.0 - 4.0 + 2.0,
            6.0 + 9.0 + 6.0 + 2.0
        ]
    );
}

#[kernel]
pub fn pair(a: &[f64], b: &[f64]) -> Vec<f64> {
    a + b
}

/// A call's two array arguments, one part of the other, the larger also reduced (found by
/// the fuzzer: its temporary was read before the pass writing it).
#[kernel]
pub fn overlapping(x: &[f64]) -> Vec<f64> {
    pair(x * 2.0, x * 2.0 + 1.0) + max(x * 2.0 + 1.0)
}

/// The length of a call's result (found by the fuzzer), and a stray `;`.
#[kernel]
pub fn len_of_call(x: &[f64]) -> f64 {
    let n = len(inner(x));;
    n
}
