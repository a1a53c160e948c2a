//! The kernel's Rust signature as the generated items spell it: the user's parameters,
//! what hidden items take, how arguments are passed on, the result type.

use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};

use crate::model::{ArgKind, ElemType, KernelDecl, ReturnKind};

fn elem_ty(e: ElemType) -> TokenStream {
    let t = Ident::new(e.rust_name(), proc_macro2::Span::call_site());
    quote!(#t)
}

/// The generated Rust type of the result.
pub(crate) fn ret_ty(decl: &KernelDecl) -> TokenStream {
    match decl.ret {
        ReturnKind::Void => quote!(()),
        ReturnKind::Scalar(e) => elem_ty(e),
        ReturnKind::Array(e) => {
            let t = elem_ty(e);
            quote!(::std::vec::Vec<#t>)
        }
        ReturnKind::Tuple => {
            let parts = decl.parts.iter().map(|&p| part_ty(p));
            quote!((#(#parts,)*))
        }
    }
}

/// The Rust type of one part of a tuple result.
fn part_ty(part: ReturnKind) -> TokenStream {
    match part {
        ReturnKind::Scalar(e) => elem_ty(e),
        ReturnKind::Array(e) => {
            let t = elem_ty(e);
            quote!(::std::vec::Vec<#t>)
        }
        ReturnKind::Void | ReturnKind::Tuple => quote!(()),
    }
}

/// `name: type` for every argument, with array lifetimes elided, at the user's type (so
/// that a caller's type error points there, not at the attribute).
pub(crate) fn user_params(decl: &KernelDecl) -> Vec<TokenStream> {
    decl.args
        .iter()
        .map(|a| {
            let name = &a.name;
            let t = Ident::new(a.elem.rust_name(), a.ty_span);
            match a.kind {
                ArgKind::Scalar => quote_spanned!(a.ty_span=> #name: #t),
                ArgKind::Array => quote_spanned!(a.ty_span=> #name: &[#t]),
                ArgKind::ArrayMut => quote_spanned!(a.ty_span=> #name: &mut [#t]),
            }
        })
        .collect()
}

/// The parameters of the hidden items (`__core`, `__dispatch`, `__whole`): `&mut`
/// arrays stay `&mut` when the body writes them (`writes[i]` for argument `i`), else they
/// are shared.
pub(crate) fn core_params(decl: &KernelDecl, writes: &[bool]) -> Vec<TokenStream> {
    decl.args
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let writes = writes.get(i) == Some(&true);
            let name = &a.name;
            let t = elem_ty(a.elem);
            match a.kind {
                ArgKind::Scalar => quote!(#name: #t),
                ArgKind::ArrayMut if writes => quote!(#name: &mut [#t]),
                ArgKind::Array | ArgKind::ArrayMut => quote!(#name: &[#t]),
            }
        })
        .collect()
}

/// The argument names as expressions passing them on to the hidden items (`&mut` arrays
/// reborrowed, shared unless the body writes them).
pub(crate) fn forward(decl: &KernelDecl, writes: &[bool]) -> Vec<TokenStream> {
    decl.args
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let writes = writes.get(i) == Some(&true);
            let name = &a.name;
            match a.kind {
                ArgKind::ArrayMut if writes => quote!(&mut *#name),
                ArgKind::ArrayMut => quote!(&*#name),
                _ => quote!(#name),
            }
        })
        .collect()
}
