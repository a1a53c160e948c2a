use kernelize::kernel;

#[kernel]
pub fn f(x: &[f64]) -> f64 {
    println!("hello");
    sum(x)
}

fn main() {}
