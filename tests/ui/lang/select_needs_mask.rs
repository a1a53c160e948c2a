use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> Vec<f64> {
    select(x, x, 0.0)
}

fn main() {}
