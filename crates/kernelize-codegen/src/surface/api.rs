//! What users call: the entry point's body, `with`, `variants`, `explain`, `SIGNATURE`,
//! one entry per backend (`scalar`, `simd`, `parallel`), and `into`/`into_with` for
//! array results.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Surface;
use crate::backend::{self, kernel::rt};

impl Surface<'_> {
    /// The body of `fn NAME`: the dispatcher, or for a kernel of scalars only one lane at
    /// once (dispatching would cost more than the work).
    pub(super) fn entry_body(&self) -> TokenStream {
        let rt = rt();
        let name = &self.decl.func.sig.ident;
        let (fwd, none_out) = (&self.fwd, &self.none_out);
        let call = if self.has_arrays {
            quote!(#name::__dispatch(#rt::Variant::Auto, #(#fwd,)* #none_out))
        } else {
            quote!(#name::__core::<#rt::simd::ScalarTier, false>(#rt::simd::ScalarTier, #(#fwd,)* #none_out))
        };
        quote! {
            match #call {
                ::core::result::Result::Ok(__r) => __r,
                ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
            }
        }
    }

    /// `SIGNATURE`, `explain`, `variants`, `with`, the backends' entries and `into`.
    pub(super) fn api_items(&self) -> TokenStream {
        let rt = rt();
        let (params, fwd, ret, none_out) = (&self.params, &self.fwd, &self.ret, &self.none_out);
        let signature = &self.decl.signature;
        let explain = self.explain_text();
        let applying = || backend::all().into_iter().filter(|b| b.applies(self.decl));
        let variant_pushes = applying().map(|b| b.variants());
        let entries = applying().map(|b| {
            let fname = format_ident!("{}", b.name());
            let (variant, doc) = (b.variant(), b.doc());
            quote! {
                #[doc = #doc]
                pub fn #fname(#(#params),*) -> #ret {
                    match __dispatch(#variant, #(#fwd,)* #none_out) {
                        ::core::result::Result::Ok(__r) => __r,
                        ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
                    }
                }
            }
        });
        let into = self.buffer_items();
        quote! {
            /// The kernel's canonical Numba signature.
            pub const SIGNATURE: &str = #signature;

            /// The fused loop plan: passes, what each reads, computes, reduces and writes,
            /// and why anything was stored or recomputed.
            pub fn explain() -> &'static str {
                #explain
            }

            /// The variants this CPU can run, for [`with`].
            pub fn variants() -> ::std::vec::Vec<#rt::Variant> {
                let mut __list = ::std::vec::Vec::new();
                #(#variant_pushes)*
                __list
            }

            /// Runs one named variant (or `Variant::Auto`): an `Err`, not a panic, when
            /// this CPU lacks it or the arguments are invalid.
            pub fn with(variant: #rt::Variant, #(#params),*) -> ::core::result::Result<#ret, #rt::Error> {
                __dispatch(variant, #(#fwd,)* #none_out)
            }

            #(#entries)*

            #into
        }
    }

    /// `into` and `into_with`, for array results.
    fn buffer_items(&self) -> Option<TokenStream> {
        if !self.array_result() {
            return None;
        }
        let rt = rt();
        let (params, fwd, t) = (&self.params, &self.fwd, &self.t);
        let names = self.decl.args.iter().map(|a| &a.name);
        // The buffer's name: `out`, unless an argument has it.
        let out = if self.decl.args.iter().any(|a| a.name == "out") {
            quote::format_ident!("out_buffer")
        } else {
            quote::format_ident!("out")
        };
        Some(quote! {
            /// Writes the result into `out` (no allocation), with the dispatcher's variant.
            /// Panics if `out` does not have the result's length or on the errors
            /// [`with`] returns.
            pub fn into(#(#params,)* #out: &mut [#t]) {
                if let ::core::result::Result::Err(__e) = into_with(#rt::Variant::Auto, #(#names,)* #out) {
                    ::core::panic!("{}", __e);
                }
            }

            /// Writes the result into `out` with one named variant; an `Err` instead of a
            /// panic.
            pub fn into_with(
                variant: #rt::Variant,
                #(#params,)*
                #out: &mut [#t],
            ) -> ::core::result::Result<(), #rt::Error> {
                __dispatch(variant, #(#fwd,)* ::core::option::Option::Some(#out)).map(|_| ())
            }
        })
    }
}
