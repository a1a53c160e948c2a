//! Statements on lanes: lets and assignments (selects under a mask), reductions into
//! their accumulators, own-index stores, a histogram's scatter (lane by lane), `if`s as
//! branches or masks, `for` loops with uniform bounds, `while` loops until no lane's
//! condition holds, the loop's `continue`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Active, Gen};
use crate::backend::kernel::rt;
use crate::kir::{BinOp, Block, Expr, ExprKind, StmtKind};
use crate::model::ElemType;

impl Gen<'_> {
    pub(super) fn block(&self, b: &Block, active: &Active) -> TokenStream {
        let stmts = b.iter().map(|s| self.stmt(s, active));
        quote!(#(#stmts)*)
    }

    pub(super) fn stmt(&self, s: &crate::kir::Stmt, active: &Active) -> TokenStream {
        let varying = |v| self.lanes.varying.contains(v);
        match &s.kind {
            StmtKind::Let { var, value } if varying(var) => {
                let n = self.cx.name(*var);
                let value = match value {
                    Some(value) => self.vexpr(value, active),
                    None => self.zero(self.cx.k.var(*var).ty.elem()),
                };
                quote!(let mut #n = #value;)
            }
            StmtKind::Assign { var, value } if varying(var) => {
                let n = self.cx.name(*var);
                let new = self.vexpr(value, active);
                let new = self.under(active, new, quote!(#n), value.ty);
                quote!(#n = #new;)
            }
            StmtKind::Assign { var, value } if self.is_reduced(*var) => {
                self.reduce(*var, value, active)
            }
            StmtKind::Store {
                array,
                index,
                value,
            } if self.is_scattered(*array) => self.scatter(*array, index, value, active),
            StmtKind::Store {
                array,
                index: _,
                value,
            } => self.store(*array, value, active),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.branch(cond, then, otherwise, active),
            StmtKind::Loop(inner) => {
                let (j, r) = (self.cx.name(inner.index), self.cx.range(&inner.domain));
                self.depth.set(self.depth.get() + 1);
                let body = self.block(&inner.body, active);
                self.depth.set(self.depth.get() - 1);
                quote!(for #j in #r { #body })
            }
            StmtKind::While { cond, body } => self.while_loop(cond, body, active),
            StmtKind::Continue if self.depth.get() == 0 => {
                // The lanes that continue leave the rest of the body.
                let rt = rt();
                let leaving = active.clone().unwrap_or_else(|| quote!(__alive));
                quote!(__alive = #rt::simd::Mask::and(__alive, #rt::simd::Mask::not(#leaving));)
            }
            // Uniform lets and assignments, `break` and `continue` of an inner loop.
            _ => self.cx.stmt(s),
        }
    }

    pub(super) fn is_reduced(&self, v: crate::kir::VarId) -> bool {
        self.lp.reductions.iter().any(|r| r.var == v)
    }

    /// `true` for an array the loop reduces into (a histogram).
    pub(super) fn is_scattered(&self, v: crate::kir::VarId) -> bool {
        self.lp.array_reductions.iter().any(|r| r.var == v)
    }

    /// `new` where `active` holds, `old` elsewhere (of a float, a mask or a `usize`).
    pub(super) fn under(
        &self,
        active: &Active,
        new: TokenStream,
        old: TokenStream,
        ty: ElemType,
    ) -> TokenStream {
        let rt = rt();
        let v = self.v();
        match (active, ty) {
            (None, _) => new,
            (Some(m), ElemType::Bool) => quote! {
                #rt::simd::Mask::or(#rt::simd::Mask::and(#m, #new), #rt::simd::Mask::and(#rt::simd::Mask::not(#m), #old))
            },
            (Some(m), ElemType::Usize) => quote!(#rt::lanes::Indices::select(#m, #new, #old)),
            (Some(m), _) => quote!(<#v>::select(#m, #new, #old)),
        }
    }

    /// A zero of type `ty` (a mask with no lane set, for `bool`; zero in every lane, for
    /// a `usize`).
    pub(super) fn zero(&self, ty: ElemType) -> TokenStream {
        let rt = rt();
        let v = self.v();
        match ty {
            ElemType::Bool => quote!(#rt::lanes::mask_of::<#v>(__tok, false)),
            ElemType::Usize => quote!(#rt::lanes::Indices::splat(0)),
            _ => quote!(<#v>::splat(__tok, 0.0)),
        }
    }

    /// `s op= e`: `e` into the reduction's accumulator slot (the identity in inactive
    /// lanes; `-e` for `s -= e`).
    pub(super) fn reduce(
        &self,
        var: crate::kir::VarId,
        value: &Expr,
        active: &Active,
    ) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let k = self
            .lp
            .reductions
            .iter()
            .position(|r| r.var == var)
            .unwrap_or(0);
        let r = &self.lp.reductions[k];
        let (acc, fold) = (format_ident!("__acc{}", k), self.fold(r.combine));
        let e = self.vexpr(crate::kir::races::reduced_value(var, value), active);
        if let crate::kir::ReduceOp::OnlineExpSum { .. } = r.op {
            // An array kernel's pass: no branch around it.
            assert!(active.is_none(), "an online normaliser under a mask");
            return quote!(#acc.add(__slot, #e, __valid););
        }
        let e = match &value.kind {
            ExprKind::Binary(BinOp::Sub, ..) => quote!(#e.neg()),
            _ => e,
        };
        let act = self.opt(active);
        quote! {
            #acc.add(__slot, #rt::lanes::or_identity::<#v, #fold>(#e, #act), __valid);
        }
    }

    /// `Some(mask)` or `None`, as code.
    pub(super) fn opt(&self, active: &Active) -> TokenStream {
        match active {
            Some(m) => quote!(::core::option::Option::Some(#m)),
            None => quote!(::core::option::Option::None),
        }
    }

    /// An `if`: a branch on a uniform condition, masks on a varying one (a branch no
    /// active lane takes is skipped).
    pub(super) fn branch(
        &self,
        cond: &Expr,
        then: &Block,
        otherwise: &Block,
        active: &Active,
    ) -> TokenStream {
        let rt = rt();
        if self.lanes.uniform(cond) {
            let c = self.cx.expr(cond);
            let (a, b) = (self.block(then, active), self.block(otherwise, active));
            return quote!(if #c { #a } else { #b });
        }
        let c = self.vexpr(cond, active);
        let m = self.mask_name();
        // The branches' masks are expressions, read afresh where used: a `continue`
        // inside narrows `__alive` for what follows it.
        let (yes, no) = match active {
            Some(a) => (
                quote!(#rt::simd::Mask::and(#a, #m)),
                quote!(#rt::simd::Mask::and(#a, #rt::simd::Mask::not(#m))),
            ),
            None => (quote!(#m), quote!(#rt::simd::Mask::not(#m))),
        };
        let a = self.block(then, &Some(yes.clone()));
        let b = (!otherwise.is_empty()).then(|| {
            let b = self.block(otherwise, &Some(no.clone()));
            quote!(if #rt::lanes::any_in(#no, __valid) { #b })
        });
        quote! {
            let #m = #c;
            if #rt::lanes::any_in(#yes, __valid) { #a }
            #b
        }
    }

    /// A `while`: a loop on a uniform condition; on a varying one, until no lane's
    /// condition holds, each lane leaving for good when its condition fails (the lanes
    /// still looping are the body's mask).
    pub(super) fn while_loop(&self, cond: &Expr, body: &Block, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        self.depth.set(self.depth.get() + 1);
        let code = if self.lanes.uniform(cond) {
            let (c, b) = (self.cx.expr(cond), self.block(body, active));
            quote!(while #c { #b })
        } else {
            let live = self.mask_name();
            let start = active
                .clone()
                .unwrap_or_else(|| quote!(#rt::lanes::all::<#v>(__tok)));
            let c = self.vexpr(cond, &Some(quote!(#live)));
            let b = self.block(body, &Some(quote!(#live)));
            quote! {{
                let mut #live = #start;
                loop {
                    #live = #rt::simd::Mask::and(#live, #c);
                    if !#rt::lanes::any_in(#live, __valid) {
                        break;
                    }
                    #b
                }
            }}
        };
        self.depth.set(self.depth.get() - 1);
        code
    }
}
