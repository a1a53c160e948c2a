use kernelize::kernel;

#[kernel(parallel)]
pub fn total(x: Vec<f64>) -> f64 {
    sum(x)
}

fn main() {}
