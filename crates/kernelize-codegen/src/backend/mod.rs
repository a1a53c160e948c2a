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
use quote::{format_ident, quote};

pub use kernel::KernelCode;

/// One way of running a kernel.
pub trait Backend {
    /// The entry point's name in the kernel's module (`scalar`, `simd`, `parallel`).
    fn name(&self) -> &'static str;
    /// `true` if the kernel gets this backend.
    fn applies(&self, decl: &crate::model::KernelDecl) -> bool;
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

/// Code running pass `p`'s `__chunk` closure through the runtime's chunk drivers: `map`
/// for a pass that only reads, `map_mut` for one writing a buffer (both named in
/// `kernelize_runtime::parallel`); a search binds `__found` with `find`, given the
/// per-chunk closure. Every chunk enters the tier's `#[target_feature]` frame through
/// `vectorize`, so each pass's chunk code is a function of its own whichever thread runs it.
pub(crate) fn drive_chunks(
    code: &KernelCode<'_>,
    p: usize,
    map: &str,
    map_mut: &str,
    find: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    let rt = kernel::rt();
    let read = quote! {
        |__r: ::core::ops::Range<usize>| {
            #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __r = __r; __chunk(__r.start, __r.end) }))
        }
    };
    if code.is_find(p) {
        return find(read);
    }
    let (map, map_mut) = (format_ident!("{map}"), format_ident!("{map_mut}"));
    match code.write_target(p) {
        None => quote! {
            let __chunks = #rt::parallel::#map(__len, #read);
        },
        Some(target) => quote! {
            let __chunks = #rt::parallel::#map_mut(#target, |__lo: usize, __c: &mut [_]| {
                #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __c = __c; __chunk(__lo, __lo + __c.len(), __c) }))
            });
        },
    }
}
