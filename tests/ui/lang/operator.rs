use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    x % 2.0
}

fn main() {}
