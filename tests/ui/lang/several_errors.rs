use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let a = x.foo();
    let b = sum(y);
    for _ in 0..2 {}
    sum(x % 2.0)
}

fn main() {}
