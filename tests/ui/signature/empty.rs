use kernelize::kernel;

#[kernel(signature = "")]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
