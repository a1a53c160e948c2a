//! Values on lanes: a varying expression as a vector of the tier (a mask for a `bool`,
//! `lanes::Indices` for a `usize`), the uniform ones computed once and broadcast; `&&`,
//! `||` and `if` expressions evaluate their right or chosen side only under the narrowed
//! mask.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Active, Gen};
use crate::backend::kernel::rt;
use crate::kir::varying;
use crate::kir::{BinOp, CompareOp, Expr, ExprKind, UnaryOp};
use crate::model::ElemType;

impl Gen<'_> {
    /// The value of `e` in every lane: a vector, or a mask for a `bool`.
    pub(super) fn vexpr(&self, e: &Expr, active: &Active) -> TokenStream {
        crate::deeper(|| self.vexpr_inner(e, active))
    }

    pub(super) fn vexpr_inner(&self, e: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        if self.lanes.uniform(e) {
            let x = self.cx.expr(e);
            return match e.ty {
                ElemType::Bool => quote!(#rt::lanes::mask_of::<#v>(__tok, #x)),
                ElemType::Usize => quote!(#rt::lanes::Indices::splat(#x)),
                _ => quote!(<#v>::splat(__tok, #x)),
            };
        }
        match &e.kind {
            ExprKind::Var(var) if *var == self.lanes.index => {
                quote!(#rt::lanes::Indices::iota(__at))
            }
            ExprKind::Var(var) => {
                let n = self.cx.name(*var);
                quote!(#n)
            }
            ExprKind::Load { array, index } => self.load(*array, index, active),
            ExprKind::Unary(op, a) => {
                let a = self.vexpr(a, active);
                unary(*op, a)
            }
            ExprKind::Binary(op, a, b) if e.ty == ElemType::Usize => {
                self.int_binary(*op, a, b, &e.text, active)
            }
            ExprKind::Binary(BinOp::Div, a, b)
                if self.lanes.uniform(b)
                    && !varying::reads_any(b, &self.inside)
                    && !self.hides_division =>
            {
                let (a, d) = (self.vexpr(a, active), self.divisor(b));
                quote!(#d.divide(#a))
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.vexpr(a, active), self.vexpr(b, active));
                binary(*op, a, b)
            }
            ExprKind::Compare(op, a, b) => self.compare(*op, a, b, active),
            ExprKind::Not(a) => {
                let a = self.vexpr(a, active);
                quote!(#rt::simd::Mask::not(#a))
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let and = matches!(e.kind, ExprKind::And(..));
                self.logic(and, a, b, active)
            }
            ExprKind::Cast(a) => self.cast(e, a, active),
            ExprKind::Select(c, a, b) => self.select(e.ty, c, a, b, active),
            ExprKind::MulAdd(a, b, c) => {
                let (a, b, c) = (
                    self.vexpr(a, active),
                    self.vexpr(b, active),
                    self.vexpr(c, active),
                );
                quote!(#a.mul_add(#b, #c))
            }
            ExprKind::RustCall(path, args) => self.call(e, path, args, active),
            // `analyse` admits no other varying expression.
            _ => quote!(::core::unreachable!()),
        }
    }

    /// A comparison: of two vectors, of two `usize`s lane by lane, or of the loop index
    /// (`i ± c`) with a uniform value.
    pub(super) fn compare(
        &self,
        op: CompareOp,
        a: &Expr,
        b: &Expr,
        active: &Active,
    ) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let (op, idx, other) = match self.lanes.index_compare(a, b) {
            Some(true) => (op, a, b),
            Some(false) => (flip(op), b, a),
            None if a.ty == ElemType::Usize => {
                let (a, b) = (self.vexpr(a, active), self.vexpr(b, active));
                let sym = cmp_tokens(op);
                return quote!(#a.compare::<#v>(__tok, #b, |__a: usize, __b: usize| __a #sym __b));
            }
            None => {
                let (a, b) = (self.vexpr(a, active), self.vexpr(b, active));
                let m = format_ident!("{}", op.method());
                return quote!(#a.#m(#b));
            }
        };
        let (start, other) = (self.start(idx), self.cx.expr(other));
        let m = format_ident!("{}", op.method());
        let sym = cmp_tokens(op);
        quote! {
            #rt::lanes::index_mask::<#v>(__tok, #start, #other, |__a: #v, __b: #v| __a.#m(__b), |__a: usize, __b: usize| __a #sym __b)
        }
    }

    /// `a && b` (`b` evaluated only where `a` holds) or `a || b` (only where it does not).
    pub(super) fn logic(&self, and: bool, a: &Expr, b: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let m = self.mask_name();
        let a = self.vexpr(a, active);
        let first = if and {
            quote!(#m)
        } else {
            quote!(#rt::simd::Mask::not(#m))
        };
        let narrowed = match active {
            Some(x) => quote!(#rt::simd::Mask::and(#x, #first)),
            None => first,
        };
        let b = self.vexpr(b, &Some(narrowed));
        let join = if and { quote!(and) } else { quote!(or) };
        quote!({ let #m = #a; #rt::simd::Mask::#join(#m, #b) })
    }

    /// `a as T`: a float from the loop index, a `bool`, a `usize` or the same float type;
    /// a `usize` from a float, a `bool` or a `usize`.
    pub(super) fn cast(&self, e: &Expr, a: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        if e.ty == ElemType::Usize {
            let x = self.vexpr(a, active);
            return match a.ty {
                ElemType::Usize => x,
                ElemType::Bool => quote!(#rt::lanes::Indices::of_mask(#x)),
                _ => quote!(#rt::lanes::Indices::of::<#v>(#x)),
            };
        }
        if self.lanes.offset(a).is_some() {
            let start = self.start(a);
            return quote!(#rt::lanes::index::<#v>(__tok, #start));
        }
        let x = self.vexpr(a, active);
        match a.ty {
            ElemType::Bool if e.ty != ElemType::Bool => quote!(#rt::lanes::ones::<#v>(__tok, #x)),
            ElemType::Usize => quote!(#x.to_floats::<#v>(__tok)),
            _ => x,
        }
    }

    /// `if c { a } else { b }` as a value: each side only where it is chosen.
    pub(super) fn select(
        &self,
        ty: ElemType,
        c: &Expr,
        a: &Expr,
        b: &Expr,
        active: &Active,
    ) -> TokenStream {
        let rt = rt();
        let m = self.mask_name();
        let c = self.vexpr(c, active);
        let (yes, no) = match active {
            Some(x) => (
                quote!(#rt::simd::Mask::and(#x, #m)),
                quote!(#rt::simd::Mask::and(#x, #rt::simd::Mask::not(#m))),
            ),
            None => (quote!(#m), quote!(#rt::simd::Mask::not(#m))),
        };
        let (a, b) = (self.vexpr(a, &Some(yes)), self.vexpr(b, &Some(no)));
        let chosen = self.under(&Some(quote!(#m)), a, b, ty);
        quote!({ let #m = #c; #chosen })
    }
}

/// `true` if `b` computes a math-library function (`exp`, `log`, `power`, ...). The
/// divider is a unit of its own, so a division there runs beside the function's
/// multiply-adds at no cost, where a `math::Divisor`'s corrections would add four more:
/// softmax's online plan over 2^16 `f64` at AVX-512 on one thread (Intel, 2026-12-01)
/// took 136–145 µs dividing and 151–170 µs by the corrections.
pub(super) fn computes_math(b: &crate::kir::Block) -> bool {
    use crate::kir::StmtKind;
    fn math(e: &Expr) -> bool {
        e.any(&|e| match &e.kind {
            ExprKind::Unary(op, _) => op.math_fn().is_some(),
            ExprKind::Binary(op, ..) => *op == BinOp::Power,
            _ => false,
        })
    }
    b.iter().any(|s| match &s.kind {
        StmtKind::Let { value: Some(v), .. } | StmtKind::Assign { value: v, .. } => math(v),
        StmtKind::Store { index, value, .. } => math(index) || math(value),
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => math(cond) || computes_math(then) || computes_math(otherwise),
        StmtKind::Loop(lp) => computes_math(&lp.body),
        StmtKind::While { cond, body } => math(cond) || computes_math(body),
        _ => false,
    })
}

/// A math function or `Vector` method of one vector.
fn unary(op: UnaryOp, a: TokenStream) -> TokenStream {
    let rt = rt();
    if let Some(f) = op.math_fn() {
        let f = format_ident!("{}", f);
        return quote!(#rt::math::#f(#a));
    }
    // A `Vector` method of the same name (`UnaryOp::name`).
    let m = format_ident!("{}", op.name());
    quote!(#a.#m())
}

/// An arithmetic operator or two-value function of two vectors (the ones `analyse`
/// admits).
fn binary(op: BinOp, a: TokenStream, b: TokenStream) -> TokenStream {
    let rt = rt();
    match op {
        BinOp::Add => quote!(#a.add(#b)),
        BinOp::Sub => quote!(#a.sub(#b)),
        BinOp::Mul => quote!(#a.mul(#b)),
        BinOp::Div => quote!(#a.div(#b)),
        BinOp::PyMax => quote!(#rt::lanes::py_max(#a, #b)),
        BinOp::PyMin => quote!(#rt::lanes::py_min(#a, #b)),
        BinOp::Maximum => quote!(#a.max(#b)),
        BinOp::Minimum => quote!(#a.min(#b)),
        BinOp::Power => quote!(#rt::math::power(#a, #b)),
        _ => quote!(::core::unreachable!()),
    }
}

/// The comparison with its operands swapped (`c < i` is `i > c`).
fn flip(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    }
}

/// The Rust operator of a comparison.
fn cmp_tokens(op: CompareOp) -> TokenStream {
    match op {
        CompareOp::Lt => quote!(<),
        CompareOp::Le => quote!(<=),
        CompareOp::Gt => quote!(>),
        CompareOp::Ge => quote!(>=),
        CompareOp::Eq => quote!(==),
        CompareOp::Ne => quote!(!=),
    }
}
