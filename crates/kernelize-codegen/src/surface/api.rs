//! What users call: the entry point's body, `with`, `variants`, `explain`, `SIGNATURE`,
//! one entry per backend (`scalar`, `simd`, `parallel`), and `into`/`into_with` for
//! results with arrays.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Surface;
use crate::backend::{self, kernel::rt};
use crate::model::ReturnKind;

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
            quote!(#name::__core::<#rt::simd::ScalarTier>(#rt::simd::ScalarTier, false, #(#fwd,)* #none_out))
        };
        quote!(#rt::or_panic(#call))
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
                    #rt::or_panic(__dispatch(#variant, #(#fwd,)* #none_out))
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

    /// `into` and `into_with`, for array results and tuple results with arrays: the
    /// arrays written into the caller's buffers (one per array, `out` or `out0`, `out1`,
    /// ... by the part's position), the tuple of the other parts returned (`()` if none).
    fn buffer_items(&self) -> Option<TokenStream> {
        if !self.takes_buffers() {
            return None;
        }
        let rt = rt();
        let (params, fwd) = (&self.params, &self.fwd);
        let names = self.decl.args.iter().map(|a| &a.name);
        let buffers = &self.outs.buffers;
        let buffer_params = buffers.iter().map(|b| {
            let (n, t) = (&b.name, format_ident!("{}", b.elem.rust_name()));
            quote!(#n: &mut [#t])
        });
        let buffer_params: Vec<TokenStream> = buffer_params.collect();
        let buffer_names = buffers.iter().map(|b| &b.name);
        let some = self.outs.some();
        let (kept_ty, keep) = self.kept_parts();
        let arrow = kept_ty.as_ref().map(|t| quote!(-> #t));
        let kept_ty = kept_ty.unwrap_or_else(|| quote!(()));
        let (into_doc, into_with_doc) = self.buffer_docs();
        Some(quote! {
            #[doc = #into_doc]
            pub fn into(#(#params,)* #(#buffer_params),*) #arrow {
                #rt::or_panic(into_with(#rt::Variant::Auto, #(#names,)* #(#buffer_names),*))
            }

            #[doc = #into_with_doc]
            pub fn into_with(
                variant: #rt::Variant,
                #(#params,)*
                #(#buffer_params,)*
            ) -> ::core::result::Result<#kept_ty, #rt::Error> {
                __dispatch(variant, #(#fwd,)* #some).map(#keep)
            }
        })
    }

    /// What `into` returns, the tuple of the result's scalar parts (`None` for `()`: an
    /// array result or a tuple of arrays), and the closure taking it from the whole result.
    fn kept_parts(&self) -> (Option<TokenStream>, TokenStream) {
        let parts = &self.decl.parts;
        let kept: Vec<usize> = (0..parts.len())
            .filter(|&k| !matches!(parts[k], ReturnKind::Array(_)))
            .collect();
        if kept.is_empty() {
            return (None, quote!(|_| ()));
        }
        let types = kept.iter().map(|&k| super::sig::part_ty(parts[k]));
        let fields = kept.iter().map(|&k| syn::Index::from(k));
        (
            Some(quote!((#(#types,)*))),
            quote!(|__r| (#(__r.#fields,)*)),
        )
    }

    /// The doc comments of `into` and `into_with`.
    fn buffer_docs(&self) -> (String, String) {
        let buffers = &self.outs.buffers;
        let listed: Vec<String> = buffers.iter().map(|b| format!("`{}`", b.name)).collect();
        let listed = listed.join(", ");
        if buffers.len() == 1 && self.decl.ret != ReturnKind::Tuple {
            return (
                format!(
                    " Writes the result into {listed} (no allocation), with the dispatcher's \
                     variant. Panics if {listed} does not have the result's length or on the \
                     errors [`with`] returns."
                ),
                format!(
                    " Writes the result into {listed} with one named variant; an `Err` instead \
                     of a panic."
                ),
            );
        }
        (
            format!(
                " Writes the result's arrays into {listed} (no allocation; one buffer per array \
                 part, named by its position), with the dispatcher's variant, and returns the \
                 other parts as a tuple (`()` if none). Panics if a buffer does not have its \
                 part's length or on the errors [`with`] returns."
            ),
            format!(
                " Writes the result's arrays into {listed} with one named variant and returns \
                 the other parts; an `Err` instead of a panic (buffers before the failing one \
                 may have been written)."
            ),
        )
    }
}
