use kernelize::kernel;

#[kernel(parallel = true)]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
