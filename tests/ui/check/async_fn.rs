use kernelize::kernel;

#[kernel]
pub async fn total(x: &[f64]) -> f64 {
    sum(x)
}

fn main() {}
