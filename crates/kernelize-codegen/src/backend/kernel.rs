//! The kernel's computation, written once generic over the runtime's `Simd` tier token
//! and a run-time `__par: bool` that chooses the chunk driver (sequential or rayon). Every
//! backend runs this code: `scalar` at the one-lane tier, `simd` at the selected tier,
//! `parallel` with `__par = true`.
//!
//! Fixed reduction order (the same for every backend at one tier, any thread count): the
//! pass's index range is cut into chunks of `parallel::CHUNK` elements; inside a chunk,
//! vector number `j` (counting from the chunk's start) accumulates into accumulator
//! `j % 4`; sums cascade: every block of `4 * BLOCK` vectors (from the chunk's start)
//! starts its accumulators at 0 and at the block's end adds accumulator `u` into a
//! second-level accumulator `u`, so no lane adds more than `BLOCK` terms or
//! `CHUNK / (4 * BLOCK)` block partials in sequence (the online max+sum takes each block's
//! maximum before the block's terms, and the chunk's last, partial block's before its own,
//! keeps one running maximum for all lanes across blocks and rescales both levels together
//! when it grows); the tail is one partial vector
//! whose unused lanes hold the reduction's identity; the four accumulators (second-level
//! for sums) combine as `(a0 ∘ a1) ∘ (a2 ∘ a3)`, then the lanes
//! pairwise (`Vector::reduce_*`), and the chunk partials pairwise in chunk order
//! (`parallel::combine_pairwise`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::Backend;
use crate::lang::{
    BinaryOp, Body, CallKind, LenSource, NamedConst, NodeId, Op, Reduction, Shape, UnaryOp,
    ValueType,
};
use crate::model::{ArgKind, ElemType, KernelDecl, ReturnKind};
use crate::plan::{Buffer, LoopPlan, PassKind, Step, Stream};

/// Accumulators per reduction inside a chunk.
const ACCUMULATORS: usize = 4;

/// Accumulators of the online normaliser's block maxima (a maximum is exact in any order,
/// so their number is free; with 4 the NaN-propagating maximum, a compare and a masked
/// `vmaxpd` on AVX-512, waits on its own latency).
const MAX_ACCUMULATORS: usize = 8;

/// Vectors each accumulator of a sum takes per block before the block's partial is folded
/// into the second-level accumulator (the cascade): a lane's sequential run is at most
/// `BLOCK` terms, then at most `ceil(CHUNK / (ACCUMULATORS * BLOCK))` block partials
/// (128 at the one-lane tier instead of 4096).
pub const BLOCK: usize = 32;

/// The absolute path generated code names the runtime by.
pub fn rt() -> TokenStream {
    quote!(::kernelize::__private)
}

/// The vector of elements `elem` at the tier `S` of the enclosing `__core<S>`.
pub fn vector_ty(elem: ElemType) -> TokenStream {
    let rt = rt();
    let lanes = if elem == ElemType::F32 {
        quote!(F32)
    } else {
        quote!(F64)
    };
    quote!(<S as #rt::simd::Simd>::#lanes)
}

/// Where generated code is being written: the whole-array kernel or the per-lane
/// function of a ufunc-style kernel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Inside `__core<S>`: scalars are splat vectors, arrays are looped over.
    Core,
    /// Inside `__lanes<V>`: every value is a vector of independent lanes.
    Lanes,
}

/// Generates the code of one kernel.
#[derive(Debug)]
pub struct KernelCode<'a> {
    /// The checked declaration.
    pub decl: &'a KernelDecl,
    /// The lowered body.
    pub body: &'a Body,
    /// Its plan.
    pub plan: &'a LoopPlan,
}

/// Accumulator `u` of a pass's reduction number `r`.
fn acc(r: usize, u: usize) -> Ident {
    format_ident!("__a{}_{}", r, u)
}

/// The second-level (cascade) accumulator `u` of a sum.
fn acc2(r: usize, u: usize) -> Ident {
    format_ident!("__b{}_{}", r, u)
}

/// An online sum's running maximum (one for all lanes).
fn run_max(r: usize) -> Ident {
    format_ident!("__m{}", r)
}

/// What an online sum's terms subtract: its running maximum, or 0 while that is -∞.
fn shift(r: usize) -> Ident {
    format_ident!("__sh{}", r)
}

fn v(id: NodeId) -> Ident {
    format_ident!("__v{}", id)
}

fn f(id: NodeId) -> Ident {
    format_ident!("__f{}", id)
}

fn elem_ty(e: ElemType) -> TokenStream {
    let id = Ident::new(e.rust_name(), Span::call_site());
    quote!(#id)
}

/// The literal `text` of type `e`, as one token. `text` is syn's `base10_digits` of the
/// user's literal (underscores dropped, `E` as `e`, no `+`, a hexadecimal, octal or binary
/// integer in decimal) or a digit string of ours: `2`, `2.`, `2.5`, `2e3`, `2.5e-3`. A
/// point with no digit after it gets one before the suffix goes on: `2.f64` would lex as
/// `2 . f64`, a field access (`2f64`, `2e3f64` are float literals as they are).
fn float_lit(text: &str, e: ElemType) -> TokenStream {
    let src = format!("{}{}", float_digits(text), e.rust_name());
    match src.parse::<proc_macro2::Literal>() {
        Ok(lit) => quote!(#lit),
        // Not reached: syn accepted the user's literal, and its digits respell as above.
        Err(_) => {
            let msg = format!("kernelize: internal error: cannot spell the literal `{text}`");
            quote!(::core::compile_error!(#msg))
        }
    }
}

/// `tokens` with every token's span set to `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut t| {
            t.set_span(span);
            t
        })
        .collect()
}

/// `text` with a digit after its point if it has a point (see [`float_lit`]): `2.` as
/// `2.0`, `2.e3` as `2.0e3`.
pub(crate) fn float_digits(text: &str) -> String {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    match mantissa.strip_suffix('.') {
        Some(whole) => format!("{whole}.0{exponent}"),
        None => text.to_owned(),
    }
}

impl KernelCode<'_> {
    fn t(&self) -> TokenStream {
        elem_ty(self.body.elem)
    }

    /// The vector type inside `__core<S>`.
    fn core_v(&self) -> TokenStream {
        vector_ty(self.body.elem)
    }

    /// `true` if the kernel takes only float scalars of its element type, so it can act
    /// elementwise (a ufunc) through `__lanes`.
    pub fn is_ufunc(&self) -> bool {
        !self.decl.args.is_empty()
            && self
                .decl
                .args
                .iter()
                .all(|a| a.kind == ArgKind::Scalar && a.elem == self.body.elem)
            && matches!(self.decl.ret, ReturnKind::Scalar(e) if e == self.body.elem)
    }

    /// The generated Rust type of the result.
    pub fn ret_ty(&self) -> TokenStream {
        crate::surface::sig::ret_ty(self.decl)
    }

    /// `name: type` for every argument, with array lifetimes elided.
    pub fn params(&self) -> Vec<TokenStream> {
        crate::surface::sig::user_params(self.decl)
    }

    /// The argument names as expressions passing them on (mutable arrays reborrowed
    /// shared: array-expression kernels only read their arguments).
    pub fn forward(&self) -> Vec<TokenStream> {
        crate::surface::sig::hidden_args(self.decl, &[], None).forward
    }

    /// The parameters of `__core` (arrays always shared).
    pub fn core_params(&self) -> Vec<TokenStream> {
        crate::surface::sig::hidden_args(self.decl, &[], None).params
    }

    /// `__user_out: Option<&mut [T]>,`, the caller's buffer `__core` takes for an array
    /// result (`None` for other results).
    pub fn out_param(&self) -> Option<TokenStream> {
        let t = self.t();
        matches!(self.decl.ret, ReturnKind::Array(_))
            .then(|| quote!(__user_out: ::core::option::Option<&mut [#t]>,))
    }

    /// `fn __core<S: Simd>(__s: S, __par: bool, args.., __user_out) -> Result<R, Error>`.
    pub fn core_fn(&self, drivers: &[&dyn Backend], fn_name: &Ident) -> TokenStream {
        let rt = rt();
        let params = self.core_params();
        let ret = self.ret_ty();
        let t = self.t();
        let out_param = self.out_param();
        let owned = out_param.is_some().then(|| {
            quote! {
                let mut __owned: ::std::vec::Vec<#t> = ::std::vec::Vec::new();
                let mut __user_out = __user_out;
            }
        });
        let mut stmts = Vec::new();
        let mut emitted_checks = vec![false; self.body.length_checks.len()];
        let mut emitted_empty = vec![false; self.body.empty_checks.len()];
        let mut available: Vec<LenSource> = Vec::new();
        // Lengths of argument classes are known at once.
        for (i, a) in self.decl.args.iter().enumerate() {
            if a.kind != ArgKind::Scalar {
                available.push(LenSource::Arg(i));
            }
        }
        for (c, src) in self.body.classes.iter().enumerate() {
            if let LenSource::Arg(i) = src {
                let name = &self.decl.args[*i].name;
                let len = format_ident!("__len{}", c);
                stmts.push(quote!(let #len: usize = #name.len();));
            }
        }
        stmts.push(self.checks(&available, &mut emitted_checks, &mut emitted_empty));
        let mut output_ready = false;
        for step in &self.plan.steps {
            match *step {
                Step::Node(id) => {
                    stmts.push(self.scalar_step(id, Context::Core));
                    // An array step is a call whose result's length is known from now.
                    if matches!(self.body.node(id).shape, Shape::Array(_)) {
                        for (c, src) in self.body.classes.iter().enumerate() {
                            if *src == LenSource::Call(id) {
                                let len = format_ident!("__len{}", c);
                                let val = v(id);
                                stmts.push(quote!(let #len: usize = #val.len();));
                            }
                        }
                        available.push(LenSource::Call(id));
                        stmts.push(self.checks(
                            &available,
                            &mut emitted_checks,
                            &mut emitted_empty,
                        ));
                    }
                }
                Step::Pass(p) => {
                    let pass = &self.plan.passes[p];
                    let writes_output = matches!(pass.write, Some((_, Buffer::Output)));
                    if writes_output && !output_ready {
                        output_ready = true;
                        stmts.push(self.acquire_output(pass.class));
                    }
                    if let Some((id, Buffer::Temp(_))) = pass.write {
                        let tmp = format_ident!("__t{}", id);
                        let len = format_ident!("__len{}", pass.class);
                        stmts.push(quote!(let mut #tmp = #rt::buffer::alloc_output::<#t>(#len);));
                    }
                    stmts.push(self.pass_code(p, drivers));
                }
            }
        }
        let result = self.result_expr();
        quote! {
            #[inline(always)]
            pub fn #fn_name<S: #rt::simd::Simd>(
                __s: S,
                __par: bool,
                #(#params,)*
                #out_param
            ) -> ::core::result::Result<#ret, #rt::Error> {
                #[allow(unused_imports)]
                use #rt::simd::{Mask as _, Vector as _};
                #owned
                #(#stmts)*
                ::core::result::Result::Ok(#result)
            }
        }
    }

    fn acquire_output(&self, class: usize) -> TokenStream {
        let rt = rt();
        let t = self.t();
        let len = format_ident!("__len{}", class);
        quote! {
            let __out: &mut [#t] = #rt::inorder::output(__KERNEL, __user_out.take(), #len, &mut __owned)?;
        }
    }

    fn source_len(&self, src: LenSource) -> TokenStream {
        match src {
            LenSource::Arg(i) => {
                let name = &self.decl.args[i].name;
                quote!(#name.len())
            }
            LenSource::Call(c) => {
                let val = v(c);
                quote!(#val.len())
            }
        }
    }

    /// Length and empty-reduction checks whose lengths are known now.
    fn checks(
        &self,
        available: &[LenSource],
        done: &mut [bool],
        done_empty: &mut [bool],
    ) -> TokenStream {
        let mut out = Vec::new();
        for (i, check) in self.body.length_checks.iter().enumerate() {
            if done[i] || !available.contains(&check.left.0) || !available.contains(&check.right.0)
            {
                continue;
            }
            done[i] = true;
            let (l, r) = (
                self.source_len(check.left.0),
                self.source_len(check.right.0),
            );
            let (ln, rn) = (&check.left.1, &check.right.1);
            out.push(crate::target::inorder::same_length_check(&l, &r, ln, rn));
        }
        for (i, check) in self.body.empty_checks.iter().enumerate() {
            if done_empty[i] || !available.contains(&self.body.classes[check.class]) {
                continue;
            }
            done_empty[i] = true;
            let len = format_ident!("__len{}", check.class);
            let (red, operand) = (check.reduction, &check.operand);
            out.push(crate::target::inorder::not_empty_check(
                &quote!(#len),
                red,
                operand,
            ));
        }
        quote!(#(#out)*)
    }

    fn result_expr(&self) -> TokenStream {
        let rt = rt();
        let r = self.body.result;
        match self.decl.ret {
            ReturnKind::Array(_) => quote!(__owned),
            // A tuple result is compiled as statements, never here.
            ReturnKind::Void | ReturnKind::Tuple => quote!(()),
            ReturnKind::Scalar(e) => {
                let node = self.body.node(r);
                let val = v(r);
                let t = elem_ty(e);
                match node.ty {
                    // A scalar comparison (a predicate kernel): its one lane.
                    ValueType::Mask => quote!(#rt::simd::Mask::bitmask(#val) & 1 != 0),
                    ValueType::Float if e == self.body.elem => quote!(#val.extract(0)),
                    ValueType::Float => quote!(#val.extract(0) as #t),
                    ValueType::Native(n) if n == e => quote!(#val),
                    _ => quote!(#val as #t),
                }
            }
        }
    }

    /// The vector type and token of a context.
    fn vt(&self, cx: Context) -> (TokenStream, TokenStream) {
        match cx {
            Context::Core => (self.core_v(), quote!(__s)),
            Context::Lanes => (quote!(V), quote!(__tok)),
        }
    }

    /// The value of node `id` as a float vector (scalars coerced).
    fn float(&self, id: NodeId) -> TokenStream {
        match self.body.node(id).ty {
            ValueType::Native(_) if self.body.node(id).shape == Shape::Scalar => {
                let fv = f(id);
                quote!(#fv)
            }
            _ => {
                let val = v(id);
                quote!(#val)
            }
        }
    }

    /// The elementwise expression computing node `id` from its operands' values.
    fn elementwise(&self, id: NodeId, cx: Context) -> TokenStream {
        let rt = rt();
        let (vty, tok) = self.vt(cx);
        let t = self.t();
        let e = self.body.elem;
        let node = self.body.node(id);
        let x = |o: NodeId| self.float(o);
        match &node.op {
            Op::Literal(text) => {
                // With the user's span: rustc's own complaints (`1e400` is out of range
                // for `f64`) point at the literal.
                let lit = respan(float_lit(text, e), node.span);
                quote!(<#vty>::splat(#tok, #lit))
            }
            Op::Constant(c) => {
                let val = match c {
                    NamedConst::Pi => quote!(::core::#t::consts::PI),
                    NamedConst::Inf => quote!(#t::INFINITY),
                    NamedConst::Nan => quote!(#t::NAN),
                };
                quote!(<#vty>::splat(#tok, #val))
            }
            Op::Unary(op, a_id) => {
                let a = x(*a_id);
                match op.math_fn() {
                    Some(name) => {
                        // One instruction shorter where the argument cannot be positive.
                        let name = match op {
                            UnaryOp::Exp if self.body.never_positive(*a_id) => "exp_nonpositive",
                            _ => name,
                        };
                        let fname = Ident::new(name, node.span);
                        quote!(#rt::math::#fname(#a))
                    }
                    None => {
                        let m = Ident::new(op.name(), Span::call_site());
                        quote!(#a.#m())
                    }
                }
            }
            Op::Binary(op, a, b) => {
                let (a, b) = (x(*a), x(*b));
                match op {
                    BinaryOp::Add => quote!(#a.add(#b)),
                    BinaryOp::Sub => quote!(#a.sub(#b)),
                    BinaryOp::Mul => quote!(#a.mul(#b)),
                    BinaryOp::Div if self.divides_by_scalar(id, cx) => {
                        let Op::Binary(_, _, d) = node.op else {
                            unreachable!()
                        };
                        let dv = format_ident!("__dv{}", d);
                        quote!(#dv.divide(#a))
                    }
                    BinaryOp::Div => quote!(#a.div(#b)),
                    BinaryOp::Maximum => quote!(#a.max(#b)),
                    BinaryOp::Minimum => quote!(#a.min(#b)),
                    BinaryOp::Power => quote!(#rt::math::power(#a, #b)),
                }
            }
            Op::MulAdd(a, b, c) => {
                let (a, b, c) = (x(*a), x(*b), x(*c));
                quote!(#a.mul_add(#b, #c))
            }
            Op::Compare(op, a, b) => {
                let (a, b) = (x(*a), x(*b));
                let m = Ident::new(op.method(), Span::call_site());
                quote!(#a.#m(#b))
            }
            Op::Select(m, a, b) => {
                let (m, a, b) = (v(*m), x(*a), x(*b));
                quote!(<#vty>::select(#m, #a, #b))
            }
            Op::MaskLogic(and, a, b) => {
                let (a, b) = (v(*a), v(*b));
                let f = if *and { quote!(and) } else { quote!(or) };
                quote!(#rt::simd::Mask::#f(#a, #b))
            }
            Op::MaskNot(a) => {
                let a = v(*a);
                quote!(#rt::simd::Mask::not(#a))
            }
            Op::KernelCall(CallKind::Ufunc, path, args) => {
                // The callee's body on every lane, fused into this loop at this tier.
                let args: Vec<_> = args.iter().map(|&a| x(a)).collect();
                let path = spanned_path(path, node.span);
                quote!(#path::__lanes::<#vty>(#(#args),*))
            }
            other => unreachable!("not elementwise: {other:?}"),
        }
    }

    /// `let __vN = ...;` for a scalar node (or a whole-array call), evaluated once.
    fn scalar_step(&self, id: NodeId, cx: Context) -> TokenStream {
        let (vty, tok) = self.vt(cx);
        let t = self.t();
        let node = self.body.node(id);
        let val = v(id);
        let fv = f(id);
        match &node.op {
            Op::Arg(i) => {
                let name = &self.decl.args[*i].name;
                match node.ty {
                    ValueType::Float => quote!(let #val = <#vty>::splat(#tok, #name);),
                    ValueType::Native(ElemType::Bool) => quote!(let #val = #name;),
                    _ => quote! {
                        let #val = #name;
                        let #fv = <#vty>::splat(#tok, #name as #t);
                    },
                }
            }
            Op::Len(c) => {
                let len = format_ident!("__len{}", c);
                quote! {
                    let #val: usize = #len;
                    let #fv = <#vty>::splat(#tok, #val as #t);
                }
            }
            Op::RustCall(path, args) => self.rust_call_step(id, path, args, cx),
            Op::KernelCall(CallKind::Whole, path, args) => self.whole_call_step(id, path, args, cx),
            _ => {
                let expr = self.elementwise(id, cx);
                quote!(let #val = #expr;)
            }
        }
    }

    /// An ordinary call with scalar arguments, evaluated once (per lane inside `__lanes`):
    /// one value converted to the element type by `call::IntoElem` (whose message says what
    /// to do when the function returns something else), or, under a typed `let`, an array
    /// or a scalar of the annotated type.
    fn rust_call_step(
        &self,
        id: NodeId,
        path: &syn::Path,
        args: &[NodeId],
        cx: Context,
    ) -> TokenStream {
        let rt = rt();
        let (vty, tok) = self.vt(cx);
        let t = self.t();
        let node = self.body.node(id);
        let (val, fv) = (v(id), f(id));
        let path = spanned_path(path, node.span);
        let lane = match cx {
            Context::Core => quote!(0),
            Context::Lanes => quote!(__j),
        };
        let args: Vec<_> = args
            .iter()
            .map(|&a| {
                let av = v(a);
                match self.body.node(a).ty {
                    ValueType::Float => quote!(#av.extract(#lane)),
                    _ => quote!(#av),
                }
            })
            .collect();
        let span = node.span;
        let into = quote_spanned!(span=> #rt::call::IntoElem::<#t>::into_elem(#path(#(#args),*)));
        match (node.shape, node.ty, cx) {
            (Shape::Array(_), _, _) => quote!(let #val: ::std::vec::Vec<#t> = #path(#(#args),*);),
            (_, ValueType::Native(n), _) => {
                let nt = elem_ty(n);
                let cast = (n != ElemType::Bool)
                    .then(|| quote!(let #fv = <#vty>::splat(#tok, #val as #t);));
                quote! {
                    let #val: #nt = #path(#(#args),*);
                    #cast
                }
            }
            (_, _, Context::Core) => quote!(let #val = <#vty>::splat(#tok, #into);),
            (_, _, Context::Lanes) => {
                let zero = float_lit("0", self.body.elem);
                quote! {
                    let #val = {
                        let mut __buf = [#zero; 64];
                        for (__j, __slot) in __buf[..<#vty>::LANES].iter_mut().enumerate() {
                            *__slot = #into;
                        }
                        <#vty>::load(#tok, &__buf[..])
                    };
                }
            }
        }
    }

    /// A call to a kernel taking arrays, once with whole arrays at this tier (no dispatch):
    /// array expression arguments were stored into temporaries by the plan; an error in
    /// the callee names both kernels.
    fn whole_call_step(
        &self,
        id: NodeId,
        path: &syn::Path,
        args: &[NodeId],
        cx: Context,
    ) -> TokenStream {
        let rt = rt();
        let (vty, tok) = self.vt(cx);
        let t = self.t();
        let node = self.body.node(id);
        let (val, fv) = (v(id), f(id));
        let path = spanned_path(path, node.span);
        let args: Vec<_> = args
            .iter()
            .map(|&a| {
                let an = self.body.node(a);
                let av = v(a);
                match (an.shape, &an.op) {
                    (Shape::Array(_), Op::Arg(i)) => {
                        let name = &self.decl.args[*i].name;
                        quote!(#name)
                    }
                    (Shape::Array(_), Op::KernelCall(CallKind::Whole, ..) | Op::RustCall(..)) => {
                        quote!(&#av[..])
                    }
                    (Shape::Array(_), _) => {
                        let tmp = format_ident!("__t{}", a);
                        quote!(&#tmp[..])
                    }
                    // A scalar becomes the callee's parameter type with `as`.
                    (Shape::Scalar, _) if an.ty == ValueType::Float => {
                        quote!(#rt::call::Convert::convert(#av.extract(0)))
                    }
                    (Shape::Scalar, _) => quote!(#rt::call::Convert::convert(#av)),
                }
            })
            .collect();
        let span = node.span;
        // The callee's path carries the call's span (a type error points at the call);
        // the generated locals keep their own.
        let callee = quote_spanned!(span=> #path::__whole);
        let call = quote!(#callee(__s, __par, #(#args),*));
        let call = quote!(#call.map_err(|__e| #rt::Error::in_call(__KERNEL, __e))?);
        match (node.shape, node.ty) {
            (Shape::Array(_), _) => quote!(let #val: ::std::vec::Vec<#t> = #call;),
            (Shape::Scalar, ValueType::Native(ElemType::Bool)) => quote!(let #val: bool = #call;),
            (Shape::Scalar, ValueType::Native(n)) => {
                let nt = elem_ty(n);
                quote! {
                    let #val: #nt = #call;
                    let #fv = <#vty>::splat(#tok, #val as #t);
                }
            }
            _ => quote!(let #val = <#vty>::splat(#tok, { let __r: #t = #call; __r });),
        }
    }

    /// The per-lane body of a ufunc-style kernel: `fn __lanes<V>(args: V..) -> V`.
    pub fn lanes_fn(&self) -> TokenStream {
        let rt = rt();
        let t = self.t();
        let params: Vec<_> = self
            .decl
            .args
            .iter()
            .map(|a| {
                let name = &a.name;
                quote!(#name: V)
            })
            .collect();
        let first = &self.decl.args[0].name;
        let steps: Vec<_> = (0..self.body.nodes.len())
            .filter(|&id| self.plan.live[id])
            .map(|id| match self.body.node(id).op {
                Op::Arg(i) => {
                    let name = &self.decl.args[i].name;
                    let val = v(id);
                    quote!(let #val = #name;)
                }
                _ => self.scalar_step(id, Context::Lanes),
            })
            .collect();
        let result = v(self.body.result);
        quote! {
            /// The kernel applied to every lane of `V`: what a caller's loop calls when it
            /// passes arrays to this scalar kernel (a ufunc), fused into its own loop.
            #[inline(always)]
            pub fn __lanes<V: #rt::simd::Vector<Elem = #t>>(#(#params),*) -> V {
                #[allow(unused_imports)]
                use #rt::simd::{Mask as _, Vector as _};
                let __tok = #first.token();
                let _ = __tok;
                #(#steps)*
                #result
            }
        }
    }

    /// One pass: its chunk function and the drivers running it.
    fn pass_code(&self, p: usize, drivers: &[&dyn Backend]) -> TokenStream {
        let pass = &self.plan.passes[p];
        let t = self.t();
        let vty = self.core_v();
        let len = format_ident!("__len{}", pass.class);
        let rt = rt();
        let lanes = quote!(<#vty as #rt::simd::Vector>::LANES);
        let writes = pass.write.is_some();
        let dst_param = writes.then(|| quote!(__dst: &mut [#t],));
        let dst_arg = writes.then(|| quote!(__dst,));

        let loads_full = self.loads(p, true);
        let loads_part = self.loads(p, false);
        let prefetch = self.prefetches(p);
        let eval: Vec<_> = pass
            .eval
            .iter()
            .map(|&id| {
                let val = v(id);
                let expr = self.elementwise(id, Context::Core);
                quote!(let #val = #expr;)
            })
            .collect();
        // The pass writing the result streams it past the caches when the output is large
        // (decided once per call); partial tails keep plain stores, and every chunk fences
        // its streaming stores before it returns, so the thread joining it sees them.
        let streams = self.plan.streams_output(p);
        let written = pass.write.map(|(id, _)| self.float(id));
        let store = |dst: TokenStream| match &written {
            Some(val) if streams => quote! {
                if __stream {
                    #val.store_stream(&mut #dst);
                } else {
                    #val.store(&mut #dst);
                }
            },
            Some(val) => quote!(#val.store(&mut #dst);),
            None => quote!(),
        };
        let store_full = store(quote!(__dst[__g - __lo..]));
        let store_group = store(quote!(__gd[__g - __i..]));
        let store_part = written
            .as_ref()
            .map(|val| quote!(#val.store_partial(&mut __dst[__g - __lo..__hi - __lo]);));
        let group_slices = self.group_slices(p);
        let loads_group = self.group_loads(p);
        let stream_flag = streams.then(|| {
            quote! {
                let __stream: bool = __len * ::core::mem::size_of::<#t>()
                    >= #rt::dispatch::stream_min_bytes();
            }
        });
        let stream_local = streams.then(|| quote!(let __stream: bool = __stream;));
        // The pass's divisors, copied into the chunk so that their constants live in
        // registers and their flags are known not to change inside the loop.
        let divisor_locals: Vec<_> = self
            .divisor_ids(p)
            .into_iter()
            .map(|d| {
                let dv = format_ident!("__dv{}", d);
                quote!(let #dv = #dv;)
            })
            .collect();
        let stream_fence = streams.then(|| {
            quote! {
                if __stream {
                    <#vty as #rt::simd::Vector>::stream_fence(__s);
                }
            }
        });

        let chunk = match pass.kind {
            PassKind::Find(find) => {
                let Op::ArgFind(_, a, extreme) = self.body.node(find).op else {
                    unreachable!("a find pass searches an `ArgFind`")
                };
                let (av, ev) = (v(a), v(extreme));
                quote! {
                    // `#[inline(always)]` (legal on a closure in a tuple) so that the
                    // chunk inlines into the tier's `#[target_feature]` function and
                    // the vector intrinsics inline into it.
                    let (__chunk,) = (#[inline(always)] |__lo: usize, __hi: usize| -> ::core::option::Option<usize> {
                        let mut __g = __lo;
                        while __g + #lanes <= __hi {
                            #(#loads_full)*
                            #(#eval)*
                            let __bits = #av.eq(#ev).or(#av.is_nan()).bitmask();
                            if __bits != 0 {
                                return ::core::option::Option::Some(__g + __bits.trailing_zeros() as usize);
                            }
                            __g += #lanes;
                        }
                        if __g < __hi {
                            #(#loads_part)*
                            #(#eval)*
                            let __valid = (1u64 << (__hi - __g)) - 1;
                            let __bits = #av.eq(#ev).or(#av.is_nan()).bitmask() & __valid;
                            if __bits != 0 {
                                return ::core::option::Option::Some(__g + __bits.trailing_zeros() as usize);
                            }
                        }
                        ::core::option::Option::None
                    },);
                }
            }
            PassKind::Accumulate => {
                let reds = &pass.reductions;
                let cascaded = |r: NodeId| {
                    self.plan.online.contains_key(&r) || self.reduction(r) == Reduction::Sum
                };
                let mut init = Vec::new();
                let mut fold = Vec::new();
                let zero = float_lit("0", self.body.elem);
                // The online sums' `max(A)` partners, computed from the block maxima.
                let partner_of = |ri: usize| -> Option<usize> {
                    reds.iter()
                        .position(|r| self.plan.online.get(r).is_some_and(|&(_, m)| m == reds[ri]))
                };
                for (ri, &r) in reds.iter().enumerate() {
                    if partner_of(ri).is_some() {
                        continue;
                    }
                    let ident = self.identity(r);
                    for u in 0..ACCUMULATORS {
                        let a = acc(ri, u);
                        init.push(quote!(let mut #a = <#vty>::splat(__s, #ident);));
                        if cascaded(r) {
                            let b = acc2(ri, u);
                            init.push(quote!(let mut #b = <#vty>::splat(__s, #zero);));
                            fold.push(quote! {
                                #b = #b.add(#a);
                                #a = <#vty>::splat(__s, #zero);
                            });
                        }
                    }
                    if self.plan.online.contains_key(&r) {
                        // The running maximum (the same in every lane) and the shift the
                        // block's terms subtract: the maximum, or 0 while it is -∞ (the
                        // terms are then `exp(-∞) = 0`, and rescaled by 0 later).
                        let (m, sh) = (run_max(ri), shift(ri));
                        init.push(quote! {
                            let mut #m = <#vty>::splat(__s, #t::NEG_INFINITY);
                            let mut #sh = <#vty>::splat(__s, #zero);
                        });
                    }
                }
                let inputs: Vec<_> = reds
                    .iter()
                    .map(|&r| {
                        let Op::Reduce(_, a) = self.body.node(r).op else {
                            unreachable!()
                        };
                        let a = self.plan.online.get(&r).map_or(a, |&(arr, _)| arr);
                        self.float(a)
                    })
                    .collect();
                let step = |u: usize, masked: bool| -> TokenStream {
                    let upd: Vec<_> = reds
                        .iter()
                        .enumerate()
                        .map(|(ri, &r)| {
                            let a = acc(ri, u);
                            let x = &inputs[ri];
                            if partner_of(ri).is_some() {
                                // Taken from the block maxima.
                                return quote!();
                            }
                            if self.plan.online.contains_key(&r) {
                                // The block's maximum was taken first, so the term's
                                // exponent is never positive.
                                let sh = shift(ri);
                                let term = quote!(#rt::math::exp_nonpositive(#x.sub(#sh)));
                                let term = if masked {
                                    quote!(<#vty>::select(__valid, #term, <#vty>::splat(__s, #zero)))
                                } else {
                                    term
                                };
                                return quote!(#a = #a.add(#term););
                            }
                            let x = if masked {
                                let ident = self.identity(r);
                                quote!(<#vty>::select(__valid, #x, <#vty>::splat(__s, #ident)))
                            } else {
                                quote!(#x)
                            };
                            let comb = self.combine_vec(r, quote!(#a), x);
                            quote!(#a = #comb;)
                        })
                        .collect();
                    quote!(#(#upd)*)
                };
                let unrolled: Vec<_> = (0..ACCUMULATORS)
                    .map(|u| {
                        let upd = step(u, false);
                        let off = u;
                        quote! {
                            {
                                let __g = __i + #off * #lanes;
                                #(#loads_group)*
                                #(#eval)*
                                #store_group
                                #upd
                            }
                        }
                    })
                    .collect();
                let by_j = |masked: bool| {
                    let arms: Vec<_> = (0..ACCUMULATORS)
                        .map(|u| {
                            let upd = step(u, masked);
                            if u + 1 == ACCUMULATORS {
                                quote!(_ => { #upd })
                            } else {
                                quote!(#u => { #upd })
                            }
                        })
                        .collect();
                    quote!(match __j { #(#arms)* })
                };
                let rem_update = by_j(false);
                let tail_update = by_j(true);
                let finals: Vec<_> = reds
                    .iter()
                    .enumerate()
                    .map(|(ri, &r)| {
                        let (a0, a1, a2, a3) = if cascaded(r) {
                            (acc2(ri, 0), acc2(ri, 1), acc2(ri, 2), acc2(ri, 3))
                        } else {
                            (acc(ri, 0), acc(ri, 1), acc(ri, 2), acc(ri, 3))
                        };
                        if let Some(oi) = partner_of(ri) {
                            let m = run_max(oi);
                            return quote!(#m.reduce_max());
                        }
                        if self.plan.online.contains_key(&r) {
                            // One running maximum for all lanes: the partial sums add.
                            let m = run_max(ri);
                            return quote! {
                                (#m.reduce_max(), (#a0.add(#a1)).add(#a2.add(#a3)).reduce_sum())
                            };
                        }
                        let l = self.combine_vec(r, quote!(#a0), quote!(#a1));
                        let rr = self.combine_vec(r, quote!(#a2), quote!(#a3));
                        let all = self.combine_vec(r, l, rr);
                        let red = Ident::new(
                            match self.reduction(r) {
                                Reduction::Sum => "reduce_sum",
                                Reduction::Prod => "reduce_prod",
                                Reduction::Max => "reduce_max",
                                Reduction::Min => "reduce_min",
                            },
                            Span::call_site(),
                        );
                        quote!((#all).#red())
                    })
                    .collect();
                let part_ty: Vec<_> = reds
                    .iter()
                    .map(|r| {
                        if self.plan.online.contains_key(r) {
                            quote!((#t, #t))
                        } else {
                            quote!(#t)
                        }
                    })
                    .collect();
                let valid = (!reds.is_empty()).then(|| {
                    quote! {
                        let __valid = <#vty>::iota(__s).lt(<#vty>::splat(__s, (__hi - __g) as #t));
                    }
                });
                let first_of_block =
                    self.online_block_start(p, quote!(__i + #ACCUMULATORS * #BLOCK * #lanes));
                let first_of_rest = self.online_block_start(p, quote!(__hi));
                let first_of_rest = (!first_of_rest.is_empty()).then(|| {
                    quote! {
                        if __i < __hi {
                            #first_of_rest
                        }
                    }
                });
                let blocks = (!fold.is_empty()).then(|| {
                    quote! {
                        while __i + #ACCUMULATORS * #BLOCK * #lanes <= __hi {
                            #first_of_block
                            let mut __k = 0usize;
                            while __k < #BLOCK {
                                #(#prefetch)*
                                #(#group_slices)*
                                #(#unrolled)*
                                __i += #ACCUMULATORS * #lanes;
                                __k += 1;
                            }
                            #(#fold)*
                        }
                    }
                });
                let last_fold = (!fold.is_empty()).then(|| {
                    let adds = reds
                        .iter()
                        .enumerate()
                        .filter(|&(_, &r)| cascaded(r))
                        .flat_map(|(ri, _)| {
                            (0..ACCUMULATORS).map(move |u| {
                                let (a, b) = (acc(ri, u), acc2(ri, u));
                                quote!(#b = #b.add(#a);)
                            })
                        });
                    quote!(#(#adds)*)
                });
                quote! {
                    let (__chunk,) = (#[inline(always)] |__lo: usize, __hi: usize, #dst_param| -> (#(#part_ty,)*) {
                        #stream_local
                        #(#divisor_locals)*
                        #(#init)*
                        let mut __i = __lo;
                        #blocks
                        #first_of_rest
                        while __i + #ACCUMULATORS * #lanes <= __hi {
                            #(#prefetch)*
                            #(#group_slices)*
                            #(#unrolled)*
                            __i += #ACCUMULATORS * #lanes;
                        }
                        let mut __j = 0usize;
                        while __i + #lanes <= __hi {
                            let __g = __i;
                            #(#loads_full)*
                            #(#eval)*
                            #store_full
                            #rem_update
                            __i += #lanes;
                            __j += 1;
                        }
                        if __i < __hi {
                            let __g = __i;
                            #(#loads_part)*
                            #(#eval)*
                            #store_part
                            #valid
                            #tail_update
                        }
                        let _ = __j;
                        #stream_fence
                        #last_fold
                        (#(#finals,)*)
                    },);
                }
            }
        };
        let _ = dst_arg;

        let run = {
            let seq = drivers[0].drive(self, p);
            let par = drivers.get(1).map(|d| d.drive(self, p));
            let bound = if self.is_find(p) {
                quote!(__found)
            } else {
                quote!(__chunks)
            };
            match par {
                Some(par) => quote!(let #bound = if __par { #par #bound } else { #seq #bound };),
                None => seq,
            }
        };
        let results = match pass.kind {
            PassKind::Find(id) => {
                let val = v(id);
                let fv = f(id);
                quote! {
                    let #val: usize = __found.unwrap_or(0);
                    let #fv = <#vty>::splat(__s, #val as #t);
                }
            }
            PassKind::Accumulate => {
                let lets: Vec<_> = pass
                    .reductions
                    .iter()
                    .enumerate()
                    .map(|(ri, &r)| {
                        let val = v(r);
                        let idx = syn::Index::from(ri);
                        if self.plan.online.contains_key(&r) {
                            // `exp(A - max(A))` is NaN somewhere when the maximum is ±∞.
                            return quote! {
                                let #val = <#vty>::splat(
                                    __s,
                                    if __parts.#idx.0.is_infinite() { #t::NAN } else { __parts.#idx.1 },
                                );
                            };
                        }
                        quote!(let #val = <#vty>::splat(__s, __parts.#idx);)
                    })
                    .collect();
                let idents: Vec<_> = pass
                    .reductions
                    .iter()
                    .map(|&r| {
                        if self.plan.online.contains_key(&r) {
                            let zero = float_lit("0", self.body.elem);
                            quote!((#t::NEG_INFINITY, #zero))
                        } else {
                            self.identity(r)
                        }
                    })
                    .collect();
                let combs: Vec<_> = pass
                    .reductions
                    .iter()
                    .enumerate()
                    .map(|(ri, &r)| {
                        let idx = syn::Index::from(ri);
                        if self.plan.online.contains_key(&r) {
                            let sca = self.online_rescale(quote!(__ma), quote!(__mm));
                            let scb = self.online_rescale(quote!(__mb), quote!(__mm));
                            return quote! {{
                                let (__ma, __mb) = (<#vty>::splat(__s, __a.#idx.0), <#vty>::splat(__s, __b.#idx.0));
                                let __mm = __ma.max(__mb);
                                let __sum = <#vty>::splat(__s, __a.#idx.1).mul(#sca)
                                    .add(<#vty>::splat(__s, __b.#idx.1).mul(#scb));
                                (__mm.extract(0), __sum.extract(0))
                            }};
                        }
                        let a = quote!(<#vty>::splat(__s, __a.#idx));
                        let b = quote!(<#vty>::splat(__s, __b.#idx));
                        let c = self.combine_vec(r, a, b);
                        quote!(#c.extract(0))
                    })
                    .collect();
                quote! {
                    let __parts = #rt::parallel::combine_pairwise(__chunks, |__a, __b| (#(#combs,)*))
                        .unwrap_or((#(#idents,)*));
                    let _ = &__parts;
                    #(#lets)*
                }
            }
        };
        let mut names = Vec::new();
        match pass.kind {
            PassKind::Find(id) => {
                names.push(v(id));
                names.push(f(id));
            }
            PassKind::Accumulate => names.extend(pass.reductions.iter().map(|&r| v(r))),
        }
        let what = format!("pass {}", p + 1);
        let divisors = self.divisors(p);
        quote! {
            #[allow(clippy::let_unit_value)]
            let (#(#names,)*) = {
                let _ = #what;
                let __len: usize = #len;
                #(#divisors)*
                #stream_flag
                #chunk
                #run
                #results
                (#(#names,)*)
            };
        }
    }

    /// `true` if `id` divides an array by a scalar inside a kernel's loops, in passes that
    /// do little else per element: the division then goes through a `math::Divisor`
    /// prepared once per pass (`__dv{divisor}`), which takes the reciprocal and corrections
    /// where they measure faster than the CPU's division (the same bits either way).
    fn divides_by_scalar(&self, id: NodeId, cx: Context) -> bool {
        let node = self.body.node(id);
        cx == Context::Core
            && matches!(node.shape, Shape::Array(_))
            && matches!(node.op, Op::Binary(BinaryOp::Div, _, d) if self.body.node(d).shape == Shape::Scalar)
            && self
                .plan
                .passes
                .iter()
                .filter(|pass| pass.eval.contains(&id))
                .all(|pass| !self.hides_division(pass))
    }

    /// `true` if `pass` computes a math-library function per element (`exp`, `log`,
    /// `power`, ...). The divider is a unit of its own, so a division there runs beside
    /// the function's multiply-adds at no cost, where the corrections would add four more:
    /// softmax's online plan over 2^16 `f64` at AVX-512 on one thread (Intel, 2026-12-01)
    /// took 136–145 µs dividing and 151–170 µs by the corrections.
    fn hides_division(&self, pass: &crate::plan::Pass) -> bool {
        pass.eval.iter().any(|&n| match self.body.node(n).op {
            Op::Unary(u, _) => u.math_fn().is_some(),
            Op::Binary(BinaryOp::Power, ..) => true,
            _ => false,
        })
    }

    /// The scalar divisors of pass `p`'s loops that go through a `math::Divisor`, each once.
    fn divisor_ids(&self, p: usize) -> Vec<NodeId> {
        let mut seen = std::collections::BTreeSet::new();
        self.plan.passes[p]
            .eval
            .iter()
            .filter(|&&id| self.divides_by_scalar(id, Context::Core))
            .filter_map(|&id| match self.body.node(id).op {
                Op::Binary(_, _, d) if seen.insert(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    /// `let __dv{d} = Divisor::new(d);` for every scalar divisor of pass `p`'s loops.
    fn divisors(&self, p: usize) -> Vec<TokenStream> {
        let rt = rt();
        self.divisor_ids(p)
            .into_iter()
            .map(|d| {
                let (dv, val) = (format_ident!("__dv{}", d), self.float(d));
                quote!(let #dv = #rt::math::Divisor::new(#val);)
            })
            .collect()
    }

    fn reduction(&self, r: NodeId) -> Reduction {
        match self.body.node(r).op {
            Op::Reduce(red, _) => red,
            _ => unreachable!("an accumulate pass holds reductions"),
        }
    }

    /// At the start of a block of pass `p` (from `__i` to `end`): each online sum's block
    /// maximum of its `A`, taken first (from L1: the previous block's loop prefetched it)
    /// with [`MAX_ACCUMULATORS`] accumulators, then its running maximum `m` grows to it,
    /// rescaling the sum's partials by `exp(m - mn)` once if it grew. The block's terms are
    /// then `exp(x - m)` with one `m` for all lanes, whose exponent cannot be positive.
    /// `end` is `__hi` for the chunk's last, partial block (the only one with a tail).
    fn online_block_start(&self, p: usize, end: TokenStream) -> TokenStream {
        let pass = &self.plan.passes[p];
        let (vty, rt, t) = (self.core_v(), rt(), self.t());
        let lanes = quote!(<#vty as #rt::simd::Vector>::LANES);
        let zero = float_lit("0", self.body.elem);
        let mut out = Vec::new();
        for (ri, &r) in pass.reductions.iter().enumerate() {
            let Some(&(arr, _)) = self.plan.online.get(&r) else {
                continue;
            };
            // What `A` needs inside the pass: its streams and the nodes between.
            let mut need = std::collections::BTreeSet::new();
            let mut stack = vec![arr];
            let reads: Vec<(usize, NodeId, Option<TokenStream>)> = pass
                .reads
                .iter()
                .enumerate()
                .map(|(k, &st)| {
                    let (node, src) = self.stream_source(p, st);
                    (k, node, src)
                })
                .collect();
            while let Some(id) = stack.pop() {
                if !need.insert(id) || reads.iter().any(|r| r.1 == id) {
                    continue;
                }
                if pass.eval.contains(&id) {
                    stack.extend(self.body.node(id).op.operands());
                }
            }
            let reads: Vec<_> = reads.into_iter().filter(|r| need.contains(&r.1)).collect();
            let eval: Vec<_> = pass
                .eval
                .iter()
                .filter(|id| need.contains(id))
                .map(|&id| {
                    let val = v(id);
                    let expr = self.elementwise(id, Context::Core);
                    quote!(let #val = #expr;)
                })
                .collect();
            let width = quote!(#MAX_ACCUMULATORS * #lanes);
            let group_slices: Vec<_> = reads
                .iter()
                .map(|(k, _, src)| {
                    let name = format_ident!("__gr{}", k);
                    match src {
                        Some(src) => quote!(let #name = &#src[__g..__g + #width];),
                        None => quote!(let #name = &__dst[__g - __lo..__g - __lo + #width];),
                    }
                })
                .collect();
            let group_load = |u: usize| -> Vec<TokenStream> {
                reads
                    .iter()
                    .map(|(k, node, _)| {
                        let (name, val) = (format_ident!("__gr{}", k), v(*node));
                        quote!(let #val = <#vty>::load(__s, &#name[#u * #lanes..]);)
                    })
                    .collect()
            };
            let one_load = |full: bool| -> Vec<TokenStream> {
                reads
                    .iter()
                    .map(|(_, node, src)| {
                        let val = v(*node);
                        let src = match src {
                            Some(src) => quote!(#src[__g..]),
                            None => quote!(__dst[__g - __lo..]),
                        };
                        if full {
                            quote!(let #val = <#vty>::load(__s, &#src);)
                        } else {
                            quote!(let #val = <#vty>::load_partial(__s, &#src[..__hi - __g], #zero);)
                        }
                    })
                    .collect()
            };
            let x = self.float(arr);
            let q = |u: usize| format_ident!("__q{}", u);
            let q_init: Vec<_> = (0..MAX_ACCUMULATORS)
                .map(|u| {
                    let qu = q(u);
                    quote!(let mut #qu = <#vty>::splat(__s, #t::NEG_INFINITY);)
                })
                .collect();
            let unrolled: Vec<_> = (0..MAX_ACCUMULATORS)
                .map(|u| {
                    let (loads, qu) = (group_load(u), q(u));
                    // `__g` is this vector's index: a call's result is read at it.
                    quote! {{
                        let __g = __g + #u * #lanes;
                        #(#loads)*
                        #(#eval)*
                        #qu = #qu.max(#x);
                    }}
                })
                .collect();
            let (full, part) = (one_load(true), one_load(false));
            let mut tree: Vec<TokenStream> = (0..MAX_ACCUMULATORS)
                .map(|u| {
                    let qu = q(u);
                    quote!(#qu)
                })
                .collect();
            while tree.len() > 1 {
                tree = tree
                    .chunks(2)
                    .map(|w| {
                        let (a, b) = (&w[0], &w[1]);
                        quote!(#a.max(#b))
                    })
                    .collect();
            }
            let top = &tree[0];
            let (m, sh) = (run_max(ri), shift(ri));
            let rescale: Vec<_> = (0..ACCUMULATORS)
                .map(|u| {
                    let (a, b) = (acc(ri, u), acc2(ri, u));
                    quote! {
                        #a = #a.mul(__sc);
                        #b = #b.mul(__sc);
                    }
                })
                .collect();
            let sc = self.online_rescale(quote!(#m), quote!(__mn));
            out.push(quote! {{
                let __end: usize = #end;
                let __bm = {
                    #(#q_init)*
                    let mut __g = __i;
                    while __g + #width <= __end {
                        #(#group_slices)*
                        #(#unrolled)*
                        __g += #width;
                    }
                    while __g + #lanes <= __end {
                        #(#full)*
                        #(#eval)*
                        __q0 = __q0.max(#x);
                        __g += #lanes;
                    }
                    if __g < __end {
                        #(#part)*
                        #(#eval)*
                        let __valid = <#vty>::iota(__s).lt(<#vty>::splat(__s, (__hi - __g) as #t));
                        __q0 = __q0.max(<#vty>::select(__valid, #x, <#vty>::splat(__s, #t::NEG_INFINITY)));
                    }
                    <#vty>::splat(__s, (#top).reduce_max())
                };
                let __mn = #m.max(__bm);
                if __mn.ne(#m).any() {
                    let __sc = #sc;
                    #(#rescale)*
                    #m = __mn;
                    #sh = <#vty>::select(#m.eq(<#vty>::splat(__s, #t::NEG_INFINITY)), <#vty>::splat(__s, #zero), #m);
                }
            }});
        }
        quote!(#(#out)*)
    }

    /// The online normaliser's rescale factor `exp(m - mn)` (in a `Core` context, the
    /// token `__s`), exactly 1 where the two are equal (so ±∞ never meets ∞ - ∞). `m ≤ mn`
    /// always (`mn` is a maximum taken with `m`), so the exponent is never positive.
    fn online_rescale(&self, m: TokenStream, mn: TokenStream) -> TokenStream {
        let (vty, rt, one) = (self.core_v(), rt(), float_lit("1", self.body.elem));
        quote!(<#vty>::select(#m.eq(#mn), <#vty>::splat(__s, #one), #rt::math::exp_nonpositive(#m.sub(#mn))))
    }

    fn identity(&self, r: NodeId) -> TokenStream {
        let e = self.body.elem;
        let t = self.t();
        match self.reduction(r) {
            Reduction::Sum => float_lit("0", e),
            Reduction::Prod => float_lit("1", e),
            Reduction::Max => quote!(#t::NEG_INFINITY),
            Reduction::Min => quote!(#t::INFINITY),
        }
    }

    fn combine_vec(&self, r: NodeId, a: TokenStream, b: TokenStream) -> TokenStream {
        match self.reduction(r) {
            Reduction::Sum => quote!(#a.add(#b)),
            Reduction::Prod => quote!(#a.mul(#b)),
            Reduction::Max => quote!(#a.max(#b)),
            Reduction::Min => quote!(#a.min(#b)),
        }
    }

    /// Where pass `p` loads stream `s` from: the node whose value it is, and the array
    /// holding it, indexed like the input (`__g`), or `None` for a value the pass stored
    /// into its own output chunk earlier (read back from `__dst`, indexed from `__lo`).
    fn stream_source(&self, p: usize, s: Stream) -> (NodeId, Option<TokenStream>) {
        let pass = &self.plan.passes[p];
        match s {
            Stream::Arg(i) => {
                let id = self
                    .body
                    .nodes
                    .iter()
                    .position(|n| matches!(n.op, Op::Arg(j) if j == i))
                    .unwrap_or(0);
                let name = &self.decl.args[i].name;
                (id, Some(quote!(#name)))
            }
            Stream::Call(c) => {
                let val = v(c);
                (c, Some(quote!(#val)))
            }
            Stream::Stored(id) => match self.plan.stored[&id] {
                Buffer::Output if pass.write.map(|w| w.1) == Some(Buffer::Output) => (id, None),
                Buffer::Output => (id, Some(quote!(__out))),
                Buffer::Temp(_) => {
                    let tmp = format_ident!("__t{}", id);
                    (id, Some(quote!(#tmp)))
                }
            },
        }
    }

    /// One `simd::prefetch` per array pass `p` reads, for an unrolled group of vectors at
    /// `__i`, `simd::PREFETCH_AHEAD_BYTES` ahead.
    fn prefetches(&self, p: usize) -> Vec<TokenStream> {
        let rt = rt();
        let vty = self.core_v();
        let lanes = quote!(<#vty as #rt::simd::Vector>::LANES);
        self.plan.passes[p]
            .reads
            .iter()
            .map(|&s| {
                let (src, at) = match self.stream_source(p, s).1 {
                    Some(src) => (src, quote!(__i)),
                    None => (quote!(__dst), quote!(__i - __lo)),
                };
                quote!(#rt::simd::prefetch(&#src, #at, #ACCUMULATORS * #lanes);)
            })
            .collect()
    }

    /// The slices an unrolled group of `ACCUMULATORS` vectors at `__i` reads and writes,
    /// taken once per group (`__gr{k}` per stream, `__gd` for the chunk's output, which is
    /// also where the pass reads back what it stored there), so that the group's loads and
    /// stores at constant offsets into them need no bounds checks.
    fn group_slices(&self, p: usize) -> Vec<TokenStream> {
        let rt = rt();
        let vty = self.core_v();
        let g = quote!(#ACCUMULATORS * <#vty as #rt::simd::Vector>::LANES);
        let pass = &self.plan.passes[p];
        let mut out: Vec<TokenStream> = pass
            .reads
            .iter()
            .enumerate()
            .filter_map(|(k, &s)| {
                let name = format_ident!("__gr{}", k);
                let src = self.stream_source(p, s).1?;
                Some(quote!(let #name = &#src[__i..__i + #g];))
            })
            .collect();
        if pass.write.is_some() {
            out.push(quote!(let __gd = &mut __dst[__i - __lo..__i - __lo + #g];));
        }
        out
    }

    /// The full-vector loads of pass `p` inside an unrolled group, from its group slices.
    fn group_loads(&self, p: usize) -> Vec<TokenStream> {
        let vty = self.core_v();
        self.plan.passes[p]
            .reads
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                let (node, src) = self.stream_source(p, s);
                let val = v(node);
                let slice = match src {
                    Some(_) => format_ident!("__gr{}", k),
                    None => format_ident!("__gd"),
                };
                quote!(let #val = <#vty>::load(__s, &#slice[__g - __i..]);)
            })
            .collect()
    }

    /// `let __vN = load(...)` for every stream the pass reads, at index `__g`.
    fn loads(&self, p: usize, full: bool) -> Vec<TokenStream> {
        let vty = self.core_v();
        let zero = float_lit("0", self.body.elem);
        self.plan.passes[p]
            .reads
            .iter()
            .map(|&s| {
                let (node, src) = self.stream_source(p, s);
                let val = v(node);
                match (src, full) {
                    (Some(src), true) => quote!(let #val = <#vty>::load(__s, &#src[__g..]);),
                    (Some(src), false) => {
                        quote!(let #val = <#vty>::load_partial(__s, &#src[__g..__hi], #zero);)
                    }
                    // The output pass reads the stored value from its own chunk.
                    (None, true) => quote!(let #val = <#vty>::load(__s, &__dst[__g - __lo..]);),
                    (None, false) => {
                        quote!(let #val = <#vty>::load_partial(__s, &__dst[__g - __lo..__hi - __lo], #zero);)
                    }
                }
            })
            .collect()
    }

    /// The buffer a pass writes, as a `&mut [T]` expression.
    pub fn write_target(&self, p: usize) -> Option<TokenStream> {
        self.plan.passes[p].write.map(|(id, b)| match b {
            Buffer::Output => quote!(&mut *__out),
            Buffer::Temp(_) => {
                let tmp = format_ident!("__t{}", id);
                quote!(&mut #tmp[..])
            }
        })
    }

    /// `true` if pass `p` is a search.
    pub fn is_find(&self, p: usize) -> bool {
        matches!(self.plan.passes[p].kind, PassKind::Find(_))
    }
}

/// The user's path with its spans kept, so type errors in a call point at the call.
fn spanned_path(path: &syn::Path, _span: Span) -> TokenStream {
    quote!(#path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling of a number the language accepts becomes one literal token of the
    /// element type with the number's value (found by the fuzzer: `x * 2.` generated
    /// `2.f64`, which lexes as a field access).
    #[test]
    fn literals_of_every_spelling_keep_their_value() {
        let spellings = [
            ("2.", 2.0),
            ("2.0", 2.0),
            ("2", 2.0),
            ("0.", 0.0),
            ("2e3", 2e3),
            ("2E3", 2e3),
            ("2e+3", 2e3),
            ("2.5e-3", 2.5e-3),
            ("2.5E+03", 2.5e3),
            ("1_000.5", 1000.5),
            ("1_000", 1000.0),
            ("1_0.0_1e1_0", 10.01e10),
            ("0x10", 16.0),
            ("0xFF_FF", 65535.0),
            ("0o17", 15.0),
            ("0b101", 5.0),
            ("2f64", 2.0),
            ("2.5f64", 2.5),
            ("2e3f64", 2e3),
            ("2_f64", 2.0),
            ("0.1", 0.1),
            ("18446744073709551616", 18446744073709551616.0),
            ("1e-320", 1e-320),
        ];
        // Digit strings syn never gives, spelt anyway.
        assert_eq!(float_digits("2.e3"), "2.0e3");
        assert_eq!(float_digits("2.E-3"), "2.0E-3");
        for (written, value) in spellings {
            let digits = match syn::parse_str::<syn::Lit>(written).unwrap() {
                syn::Lit::Int(i) => i.base10_digits().to_owned(),
                syn::Lit::Float(f) => f.base10_digits().to_owned(),
                other => panic!("{written}: {other:?}"),
            };
            for e in [ElemType::F64, ElemType::F32] {
                let tokens = float_lit(&digits, e);
                assert_eq!(tokens.clone().into_iter().count(), 1, "{written}: {tokens}");
                // `2f64` is an integer token to syn and a float literal to rustc.
                let (suffix, digits) = match syn::parse2::<syn::Lit>(tokens.clone()) {
                    Ok(syn::Lit::Float(f)) => (f.suffix().to_owned(), f.base10_digits().to_owned()),
                    Ok(syn::Lit::Int(i)) => (i.suffix().to_owned(), i.base10_digits().to_owned()),
                    other => panic!("{written} as {tokens}: {other:?}"),
                };
                assert_eq!(suffix, e.rust_name(), "{written}: {tokens}");
                if e == ElemType::F64 {
                    assert_eq!(digits.parse::<f64>().unwrap(), value, "{written}");
                } else {
                    // Rounded once, from the decimal digits, to `f32`.
                    assert_eq!(digits.parse::<f32>().unwrap(), value as f32, "{written}");
                }
            }
        }
    }
}
