use kernelize::kernel;

// A tuple is only a result type.
#[kernel(signature = "f8(Tuple((f8[:], f8)))")]
pub fn f(x: f64) -> f64 {
    x
}

fn main() {}
