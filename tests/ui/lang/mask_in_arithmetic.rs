use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    (x > 0.0) * x
}

fn main() {}
