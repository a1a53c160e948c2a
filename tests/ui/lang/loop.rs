use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    for _ in 0..3 {}
    sum(x)
}

fn main() {}
