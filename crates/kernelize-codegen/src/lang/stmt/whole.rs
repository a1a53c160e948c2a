//! Writes of whole arrays, as NumPy code makes them: `out[..] = e`, `out[a..b] = e` (slice
//! assignment), `x -= max(x)` and the other compound assignments on an array, and
//! `out.fill(v)`. The value is an array expression, computed into a temporary first (so
//! `x -= max(x)` reads `x` before it changes, as NumPy does) and copied in; its length must
//! be the target's.

use syn::spanned::Spanned;

use super::{Lower, strip, text};
use crate::kir::{BinOp, Block, StmtKind, Ty, VarId, View};

impl Lower<'_> {
    /// `target = value` or `target op= value` when the target is a whole array or a view;
    /// `None` (nothing lowered) when it is not.
    pub(super) fn whole_assign(
        &mut self,
        target: &syn::Expr,
        op: Option<BinOp>,
        value: &syn::Expr,
        out: &mut Block,
    ) -> Option<Option<StmtKind>> {
        let (array, view) = self.whole_target(target)?;
        if !matches!(self.vars[array].ty, Ty::Array { writable: true, .. }) {
            let t = self.vars[array].ty.elem().rust_name();
            let name = &self.vars[array].name;
            self.error_at(
                target,
                format!(
                    "`{name}` is read-only (`&[{t}]`): to write into it, take it as `&mut [{t}]`"
                ),
            );
            return Some(None);
        }
        if view.is_none() && op.is_none() {
            let name = &self.vars[array].name;
            self.error_at(
                target,
                format!("an array is not assigned whole: write into it, `{name}[..] = ...;`, or bind a new name with `let`"),
            );
            return Some(None);
        }
        // The value: `value`, or `target op (value)` read before the write.
        let expr: syn::Expr = match op {
            None => value.clone(),
            Some(op) => {
                let op = compound_token(op)?;
                syn::parse_quote!(#target #op (#value))
            }
        };
        let temp = self.temp_array(&expr, out)?;
        let view = view.unwrap_or_else(|| View {
            array,
            start: None,
            end: None,
        });
        Some(Some(StmtKind::CopyInto {
            view: Box::new(view),
            from: temp,
        }))
    }

    /// `out.fill(v)`: every element set to `v`.
    pub(super) fn fill(&mut self, m: &syn::ExprMethodCall) -> Option<StmtKind> {
        let array = self.writable_array(&m.receiver)?;
        let elem = self.vars[array].ty.elem();
        let v = self.expr(&m.args[0], Some(elem))?;
        let value = self.coerce(v, elem);
        Some(self.store_each(array, m.span(), |_| value))
    }

    /// The array (and view) an assignment writes whole: `x`, `x[..]`, `x[a..b]`.
    fn whole_target(&mut self, target: &syn::Expr) -> Option<(VarId, Option<View>)> {
        match strip(target) {
            syn::Expr::Path(p) => {
                let v = self.lookup(&p.path.get_ident()?.to_string())?;
                matches!(self.vars[v].ty, Ty::Array { .. }).then_some((v, None))
            }
            syn::Expr::Index(ix) if matches!(strip(&ix.index), syn::Expr::Range(_)) => {
                let (array, range) = self.view_of(strip(target))?;
                let (start, end) = self.view_bounds(&range)?;
                Some((array, Some(View { array, start, end })))
            }
            _ => None,
        }
    }

    /// The writable array `e` names, or an error.
    fn writable_array(&mut self, e: &syn::Expr) -> Option<VarId> {
        if let syn::Expr::Path(p) = strip(e)
            && let Some(ident) = p.path.get_ident()
            && let Some(v) = self.lookup(&ident.to_string())
            && matches!(self.vars[v].ty, Ty::Array { writable: true, .. })
        {
            return Some(v);
        }
        self.error_at(e, "`fill` writes into a `&mut` array or a local array");
        None
    }

    /// Computes array expression `e` into a new hidden local array.
    fn temp_array(&mut self, e: &syn::Expr, out: &mut Block) -> Option<VarId> {
        if !self.is_array_expression(e) {
            self.error_at(
                e,
                format!(
                    "`{}` is not an array expression: an array is written whole from an array",
                    text(e)
                ),
            );
            return None;
        }
        self.array_let(e, None, out)
    }
}

/// The operator token of a compound assignment's operation.
fn compound_token(op: BinOp) -> Option<proc_macro2::TokenStream> {
    Some(match op {
        BinOp::Add => quote::quote!(+),
        BinOp::Sub => quote::quote!(-),
        BinOp::Mul => quote::quote!(*),
        BinOp::Div => quote::quote!(/),
        _ => return None,
    })
}
