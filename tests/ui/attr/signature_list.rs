use kernelize::kernel;

#[kernel(signature = ["f8(f8[:])", "f4(f4[:])"])]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
