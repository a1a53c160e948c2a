//! What kernelize's generated code calls: CPU detection and the dispatch cache, the
//! [`simd::Simd`] trait and its tiers, the vectorised math library, rayon helpers, error
//! types and output buffers.
//!
//! Users normally depend on the `kernelize` crate, which re-exports what they need.

pub mod buffer;
pub mod call;
pub mod dispatch;
pub mod error;
pub mod inorder;
pub mod lanes;
pub mod loops;
pub mod math;
pub mod parallel;
pub mod simd;
pub mod variant;

pub use error::{Error, or_panic};
pub use variant::{Backend, Tier, Variant};
