use kernelize::kernel;

#[kernel]
pub fn total<T>(x: &[T]) -> T {
    sum(x)
}

fn main() {}
