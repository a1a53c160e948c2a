//! Kernels with statements (loops, `if`, indexing, in-place outputs), checked against
//! plain-Rust references in every variant this machine runs.

mod statements {
    mod basics;
    #[path = "../conformance/harness.rs"]
    pub mod harness;
    mod kernel_calls;
    mod kernels;
    mod lanes;
    mod tuple_into;
}
