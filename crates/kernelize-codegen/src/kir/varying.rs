//! Which values of a `prange` body differ from lane to lane (varying) and which are the
//! same for a whole vector of iterations (uniform), and whether the body can run on
//! lanes at all.
//!
//! The loop index is varying; so is every local whose value reads a varying value or
//! that is assigned under a varying condition; the rest is uniform, computed once per
//! vector by the one-at-a-time code and broadcast. A body runs on lanes when every
//! varying value is a float of one type (the vector's), a `bool` (a mask) or a `usize`
//! (one per lane, computed lane by lane: a histogram's bin), every varying index is the
//! loop index plus or minus a uniform offset (a vector load) or another `usize` (a
//! gather), writes are at the loop's own index or into an array the loop reduces into
//! (a scatter), calls take and give such values (called lane by lane), and its
//! statements are lets, assignments, reductions, `if`s, inner `for` loops with uniform
//! bounds, `while` loops and the loop's own `continue`. Anything else runs one iteration
//! at a time, which is always correct.

use std::collections::HashSet;

use super::{BinOp, Block, Expr, ExprKind, Kernel, Loop, Order, ReduceOp, StmtKind, VarId};
use crate::model::ElemType;

/// What the lane compiler needs to know about one `prange`.
pub(crate) struct Lanes {
    /// The float type of the vectors.
    pub elem: ElemType,
    /// The varying variables (the loop index and locals).
    pub varying: HashSet<VarId>,
    /// The `prange`'s index.
    pub index: VarId,
}

/// The analysis of `lp`, or why its body runs one iteration at a time.
pub(crate) fn analyse(k: &Kernel, lp: &Loop) -> Result<Lanes, String> {
    let reduced: Vec<VarId> = lp.reductions.iter().map(|r| r.var).collect();
    let varying = varying_vars(&lp.body, lp.index, &reduced);
    let mut check = Check {
        k,
        lanes: Lanes {
            elem: ElemType::Bool,
            varying,
            index: lp.index,
        },
        reduced,
        arrays: lp.array_reductions.iter().map(|r| r.var).collect(),
        why: None,
    };
    for r in &lp.reductions {
        let var = k.var(r.var);
        check.float(var.ty.elem(), &var.name);
        if !matches!(
            r.op,
            ReduceOp::Add
                | ReduceOp::Mul
                | ReduceOp::Max
                | ReduceOp::Min
                | ReduceOp::OnlineExpSum { .. }
        ) || matches!(r.combine, BinOp::RustMax | BinOp::RustMin)
        {
            check.fail(format!("the reduction of `{}`", var.name));
        }
    }
    check.block(&lp.body, false, 0);
    if check.why.is_none() && !check.lanes.elem.is_float() {
        check.fail("it computes no float on lanes".to_owned());
    }
    match check.why {
        Some(why) => Err(why),
        None => Ok(check.lanes),
    }
}

/// The loop index and the locals that vary from lane to lane, to a fixed point.
fn varying_vars(body: &Block, index: VarId, reduced: &[VarId]) -> HashSet<VarId> {
    let mut varying = HashSet::from([index]);
    loop {
        let before = varying.len();
        mark(body, false, reduced, &mut varying);
        if varying.len() == before {
            return varying;
        }
    }
}

/// One round of [`varying_vars`]: `under` when the block runs under a varying condition.
fn mark(b: &Block, under: bool, reduced: &[VarId], varying: &mut HashSet<VarId>) {
    for s in b {
        match &s.kind {
            StmtKind::Let {
                var,
                value: Some(value),
            }
            | StmtKind::Assign { var, value }
                if !reduced.contains(var) && (under || reads_any(value, varying)) =>
            {
                varying.insert(*var);
            }
            StmtKind::Let { var, value: None } if under => {
                varying.insert(*var);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let under = under || reads_any(cond, varying);
                mark(then, under, reduced, varying);
                mark(otherwise, under, reduced, varying);
            }
            StmtKind::Loop(inner) => mark(&inner.body, under, reduced, varying),
            StmtKind::While { cond, body } => {
                mark(body, under || reads_any(cond, varying), reduced, varying)
            }
            _ => {}
        }
    }
}

/// The variables a block declares (its lets and inner loops' indices, at any depth).
pub(crate) fn declared_in(b: &Block) -> HashSet<VarId> {
    fn walk(b: &Block, out: &mut HashSet<VarId>) {
        for s in b {
            match &s.kind {
                StmtKind::Let { var, .. }
                | StmtKind::Alloc { var, .. }
                | StmtKind::LetArray { var, .. } => {
                    out.insert(*var);
                }
                StmtKind::If {
                    then, otherwise, ..
                } => {
                    walk(then, out);
                    walk(otherwise, out);
                }
                StmtKind::Loop(inner) => {
                    out.insert(inner.index);
                    walk(&inner.body, out);
                }
                StmtKind::While { body, .. } => walk(body, out),
                _ => {}
            }
        }
    }
    let mut out = HashSet::new();
    walk(b, &mut out);
    out
}

/// `true` if `e` reads one of `vars` (directly or through an index).
pub(crate) fn reads_any(e: &Expr, vars: &HashSet<VarId>) -> bool {
    e.reads_where(&|v| vars.contains(&v))
}

/// A varying index `i + offset` (or `i - offset`): the loop index and a uniform offset.
pub(crate) enum Offset<'a> {
    /// `i`
    None,
    /// `i + e` or `e + i`
    Plus(&'a Expr),
    /// `i - e`
    Minus(&'a Expr),
}

/// A varying index other than `i ± c`, loaded lane by lane: `from as usize` plus or minus
/// a uniform offset (a lookup `x[k[i] as usize]`, a bin `x[(v[i] * s) as usize + 1]`).
pub(crate) struct Gather<'a> {
    /// The float value cast to `usize`.
    pub from: &'a Expr,
    /// `Some((plus, c))` for `+ c` or `- c`.
    pub offset: Option<(bool, &'a Expr)>,
}

impl Lanes {
    /// `index` as a gather's index, if it is one.
    pub fn gather<'a>(&self, index: &'a Expr) -> Option<Gather<'a>> {
        let cast = |e: &'a Expr| match &e.kind {
            ExprKind::Cast(a) if a.ty.is_float() && !self.uniform(a) => Some(&**a),
            _ => None,
        };
        if let Some(from) = cast(index) {
            return Some(Gather { from, offset: None });
        }
        match &index.kind {
            ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub), a, b) if self.uniform(b) => {
                let from = cast(a)?;
                Some(Gather {
                    from,
                    offset: Some((*op == BinOp::Add, &**b)),
                })
            }
            _ => None,
        }
    }

    /// A comparison of the loop index (`i ± c`) with a uniform value: `Some(true)` when
    /// the index is on the left.
    pub fn index_compare(&self, a: &Expr, b: &Expr) -> Option<bool> {
        let index = |x: &Expr| !self.uniform(x) && self.offset(x).is_some();
        if index(a) && self.uniform(b) {
            Some(true)
        } else if index(b) && self.uniform(a) {
            Some(false)
        } else {
            None
        }
    }

    /// `true` if `e` is the same in every lane.
    pub fn uniform(&self, e: &Expr) -> bool {
        !reads_any(e, &self.varying)
    }

    /// `e` as the loop index plus or minus a uniform offset, if it is one.
    pub fn offset<'a>(&self, e: &'a Expr) -> Option<Offset<'a>> {
        let is_index = |x: &Expr| matches!(x.kind, ExprKind::Var(v) if v == self.index);
        match &e.kind {
            _ if is_index(e) => Some(Offset::None),
            ExprKind::Binary(BinOp::Add, a, b) if is_index(a) && self.uniform(b) => {
                Some(Offset::Plus(b))
            }
            ExprKind::Binary(BinOp::Add, a, b) if is_index(b) && self.uniform(a) => {
                Some(Offset::Plus(a))
            }
            ExprKind::Binary(BinOp::Sub, a, b) if is_index(a) && self.uniform(b) => {
                Some(Offset::Minus(b))
            }
            _ => None,
        }
    }
}

/// `true` if `body` has a `continue` of the loop itself (not of an inner loop).
pub(crate) fn continues(body: &Block) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::Continue => true,
        StmtKind::If {
            then, otherwise, ..
        } => continues(then) || continues(otherwise),
        _ => false,
    })
}

/// The walk deciding whether a body runs on lanes: `why` holds the first reason it
/// cannot.
struct Check<'a> {
    k: &'a Kernel,
    lanes: Lanes,
    reduced: Vec<VarId>,
    /// The arrays the loop reduces into (`hist[k] += e`).
    arrays: Vec<VarId>,
    why: Option<String>,
}

impl Check<'_> {
    /// Records the first reason the body cannot run on lanes.
    fn fail(&mut self, why: String) {
        self.why.get_or_insert(why);
    }

    /// Notes a varying float of type `ty` (`what` in messages): every one must share the
    /// vectors' type.
    fn float(&mut self, ty: ElemType, what: &str) {
        if !ty.is_float() {
            self.fail(format!("`{what}` is a varying {}", ty.rust_name()));
        } else if self.lanes.elem == ElemType::Bool {
            self.lanes.elem = ty;
        } else if self.lanes.elem != ty {
            self.fail(format!("`{what}` mixes `f32` and `f64` lanes"));
        }
    }

    /// Notes a varying value: a float of the vectors' type, a mask or a `usize` (lane by
    /// lane).
    fn value(&mut self, ty: ElemType, what: &str) {
        if !matches!(ty, ElemType::Bool | ElemType::Usize) {
            self.float(ty, what);
        }
    }

    /// `under`: the block runs under a varying condition; `depth`: inner loops around it.
    fn block(&mut self, b: &Block, under: bool, depth: usize) {
        for s in b {
            self.stmt(s, under, depth);
        }
    }

    fn stmt(&mut self, s: &crate::kir::Stmt, under: bool, depth: usize) {
        match &s.kind {
            StmtKind::Let { var, value } => {
                if self.lanes.varying.contains(var) {
                    let v = self.k.var(*var);
                    self.value(v.ty.elem(), &v.name);
                }
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::Assign { var, value } if self.reduced.contains(var) => {
                self.reduction(*var, value)
            }
            StmtKind::Assign { var, value } => {
                if self.lanes.varying.contains(var) {
                    let v = self.k.var(*var);
                    self.value(v.ty.elem(), &v.name);
                }
                self.expr(value);
            }
            StmtKind::Store {
                array,
                index,
                value,
            } if self.arrays.contains(array) => self.scatter(*array, index, value),
            StmtKind::Store { index, value, .. } => {
                if !matches!(index.kind, ExprKind::Var(v) if v == self.lanes.index) {
                    self.fail(format!("the store at `{}`", index.text));
                }
                self.float(value.ty, &value.text);
                self.expr(value);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond);
                let under = under || !self.lanes.uniform(cond);
                self.block(then, under, depth);
                self.block(otherwise, under, depth);
            }
            StmtKind::Loop(inner) => self.inner_loop(inner, under, depth),
            StmtKind::Break | StmtKind::Continue if !under && depth > 0 => {}
            // The `prange`'s own `continue`: its lanes leave the rest of the body.
            StmtKind::Continue if depth == 0 => {}
            StmtKind::Break | StmtKind::Continue => self.fail(
                "`break` or `continue` of an inner loop under a varying condition".to_owned(),
            ),
            StmtKind::While { cond, body } => {
                self.expr(cond);
                let under = under || !self.lanes.uniform(cond);
                self.block(body, under, depth + 1);
            }
            _ => self.fail("a local array or an array statement".to_owned()),
        }
    }

    /// An update of a reduction variable: `s op= e`.
    fn reduction(&mut self, var: VarId, value: &Expr) {
        let e = crate::kir::races::reduced_value(var, value);
        self.float(e.ty, &e.text);
        self.expr(e);
    }

    /// `hist[k] op= e` into an array the loop reduces into: at any index, lane by lane.
    fn scatter(&mut self, array: VarId, index: &Expr, value: &Expr) {
        let Some((e, _)) = scattered(array, value) else {
            return self.fail(format!("the update `{}`", value.text));
        };
        for x in [index, e] {
            if !self.lanes.uniform(x) {
                self.value(x.ty, &x.text);
                self.expr(x);
            }
        }
    }

    /// An inner loop: in order, its bounds uniform.
    fn inner_loop(&mut self, inner: &Loop, under: bool, depth: usize) {
        let d = &inner.domain;
        let bounds = [Some(&d.start), Some(&d.end), d.step.as_ref()];
        if inner.order != Order::InOrder {
            self.fail("a nested `prange`".to_owned());
        }
        if let Some(b) = bounds
            .into_iter()
            .flatten()
            .find(|b| !self.lanes.uniform(b))
        {
            self.fail(format!("an inner loop's bound `{}` varies", b.text));
        }
        self.block(&inner.body, under, depth + 1);
    }

    /// Whether `e` can be computed on lanes.
    fn expr(&mut self, e: &Expr) {
        if self.why.is_some() || self.lanes.uniform(e) {
            return;
        }
        match &e.kind {
            // A variable's type was checked where it was declared; the loop index as a
            // value is a `usize` per lane.
            ExprKind::Var(_) => {}
            ExprKind::Load { index, .. } => {
                self.float(e.ty, &e.text);
                if self.lanes.offset(index).is_some() {
                    return;
                }
                match self.lanes.gather(index) {
                    Some(g) => self.expr(g.from),
                    None => self.expr(index),
                }
            }
            ExprKind::Binary(_, a, b) if e.ty == ElemType::Usize => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Unary(_, a) => {
                self.float(e.ty, &e.text);
                self.expr(a);
            }
            ExprKind::Binary(op, a, b) => {
                self.float(e.ty, &e.text);
                if !on_lanes(*op) {
                    self.fail(format!("`{}` has no lane form yet", e.text));
                }
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Compare(_, a, b) => self.compare(a, b),
            ExprKind::Not(a) if e.ty == ElemType::Bool => self.expr(a),
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Cast(a) => self.cast(e, a),
            ExprKind::Select(c, a, b) => {
                self.value(e.ty, &e.text);
                self.expr(c);
                self.expr(a);
                self.expr(b);
            }
            ExprKind::MulAdd(a, b, c) => {
                self.float(e.ty, &e.text);
                [a, b, c].into_iter().for_each(|x| self.expr(x));
            }
            ExprKind::RustCall(_, args) => {
                self.value(e.ty, &e.text);
                for a in args {
                    if !self.lanes.uniform(a) {
                        self.value(a.ty, &a.text);
                        self.expr(a);
                    }
                }
            }
            _ => self.fail(format!("`{}` has no lane form yet", e.text)),
        }
    }

    /// A comparison of two floats or two `usize`s, or of the index (`i ± c`) with a
    /// uniform value.
    fn compare(&mut self, a: &Expr, b: &Expr) {
        if self.lanes.index_compare(a, b).is_some() {
            return;
        }
        if a.ty != ElemType::Usize {
            self.float(a.ty, &a.text);
        }
        self.expr(a);
        self.expr(b);
    }

    /// `a as T`: a `usize` from a float of the vectors' type, a `bool` or a `usize`; a
    /// float from the index, a `bool`, a `usize` or the same float type.
    fn cast(&mut self, e: &Expr, a: &Expr) {
        if e.ty == ElemType::Usize {
            if !matches!(a.ty, ElemType::Usize | ElemType::Bool) {
                self.float(a.ty, &a.text);
            }
            return self.expr(a);
        }
        self.float(e.ty, &e.text);
        if self.lanes.offset(a).is_some() {
            return;
        }
        if a.ty != e.ty && !matches!(a.ty, ElemType::Bool | ElemType::Usize) {
            self.fail(format!("the cast `{}`", e.text));
        }
        self.expr(a);
    }
}

/// The reduced value `e` of an update `hist[k] op e` (or `e op hist[k]`) of the array
/// `array`, and `true` when the element comes first.
pub(crate) fn scattered(array: VarId, value: &Expr) -> Option<(&Expr, bool)> {
    let ExprKind::Binary(_, a, b) = &value.kind else {
        return None;
    };
    let element = |x: &Expr| matches!(x.kind, ExprKind::Load { array: y, .. } if y == array);
    if element(a) {
        Some((b, true))
    } else if element(b) {
        Some((a, false))
    } else {
        None
    }
}

/// `true` for the operators with a lane form.
fn on_lanes(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Add
            | BinOp::Sub
            | BinOp::Mul
            | BinOp::Div
            | BinOp::PyMax
            | BinOp::PyMin
            | BinOp::Maximum
            | BinOp::Minimum
            | BinOp::Power
    )
}
