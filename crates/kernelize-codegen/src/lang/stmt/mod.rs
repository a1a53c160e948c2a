//! Bodies with statements (loops, `if`, indexing, assignment, in-place outputs) lowered
//! straight into the loop IR ([`crate::kir`]), checking types and scopes on the way.
//!
//! Integer literals take their type from their use, as in Rust: `let mut k = 0;` later
//! used as an index is a `usize`. The lowering runs again with what the previous run
//! learned about such `let`s (a few runs at most; a `let` no use constrains is `i64`,
//! Numba's `int`).

mod arrays;
mod calls;
mod expr;
mod flow;
mod helper;
mod iter;
mod whole;

use std::collections::HashMap;

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::Visit;

use crate::callee::Known;
use crate::kir::{self, Block, Expr, ExprKind, Order, ResultTy, Stmt, StmtKind, Ty, Var, VarId};
use crate::lang::Lowered;
use crate::model::{ArgKind, ElemType, KernelDecl, ReturnKind};

/// What a body with statements may contain, appended to refusals.
const SUPPORTED: &str = "see the `kernelize` crate docs, \"Loops and statements\"";

/// `true` if `func`'s body uses statements (loops, `if`, assignment, indexing, `let mut`,
/// a call of another kernel as a statement) or has no result or several, so it is
/// lowered here rather than as array expressions.
pub fn uses_statements(decl: &KernelDecl) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr(&mut self, e: &'ast syn::Expr) {
            use syn::Expr as E;
            match e {
                E::ForLoop(_)
                | E::While(_)
                | E::Loop(_)
                | E::If(_)
                | E::Match(_)
                | E::Assign(_)
                | E::Index(_) => self.0 = true,
                E::Break(_) | E::Continue(_) => self.0 = true,
                E::Binary(b) if super::lower::is_compound_assignment(&b.op) => self.0 = true,
                _ => syn::visit::visit_expr(self, e),
            }
        }
        fn visit_local(&mut self, l: &'ast syn::Local) {
            if let syn::Pat::Ident(p) = &l.pat
                && p.mutability.is_some()
            {
                self.0 = true;
            }
            if let syn::Pat::Type(t) = &l.pat
                && let syn::Pat::Ident(p) = &*t.pat
                && p.mutability.is_some()
            {
                self.0 = true;
            }
            syn::visit::visit_local(self, l);
        }
    }
    if matches!(decl.ret, ReturnKind::Void | ReturnKind::Tuple) {
        return true;
    }
    let stmts = &decl.func.block.stmts;
    let early_return = stmts
        .iter()
        .rev()
        .skip(1)
        .any(|s| matches!(s, syn::Stmt::Expr(syn::Expr::Return(_), _)));
    // A call of another kernel as a statement, before the last (a last one is a final
    // value with a stray `;`, which the array-expression lowering explains).
    let call = stmts.iter().rev().skip(1).any(|s| {
        matches!(s, syn::Stmt::Expr(syn::Expr::Call(c), Some(_))
            if matches!(&*c.func, syn::Expr::Path(p) if !calls::is_language_fn(&p.path)))
    });
    let mut f = Finder(false);
    f.visit_block(&decl.func.block);
    f.0 || early_return || call
}

/// Lowers a body with statements into the loop IR, knowing the callees in `known`.
/// `Err` holds every problem in one error, or the callees to ask about first
/// ([`Lowered::Ask`]), or that a callee failed ([`Lowered::CalleeFailed`]).
pub fn lower_statements(decl: &KernelDecl, known: &Known) -> Result<kir::Kernel, Lowered> {
    let mut hints = HashMap::new();
    for _ in 0..4 {
        let mut cx = Lower::new(decl, known, hints.clone());
        let body = cx.fn_body(&decl.func.block);
        if !cx.ask.is_empty() {
            return Err(Lowered::Ask(cx.ask));
        }
        if cx.callee_failed {
            return Err(Lowered::CalleeFailed);
        }
        let learned = cx.learned.clone();
        if !learned.is_empty() && learned.iter().any(|(k, v)| hints.get(k) != Some(v)) {
            hints.extend(learned);
            continue;
        }
        if let Some(err) = cx.errors {
            return Err(Lowered::Error(err));
        }
        let mut kernel = kir::Kernel {
            params: decl.args.len(),
            vars: cx.vars,
            body,
            result: cx.result,
            parts: decl.parts.iter().map(|&p| result_ty(p)).collect(),
            helpers: cx.helpers,
        };
        kir::races::check(&mut kernel).map_err(Lowered::Error)?;
        if let Err(bug) = kir::verify(&kernel) {
            return Err(Lowered::Error(syn::Error::new(
                decl.func.sig.ident.span(),
                format!(
                    "kernelize bug: the loop IR of this kernel is malformed ({bug}); please report it"
                ),
            )));
        }
        return Ok(kernel);
    }
    Err(Lowered::Error(syn::Error::new(
        decl.func.sig.ident.span(),
        "the integer types of this kernel's `let`s could not be settled: annotate them (`let k: usize = 0;`)",
    )))
}

/// The lowering's state.
struct Lower<'a> {
    decl: &'a KernelDecl,
    /// The float type of unannotated float literals: the kernel's first float array's.
    float: ElemType,
    vars: Vec<Var>,
    /// Names in scope, innermost last.
    scopes: Vec<HashMap<String, VarId>>,
    errors: Option<syn::Error>,
    /// The enclosing loops, innermost last.
    loops: Vec<Order>,
    result: ResultTy,
    /// `let`s whose type is an integer literal's guess, by variable: their ordinal.
    pending: HashMap<VarId, usize>,
    /// `let`s lowered so far (their ordinal identifies them across runs).
    lets: usize,
    /// Types learned in an earlier run, by `let` ordinal.
    hints: HashMap<usize, ElemType>,
    /// Types learned in this run.
    learned: HashMap<usize, ElemType>,
    /// Temporaries made so far (their names).
    temps: usize,
    /// The signatures of the kernels called with arrays, as far as known.
    known: &'a Known,
    /// Kernels called with arrays whose signatures must be asked for first.
    ask: Vec<syn::Path>,
    /// A kernel called with arrays failed to compile.
    callee_failed: bool,
    /// The array expressions compiled as hidden kernels so far.
    helpers: Vec<kir::Helper>,
}

impl<'a> Lower<'a> {
    fn new(decl: &'a KernelDecl, known: &'a Known, hints: HashMap<usize, ElemType>) -> Self {
        let float = decl
            .args
            .iter()
            .filter(|a| a.kind != ArgKind::Scalar && a.elem.is_float())
            .map(|a| a.elem)
            .chain(match decl.ret {
                ReturnKind::Array(e) | ReturnKind::Scalar(e) if e.is_float() => Some(e),
                _ => None,
            })
            .next()
            .unwrap_or(ElemType::F64);
        let result = match decl.ret {
            ReturnKind::Void => ResultTy::Void,
            ReturnKind::Scalar(e) => ResultTy::Scalar(e),
            ReturnKind::Array(e) => ResultTy::Array(e),
            ReturnKind::Tuple => ResultTy::Tuple,
        };
        let mut cx = Lower {
            decl,
            float,
            vars: Vec::new(),
            scopes: vec![HashMap::new()],
            errors: None,
            loops: Vec::new(),
            result,
            pending: HashMap::new(),
            lets: 0,
            hints,
            learned: HashMap::new(),
            temps: 0,
            known,
            ask: Vec::new(),
            callee_failed: false,
            helpers: Vec::new(),
        };
        cx.declare_args();
        cx
    }

    fn declare_args(&mut self) {
        for arg in &self.decl.args {
            let ty = match arg.kind {
                ArgKind::Scalar => Ty::Scalar(arg.elem),
                ArgKind::Array | ArgKind::ArrayMut => {
                    if !arg.elem.is_float() {
                        self.error(
                            arg.ty_span,
                            format!(
                                "arrays of `{}` are not supported yet: kernel arrays hold `f32` or `f64`",
                                arg.elem.rust_name()
                            ),
                        );
                    }
                    Ty::Array {
                        elem: arg.elem,
                        writable: arg.kind == ArgKind::ArrayMut,
                    }
                }
            };
            self.declare(&arg.name.to_string(), ty, false, arg.name.span());
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
    fn error_at(&mut self, tokens: &dyn quote::ToTokens, msg: impl std::fmt::Display) {
        let e = syn::Error::new_spanned(tokens.to_token_stream(), msg);
        match &mut self.errors {
            Some(all) => all.combine(e),
            None => self.errors = Some(e),
        }
    }

    /// A new variable named `name` in the innermost scope.
    fn declare(&mut self, name: &str, ty: Ty, mutable: bool, span: Span) -> VarId {
        let id = self.vars.len();
        self.vars.push(Var {
            name: name.to_owned(),
            ty,
            mutable,
            span,
        });
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name.to_owned(), id);
        }
        id
    }

    /// A compiler temporary (not visible by name).
    fn temp(&mut self, ty: Ty, span: Span) -> VarId {
        self.temps += 1;
        let id = self.vars.len();
        self.vars.push(Var {
            name: format!("__tmp{}", self.temps),
            ty,
            mutable: true,
            span,
        });
        id
    }

    /// The message for a name not in scope: what is in scope here.
    fn unknown_name(&self, name: &str) -> String {
        let mut names: Vec<&str> = self
            .scopes
            .iter()
            .flat_map(|s| s.keys())
            .map(String::as_str)
            .filter(|n| !n.starts_with("__") && *n != "_")
            .collect();
        names.sort_unstable();
        names.dedup();
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "unknown name `{name}`: in scope here are {} and the constants `pi`, `inf`, `nan` \
             (a `let` inside a loop or an `if` ends with it)",
            if listed.is_empty() {
                "no variables".to_owned()
            } else {
                listed.join(", ")
            }
        )
    }

    fn lookup(&self, name: &str) -> Option<VarId> {
        self.scopes.iter().rev().find_map(|s| s.get(name).copied())
    }

    /// Lowers `stmts` in a scope of their own.
    fn scoped(&mut self, f: impl FnOnce(&mut Self) -> Block) -> Block {
        self.scopes.push(HashMap::new());
        let block = f(self);
        self.scopes.pop();
        block
    }

    /// The fn's body: statements, then the kernel's value (a final expression or `return`).
    fn fn_body(&mut self, block: &syn::Block) -> Block {
        let stmts = &block.stmts;
        let (last, init) = match stmts.split_last() {
            Some((syn::Stmt::Expr(e, None), init)) if self.result != ResultTy::Void => {
                (Some(e), init)
            }
            _ => (None, &stmts[..]),
        };
        let mut out = Block::new();
        for s in init {
            self.stmt(s, &mut out);
        }
        match last {
            Some(e) => {
                let span = e.span();
                if let Some(kind) = self.returned(e, &mut out) {
                    out.push(Stmt { kind, span });
                }
            }
            None if self.result != ResultTy::Void && !ends_in_return(stmts) => self.error(
                block.span(),
                "this kernel returns a value: end its body with that value (or a `return`)",
            ),
            None => {}
        }
        out
    }

    /// The `return` of `e`: a value of the result type, or one per part of a tuple.
    pub(super) fn returned(&mut self, e: &syn::Expr, out: &mut Block) -> Option<StmtKind> {
        if self.result != ResultTy::Tuple {
            return Some(StmtKind::Return(Some(self.result_value(e, out)?)));
        }
        let parts: Vec<ResultTy> = self.decl.parts.iter().map(|&p| result_ty(p)).collect();
        let elems: Vec<&syn::Expr> = match strip(e) {
            syn::Expr::Tuple(t) => t.elems.iter().collect(),
            _ => Vec::new(),
        };
        if elems.len() != parts.len() {
            self.error_at(
                e,
                format!(
                    "this kernel returns a tuple of {} values: `({})`",
                    parts.len(),
                    vec!["..."; parts.len()].join(", ")
                ),
            );
            return None;
        }
        let mut values = Vec::new();
        for (e, part) in elems.into_iter().zip(parts) {
            let value = match part {
                ResultTy::Scalar(t) => self.value(e, Some(t), out).map(|v| self.coerce(v, t)),
                ResultTy::Array(t) => self.array_result(e, t, out),
                ResultTy::Void | ResultTy::Tuple => None,
            };
            values.push(value?);
        }
        Some(StmtKind::ReturnTuple(values))
    }

    /// The value of a `return` or of the body's final expression, of the result type.
    fn result_value(&mut self, e: &syn::Expr, out: &mut Block) -> Option<Expr> {
        match self.result {
            ResultTy::Tuple => None,
            ResultTy::Void => {
                self.error_at(
                    e,
                    "this kernel has no result (`void`): `return;` takes no value",
                );
                None
            }
            ResultTy::Scalar(t) => {
                let value = self.value(e, Some(t), out)?;
                Some(self.coerce(value, t))
            }
            ResultTy::Array(t) => self.array_result(e, t, out),
        }
    }

    /// A returned array: a local array (or a writable argument) of the result's type.
    fn array_result(&mut self, e: &syn::Expr, t: ElemType, out: &mut Block) -> Option<Expr> {
        let e = strip(e);
        if !matches!(e, syn::Expr::Path(_)) && self.is_array_expression(e) {
            let var = self.array_let(e, None, out)?;
            return Some(Expr {
                kind: ExprKind::Var(var),
                ty: t,
                span: e.span(),
                text: text(e),
            });
        }
        if let syn::Expr::Path(p) = e
            && let Some(ident) = p.path.get_ident()
            && let Some(id) = self.lookup(&ident.to_string())
            && let Ty::Array { elem, .. } = self.vars[id].ty
        {
            if elem != t {
                self.error_at(
                    e,
                    format!(
                        "the kernel returns `Vec<{}>` but `{ident}` holds `{}`",
                        t.rust_name(),
                        elem.rust_name()
                    ),
                );
            }
            return Some(Expr {
                kind: ExprKind::Var(id),
                ty: t,
                span: e.span(),
                text: ident.to_string(),
            });
        }
        self.error_at(
            e,
            "a kernel with statements returns an array it built: `let mut out = zeros(n); ...; out`",
        );
        None
    }
}

impl Lower<'_> {
    /// Binds array expression `e` to a new local array named `name` (a hidden one when
    /// `None`).
    pub(super) fn array_let(
        &mut self,
        e: &syn::Expr,
        name: Option<&str>,
        out: &mut Block,
    ) -> Option<VarId> {
        let found = self.helper(e)?;
        if !found.array {
            self.error_at(
                e,
                format!(
                    "this is one `{}`, not an array (to set every element to one value: `.fill(v)`)",
                    found.elem.rust_name()
                ),
            );
            return None;
        }
        let ty = Ty::Array {
            elem: found.elem,
            writable: true,
        };
        let var = match name {
            Some(name) => self.declare(name, ty, true, e.span()),
            None => self.temp(ty, e.span()),
        };
        out.push(Stmt {
            kind: StmtKind::LetArray {
                var,
                helper: found.helper,
                args: found.args,
            },
            span: e.span(),
        });
        Some(var)
    }
}

/// The loop IR's type of a result (or of a tuple's part).
fn result_ty(r: ReturnKind) -> ResultTy {
    match r {
        ReturnKind::Void => ResultTy::Void,
        ReturnKind::Scalar(e) => ResultTy::Scalar(e),
        ReturnKind::Array(e) => ResultTy::Array(e),
        ReturnKind::Tuple => ResultTy::Tuple,
    }
}

/// `e` without parentheses and invisible groups.
fn strip(e: &syn::Expr) -> &syn::Expr {
    match e {
        syn::Expr::Paren(p) => strip(&p.expr),
        syn::Expr::Group(g) => strip(&g.expr),
        other => other,
    }
}

/// `true` if the last statement is a `return` (so no final value is needed).
fn ends_in_return(stmts: &[syn::Stmt]) -> bool {
    matches!(stmts.last(), Some(syn::Stmt::Expr(syn::Expr::Return(_), _)))
}

/// The user's tokens as text, for run-time messages.
fn text(tokens: &dyn quote::ToTokens) -> String {
    super::lower::tidy(&tokens.to_token_stream().to_string())
}
