use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    x[0]
}

fn main() {}
