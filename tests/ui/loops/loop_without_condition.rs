// `loop { }` is refused: point at the `loop` and suggest `while condition { .. }` (here `while steps < 100`).
use kernelize::kernel;

#[kernel]
pub fn halvings(a: f64) -> i64 {
    let mut v = a;
    let mut steps: i64 = 0;
    loop {
        if v < 1.0 || steps >= 100 {
            break;
        }
        v = v / 2.0;
        steps += 1;
    }
    steps
}

fn main() {}
