use kernelize::kernel;

#[kernel(parallel, nogil, parallel)]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
