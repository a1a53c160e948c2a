//! The signature against the Rust fn: arity, element types, array or scalar, the result.

use proc_macro2::TokenStream;

use crate::model::KernelDecl;

/// Parses the attribute, checks the signature against `func`, and builds the model.
/// Every problem found is reported together in one combined `syn::Error`.
pub fn analyze(attr: TokenStream, func: &syn::ItemFn) -> syn::Result<KernelDecl> {
    let _ = attr;
    Err(syn::Error::new_spanned(
        &func.sig.ident,
        "`#[kernel]` front end not built yet",
    ))
}
