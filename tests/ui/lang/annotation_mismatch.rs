use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let m: Vec<f64> = max(x);
    m
}

fn main() {}
