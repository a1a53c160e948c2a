//! # kernelize
//!
//! Numba's `@jit` for Rust: write one function in a small NumPy-like language inside
//! ordinary Rust syntax, annotate it with `#[kernel]`, and get a scalar variant, SIMD
//! variants for several instruction sets and a rayon-parallel variant; the best one is
//! chosen at run time from the CPU's features and the input's size.

pub use kernelize_macros::kernel;
pub use kernelize_runtime::{Backend, Error, Tier, Variant};

/// What generated code names. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use kernelize_runtime::*;
}
