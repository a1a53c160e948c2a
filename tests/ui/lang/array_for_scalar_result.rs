use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    exp(x)
}

fn main() {}
