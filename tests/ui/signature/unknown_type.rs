use kernelize::kernel;

#[kernel(signature = "f8[:](f9[:])")]
pub fn f(x: &[f64]) -> Vec<f64> {
    x.to_vec()
}

fn main() {}
