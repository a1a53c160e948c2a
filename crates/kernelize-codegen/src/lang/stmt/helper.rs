//! Array expressions inside a body with statements (`let m = max(x);`,
//! `let e = exp(x - m);`, `sum(e)`, a call of another kernel with arrays): each is
//! compiled as a hidden kernel of its own, whose parameters are the variables it reads,
//! through the version-1 pipeline (fusion, SIMD tiers, the fixed reduction order), and
//! called where it is written, at the calling kernel's tier.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;

use super::{Lower, strip};
use crate::kir::{Expr, Helper, HelperArg, Ty, VarId, View};

/// A view found in an array expression: the array and its bounds.
type ViewBounds = (VarId, Option<Expr>, Option<Expr>);
use crate::lang::Lowered;
use crate::model::ElemType;

/// What an array expression gives: the helper, its arguments, and its value's type.
pub(super) struct HelperUse {
    pub helper: usize,
    pub args: Vec<HelperArg>,
    /// `true` for an array.
    pub array: bool,
    pub elem: ElemType,
}

impl Lower<'_> {
    /// `true` if `e` is an array expression: it reads an array whole (not only through
    /// `x[i]` or `len(x)`) and has no indexing or statements inside, so version 1 compiles it.
    pub(super) fn is_array_expression(&self, e: &syn::Expr) -> bool {
        let mut scan = Scan {
            cx: self,
            whole: false,
            other: false,
        };
        scan.visit_expr(e);
        scan.whole && !scan.other
    }

    /// Compiles array expression `e` as a hidden kernel; `None` after reporting why not
    /// (or when a callee's signature must be asked first).
    pub(super) fn helper(&mut self, e: &syn::Expr) -> Option<HelperUse> {
        let mut e = e.clone();
        let views = self.take_views(&mut e)?;
        let vars = self.free_vars(&e);
        let names = self.view_names(&views, &vars);
        rename(&mut e, &names);
        let e = &e;
        let mut params: Vec<TokenStream> = vars.iter().map(|&v| self.param(v, e.span())).collect();
        let mut args: Vec<HelperArg> = vars.into_iter().map(HelperArg::Var).collect();
        for ((array, start, end), name) in views.into_iter().zip(names) {
            let t = format_ident!("{}", self.vars[array].ty.elem().rust_name());
            params.push(quote_spanned!(e.span()=> #name: &[#t]));
            args.push(HelperArg::View(Box::new(View { array, start, end })));
        }
        let name = format_ident!("__{}_expr{}", self.decl.func.sig.ident, self.helpers.len());
        let attr = self.helper_attr();
        let probe: syn::ItemFn = syn::parse_quote!(fn #name(#(#params),*) { #e });
        let probe = crate::check::analyze(attr.clone(), &probe).ok()?;
        let (array, elem) = match crate::lang::value_of(&probe, self.known) {
            Ok(found) => found,
            Err(outcome) => return self.failed(outcome),
        };
        let t = format_ident!("{}", elem.rust_name());
        let ret = if array {
            quote!(-> ::std::vec::Vec<#t>)
        } else {
            quote!(-> #t)
        };
        let func: syn::ItemFn = syn::parse_quote!(fn #name(#(#params),*) #ret { #e });
        let decl = match crate::check::analyze(attr, &func) {
            Ok(decl) => decl,
            Err(err) => return self.failed(Lowered::Error(err)),
        };
        let body = match crate::lang::lower(&decl, self.known) {
            Lowered::Body(body) => *body,
            other => return self.failed(other),
        };
        self.helpers.push(Helper { name, decl, body });
        Some(HelperUse {
            helper: self.helpers.len() - 1,
            args,
            array,
            elem,
        })
    }

    /// Records why a helper could not be compiled.
    fn failed(&mut self, outcome: Lowered) -> Option<HelperUse> {
        match outcome {
            Lowered::Ask(paths) => {
                for p in paths {
                    let key = crate::callee::path_key(&p);
                    if !self.ask.iter().any(|q| crate::callee::path_key(q) == key) {
                        self.ask.push(p);
                    }
                }
            }
            Lowered::CalleeFailed => self.callee_failed = true,
            Lowered::Error(err) => match &mut self.errors {
                Some(all) => all.combine(err),
                None => self.errors = Some(err),
            },
            Lowered::Body(_) => {}
        }
        None
    }

    /// Replaces each view `x[a..b]` of an array in `e` by a parameter `__view<k>`; the
    /// views in order, their bounds lowered here (where the loop variables are).
    fn take_views(&mut self, e: &mut syn::Expr) -> Option<Vec<ViewBounds>> {
        struct Views<'a, 'b> {
            cx: &'a mut Lower<'b>,
            found: Vec<ViewBounds>,
            failed: bool,
        }
        impl syn::visit_mut::VisitMut for Views<'_, '_> {
            fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
                let Some((array, range)) = self.cx.view_of(e) else {
                    return syn::visit_mut::visit_expr_mut(self, e);
                };
                match self.cx.view_bounds(&range) {
                    Some((start, end)) => self.found.push((array, start, end)),
                    None => self.failed = true,
                }
                let name = format_ident!("__view{}", self.found.len().saturating_sub(1));
                *e = syn::parse_quote!(#name);
            }
        }
        let mut views = Views {
            cx: self,
            found: Vec::new(),
            failed: false,
        };
        syn::visit_mut::VisitMut::visit_expr_mut(&mut views, e);
        (!views.failed).then_some(views.found)
    }

    /// A view's bounds as `usize`s (`None` for a missing end; an inclusive end made
    /// exclusive), lowered where the view is written.
    pub(super) fn view_bounds(
        &mut self,
        range: &syn::ExprRange,
    ) -> Option<(Option<Expr>, Option<Expr>)> {
        let mut bound = |b: &Option<Box<syn::Expr>>| match b {
            Some(b) => self
                .expr(b, Some(ElemType::Usize))
                .map(|v| Some(self.coerce(v, ElemType::Usize))),
            None => Some(None),
        };
        let start = bound(&range.start);
        let end = bound(&range.end);
        let (start, mut end) = (start?, end?);
        if let (Some(b), syn::RangeLimits::Closed(_)) = (end.clone(), &range.limits) {
            end = Some(super::expr::plus_one(b));
        }
        Some((start, end))
    }

    /// `x[a..b]` of an array `x`: the array and the range.
    pub(super) fn view_of(&self, e: &syn::Expr) -> Option<(VarId, syn::ExprRange)> {
        let syn::Expr::Index(ix) = e else {
            return None;
        };
        let syn::Expr::Range(r) = strip(&ix.index) else {
            return None;
        };
        let syn::Expr::Path(p) = strip(&ix.expr) else {
            return None;
        };
        let v = self.lookup(&p.path.get_ident()?.to_string())?;
        matches!(self.vars[v].ty, Ty::Array { .. }).then(|| (v, r.clone()))
    }

    /// The parameter name of each view: its array's name where no other parameter has
    /// it (so a run-time message says `out`), else `<name>_view<k>`.
    fn view_names(&self, views: &[ViewBounds], vars: &[VarId]) -> Vec<syn::Ident> {
        let mut taken: Vec<String> = vars.iter().map(|&v| self.vars[v].name.clone()).collect();
        let mut names = Vec::new();
        for (k, (array, _, _)) in views.iter().enumerate() {
            let base = &self.vars[*array].name;
            let name = if taken.contains(base) {
                format!("{base}_view{k}")
            } else {
                base.clone()
            };
            taken.push(name.clone());
            names.push(format_ident!("{}", name));
        }
        names
    }

    /// The hidden kernel's attribute: the calling kernel's options that change code.
    fn helper_attr(&self) -> TokenStream {
        let o = &self.decl.options;
        let parallel = o.parallel.then(|| quote!(parallel,));
        let fastmath = o.fastmath.then(|| quote!(fastmath,));
        quote!(#parallel #fastmath)
    }

    /// `name: type` for variable `v` as a hidden kernel's parameter.
    fn param(&self, v: VarId, span: proc_macro2::Span) -> TokenStream {
        let var = &self.vars[v];
        let name = syn::Ident::new(&var.name, var.span);
        match var.ty {
            Ty::Scalar(t) => {
                let t = syn::Ident::new(t.rust_name(), span);
                quote_spanned!(span=> #name: #t)
            }
            Ty::Array { elem, .. } => {
                let t = syn::Ident::new(elem.rust_name(), span);
                quote_spanned!(span=> #name: &[#t])
            }
        }
    }

    /// The variables `e` reads, in order of first use.
    fn free_vars(&self, e: &syn::Expr) -> Vec<VarId> {
        struct Names<'a, 'b> {
            cx: &'a Lower<'b>,
            found: Vec<VarId>,
        }
        impl<'ast> Visit<'ast> for Names<'_, '_> {
            fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
                if let Some(ident) = p.path.get_ident()
                    && let Some(v) = self.cx.lookup(&ident.to_string())
                    && !self.found.contains(&v)
                {
                    self.found.push(v);
                }
            }
        }
        let mut names = Names {
            cx: self,
            found: Vec::new(),
        };
        names.visit_expr(e);
        names.found
    }
}

/// Looks for whole-array reads and for what version 1 does not compile.
struct Scan<'a, 'b> {
    cx: &'a Lower<'b>,
    /// An array is read whole.
    whole: bool,
    /// Indexing, a block, an `if` or another statement construct is inside.
    other: bool,
}

impl<'ast> Visit<'ast> for Scan<'_, '_> {
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        if self.cx.view_of(e).is_some() {
            self.whole = true;
            return;
        }
        match e {
            syn::Expr::Index(_)
            | syn::Expr::If(_)
            | syn::Expr::Block(_)
            | syn::Expr::Assign(_)
            | syn::Expr::ForLoop(_)
            | syn::Expr::While(_)
            | syn::Expr::Loop(_) => self.other = true,
            syn::Expr::Call(c) if is_len_call(c) => {}
            syn::Expr::MethodCall(m) if m.method == "len" && m.args.is_empty() => {}
            syn::Expr::Path(p) => {
                if let Some(ident) = p.path.get_ident()
                    && let Some(v) = self.cx.lookup(&ident.to_string())
                    && matches!(self.cx.vars[v].ty, Ty::Array { .. })
                {
                    self.whole = true;
                }
            }
            other => syn::visit::visit_expr(self, other),
        }
    }
}

/// `len(a)`.
fn is_len_call(c: &syn::ExprCall) -> bool {
    matches!(strip(&c.func), syn::Expr::Path(p) if p.path.is_ident("len")) && c.args.len() == 1
}

/// Renames the placeholders `__view<k>` in `e` to `names[k]`.
fn rename(e: &mut syn::Expr, names: &[syn::Ident]) {
    struct Rename<'a>(&'a [syn::Ident]);
    impl syn::visit_mut::VisitMut for Rename<'_> {
        fn visit_expr_path_mut(&mut self, p: &mut syn::ExprPath) {
            let index = p
                .path
                .get_ident()
                .and_then(|i| i.to_string().strip_prefix("__view")?.parse::<usize>().ok());
            if let Some(name) = index.and_then(|k| self.0.get(k)) {
                p.path = name.clone().into();
            }
        }
    }
    syn::visit_mut::VisitMut::visit_expr_mut(&mut Rename(names), e);
}
