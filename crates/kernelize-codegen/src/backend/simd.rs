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
        if code.is_find(p) {
            return quote! {
                let mut __found = ::core::option::Option::None;
                for __k in 0..#rt::parallel::chunk_count(__len) {
                    let __r = #rt::parallel::chunk_range(__len, __k);
                    if let ::core::option::Option::Some(__i) = __chunk(__r.start, __r.end) {
                        __found = ::core::option::Option::Some(__i);
                        break;
                    }
                }
            };
        }
        match code.write_target(p) {
            // Plain loops, not iterator adapters: a closure given to `map` would be a
            // function of its own without the tier's target features.
            None => quote! {
                let mut __chunks = ::std::vec::Vec::with_capacity(#rt::parallel::chunk_count(__len));
                for __k in 0..#rt::parallel::chunk_count(__len) {
                    let __r = #rt::parallel::chunk_range(__len, __k);
                    __chunks.push(__chunk(__r.start, __r.end));
                }
            },
            Some(target) => quote! {
                let __w = #target;
                let mut __chunks = ::std::vec::Vec::with_capacity(#rt::parallel::chunk_count(__len));
                for (__k, __c) in __w.chunks_mut(#rt::parallel::CHUNK).enumerate() {
                    let __lo = __k * #rt::parallel::CHUNK;
                    __chunks.push(__chunk(__lo, __lo + __c.len(), __c));
                }
            },
        }
    }
}
