use kernelize::kernel;

// The signature's tuple has 2 parts, the Rust fn's 3.
#[kernel(signature = "Tuple((f8[:], f8))(f8[:])")]
pub fn f(x: &[f64]) -> (Vec<f64>, f64, usize) {
    let n = len(x);
    (x * 2.0, sum(x), n)
}

fn main() {}
