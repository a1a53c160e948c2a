use kernelize::kernel;

#[kernel(signature, parallel)]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
