//! The parallel backend: the sequential backend's chunks spread over the caller's rayon
//! pool. The tier is resolved before rayon splits the work (the whole computation runs
//! inside the tier's `#[target_feature]` function); partials come back in chunk order and
//! combine pairwise, so results do not depend on the thread count.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Backend, KernelCode, kernel::rt};

/// rayon over SIMD chunks.
#[derive(Debug)]
pub struct Parallel;

impl Backend for Parallel {
    fn name(&self) -> &'static str {
        "parallel"
    }
    fn applies(&self, code: &KernelCode<'_>) -> bool {
        code.decl.options.parallel
    }
    fn variant(&self) -> TokenStream {
        let rt = rt();
        quote!(#rt::Variant::Parallel(#rt::dispatch::selected_tier()))
    }
    fn doc(&self) -> &'static str {
        "rayon over SIMD chunks at the selected tier, in the caller's rayon pool; \
         bit-identical to [`simd`]. Panics on the errors [`with`] returns."
    }
    fn variants(&self) -> TokenStream {
        let rt = rt();
        quote! {
            for __t in #rt::dispatch::available_tiers() {
                __list.push(#rt::Variant::Parallel(__t));
            }
        }
    }
    fn drive(&self, code: &KernelCode<'_>, p: usize) -> TokenStream {
        let rt = rt();
        if code.is_find(p) {
            return quote! {
                let __found = #rt::parallel::map_chunks(__len, |__r: ::core::ops::Range<usize>| {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __r = __r; __chunk(__r.start, __r.end) }))
                })
                    .into_iter()
                    .flatten()
                    .next();
            };
        }
        match code.write_target(p) {
            None => quote! {
                let __chunks = #rt::parallel::map_chunks(__len, |__r: ::core::ops::Range<usize>| {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __r = __r; __chunk(__r.start, __r.end) }))
                });
            },
            Some(target) => quote! {
                let __chunks = #rt::parallel::map_chunks_mut(#target, |__lo: usize, __c: &mut [_]| {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] move || { let __c = __c; __chunk(__lo, __lo + __c.len(), __c) }))
                });
            },
        }
    }
}
