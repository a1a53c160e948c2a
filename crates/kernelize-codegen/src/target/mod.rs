//! Targets: the loop IR ([`crate::kir`]) compiled into code. One module per target.
//!
//! - [`inorder`]: plain Rust, one iteration at a time, the same code in every variant
//!   (bodies with statements, until their loops run on SIMD lanes).

pub mod inorder;
