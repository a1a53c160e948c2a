use kernelize::kernel;

/// `+=` is refused at the statement, saying what to write instead.
#[kernel]
pub fn f(x: &[f64]) -> f64 {
    let acc = 0.0;
    acc += 1.0;
    acc + sum(x)
}

fn main() {}
