use kernelize::kernel;

#[kernel]
pub fn scale(x: &[f64], s: f64) -> Vec<f64> {
    x * s
}

/// A caller passing an `i64` for an `f64`: the error points at the kernel's parameter, not
/// at the attribute.
fn main() {
    let _ = scale(&[1.0], 2i64);
}
