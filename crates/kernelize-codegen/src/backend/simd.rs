//! The SIMD backend: one thread, at the tier the dispatcher selected; passes run their
//! chunks in order (the same chunks the parallel backend spreads over threads).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Backend, KernelCode, kernel::rt};

/// One thread, SIMD at the selected tier.
#[derive(Debug)]
pub struct SimdBackend;

impl Backend for SimdBackend {
    fn name(&self) -> &'static str {
        "simd"
    }
    fn applies(&self, _: &KernelCode<'_>) -> bool {
        true
    }
    fn variant(&self) -> TokenStream {
        let rt = rt();
        quote!(#rt::Variant::Simd(#rt::dispatch::selected_tier()))
    }
    fn doc(&self) -> &'static str {
        "One thread, SIMD at the best tier this CPU has (or the one `KERNELIZE_ISA` / \
         `set_isa` chose). Panics on the errors [`with`] returns."
    }
    fn variants(&self) -> TokenStream {
        let rt = rt();
        quote! {
            for __t in #rt::dispatch::available_tiers() {
                if __t != #rt::Tier::Scalar {
                    __list.push(#rt::Variant::Simd(__t));
                }
            }
        }
    }
    fn drive(&self, code: &KernelCode<'_>, p: usize) -> TokenStream {
        let rt = rt();
        // Like the parallel backend, each chunk enters the tier's frame through
        // `vectorize`, from a runtime loop that cannot inline it: every pass's chunk code
        // is then a function of its own, which compiles better than all passes inlined
        // into one frame (see `parallel::serial_map_chunks`).
        if code.is_find(p) {
            return quote! {
                let __found = #rt::parallel::serial_find_chunks(__len, |__r: ::core::ops::Range<usize>| {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __r = __r; __chunk(__r.start, __r.end) }))
                });
            };
        }
        match code.write_target(p) {
            None => quote! {
                let __chunks = #rt::parallel::serial_map_chunks(__len, |__r: ::core::ops::Range<usize>| {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __r = __r; __chunk(__r.start, __r.end) }))
                });
            },
            Some(target) => quote! {
                let __chunks = #rt::parallel::serial_map_chunks_mut(#target, |__lo: usize, __c: &mut [_]| {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __c = __c; __chunk(__lo, __lo + __c.len(), __c) }))
                });
            },
        }
    }
}
