//! Scalar expressions of a body with statements, and their types: literals take the type
//! their use asks for, an integer mixed with a float becomes the float (NumPy), and every
//! other mismatch is an error saying which `as` to write.

use syn::spanned::Spanned;

use super::{Lower, SUPPORTED, strip, text};
use crate::kir::{
    BinOp, Block, CompareOp, Expr, ExprKind, NamedConst, Stmt, StmtKind, Ty, UnaryOp, VarId,
};
use crate::lang::lower::{UNARY_FNS, UNARY_METHODS};
use crate::model::ElemType;

impl Lower<'_> {
    /// A value, where statements may precede it: an `if` with statements in its branches
    /// becomes a temporary assigned in each branch (pushed onto `out`).
    pub(super) fn value(
        &mut self,
        e: &syn::Expr,
        want: Option<ElemType>,
        out: &mut Block,
    ) -> Option<Expr> {
        match strip(e) {
            syn::Expr::If(i) if i.else_branch.is_some() && !pure_if(i) => {
                self.if_value(i, want, out)
            }
            other => self.expr(other, want),
        }
    }

    /// `if c { ..; a } else { ..; b }` as a value: a temporary, assigned in each branch.
    fn if_value(
        &mut self,
        i: &syn::ExprIf,
        want: Option<ElemType>,
        out: &mut Block,
    ) -> Option<Expr> {
        let cond = self.condition(&i.cond);
        let span = i.span();
        let (then, a) = self.branch_value(&i.then_branch.stmts, want, i.then_branch.span())?;
        let ty = want.unwrap_or(a.ty);
        let var = self.temp(Ty::Scalar(ty), span);
        let else_expr = &i.else_branch.as_ref()?.1;
        let (mut otherwise, b) = match strip(else_expr) {
            syn::Expr::Block(blk) => self.branch_value(&blk.block.stmts, Some(ty), blk.span())?,
            other => {
                let mut inner = Block::new();
                let v = self.value(other, Some(ty), &mut inner)?;
                (inner, v)
            }
        };
        let mut then = then;
        let a = self.coerce(a, ty);
        let b = self.coerce(b, ty);
        then.push(Stmt {
            kind: StmtKind::Assign { var, value: a },
            span,
        });
        otherwise.push(Stmt {
            kind: StmtKind::Assign { var, value: b },
            span,
        });
        out.push(Stmt {
            kind: StmtKind::Let { var, value: None },
            span,
        });
        out.push(Stmt {
            kind: StmtKind::If {
                cond,
                then,
                otherwise,
            },
            span,
        });
        Some(Expr {
            kind: ExprKind::Var(var),
            ty,
            span,
            text: text(i),
        })
    }

    /// A branch's statements and its final value.
    fn branch_value(
        &mut self,
        stmts: &[syn::Stmt],
        want: Option<ElemType>,
        span: proc_macro2::Span,
    ) -> Option<(Block, Expr)> {
        self.scopes.push(Default::default());
        let result = match stmts.split_last() {
            Some((syn::Stmt::Expr(last, None), init)) => {
                let mut block = self.block(init);
                self.value(last, want, &mut block).map(|v| (block, v))
            }
            _ => {
                self.error(
                    span,
                    "this branch needs a final value, as the `if` is used as a value",
                );
                None
            }
        };
        self.scopes.pop();
        result
    }

    /// A scalar expression without statements.
    pub(super) fn expr(&mut self, e: &syn::Expr, want: Option<ElemType>) -> Option<Expr> {
        crate::deeper(|| self.expr_inner(e, want))
    }

    fn expr_inner(&mut self, e: &syn::Expr, want: Option<ElemType>) -> Option<Expr> {
        let span = e.span();
        if !matches!(e, syn::Expr::Path(_)) && self.is_array_expression(e) {
            let found = self.helper(e)?;
            if found.array {
                self.error_at(
                    e,
                    "this is an array where one value is needed: bind it with `let` and index it, or reduce it (`sum`, `max`, ...)",
                );
                return None;
            }
            let (helper, args) = (found.helper, found.args);
            return Some(Expr {
                kind: ExprKind::Helper { helper, args },
                ty: found.elem,
                span,
                text: text(e),
            });
        }
        let mk = |kind, ty| Expr {
            kind,
            ty,
            span,
            text: text(e),
        };
        match e {
            syn::Expr::Paren(p) => self.expr(&p.expr, want),
            syn::Expr::Group(g) => self.expr(&g.expr, want),
            syn::Expr::Lit(l) => self.literal(&l.lit, want),
            syn::Expr::Path(p) => self.path(p),
            syn::Expr::Index(ix) => {
                let (array, index) = self.element(ix, false)?;
                let t = self.vars[array].ty.elem();
                Some(mk(
                    ExprKind::Load {
                        array,
                        index: Box::new(index),
                    },
                    t,
                ))
            }
            syn::Expr::Unary(u) => self.unary(u, want),
            syn::Expr::Binary(b) => self.binary(b, want),
            syn::Expr::Cast(c) => {
                let Some(t) = cast_target(&c.ty) else {
                    self.error(
                        c.ty.span(),
                        "`as` converts to a scalar type: `f64`, `f32`, `i64`, `usize`, ...",
                    );
                    return None;
                };
                let inner = self.expr(&c.expr, None)?;
                // A literal takes the type it is cast to; a variable does not learn it
                // (`c as f64` does not make `c` a float).
                let literal = self.flexible(&inner) && !self.reads_pending(&inner);
                let inner = if (t.is_float() || !inner.ty.is_float()) && literal {
                    self.retype(inner, t)
                } else {
                    inner
                };
                Some(mk(ExprKind::Cast(Box::new(inner)), t))
            }
            syn::Expr::If(i) if pure_if(i) && i.else_branch.is_some() => self.select(i, want),
            syn::Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
                syn::Stmt::Expr(inner, None) => self.expr(inner, want),
                _ => self.refuse(e),
            },
            syn::Expr::Call(c) => self.call(c, want),
            syn::Expr::MethodCall(m) => self.method(m, want),
            other => self.refuse(other),
        }
    }

    fn refuse(&mut self, e: &syn::Expr) -> Option<Expr> {
        let msg =
            refusal(e).unwrap_or_else(|| "this expression is not supported in kernels".into());
        self.error_at(e, format!("{msg}; {SUPPORTED}"));
        None
    }

    fn literal(&mut self, lit: &syn::Lit, want: Option<ElemType>) -> Option<Expr> {
        let span = lit.span();
        let (digits, ty) = match lit {
            syn::Lit::Bool(b) => (b.value.to_string(), ElemType::Bool),
            syn::Lit::Int(i) => {
                let suffix = ElemType::from_rust_name(i.suffix());
                let ty = suffix
                    .or(want.filter(|t| *t != ElemType::Bool))
                    .unwrap_or(ElemType::I64);
                (i.base10_digits().to_owned(), ty)
            }
            syn::Lit::Float(f) => {
                let suffix = ElemType::from_rust_name(f.suffix());
                let ty = suffix
                    .or(want.filter(|t| t.is_float()))
                    .unwrap_or(self.float);
                (f.base10_digits().to_owned(), ty)
            }
            other => {
                self.error(
                    other.span(),
                    "only numbers and `true`/`false` are literals in kernels",
                );
                return None;
            }
        };
        Some(Expr {
            kind: ExprKind::Literal(digits.clone()),
            ty,
            span,
            text: digits,
        })
    }

    fn path(&mut self, p: &syn::ExprPath) -> Option<Expr> {
        let span = p.span();
        let Some(ident) = p.path.get_ident().filter(|_| p.qself.is_none()) else {
            self.error(
                span,
                "paths are not values in kernels: use a variable, a literal or `pi`, `inf`, `nan`",
            );
            return None;
        };
        let name = ident.to_string();
        if let Some(var) = self.lookup(&name) {
            if let Ty::Array { .. } = self.vars[var].ty {
                self.error(
                    span,
                    format!(
                        "`{name}` is an array where one value is needed: index it (`{name}[i]`), reduce \
                         it (`sum({name})`), or copy it (`let y = {name}.to_vec();`)"
                    ),
                );
                return None;
            }
            return Some(self.var_expr(var, p));
        }
        let constant = match name.as_str() {
            "pi" => NamedConst::Pi,
            "inf" => NamedConst::Inf,
            "nan" => NamedConst::Nan,
            _ => {
                let msg = self.unknown_name(&name);
                self.error(span, msg);
                return None;
            }
        };
        Some(Expr {
            kind: ExprKind::Constant(constant),
            ty: self.float,
            span,
            text: name,
        })
    }

    /// The value of scalar `var`, at the tokens `at`.
    pub(super) fn var_expr(&self, var: VarId, at: &dyn quote::ToTokens) -> Expr {
        Expr {
            kind: ExprKind::Var(var),
            ty: self.vars[var].ty.elem(),
            span: syn::spanned::Spanned::span(&at.to_token_stream()),
            text: text(at),
        }
    }

    /// `a[i]`: the array (writable when `write`) and the index as a `usize`.
    pub(super) fn element(&mut self, ix: &syn::ExprIndex, write: bool) -> Option<(VarId, Expr)> {
        let syn::Expr::Path(p) = strip(&ix.expr) else {
            self.error_at(&ix.expr, "only a named array is indexed: `x[i]`");
            return None;
        };
        let name = p
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let Some(array) = self.lookup(&name) else {
            let msg = self.unknown_name(&name);
            self.error_at(p, msg);
            return None;
        };
        let Ty::Array { elem, writable } = self.vars[array].ty else {
            self.error_at(p, format!("`{name}` is a scalar: only arrays are indexed"));
            return None;
        };
        if write && !writable {
            self.error_at(
                p,
                format!(
                    "`{name}` is read-only (`&[{t}]`): to write into it, take it as `&mut [{t}]`",
                    t = elem.rust_name()
                ),
            );
        }
        if let syn::Expr::Range(_) = strip(&ix.index) {
            self.error_at(
                &ix.index,
                "a view (`x[a..b]`) is an array: use it in an array expression (`sum(x[1..])`, \
                 `x[1..] - x[..n - 1]`), or bind it, `let v = x[a..b];` (a copy)",
            );
            return None;
        }
        let index = self.expr(&ix.index, Some(ElemType::Usize))?;
        if !index.ty.is_float() || self.flexible(&index) {
            return Some((array, self.coerce(index, ElemType::Usize)));
        }
        self.error_at(
            &ix.index,
            format!(
                "an index is a `usize`, but this is `{}`: convert it with `as usize`",
                index.ty.rust_name()
            ),
        );
        None
    }

    fn unary(&mut self, u: &syn::ExprUnary, want: Option<ElemType>) -> Option<Expr> {
        let span = u.span();
        match u.op {
            syn::UnOp::Neg(_) => {
                let a = self.expr(&u.expr, want)?;
                if matches!(
                    a.ty,
                    ElemType::Usize | ElemType::U8 | ElemType::U16 | ElemType::U32 | ElemType::U64
                ) && !self.flexible(&a)
                    || a.ty == ElemType::Bool
                {
                    self.error(
                        span,
                        format!(
                            "`-` of an unsigned `{}`: indices and lengths are never negative",
                            a.ty.rust_name()
                        ),
                    );
                }
                let ty = a.ty;
                Some(Expr {
                    kind: ExprKind::Unary(UnaryOp::Neg, Box::new(a)),
                    ty,
                    span,
                    text: text(u),
                })
            }
            syn::UnOp::Not(_) => {
                let a = self.expr(&u.expr, want)?;
                if a.ty.is_float() {
                    self.error(
                        span,
                        "`!` applies to a `bool` (or an integer's bits), not a float",
                    );
                }
                let ty = a.ty;
                Some(Expr {
                    kind: ExprKind::Not(Box::new(a)),
                    ty,
                    span,
                    text: text(u),
                })
            }
            // `*v` of an element (`for v in x.iter()` gives references in Rust).
            syn::UnOp::Deref(_) => self.expr(&u.expr, want),
            _ => self.refuse(&syn::Expr::Unary(u.clone())),
        }
    }

    fn binary(&mut self, b: &syn::ExprBinary, want: Option<ElemType>) -> Option<Expr> {
        use syn::BinOp as B;
        let span = b.span();
        let op = match b.op {
            B::And(_) | B::Or(_) => {
                let l = self.expr(&b.left, Some(ElemType::Bool));
                let r = self.expr(&b.right, Some(ElemType::Bool));
                let (l, r) = (
                    self.coerce(l?, ElemType::Bool),
                    self.coerce(r?, ElemType::Bool),
                );
                let kind = if matches!(b.op, B::And(_)) {
                    ExprKind::And(Box::new(l), Box::new(r))
                } else {
                    ExprKind::Or(Box::new(l), Box::new(r))
                };
                return Some(Expr {
                    kind,
                    ty: ElemType::Bool,
                    span,
                    text: text(b),
                });
            }
            B::Lt(_) | B::Le(_) | B::Gt(_) | B::Ge(_) | B::Eq(_) | B::Ne(_) => {
                let l = self.expr(&b.left, None);
                let r = self.expr(&b.right, None);
                let (l, r) = self.unify(l?, r?)?;
                let kind = ExprKind::Compare(compare_op(&b.op), Box::new(l), Box::new(r));
                return Some(Expr {
                    kind,
                    ty: ElemType::Bool,
                    span,
                    text: text(b),
                });
            }
            B::Add(_) => BinOp::Add,
            B::Sub(_) => BinOp::Sub,
            B::Mul(_) => BinOp::Mul,
            B::Div(_) => BinOp::Div,
            B::Rem(_) => BinOp::Rem,
            B::BitAnd(_) => BinOp::BitAnd,
            B::BitOr(_) => BinOp::BitOr,
            B::BitXor(_) => BinOp::BitXor,
            _ => {
                self.error_at(
                    b,
                    "this operator is not supported here (an assignment is a statement of its own: `s += x[i];`)",
                );
                return None;
            }
        };
        let l = self.expr(&b.left, want);
        let r = self.expr(&b.right, want);
        let (l, r) = self.unify(l?, r?)?;
        let ty = l.ty;
        self.check_operator(op, ty, span);
        Some(Expr {
            kind: ExprKind::Binary(op, Box::new(l), Box::new(r)),
            ty,
            span,
            text: text(b),
        })
    }

    /// An operator applies to its operands' type.
    pub(super) fn check_operator(&mut self, op: BinOp, ty: ElemType, span: proc_macro2::Span) {
        let bits = matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor);
        if bits && ty.is_float() {
            self.error(
                span,
                format!(
                    "`{}` applies to integers and bools, not floats",
                    op.symbol()
                ),
            );
        } else if !bits && ty == ElemType::Bool {
            self.error(
                span,
                format!(
                    "`{}` does not apply to `bool`s (use `&&`, `||`, `!`)",
                    op.symbol()
                ),
            );
        }
    }

    /// `if c { a } else { b }` of two plain values: only the branch taken is evaluated.
    fn select(&mut self, i: &syn::ExprIf, want: Option<ElemType>) -> Option<Expr> {
        let cond = self.condition(&i.cond);
        let Some(syn::Stmt::Expr(a, None)) = i.then_branch.stmts.first() else {
            return None;
        };
        let a = self.expr(a, want);
        let b = self.expr(&i.else_branch.as_ref()?.1, want);
        let (a, b) = self.unify(a?, b?)?;
        let ty = a.ty;
        Some(Expr {
            kind: ExprKind::Select(Box::new(cond), Box::new(a), Box::new(b)),
            ty,
            span: i.span(),
            text: text(i),
        })
    }

    fn call(&mut self, c: &syn::ExprCall, want: Option<ElemType>) -> Option<Expr> {
        let name = match &*c.func {
            syn::Expr::Path(p) if p.path.get_ident().is_some() => p.path.get_ident()?.to_string(),
            syn::Expr::Path(p) if p.qself.is_none() => return self.rust_call(&p.path, c, want),
            _ => {
                self.error_at(c, "calls in a kernel with statements are to the built-in functions (`exp`, `max`, `len`, ...)");
                return None;
            }
        };
        let args: Vec<&syn::Expr> = c.args.iter().collect();
        let span = c.span();
        match (name.as_str(), args.as_slice()) {
            ("len", [a]) => self.len_of(a, span),
            (f, [a]) if UNARY_FNS.iter().any(|(n, _)| *n == f) => {
                let op = UNARY_FNS.iter().find(|(n, _)| *n == f)?.1;
                self.math1(op, a, want, c)
            }
            ("max" | "min" | "maximum" | "minimum" | "power", [a, b]) => {
                let op = match name.as_str() {
                    "max" => BinOp::PyMax,
                    "min" => BinOp::PyMin,
                    "maximum" => BinOp::Maximum,
                    "minimum" => BinOp::Minimum,
                    _ => BinOp::Power,
                };
                self.math2(op, a, b, want, c)
            }
            ("max" | "min" | "sum" | "prod" | "mean" | "argmax" | "argmin" | "dot", _) => {
                // Not an array expression (those are compiled whole before this): say what
                // is wrong with the arguments, or that they are not arrays.
                let before = self.error_count();
                for a in &args {
                    let _ = self.expr(a, None);
                }
                if self.error_count() == before {
                    self.error_at(
                        c,
                        format!("`{name}` reduces an array, but its argument here is one value"),
                    );
                }
                None
            }
            ("prange" | "range", _) => {
                self.error_at(
                    c,
                    format!(
                        "`{name}` is what a `for` loop runs over: `for i in {name}(n) {{ .. }}`"
                    ),
                );
                None
            }
            _ => {
                let syn::Expr::Path(p) = &*c.func else {
                    return None;
                };
                self.rust_call(&p.path.clone(), c, want)
            }
        }
    }

    /// A call of a Rust function or another kernel with scalar arguments: its result
    /// takes the type the context asks for.
    fn rust_call(
        &mut self,
        path: &syn::Path,
        c: &syn::ExprCall,
        want: Option<ElemType>,
    ) -> Option<Expr> {
        let name = crate::callee::path_key(path);
        let Some(ty) = want else {
            self.error_at(
                c,
                format!(
                    "`{name}` is not a built-in function: to call a Rust function (or another kernel) \
                     with scalars, give its result a type (`let y: f64 = {name}(..);`)"
                ),
            );
            return None;
        };
        let args: Vec<Expr> = c.args.iter().filter_map(|a| self.expr(a, None)).collect();
        if args.len() != c.args.len() {
            return None;
        }
        Some(Expr {
            kind: ExprKind::RustCall(path.clone(), args),
            ty,
            span: c.span(),
            text: text(c),
        })
    }

    fn method(&mut self, m: &syn::ExprMethodCall, want: Option<ElemType>) -> Option<Expr> {
        let name = m.method.to_string();
        let args: Vec<&syn::Expr> = m.args.iter().collect();
        let span = m.span();
        match (name.as_str(), args.as_slice()) {
            ("len", []) => self.len_of(&m.receiver, span),
            (f, []) if UNARY_METHODS.iter().any(|(n, _)| *n == f) => {
                let op = UNARY_METHODS.iter().find(|(n, _)| *n == f)?.1;
                self.math1(op, &m.receiver, want, m)
            }
            ("max" | "min" | "powf" | "powi", [b]) => {
                let op = match name.as_str() {
                    "max" => BinOp::RustMax,
                    "min" => BinOp::RustMin,
                    _ => BinOp::Power,
                };
                self.math2(op, &m.receiver, b, want, m)
            }
            _ => {
                self.error(
                    m.method.span(),
                    format!("the method `{name}` is not supported in kernels; {SUPPORTED}"),
                );
                None
            }
        }
    }

    fn len_of(&mut self, a: &syn::Expr, span: proc_macro2::Span) -> Option<Expr> {
        if let syn::Expr::Path(p) = strip(a)
            && let Some(ident) = p.path.get_ident()
            && let Some(var) = self.lookup(&ident.to_string())
            && let Ty::Array { .. } = self.vars[var].ty
        {
            return Some(Expr {
                kind: ExprKind::Len(var),
                ty: ElemType::Usize,
                span,
                text: format!("len({ident})"),
            });
        }
        self.error_at(a, "`len` takes an array's name: `len(x)`, `x.len()`");
        None
    }

    /// A math function of one value: floats, an integer converted to the kernel's float
    /// (`abs`, `floor`, `ceil` keep an integer as it is).
    fn math1(
        &mut self,
        op: UnaryOp,
        a: &syn::Expr,
        want: Option<ElemType>,
        at: &dyn quote::ToTokens,
    ) -> Option<Expr> {
        let a = self.expr(a, want.filter(|t| t.is_float()).or(Some(self.float)))?;
        let keeps_int = matches!(
            op,
            UnaryOp::Abs | UnaryOp::Floor | UnaryOp::Ceil | UnaryOp::Neg
        );
        let a = if a.ty.is_float() || (keeps_int && a.ty != ElemType::Bool) {
            a
        } else {
            let f = self.float;
            self.coerce(a, f)
        };
        if matches!(op, UnaryOp::Floor | UnaryOp::Ceil) && !a.ty.is_float() {
            return Some(a);
        }
        let ty = a.ty;
        Some(Expr {
            kind: ExprKind::Unary(op, Box::new(a)),
            ty,
            span: at.to_token_stream().span(),
            text: text(at),
        })
    }

    fn math2(
        &mut self,
        op: BinOp,
        a: &syn::Expr,
        b: &syn::Expr,
        want: Option<ElemType>,
        at: &dyn quote::ToTokens,
    ) -> Option<Expr> {
        let float_only = matches!(op, BinOp::Maximum | BinOp::Minimum | BinOp::Power);
        let want = if float_only {
            want.filter(|t| t.is_float()).or(Some(self.float))
        } else {
            want
        };
        let a = self.expr(a, want);
        let b = self.expr(b, want);
        let (mut a, mut b) = self.unify(a?, b?)?;
        if float_only && !a.ty.is_float() {
            let f = self.float;
            a = self.coerce(a, f);
            b = self.coerce(b, f);
        }
        let ty = a.ty;
        Some(Expr {
            kind: ExprKind::Binary(op, Box::new(a), Box::new(b)),
            ty,
            span: at.to_token_stream().span(),
            text: text(at),
        })
    }

    /// Two operands brought to one type: a literal (or a `let` holding one) takes the
    /// other's type; an integer mixed with a float becomes the float.
    fn unify(&mut self, a: Expr, b: Expr) -> Option<(Expr, Expr)> {
        if a.ty == b.ty {
            return Some((a, b));
        }
        if self.flexible(&b) && compatible(b.ty, a.ty) {
            let t = a.ty;
            return Some((a, self.retype(b, t)));
        }
        if self.flexible(&a) && compatible(a.ty, b.ty) {
            let t = b.ty;
            return Some((self.retype(a, t), b));
        }
        let (ai, bi) = (is_int(a.ty), is_int(b.ty));
        if ai && b.ty.is_float() {
            let t = b.ty;
            return Some((cast(a, t), b));
        }
        if bi && a.ty.is_float() {
            let t = a.ty;
            return Some((a, cast(b, t)));
        }
        self.error(
            b.span,
            format!(
                "`{}` is `{}` but `{}` is `{}`: convert one with `as` (`{} as {}`)",
                a.text,
                a.ty.rust_name(),
                b.text,
                b.ty.rust_name(),
                b.text,
                a.ty.rust_name()
            ),
        );
        None
    }

    /// `e` as a value of type `want`: retyped if it is a literal, converted if it is an
    /// integer where a float is wanted, else an error (and `e` unchanged).
    pub(super) fn coerce(&mut self, e: Expr, want: ElemType) -> Expr {
        if e.ty == want {
            return e;
        }
        if self.flexible(&e) && compatible(e.ty, want) {
            return self.retype(e, want);
        }
        if is_int(e.ty) && want.is_float() {
            return cast(e, want);
        }
        let hint = if want == ElemType::Bool {
            "compare it (`x > 0.0`)".to_owned()
        } else {
            format!("convert it with `as {}`", want.rust_name())
        };
        self.error(
            e.span,
            format!(
                "`{}` is `{}` but `{}` is needed here: {hint}",
                e.text,
                e.ty.rust_name(),
                want.rust_name()
            ),
        );
        e
    }

    /// `true` for literals, `let`s holding an unannotated integer literal, and arithmetic
    /// of these: values whose type their use decides.
    pub(super) fn flexible(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Literal(t) => t != "true" && t != "false",
            ExprKind::Var(v) => self.pending.contains_key(v),
            ExprKind::Unary(UnaryOp::Neg, a) => self.flexible(a),
            ExprKind::Binary(op, a, b) => {
                matches!(
                    op,
                    BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem
                ) && self.flexible(a)
                    && self.flexible(b)
            }
            _ => false,
        }
    }

    /// The errors reported so far.
    fn error_count(&self) -> usize {
        self.errors
            .as_ref()
            .map_or(0, |e| e.clone().into_iter().count())
    }

    /// `true` if `e` reads a `let` whose type is an integer literal's guess.
    fn reads_pending(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Var(v) => self.pending.contains_key(v),
            ExprKind::Unary(_, a) => self.reads_pending(a),
            ExprKind::Binary(_, a, b) => self.reads_pending(a) || self.reads_pending(b),
            _ => false,
        }
    }

    /// `true` for an integer literal (or arithmetic of them) with no type asked for.
    pub(super) fn is_int_literal(&self, e: &Expr) -> bool {
        is_int(e.ty) && self.flexible(e)
    }

    /// A flexible expression at type `t`; a `let` it reads learns `t`.
    pub(super) fn retype(&mut self, mut e: Expr, t: ElemType) -> Expr {
        e.ty = t;
        e.kind = match e.kind {
            ExprKind::Var(v) => {
                if let Some(&ordinal) = self.pending.get(&v) {
                    self.learned.entry(ordinal).or_insert(t);
                }
                ExprKind::Var(v)
            }
            ExprKind::Unary(op, a) => ExprKind::Unary(op, Box::new(self.retype(*a, t))),
            ExprKind::Binary(op, a, b) => ExprKind::Binary(
                op,
                Box::new(self.retype(*a, t)),
                Box::new(self.retype(*b, t)),
            ),
            other => other,
        };
        e
    }
}

/// `true` if a flexible value of type `from` may take type `to`: any number to a float,
/// an integer to another integer (a float literal never becomes an integer).
fn compatible(from: ElemType, to: ElemType) -> bool {
    to != ElemType::Bool && from != ElemType::Bool && (to.is_float() || !from.is_float())
}

pub(super) fn is_int(t: ElemType) -> bool {
    !t.is_float() && t != ElemType::Bool
}

/// `e + 1`, a `usize` (the end of an inclusive view).
pub(super) fn plus_one(e: Expr) -> Expr {
    let (span, text) = (e.span, format!("{} + 1", e.text));
    let one = Expr {
        kind: ExprKind::Literal("1".into()),
        ty: ElemType::Usize,
        span,
        text: "1".into(),
    };
    Expr {
        kind: ExprKind::Binary(BinOp::Add, Box::new(e), Box::new(one)),
        ty: ElemType::Usize,
        span,
        text,
    }
}

fn cast(e: Expr, t: ElemType) -> Expr {
    let (span, text) = (e.span, e.text.clone());
    Expr {
        kind: ExprKind::Cast(Box::new(e)),
        ty: t,
        span,
        text,
    }
}

fn cast_target(ty: &syn::Type) -> Option<ElemType> {
    match ty {
        syn::Type::Path(p) => ElemType::from_rust_name(&p.path.get_ident()?.to_string()),
        syn::Type::Paren(p) => cast_target(&p.elem),
        _ => None,
    }
}

fn compare_op(op: &syn::BinOp) -> CompareOp {
    match op {
        syn::BinOp::Lt(_) => CompareOp::Lt,
        syn::BinOp::Le(_) => CompareOp::Le,
        syn::BinOp::Gt(_) => CompareOp::Gt,
        syn::BinOp::Ge(_) => CompareOp::Ge,
        syn::BinOp::Eq(_) => CompareOp::Eq,
        _ => CompareOp::Ne,
    }
}

/// `true` if both branches of an `if` are one plain expression each (no statements).
fn pure_if(i: &syn::ExprIf) -> bool {
    let plain = |b: &syn::Block| matches!(b.stmts.as_slice(), [syn::Stmt::Expr(e, None)] if !matches!(strip(e), syn::Expr::If(_)) || matches!(strip(e), syn::Expr::If(inner) if pure_if(inner)));
    plain(&i.then_branch)
        && match &i.else_branch {
            Some((_, e)) => match strip(e) {
                syn::Expr::Block(b) => plain(&b.block),
                syn::Expr::If(inner) => pure_if(inner),
                _ => false,
            },
            None => false,
        }
}

/// Why an expression is refused, for constructs that stay out of kernels.
pub(super) fn refusal(e: &syn::Expr) -> Option<String> {
    Some(
        match e {
            syn::Expr::Match(_) => "`match` is not supported in kernels: use `if` / `else if`",
            syn::Expr::Closure(_) => "closures are not supported in kernels: write the loop out",
            syn::Expr::Macro(_) => "macros are not supported in kernels",
            syn::Expr::Reference(_) => "references are not needed in kernels: use the array's name",
            syn::Expr::Tuple(_)
            | syn::Expr::Array(_)
            | syn::Expr::Field(_)
            | syn::Expr::Struct(_) => {
                "tuples, array literals, fields and structs are not supported in kernels yet"
            }
            syn::Expr::Range(_) => "a range is what a `for` loop runs over: `for i in a..b`",
            syn::Expr::Loop(_) => {
                "`loop` without a condition is not supported in kernels: write `while cond { .. }`"
            }
            syn::Expr::Unsafe(_)
            | syn::Expr::Async(_)
            | syn::Expr::Await(_)
            | syn::Expr::Try(_) => "this Rust construct is not supported in kernels",
            syn::Expr::Let(_) => "`if let` / `while let` are not supported in kernels",
            _ => return None,
        }
        .to_owned(),
    )
}
