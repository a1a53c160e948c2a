//! Lowering and checking: syn statements and expressions into [`Body`] nodes.

use std::collections::HashMap;

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;

use super::{
    BinaryOp, Body, CallKind, CompareOp, EmptyCheck, LenClass, LenSource, LengthCheck, Lowered,
    NamedConst, Node, NodeId, Op, Reduction, Shape, UnaryOp, ValueType,
};
use crate::callee::{CalleeInfo, CalleeSig, Known, path_key};
use crate::model::{ArgKind, ElemType, KernelDecl, ReturnKind};

/// Appended to refusals so that every one says what a body may contain.
const SUPPORTED: &str = "a kernel body is `let` statements and one final expression made of \
     arguments, literals, `+ - * /`, comparisons with `select(mask, a, b)`, elementwise math \
     (`exp`, `log`, `sqrt`, `maximum`, ...), reductions (`sum`, `max`, `mean`, `dot`, ...) and \
     calls; see the `kernelize` crate docs";

/// The elementwise math functions of one argument, by their free-function name.
pub(super) const UNARY_FNS: &[(&str, UnaryOp)] = &[
    ("exp", UnaryOp::Exp),
    ("exp2", UnaryOp::Exp2),
    ("expm1", UnaryOp::Expm1),
    ("log", UnaryOp::Log),
    ("log2", UnaryOp::Log2),
    ("log10", UnaryOp::Log10),
    ("log1p", UnaryOp::Log1p),
    ("sqrt", UnaryOp::Sqrt),
    ("abs", UnaryOp::Abs),
    ("sin", UnaryOp::Sin),
    ("cos", UnaryOp::Cos),
    ("tan", UnaryOp::Tan),
    ("tanh", UnaryOp::Tanh),
    ("floor", UnaryOp::Floor),
    ("ceil", UnaryOp::Ceil),
];

/// Rust method spellings of the unary functions (`x.ln()` is `log(x)`).
pub(super) const UNARY_METHODS: &[(&str, UnaryOp)] = &[
    ("exp", UnaryOp::Exp),
    ("exp2", UnaryOp::Exp2),
    ("exp_m1", UnaryOp::Expm1),
    ("ln", UnaryOp::Log),
    ("log2", UnaryOp::Log2),
    ("log10", UnaryOp::Log10),
    ("ln_1p", UnaryOp::Log1p),
    ("sqrt", UnaryOp::Sqrt),
    ("abs", UnaryOp::Abs),
    ("sin", UnaryOp::Sin),
    ("cos", UnaryOp::Cos),
    ("tan", UnaryOp::Tan),
    ("tanh", UnaryOp::Tanh),
    ("floor", UnaryOp::Floor),
    ("ceil", UnaryOp::Ceil),
];

/// What a `let` annotation asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Annotation {
    /// `T` (a scalar of that type).
    Scalar(ElemType),
    /// `Vec<T>` or `&[T]`.
    Array(ElemType),
}

/// Lowers and checks the body of `decl`, knowing the callees in `known`. Every problem
/// is reported in one error. A call with array arguments to a kernel not in `known`
/// makes the result [`Lowered::Ask`] (errors found meanwhile wait for the next lowering,
/// which knows more).
pub fn lower(decl: &KernelDecl, known: &Known) -> Lowered {
    let mut cx = Lowerer::new(decl, known);
    cx.declare_args();
    let result = cx.lower_block(&decl.func.block);
    if !cx.unknown_callees.is_empty() {
        return Lowered::Ask(cx.unknown_callees);
    }
    if cx.callee_failed {
        return Lowered::CalleeFailed;
    }
    if let Some(result) = result {
        cx.check_result(result);
        if cx.errors.is_none() {
            return Lowered::Body(Box::new(cx.finish(result)));
        }
    }
    Lowered::Error(
        cx.errors
            .unwrap_or_else(|| syn::Error::new(decl.func.sig.ident.span(), "invalid kernel body")),
    )
}

/// What a body's value is, without checking it against the declared result: `true` for
/// an array, and its element type. For expressions inside a body with statements, each
/// compiled as a kernel of its own whose result type is this (see `lang::stmt`).
pub fn value_of(decl: &KernelDecl, known: &Known) -> Result<(bool, ElemType), Lowered> {
    let mut cx = Lowerer::new(decl, known);
    cx.declare_args();
    let result = cx.lower_block(&decl.func.block);
    if !cx.unknown_callees.is_empty() {
        return Err(Lowered::Ask(cx.unknown_callees));
    }
    if cx.callee_failed {
        return Err(Lowered::CalleeFailed);
    }
    match (result, cx.errors) {
        (_, Some(err)) => Err(Lowered::Error(err)),
        (None, None) => Err(Lowered::Error(syn::Error::new(
            decl.func.sig.ident.span(),
            "invalid expression",
        ))),
        (Some(r), None) => {
            let node = &cx.nodes[r];
            let elem = match node.ty {
                ValueType::Float => cx.elem,
                ValueType::Native(e) => e,
                ValueType::Mask => ElemType::Bool,
            };
            Ok((matches!(node.shape, Shape::Array(_)), elem))
        }
    }
}

/// The float element type a kernel computes in: that of its first float array, else its
/// result, else its first float scalar, else `f64`.
fn kernel_elem(decl: &KernelDecl) -> ElemType {
    let arrays = decl
        .args
        .iter()
        .filter(|a| a.kind != ArgKind::Scalar && a.elem.is_float())
        .map(|a| a.elem);
    let ret = match decl.ret {
        ReturnKind::Array(e) | ReturnKind::Scalar(e) if e.is_float() => Some(e),
        _ => None,
    };
    let scalars = decl
        .args
        .iter()
        .filter(|a| a.kind == ArgKind::Scalar && a.elem.is_float())
        .map(|a| a.elem);
    arrays
        .chain(ret)
        .chain(scalars)
        .next()
        .unwrap_or(ElemType::F64)
}

struct Lowerer<'a> {
    decl: &'a KernelDecl,
    elem: ElemType,
    nodes: Vec<Node>,
    /// Pure nodes by their operation, for sharing.
    shared: HashMap<String, NodeId>,
    /// `let` names and arguments in scope.
    names: HashMap<String, NodeId>,
    /// Union-find parent of each raw length class.
    parent: Vec<usize>,
    /// Length source and display name of each raw class.
    class_source: Vec<(LenSource, String)>,
    length_checks: Vec<LengthCheck>,
    empty_checks: Vec<EmptyCheck>,
    let_names: HashMap<NodeId, String>,
    /// The user's tokens each node was last lowered from, so errors about a value
    /// underline all of it where it is used.
    tokens: HashMap<NodeId, proc_macro2::TokenStream>,
    errors: Option<syn::Error>,
    /// The signatures of the kernels called with arrays, as far as known.
    known: &'a Known,
    /// Kernels called with arrays whose signatures are not known yet, in source order,
    /// deduplicated.
    unknown_callees: Vec<syn::Path>,
    /// A kernel called with arrays failed to compile.
    callee_failed: bool,
}

impl<'a> Lowerer<'a> {
    fn new(decl: &'a KernelDecl, known: &'a Known) -> Self {
        Lowerer {
            decl,
            elem: kernel_elem(decl),
            nodes: Vec::new(),
            shared: HashMap::new(),
            names: HashMap::new(),
            parent: Vec::new(),
            class_source: Vec::new(),
            length_checks: Vec::new(),
            empty_checks: Vec::new(),
            let_names: HashMap::new(),
            tokens: HashMap::new(),
            errors: None,
            known,
            unknown_callees: Vec::new(),
            callee_failed: false,
        }
    }

    fn error(&mut self, span: Span, msg: impl std::fmt::Display) {
        let e = syn::Error::new(span, msg);
        match &mut self.errors {
            Some(all) => all.combine(e),
            None => self.errors = Some(e),
        }
    }

    /// An error underlining all of `tokens`.
    fn error_at(&mut self, tokens: &dyn ToTokens, msg: impl std::fmt::Display) {
        let e = syn::Error::new_spanned(tokens.to_token_stream(), msg);
        match &mut self.errors {
            Some(all) => all.combine(e),
            None => self.errors = Some(e),
        }
    }

    /// An error about the value of node `id`, at its latest use.
    fn node_error(&mut self, id: NodeId, msg: impl std::fmt::Display) {
        match self.tokens.get(&id).cloned() {
            Some(tokens) => self.error_at(&tokens, msg),
            None => {
                let span = self.nodes[id].span;
                self.error(span, msg);
            }
        }
    }

    fn push(&mut self, op: Op, shape: Shape, ty: ValueType, span: Span, text: String) -> NodeId {
        // Calls are never shared: each is evaluated where it is written.
        let key = match &op {
            Op::RustCall(..) | Op::KernelCall(..) | Op::Arg(_) => None,
            other => Some(format!("{other:?}|{shape:?}|{ty:?}")),
        };
        if let Some(key) = &key
            && let Some(&id) = self.shared.get(key)
        {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            op,
            shape,
            ty,
            span,
            text,
        });
        if let Some(key) = key {
            self.shared.insert(key, id);
        }
        id
    }

    fn new_class(&mut self, source: LenSource, name: String) -> LenClass {
        self.parent.push(self.parent.len());
        self.class_source.push((source, name));
        self.parent.len() - 1
    }

    fn find(&mut self, c: LenClass) -> LenClass {
        let mut root = c;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        self.parent[c] = root;
        root
    }

    /// Arrays combined elementwise must have equal lengths: merge their classes and
    /// record the run-time check naming both.
    fn unify(&mut self, a: LenClass, b: LenClass) -> LenClass {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return ra;
        }
        self.length_checks.push(LengthCheck {
            left: self.class_source[ra].clone(),
            right: self.class_source[rb].clone(),
        });
        // An argument's length is known on entry, a call result's only after the call,
        // which may itself need arrays of this class (`inner(-xs) + xs`): the root is
        // an argument whenever one of the two is.
        let (root, child) = match (self.class_source[ra].0, self.class_source[rb].0) {
            (LenSource::Call(_), LenSource::Arg(_)) => (rb, ra),
            _ => (ra, rb),
        };
        self.parent[child] = root;
        root
    }

    fn declare_args(&mut self) {
        for (i, arg) in self.decl.args.iter().enumerate() {
            let name = arg.name.to_string();
            let (shape, ty) = match arg.kind {
                ArgKind::Scalar if arg.elem == self.elem => (Shape::Scalar, ValueType::Float),
                ArgKind::Scalar => (Shape::Scalar, ValueType::Native(arg.elem)),
                ArgKind::Array | ArgKind::ArrayMut => {
                    if arg.elem != self.elem {
                        let msg = if arg.elem.is_float() {
                            format!(
                                "this kernel computes in `{}` but `{name}` holds `{}`: one kernel's \
                                 arrays and float result share one element type",
                                self.elem.rust_name(),
                                arg.elem.rust_name()
                            )
                        } else {
                            format!(
                                "arrays of `{}` are not supported yet: kernel arrays hold `f32` or `f64`",
                                arg.elem.rust_name()
                            )
                        };
                        self.error(arg.ty_span, msg);
                    }
                    let class = self.new_class(LenSource::Arg(i), name.clone());
                    (Shape::Array(class), ValueType::Float)
                }
            };
            let id = self.push(Op::Arg(i), shape, ty, arg.name.span(), name.clone());
            self.names.insert(name, id);
        }
        if let ReturnKind::Array(e) = self.decl.ret
            && e != self.elem
        {
            let span = match &self.decl.func.sig.output {
                syn::ReturnType::Type(_, ty) => ty.span(),
                syn::ReturnType::Default => self.decl.func.sig.ident.span(),
            };
            self.error(
                span,
                format!(
                    "this kernel computes in `{}` but returns `Vec<{}>`: one kernel's arrays and \
                     float result share one element type",
                    self.elem.rust_name(),
                    e.rust_name()
                ),
            );
        }
    }

    fn lower_block(&mut self, block: &syn::Block) -> Option<NodeId> {
        let mut result = None;
        let count = block.stmts.len();
        if count == 0 {
            self.error(
                block.span(),
                format!("a kernel body needs a final expression: {SUPPORTED}"),
            );
            return None;
        }
        for (i, stmt) in block.stmts.iter().enumerate() {
            let last = i + 1 == count;
            match stmt {
                // A stray `;` (syn's empty statement): nothing, as in Rust.
                syn::Stmt::Expr(syn::Expr::Verbatim(tokens), Some(_)) if tokens.is_empty() => {}
                syn::Stmt::Local(local) => {
                    self.lower_let(local);
                    if last {
                        self.error(
                            local.span(),
                            "a kernel body ends with its value: add a final expression after this `let`",
                        );
                    }
                }
                syn::Stmt::Expr(syn::Expr::Return(ret), _) => {
                    let Some(expr) = &ret.expr else {
                        self.error(ret.span(), "`return` needs a value in a kernel");
                        continue;
                    };
                    if !last {
                        self.error(
                            ret.span(),
                            "`return` must be the last statement of a kernel body (there is no control flow)",
                        );
                    }
                    result = self.lower_expr(expr, None);
                }
                syn::Stmt::Expr(expr, None) if last => result = self.lower_expr(expr, None),
                syn::Stmt::Expr(expr, Some(semi)) if last && refusal(expr).is_none() => {
                    self.error(
                        semi.span,
                        "the last expression is the kernel's value: remove this `;`",
                    );
                }
                syn::Stmt::Expr(expr, _) => {
                    let kind = refusal(expr);
                    match kind {
                        Some(msg) => self.error_at(expr, format!("{msg}; {SUPPORTED}")),
                        None => self.error_at(
                            expr,
                            format!(
                                "an expression statement has no effect in a kernel: bind it with `let` \
                                 or make it the final expression; {SUPPORTED}"
                            ),
                        ),
                    }
                }
                syn::Stmt::Item(item) => self.error(
                    item.span(),
                    format!("items are not supported inside a kernel body; {SUPPORTED}"),
                ),
                syn::Stmt::Macro(mac) => self.error_at(
                    mac,
                    format!("macros are not supported in kernels; {SUPPORTED}"),
                ),
            }
        }
        result
    }

    fn lower_let(&mut self, local: &syn::Local) {
        let (ident, annot) = match &local.pat {
            syn::Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => (&p.ident, None),
            syn::Pat::Type(pt) => match &*pt.pat {
                syn::Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
                    (&p.ident, Some(&*pt.ty))
                }
                other => {
                    self.error(
                        other.span(),
                        "a kernel `let` binds one plain name: `let e = exp(x);`",
                    );
                    return;
                }
            },
            other => {
                self.error(
                    other.span(),
                    "a kernel `let` binds one plain name: `let e = exp(x);`",
                );
                return;
            }
        };
        let annotation = match annot {
            Some(ty) => match parse_annotation(ty) {
                Some(a) => Some((a, ty.to_token_stream())),
                None => {
                    self.error(
                        ty.span(),
                        "a kernel `let` annotation is a scalar type (`f64`, `usize`, ...), `Vec<T>` or `&[T]`",
                    );
                    return;
                }
            },
            None => None,
        };
        let Some(init) = &local.init else {
            self.error(
                local.span(),
                "a kernel `let` needs a value: `let e = exp(x);`",
            );
            return;
        };
        if let Some((_, diverge)) = &init.diverge {
            self.error(
                diverge.span(),
                format!("`let ... else` is not supported in kernels; {SUPPORTED}"),
            );
            return;
        }
        let Some(id) = self.lower_expr(&init.expr, annotation.as_ref().map(|a| a.0)) else {
            // Bind nothing: later uses report "unknown name" only if truly unknown, so
            // avoid cascades by binding a harmless placeholder.
            let placeholder = self.push(
                Op::Literal("0".into()),
                Shape::Scalar,
                ValueType::Float,
                ident.span(),
                ident.to_string(),
            );
            self.names.insert(ident.to_string(), placeholder);
            return;
        };
        if let Some((annot, span)) = annotation {
            self.check_annotation(id, annot, &span);
        }
        self.let_names
            .entry(id)
            .or_insert_with(|| ident.to_string());
        self.names.insert(ident.to_string(), id);
    }

    /// A `let` annotation must agree with the value's shape and type.
    fn check_annotation(
        &mut self,
        id: NodeId,
        annot: Annotation,
        written: &proc_macro2::TokenStream,
    ) {
        let node = &self.nodes[id];
        let (shape, ty) = (node.shape, node.ty);
        let elem = self.elem;
        let ok = match annot {
            Annotation::Array(e) => matches!(shape, Shape::Array(_)) && e == elem,
            Annotation::Scalar(e) if e.is_float() => {
                shape == Shape::Scalar && e == elem && ty != ValueType::Mask
            }
            Annotation::Scalar(e) => shape == Shape::Scalar && ty == ValueType::Native(e),
        };
        if !ok {
            let found = describe(shape, ty, elem);
            let wanted = match annot {
                Annotation::Array(e) => format!("an array of `{}`", e.rust_name()),
                Annotation::Scalar(e) => format!("a scalar `{}`", e.rust_name()),
            };
            self.error_at(
                written,
                format!("this annotation asks for {wanted} but the value is {found}"),
            );
        }
    }

    fn check_result(&mut self, id: NodeId) {
        let node = &self.nodes[id];
        let (shape, ty) = (node.shape, node.ty);
        let elem = self.elem;
        match self.decl.ret {
            // Bodies of kernels without a result or with several are compiled as
            // statements (`lang::stmt`), never here.
            ReturnKind::Void | ReturnKind::Tuple => self.error(
                self.decl.func.sig.ident.span(),
                "a kernel without a result, or with several, writes its results with statements",
            ),
            ReturnKind::Array(_) => {
                if shape == Shape::Scalar {
                    self.node_error(
                        id,
                        format!(
                            "the kernel returns an array but this value is {}; an array result needs \
                             at least one array in the final expression",
                            describe(shape, ty, elem)
                        ),
                    );
                } else if ty == ValueType::Mask {
                    self.node_error(id, mask_misuse());
                }
            }
            ReturnKind::Scalar(e) => {
                if matches!(shape, Shape::Array(_)) {
                    self.node_error(
                        id,
                        format!(
                            "the kernel returns a scalar `{}` but this value is an array; reduce it \
                             (`sum`, `max`, `mean`, ...) or return `Vec<{}>`",
                            e.rust_name(),
                            elem.rust_name()
                        ),
                    );
                } else if (e == ElemType::Bool)
                    != matches!(ty, ValueType::Mask | ValueType::Native(ElemType::Bool))
                {
                    self.node_error(
                        id,
                        format!(
                            "the kernel returns `{}` but this value is {}",
                            e.rust_name(),
                            describe(shape, ty, elem)
                        ),
                    );
                }
            }
        }
    }

    fn finish(mut self, result: NodeId) -> Body {
        // Renumber union-find roots densely.
        let mut dense: HashMap<usize, LenClass> = HashMap::new();
        let mut classes = Vec::new();
        for raw in 0..self.parent.len() {
            let root = self.find(raw);
            if let std::collections::hash_map::Entry::Vacant(slot) = dense.entry(root) {
                slot.insert(classes.len());
                classes.push(self.class_source[root].0);
            }
        }
        let map = |c: LenClass, this: &mut Self| dense[&this.find(c)];
        let mut nodes = std::mem::take(&mut self.nodes);
        for node in &mut nodes {
            if let Shape::Array(c) = node.shape {
                node.shape = Shape::Array(map(c, &mut self));
            }
            if let Op::Len(c) = node.op {
                node.op = Op::Len(map(c, &mut self));
            }
        }
        let mut empty_checks = std::mem::take(&mut self.empty_checks);
        for check in &mut empty_checks {
            check.class = map(check.class, &mut self);
        }
        Body {
            nodes,
            result,
            elem: self.elem,
            classes,
            length_checks: self.length_checks,
            empty_checks,
            let_names: self.let_names,
        }
    }

    fn shape_of(&self, id: NodeId) -> Shape {
        self.nodes[id].shape
    }

    /// Checks that `id` can take part in float arithmetic.
    fn float_operand(&mut self, id: NodeId) -> Option<NodeId> {
        match self.nodes[id].ty {
            ValueType::Mask => {
                self.node_error(id, mask_misuse());
                None
            }
            ValueType::Native(ElemType::Bool) => {
                self.node_error(id, "a `bool` cannot take part in arithmetic in a kernel");
                None
            }
            _ => Some(id),
        }
    }

    /// The shape of an elementwise combination (broadcasting scalars).
    fn combine(&mut self, ids: &[NodeId]) -> Shape {
        let mut class: Option<LenClass> = None;
        for &id in ids {
            if let Shape::Array(c) = self.shape_of(id) {
                class = Some(match class {
                    None => c,
                    Some(prev) => self.unify(prev, c),
                });
            }
        }
        match class {
            Some(c) => Shape::Array(self.find(c)),
            None => Shape::Scalar,
        }
    }

    fn elementwise(
        &mut self,
        ids: &[NodeId],
        make: impl FnOnce(&[NodeId]) -> Op,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        let mut ok = Vec::with_capacity(ids.len());
        for &id in ids {
            ok.push(self.float_operand(id)?);
        }
        let shape = self.combine(&ok);
        Some(self.push(make(&ok), shape, ValueType::Float, span, text))
    }

    fn lower_expr(&mut self, expr: &syn::Expr, want: Option<Annotation>) -> Option<NodeId> {
        let id = crate::deeper(|| self.lower_expr_inner(expr, want))?;
        self.tokens.insert(id, expr.to_token_stream());
        Some(id)
    }

    fn lower_expr_inner(&mut self, expr: &syn::Expr, want: Option<Annotation>) -> Option<NodeId> {
        let span = expr.span();
        let text = tidy(&expr.to_token_stream().to_string());
        match expr {
            syn::Expr::Paren(p) => self.lower_expr(&p.expr, want),
            syn::Expr::Group(g) => self.lower_expr(&g.expr, want),
            syn::Expr::Lit(lit) => self.lower_lit(&lit.lit),
            syn::Expr::Path(p) => self.lower_path(p),
            syn::Expr::Unary(u) => match u.op {
                syn::UnOp::Neg(_) => {
                    let a = self.lower_expr(&u.expr, None)?;
                    self.elementwise(&[a], |o| Op::Unary(UnaryOp::Neg, o[0]), span, text)
                }
                syn::UnOp::Not(_) => {
                    let a = self.lower_expr(&u.expr, None)?;
                    if self.nodes[a].ty != ValueType::Mask {
                        self.node_error(
                            a,
                            "`!` negates a mask (a comparison), elementwise as NumPy's `~`: `!(x > 0.0)`",
                        );
                        return None;
                    }
                    let shape = self.shape_of(a);
                    Some(self.push(Op::MaskNot(a), shape, ValueType::Mask, span, text))
                }
                _ => {
                    self.error(
                        span,
                        format!("only unary `-` and `!` are supported in kernels; {SUPPORTED}"),
                    );
                    None
                }
            },
            syn::Expr::Binary(b) => self.lower_binary(b, span, text),
            syn::Expr::Call(call) => self.lower_call(call, want, span, text),
            syn::Expr::MethodCall(m) => self.lower_method(m, span, text),
            other => {
                let msg = refusal(other)
                    .unwrap_or_else(|| "this expression is not supported in kernels".into());
                self.error_at(other, format!("{msg}; {SUPPORTED}"));
                None
            }
        }
    }

    fn lower_lit(&mut self, lit: &syn::Lit) -> Option<NodeId> {
        let (digits, suffix, span) = match lit {
            syn::Lit::Int(i) => (
                i.base10_digits().to_string(),
                i.suffix().to_string(),
                i.span(),
            ),
            syn::Lit::Float(f) => (
                f.base10_digits().to_string(),
                f.suffix().to_string(),
                f.span(),
            ),
            other => {
                self.error(
                    other.span(),
                    format!("only numeric literals are supported in kernels; {SUPPORTED}"),
                );
                return None;
            }
        };
        if !suffix.is_empty() && suffix != self.elem.rust_name() {
            self.error(
                span,
                format!(
                    "literals take the kernel's element type `{}`: drop the `{suffix}` suffix",
                    self.elem.rust_name()
                ),
            );
            return None;
        }
        Some(self.push(
            Op::Literal(digits.clone()),
            Shape::Scalar,
            ValueType::Float,
            span,
            digits,
        ))
    }

    fn lower_path(&mut self, p: &syn::ExprPath) -> Option<NodeId> {
        let span = p.span();
        let Some(ident) = p.path.get_ident().filter(|_| p.qself.is_none()) else {
            self.error(
                span,
                "paths are not values in kernels: use an argument, a `let` name, a literal or `pi`, `inf`, `nan`",
            );
            return None;
        };
        let name = ident.to_string();
        if let Some(&id) = self.names.get(&name) {
            return Some(id);
        }
        let constant = match name.as_str() {
            "pi" => NamedConst::Pi,
            "inf" => NamedConst::Inf,
            "nan" => NamedConst::Nan,
            _ => {
                let mut known: Vec<&String> = self.names.keys().collect();
                known.sort();
                let list = known
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.error(
                    span,
                    format!(
                        "unknown name `{name}`: a kernel can use its arguments and `let` names ({list}) and the constants `pi`, `inf`, `nan`"
                    ),
                );
                return None;
            }
        };
        Some(self.push(
            Op::Constant(constant),
            Shape::Scalar,
            ValueType::Float,
            span,
            name,
        ))
    }

    fn lower_binary(&mut self, b: &syn::ExprBinary, span: Span, text: String) -> Option<NodeId> {
        enum Kind {
            Arith(BinaryOp),
            Cmp(CompareOp),
            Logic(bool),
        }
        let kind = match b.op {
            syn::BinOp::Add(_) => Kind::Arith(BinaryOp::Add),
            syn::BinOp::Sub(_) => Kind::Arith(BinaryOp::Sub),
            syn::BinOp::Mul(_) => Kind::Arith(BinaryOp::Mul),
            syn::BinOp::Div(_) => Kind::Arith(BinaryOp::Div),
            syn::BinOp::Lt(_) => Kind::Cmp(CompareOp::Lt),
            syn::BinOp::Le(_) => Kind::Cmp(CompareOp::Le),
            syn::BinOp::Gt(_) => Kind::Cmp(CompareOp::Gt),
            syn::BinOp::Ge(_) => Kind::Cmp(CompareOp::Ge),
            syn::BinOp::Eq(_) => Kind::Cmp(CompareOp::Eq),
            syn::BinOp::Ne(_) => Kind::Cmp(CompareOp::Ne),
            syn::BinOp::BitAnd(_) => Kind::Logic(true),
            syn::BinOp::BitOr(_) => Kind::Logic(false),
            op if is_compound_assignment(&op) => {
                self.error(
                    op.span(),
                    "compound assignment (`+=`, `-=`, ...) is not supported in kernels yet (it \
                     comes with loops in version 2): bind a new name, `let acc2 = acc + 1.0;`",
                );
                return None;
            }
            op => {
                let op_text = op.to_token_stream().to_string();
                self.error(
                    op.span(),
                    format!(
                        "the operator `{op_text}` is not supported in kernels: arithmetic is `+ - * /` \
                         and comparisons `< <= > >= == !=`"
                    ),
                );
                return None;
            }
        };
        let l = self.lower_expr(&b.left, None);
        let r = self.lower_expr(&b.right, None);
        let (l, r) = (l?, r?);
        match kind {
            Kind::Arith(op @ (BinaryOp::Add | BinaryOp::Sub)) if self.decl.options.fastmath => {
                self.contract(op, l, r, span, text)
            }
            Kind::Arith(op) => {
                self.elementwise(&[l, r], |o| Op::Binary(op, o[0], o[1]), span, text)
            }
            Kind::Cmp(op) => {
                let (l, r) = (self.float_operand(l)?, self.float_operand(r)?);
                let shape = self.combine(&[l, r]);
                Some(self.push(Op::Compare(op, l, r), shape, ValueType::Mask, span, text))
            }
            Kind::Logic(and) => {
                let (l, r) = (self.mask_operand(l, and)?, self.mask_operand(r, and)?);
                let shape = self.combine(&[l, r]);
                Some(self.push(Op::MaskLogic(and, l, r), shape, ValueType::Mask, span, text))
            }
        }
    }

    /// An operand of `&`, `|` or `!`: a mask (a comparison), or an error saying so.
    fn mask_operand(&mut self, id: NodeId, and: bool) -> Option<NodeId> {
        if self.nodes[id].ty == ValueType::Mask {
            return Some(id);
        }
        let op = if and { "&" } else { "|" };
        self.node_error(
            id,
            format!(
                "`{op}` combines masks (comparisons), elementwise as NumPy's `{op}`: \
                 `(x > 0.0) {op} (x < 1.0)`; this value is not a mask"
            ),
        );
        None
    }

    /// `fastmath`: `a * b + c`, `c + a * b`, `a * b - c` and `c - a * b` become one fused
    /// multiply-add (one rounding instead of two); anything else stays as written.
    fn contract(
        &mut self,
        op: BinaryOp,
        l: NodeId,
        r: NodeId,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        let product = |this: &Self, id: NodeId| match this.nodes[id].op {
            Op::Binary(BinaryOp::Mul, a, b) if this.nodes[id].ty == ValueType::Float => {
                Some((a, b))
            }
            _ => None,
        };
        let neg = |this: &mut Self, id: NodeId, text: &String| {
            this.elementwise(&[id], |o| Op::Unary(UnaryOp::Neg, o[0]), span, text.clone())
        };
        let fma = |this: &mut Self, a, b, c, text| {
            this.elementwise(&[a, b, c], |o| Op::MulAdd(o[0], o[1], o[2]), span, text)
        };
        match (op, product(self, l), product(self, r)) {
            (BinaryOp::Add, Some((a, b)), _) => fma(self, a, b, r, text),
            (BinaryOp::Add, None, Some((a, b))) => fma(self, a, b, l, text),
            (BinaryOp::Sub, Some((a, b)), _) => {
                let c = neg(self, r, &text)?;
                fma(self, a, b, c, text)
            }
            (BinaryOp::Sub, None, Some((a, b))) => {
                let a = neg(self, a, &text)?;
                fma(self, a, b, l, text)
            }
            _ => self.elementwise(&[l, r], |o| Op::Binary(op, o[0], o[1]), span, text),
        }
    }

    fn lower_args(
        &mut self,
        args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>,
    ) -> Option<Vec<NodeId>> {
        let lowered: Vec<Option<NodeId>> = args.iter().map(|a| self.lower_expr(a, None)).collect();
        lowered.into_iter().collect()
    }

    fn arity(
        &mut self,
        name: &str,
        span: Span,
        got: usize,
        want: usize,
        example: &str,
    ) -> Option<()> {
        if got == want {
            Some(())
        } else {
            self.error(
                span,
                format!(
                    "`{name}` takes {want} argument{}, not {got}: `{example}`",
                    if want == 1 { "" } else { "s" }
                ),
            );
            None
        }
    }

    fn lower_call(
        &mut self,
        call: &syn::ExprCall,
        want: Option<Annotation>,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        let syn::Expr::Path(func) = &*call.func else {
            self.error(
                call.func.span(),
                format!("only calls of named functions are supported in kernels; {SUPPORTED}"),
            );
            return None;
        };
        let path = func.path.clone();
        let name = path.get_ident().map(|i| i.to_string());
        let n = call.args.len();
        if let Some(name) = name.as_deref()
            && let Some(id) = self.lower_builtin(name, call, n, span, &text)
        {
            return id;
        }
        if let Some(name) = name.as_deref()
            && let Some(msg) = not_a_builtin(name)
        {
            self.error(func.path.span(), msg);
            return None;
        }
        let args = self.lower_args(&call.args)?;
        for &a in &args {
            if self.nodes[a].ty == ValueType::Mask {
                self.node_error(a, mask_misuse());
                return None;
            }
        }
        let any_array = args.iter().any(|&a| self.shape_of(a) != Shape::Scalar);
        if !any_array {
            return self.rust_call(path, args, want, span, text);
        }
        let key = path_key(&path);
        match self.known.get(&key) {
            None => {
                if !self.unknown_callees.iter().any(|p| path_key(p) == key) {
                    self.unknown_callees.push(path);
                }
                None
            }
            Some(CalleeInfo::Failed) => {
                self.callee_failed = true;
                None
            }
            Some(CalleeInfo::Kernel(sig)) => {
                let sig = sig.clone();
                self.kernel_call(call, path, &sig, args, span, text)
            }
        }
    }

    /// An ordinary call with scalar arguments (to a Rust function or a kernel), evaluated
    /// once: one value of the element type, or, under a typed `let`, an array or a scalar
    /// of another type.
    fn rust_call(
        &mut self,
        path: syn::Path,
        args: Vec<NodeId>,
        want: Option<Annotation>,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        let (shape, ty) = match want {
            Some(Annotation::Array(_)) => {
                let id_next = self.nodes.len();
                let class = self.new_class(LenSource::Call(id_next), text.clone());
                (Shape::Array(class), ValueType::Float)
            }
            Some(Annotation::Scalar(e)) if e != self.elem => (Shape::Scalar, ValueType::Native(e)),
            _ => (Shape::Scalar, ValueType::Float),
        };
        Some(self.push(Op::RustCall(path, args), shape, ty, span, text))
    }

    /// A call with array arguments to a kernel whose signature is `sig`.
    fn kernel_call(
        &mut self,
        call: &syn::ExprCall,
        path: syn::Path,
        sig: &CalleeSig,
        args: Vec<NodeId>,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        let name = path_key(&path);
        if args.len() != sig.args.len() {
            self.error(
                span,
                format!(
                    "`{name}` takes {} argument{} (its signature is `{}`), not {}",
                    sig.args.len(),
                    if sig.args.len() == 1 { "" } else { "s" },
                    sig.signature,
                    args.len()
                ),
            );
            return None;
        }
        if let Some(e) = sig.ufunc_elem() {
            if e != self.elem {
                self.error(
                    span,
                    format!(
                        "`{name}` computes in `{}` but this kernel computes in `{}`: a kernel \
                         applied elementwise must share the caller's element type",
                        e.rust_name(),
                        self.elem.rust_name()
                    ),
                );
                return None;
            }
            let mut ok = Vec::new();
            for a in args {
                ok.push(self.float_operand(a)?);
            }
            let shape = self.combine(&ok);
            return Some(self.push(
                Op::KernelCall(CallKind::Ufunc, path, ok),
                shape,
                ValueType::Float,
                span,
                text,
            ));
        }
        if !sig.takes_arrays() {
            self.error(
                span,
                format!(
                    "`{name}` (signature `{}`) takes only scalars, so called with arrays it would \
                     act elementwise, which needs every argument and its result to be `{}`: \
                     call it with scalars",
                    sig.signature,
                    self.elem.rust_name()
                ),
            );
            return None;
        }
        let mut ok = true;
        for (i, (&a, &(kind, e))) in args.iter().zip(&sig.args).enumerate() {
            ok &= self.call_argument(&call.args[i], a, kind, e, &name, i, sig);
        }
        let (shape, ty) = match sig.ret {
            ReturnKind::Void => {
                self.error(
                    span,
                    format!("`{name}` returns nothing, so its call has no value to use here"),
                );
                return None;
            }
            ReturnKind::Tuple => {
                self.error(
                    span,
                    format!("`{name}` returns several values (a tuple), which an array expression cannot use"),
                );
                return None;
            }
            ReturnKind::Array(e) if e != self.elem => {
                self.error(
                    span,
                    format!(
                        "`{name}` returns `Vec<{}>` but this kernel's arrays hold `{}`",
                        e.rust_name(),
                        self.elem.rust_name()
                    ),
                );
                return None;
            }
            ReturnKind::Array(_) => {
                let id_next = self.nodes.len();
                let class = self.new_class(LenSource::Call(id_next), text.clone());
                (Shape::Array(class), ValueType::Float)
            }
            ReturnKind::Scalar(e) if e == self.elem => (Shape::Scalar, ValueType::Float),
            ReturnKind::Scalar(e) => (Shape::Scalar, ValueType::Native(e)),
        };
        if !ok {
            return None;
        }
        Some(self.push(
            Op::KernelCall(CallKind::Whole, path, args),
            shape,
            ty,
            span,
            text,
        ))
    }

    /// Argument `i` of a call to a kernel taking arrays must be what the callee's
    /// parameter is: an array of the caller's element type (any array expression: it is
    /// materialised before the call), or a scalar.
    #[allow(clippy::too_many_arguments)]
    fn call_argument(
        &mut self,
        written: &syn::Expr,
        a: NodeId,
        kind: ArgKind,
        e: ElemType,
        name: &str,
        i: usize,
        sig: &CalleeSig,
    ) -> bool {
        let node = &self.nodes[a];
        let found = describe(node.shape, node.ty, self.elem);
        let nth = i + 1;
        let problem = match kind {
            _ if node.ty == ValueType::Mask => Some(mask_misuse().to_string()),
            ArgKind::ArrayMut => Some(format!(
                "`{name}` writes its argument {nth} (`&mut [{}]`), so it is called on its own, \
                 as a statement: `{name}(..);` (where the body has statements, `let v = \
                 {name}(..);` keeps its result), passing a `&mut` argument or a local array by \
                 name",
                e.rust_name()
            )),
            ArgKind::Array if node.shape == Shape::Scalar => Some(format!(
                "argument {nth} of `{name}` is an array (its signature is `{}`) but this value is {found}",
                sig.signature
            )),
            ArgKind::Array if e != self.elem => Some(format!(
                "argument {nth} of `{name}` holds `{}` but this kernel's arrays hold `{}`",
                e.rust_name(),
                self.elem.rust_name()
            )),
            ArgKind::Scalar if node.shape != Shape::Scalar => Some(format!(
                "argument {nth} of `{name}` is a scalar `{}` (its signature is `{}`) but this value is {found}",
                e.rust_name(),
                sig.signature
            )),
            _ => None,
        };
        match problem {
            Some(msg) => {
                self.error_at(written, msg);
                false
            }
            None => true,
        }
    }

    /// The language's built-in functions. `None` when `name` is not one (an ordinary or
    /// kernel call); `Some(None)` after reporting an error.
    fn lower_builtin(
        &mut self,
        name: &str,
        call: &syn::ExprCall,
        n: usize,
        span: Span,
        text: &str,
    ) -> Option<Option<NodeId>> {
        let text = text.to_string();
        if let Some(&(_, op)) = UNARY_FNS.iter().find(|(f, _)| *f == name) {
            return Some((|| {
                self.arity(name, span, n, 1, &format!("{name}(x)"))?;
                let a = self.lower_expr(&call.args[0], None)?;
                self.elementwise(&[a], |o| Op::Unary(op, o[0]), span, text)
            })());
        }
        let binary = match name {
            "power" => Some(BinaryOp::Power),
            "maximum" => Some(BinaryOp::Maximum),
            "minimum" => Some(BinaryOp::Minimum),
            _ => None,
        };
        if let Some(op) = binary {
            return Some((|| {
                self.arity(name, span, n, 2, &format!("{name}(x, y)"))?;
                let args = self.lower_args(&call.args)?;
                self.elementwise(&args, |o| Op::Binary(op, o[0], o[1]), span, text)
            })());
        }
        let result = match name {
            "clip" => (|| {
                self.arity(name, span, n, 3, "clip(x, lo, hi)")?;
                let args = self.lower_args(&call.args)?;
                self.clip(&args, span, text)
            })(),
            "select" => (|| {
                self.arity(name, span, n, 3, "select(x > 0.0, x, 0.0)")?;
                let args = self.lower_args(&call.args)?;
                if self.nodes[args[0]].ty != ValueType::Mask {
                    self.error_at(
                        &call.args[0],
                        "`select` takes a comparison as its first argument: `select(x > 0.0, x, 0.0)`",
                    );
                    return None;
                }
                let a = self.float_operand(args[1])?;
                let b = self.float_operand(args[2])?;
                let shape = self.combine(&[args[0], a, b]);
                Some(self.push(
                    Op::Select(args[0], a, b),
                    shape,
                    ValueType::Float,
                    span,
                    text,
                ))
            })(),
            "sum" | "prod" | "max" | "min" | "mean" | "argmax" | "argmin" | "len" => (|| {
                if (name == "max" || name == "min") && n == 2 {
                    self.error(
                        span,
                        format!(
                            "`{name}` reduces one array (NumPy's `{name}`); for the elementwise {name}imum \
                             of two values use `{name}imum(x, y)`"
                        ),
                    );
                    return None;
                }
                self.arity(name, span, n, 1, &format!("{name}(x)"))?;
                let a = self.lower_expr(&call.args[0], None)?;
                self.reduction(name, a, span, text)
            })(
            ),
            "any" | "all" | "count_nonzero" => (|| {
                self.arity(name, span, n, 1, &format!("{name}(x > 0.0)"))?;
                let m = self.lower_expr(&call.args[0], None)?;
                self.mask_reduction(name, m, span, text)
            })(),
            "dot" => (|| {
                self.arity(name, span, n, 2, "dot(x, y)")?;
                let args = self.lower_args(&call.args)?;
                for &a in &args {
                    if self.shape_of(a) == Shape::Scalar {
                        self.node_error(a, "`dot` takes two arrays");
                        return None;
                    }
                }
                let prod = self.elementwise(
                    &args,
                    |o| Op::Binary(BinaryOp::Mul, o[0], o[1]),
                    span,
                    text.clone(),
                )?;
                Some(self.push(
                    Op::Reduce(Reduction::Sum, prod),
                    Shape::Scalar,
                    ValueType::Float,
                    span,
                    text,
                ))
            })(),
            _ => return None,
        };
        Some(result)
    }

    /// `count_nonzero(m)`: the number of lanes set, a sum of ones (in the element type);
    /// `any(m)`: that count above 0; `all(m)`: no lane clear (`true` for an empty array, as
    /// NumPy). A sum, so an empty mask is no error.
    fn mask_reduction(
        &mut self,
        name: &str,
        m: NodeId,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        if self.nodes[m].ty != ValueType::Mask || self.shape_of(m) == Shape::Scalar {
            self.node_error(
                m,
                format!("`{name}` takes an array of comparisons: `{name}(x > 0.0)`"),
            );
            return None;
        }
        let lit = |cx: &mut Self, v: &str| {
            cx.push(
                Op::Literal(v.into()),
                Shape::Scalar,
                ValueType::Float,
                span,
                v.into(),
            )
        };
        let (one, zero) = (lit(self, "1"), lit(self, "0"));
        let (set, clear) = if name == "all" {
            (zero, one)
        } else {
            (one, zero)
        };
        let shape = self.shape_of(m);
        let ones = self.push(
            Op::Select(m, set, clear),
            shape,
            ValueType::Float,
            span,
            text.clone(),
        );
        let count = self.push(
            Op::Reduce(Reduction::Sum, ones),
            Shape::Scalar,
            ValueType::Float,
            span,
            text.clone(),
        );
        Some(match name {
            "count_nonzero" => count,
            "any" => self.push(
                Op::Compare(CompareOp::Gt, count, zero),
                Shape::Scalar,
                ValueType::Mask,
                span,
                text,
            ),
            _ => self.push(
                Op::Compare(CompareOp::Eq, count, zero),
                Shape::Scalar,
                ValueType::Mask,
                span,
                text,
            ),
        })
    }

    fn clip(&mut self, args: &[NodeId], span: Span, text: String) -> Option<NodeId> {
        // NumPy: minimum(maximum(x, lo), hi), NaN propagating.
        let lower = self.elementwise(
            &args[..2],
            |o| Op::Binary(BinaryOp::Maximum, o[0], o[1]),
            span,
            text.clone(),
        )?;
        self.elementwise(
            &[lower, args[2]],
            |o| Op::Binary(BinaryOp::Minimum, o[0], o[1]),
            span,
            text,
        )
    }

    fn reduction(&mut self, name: &str, a: NodeId, span: Span, text: String) -> Option<NodeId> {
        let Shape::Array(class) = self.shape_of(a) else {
            self.node_error(
                a,
                format!("`{name}` reduces an array, but this value is a scalar"),
            );
            return None;
        };
        let operand = self.nodes[a].text.clone();
        if name == "len" {
            if self.nodes[a].ty == ValueType::Mask {
                // The length of a mask is still a length.
            }
            return Some(self.push(
                Op::Len(class),
                Shape::Scalar,
                ValueType::Native(ElemType::Usize),
                span,
                text,
            ));
        }
        let a = self.float_operand(a)?;
        let empty_check = |this: &mut Self, reduction: &'static str| {
            this.empty_checks.push(EmptyCheck {
                class,
                reduction,
                operand: operand.clone(),
            });
        };
        let reduce = |this: &mut Self, r: Reduction, text: String| {
            this.push(
                Op::Reduce(r, a),
                Shape::Scalar,
                ValueType::Float,
                span,
                text,
            )
        };
        Some(match name {
            "sum" => reduce(self, Reduction::Sum, text),
            "prod" => reduce(self, Reduction::Prod, text),
            "max" => {
                empty_check(self, "max");
                reduce(self, Reduction::Max, text)
            }
            "min" => {
                empty_check(self, "min");
                reduce(self, Reduction::Min, text)
            }
            "mean" => {
                empty_check(self, "mean");
                let s = reduce(self, Reduction::Sum, format!("sum({operand})"));
                let len = self.push(
                    Op::Len(class),
                    Shape::Scalar,
                    ValueType::Native(ElemType::Usize),
                    span,
                    format!("len({operand})"),
                );
                self.push(
                    Op::Binary(BinaryOp::Div, s, len),
                    Shape::Scalar,
                    ValueType::Float,
                    span,
                    text,
                )
            }
            "argmax" | "argmin" => {
                let is_max = name == "argmax";
                empty_check(self, if is_max { "argmax" } else { "argmin" });
                let r = if is_max {
                    Reduction::Max
                } else {
                    Reduction::Min
                };
                let extreme = reduce(self, r, format!("{}({operand})", r.name()));
                self.push(
                    Op::ArgFind(is_max, a, extreme),
                    Shape::Scalar,
                    ValueType::Native(ElemType::Usize),
                    span,
                    text,
                )
            }
            _ => unreachable!("reduction names are matched by the caller"),
        })
    }

    fn lower_method(
        &mut self,
        m: &syn::ExprMethodCall,
        span: Span,
        text: String,
    ) -> Option<NodeId> {
        let name = m.method.to_string();
        let n = m.args.len();
        if m.turbofish.is_some() {
            self.error(
                m.method.span(),
                "turbofish is not supported on kernel methods",
            );
            return None;
        }
        let mspan = m.method.span();
        if let Some(&(_, op)) = UNARY_METHODS.iter().find(|(f, _)| *f == name) {
            self.arity(&name, mspan, n, 0, &format!("x.{name}()"))?;
            let a = self.lower_expr(&m.receiver, None)?;
            return self.elementwise(&[a], |o| Op::Unary(op, o[0]), span, text);
        }
        let binary = match name.as_str() {
            "powf" | "powi" => Some(BinaryOp::Power),
            "max" => Some(BinaryOp::Maximum),
            "min" => Some(BinaryOp::Minimum),
            _ => None,
        };
        if let Some(op) = binary {
            self.arity(&name, mspan, n, 1, &format!("x.{name}(y)"))?;
            let a = self.lower_expr(&m.receiver, None);
            let b = self.lower_expr(&m.args[0], None);
            let (a, b) = (a?, b?);
            return self.elementwise(&[a, b], |o| Op::Binary(op, o[0], o[1]), span, text);
        }
        match name.as_str() {
            "clamp" => {
                self.arity(&name, mspan, n, 2, "x.clamp(lo, hi)")?;
                let a = self.lower_expr(&m.receiver, None);
                let rest = self.lower_args(&m.args);
                let (a, rest) = (a?, rest?);
                self.clip(&[a, rest[0], rest[1]], span, text)
            }
            "mul_add" => {
                self.arity(&name, mspan, n, 2, "x.mul_add(a, b)")?;
                let a = self.lower_expr(&m.receiver, None);
                let rest = self.lower_args(&m.args);
                let (a, rest) = (a?, rest?);
                self.elementwise(
                    &[a, rest[0], rest[1]],
                    |o| Op::MulAdd(o[0], o[1], o[2]),
                    span,
                    text,
                )
            }
            "recip" => {
                self.arity(&name, mspan, n, 0, "x.recip()")?;
                let a = self.lower_expr(&m.receiver, None)?;
                let one = self.push(
                    Op::Literal("1".into()),
                    Shape::Scalar,
                    ValueType::Float,
                    span,
                    "1".into(),
                );
                self.elementwise(
                    &[one, a],
                    |o| Op::Binary(BinaryOp::Div, o[0], o[1]),
                    span,
                    text,
                )
            }
            "len" => {
                self.arity(&name, mspan, n, 0, "x.len()")?;
                let a = self.lower_expr(&m.receiver, None)?;
                self.reduction("len", a, span, text)
            }
            _ => {
                self.error(
                    mspan,
                    format!(
                        "unknown kernel method `.{name}()`: the supported methods are `exp exp2 exp_m1 ln \
                         log2 log10 ln_1p sqrt abs sin cos tan tanh floor ceil recip len` and \
                         `powf powi max min clamp mul_add`"
                    ),
                );
                None
            }
        }
    }
}

/// Every built-in function of the kernel language, for messages.
const BUILTINS: &[&str] = &[
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "abs", "sin", "cos", "tan",
    "tanh", "floor", "ceil", "power", "maximum", "minimum", "clip", "select", "sum", "prod", "max",
    "min", "mean", "argmax", "argmin", "len", "dot",
];

/// NumPy functions users reach for that the language does not have yet.
const NOT_YET: &[&str] = &[
    "erf", "erfc", "atan2", "arctan2", "hypot", "asin", "acos", "atan", "arcsin", "arccos",
    "arctan", "sinh", "cosh", "asinh", "acosh", "atanh", "arcsinh", "arccosh", "arctanh", "cbrt",
    "round", "trunc", "sign", "copysign", "isnan", "isinf", "isfinite", "where", "cumsum", "sort",
    "zeros", "ones", "empty", "arange",
];

/// `true` if `name` is a function of the language, one it lacks yet, or a built-in's
/// name misspelt: a call of it is never another kernel's.
pub(crate) fn is_language_fn(name: &str) -> bool {
    BUILTINS.contains(&name)
        || UNARY_FNS.iter().any(|(f, _)| *f == name)
        || not_a_builtin(name).is_some()
}

/// The message for a called name that is not a kernel-language function but looks meant
/// as one: a NumPy function the language lacks, or a built-in's name with a letter
/// doubled, two letters swapped or another case (`expp`, `sqtr`, `Sum`), mistakes no
/// kernel of the user's is likely to be named by. Any other unknown name is left to
/// Rust's resolution (it may be the user's kernel or function).
pub(crate) fn not_a_builtin(name: &str) -> Option<String> {
    let list = BUILTINS.join(" ");
    let escape =
        format!("(a kernel or function of yours named `{name}` is called as `self::{name}(...)`)");
    if NOT_YET.contains(&name) {
        return Some(format!(
            "`{name}` is not in the kernel language yet; its functions are `{list}` {escape}"
        ));
    }
    let meant = BUILTINS.iter().find(|b| is_typo_of(name, b))?;
    Some(format!(
        "`{name}` is not a kernel-language function: did you mean `{meant}`? The functions are \
         `{list}` {escape}"
    ))
}

/// `true` if `name` is `builtin` with one letter doubled, two adjacent letters swapped,
/// or in another case.
fn is_typo_of(name: &str, builtin: &str) -> bool {
    if name == builtin {
        return false;
    }
    if name.eq_ignore_ascii_case(builtin) {
        return true;
    }
    let (n, b): (Vec<char>, Vec<char>) = (name.chars().collect(), builtin.chars().collect());
    let doubled = n.len() == b.len() + 1
        && (0..b.len()).any(|i| n[..=i] == b[..=i] && n[i + 1] == b[i] && n[i + 1..] == b[i..]);
    let swapped = n.len() == b.len()
        && (0..b.len().saturating_sub(1)).any(|i| {
            let mut t = b.clone();
            t.swap(i, i + 1);
            t == n
        });
    doubled || swapped
}

/// The refusal message for constructs outside the language, by kind.
fn refusal(expr: &syn::Expr) -> Option<String> {
    Some(
        match expr {
            syn::Expr::ForLoop(_) | syn::Expr::While(_) | syn::Expr::Loop(_) => {
                "loops are not supported in kernels: operations apply to whole arrays \
                 (`x * 2.0` doubles every element); explicit `prange` loops come in a later version"
            }
            syn::Expr::If(_) | syn::Expr::Match(_) => {
                "`if` and `match` are not supported in kernels: choose elementwise with \
                 `select(mask, a, b)`"
            }
            syn::Expr::Assign(_) => {
                "assignment is not supported in kernels yet (it comes with loops in version 2): \
                 bind a new name with `let`"
            }
            syn::Expr::Binary(b) if is_compound_assignment(&b.op) => {
                "compound assignment (`+=`, `-=`, ...) is not supported in kernels yet (it comes \
                 with loops in version 2): bind a new name, `let acc2 = acc + 1.0;`"
            }
            syn::Expr::Closure(_) => "closures are not supported in kernels",
            syn::Expr::Macro(_) => "macros are not supported in kernels",
            syn::Expr::Index(_) => {
                "indexing is not supported in kernels: expressions work on whole arrays"
            }
            syn::Expr::Block(_) | syn::Expr::Unsafe(_) => "blocks are not supported in kernels",
            syn::Expr::Reference(_) => "references are not needed in kernels: use the array's name",
            syn::Expr::Field(_) | syn::Expr::Tuple(_) | syn::Expr::Array(_) => {
                "tuples, arrays literals and fields are not supported in kernels"
            }
            syn::Expr::Cast(_) => {
                "casts are not supported in kernels: literals and scalars take the element type"
            }
            syn::Expr::Return(_) => "`return` is allowed only as the last statement",
            _ => return None,
        }
        .to_string(),
    )
}

/// `+=`, `-=` and the other compound assignments.
pub(super) fn is_compound_assignment(op: &syn::BinOp) -> bool {
    matches!(
        op,
        syn::BinOp::AddAssign(_)
            | syn::BinOp::SubAssign(_)
            | syn::BinOp::MulAssign(_)
            | syn::BinOp::DivAssign(_)
            | syn::BinOp::RemAssign(_)
            | syn::BinOp::BitAndAssign(_)
            | syn::BinOp::BitOrAssign(_)
            | syn::BinOp::BitXorAssign(_)
            | syn::BinOp::ShlAssign(_)
            | syn::BinOp::ShrAssign(_)
    )
}

/// Token text as a person writes it: `max(x)`, not `max (x)`.
pub fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let glued_call =
                (next == '(' || next == '[') && (prev.is_alphanumeric() || prev == '_');
            let inside = prev == '('
                || prev == '['
                || next == ')'
                || next == ']'
                || next == ','
                || next == '.'
                || prev == '.';
            let unary = prev == '-' && {
                let before = out.chars().rev().nth(1).unwrap_or('(');
                before == '('
                    || before == ' ' && {
                        let b2 = out.chars().rev().nth(2).unwrap_or('(');
                        matches!(b2, '+' | '-' | '*' | '/' | '(' | ',' | '<' | '>' | '=')
                    }
                    || out.len() == 1
            };
            if glued_call || inside || unary {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn mask_misuse() -> &'static str {
    "a comparison gives a mask, which only `select(mask, a, b)` takes (as its first argument)"
}

fn describe(shape: Shape, ty: ValueType, elem: ElemType) -> String {
    let what = match ty {
        ValueType::Mask => "a mask".to_string(),
        ValueType::Float => format!("`{}`", elem.rust_name()),
        ValueType::Native(e) => format!("`{}`", e.rust_name()),
    };
    match shape {
        Shape::Scalar => format!("a scalar {what}"),
        Shape::Array(_) => format!("an array of {what}"),
    }
}

pub(super) fn parse_annotation(ty: &syn::Type) -> Option<Annotation> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let seg = p.path.segments.last()?;
            if p.path.segments.len() == 1
                && let Some(e) = ElemType::from_rust_name(&seg.ident.to_string())
            {
                return Some(Annotation::Scalar(e));
            }
            if seg.ident == "Vec"
                && let syn::PathArguments::AngleBracketed(args) = &seg.arguments
                && let Some(syn::GenericArgument::Type(syn::Type::Path(inner))) = args.args.first()
                && let Some(id) = inner.path.get_ident()
            {
                return ElemType::from_rust_name(&id.to_string()).map(Annotation::Array);
            }
            None
        }
        syn::Type::Reference(r) => match &*r.elem {
            syn::Type::Slice(s) => match &*s.elem {
                syn::Type::Path(inner) => inner
                    .path
                    .get_ident()
                    .and_then(|id| ElemType::from_rust_name(&id.to_string()))
                    .map(Annotation::Array),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}
