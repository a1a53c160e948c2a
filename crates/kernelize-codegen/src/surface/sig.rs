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
pub(crate) fn part_ty(part: ReturnKind) -> TokenStream {
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

/// How the hidden items (`__core`, `__dispatch`, `__whole`, the fields of `__Op`) take
/// the arguments and how they are passed on: `&mut` arrays stay `&mut` when the body
/// writes them (`writes[i]` for argument `i`; one the body only reads is shared, so other
/// kernels can call it), shared otherwise.
pub(crate) struct HiddenArgs {
    /// `name: type` for every argument, array borrows of lifetime `lt` (or elided).
    pub params: Vec<TokenStream>,
    /// The argument names as expressions passing them on (`&mut` arrays reborrowed).
    pub forward: Vec<TokenStream>,
}

/// The [`HiddenArgs`] of `decl`, whose body writes the arguments in `writes`.
pub(crate) fn hidden_args(
    decl: &KernelDecl,
    writes: &[bool],
    lt: Option<TokenStream>,
) -> HiddenArgs {
    let mut args = HiddenArgs {
        params: Vec::new(),
        forward: Vec::new(),
    };
    for (i, a) in decl.args.iter().enumerate() {
        let (name, t) = (&a.name, elem_ty(a.elem));
        let (param, forward) = match a.kind {
            ArgKind::Scalar => (quote!(#name: #t), quote!(#name)),
            ArgKind::ArrayMut if writes.get(i) == Some(&true) => {
                (quote!(#name: & #lt mut [#t]), quote!(&mut *#name))
            }
            ArgKind::ArrayMut => (quote!(#name: & #lt [#t]), quote!(&*#name)),
            ArgKind::Array => (quote!(#name: & #lt [#t]), quote!(#name)),
        };
        args.params.push(param);
        args.forward.push(forward);
    }
    args
}

/// The name of the buffer `NAME::into` takes for part `part` of a tuple result (`out0`,
/// `out1`, ...), or for the result itself when `None` (`out`), with `_buffer` added
/// while an argument has the name (`is_arg`).
pub(crate) fn buffer_name(part: Option<usize>, is_arg: impl Fn(&str) -> bool) -> String {
    let mut name = match part {
        Some(k) => format!("out{k}"),
        None => "out".to_owned(),
    };
    while is_arg(&name) {
        name.push_str("_buffer");
    }
    name
}

/// The buffers `NAME::into` writes a result into, without allocating it: one for an
/// array result, one per array part of a tuple result, none for other results.
///
/// The hidden items take them as one parameter `__user_out`: an
/// `Option<&mut [T]>` for an array result, a tuple of them (one per array part, in
/// order) for a tuple result; `None` where a caller gives no buffer.
pub(crate) struct OutBuffers {
    /// `true` for a tuple result.
    tuple: bool,
    /// The buffers, in the order of the parts they take.
    pub buffers: Vec<OutBuffer>,
}

/// One buffer of [`OutBuffers`].
pub(crate) struct OutBuffer {
    /// Its parameter name in `into` and `into_with`.
    pub name: Ident,
    /// Its element type.
    pub elem: ElemType,
}

impl OutBuffers {
    /// The buffers of `decl`'s result.
    pub(crate) fn of(decl: &KernelDecl) -> Self {
        let is_arg = |n: &str| decl.args.iter().any(|a| a.name == n);
        let buffer = |part: Option<usize>, elem: ElemType| OutBuffer {
            name: Ident::new(&buffer_name(part, is_arg), proc_macro2::Span::call_site()),
            elem,
        };
        let buffers = match decl.ret {
            ReturnKind::Array(e) => vec![buffer(None, e)],
            ReturnKind::Tuple => (decl.parts.iter().enumerate())
                .filter_map(|(k, p)| match *p {
                    ReturnKind::Array(e) => Some(buffer(Some(k), e)),
                    _ => None,
                })
                .collect(),
            ReturnKind::Void | ReturnKind::Scalar(_) => Vec::new(),
        };
        OutBuffers {
            tuple: decl.ret == ReturnKind::Tuple,
            buffers,
        }
    }

    /// `true` if the result has no array to write into a buffer.
    pub(crate) fn is_empty(&self) -> bool {
        self.buffers.is_empty()
    }

    /// `__user_out: TYPE,` (its borrows of lifetime `lt`, e.g. `'a`, or elided), or
    /// nothing without buffers.
    pub(crate) fn param(&self, lt: Option<TokenStream>) -> Option<TokenStream> {
        let opts = self.buffers.iter().map(|b| {
            let t = elem_ty(b.elem);
            quote!(::core::option::Option<& #lt mut [#t]>)
        });
        self.wrap(opts).map(|ty| quote!(__user_out: #ty,))
    }

    /// The `__user_out` argument without buffers (`None`), followed by a comma.
    pub(crate) fn none(&self) -> Option<TokenStream> {
        let nones = self
            .buffers
            .iter()
            .map(|_| quote!(::core::option::Option::None));
        self.wrap(nones).map(|v| quote!(#v,))
    }

    /// The `__user_out` argument with `into`'s buffers (`Some(out)`), followed by a comma.
    pub(crate) fn some(&self) -> Option<TokenStream> {
        let somes = self.buffers.iter().map(|b| {
            let n = &b.name;
            quote!(::core::option::Option::Some(#n))
        });
        self.wrap(somes).map(|v| quote!(#v,))
    }

    /// The one item of an array result, a tuple of the items of a tuple result; `None`
    /// without buffers.
    fn wrap(&self, items: impl Iterator<Item = TokenStream>) -> Option<TokenStream> {
        let items: Vec<TokenStream> = items.collect();
        match items.as_slice() {
            [] => None,
            [one] if !self.tuple => Some(one.clone()),
            _ => Some(quote!((#(#items,)*))),
        }
    }
}
