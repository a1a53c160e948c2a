use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let g = |v| v * 2.0;
    sum(x)
}

fn main() {}
