//! The verifier: the invariants of [`super`] checked on a lowered kernel. A failure is
//! the compiler's bug, never the user's, and says which invariant broke where.

use super::{Block, CallArg, Expr, ExprKind, Kernel, Order, ResultTy, Stmt, StmtKind, Ty, VarId};
use crate::model::ElemType;

/// Checks `kernel`; `Err` names the first broken invariant.
pub fn verify(kernel: &Kernel) -> Result<(), String> {
    let mut v = Verifier {
        kernel,
        in_scope: vec![false; kernel.vars.len()],
        depth: vec![0; kernel.vars.len()],
        loops: Vec::new(),
    };
    for p in 0..kernel.params {
        v.in_scope[p] = true;
    }
    v.block(&kernel.body)
}

struct Verifier<'a> {
    kernel: &'a Kernel,
    /// Declared and visible at this point.
    in_scope: Vec<bool>,
    /// The number of loops around each variable's declaration.
    depth: Vec<usize>,
    /// The enclosing loops' orders and reduction variables, innermost last.
    loops: Vec<(Order, Vec<VarId>)>,
}

impl Verifier<'_> {
    fn block(&mut self, block: &Block) -> Result<(), String> {
        let saved = self.in_scope.clone();
        for stmt in block {
            self.stmt(stmt)?;
        }
        self.in_scope = saved;
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::Let { .. }
            | StmtKind::Alloc { .. }
            | StmtKind::LetArray { .. }
            | StmtKind::Output { .. } => self.declaration(stmt),
            StmtKind::Check(check) => check
                .exprs()
                .into_iter()
                .try_for_each(|e| self.expect(e, ElemType::Usize)),
            StmtKind::Assign { .. } | StmtKind::Store { .. } | StmtKind::CopyInto { .. } => {
                self.write(stmt)
            }
            StmtKind::Return(_) | StmtKind::ReturnTuple(_) => self.ret(stmt),
            StmtKind::CallKernel { args, result, .. } => self.call(args, *result),
            _ => self.control(stmt),
        }
    }

    /// A declaration: its value's type, then the variable in scope.
    fn declaration(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::Let { var, value } => {
                if let Some(value) = value {
                    self.expect(value, self.scalar_ty(*var)?)?;
                }
                self.declare(*var);
            }
            StmtKind::Alloc { var, len, fill } => {
                let Ty::Array { elem, writable } = self.kernel.var(*var).ty else {
                    return Err(format!("`{}` allocated but not an array", self.name(*var)));
                };
                if !writable {
                    return Err("a local array must be writable".into());
                }
                self.expect(len, ElemType::Usize)?;
                self.expect(fill, elem)?;
                self.declare(*var);
            }
            StmtKind::Output { var, len } => {
                if !matches!(self.kernel.var(*var).ty, Ty::Array { writable: true, .. }) {
                    return Err(format!(
                        "the output `{}` is not a writable array",
                        self.name(*var)
                    ));
                }
                self.expect(len, ElemType::Usize)?;
                self.declare(*var);
            }
            StmtKind::LetArray { var, helper, args } => {
                if *helper >= self.kernel.helpers.len() {
                    return Err(format!("`{}` from a missing helper", self.name(*var)));
                }
                for a in args {
                    self.visible(a.var())?;
                    a.bounds()
                        .try_for_each(|b| self.expect(b, ElemType::Usize))?;
                }
                if !matches!(self.kernel.var(*var).ty, Ty::Array { .. }) {
                    return Err(format!("`{}` holds an array expression", self.name(*var)));
                }
                self.declare(*var);
            }
            _ => unreachable!("dispatched by `stmt`"),
        }
        Ok(())
    }

    /// A write: to something visible, mutable, of the value's type.
    fn write(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::Assign { var, value } => {
                self.visible(*var)?;
                if !self.kernel.var(*var).mutable {
                    return Err(format!("`{}` assigned but not `mut`", self.name(*var)));
                }
                self.outer_write_is_reduction(*var)?;
                self.expect(value, self.scalar_ty(*var)?)?;
            }
            StmtKind::Store {
                array,
                index,
                value,
            } => {
                self.visible(*array)?;
                let Ty::Array { elem, writable } = self.kernel.var(*array).ty else {
                    return Err(format!("store into the scalar `{}`", self.name(*array)));
                };
                if !writable {
                    return Err(format!("store into read-only `{}`", self.name(*array)));
                }
                self.expect(index, ElemType::Usize)?;
                self.expect(value, elem)?;
            }
            StmtKind::CopyInto { view, from } => {
                self.visible(view.array)?;
                self.visible(*from)?;
                if !matches!(
                    self.kernel.var(view.array).ty,
                    Ty::Array { writable: true, .. }
                ) {
                    return Err(format!("copy into read-only `{}`", self.name(view.array)));
                }
                for b in [&view.start, &view.end].into_iter().flatten() {
                    self.expect(b, ElemType::Usize)?;
                }
            }
            _ => unreachable!("dispatched by `stmt`"),
        }
        Ok(())
    }

    /// Control flow: conditions are `bool`s, jumps are inside loops.
    fn control(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expect(cond, ElemType::Bool)?;
                self.block(then)?;
                self.block(otherwise)?;
            }
            StmtKind::Loop(lp) => {
                let d = &lp.domain;
                self.expect(&d.start, ElemType::Usize)?;
                self.expect(&d.end, ElemType::Usize)?;
                if let Some(step) = &d.step {
                    self.expect(step, ElemType::Usize)?;
                }
                if lp.order == Order::InOrder && !lp.reductions.is_empty() {
                    return Err("a `for` loop with reductions".into());
                }
                self.declare(lp.index);
                self.depth[lp.index] += 1;
                let reduced = lp.reductions.iter().map(|r| r.var).collect();
                self.loops.push((lp.order, reduced));
                self.block(&lp.body)?;
                self.loops.pop();
                self.in_scope[lp.index] = false;
            }
            StmtKind::While { cond, body } => {
                self.expect(cond, ElemType::Bool)?;
                self.loops.push((Order::InOrder, Vec::new()));
                self.block(body)?;
                self.loops.pop();
            }
            StmtKind::Break => match self.loops.last() {
                Some((Order::InOrder, _)) => {}
                Some((Order::Independent, _)) => return Err("`break` in a `prange` body".into()),
                None => return Err("`break` outside a loop".into()),
            },
            StmtKind::Continue => {
                if self.loops.is_empty() {
                    return Err("`continue` outside a loop".into());
                }
            }
            _ => unreachable!("dispatched by `stmt`"),
        }
        Ok(())
    }

    /// A call of another kernel: its arguments visible, arrays where arrays go (writable
    /// ones where it writes), then its result's variable in scope.
    fn call(&mut self, args: &[CallArg], result: Option<VarId>) -> Result<(), String> {
        for a in args {
            match a {
                CallArg::Value(e) => self.expect(e, e.ty)?,
                CallArg::Read(h) => {
                    self.visible(h.var())?;
                    if !matches!(self.kernel.var(h.var()).ty, Ty::Array { .. }) {
                        return Err(format!(
                            "the scalar `{}` passed as an array",
                            self.name(h.var())
                        ));
                    }
                    h.bounds()
                        .try_for_each(|b| self.expect(b, ElemType::Usize))?;
                }
                CallArg::Write(v) => {
                    self.visible(*v)?;
                    if !matches!(self.kernel.var(*v).ty, Ty::Array { writable: true, .. }) {
                        return Err(format!(
                            "read-only `{}` passed to be written",
                            self.name(*v)
                        ));
                    }
                }
            }
        }
        if let Some(v) = result {
            self.declare(v);
        }
        Ok(())
    }

    /// A `return`: of the result's type, never inside a `prange`.
    fn ret(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::ReturnTuple(values) => {
                if self.loops.iter().any(|(o, _)| *o == Order::Independent) {
                    return Err("`return` in a `prange` body".into());
                }
                if values.len() != self.kernel.parts.len() {
                    return Err("a tuple `return` of the wrong length".into());
                }
                for (v, part) in values.iter().zip(&self.kernel.parts) {
                    match *part {
                        ResultTy::Scalar(t) => self.expect(v, t)?,
                        ResultTy::Array(t) => self.array_value(v, t)?,
                        _ => return Err("a tuple part that is not a scalar or an array".into()),
                    }
                }
            }
            StmtKind::Return(value) => {
                if self.loops.iter().any(|(o, _)| *o == Order::Independent) {
                    return Err("`return` in a `prange` body".into());
                }
                match (value, self.kernel.result) {
                    (None, ResultTy::Void) => {}
                    (Some(e), ResultTy::Scalar(t)) => self.expect(e, t)?,
                    (Some(e), ResultTy::Array(t)) => self.array_value(e, t)?,
                    _ => return Err("`return` does not match the result type".into()),
                }
            }
            _ => unreachable!("dispatched by `stmt`"),
        }
        Ok(())
    }

    /// A scalar assigned inside a `prange` body but declared outside it must be one of
    /// that loop's reductions.
    fn outer_write_is_reduction(&self, var: VarId) -> Result<(), String> {
        for (k, (order, reduced)) in self.loops.iter().enumerate() {
            if *order == Order::Independent && self.depth[var] <= k && !reduced.contains(&var) {
                return Err(format!(
                    "`{}` written in a `prange` body but not one of its reductions",
                    self.name(var)
                ));
            }
        }
        Ok(())
    }

    /// A returned array is an array variable of element type `t`.
    fn array_value(&self, e: &Expr, t: ElemType) -> Result<(), String> {
        match e.kind {
            ExprKind::Var(v) if matches!(self.kernel.var(v).ty, Ty::Array { elem, .. } if elem == t) => {
                self.visible(v)
            }
            _ => Err(format!("`{}` returned as an array", e.text)),
        }
    }

    fn declare(&mut self, var: VarId) {
        self.in_scope[var] = true;
        self.depth[var] = self.loops.len();
    }

    fn visible(&self, var: VarId) -> Result<(), String> {
        if self.in_scope[var] {
            Ok(())
        } else {
            Err(format!("`{}` used outside its scope", self.name(var)))
        }
    }

    fn scalar_ty(&self, var: VarId) -> Result<ElemType, String> {
        match self.kernel.var(var).ty {
            Ty::Scalar(t) => Ok(t),
            Ty::Array { .. } => Err(format!("`{}` used as a scalar", self.name(var))),
        }
    }

    fn name(&self, var: VarId) -> &str {
        &self.kernel.var(var).name
    }

    /// `e` is well formed and of type `t`.
    fn expect(&self, e: &Expr, t: ElemType) -> Result<(), String> {
        self.expr(e)?;
        if e.ty == t {
            Ok(())
        } else {
            Err(format!(
                "`{}` is `{}` where `{}` is needed",
                e.text,
                e.ty.rust_name(),
                t.rust_name()
            ))
        }
    }

    fn expr(&self, e: &Expr) -> Result<(), String> {
        crate::deeper(|| self.expr_inner(e))
    }

    fn expr_inner(&self, e: &Expr) -> Result<(), String> {
        match &e.kind {
            ExprKind::Literal(_) | ExprKind::Constant(_) => Ok(()),
            ExprKind::Var(v) => {
                self.visible(*v)?;
                self.expect_ty(e, self.scalar_ty(*v)?)
            }
            ExprKind::Load { array, index } => {
                self.visible(*array)?;
                self.expect(index, ElemType::Usize)?;
                self.expect_ty(e, self.kernel.var(*array).ty.elem())
            }
            ExprKind::Len(array) => {
                self.visible(*array)?;
                self.expect_ty(e, ElemType::Usize)
            }
            ExprKind::Unary(_, a) | ExprKind::Not(a) => self.expect(a, e.ty),
            ExprKind::Binary(_, a, b) => {
                self.expect(a, e.ty)?;
                self.expect(b, e.ty)
            }
            ExprKind::Compare(_, a, b) => {
                self.expect(b, a.ty)?;
                self.expr(a)?;
                self.expect_ty(e, ElemType::Bool)
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expect(a, ElemType::Bool)?;
                self.expect(b, ElemType::Bool)?;
                self.expect_ty(e, ElemType::Bool)
            }
            ExprKind::Cast(a) => self.expr(a),
            ExprKind::RustCall(_, args) => args.iter().try_for_each(|a| self.expr(a)),
            ExprKind::Helper { helper, args } => {
                if *helper >= self.kernel.helpers.len() {
                    return Err(format!("`{}` calls a missing helper", e.text));
                }
                for a in args {
                    self.visible(a.var())?;
                    a.bounds()
                        .try_for_each(|b| self.expect(b, ElemType::Usize))?;
                }
                Ok(())
            }
            ExprKind::Select(c, a, b) => {
                self.expect(c, ElemType::Bool)?;
                self.expect(a, e.ty)?;
                self.expect(b, e.ty)
            }
            ExprKind::MulAdd(a, b, c) => {
                if !e.ty.is_float() {
                    return Err(format!("`{}` fuses a multiply-add of non-floats", e.text));
                }
                [a, b, c].into_iter().try_for_each(|x| self.expect(x, e.ty))
            }
        }
    }

    fn expect_ty(&self, e: &Expr, t: ElemType) -> Result<(), String> {
        if e.ty == t {
            Ok(())
        } else {
            Err(format!(
                "`{}` typed `{}`, not `{}`",
                e.text,
                e.ty.rust_name(),
                t.rust_name()
            ))
        }
    }
}
