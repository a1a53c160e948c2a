//! The generated items: the public function, its module of variants, the dispatcher glue.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::KernelDecl;

/// Compiles a checked kernel into its generated items.
pub fn compile(decl: &KernelDecl) -> syn::Result<TokenStream> {
    Err(syn::Error::new_spanned(
        &decl.func.sig.ident,
        "kernel compiler not built yet",
    ))
}

/// What is emitted beside the errors when a kernel fails to compile: the user's fn with
/// its signature intact and a body that cannot run, so callers still type-check and the
/// body (kernel language, not Rust) adds no errors of its own.
pub fn fallback(func: &syn::ItemFn) -> TokenStream {
    let attrs = &func.attrs;
    let vis = &func.vis;
    let sig = &func.sig;
    quote! {
        #(#attrs)*
        #[allow(unused_variables)]
        #vis #sig {
            ::core::unreachable!("this kernel failed to compile")
        }
    }
}
