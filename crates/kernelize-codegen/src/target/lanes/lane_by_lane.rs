//! What a body on lanes computes one lane at a time, for the active lanes only and in
//! lane order (the iterations' order): arithmetic on a `usize` that varies (a histogram's
//! bin, `lanes::Indices`), calls of Rust functions and kernels with scalar arguments, and
//! a histogram's scatter into the chunk's private copy. Each lane runs the code one
//! iteration at a time runs ([`Cx`](super::super::inorder::Cx)'s), on that lane's values.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Active, Gen};
use crate::backend::kernel::rt;
use crate::kir::varying;
use crate::kir::{BinOp, Expr, ExprKind, VarId};
use crate::model::ElemType;

impl Gen<'_> {
    /// Lane `__l` of the varying value bound to `name`, of type `ty`.
    fn lane_of(&self, name: &syn::Ident, ty: ElemType) -> TokenStream {
        let rt = rt();
        match ty {
            ElemType::Bool => quote!(#rt::lanes::lane_bit(#name, __l)),
            ElemType::Usize => quote!(#name.lane(__l)),
            _ => quote!(#name.extract(__l)),
        }
    }

    /// `f(l)` (`body`, a `Result` of the lane's value of type `ty`) for each active lane,
    /// as a vector, a mask or `Indices`.
    fn per_lane(&self, ty: ElemType, body: TokenStream, active: &Active) -> TokenStream {
        let (rt, v) = (rt(), self.v());
        let act = self.opt(active);
        let (map, tok, t) = match ty {
            ElemType::Bool => (
                quote!(#rt::lanes::map_mask::<#v>),
                quote!(__tok,),
                quote!(bool),
            ),
            ElemType::Usize => (
                quote!(#rt::lanes::Indices::map::<#v>),
                quote!(),
                quote!(usize),
            ),
            _ => (
                quote!(#rt::lanes::map::<#v>),
                quote!(__tok,),
                quote!(<#v as #rt::simd::Vector>::Elem),
            ),
        };
        quote! {
            #map(#tok __valid, #act, |__l: usize| -> ::core::result::Result<#t, #rt::Error> {
                ::core::result::Result::Ok(#body)
            })?
        }
    }

    /// `a op b` on `usize`s, lane by lane (wrapping, a zero divisor in an active lane the
    /// kernel's error, as one iteration at a time).
    pub(super) fn int_binary(
        &self,
        op: BinOp,
        a: &Expr,
        b: &Expr,
        text: &str,
        active: &Active,
    ) -> TokenStream {
        let (a, b) = (self.vexpr(a, active), self.vexpr(b, active));
        let (x, y) = (format_ident!("__x"), format_ident!("__y"));
        let (xl, yl) = (
            self.lane_of(&x, ElemType::Usize),
            self.lane_of(&y, ElemType::Usize),
        );
        let one = self.cx.binary(op, ElemType::Usize, xl, yl, text);
        let each = self.per_lane(ElemType::Usize, one, active);
        quote!({ let (#x, #y) = (#a, #b); #each })
    }

    /// `f(args)` of a Rust function or a kernel with scalar arguments: called once per
    /// active lane, in lane order, with that lane's values (the uniform ones as one
    /// iteration at a time passes them).
    pub(super) fn call(
        &self,
        e: &Expr,
        path: &syn::Path,
        args: &[Expr],
        active: &Active,
    ) -> TokenStream {
        let mut binds = Vec::new();
        let passed: Vec<TokenStream> = args
            .iter()
            .enumerate()
            .map(|(k, a)| {
                if self.lanes.uniform(a) {
                    return self.cx.call_arg(a);
                }
                let name = format_ident!("__arg{}", k);
                let value = self.vexpr(a, active);
                binds.push(quote!(let #name = #value;));
                self.lane_of(&name, a.ty)
            })
            .collect();
        let each = self.per_lane(e.ty, quote!(#path(#(#passed),*)), active);
        quote!({ #(#binds)* #each })
    }

    /// `hist[k] op= e` into the chunk's private copy of an array the loop reduces into:
    /// lane by lane in lane order, each active lane's index checked, lanes with the same
    /// index each counted.
    pub(super) fn scatter(
        &self,
        array: VarId,
        index: &Expr,
        value: &Expr,
        active: &Active,
    ) -> TokenStream {
        let (rt, v) = (rt(), self.v());
        let (Some((e, first)), ExprKind::Binary(op, ..)) =
            (varying::scattered(array, value), &value.kind)
        else {
            // `analyse` admits no other update.
            return quote!(::core::unreachable!());
        };
        let copy = super::super::inorder::private_name(&self.cx.name(array));
        let label = &self.cx.k.var(array).name;
        let t = self.cx.k.var(array).ty.elem();
        let name = format_ident!("__e");
        let (bind, lane) = if self.lanes.uniform(e) {
            (self.cx.expr(e), quote!(#name))
        } else {
            (self.vexpr(e, active), self.lane_of(&name, e.ty))
        };
        let dst = quote!(*__dst);
        let new = if first {
            self.cx.binary(*op, t, dst, lane, &value.text)
        } else {
            self.cx.binary(*op, t, lane, dst, &value.text)
        };
        let (index, act) = (self.vexpr(index, active), self.opt(active));
        quote! {{
            let __index = #index;
            let #name = #bind;
            #rt::lanes::scatter::<#v, _>(__KERNEL, #label, &mut #copy[..], __index, __valid, #act, |__dst, __l: usize| {
                *__dst = #new;
                ::core::result::Result::Ok(())
            })?;
        }}
    }
}
