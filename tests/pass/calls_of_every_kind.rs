//! A kernel calling a ufunc-style kernel, a kernel returning an array and one returning
//! one value, all without annotations: each behaves as its callee is.
use kernelize::kernel;

#[kernel]
pub fn square(v: f64) -> f64 {
    v * v
}

#[kernel]
pub fn shifted(x: &[f64]) -> Vec<f64> {
    x + 1.0
}

#[kernel]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

#[kernel]
pub fn mix(x: &[f64], w: &[f64]) -> Vec<f64> {
    square(x) + shifted(x) / total(w)
}

#[kernel]
pub fn norm(x: &[f64]) -> f64 {
    sqrt(total(x * 1.0 + 0.0) * 0.0 + sum(square(x)))
}

fn main() {
    let x = [1.0, 2.0, 3.0];
    let w = [0.5, 1.5];
    assert_eq!(
        mix(&x, &w),
        vec![1.0 + 2.0 / 2.0, 4.0 + 3.0 / 2.0, 9.0 + 4.0 / 2.0]
    );
    assert!(mix::explain().contains("ufunc-style"));
    assert!((norm(&x) - 14f64.sqrt()).abs() < 1e-15);
}
