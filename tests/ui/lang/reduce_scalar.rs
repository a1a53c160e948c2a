use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64], a: f64) -> f64 {
    sum(a) + sum(x)
}

fn main() {}
