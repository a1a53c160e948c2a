//! The SIMD backend: one thread, at the tier the dispatcher selected; passes run their
//! chunks in order (the same chunks the parallel backend spreads over threads).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Backend, KernelCode, kernel::rt};
use crate::model::KernelDecl;

/// One thread, SIMD at the selected tier.
#[derive(Debug)]
pub struct SimdBackend;

impl Backend for SimdBackend {
    fn name(&self) -> &'static str {
        "simd"
    }
    fn applies(&self, _: &KernelDecl) -> bool {
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
        // Chunks in order on this thread, each in the tier's frame of its own, from a
        // runtime loop that cannot inline it (see `parallel::serial_map_chunks`): all
        // passes inlined into one frame compiled worse.
        let rt = rt();
        super::drive_chunks(
            code,
            p,
            "serial_map_chunks",
            "serial_map_chunks_mut",
            |chunk| quote!(let __found = #rt::parallel::serial_find_chunks(__len, #chunk);),
        )
    }
}
