//! The blog post's experiment in Rust: softmax over 10^8 doubles.

fn main() {
    println!("kernelize softmax example: the kernel language lands with issue 3");
}
