use kernelize::kernel;

#[kernel(signature = "f8[:](f8[:])")]
pub fn double(x: f64) -> Vec<f64> {
    x * 2.0
}

fn main() {}
