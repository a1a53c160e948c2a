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
            &CalleeInfo::Kernel(CalleeSig::of(self.decl)),
        );
        let callable = if let Some(code) = self.code.filter(|c| c.is_ufunc()) {
            code.lanes_fn()
        } else if self.has_arrays {
            let core = if self.parallel {
                quote!(if __par { __core::<S, true>(__s, #(#fwd,)* #none_out) } else { __core::<S, false>(__s, #(#fwd,)* #none_out) })
            } else {
                quote!(__core::<S, false>(__s, #(#fwd,)* #none_out))
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
