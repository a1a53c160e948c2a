//! What other kernels call: a ufunc's body on any lanes (`__lanes`), a kernel's
//! whole-array computation at the caller's tier (`__whole`), and the answer to a caller's
//! question about the signature (`__kernelize_info!`, see [`crate::callee`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::Surface;
use crate::backend::kernel::rt;
use crate::callee::{self, CalleeInfo, CalleeSig};

impl Surface<'_> {
    /// `__lanes` or `__whole`, and `__kernelize_info!`.
    pub(super) fn call_items(&self) -> TokenStream {
        let rt = rt();
        let (shared_params, fwd, ret, none_out) =
            (&self.shared_params, &self.fwd, &self.ret, &self.none_out);
        let info = callee::info_macro(
            &self.decl.func,
            &CalleeInfo::Kernel(CalleeSig::of(self.decl, &self.writes)),
        );
        let callable = if let Some(code) = self.code.filter(|c| c.is_ufunc()) {
            code.lanes_fn()
        } else if let Some(elem) = self.loops_ufunc() {
            self.loops_lanes_fn(elem)
        } else if self.has_arrays {
            let core = if self.parallel {
                quote!(__core::<S>(__s, __par, #(#fwd,)* #none_out))
            } else {
                quote!(__core::<S>(__s, false, #(#fwd,)* #none_out))
            };
            quote! {
                /// The whole-array computation at the caller's tier `S` (no dispatch): what a
                /// kernel calling this one runs, once.
                #[doc(hidden)]
                #[inline(always)]
                pub fn __whole<S: #rt::simd::Simd>(
                    __s: S,
                    __par: bool,
                    #(#shared_params,)*
                ) -> ::core::result::Result<#ret, #rt::Error> {
                    #core
                }
            }
        } else {
            // Kernels of scalars only, not ufuncs, are called as ordinary functions.
            quote!()
        };
        quote! {
            #callable

            #info
        }
    }
}

impl Surface<'_> {
    /// For a body with statements taking only scalars of one float type and returning
    /// one: that type (such a kernel acts elementwise when called with arrays).
    fn loops_ufunc(&self) -> Option<crate::model::ElemType> {
        let crate::model::ReturnKind::Scalar(e) = self.decl.ret else {
            return None;
        };
        let scalars_of_e = self
            .decl
            .args
            .iter()
            .all(|a| a.kind == crate::model::ArgKind::Scalar && a.elem == e);
        (self.code.is_none() && e.is_float() && !self.decl.args.is_empty() && scalars_of_e)
            .then_some(e)
    }

    /// `__lanes` of a body with statements: the statements run once per lane (an error
    /// panics with its message, as the plain call does).
    fn loops_lanes_fn(&self, elem: crate::model::ElemType) -> TokenStream {
        let rt = rt();
        let t = quote::format_ident!("{}", elem.rust_name());
        let names: Vec<_> = self.decl.args.iter().map(|a| &a.name).collect();
        let first = names[0];
        quote! {
            /// The kernel applied to every lane of `V`, one lane at a time: what a caller's
            /// loop calls when it passes arrays to this scalar kernel.
            #[inline(always)]
            pub fn __lanes<V: #rt::simd::Vector<Elem = #t>>(#(#names: V),*) -> V {
                #[allow(unused_imports)]
                use #rt::simd::Vector as _;
                let __tok = #first.token();
                let mut __buf = [0.0 as #t; 64];
                for __l in 0..V::LANES {
                    __buf[__l] = #rt::or_panic(__core::<#rt::simd::ScalarTier>(
                        #rt::simd::ScalarTier,
                        false,
                        #(#names.extract(__l),)*
                    ));
                }
                V::load(__tok, &__buf[..V::LANES])
            }
        }
    }
}
