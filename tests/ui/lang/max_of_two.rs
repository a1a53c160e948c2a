use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64], y: &[f64]) -> Vec<f64> {
    max(x, y)
}

fn main() {}
