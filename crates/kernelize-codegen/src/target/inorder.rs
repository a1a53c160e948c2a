//! The in-order CPU target: a kernel's loop IR as plain Rust, one iteration at a time.
//! Every variant (scalar, SIMD tiers, parallel) runs this same code, so their results are
//! bit-identical; a `prange` runs its iterations in the chunks of the fixed documented
//! order (`parallel::chunk_range`), each chunk's reductions from the identity, the
//! partial results combined in chunk order, so running chunks on threads later changes
//! no bit.
//!
//! Indexing goes through `inorder::load`/`slot` (an out-of-bounds index is the kernel's
//! `Error`, never a panic or undefined behaviour), integer arithmetic wraps, integer
//! division checks its divisor, and the math functions are the library's, which give the
//! same bits on every tier.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::backend::kernel::rt;
use crate::kir::{
    BinOp, Block, CallArg, CompareOp, Domain, Expr, ExprKind, HelperArg, Kernel, Loop, NamedConst,
    Order, Reduction, ResultTy, Stmt, StmtKind, UnaryOp, VarId,
};
use crate::model::ElemType;

/// The code of `kernel`'s body inside `__core` (its parameters are the kernel's arguments
/// by their names, writable arrays as `&mut [T]`, and `__user_out` for results with
/// arrays: see `surface::sig::OutBuffers`).
pub fn body(kernel: &Kernel) -> TokenStream {
    let cx = Cx {
        k: kernel,
        shared: Vec::new(),
        private: Vec::new(),
    };
    let stmts = cx.block(&kernel.body);
    let end = match kernel.result {
        ResultTy::Void => quote!(::core::result::Result::Ok(())),
        // Lowering ends every other body with a `return`.
        _ => quote!(),
    };
    quote! {
        #stmts
        #end
    }
}

pub(super) struct Cx<'a> {
    pub(super) k: &'a Kernel,
    /// Arrays the enclosing `prange` bodies write through an `inorder::Shared` (named
    /// `__shared_<name>`), as its chunks may run on several threads.
    pub(super) shared: Vec<VarId>,
    /// Arrays the enclosing `prange` bodies reduce into, each chunk through a private
    /// copy (named `__private_<name>`).
    private: Vec<VarId>,
}

/// A `prange` chunk's results: the locals it returns (their types and first values), the
/// names they are bound to after the chunk, and how each is combined into its variable.
#[derive(Default)]
struct Partials {
    locals: Vec<syn::Ident>,
    types: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    names: Vec<syn::Ident>,
    combines: Vec<TokenStream>,
}

pub(super) fn elem_ty(e: ElemType) -> TokenStream {
    let t = format_ident!("{}", e.rust_name());
    quote!(#t)
}

impl Cx<'_> {
    /// The Rust name of a variable: an argument's own name, else a name unique per variable.
    pub(super) fn name(&self, v: VarId) -> syn::Ident {
        let var = self.k.var(v);
        if v < self.k.params {
            syn::Ident::new(&var.name, var.span)
        } else {
            let base = var.name.trim_start_matches('_');
            syn::Ident::new(&format!("__{base}_{v}"), var.span)
        }
    }

    pub(super) fn block(&self, b: &Block) -> TokenStream {
        let stmts = b.iter().map(|s| self.stmt(s));
        quote!(#(#stmts)*)
    }

    pub(super) fn stmt(&self, s: &Stmt) -> TokenStream {
        match &s.kind {
            StmtKind::Let { var, value } => {
                let (n, t) = (self.name(*var), elem_ty(self.k.var(*var).ty.elem()));
                match value {
                    Some(v) => {
                        let v = self.expr(v);
                        quote!(let mut #n: #t = #v;)
                    }
                    None => quote!(let mut #n: #t;),
                }
            }
            StmtKind::Alloc { var, len, fill } => {
                let (n, t) = (self.name(*var), elem_ty(self.k.var(*var).ty.elem()));
                let (len, fill) = (self.expr(len), self.expr(fill));
                quote!(let mut #n: ::std::vec::Vec<#t> = ::std::vec![#fill; #len];)
            }
            StmtKind::Assign { var, value } => {
                let (n, v) = (self.name(*var), self.expr(value));
                quote!(#n = #v;)
            }
            StmtKind::Store {
                array,
                index,
                value,
            } => self.store(array, index, value),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let (c, a, b) = (self.expr(cond), self.block(then), self.block(otherwise));
                quote!(if #c { #a } else { #b })
            }
            StmtKind::Loop(lp) => match lp.order {
                Order::InOrder => self.for_loop(lp),
                Order::Independent => self.prange(lp),
            },
            StmtKind::While { cond, body } => {
                let (c, b) = (self.expr(cond), self.block(body));
                quote!(while #c { #b })
            }
            StmtKind::Break => quote!(break;),
            StmtKind::Continue => quote!(continue;),
            StmtKind::Return(value) => self.ret(value.as_ref()),
            StmtKind::ReturnTuple(values) => self.ret_tuple(values),
            StmtKind::CopyInto { view, from } => self.copy_into(view, *from),
            StmtKind::CallKernel { path, args, result } => {
                self.call_kernel(path, args, *result, s.span)
            }
            StmtKind::LetArray { var, helper, args } => {
                let (n, t) = (self.name(*var), elem_ty(self.k.var(*var).ty.elem()));
                let call = self.helper_call(*helper, args);
                quote!(let mut #n: ::std::vec::Vec<#t> = #call;)
            }
            StmtKind::Check(check) => self.check(check),
            StmtKind::Output { var, len } => self.output(*var, len),
        }
    }

    /// A run-time check: its failure returns the kernel's `Err`.
    fn check(&self, check: &crate::kir::Check) -> TokenStream {
        match check {
            crate::kir::Check::SameLength { left, right } => {
                let (l, r) = (self.expr(&left.0), self.expr(&right.0));
                same_length_check(&l, &r, &left.1, &right.1)
            }
            crate::kir::Check::NotEmpty {
                len,
                reduction,
                operand,
            } => not_empty_check(&self.expr(len), reduction, operand),
        }
    }

    /// The kernel's array result: the caller's buffer (its length checked) or a new one
    /// (`__owned`, what `return` gives back).
    fn output(&self, var: VarId, len: &Expr) -> TokenStream {
        let rt = rt();
        let (n, t) = (self.name(var), elem_ty(self.k.var(var).ty.elem()));
        let len = self.expr(len);
        quote! {
            let mut __owned: ::std::vec::Vec<#t> = ::std::vec::Vec::new();
            let #n: &mut [#t] = #rt::inorder::output(__KERNEL, __user_out, #len, &mut __owned)?;
        }
    }

    /// A call of an array expression's hidden kernel at this kernel's tier (its errors
    /// name this kernel).
    fn helper_call(&self, helper: usize, args: &[HelperArg]) -> TokenStream {
        let rt = rt();
        let name = &self.k.helpers[helper].name;
        let args = args.iter().map(|a| self.passed(a));
        quote! {
            #name::__whole(__s, __par, #(#args),*).map_err(|__e| #rt::Error::in_kernel(__e, __KERNEL))?
        }
    }

    /// A variable or a view as a hidden kernel's argument: a scalar by value, an array
    /// (or its view, bounds checked) as `&[T]`.
    fn passed(&self, a: &HelperArg) -> TokenStream {
        let rt = rt();
        let v = a.var();
        let n = self.name(v);
        match (a, self.k.var(v).ty) {
            (HelperArg::View(view), _) => {
                let label = &self.k.var(v).name;
                let (start, end) = self.view_bounds(view);
                quote!(#rt::inorder::view(__KERNEL, #label, &#n[..], #start, #end)?)
            }
            (_, crate::kir::Ty::Array { .. }) => quote!(&#n[..]),
            (_, crate::kir::Ty::Scalar(_)) => quote!(#n),
        }
    }

    /// `f(args);` or `let v = f(args);` of a kernel that writes arrays: its `__whole` at
    /// this tier, writable arrays passed `&mut` (its errors name both kernels; the call's
    /// span is the callee path's, so a type error points at the call).
    fn call_kernel(
        &self,
        path: &syn::Path,
        args: &[CallArg],
        result: Option<VarId>,
        span: Span,
    ) -> TokenStream {
        let rt = rt();
        let args = args.iter().map(|a| match a {
            CallArg::Value(e) => self.expr(e),
            CallArg::Read(h) => self.passed(h),
            CallArg::Write(v) => {
                let n = self.name(*v);
                quote!(&mut #n[..])
            }
        });
        let callee = quote_spanned!(span=> #path::__whole);
        let call = quote! {
            #callee(__s, __par, #(#args),*).map_err(|__e| #rt::Error::in_call(__KERNEL, __e))?
        };
        let Some(v) = result else {
            return quote!(let _ = #call;);
        };
        let (n, t) = (self.name(v), elem_ty(self.k.var(v).ty.elem()));
        match self.k.var(v).ty {
            crate::kir::Ty::Array { .. } => quote!(let mut #n: ::std::vec::Vec<#t> = #call;),
            crate::kir::Ty::Scalar(_) => quote!(let mut #n: #t = #call;),
        }
    }

    /// `array[index] = value`, checked (through the `prange`'s `Shared` view or private
    /// copy where one stands for the array).
    fn store(&self, array: &VarId, index: &Expr, value: &Expr) -> TokenStream {
        let rt = rt();
        let (n, label) = (self.name(*array), &self.k.var(*array).name);
        let (i, v) = (self.expr(index), self.expr(value));
        if self.shared.contains(array) {
            let sh = shared_name(&n);
            return quote! {{
                let __value = #v;
                let __index: usize = #i;
                #sh.store(__KERNEL, #label, __index, __value)?;
            }};
        }
        let n = if self.private.contains(array) {
            private_name(&n)
        } else {
            n
        };
        quote! {{
            let __value = #v;
            let __index: usize = #i;
            *#rt::inorder::slot(__KERNEL, #label, &mut #n[..], __index)? = __value;
        }}
    }

    /// A view's first index and its end (`Option`, the array's length when `None`), as
    /// the runtime's `view` and `copy_into` take them.
    fn view_bounds(&self, view: &crate::kir::View) -> (TokenStream, TokenStream) {
        let start = view.start.as_ref().map_or(quote!(0usize), |s| self.expr(s));
        let end = match &view.end {
            Some(e) => {
                let e = self.expr(e);
                quote!(::core::option::Option::Some(#e))
            }
            None => quote!(::core::option::Option::None),
        };
        (start, end)
    }

    /// `x[a..b] = from`, its bounds and length checked.
    fn copy_into(&self, view: &crate::kir::View, from: VarId) -> TokenStream {
        let rt = rt();
        let (n, label, f) = (
            self.name(view.array),
            &self.k.var(view.array).name,
            self.name(from),
        );
        let (start, end) = self.view_bounds(view);
        quote!(#rt::inorder::copy_into(__KERNEL, #label, &mut #n[..], #start, #end, &#f[..])?;)
    }

    fn ret(&self, value: Option<&Expr>) -> TokenStream {
        let rt = rt();
        match (value, self.k.result) {
            // The output array: written in place (the caller's buffer, or `__owned`).
            (Some(v), ResultTy::Array(_)) if matches!(v.kind, ExprKind::Var(o) if Some(o) == self.k.output()) =>
            {
                quote!(return ::core::result::Result::Ok(__owned);)
            }
            (Some(v), ResultTy::Array(_)) => {
                let v = self.expr(v);
                quote!(return #rt::inorder::deliver(__KERNEL, #v, __user_out);)
            }
            (Some(v), _) => {
                let v = self.expr(v);
                quote!(return ::core::result::Result::Ok(#v);)
            }
            (None, _) => quote!(return ::core::result::Result::Ok(());),
        }
    }

    /// `return (a, b, ..)`: each array part delivered into its buffer in `__user_out`
    /// (a tuple of one `Option<&mut [T]>` per array part) when the caller gave one.
    fn ret_tuple(&self, values: &[Expr]) -> TokenStream {
        let rt = rt();
        let is_arg = |n: &str| self.k.vars[..self.k.params].iter().any(|v| v.name == n);
        let mut parts = Vec::new();
        let mut buffer = 0;
        for (k, (v, part)) in values.iter().zip(&self.k.parts).enumerate() {
            let v = self.expr(v);
            if !matches!(part, ResultTy::Array(_)) {
                parts.push(v);
                continue;
            }
            let name = crate::surface::sig::buffer_name(Some(k), is_arg);
            let field = syn::Index::from(buffer);
            buffer += 1;
            parts.push(quote! {
                #rt::inorder::deliver_part(__KERNEL, #name, #k, #v, __user_out.#field)?
            });
        }
        quote!(return ::core::result::Result::Ok((#(#parts,)*));)
    }

    /// The iterator a `for` loop's domain is.
    pub(super) fn range(&self, d: &Domain) -> TokenStream {
        let rt = rt();
        let (a, b) = (self.expr(&d.start), self.expr(&d.end));
        let mut r = if d.inclusive {
            quote!((#a..=#b))
        } else {
            quote!((#a..#b))
        };
        if let Some(step) = &d.step {
            let (k, text) = (self.expr(step), &step.text);
            r = quote!(#r.step_by(#rt::inorder::step(__KERNEL, #text, #k)?));
        }
        if d.reversed {
            r = quote!(#r.rev());
        }
        r
    }

    fn for_loop(&self, lp: &Loop) -> TokenStream {
        if let Some(code) = super::lanes::search(self, lp) {
            return code;
        }
        let (i, r, body) = (
            self.name(lp.index),
            self.range(&lp.domain),
            self.block(&lp.body),
        );
        quote!(for #i in #r { #body })
    }

    /// A `prange`: its iterations in the fixed order's chunks, each chunk's reductions
    /// from the identity (scalars in locals, arrays in private copies), the chunks'
    /// results combined into the outer values in chunk order. The chunks run on the rayon
    /// pool in the parallel variant (`__par`), in order otherwise: the same closure, so the
    /// same bits. Batches of `inorder::PRANGE_BATCH` iterations bound the private copies
    /// alive at once; batch boundaries are chunk boundaries, so the order is unchanged.
    fn prange(&self, lp: &Loop) -> TokenStream {
        let rt = rt();
        let (a, end) = self.prange_bounds(&lp.domain);
        let reduced: Vec<VarId> = lp.array_reductions.iter().map(|r| r.var).collect();
        let written: Vec<VarId> = written_outside(&lp.body)
            .into_iter()
            .filter(|v| !reduced.contains(v))
            .collect();
        let inner = Cx {
            k: self.k,
            shared: self.shared.iter().chain(&written).copied().collect(),
            private: self.private.iter().chain(&reduced).copied().collect(),
        };
        if let Some(code) = super::lanes::prange(self, &inner, lp) {
            return code;
        }
        if (lp.reductions.iter()).any(|r| matches!(r.op, crate::kir::ReduceOp::OnlineExpSum { .. }))
        {
            // `plan::lower::online_on_lanes` keeps such kernels from the targets.
            return quote!(::core::compile_error!(
                "kernelize bug: an online normaliser outside SIMD lanes; please report it"
            ));
        }
        let (i, body) = (self.name(lp.index), inner.block(&lp.body));
        let shares = self.shares(&written);
        let parts = self.partials(lp);
        let (locals, types, inits, combines) =
            (&parts.locals, &parts.types, &parts.inits, &parts.combines);
        let names = &parts.names;
        quote! {{
            let __lo: usize = #a;
            let __count: usize = (#end).saturating_sub(__lo);
            #(#shares)*
            let mut __batch: usize = 0;
            while __batch < __count {
                let __in_batch = (__count - __batch).min(#rt::inorder::PRANGE_BATCH);
                let __first = __lo + __batch;
                // Each chunk enters the tier's `#[target_feature]` frame itself (as a pass of
                // an array kernel does): run by `run_chunks`, it is not inlined into one.
                let __chunks = #rt::inorder::run_chunks(__par, __in_batch, |__range: ::core::ops::Range<usize>| -> ::core::result::Result<(#(#types,)*), #rt::Error> {
                    #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] || -> ::core::result::Result<(#(#types,)*), #rt::Error> {
                        #(let mut #locals: #types = #inits;)*
                        for __t in __range {
                            let #i: usize = __first + __t;
                            #body
                        }
                        ::core::result::Result::Ok((#(#locals,)*))
                    }))
                })?;
                for (#(#names,)*) in __chunks {
                    #(#combines)*
                }
                __batch += __in_batch;
            }
        }}
    }

    /// A `prange`'s first index and its end (exclusive; an inclusive bound plus one).
    pub(super) fn prange_bounds(&self, d: &Domain) -> (TokenStream, TokenStream) {
        let (a, b) = (self.expr(&d.start), self.expr(&d.end));
        let end = if d.inclusive {
            quote!((#b).saturating_add(1))
        } else {
            quote!(#b)
        };
        (a, end)
    }

    /// The `Shared` views of the arrays `written` a `prange` writes at its own index.
    pub(super) fn shares(&self, written: &[VarId]) -> Vec<TokenStream> {
        let rt = rt();
        written
            .iter()
            .map(|&v| {
                let n = self.name(v);
                let sh = shared_name(&n);
                // SAFETY (of the `Shared::new`): the race check (`kir::races`) admits a
                // write to an array declared outside a `prange` only at the loop's own
                // index, and reads of that array only there too; the loop's indices are
                // distinct, so each element belongs to one iteration, hence to one thread.
                quote!(let #sh = unsafe { #rt::inorder::Shared::new(&mut #n[..]) };)
            })
            .collect()
    }

    /// What each chunk of `lp` returns and how it is combined: its scalar reductions'
    /// locals, then its array reductions' private copies.
    fn partials(&self, lp: &Loop) -> Partials {
        let mut p = Partials::default();
        for (k, r) in lp.reductions.iter().enumerate() {
            let (n, t) = (self.name(r.var), self.k.var(r.var).ty.elem());
            let part = format_ident!("__part{}", k);
            let c = self.binary(r.combine, t, quote!(#n), quote!(#part), "");
            p.combines.push(quote!(#n = #c;));
            p.locals.push(n);
            p.types.push(elem_ty(t));
            p.inits.push(self.identity(r));
            p.names.push(part);
        }
        for (k, r) in lp.array_reductions.iter().enumerate() {
            let (n, t) = (self.name(r.var), self.k.var(r.var).ty.elem());
            let (part, et) = (format_ident!("__copy{}", k), elem_ty(t));
            let id = self.identity(r);
            let c = self.binary(r.combine, t, quote!(*__dst), quote!(*__src), "");
            p.combines.push(quote! {
                for (__dst, __src) in #n.iter_mut().zip(#part.iter()) {
                    *__dst = #c;
                }
            });
            p.locals.push(private_name(&n));
            p.types.push(quote!(::std::vec::Vec<#et>));
            p.inits.push(quote!(::std::vec![#id; #n.len()]));
            p.names.push(part);
        }
        p
    }

    /// The value a reduction's chunk starts from: `x op identity == x` for every `x`.
    pub(super) fn identity(&self, r: &Reduction) -> TokenStream {
        let e = self.k.var(r.var).ty.elem();
        let t = elem_ty(e);
        let float = e.is_float();
        match (r.combine, float, e == ElemType::Bool) {
            (BinOp::Add, true, _) => quote!(-0.0),
            (BinOp::Add, false, _) | (BinOp::BitOr, false, false) => quote!(0),
            (BinOp::Mul, true, _) => quote!(1.0),
            (BinOp::Mul, false, _) => quote!(1),
            (BinOp::RustMax | BinOp::RustMin, true, _) => quote!(#t::NAN),
            (BinOp::PyMax | BinOp::Maximum, true, _) => quote!(#t::NEG_INFINITY),
            (BinOp::PyMin | BinOp::Minimum, true, _) => quote!(#t::INFINITY),
            (BinOp::PyMax | BinOp::RustMax | BinOp::Maximum, false, _) => quote!(#t::MIN),
            (BinOp::PyMin | BinOp::RustMin | BinOp::Minimum, false, _) => quote!(#t::MAX),
            (BinOp::BitOr, _, true) => quote!(false),
            (BinOp::BitAnd, _, true) => quote!(true),
            (BinOp::BitAnd, _, false) => quote!(!0),
            _ => quote!(::core::unreachable!()),
        }
    }

    pub(super) fn expr(&self, e: &Expr) -> TokenStream {
        crate::deeper(|| self.expr_inner(e))
    }

    fn expr_inner(&self, e: &Expr) -> TokenStream {
        let rt = rt();
        let t = elem_ty(e.ty);
        match &e.kind {
            ExprKind::Literal(text) => literal(text, e.ty, e.span),
            ExprKind::Constant(c) => match c {
                NamedConst::Pi => quote!(::core::#t::consts::PI),
                NamedConst::Inf => quote!(#t::INFINITY),
                NamedConst::Nan => quote!(#t::NAN),
            },
            ExprKind::Var(v) => {
                let n = self.name(*v);
                quote!(#n)
            }
            ExprKind::Load { array, index } => {
                let (n, label, i) = (
                    self.name(*array),
                    &self.k.var(*array).name,
                    self.expr(index),
                );
                if self.shared.contains(array) {
                    let sh = shared_name(&n);
                    return quote!(#sh.load(__KERNEL, #label, #i)?);
                }
                let n = if self.private.contains(array) {
                    private_name(&n)
                } else {
                    n
                };
                quote!(#rt::inorder::load(__KERNEL, #label, &#n[..], #i)?)
            }
            ExprKind::Len(array) => {
                let n = self.name(*array);
                quote!(#n.len())
            }
            ExprKind::Unary(op, a) => self.unary(*op, e.ty, self.expr(a)),
            ExprKind::Binary(op, a, b) => {
                self.binary(*op, e.ty, self.expr(a), self.expr(b), &e.text)
            }
            ExprKind::Compare(op, a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                match op {
                    CompareOp::Lt => quote!((#a < #b)),
                    CompareOp::Le => quote!((#a <= #b)),
                    CompareOp::Gt => quote!((#a > #b)),
                    CompareOp::Ge => quote!((#a >= #b)),
                    CompareOp::Eq => quote!((#a == #b)),
                    CompareOp::Ne => quote!((#a != #b)),
                }
            }
            ExprKind::Not(a) => {
                let a = self.expr(a);
                quote!((!#a))
            }
            ExprKind::And(a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                quote!((#a && #b))
            }
            ExprKind::Or(a, b) => {
                let (a, b) = (self.expr(a), self.expr(b));
                quote!((#a || #b))
            }
            ExprKind::Cast(a) => {
                let from = a.ty;
                let a = self.expr(a);
                if from == ElemType::Bool && e.ty.is_float() {
                    quote!((#a as u8 as #t))
                } else {
                    quote!((#a as #t))
                }
            }
            ExprKind::Select(c, a, b) => {
                let (c, a, b) = (self.expr(c), self.expr(a), self.expr(b));
                quote!((if #c { #a } else { #b }))
            }
            ExprKind::MulAdd(a, b, c) => {
                let (a, b, c) = (self.expr(a), self.expr(b), self.expr(c));
                quote!(#rt::inorder::mul_add(#a, #b, #c))
            }
            ExprKind::Helper { helper, args } => self.helper_call(*helper, args),
            ExprKind::RustCall(path, args) => {
                let args = args.iter().map(|a| self.call_arg(a));
                quote!(#path(#(#args),*))
            }
        }
    }

    /// An argument of a call of a Rust function: literals go untyped, so rustc gives them
    /// the parameter's type.
    pub(super) fn call_arg(&self, a: &Expr) -> TokenStream {
        match &a.kind {
            ExprKind::Literal(text) if a.ty != ElemType::Bool => {
                text.parse::<TokenStream>().unwrap_or_else(|_| self.expr(a))
            }
            _ => self.expr(a),
        }
    }

    fn unary(&self, op: UnaryOp, ty: ElemType, a: TokenStream) -> TokenStream {
        let rt = rt();
        if !ty.is_float() {
            return match op {
                UnaryOp::Neg => quote!((#a).wrapping_neg()),
                UnaryOp::Abs => quote!((#a).wrapping_abs()),
                _ => a,
            };
        }
        let f = match op {
            UnaryOp::Neg => return quote!((-#a)),
            UnaryOp::Sqrt => "sqrt",
            UnaryOp::Abs => "abs",
            UnaryOp::Floor => "floor",
            UnaryOp::Ceil => "ceil",
            other => other.math_fn().unwrap_or("exp"),
        };
        let f = format_ident!("{}", f);
        quote!(#rt::inorder::#f(#a))
    }

    pub(super) fn binary(
        &self,
        op: BinOp,
        ty: ElemType,
        a: TokenStream,
        b: TokenStream,
        text: &str,
    ) -> TokenStream {
        let rt = rt();
        let int = !ty.is_float() && ty != ElemType::Bool;
        match op {
            BinOp::Add if int => quote!((#a).wrapping_add(#b)),
            BinOp::Sub if int => quote!((#a).wrapping_sub(#b)),
            BinOp::Mul if int => quote!((#a).wrapping_mul(#b)),
            BinOp::Div if int => {
                quote!(#rt::inorder::IntDiv::div_checked(#a, #b, __KERNEL, #text)?)
            }
            BinOp::Rem if int => {
                quote!(#rt::inorder::IntDiv::rem_checked(#a, #b, __KERNEL, #text)?)
            }
            BinOp::Add => quote!((#a + #b)),
            BinOp::Sub => quote!((#a - #b)),
            BinOp::Mul => quote!((#a * #b)),
            BinOp::Div => quote!((#a / #b)),
            BinOp::Rem => quote!((#a % #b)),
            BinOp::PyMax => quote!(#rt::inorder::py_max(#a, #b)),
            BinOp::PyMin => quote!(#rt::inorder::py_min(#a, #b)),
            BinOp::RustMax | BinOp::Maximum if int => quote!(::core::cmp::Ord::max(#a, #b)),
            BinOp::RustMin | BinOp::Minimum if int => quote!(::core::cmp::Ord::min(#a, #b)),
            BinOp::RustMax => quote!((#a).max(#b)),
            BinOp::RustMin => quote!((#a).min(#b)),
            BinOp::Maximum => quote!(#rt::inorder::maximum(#a, #b)),
            BinOp::Minimum => quote!(#rt::inorder::minimum(#a, #b)),
            BinOp::Power => quote!(#rt::inorder::power(#a, #b)),
            BinOp::BitAnd => quote!((#a & #b)),
            BinOp::BitOr => quote!((#a | #b)),
            BinOp::BitXor => quote!((#a ^ #b)),
        }
    }
}

/// `if l != r { return Err(LengthMismatch) }`: two arrays combined elementwise (`ln` and
/// `rn` their names in the message). Array kernels check this before any work.
pub(crate) fn same_length_check(
    l: &TokenStream,
    r: &TokenStream,
    ln: &str,
    rn: &str,
) -> TokenStream {
    let rt = rt();
    quote! {
        if #l != #r {
            return ::core::result::Result::Err(#rt::Error::LengthMismatch {
                kernel: __KERNEL,
                left: #ln,
                left_len: #l,
                right: #rn,
                right_len: #r,
            });
        }
    }
}

/// `if len == 0 { return Err(EmptyReduction) }`: a reduction without an identity.
pub(crate) fn not_empty_check(len: &TokenStream, reduction: &str, operand: &str) -> TokenStream {
    let rt = rt();
    quote! {
        if #len == 0 {
            return ::core::result::Result::Err(#rt::Error::EmptyReduction {
                kernel: __KERNEL,
                reduction: #reduction,
                operand: #operand,
            });
        }
    }
}

/// The name of the private copy of array `n` a `prange` chunk reduces into.
pub(super) fn private_name(n: &syn::Ident) -> syn::Ident {
    format_ident!("__private_{}", n)
}

/// The name of the `Shared` view of array `n` inside a `prange`.
pub(super) fn shared_name(n: &syn::Ident) -> syn::Ident {
    format_ident!("__shared_{}", n)
}

/// The arrays a `prange` body writes that are declared outside it.
fn written_outside(body: &Block) -> Vec<VarId> {
    fn walk(b: &Block, inside: &mut Vec<VarId>, out: &mut Vec<VarId>) {
        for s in b {
            match &s.kind {
                StmtKind::Alloc { var, .. } | StmtKind::LetArray { var, .. } => inside.push(*var),
                StmtKind::CallKernel {
                    result: Some(var), ..
                } => inside.push(*var),
                StmtKind::Store { array, .. }
                    if !inside.contains(array) && !out.contains(array) =>
                {
                    out.push(*array)
                }
                StmtKind::If {
                    then, otherwise, ..
                } => {
                    walk(then, inside, out);
                    walk(otherwise, inside, out);
                }
                StmtKind::Loop(lp) => walk(&lp.body, inside, out),
                StmtKind::While { body, .. } => walk(body, inside, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(body, &mut Vec::new(), &mut out);
    out
}

/// A literal of type `ty`, at the user's span.
fn literal(text: &str, ty: ElemType, span: Span) -> TokenStream {
    if ty == ElemType::Bool {
        let b = syn::LitBool::new(text == "true", span);
        return quote!(#b);
    }
    let lit = if ty.is_float() {
        // `2.` and `2.e3` need a digit after the point before a suffix.
        let digits = crate::backend::kernel::float_digits(text);
        syn::Lit::Float(syn::LitFloat::new(
            &format!("{digits}{}", ty.rust_name()),
            span,
        ))
    } else {
        syn::Lit::Int(syn::LitInt::new(&format!("{text}{}", ty.rust_name()), span))
    };
    quote_spanned!(span=> #lit)
}
