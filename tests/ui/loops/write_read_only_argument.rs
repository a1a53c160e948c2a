// Writing into a read-only `&[f64]` argument: say `x` is read-only and to take it as `&mut [f64]` (signature `f8[:]` either way) to write into it.
use kernelize::kernel;

#[kernel(signature = "void(f8[:], f8)")]
pub fn scale(x: &[f64], a: f64) {
    for i in 0..len(x) {
        x[i] = x[i] * a;
    }
}

fn main() {}
