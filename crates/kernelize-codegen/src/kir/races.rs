//! `prange` bodies never race: each scalar a body writes that outlives an iteration must
//! be a reduction (`s += e`, `s *= e`, `s = max(s, e)`, ...; recorded in
//! [`Loop::reductions`]), and each array it writes must be written and read only at the
//! loop's own index. Anything else is an error naming both places.

use std::collections::HashSet;

use proc_macro2::Span;

use super::{
    BinOp, Block, CallArg, Expr, ExprKind, HelperArg, Kernel, Loop, Order, ReduceOp, Reduction,
    StmtKind, VarId,
};

/// Checks every `prange` loop of `kernel` and records its reductions.
pub fn check(kernel: &mut Kernel) -> syn::Result<()> {
    let names: Vec<String> = kernel.vars.iter().map(|v| v.name.clone()).collect();
    let mut errors: Option<syn::Error> = None;
    walk(&mut kernel.body, &names, &mut errors);
    errors.map_or(Ok(()), Err)
}

fn walk(block: &mut Block, names: &[String], errors: &mut Option<syn::Error>) {
    for stmt in block.iter_mut() {
        let span = stmt.span;
        match &mut stmt.kind {
            StmtKind::Loop(lp) => {
                if lp.order == Order::Independent {
                    match check_loop(lp, span, names) {
                        Ok((reductions, arrays)) => {
                            lp.reductions = reductions;
                            lp.array_reductions = arrays;
                        }
                        Err(e) => add(errors, e),
                    }
                }
                walk(&mut lp.body, names, errors);
            }
            StmtKind::While { body, .. } => walk(body, names, errors),
            StmtKind::If {
                then, otherwise, ..
            } => {
                walk(then, names, errors);
                walk(otherwise, names, errors);
            }
            _ => {}
        }
    }
}

fn add(errors: &mut Option<syn::Error>, e: syn::Error) {
    match errors {
        Some(all) => all.combine(e),
        None => *errors = Some(e),
    }
}

/// What a loop body touches.
#[derive(Default)]
struct Accesses<'a> {
    /// Variables declared inside (private to an iteration).
    declared: HashSet<VarId>,
    /// Scalar assignments: the variable, its new value, the statement's span.
    assigns: Vec<(VarId, &'a Expr, Span)>,
    /// Stores: the array, the index, the value, the statement's span.
    stores: Vec<(VarId, &'a Expr, &'a Expr, Span)>,
    /// Scalar reads: the variable and where.
    reads: Vec<(VarId, Span)>,
    /// Loads: the array, the index, where.
    loads: Vec<(VarId, &'a Expr, Span)>,
    /// Arrays read whole (by an array expression), and where.
    whole: Vec<(VarId, Span)>,
    /// Arrays written whole (`out[..] = e`), and where.
    whole_writes: Vec<(VarId, Span)>,
}

impl<'a> Accesses<'a> {
    fn block(&mut self, b: &'a Block) {
        for stmt in b {
            match &stmt.kind {
                StmtKind::Let { var, value } => {
                    self.declared.insert(*var);
                    value.iter().for_each(|v| self.expr(v));
                }
                StmtKind::Alloc { var, len, fill } => {
                    self.declared.insert(*var);
                    self.expr(len);
                    self.expr(fill);
                }
                StmtKind::Output { var, len } => {
                    self.declared.insert(*var);
                    self.expr(len);
                }
                StmtKind::Check(check) => check.exprs().into_iter().for_each(|e| self.expr(e)),
                StmtKind::Assign { var, value } => {
                    self.assigns.push((*var, value, stmt.span));
                    // A reduction's update reads its variable as part of the update, not
                    // as a read of a partial value: only its other operand counts.
                    match reduction_of(*var, value) {
                        Some(_) => self.expr(reduced_value(*var, value)),
                        None => self.expr(value),
                    }
                }
                StmtKind::Store {
                    array,
                    index,
                    value,
                } => {
                    self.stores.push((*array, index, value, stmt.span));
                    self.expr(index);
                    self.expr(value);
                }
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.expr(cond);
                    self.block(then);
                    self.block(otherwise);
                }
                StmtKind::Loop(lp) => {
                    self.declared.insert(lp.index);
                    self.expr(&lp.domain.start);
                    self.expr(&lp.domain.end);
                    lp.domain.step.iter().for_each(|s| self.expr(s));
                    self.block(&lp.body);
                }
                StmtKind::While { cond, body } => {
                    self.expr(cond);
                    self.block(body);
                }
                StmtKind::Return(v) => v.iter().for_each(|v| self.expr(v)),
                StmtKind::ReturnTuple(vs) => vs.iter().for_each(|v| self.expr(v)),
                StmtKind::CopyInto { view, from } => {
                    self.whole_writes.push((view.array, stmt.span));
                    self.whole.push((*from, stmt.span));
                    [&view.start, &view.end]
                        .into_iter()
                        .flatten()
                        .for_each(|b| self.expr(b));
                }
                StmtKind::LetArray { var, args, .. } => {
                    self.declared.insert(*var);
                    self.args(args, stmt.span);
                }
                StmtKind::CallKernel { args, result, .. } => {
                    self.call_args(args, stmt.span);
                    self.declared.extend(*result);
                }
                StmtKind::Break | StmtKind::Continue => {}
            }
        }
    }

    fn expr(&mut self, e: &'a Expr) {
        match &e.kind {
            ExprKind::Var(v) => self.reads.push((*v, e.span)),
            ExprKind::Load { array, index } => {
                self.loads.push((*array, index, e.span));
                self.expr(index);
            }
            ExprKind::Literal(_) | ExprKind::Constant(_) | ExprKind::Len(_) => {}
            ExprKind::Unary(_, a) | ExprKind::Not(a) | ExprKind::Cast(a) => self.expr(a),
            ExprKind::Binary(_, a, b)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Select(c, a, b) | ExprKind::MulAdd(c, a, b) => {
                self.expr(c);
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Helper { args, .. } => self.args(args, e.span),
            ExprKind::RustCall(_, args) => args.iter().for_each(|a| self.expr(a)),
        }
    }

    /// The variables an array expression reads: arrays whole, scalars by value. Which
    /// is which is not known here, so each counts as both (a scalar is never stored to,
    /// an array never assigned).
    fn args(&mut self, args: &'a [HelperArg], span: Span) {
        for a in args {
            self.reads.push((a.var(), span));
            self.whole.push((a.var(), span));
            a.bounds().for_each(|b| self.expr(b));
        }
    }
}

impl<'a> Accesses<'a> {
    /// What a call of another kernel touches: the arrays it may write, whole; the arrays
    /// it reads, whole; its scalar arguments' reads.
    fn call_args(&mut self, args: &'a [CallArg], span: Span) {
        for a in args {
            match a {
                CallArg::Value(e) => self.expr(e),
                CallArg::Read(h) => self.args(std::slice::from_ref(h), span),
                CallArg::Write(v) => self.whole_writes.push((*v, span)),
            }
        }
    }
}

/// The reductions of `prange` loop `lp` (at `at`), or the races found.
/// A `prange`'s scalar and array reductions.
type Reductions = (Vec<Reduction>, Vec<Reduction>);

fn check_loop(lp: &Loop, at: Span, names: &[String]) -> syn::Result<Reductions> {
    let mut acc = Accesses::default();
    acc.declared.insert(lp.index);
    acc.block(&lp.body);
    let mut errors = None;
    let mut reductions: Vec<Reduction> = Vec::new();
    for &(var, value, span) in &acc.assigns {
        if acc.declared.contains(&var) {
            continue;
        }
        let name = &names[var];
        match reduction_of(var, value) {
            Some((op, combine)) => match reductions.iter().find(|r| r.var == var) {
                Some(r) if r.op != op => add(
                    &mut errors,
                    race(
                        span,
                        at,
                        format!(
                            "`{name}` is reduced two different ways in this `prange` body: reduce it one way"
                        ),
                    ),
                ),
                Some(_) => {}
                None => reductions.push(Reduction { var, op, combine }),
            },
            None => add(
                &mut errors,
                race(
                    span,
                    at,
                    format!(
                        "every `prange` iteration writes `{name}`, which outlives the iteration, and not as a \
                         reduction: iterations run independently, so this races. Reduce it (`{name} += e`, \
                         `{name} *= e`, `{name} = max({name}, e)`, `{name} = min({name}, e)`) or declare it \
                         inside the loop"
                    ),
                ),
            ),
        }
    }
    // A reduction's variable is read only by its own updates (which `Accesses` does not
    // count as reads).
    for r in &reductions {
        if let Some(&(_, read)) = acc.reads.iter().find(|(v, _)| *v == r.var) {
            let name = &names[r.var];
            add(
                &mut errors,
                race(
                    read,
                    at,
                    format!(
                        "`{name}` is read here, but this `prange` reduces it: an iteration sees only part of the \
                         reduction. Read it after the loop"
                    ),
                ),
            );
        }
    }
    let array_reductions = arrays(lp, &acc, at, names, &mut errors);
    errors.map_or(Ok((reductions, array_reductions)), Err)
}

/// Arrays declared outside the loop and written in it: written and read only at the
/// loop's own index, or reduced into (`hist[k] += e`) and not otherwise read. Returns the
/// array reductions.
fn arrays(
    lp: &Loop,
    acc: &Accesses<'_>,
    at: Span,
    names: &[String],
    errors: &mut Option<syn::Error>,
) -> Vec<Reduction> {
    let at_own_index = |index: &Expr| matches!(index.kind, ExprKind::Var(v) if v == lp.index);
    let index_name = &names[lp.index];
    let mut written: Vec<(VarId, Span)> = Vec::new();
    let mut reduced: Vec<(Reduction, Span, usize)> = Vec::new();
    whole_writes(acc, at, names, &names[lp.index], errors);
    for &(array, index, value, span) in &acc.stores {
        if acc.declared.contains(&array) {
            continue;
        }
        let name = &names[array];
        if at_own_index(index) {
            if !written.iter().any(|(a, _)| *a == array) {
                written.push((array, span));
            }
            continue;
        }
        let Some((op, combine)) = element_reduction_of(array, index, value) else {
            add(
                errors,
                race(
                    span,
                    at,
                    format!(
                        "this `prange` iteration writes `{name}[{}]`, which another iteration may also write: \
                         iterations run independently, so this races. Write `{name}[{index_name}]`, reduce into \
                         it (`{name}[k] += e`), or use a `for` loop",
                        index.text
                    ),
                ),
            );
            continue;
        };
        match reduced.iter_mut().find(|(r, _, _)| r.var == array) {
            Some((r, _, count)) if r.op == op => *count += 1,
            Some(_) => add(
                errors,
                race(
                    span,
                    at,
                    format!(
                        "`{name}` is reduced two different ways in this `prange` body: reduce it one way"
                    ),
                ),
            ),
            None => reduced.push((
                Reduction {
                    var: array,
                    op,
                    combine,
                },
                span,
                1,
            )),
        }
    }
    for (r, span, updates) in &reduced {
        let name = &names[r.var];
        let reads = acc.loads.iter().filter(|(a, _, _)| *a == r.var).count();
        if written.iter().any(|(a, _)| *a == r.var) || reads > *updates {
            add(
                errors,
                race(
                    *span,
                    at,
                    format!(
                        "this `prange` reduces into `{name}`, which it also reads or writes otherwise: an iteration \
                         sees only part of the reduction. Read `{name}` after the loop"
                    ),
                ),
            );
        }
        written.push((r.var, *span));
    }
    let reduced_arrays: Vec<VarId> = reduced.iter().map(|(r, _, _)| r.var).collect();
    reads_of_written(lp, acc, names, (&written, &reduced_arrays), errors);
    reduced.into_iter().map(|(r, _, _)| r).collect()
}

/// Writes of whole outer arrays in a `prange` body: every one races.
fn whole_writes(
    acc: &Accesses<'_>,
    at: Span,
    names: &[String],
    index_name: &str,
    errors: &mut Option<syn::Error>,
) {
    for &(array, span) in &acc.whole_writes {
        if !acc.declared.contains(&array) {
            let name = &names[array];
            add(
                errors,
                race(
                    span,
                    at,
                    format!(
                        "every `prange` iteration writes all of `{name}`: iterations run independently, so this \
                         races. Write `{name}[{index_name}]`, or write it whole before or after the loop"
                    ),
                ),
            );
        }
    }
}

/// Reads, in a `prange` body, of the outer arrays it writes (`written`) other than those it
/// reduces into (`reduced`): whole reads race, element reads only at the loop's own index.
fn reads_of_written(
    lp: &Loop,
    acc: &Accesses<'_>,
    names: &[String],
    (written, reduced): (&[(VarId, Span)], &[VarId]),
    errors: &mut Option<syn::Error>,
) {
    let at_own_index = |index: &Expr| matches!(index.kind, ExprKind::Var(v) if v == lp.index);
    let index_name = &names[lp.index];
    for &(array, span) in &acc.whole {
        if let Some((_, write)) = written.iter().find(|(a, _)| *a == array) {
            let name = &names[array];
            let mut e = syn::Error::new(
                span,
                format!(
                    "this array expression reads all of `{name}`, which the iterations of this `prange` \
                     write: iterations run independently, so this races. Compute it before the loop"
                ),
            );
            e.combine(syn::Error::new(*write, format!("`{name}` is written here")));
            add(errors, e);
        }
    }
    for &(array, index, span) in &acc.loads {
        if reduced.contains(&array) {
            continue;
        }
        let Some((_, write)) = written.iter().find(|(a, _)| *a == array) else {
            continue;
        };
        if !at_own_index(index) {
            let name = &names[array];
            let mut e = syn::Error::new(
                span,
                format!(
                    "this `prange` iteration reads `{name}[{}]`, which another iteration writes: iterations \
                     run independently, so this races. Read `{name}[{index_name}]` only, or use a `for` loop",
                    index.text
                ),
            );
            e.combine(syn::Error::new(*write, format!("`{name}` is written here")));
            add(errors, e);
        }
    }
}

/// How `array[index] = value` reduces into the array, if it does: `value` is
/// `array[index] op e` (or `e op array[index]` for the commutative ones), `e` not reading
/// the array.
fn element_reduction_of(array: VarId, index: &Expr, value: &Expr) -> Option<(ReduceOp, BinOp)> {
    let ExprKind::Binary(op, a, b) = &value.kind else {
        return None;
    };
    let is_element = |e: &Expr| matches!(&e.kind, ExprKind::Load { array: x, index: i } if *x == array && same_value(i, index));
    let other = if is_element(a) {
        b
    } else if is_element(b) && *op != BinOp::Sub {
        a
    } else {
        return None;
    };
    if loads_from(other, array) {
        return None;
    }
    let probe = Expr {
        kind: ExprKind::Binary(*op, Box::new(var_expr(array)), other.clone()),
        ..value.clone()
    };
    reduction_of(array, &probe)
}

/// A stand-in read of variable `v`, for matching reduction forms.
fn var_expr(v: VarId) -> Expr {
    Expr {
        kind: ExprKind::Var(v),
        ty: crate::model::ElemType::Usize,
        span: Span::call_site(),
        text: String::new(),
    }
}

/// `true` if `e` loads from `array`.
fn loads_from(e: &Expr, array: VarId) -> bool {
    match &e.kind {
        ExprKind::Load { array: a, index } => *a == array || loads_from(index, array),
        ExprKind::Unary(_, a) | ExprKind::Not(a) | ExprKind::Cast(a) => loads_from(a, array),
        ExprKind::Binary(_, a, b)
        | ExprKind::Compare(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b) => loads_from(a, array) || loads_from(b, array),
        ExprKind::Select(c, a, b) | ExprKind::MulAdd(c, a, b) => {
            loads_from(c, array) || loads_from(a, array) || loads_from(b, array)
        }
        ExprKind::RustCall(_, args) => args.iter().any(|a| loads_from(a, array)),
        ExprKind::Helper { args, .. } => args.iter().any(|a| a.var() == array),
        ExprKind::Literal(_) | ExprKind::Constant(_) | ExprKind::Var(_) | ExprKind::Len(_) => false,
    }
}

/// `true` if two expressions compute the same value (their spans aside).
fn same_value(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Var(x), ExprKind::Var(y)) | (ExprKind::Len(x), ExprKind::Len(y)) => x == y,
        (ExprKind::Literal(x), ExprKind::Literal(y)) => x == y && a.ty == b.ty,
        (ExprKind::Cast(x), ExprKind::Cast(y)) => a.ty == b.ty && same_value(x, y),
        (ExprKind::Unary(o, x), ExprKind::Unary(p, y)) => o == p && same_value(x, y),
        (ExprKind::Binary(o, x1, x2), ExprKind::Binary(p, y1, y2)) => {
            o == p && same_value(x1, y1) && same_value(x2, y2)
        }
        (ExprKind::Load { array: x, index: i }, ExprKind::Load { array: y, index: j }) => {
            x == y && same_value(i, j)
        }
        _ => false,
    }
}

/// The error at `place`, with a second one at the `prange` loop.
fn race(place: Span, at: Span, msg: String) -> syn::Error {
    let mut e = syn::Error::new(place, msg);
    e.combine(syn::Error::new(at, "in this `prange` loop"));
    e
}

/// How `var = value` reduces `var`, if it does: `var op e` (or `e op var` for the
/// commutative ones), `e` not reading `var`.
pub(crate) fn reduction_of(var: VarId, value: &Expr) -> Option<(ReduceOp, BinOp)> {
    let ExprKind::Binary(op, a, b) = &value.kind else {
        return None;
    };
    let is_var = |e: &Expr| matches!(e.kind, ExprKind::Var(v) if v == var);
    let commutative = !matches!(op, BinOp::Sub);
    let other = if is_var(a) {
        b
    } else if is_var(b) && commutative {
        a
    } else {
        return None;
    };
    if reads(other, var) {
        return None;
    }
    let combine = if *op == BinOp::Sub { BinOp::Add } else { *op };
    let op = match op {
        BinOp::Add | BinOp::Sub => ReduceOp::Add,
        BinOp::Mul => ReduceOp::Mul,
        BinOp::PyMax | BinOp::RustMax | BinOp::Maximum => ReduceOp::Max,
        BinOp::PyMin | BinOp::RustMin | BinOp::Minimum => ReduceOp::Min,
        BinOp::BitOr => ReduceOp::Or,
        BinOp::BitAnd => ReduceOp::And,
        _ => return None,
    };
    Some((op, combine))
}

/// The value `e` a reduction's update `var = var op e` (or `e op var`) combines in; call
/// only on an update [`reduction_of`] recognised.
pub(crate) fn reduced_value(var: VarId, value: &Expr) -> &Expr {
    match &value.kind {
        ExprKind::Binary(_, a, b) if matches!(a.kind, ExprKind::Var(v) if v == var) => b,
        ExprKind::Binary(_, a, _) => a,
        _ => value,
    }
}

/// `true` if `e` reads `var`.
fn reads(e: &Expr, var: VarId) -> bool {
    e.reads_where(&|v| v == var)
}
