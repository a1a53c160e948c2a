//! Backends: how a kernel's work is spread. One module per backend, all implementing
//! [`Backend`]; [`all`] is the one list. The computation itself is written once
//! ([`kernel`]), generic over the instruction-set tier, and every backend runs it:
//!
//! - [`scalar`]: the SIMD code at the one-lane tier, one thread;
//! - [`simd`]: the SIMD code at the selected tier, one thread, chunks run in order;
//! - [`parallel`]: the same chunks spread over rayon (kernels declared `parallel`).
//!
//! The sequential and the parallel drivers cut every pass into the same chunks, so at one
//! tier the `simd` and `parallel` variants give bit-identical results.

pub mod kernel;
pub mod parallel;
pub mod scalar;
pub mod simd;

use proc_macro2::TokenStream;

pub use kernel::KernelCode;

/// One way of running a kernel.
pub trait Backend {
    /// The entry point's name in the kernel's module (`scalar`, `simd`, `parallel`).
    fn name(&self) -> &'static str;
    /// `true` if the kernel gets this backend.
    fn applies(&self, code: &KernelCode<'_>) -> bool;
    /// The `kernelize::Variant` expression the entry point runs.
    fn variant(&self) -> TokenStream;
    /// The entry point's doc comment.
    fn doc(&self) -> &'static str;
    /// Statements pushing the variants this backend offers on this CPU onto `__list`.
    fn variants(&self) -> TokenStream;
    /// Code running pass `p`'s `__chunk` closure over `0..__len`, binding `__chunks`
    /// (partials in chunk order) or, for a search, `__found`.
    fn drive(&self, code: &KernelCode<'_>, p: usize) -> TokenStream;
}

/// Every backend, in the order their variants are listed.
pub fn all() -> [&'static dyn Backend; 3] {
    [&scalar::Scalar, &simd::SimdBackend, &parallel::Parallel]
}
