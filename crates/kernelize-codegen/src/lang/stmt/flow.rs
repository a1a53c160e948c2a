//! Statements: `let`, assignment, `if`, loops, `break`/`continue`/`return`.

use syn::spanned::Spanned;

use super::{Lower, SUPPORTED, strip, text};
use crate::kir::{BinOp, Block, Domain, Expr, ExprKind, Loop, Order, Stmt, StmtKind, Ty};
use crate::lang::lower::{Annotation, parse_annotation};
use crate::model::ElemType;

impl Lower<'_> {
    /// Lowers one statement into `out`.
    pub(super) fn stmt(&mut self, s: &syn::Stmt, out: &mut Block) {
        match s {
            syn::Stmt::Local(local) => self.local(local, out),
            syn::Stmt::Expr(syn::Expr::Verbatim(t), Some(_)) if t.is_empty() => {}
            syn::Stmt::Expr(e, semi) => self.expr_stmt(e, semi.is_some(), out),
            syn::Stmt::Item(item) => self.error(
                item.span(),
                "items (`fn`, `const`, `use`, ...) are not supported inside a kernel body: move them outside",
            ),
            syn::Stmt::Macro(m) => {
                self.error_at(m, format!("macros are not supported in kernels; {SUPPORTED}"))
            }
        }
    }

    fn expr_stmt(&mut self, e: &syn::Expr, semi: bool, out: &mut Block) {
        let span = e.span();
        let kind = match e {
            syn::Expr::Assign(a) => self.assign(&a.left, None, &a.right, out),
            syn::Expr::Binary(b) => match compound_op(&b.op) {
                Some(op) => self.assign(&b.left, Some(op), &b.right, out),
                None => {
                    self.no_effect(e, semi);
                    None
                }
            },
            syn::Expr::If(i) => Some(self.if_stmt(i)),
            syn::Expr::ForLoop(f) => self.for_loop(f),
            syn::Expr::While(w) => self.while_loop(w),
            syn::Expr::Loop(l) => {
                self.error(
                    l.loop_token.span,
                    "`loop` without a condition is not supported in kernels: write `while cond { .. }`",
                );
                None
            }
            syn::Expr::Break(b) => self.jump(b.label.is_some() || b.expr.is_some(), true, span),
            syn::Expr::Continue(c) => self.jump(c.label.is_some(), false, span),
            syn::Expr::Return(r) => self.return_stmt(r, out),
            syn::Expr::MethodCall(m) if m.method == "fill" && m.args.len() == 1 => self.fill(m),
            syn::Expr::Call(c) if semi => match self.call_stmt(c, out) {
                Some(kind) => kind,
                None => {
                    self.no_effect(e, semi);
                    None
                }
            },
            syn::Expr::Block(b) if b.label.is_none() => {
                let inner = self.scoped(|cx| cx.block(&b.block.stmts));
                out.extend(inner);
                None
            }
            other => {
                self.no_effect(other, semi);
                None
            }
        };
        if let Some(kind) = kind {
            out.push(Stmt { kind, span });
        }
    }

    fn no_effect(&mut self, e: &syn::Expr, semi: bool) {
        if let Some(msg) = super::expr::refusal(e) {
            self.error_at(e, format!("{msg}; {SUPPORTED}"));
        } else if semi {
            self.error_at(
                e,
                "this expression's value is unused: assign it (`s = ...;`, `out[i] = ...;`) or bind it with `let`",
            );
        } else {
            self.error_at(
                e,
                "a value here is unused: only the body's last expression is the kernel's value",
            );
        }
    }

    /// Statements of a nested block (an `if` branch, a loop body) in their own scope.
    pub(super) fn block(&mut self, stmts: &[syn::Stmt]) -> Block {
        let mut out = Block::new();
        for s in stmts {
            self.stmt(s, &mut out);
        }
        out
    }

    fn local(&mut self, local: &syn::Local, out: &mut Block) {
        let Some((ident, mutable, annot)) = self.let_pattern(&local.pat) else {
            return;
        };
        let Some(init) = &local.init else {
            self.error(
                local.span(),
                "a kernel `let` needs a value: `let mut s = 0.0;`",
            );
            return;
        };
        if let Some((_, diverge)) = &init.diverge {
            self.error(diverge.span(), "`let ... else` is not supported in kernels");
            return;
        }
        let span = ident.span();
        if let syn::Expr::Call(c) = strip(&init.expr)
            && let Some(callee) = self.writing_callee(c)
        {
            let kind = self.call_let((ident, mutable, annot, span), c, callee, out);
            if let Some(kind) = kind {
                out.push(Stmt {
                    kind,
                    span: local.span(),
                });
            }
            return;
        }
        let name = ident.to_string();
        if let Some(init) = self.array_init(&init.expr, annot) {
            self.declare_array(&name, mutable, span, init, out);
            return;
        }
        let want = match annot {
            Some(Annotation::Scalar(t)) => Some(t),
            Some(Annotation::Array(_)) => {
                self.error_at(
                    &init.expr,
                    "a local array is made with `zeros(n)`, `ones(n)`, `empty(n)` or `full(n, v)`",
                );
                return;
            }
            None => None,
        };
        if self.is_array_expression(&init.expr) && !matches!(annot, Some(Annotation::Scalar(_))) {
            if let Some(found) = self.helper(&init.expr) {
                self.bind_helper(found, &name, mutable, (span, local.span()), out);
            }
            return;
        }
        let ordinal = self.lets;
        self.lets += 1;
        let want = want.or_else(|| self.hints.get(&ordinal).copied());
        let value = self.value(&init.expr, want, out);
        let Some(value) = value else {
            // Declared anyway, so later uses do not report an unknown name.
            let ty = want.unwrap_or(self.float);
            self.declare(&name, Ty::Scalar(ty), mutable, span);
            return;
        };
        let guessed = want.is_none() && self.is_int_literal(&value);
        let var = self.declare(&name, Ty::Scalar(value.ty), mutable, span);
        if guessed {
            self.pending.insert(var, ordinal);
        }
        out.push(Stmt {
            kind: StmtKind::Let {
                var,
                value: Some(value),
            },
            span: local.span(),
        });
    }

    /// `let name = <array expression>;`: a local array, or a scalar. `spans`: the name's
    /// and the statement's.
    fn bind_helper(
        &mut self,
        found: super::helper::HelperUse,
        name: &str,
        mutable: bool,
        spans: (proc_macro2::Span, proc_macro2::Span),
        out: &mut Block,
    ) {
        let (span, at) = spans;
        let (helper, args) = (found.helper, found.args);
        if found.array {
            let ty = Ty::Array {
                elem: found.elem,
                writable: true,
            };
            let var = self.declare(name, ty, mutable, span);
            out.push(Stmt {
                kind: StmtKind::LetArray { var, helper, args },
                span: at,
            });
            return;
        }
        let value = Expr {
            kind: ExprKind::Helper { helper, args },
            ty: found.elem,
            span: at,
            text: name.to_owned(),
        };
        let var = self.declare(name, Ty::Scalar(found.elem), mutable, span);
        out.push(Stmt {
            kind: StmtKind::Let {
                var,
                value: Some(value),
            },
            span: at,
        });
    }

    /// The name, `mut` and annotation of a `let` pattern.
    fn let_pattern<'p>(
        &mut self,
        pat: &'p syn::Pat,
    ) -> Option<(&'p syn::Ident, bool, Option<Annotation>)> {
        let (ident, annot) = match pat {
            syn::Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => (p, None),
            syn::Pat::Type(t) => match &*t.pat {
                syn::Pat::Ident(p) if p.by_ref.is_none() && p.subpat.is_none() => {
                    match parse_annotation(&t.ty) {
                        Some(a) => (p, Some(a)),
                        None => {
                            self.error(
                                t.ty.span(),
                                "a kernel `let` annotation is a scalar type (`f64`, `usize`, ...) or `Vec<T>`",
                            );
                            return None;
                        }
                    }
                }
                other => {
                    self.error(
                        other.span(),
                        "a kernel `let` binds one plain name: `let mut s = 0.0;`",
                    );
                    return None;
                }
            },
            other => {
                self.error(
                    other.span(),
                    "a kernel `let` binds one plain name: `let mut s = 0.0;`",
                );
                return None;
            }
        };
        Some((&ident.ident, ident.mutability.is_some(), annot))
    }

    /// `target = value` or `target op= value`: a scalar variable or an array element.
    fn assign(
        &mut self,
        target: &syn::Expr,
        op: Option<BinOp>,
        value: &syn::Expr,
        out: &mut Block,
    ) -> Option<StmtKind> {
        if let Some(whole) = self.whole_assign(target, op, value, out) {
            return whole;
        }
        match strip(target) {
            syn::Expr::Path(p) if p.path.get_ident().is_some() => {
                let ident = p.path.get_ident()?;
                let Some(var) = self.lookup(&ident.to_string()) else {
                    let msg = self.unknown_name(&ident.to_string());
                    self.error(ident.span(), msg);
                    return None;
                };
                let Ty::Scalar(t) = self.vars[var].ty else {
                    self.error_at(
                        target,
                        format!("`{ident}` is an array: assign its elements (`{ident}[i] = ...`)"),
                    );
                    return None;
                };
                if !self.vars[var].mutable {
                    self.error(
                        ident.span(),
                        format!("`{ident}` is not `mut`: declare it `let mut {ident} = ...;` to assign it"),
                    );
                }
                let old = self.var_expr(var, target);
                let value = self.updated(old, op, value, t, out)?;
                Some(StmtKind::Assign { var, value })
            }
            syn::Expr::Index(ix) => {
                let (array, index) = self.element(ix, true)?;
                let t = self.vars[array].ty.elem();
                let old = Expr {
                    kind: ExprKind::Load {
                        array,
                        index: Box::new(index.clone()),
                    },
                    ty: t,
                    span: ix.span(),
                    text: text(ix),
                };
                let value = self.updated(old, op, value, t, out)?;
                Some(StmtKind::Store {
                    array,
                    index,
                    value,
                })
            }
            other => {
                self.error_at(
                    other,
                    "only a `let mut` variable or an array element (`out[i]`) can be assigned",
                );
                None
            }
        }
    }

    /// The value a (compound) assignment stores: `value`, or `old op value`.
    fn updated(
        &mut self,
        old: Expr,
        op: Option<BinOp>,
        value: &syn::Expr,
        t: ElemType,
        out: &mut Block,
    ) -> Option<Expr> {
        let rhs = self.value(value, Some(t), out)?;
        // A target whose type is an integer literal's guess learns the value's type
        // (`let mut c = 0; ... c += i;` makes `c` a `usize`, as Rust infers).
        if rhs.ty != t && self.flexible(&old) && !self.flexible(&rhs) && super::expr::is_int(rhs.ty)
        {
            let learned = rhs.ty;
            self.retype(old.clone(), learned);
        }
        let rhs = self.coerce(rhs, t);
        Some(match op {
            None => rhs,
            Some(op) => {
                let (span, text) = (
                    rhs.span,
                    format!("{} {} {}", old.text, op.symbol(), rhs.text),
                );
                self.check_operator(op, t, span);
                Expr {
                    kind: ExprKind::Binary(op, Box::new(old), Box::new(rhs)),
                    ty: t,
                    span,
                    text,
                }
            }
        })
    }

    fn if_stmt(&mut self, i: &syn::ExprIf) -> StmtKind {
        let cond = self.condition(&i.cond);
        let then = self.scoped(|cx| cx.block(&i.then_branch.stmts));
        let otherwise = match &i.else_branch {
            None => Block::new(),
            Some((_, e)) => match strip(e) {
                syn::Expr::If(inner) => {
                    let span = inner.span();
                    vec![Stmt {
                        kind: self.if_stmt(inner),
                        span,
                    }]
                }
                syn::Expr::Block(b) => self.scoped(|cx| cx.block(&b.block.stmts)),
                other => {
                    self.error_at(other, "`else` takes a block");
                    Block::new()
                }
            },
        };
        StmtKind::If {
            cond,
            then,
            otherwise,
        }
    }

    /// A condition: a `bool` (`if`, `while`).
    pub(super) fn condition(&mut self, e: &syn::Expr) -> Expr {
        let mut scratch = Block::new();
        let cond = self.value(e, Some(ElemType::Bool), &mut scratch);
        if !scratch.is_empty() {
            self.error_at(e, "bind this `if` to a `let` first");
        }
        match cond {
            Some(c) if c.ty == ElemType::Bool => c,
            Some(c) => {
                self.error_at(
                    e,
                    format!(
                        "a condition is a `bool`, but this is `{}`: compare it (`x > 0.0`)",
                        c.ty.rust_name()
                    ),
                );
                c
            }
            None => Expr {
                kind: ExprKind::Literal("false".into()),
                ty: ElemType::Bool,
                span: e.span(),
                text: "false".into(),
            },
        }
    }

    fn while_loop(&mut self, w: &syn::ExprWhile) -> Option<StmtKind> {
        if w.label.is_some() {
            self.error(w.span(), "loop labels are not supported in kernels");
        }
        let cond = self.condition(&w.cond);
        self.loops.push(Order::InOrder);
        let body = self.scoped(|cx| cx.block(&w.body.stmts));
        self.loops.pop();
        Some(StmtKind::While { cond, body })
    }

    fn for_loop(&mut self, f: &syn::ExprForLoop) -> Option<StmtKind> {
        if f.label.is_some() {
            self.error(f.span(), "loop labels are not supported in kernels");
        }
        if let Some(it) = self.elements(&f.expr) {
            return Some(self.element_loop(f, &it));
        }
        let (domain, order) = self.domain(&f.expr)?;
        self.scopes.push(Default::default());
        let index = match &*f.pat {
            syn::Pat::Ident(p)
                if p.by_ref.is_none() && p.subpat.is_none() && p.mutability.is_none() =>
            {
                self.declare(
                    &p.ident.to_string(),
                    Ty::Scalar(ElemType::Usize),
                    false,
                    p.ident.span(),
                )
            }
            syn::Pat::Wild(w) => self.declare("_", Ty::Scalar(ElemType::Usize), false, w.span()),
            other => {
                self.error(
                    other.span(),
                    "a `for` loop over a range binds one index name: `for i in 0..n`",
                );
                self.declare("_", Ty::Scalar(ElemType::Usize), false, other.span())
            }
        };
        self.loops.push(order);
        let body = self.block(&f.body.stmts);
        self.loops.pop();
        self.scopes.pop();
        Some(StmtKind::Loop(Box::new(Loop {
            index,
            domain,
            order,
            body,
            reductions: Vec::new(),
            array_reductions: Vec::new(),
            hints: Default::default(),
        })))
    }

    /// `for v in x` and its kin: a loop over indices reading the elements first.
    fn element_loop(&mut self, f: &syn::ExprForLoop, it: &super::iter::Elements) -> StmtKind {
        let domain = self.element_domain(it, f.expr.span());
        self.scopes.push(Default::default());
        let mut body = Block::new();
        let index = self.bind_elements(&f.pat, it, &mut body);
        self.loops.push(Order::InOrder);
        body.extend(self.block(&f.body.stmts));
        self.loops.pop();
        self.scopes.pop();
        StmtKind::Loop(Box::new(Loop {
            index,
            domain,
            order: Order::InOrder,
            body,
            reductions: Vec::new(),
            array_reductions: Vec::new(),
            hints: Default::default(),
        }))
    }

    fn jump(&mut self, extra: bool, is_break: bool, span: proc_macro2::Span) -> Option<StmtKind> {
        let word = if is_break { "break" } else { "continue" };
        if extra {
            self.error(
                span,
                format!("`{word}` with a label or a value is not supported in kernels"),
            );
        }
        match self.loops.last() {
            None => {
                self.error(
                    span,
                    format!("`{word}` outside a loop: it must be inside `for` or `while`"),
                );
                None
            }
            Some(Order::Independent) if is_break => {
                self.error(
                    span,
                    "`break` in a `prange` loop: its iterations run independently, so none can stop the others; \
                     use a `for` loop to stop early",
                );
                None
            }
            Some(_) => Some(if is_break {
                StmtKind::Break
            } else {
                StmtKind::Continue
            }),
        }
    }

    fn return_stmt(&mut self, r: &syn::ExprReturn, out: &mut Block) -> Option<StmtKind> {
        if self.loops.contains(&Order::Independent) {
            self.error(
                r.span(),
                "`return` in a `prange` loop: its iterations run independently, so none can end the kernel; \
                 use a `for` loop to return early",
            );
            return None;
        }
        match &r.expr {
            None if self.result == crate::kir::ResultTy::Void => Some(StmtKind::Return(None)),
            None => {
                self.error(r.span(), "this kernel returns a value: `return value;`");
                None
            }
            Some(e) => self.returned(e, out),
        }
    }

    /// The range a `for` loop runs over, and whether it is a `prange`.
    fn domain(&mut self, e: &syn::Expr) -> Option<(Domain, Order)> {
        match strip(e) {
            syn::Expr::Range(r) => Some((self.range(r)?, Order::InOrder)),
            syn::Expr::MethodCall(m) if m.method == "rev" && m.args.is_empty() => {
                let (mut d, order) = self.domain(&m.receiver)?;
                if order == Order::Independent || d.reversed {
                    self.error_at(m, "`rev()` applies once, to a range: `(a..b).rev()`");
                }
                d.reversed = true;
                Some((d, order))
            }
            syn::Expr::MethodCall(m) if m.method == "step_by" && m.args.len() == 1 => {
                let (mut d, order) = self.domain(&m.receiver)?;
                if order == Order::Independent || d.reversed || d.step.is_some() {
                    self.error_at(
                        m,
                        "`step_by(k)` applies to a range before `rev()`: `(a..b).step_by(k)`, `(a..b).step_by(k).rev()`",
                    );
                }
                d.step = Some(self.usize_value(&m.args[0])?);
                Some((d, order))
            }
            syn::Expr::Call(c) => self.range_call(c),
            other => {
                self.error_at(
                    other,
                    "a `for` loop runs over a range: `0..n`, `a..=b`, `(a..b).rev()`, `(a..b).step_by(k)`, \
                     `prange(n)`; to visit an array's elements, index it: `for i in 0..x.len() { .. x[i] .. }`",
                );
                None
            }
        }
    }

    /// `prange(n)`, `prange(a..b)`, and Python's `range(n)`, `range(a, b)`, `range(a, b, k)`.
    fn range_call(&mut self, c: &syn::ExprCall) -> Option<(Domain, Order)> {
        let name = match &*c.func {
            syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        };
        let args: Vec<&syn::Expr> = c.args.iter().collect();
        let order = match name.as_deref() {
            Some("prange") => Order::Independent,
            Some("range") => Order::InOrder,
            _ => {
                self.error_at(
                    c,
                    "a `for` loop runs over a range: `0..n`, `prange(n)`, `(a..b).rev()`",
                );
                return None;
            }
        };
        let zero = || Expr {
            kind: ExprKind::Literal("0".into()),
            ty: ElemType::Usize,
            span: c.span(),
            text: "0".into(),
        };
        let domain = match (order, args.as_slice()) {
            (Order::Independent, [syn::Expr::Range(r)]) => self.range(r)?,
            (_, [n]) => Domain {
                start: zero(),
                end: self.usize_value(n)?,
                inclusive: false,
                step: None,
                reversed: false,
            },
            (Order::InOrder, [a, b]) | (Order::InOrder, [a, b, _]) => Domain {
                start: self.usize_value(a)?,
                end: self.usize_value(b)?,
                inclusive: false,
                step: match args.get(2) {
                    Some(k) => Some(self.usize_value(k)?),
                    None => None,
                },
                reversed: false,
            },
            _ => {
                self.error_at(
                    c,
                    "`prange` takes a length or a range: `prange(n)`, `prange(a..b)`",
                );
                return None;
            }
        };
        Some((domain, order))
    }

    fn range(&mut self, r: &syn::ExprRange) -> Option<Domain> {
        let (Some(start), Some(end)) = (&r.start, &r.end) else {
            self.error_at(r, "a loop's range needs both ends: `a..b`");
            return None;
        };
        Some(Domain {
            start: self.usize_value(start)?,
            end: self.usize_value(end)?,
            inclusive: matches!(r.limits, syn::RangeLimits::Closed(_)),
            step: None,
            reversed: false,
        })
    }

    /// A `usize` value (a bound, a step, a length).
    fn usize_value(&mut self, e: &syn::Expr) -> Option<Expr> {
        let mut scratch = Block::new();
        let v = self.value(e, Some(ElemType::Usize), &mut scratch)?;
        if !scratch.is_empty() {
            self.error_at(e, "bind this `if` to a `let` first");
        }
        let v = self.coerce(v, ElemType::Usize);
        Some(v)
    }
}

/// The operator of a compound assignment (`+=` is `Add`).
fn compound_op(op: &syn::BinOp) -> Option<BinOp> {
    Some(match op {
        syn::BinOp::AddAssign(_) => BinOp::Add,
        syn::BinOp::SubAssign(_) => BinOp::Sub,
        syn::BinOp::MulAssign(_) => BinOp::Mul,
        syn::BinOp::DivAssign(_) => BinOp::Div,
        syn::BinOp::RemAssign(_) => BinOp::Rem,
        syn::BinOp::BitAndAssign(_) => BinOp::BitAnd,
        syn::BinOp::BitOrAssign(_) => BinOp::BitOr,
        syn::BinOp::BitXorAssign(_) => BinOp::BitXor,
        _ => return None,
    })
}
