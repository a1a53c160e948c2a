//! A `prange` on SIMD lanes (the ISPC model): its body runs once per vector of
//! iterations, the varying values in vectors of the tier, the uniform ones computed once
//! by the one-at-a-time code ([`super::inorder`]) and broadcast.
//!
//! - Iterations come in the fixed order of `loops::fixed_order` over the chunks of
//!   `parallel::CHUNK` (the order every array pass keeps): vector `j` of a chunk adds into
//!   accumulator slot `j % UNROLL`, sums cascade in blocks, the lanes combine pairwise and
//!   the chunks' partials pairwise in chunk order. A `prange` sum is therefore
//!   bit-identical to the array form `sum(..)` of the same values, at every thread count.
//! - An `if` on a varying condition runs both branches under masks, a branch no lane takes
//!   skipped; an `if` on a uniform one is a branch. Loads and stores under a mask touch
//!   only the active lanes, so an index only an inactive lane would use is no error.
//! - Loads at `i ± c` are vector loads, checked once per vector; stores are at the loop's
//!   own index (the race check admits no other), masked in branches and tails.
//!
//! [`varying::analyse`] decides which loops qualify; the rest run one at a time.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::inorder::Cx;
use crate::backend::kernel::rt;
use crate::kir::varying::{self, Lanes, Offset};
use crate::kir::{BinOp, Block, CompareOp, Expr, ExprKind, Loop, StmtKind, UnaryOp};
use crate::model::ElemType;

/// The code of `prange` loop `lp` on lanes, or `None` if it must run one iteration at a
/// time. `cx` is the one-at-a-time compiler for the loop's body (its written arrays
/// shared), `outer` the one for the code around it.
pub(super) fn prange(outer: &Cx<'_>, cx: &Cx<'_>, lp: &Loop) -> Option<TokenStream> {
    let lanes = varying::analyse(cx.k, lp).ok()?;
    let g = Gen {
        cx,
        lanes: &lanes,
        lp,
        fresh: Cell::new(0),
        inside: varying::declared_in(&lp.body),
        windows: RefCell::new(Vec::new()),
        divisors: RefCell::new(Vec::new()),
        fast: Cell::new(false),
        depth: Cell::new(0),
        alive: varying::continues(&lp.body),
    };
    Some(g.prange(outer))
}

/// The lane compiler of one `prange`.
struct Gen<'a> {
    cx: &'a Cx<'a>,
    lanes: &'a Lanes,
    lp: &'a Loop,
    /// The next number for a generated mask's name.
    fresh: Cell<usize>,
    /// The variables declared in the body (offsets reading them change per iteration).
    inside: HashSet<crate::kir::VarId>,
    /// The chunk windows the body's accesses asked for, in order.
    windows: RefCell<Vec<Window>>,
    /// The divisors the same in every iteration (`x[i] / s`), prepared once per chunk.
    divisors: RefCell<Vec<Expr>>,
    /// `true` while compiling the fast body: accesses through the chunk's windows.
    fast: Cell<bool>,
    /// Loops around the statement being compiled, inside the `prange` body.
    depth: Cell<usize>,
    /// The body has a `continue` of its own: the lanes still running are `__alive`.
    alive: bool,
}

/// A chunk's window of an array: the elements a chunk's accesses at `i ± c` (`c` the same
/// in every iteration) or at the loop's own index touch, cut once per chunk when all are
/// in bounds, so those accesses need no checks; `None` (an access past an end somewhere
/// in the chunk) sends them to the checked loads and stores.
struct Window {
    /// The array.
    array: crate::kir::VarId,
    /// `Some((plus, c))` for an access at `i + c` or `i - c`; `None` at the own index.
    offset: Option<(bool, Expr)>,
    /// `true` for an array the `prange` writes (a mutable window of its `Shared` view).
    own: bool,
}

/// The mask the code runs under: `None` when every lane in range is active.
type Active = Option<TokenStream>;

impl Gen<'_> {
    /// The vector type.
    fn v(&self) -> TokenStream {
        let rt = rt();
        let lanes = format_ident!(
            "{}",
            if self.lanes.elem == ElemType::F32 {
                "F32"
            } else {
                "F64"
            }
        );
        quote!(<S as #rt::simd::Simd>::#lanes)
    }

    /// A name for a generated mask, unique in the loop.
    fn mask_name(&self) -> syn::Ident {
        let n = self.fresh.get();
        self.fresh.set(n + 1);
        format_ident!("__mask{}", n)
    }

    /// The loop's chunks, each visiting its vectors in the fixed order with its
    /// accumulators, the chunks' partials combined into the reduced variables.
    fn prange(&self, outer: &Cx<'_>) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let d = &self.lp.domain;
        let (a, b) = (outer.expr(&d.start), outer.expr(&d.end));
        let end = if d.inclusive {
            quote!((#b).saturating_add(1))
        } else {
            quote!(#b)
        };
        let shares = outer.shares(&self.cx.shared[outer.shared.len()..]);
        let accs: Vec<_> = (0..self.lp.reductions.len())
            .map(|k| format_ident!("__acc{}", k))
            .collect();
        let folds: Vec<_> = self
            .lp
            .reductions
            .iter()
            .map(|r| self.fold(r.combine))
            .collect();
        let types: Vec<_> = self
            .lp
            .reductions
            .iter()
            .map(|r| super::inorder::elem_ty(self.cx.k.var(r.var).ty.elem()))
            .collect();
        // The fast body first (it asks for the windows), then the checked one.
        let top = self.alive.then(|| quote!(__alive));
        self.fast.set(true);
        let fast = self.run(&self.block(&self.lp.body, &top));
        self.fast.set(false);
        let checked = self.run(&self.block(&self.lp.body, &top));
        let chosen = self.choose(outer, fast, checked);
        let divisors = self.divisor_defs(outer);
        let combines = self.combines();
        quote! {{
            let __lo: usize = #a;
            let __count: usize = (#end).saturating_sub(__lo);
            #(#shares)*
            let __parts = #rt::inorder::run_chunks(PAR, __count, |__range: ::core::ops::Range<usize>| -> ::core::result::Result<(#(#types,)*), #rt::Error> {
                // A closure that moves what it captures (`__range`) is only `FnOnce`: called
                // through `FnOnce` it needs no shim, which would be a function of its own
                // outside the tier's frame (every vector operation then a call).
                #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] || -> ::core::result::Result<(#(#types,)*), #rt::Error> {
                    let __range = __range;
                    #[allow(unused_imports)]
                    use #rt::simd::{Mask as _, Vector as _};
                    let __tok: S = __s;
                    let (__c0, __cn): (usize, usize) = (__range.start, __range.end - __range.start);
                    #(let mut #accs = #rt::loops::Accumulators::<#v, #folds>::new(__tok, #folds);)*
                    #(#divisors)*
                    #chosen
                    ::core::result::Result::Ok((#(#accs.finish(),)*))
                }))
            })?;
            #combines
        }}
    }

    /// The chunk's vectors in the fixed order (`lanes::each_vector`), `body` run at each
    /// (its first error ends the chunk), the accumulators' blocks ended.
    fn run(&self, body: &TokenStream) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let accs = (0..self.lp.reductions.len()).map(|k| format_ident!("__acc{}", k));
        let alive = self
            .alive
            .then(|| quote!(let mut __alive = #rt::lanes::all::<#v>(__tok);));
        quote! {
            let (__step,) = (#[inline(always)] |__step: #rt::lanes::Step| -> ::core::result::Result<(), #rt::Error> {
                match __step {
                    #rt::lanes::Step::Vector { at: __at, w: __w, valid: __valid, slot: __slot } => {
                        #alive
                        #body
                    }
                    #rt::lanes::Step::BlockEnd => { #(#accs.end_block();)* }
                }
                ::core::result::Result::Ok(())
            },);
            #rt::lanes::each_vector(__lo, __range.clone(), <#v as #rt::simd::Vector>::LANES, __step)?;
        }
    }

    /// The fast run when every window of the chunk is in bounds (no access checks), else
    /// the checked one.
    fn choose(&self, outer: &Cx<'_>, fast: TokenStream, checked: TokenStream) -> TokenStream {
        let defs = self.window_defs(outer);
        if defs.is_empty() {
            return fast;
        }
        let names: Vec<_> = (0..defs.len())
            .map(|k| format_ident!("__win{}", k))
            .collect();
        quote! {
            #(#defs)*
            if let (#(::core::option::Option::Some(#names),)*) = (#(#names,)*) {
                #fast
            } else {
                #checked
            }
        }
    }

    /// The runtime's fold for a reduction combining with `op`.
    fn fold(&self, op: BinOp) -> TokenStream {
        let rt = rt();
        match op {
            BinOp::Add | BinOp::Sub => quote!(#rt::loops::Sum),
            BinOp::Mul => quote!(#rt::loops::Prod),
            BinOp::Maximum => quote!(#rt::loops::Max),
            BinOp::Minimum => quote!(#rt::loops::Min),
            BinOp::PyMax => quote!(#rt::lanes::PyMax),
            _ => quote!(#rt::lanes::PyMin),
        }
    }

    /// Each reduction's chunk partials combined pairwise in chunk order, then into the
    /// variable (`s = s ∘ total`).
    fn combines(&self) -> TokenStream {
        let rt = rt();
        let each = self.lp.reductions.iter().enumerate().map(|(k, r)| {
            let (n, t) = (self.cx.name(r.var), self.cx.k.var(r.var).ty.elem());
            let k = syn::Index::from(k);
            let pair = self.cx.binary(r.combine, t, quote!(__a), quote!(__b), "");
            let into = self.cx.binary(r.combine, t, quote!(#n), quote!(__total), "");
            quote! {
                let __all = __parts.iter().map(|__p| __p.#k).collect();
                if let ::core::option::Option::Some(__total) = #rt::parallel::combine_pairwise(__all, |__a, __b| #pair) {
                    #n = #into;
                }
            }
        });
        quote!(#(#each)*)
    }

    fn block(&self, b: &Block, active: &Active) -> TokenStream {
        let stmts = b.iter().map(|s| self.stmt(s, active));
        quote!(#(#stmts)*)
    }

    fn stmt(&self, s: &crate::kir::Stmt, active: &Active) -> TokenStream {
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

    fn is_reduced(&self, v: crate::kir::VarId) -> bool {
        self.lp.reductions.iter().any(|r| r.var == v)
    }

    /// `new` where `active` holds, `old` elsewhere (of a float or a mask).
    fn under(
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
            (Some(m), _) => quote!(<#v>::select(#m, #new, #old)),
        }
    }

    /// A zero of type `ty` (a mask with no lane set, for `bool`).
    fn zero(&self, ty: ElemType) -> TokenStream {
        let rt = rt();
        let v = self.v();
        if ty == ElemType::Bool {
            quote!(#rt::lanes::mask_of::<#v>(__tok, false))
        } else {
            quote!(<#v>::splat(__tok, 0.0))
        }
    }

    /// `s op= e`: `e` into the reduction's accumulator slot (the identity in inactive
    /// lanes; `-e` for `s -= e`).
    fn reduce(&self, var: crate::kir::VarId, value: &Expr, active: &Active) -> TokenStream {
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
    fn opt(&self, active: &Active) -> TokenStream {
        match active {
            Some(m) => quote!(::core::option::Option::Some(#m)),
            None => quote!(::core::option::Option::None),
        }
    }

    /// `array[i] = value` at the loop's own index, under `active`: into the chunk's window
    /// when it has one, else checked.
    fn store(&self, array: crate::kir::VarId, value: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let sh = super::inorder::shared_name(&self.cx.name(array));
        let label = &self.cx.k.var(array).name;
        let value = self.vexpr(value, active);
        let act = self.opt(active);
        if self.fast.get() {
            let win = self.window(array, None, true);
            return quote! {{
                let __value = #value;
                #rt::lanes::store::<#v>(&mut #win[__w..__w + __valid], __value, __valid, #act);
            }};
        }
        quote! {
            // SAFETY: the race check admits writes and reads of an array a `prange` writes
            // only at the loop's own index, so lanes `__at..__at + __valid` belong to this
            // vector of iterations alone.
            unsafe { #rt::lanes::store_own::<#v>(&#sh, __KERNEL, #label, __at, __valid, #value, #act) }?;
        }
    }

    /// The name of the prepared divisor `d` (the same in every iteration), made on first
    /// use: a division by it is a multiply and three fused multiply-adds where the CPU
    /// divides slowly, bit for bit the quotient (`math::Divisor`).
    fn divisor(&self, d: &Expr) -> syn::Ident {
        let mut divisors = self.divisors.borrow_mut();
        let k = match divisors.iter().position(|e| e.text == d.text) {
            Some(k) => k,
            None => {
                divisors.push(d.clone());
                divisors.len() - 1
            }
        };
        format_ident!("__div{}", k)
    }

    /// The prepared divisors, once per chunk.
    fn divisor_defs(&self, outer: &Cx<'_>) -> Vec<TokenStream> {
        let (rt, v) = (rt(), self.v());
        let divisors = self.divisors.borrow();
        divisors
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let (name, d) = (format_ident!("__div{}", k), outer.expr(d));
                quote!(let #name = #rt::math::Divisor::new(<#v>::splat(__tok, #d));)
            })
            .collect()
    }

    /// The name of the chunk window for an access to `array` (at `i ± c` with `offset`, or
    /// at the own index), made on first use.
    fn window(
        &self,
        array: crate::kir::VarId,
        offset: Option<(bool, &Expr)>,
        own: bool,
    ) -> syn::Ident {
        let mut windows = self.windows.borrow_mut();
        let same = |w: &Window| {
            w.array == array
                && match (&w.offset, offset) {
                    (None, None) => true,
                    (Some((p, a)), Some((q, b))) => *p == q && a.text == b.text,
                    _ => false,
                }
        };
        let k = match windows.iter().position(same) {
            Some(k) => k,
            None => {
                windows.push(Window {
                    array,
                    offset: offset.map(|(p, e)| (p, e.clone())),
                    own,
                });
                windows.len() - 1
            }
        };
        format_ident!("__win{}", k)
    }

    /// Each window, cut once per chunk (`None` when some access of the chunk falls outside
    /// the array).
    fn window_defs(&self, outer: &Cx<'_>) -> Vec<TokenStream> {
        let rt = rt();
        let windows = self.windows.borrow();
        windows
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let name = format_ident!("__win{}", k);
                let n = self.cx.name(w.array);
                if w.own {
                    let sh = super::inorder::shared_name(&n);
                    return quote! {
                        // SAFETY: the race check admits accesses to an array a `prange`
                        // writes only at the loop's own index, so the chunk's indices
                        // `__lo + __c0..` belong to its iterations alone.
                        let mut #name = unsafe { #rt::lanes::own_window(&#sh, __lo + __c0, __cn) };
                    };
                }
                let first = match &w.offset {
                    Some((true, c)) => {
                        let c = outer.expr(c);
                        quote!((__lo + __c0).checked_add(#c))
                    }
                    Some((false, c)) => {
                        let c = outer.expr(c);
                        quote!((__lo + __c0).checked_sub(#c))
                    }
                    None => quote!(::core::option::Option::Some(__lo + __c0)),
                };
                quote! {
                    let #name = #first.and_then(|__f| #n[..].get(__f..)).and_then(|__x| __x.get(..__cn));
                }
            })
            .collect()
    }

    /// An `if`: a branch on a uniform condition, masks on a varying one (a branch no
    /// active lane takes is skipped).
    fn branch(&self, cond: &Expr, then: &Block, otherwise: &Block, active: &Active) -> TokenStream {
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
    fn while_loop(&self, cond: &Expr, body: &Block, active: &Active) -> TokenStream {
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

    /// The value of `e` in every lane: a vector, or a mask for a `bool`.
    fn vexpr(&self, e: &Expr, active: &Active) -> TokenStream {
        crate::deeper(|| self.vexpr_inner(e, active))
    }

    fn vexpr_inner(&self, e: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        if self.lanes.uniform(e) {
            let x = self.cx.expr(e);
            return if e.ty == ElemType::Bool {
                quote!(#rt::lanes::mask_of::<#v>(__tok, #x))
            } else {
                quote!(<#v>::splat(__tok, #x))
            };
        }
        match &e.kind {
            ExprKind::Var(var) => {
                let n = self.cx.name(*var);
                quote!(#n)
            }
            ExprKind::Load { array, index } => self.load(*array, index, active),
            ExprKind::Unary(op, a) => {
                let a = self.vexpr(a, active);
                unary(*op, a)
            }
            ExprKind::Binary(BinOp::Div, a, b)
                if self.lanes.uniform(b) && !varying::reads_any(b, &self.inside) =>
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
            // `analyse` admits no other varying expression.
            _ => quote!(::core::unreachable!()),
        }
    }

    /// The first lane's index of an access at `index` (`i`, `i + c`, `i - c`).
    fn start(&self, index: &Expr) -> TokenStream {
        match self.lanes.offset(index) {
            Some(Offset::Plus(c)) => {
                let c = self.cx.expr(c);
                quote!(__at.wrapping_add(#c))
            }
            Some(Offset::Minus(c)) => {
                let c = self.cx.expr(c);
                quote!(__at.wrapping_sub(#c))
            }
            _ => quote!(__at),
        }
    }

    /// `array[index]` on every active lane: from the chunk's window when the offset is
    /// the same in every iteration and the window exists, else checked.
    fn load(&self, array: crate::kir::VarId, index: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let n = self.cx.name(array);
        let label = &self.cx.k.var(array).name;
        let act = self.opt(active);
        if self.cx.shared.contains(&array) {
            if self.fast.get() {
                let win = self.window(array, None, true);
                return quote!(#rt::lanes::read::<#v>(__tok, &#win[__w..], __valid));
            }
            let sh = super::inorder::shared_name(&n);
            return quote! {
                // SAFETY: as for the stores: lanes `__at..__at + __valid` of an array the
                // `prange` writes are this vector's own.
                unsafe { #rt::lanes::load_own::<#v>(__tok, &#sh, __KERNEL, #label, __at, __valid, #act) }?
            };
        }
        let start = self.start(index);
        let checked = quote!(#rt::lanes::load::<#v>(__tok, __KERNEL, #label, &#n[..], #start, __valid, #act)?);
        let offset = match self.lanes.offset(index) {
            Some(Offset::None) => None,
            Some(Offset::Plus(c)) => Some((true, c)),
            Some(Offset::Minus(c)) => Some((false, c)),
            None => return self.gather(array, index, active),
        };
        if !self.fast.get() || offset.is_some_and(|(_, c)| varying::reads_any(c, &self.inside)) {
            return checked;
        }
        let win = self.window(array, offset, false);
        quote!(#rt::lanes::read::<#v>(__tok, &#win[__w..], __valid))
    }

    /// `array[k as usize ± c]` with `k` varying: lane by lane, each active lane's index
    /// checked.
    fn gather(&self, array: crate::kir::VarId, index: &Expr, active: &Active) -> TokenStream {
        let (rt, v) = (rt(), self.v());
        let n = self.cx.name(array);
        let label = &self.cx.k.var(array).name;
        let act = self.opt(active);
        let Some(g) = self.lanes.gather(index) else {
            // `analyse` admits no other varying index.
            return quote!(::core::unreachable!());
        };
        let from = self.vexpr(g.from, active);
        let (plus, minus) = match g.offset {
            Some((true, c)) => (self.cx.expr(c), quote!(0usize)),
            Some((false, c)) => (quote!(0usize), self.cx.expr(c)),
            None => (quote!(0usize), quote!(0usize)),
        };
        quote! {
            #rt::lanes::gather::<#v>(__tok, __KERNEL, #label, &#n[..], #from, #plus, #minus, __valid, #act)?
        }
    }

    /// A comparison: of two vectors, or of the loop index (`i ± c`) with a uniform value.
    fn compare(&self, op: CompareOp, a: &Expr, b: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let index_side = |x: &Expr| !self.lanes.uniform(x) && self.lanes.offset(x).is_some();
        let (op, idx, other) = if index_side(a) {
            (op, a, b)
        } else if index_side(b) {
            (flip(op), b, a)
        } else {
            let (a, b) = (self.vexpr(a, active), self.vexpr(b, active));
            let m = format_ident!("{}", op.method());
            return quote!(#a.#m(#b));
        };
        let (start, other) = (self.start(idx), self.cx.expr(other));
        let m = format_ident!("{}", op.method());
        let sym = cmp_tokens(op);
        quote! {
            #rt::lanes::index_mask::<#v>(__tok, #start, #other, |__a: #v, __b: #v| __a.#m(__b), |__a: usize, __b: usize| __a #sym __b)
        }
    }

    /// `a && b` (`b` evaluated only where `a` holds) or `a || b` (only where it does not).
    fn logic(&self, and: bool, a: &Expr, b: &Expr, active: &Active) -> TokenStream {
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

    /// `a as T`: from the loop index, a `bool` or the same float type.
    fn cast(&self, e: &Expr, a: &Expr, active: &Active) -> TokenStream {
        let rt = rt();
        let v = self.v();
        if self.lanes.offset(a).is_some() {
            let start = self.start(a);
            return quote!(#rt::lanes::index::<#v>(__tok, #start));
        }
        let x = self.vexpr(a, active);
        if a.ty == ElemType::Bool && e.ty != ElemType::Bool {
            quote!(#rt::lanes::ones::<#v>(__tok, #x))
        } else {
            x
        }
    }

    /// `if c { a } else { b }` as a value: each side only where it is chosen.
    fn select(&self, ty: ElemType, c: &Expr, a: &Expr, b: &Expr, active: &Active) -> TokenStream {
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

/// A math function or `Vector` method of one vector.
fn unary(op: UnaryOp, a: TokenStream) -> TokenStream {
    let rt = rt();
    if let Some(f) = op.math_fn() {
        let f = format_ident!("{}", f);
        return quote!(#rt::math::#f(#a));
    }
    let m = format_ident!(
        "{}",
        match op {
            UnaryOp::Neg => "neg",
            UnaryOp::Sqrt => "sqrt",
            UnaryOp::Abs => "abs",
            UnaryOp::Floor => "floor",
            _ => "ceil",
        }
    );
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
