use kernelize::kernel;

#[kernel]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let s: Vec<f64> = sigmoid(x);
    sum(s)
}

fn main() {}
