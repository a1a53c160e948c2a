use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64], y: &[f32]) -> f64 {
    sum(x) + sum(y)
}

fn main() {}
