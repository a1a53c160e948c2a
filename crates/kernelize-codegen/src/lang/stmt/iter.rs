//! `for` loops over elements, as Numba code writes them: `for v in x`, `for v in x.iter()`,
//! `for (i, v) in x.iter().enumerate()`, `for (a, b) in x.iter().zip(y)`. Each becomes a
//! loop over indices whose body starts by reading the elements (`let v = x[i];`); `zip`
//! stops at the shorter array, as Rust's does.

use proc_macro2::Span;
use syn::spanned::Spanned;

use super::{Lower, strip};
use crate::kir::{BinOp, Block, Domain, Expr, ExprKind, Stmt, StmtKind, Ty, VarId};
use crate::model::ElemType;

/// What a `for` loop over elements visits.
pub(super) struct Elements {
    /// The arrays, visited in step (one, or two for `zip`).
    pub arrays: Vec<VarId>,
    /// `enumerate()`: the pattern's first name is the index.
    pub enumerate: bool,
}

impl Lower<'_> {
    /// The arrays an element iterator visits, if `e` is one.
    pub(super) fn elements(&self, e: &syn::Expr) -> Option<Elements> {
        match strip(e) {
            syn::Expr::MethodCall(m) if m.method == "enumerate" && m.args.is_empty() => {
                let inner = self.elements(&m.receiver)?;
                (!inner.enumerate).then_some(Elements {
                    enumerate: true,
                    ..inner
                })
            }
            syn::Expr::MethodCall(m) if m.method == "zip" && m.args.len() == 1 => {
                let a = self.elements(&m.receiver)?;
                let b = self.elements(&m.args[0])?;
                (!a.enumerate && !b.enumerate && a.arrays.len() == 1 && b.arrays.len() == 1).then(
                    || Elements {
                        arrays: vec![a.arrays[0], b.arrays[0]],
                        enumerate: false,
                    },
                )
            }
            syn::Expr::MethodCall(m)
                if matches!(m.method.to_string().as_str(), "iter" | "copied" | "cloned") =>
            {
                m.args
                    .is_empty()
                    .then(|| self.elements(&m.receiver))
                    .flatten()
            }
            syn::Expr::Reference(r) => self.elements(&r.expr),
            syn::Expr::Path(p) => {
                let v = self.lookup(&p.path.get_ident()?.to_string())?;
                matches!(self.vars[v].ty, Ty::Array { .. }).then(|| Elements {
                    arrays: vec![v],
                    enumerate: false,
                })
            }
            _ => None,
        }
    }

    /// The indices an element loop visits: `0..len(x)`, or up to the shorter of two.
    pub(super) fn element_domain(&self, it: &Elements, span: Span) -> Domain {
        let len = |a: VarId| Expr {
            kind: ExprKind::Len(a),
            ty: ElemType::Usize,
            span,
            text: format!("len({})", self.vars[a].name),
        };
        let end = match it.arrays.as_slice() {
            [a, b] => Expr {
                kind: ExprKind::Binary(BinOp::PyMin, Box::new(len(*a)), Box::new(len(*b))),
                ty: ElemType::Usize,
                span,
                text: "the shorter length".into(),
            },
            [a, ..] => len(*a),
            [] => unreachable!("an element loop visits an array"),
        };
        Domain {
            start: Expr {
                kind: ExprKind::Literal("0".into()),
                ty: ElemType::Usize,
                span,
                text: "0".into(),
            },
            end,
            inclusive: false,
            step: None,
            reversed: false,
        }
    }

    /// Binds the pattern of an element loop: the index (a name of its own or hidden) and a
    /// `let` per element read at the start of the body (pushed onto `out`).
    pub(super) fn bind_elements(
        &mut self,
        pat: &syn::Pat,
        it: &Elements,
        out: &mut Block,
    ) -> VarId {
        let mut names: Vec<&syn::Pat> = match strip_pat(pat) {
            syn::Pat::Tuple(t) => t.elems.iter().collect(),
            other => vec![other],
        };
        let index = if it.enumerate && !names.is_empty() {
            let first = names.remove(0);
            let name = pat_name(first).unwrap_or_else(|| "_".into());
            self.declare(&name, Ty::Scalar(ElemType::Usize), false, first.span())
        } else {
            self.temp(Ty::Scalar(ElemType::Usize), pat.span())
        };
        // `(i, (a, b))` is not supported; `(a, b)` after zip, `v` otherwise.
        let values: Vec<&syn::Pat> = match names.as_slice() {
            [syn::Pat::Tuple(t)] if it.arrays.len() == 2 => t.elems.iter().collect(),
            _ => names,
        };
        if values.len() != it.arrays.len() {
            self.error(
                pat.span(),
                "this pattern does not match the loop's elements: `for v in x`, `for (i, v) in x.iter().enumerate()`, \
                 `for (a, b) in x.iter().zip(y)`",
            );
            return index;
        }
        for (p, &array) in values.iter().zip(&it.arrays) {
            let Some(name) = pat_name(p) else {
                self.error(p.span(), "an element is bound to one plain name");
                continue;
            };
            let elem = self.vars[array].ty.elem();
            let load = Expr {
                kind: ExprKind::Load {
                    array,
                    index: Box::new(Expr {
                        kind: ExprKind::Var(index),
                        ty: ElemType::Usize,
                        span: p.span(),
                        text: "the loop's index".into(),
                    }),
                },
                ty: elem,
                span: p.span(),
                text: self.vars[array].name.clone(),
            };
            let var = self.declare(&name, Ty::Scalar(elem), false, p.span());
            out.push(Stmt {
                kind: StmtKind::Let {
                    var,
                    value: Some(load),
                },
                span: p.span(),
            });
        }
        index
    }
}

/// `p` without `&` and parentheses.
fn strip_pat(p: &syn::Pat) -> &syn::Pat {
    match p {
        syn::Pat::Reference(r) => strip_pat(&r.pat),
        syn::Pat::Paren(q) => strip_pat(&q.pat),
        other => other,
    }
}

/// The plain name a pattern binds (`v`, `&v`, `_`).
fn pat_name(p: &syn::Pat) -> Option<String> {
    match strip_pat(p) {
        syn::Pat::Ident(i) if i.subpat.is_none() => Some(i.ident.to_string()),
        syn::Pat::Wild(_) => Some("_".into()),
        _ => None,
    }
}
