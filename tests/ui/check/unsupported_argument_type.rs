use kernelize::kernel;

#[kernel]
pub fn total(x: &[u8; 4]) -> f64 {
    sum(x)
}

fn main() {}
