use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    return sum(x);
    max(x)
}

fn main() {}
