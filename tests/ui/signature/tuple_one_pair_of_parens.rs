use kernelize::kernel;

// Numba's `Tuple` takes one tuple of types: `Tuple((f8[:], f8))`.
#[kernel(signature = "Tuple(f8[:], f8)(f8[:])")]
pub fn f(x: &[f64]) -> (Vec<f64>, f64) {
    let s = sum(x);
    (x * 2.0, s)
}

fn main() {}
