//! Local arrays: `zeros(n)`, `ones(n)`, `empty(n)` (zeroed), `full(n, v)`, their `_like(x)`
//! forms, `arange(n)`, and copies (`x.to_vec()`, `copy(x)`), each declared by a `let`.

use syn::spanned::Spanned;

use super::{Lower, strip};
use crate::kir::{Block, Domain, Expr, ExprKind, Loop, Order, Stmt, StmtKind, Ty, VarId};
use crate::lang::lower::Annotation;
use crate::model::ElemType;

/// How a local array's elements start.
pub(super) enum Init {
    /// `len` copies of `fill`.
    Fill(Expr, Expr),
    /// `0, 1, ..., len - 1`.
    Range(Expr),
    /// The elements of another array.
    Copy(VarId),
}

impl Lower<'_> {
    /// How `e` makes a local array, and its element type; `None` if it does not.
    pub(super) fn array_init(
        &mut self,
        e: &syn::Expr,
        annot: Option<Annotation>,
    ) -> Option<(Init, ElemType)> {
        let elem = match annot {
            Some(Annotation::Array(t)) => t,
            _ => self.float,
        };
        if let syn::Expr::MethodCall(m) = strip(e)
            && m.method == "to_vec"
            && m.args.is_empty()
        {
            let src = self.array_named(&m.receiver)?;
            return Some((Init::Copy(src), self.vars[src].ty.elem()));
        }
        let syn::Expr::Call(call) = strip(e) else {
            return None;
        };
        let syn::Expr::Path(p) = &*call.func else {
            return None;
        };
        let name = p.path.get_ident()?.to_string();
        let args: Vec<&syn::Expr> = call.args.iter().collect();
        let like = |cx: &mut Self| -> Option<(VarId, ElemType)> {
            let src = cx.array_named(args.first()?)?;
            Some((src, cx.vars[src].ty.elem()))
        };
        let literal = |text: &str, ty| Expr {
            kind: ExprKind::Literal(text.into()),
            ty,
            span: call.span(),
            text: text.into(),
        };
        Some(match (name.as_str(), args.len()) {
            ("zeros" | "empty", 1) => (Init::Fill(self.length(args[0])?, literal("0", elem)), elem),
            ("ones", 1) => (Init::Fill(self.length(args[0])?, literal("1", elem)), elem),
            ("full", 2) => {
                let v = self.expr(args[1], Some(elem))?;
                (
                    Init::Fill(self.length(args[0])?, self.coerce(v, elem)),
                    elem,
                )
            }
            ("arange", 1) => (Init::Range(self.length(args[0])?), elem),
            ("copy", 1) => {
                let (src, t) = like(self)?;
                (Init::Copy(src), t)
            }
            ("zeros_like" | "empty_like" | "ones_like", 1) => {
                let (src, t) = like(self)?;
                let fill = if name == "ones_like" { "1" } else { "0" };
                (
                    Init::Fill(self.len_expr(src, call.span()), literal(fill, t)),
                    t,
                )
            }
            ("full_like", 2) => {
                let (src, t) = like(self)?;
                let v = self.expr(args[1], Some(t))?;
                (
                    Init::Fill(self.len_expr(src, call.span()), self.coerce(v, t)),
                    t,
                )
            }
            (
                "zeros" | "empty" | "ones" | "full" | "arange" | "copy" | "zeros_like"
                | "empty_like" | "ones_like" | "full_like",
                _,
            ) => {
                self.error_at(
                    call,
                    format!(
                        "`{name}` takes {} argument(s)",
                        if name.starts_with("full") { 2 } else { 1 }
                    ),
                );
                return None;
            }
            _ => return None,
        })
    }

    /// Declares local array `name` and the statements that fill it.
    pub(super) fn declare_array(
        &mut self,
        name: &str,
        mutable: bool,
        span: proc_macro2::Span,
        (init, elem): (Init, ElemType),
        out: &mut Block,
    ) {
        let ty = Ty::Array {
            elem,
            writable: true,
        };
        let len = match &init {
            Init::Fill(len, _) | Init::Range(len) => len.clone(),
            Init::Copy(src) => self.len_expr(*src, span),
        };
        let fill = match &init {
            Init::Fill(_, fill) => fill.clone(),
            _ => Expr {
                kind: ExprKind::Literal("0".into()),
                ty: elem,
                span,
                text: "0".into(),
            },
        };
        let var = self.declare(name, ty, mutable, span);
        out.push(Stmt {
            kind: StmtKind::Alloc { var, len, fill },
            span,
        });
        let value = |index: Expr| match init {
            Init::Range(_) => Expr {
                kind: ExprKind::Cast(Box::new(index)),
                ty: elem,
                span,
                text: "the index".into(),
            },
            Init::Copy(src) => Expr {
                kind: ExprKind::Load {
                    array: src,
                    index: Box::new(index),
                },
                ty: elem,
                span,
                text: "the copied element".into(),
            },
            Init::Fill(..) => unreachable!("filled by the allocation"),
        };
        if matches!(init, Init::Fill(..)) {
            return;
        }
        let kind = self.store_each(var, span, value);
        out.push(Stmt { kind, span });
    }

    /// A loop over every index `i` of `array` storing `value(i)` there.
    pub(super) fn store_each(
        &mut self,
        array: VarId,
        span: proc_macro2::Span,
        value: impl FnOnce(Expr) -> Expr,
    ) -> StmtKind {
        let i = self.temp(Ty::Scalar(ElemType::Usize), span);
        let at = |kind| Expr {
            kind,
            ty: ElemType::Usize,
            span,
            text: "the index".into(),
        };
        let store = Stmt {
            kind: StmtKind::Store {
                array,
                index: at(ExprKind::Var(i)),
                value: value(at(ExprKind::Var(i))),
            },
            span,
        };
        StmtKind::Loop(Box::new(Loop {
            index: i,
            domain: Domain {
                start: at(ExprKind::Literal("0".into())),
                end: at(ExprKind::Len(array)),
                inclusive: false,
                step: None,
                reversed: false,
            },
            order: Order::InOrder,
            body: vec![store],
            reductions: Vec::new(),
            array_reductions: Vec::new(),
            hints: Default::default(),
        }))
    }

    /// The array named by `e`, or an error.
    fn array_named(&mut self, e: &syn::Expr) -> Option<VarId> {
        if let syn::Expr::Path(p) = strip(e)
            && let Some(ident) = p.path.get_ident()
            && let Some(v) = self.lookup(&ident.to_string())
            && matches!(self.vars[v].ty, Ty::Array { .. })
        {
            return Some(v);
        }
        self.error_at(e, "an array's name is needed here");
        None
    }

    /// A length: a `usize` value.
    fn length(&mut self, e: &syn::Expr) -> Option<Expr> {
        let v = self.expr(e, Some(ElemType::Usize))?;
        Some(self.coerce(v, ElemType::Usize))
    }

    /// `len(array)`.
    fn len_expr(&self, array: VarId, span: proc_macro2::Span) -> Expr {
        Expr {
            kind: ExprKind::Len(array),
            ty: ElemType::Usize,
            span,
            text: format!("len({})", self.vars[array].name),
        }
    }
}
