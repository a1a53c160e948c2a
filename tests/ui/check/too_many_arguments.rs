use kernelize::kernel;

#[kernel(signature = "f8(f8[:])")]
pub fn scaled_total(x: &[f64], scale: f64) -> f64 {
    sum(x) * scale
}

fn main() {}
