// `match` is not supported: point at the `match` and suggest `if` / `else if` / `else`.
use kernelize::kernel;

#[kernel]
pub fn weight(k: i64, x: f64) -> f64 {
    match k {
        0 => x,
        1 => 2.0 * x,
        _ => 0.0,
    }
}

fn main() {}
