use kernelize::kernel;

// Every problem is reported in one compile: an unknown option, a repeated one, and each
// disagreement between the signature and the Rust fn.
#[kernel(signature = "f8[:](f8[:], f4, intp)", paralel, nogil, nogil)]
pub fn clipped<'a>(x: f64, lo: f64, n: &'a usize) -> f64 {
    x
}

fn main() {}
