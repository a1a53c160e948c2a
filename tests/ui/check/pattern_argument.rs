use kernelize::kernel;

#[kernel]
pub fn total(_: &[f64], (a, b): (f64, f64)) -> f64 {
    a + b
}

fn main() {}
