use kernelize::kernel;

// Errors in the signature string, in the attribute and in the Rust fn are reported
// together: every bad name in the string, the bad option, the unsupported Rust type.
#[kernel(signature = "f9[:](c16, float65)", fastmath = yes)]
pub fn f(x: Vec<f64>, y: f64) -> Vec<f64> {
    x
}

fn main() {}
