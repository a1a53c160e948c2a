//! Targets: the loop IR ([`crate::kir`]) compiled into code. One module per target.
//!
//! - [`inorder`]: plain Rust, one iteration at a time, the same code in every variant
//!   (bodies with statements), which hands each `prange` whose body can run on SIMD
//!   lanes to
//! - [`lanes`]: the body once per vector of iterations, under masks.

pub mod inorder;
pub mod lanes;
