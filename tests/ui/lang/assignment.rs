use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let s = sum(x);
    s = s * 2.0;
    s
}

fn main() {}
