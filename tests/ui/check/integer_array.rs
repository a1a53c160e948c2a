use kernelize::kernel;

#[kernel(signature = "i4(i4[:])")]
pub fn total(x: &[i32]) -> i32 {
    sum(x)
}

fn main() {}
