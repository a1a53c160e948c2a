use kernelize::kernel;

#[kernel(signature = "f8(f8[:], i8)")]
pub fn nth_power(x: &[f64], n: i8) -> f64 {
    sum(power(x, n))
}

fn main() {}
