use kernelize::kernel;

#[kernel(signature = "f8(f8[:], f8[:])")]
pub fn scale_sum(x: &[f64], out: &mut [f64]) -> f64 {
    let mut s = 0.0;
    for i in range(len(x)) {
        out[i] = 2.0 * x[i];
        s += out[i];
    }
    s
}

/// A read-only array where the callee writes, the written array passed twice, a view
/// where the callee writes.
#[kernel(signature = "void(f8[:], f8[:])")]
pub fn misuse(x: &[f64], out: &mut [f64]) {
    scale_sum(out, x);
    scale_sum(out, out);
    scale_sum(x, out[1..]);
}

/// Inside an expression.
#[kernel(signature = "f8(f8[:], f8[:])")]
pub fn in_expression(x: &[f64], out: &mut [f64]) -> f64 {
    let s: f64 = 1.0 + scale_sum(x, out);
    s
}

/// Writing an outer array from every `prange` iteration.
#[kernel(signature = "void(f8[:], f8[:])", parallel)]
pub fn in_prange(x: &[f64], out: &mut [f64]) {
    for i in prange(len(x)) {
        scale_sum(x, out);
    }
}

/// A kernel that writes none of its arguments, called as a statement.
#[kernel]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

#[kernel(signature = "void(f8[:], f8[:])")]
pub fn no_effect(x: &[f64], out: &mut [f64]) {
    total(x);
    out[0] = 1.0;
}

fn main() {}
