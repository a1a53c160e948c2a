//! Calls of other kernels that write arrays (a `&mut` parameter): `f(x, out);` as a
//! statement, or `let v = f(x, out);` binding its result. Each runs once with whole
//! arrays at this kernel's tier; the arrays it may write are passed `&mut`, so they must
//! be writable here (a `&mut` argument or a local array), named whole, and passed once.

use super::{Lower, strip, text};
use crate::callee::{CalleeInfo, CalleeSig, path_key};
use crate::kir::{Block, CallArg, HelperArg, StmtKind, Ty, VarId, View};
use crate::lang::lower::Annotation;
use crate::model::{ArgKind, ElemType, ReturnKind};

/// Functions of the language: a call of one is never another kernel's.
const LANGUAGE_FNS: &[&str] = &[
    "zeros",
    "ones",
    "empty",
    "full",
    "arange",
    "copy",
    "zeros_like",
    "ones_like",
    "empty_like",
    "full_like",
    "any",
    "all",
    "count_nonzero",
    "range",
    "prange",
    "select",
    "len",
    "max",
    "min",
];

/// `true` if `path` names a function of the language (or one it lacks yet, or a
/// misspelt one): a call of it is never another kernel's.
pub(super) fn is_language_fn(path: &syn::Path) -> bool {
    path.get_ident().is_some_and(|i| {
        let name = i.to_string();
        LANGUAGE_FNS.contains(&name.as_str()) || crate::lang::lower::is_language_fn(&name)
    })
}

impl Lower<'_> {
    /// The callee of `c` when it is a kernel known to write a `&mut` array.
    pub(super) fn writing_callee(&self, c: &syn::ExprCall) -> Option<(syn::Path, CalleeSig)> {
        let syn::Expr::Path(p) = &*c.func else {
            return None;
        };
        match self.known.get(&path_key(&p.path)) {
            Some(CalleeInfo::Kernel(sig)) if sig.args.iter().any(|a| a.0 == ArgKind::ArrayMut) => {
                Some((p.path.clone(), sig.clone()))
            }
            _ => None,
        }
    }

    /// `f(args);`: a call of a kernel that writes arrays. `None` when `c` is not a call
    /// of another kernel with arrays (nothing lowered); `Some(None)` after an error, or
    /// while its signature is asked for.
    pub(super) fn call_stmt(
        &mut self,
        c: &syn::ExprCall,
        out: &mut Block,
    ) -> Option<Option<StmtKind>> {
        let syn::Expr::Path(p) = &*c.func else {
            return None;
        };
        if p.qself.is_some()
            || is_language_fn(&p.path)
            || !c.args.iter().any(|a| self.looks_like_array(a))
        {
            return None;
        }
        let name = path_key(&p.path);
        let sig = match self.known.get(&name) {
            None => {
                if !self.ask.iter().any(|q| path_key(q) == name) {
                    self.ask.push(p.path.clone());
                }
                return Some(None);
            }
            Some(CalleeInfo::Failed) => {
                self.callee_failed = true;
                return Some(None);
            }
            Some(CalleeInfo::Kernel(sig)) => sig.clone(),
        };
        if !sig.args.iter().any(|a| a.0 == ArgKind::ArrayMut) {
            self.error_at(
                c,
                format!(
                    "`{name}` writes none of its arguments, so this call does nothing: bind its \
                     value with `let`"
                ),
            );
            return Some(None);
        }
        let args = self.call_args(c, &name, &sig, out);
        Some(args.map(|args| StmtKind::CallKernel {
            path: p.path.clone(),
            args,
            result: None,
        }))
    }

    /// `let name = f(args);` of a kernel that writes arrays (`callee`): its result, a
    /// scalar or an array, bound to a new variable (`name`, `mut`, its annotation and
    /// span).
    pub(super) fn call_let(
        &mut self,
        (name, mutable, annot, span): (&syn::Ident, bool, Option<Annotation>, proc_macro2::Span),
        c: &syn::ExprCall,
        (path, sig): (syn::Path, CalleeSig),
        out: &mut Block,
    ) -> Option<StmtKind> {
        let callee = path_key(&path);
        let ty = match sig.ret {
            ReturnKind::Scalar(t) => Ty::Scalar(t),
            ReturnKind::Array(t) => Ty::Array {
                elem: t,
                writable: true,
            },
            ReturnKind::Void | ReturnKind::Tuple => {
                let what = if sig.ret == ReturnKind::Void {
                    format!("returns nothing: call it as a statement, `{callee}(..);`")
                } else {
                    "returns several values, which a `let` of one name cannot bind yet".to_owned()
                };
                self.error_at(
                    c,
                    format!("`{callee}` (signature `{}`) {what}", sig.signature),
                );
                return None;
            }
        };
        let matches = match (annot, ty) {
            (None, _) => true,
            (Some(Annotation::Scalar(a)), Ty::Scalar(t)) => a == t,
            (Some(Annotation::Array(a)), Ty::Array { elem, .. }) => a == elem,
            _ => false,
        };
        if !matches {
            self.error_at(
                c,
                format!(
                    "`{callee}` returns {} (signature `{}`), not the type annotated",
                    describe(ty),
                    sig.signature
                ),
            );
            return None;
        }
        let args = self.call_args(c, &callee, &sig, out)?;
        let var = self.declare(&name.to_string(), ty, mutable, span);
        Some(StmtKind::CallKernel {
            path,
            args,
            result: Some(var),
        })
    }

    /// The arguments of a call of kernel `callee`, one per parameter, checked; none of
    /// the arrays it writes passed twice.
    fn call_args(
        &mut self,
        c: &syn::ExprCall,
        callee: &str,
        sig: &CalleeSig,
        out: &mut Block,
    ) -> Option<Vec<CallArg>> {
        if c.args.len() != sig.args.len() {
            self.error_at(
                c,
                format!(
                    "`{callee}` takes {} arguments (its signature is `{}`), not {}",
                    sig.args.len(),
                    sig.signature,
                    c.args.len()
                ),
            );
            return None;
        }
        let mut args = Vec::new();
        for (k, (e, &(kind, elem))) in c.args.iter().zip(&sig.args).enumerate() {
            let param = Param {
                callee,
                nth: k + 1,
                kind,
                elem,
            };
            args.push(self.call_arg(e, &param, out));
        }
        let args: Vec<CallArg> = args.into_iter().collect::<Option<_>>()?;
        self.written_once(c, callee, &args).then_some(args)
    }

    /// One argument for parameter `param`.
    fn call_arg(&mut self, e: &syn::Expr, param: &Param<'_>, out: &mut Block) -> Option<CallArg> {
        let (callee, nth, elem) = (param.callee, param.nth, param.elem);
        let t = elem.rust_name();
        if param.kind == ArgKind::Scalar {
            if self.looks_like_array(e) {
                self.error_at(
                    e,
                    format!("argument {nth} of `{callee}` is a scalar `{t}`, but this is an array"),
                );
                return None;
            }
            let v = self.value(e, Some(elem), out)?;
            return Some(CallArg::Value(self.coerce(v, elem)));
        }
        let (arg, array) = match (param.kind, self.array_var(e)) {
            (ArgKind::ArrayMut, Some(v)) => {
                if !matches!(self.vars[v].ty, Ty::Array { writable: true, .. }) {
                    let name = &self.vars[v].name;
                    let have = self.vars[v].ty.elem().rust_name();
                    self.error_at(
                        e,
                        format!(
                            "`{name}` is read-only (`&[{have}]`) but `{callee}` writes its argument \
                             {nth}: pass a `&mut [{t}]` argument or a local array (`let mut t = \
                             zeros(n);`)"
                        ),
                    );
                    return None;
                }
                (CallArg::Write(v), v)
            }
            (ArgKind::ArrayMut, None) => {
                self.error_at(
                    e,
                    format!(
                        "`{callee}` writes its argument {nth} (`&mut [{t}]`): pass a writable array \
                         by its name (a `&mut` argument or a local array), not a view or an \
                         expression"
                    ),
                );
                return None;
            }
            (_, _) => {
                let h = self.read_arg(e, param, out)?;
                let v = h.var();
                (CallArg::Read(h), v)
            }
        };
        let have = self.vars[array].ty.elem();
        if have != elem {
            self.error_at(
                e,
                format!(
                    "argument {nth} of `{callee}` holds `{t}` but this array holds `{}`",
                    have.rust_name()
                ),
            );
            return None;
        }
        Some(arg)
    }

    /// An array argument the callee reads: a whole array by name, a view, or an array
    /// expression computed into a temporary first.
    fn read_arg(&mut self, e: &syn::Expr, param: &Param<'_>, out: &mut Block) -> Option<HelperArg> {
        if let Some(v) = self.array_var(e) {
            return Some(HelperArg::Var(v));
        }
        if let Some((array, range)) = self.view_of(strip(e)) {
            let (start, end) = self.view_bounds(&range)?;
            return Some(HelperArg::View(Box::new(View { array, start, end })));
        }
        if self.is_array_expression(e) {
            return self.array_let(e, None, out).map(HelperArg::Var);
        }
        let (callee, nth) = (param.callee, param.nth);
        self.error_at(
            e,
            format!(
                "argument {nth} of `{callee}` is an array (`&[{}]`), but `{}` is one value",
                param.elem.rust_name(),
                text(e)
            ),
        );
        None
    }

    /// `false` after reporting an array the callee writes that is also passed as another
    /// argument (the callee would read or write it through two names).
    fn written_once(&mut self, c: &syn::ExprCall, callee: &str, args: &[CallArg]) -> bool {
        let arrays: Vec<VarId> = args
            .iter()
            .filter_map(|a| match a {
                CallArg::Write(v) => Some(*v),
                CallArg::Read(h) => Some(h.var()),
                CallArg::Value(_) => None,
            })
            .collect();
        for a in args {
            let CallArg::Write(v) = a else { continue };
            if arrays.iter().filter(|&&w| w == *v).count() > 1 {
                let name = self.vars[*v].name.clone();
                self.error_at(
                    c,
                    format!(
                        "`{name}` is passed to `{callee}` twice, and `{callee}` writes it: pass a \
                         copy as the other argument (`let c = {name}.to_vec();`)"
                    ),
                );
                return false;
            }
        }
        true
    }

    /// The array variable `e` names, if it is one.
    fn array_var(&self, e: &syn::Expr) -> Option<VarId> {
        let syn::Expr::Path(p) = strip(e) else {
            return None;
        };
        let v = self.lookup(&p.path.get_ident()?.to_string())?;
        matches!(self.vars[v].ty, Ty::Array { .. }).then_some(v)
    }

    /// `true` if `e` is an array: a name of one, a view, or an array expression.
    fn looks_like_array(&self, e: &syn::Expr) -> bool {
        self.array_var(e).is_some()
            || self.view_of(strip(e)).is_some()
            || self.is_array_expression(e)
    }
}

/// A variable's type as Rust spells it: `f64`, `Vec<f64>`.
fn describe(ty: Ty) -> String {
    match ty {
        Ty::Scalar(t) => format!("`{}`", t.rust_name()),
        Ty::Array { elem, .. } => format!("`Vec<{}>`", elem.rust_name()),
    }
}

/// A parameter of a called kernel, for checks and messages.
struct Param<'a> {
    /// The callee's name as written.
    callee: &'a str,
    /// The parameter's position, from 1.
    nth: usize,
    kind: ArgKind,
    elem: ElemType,
}
