//! The parallel backend: the sequential backend's chunks spread over the caller's rayon
//! pool. The tier is resolved before rayon splits the work (the whole computation runs
//! inside the tier's `#[target_feature]` function); partials come back in chunk order and
//! combine pairwise, so results do not depend on the thread count.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Backend, KernelCode, kernel::rt};
use crate::model::KernelDecl;

/// rayon over SIMD chunks.
#[derive(Debug)]
pub struct Parallel;

impl Backend for Parallel {
    fn name(&self) -> &'static str {
        "parallel"
    }
    fn applies(&self, decl: &KernelDecl) -> bool {
        decl.options.parallel
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
        super::drive_chunks(code, p, "map_chunks", "map_chunks_mut", |chunk| {
            quote! {
                let __found = #rt::parallel::map_chunks(__len, #chunk)
                    .into_iter()
                    .flatten()
                    .next();
            }
        })
    }
}
