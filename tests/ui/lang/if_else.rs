use kernelize::kernel;

#[kernel]
pub fn f(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.0 }
}

fn main() {}
