//! The plan as loops: an array-expression body planned into passes becomes a kernel in
//! the loop IR, compiled by the same targets as a body with statements.
//!
//! - The length of every length class is a `usize` variable, the length agreements and
//!   the non-empty reductions are [`kir::Check`]s before any work, in source order.
//! - A scalar step is a `let` (an argument is its parameter).
//! - A pass is a `prange` over its class: its streams loaded at the index once, its
//!   array nodes `let`s in SSA order, its written node stored at the index (into the
//!   kernel's [`StmtKind::Output`] or a temporary), each reduction an update of a
//!   variable declared before the loop at its identity. The lane target runs it one
//!   vector at a time in the fixed order of array passes, so the results are the ones
//!   the passes have always given.
//! - Scalars take the element type wherever a float is computed (`len(x)` in `x / len(x)`
//!   is cast), as the array language defines.

use std::collections::HashMap;

use proc_macro2::Span;

use super::{Buffer, LoopPlan, PassKind, Step, Stream};
use crate::kir::{
    self, BinOp, Check, Domain, Expr, ExprKind, Kernel, Loop, Order, ReduceOp, ResultTy, Stmt,
    StmtKind, Ty, Var, VarId,
};
use crate::lang::{
    BinaryOp, Body, CompareOp, LenSource, NodeId, Op, Reduction, Shape, UnaryOp, ValueType,
};
use crate::model::{ArgKind, ElemType, KernelDecl, ReturnKind};

/// `true` if every pass and step of `plan` has a loop form here. The rest (calls) are
/// still compiled by `backend::kernel`.
pub fn supported(body: &Body, plan: &LoopPlan) -> bool {
    body.classes.iter().all(|c| matches!(c, LenSource::Arg(_)))
        && (0..body.nodes.len())
            .filter(|&id| plan.live[id])
            .all(|id| !matches!(body.node(id).op, Op::KernelCall(..) | Op::RustCall(..)))
}

/// The kernel of `plan` in the loop IR (call only where [`supported`]).
pub fn to_kir(decl: &KernelDecl, body: &Body, plan: &LoopPlan) -> Kernel {
    let mut b = Build {
        decl,
        body,
        plan,
        vars: Vec::new(),
        stmts: Vec::new(),
        scalars: HashMap::new(),
        lens: HashMap::new(),
        buffers: HashMap::new(),
    };
    b.params();
    b.lengths();
    for step in &plan.steps {
        match *step {
            Step::Node(id) => b.scalar(id),
            Step::Pass(p) => b.pass(p),
        }
    }
    b.result();
    Kernel {
        vars: b.vars,
        params: decl.args.len(),
        body: b.stmts,
        result: match decl.ret {
            ReturnKind::Array(e) => ResultTy::Array(e),
            ReturnKind::Scalar(e) => ResultTy::Scalar(e),
            ReturnKind::Void => ResultTy::Void,
            ReturnKind::Tuple => ResultTy::Tuple,
        },
        parts: Vec::new(),
        helpers: Vec::new(),
    }
}

/// The kernel being built.
struct Build<'a> {
    decl: &'a KernelDecl,
    body: &'a Body,
    plan: &'a LoopPlan,
    vars: Vec<Var>,
    stmts: Vec<Stmt>,
    /// The variable holding each scalar node's value.
    scalars: HashMap<NodeId, VarId>,
    /// The length variable of each length class.
    lens: HashMap<usize, VarId>,
    /// The array variable of each buffer.
    buffers: HashMap<Buffer, VarId>,
}

impl Build<'_> {
    /// A new variable.
    fn var(&mut self, name: String, ty: Ty, mutable: bool) -> VarId {
        self.vars.push(Var {
            name,
            ty,
            mutable,
            span: Span::call_site(),
        });
        self.vars.len() - 1
    }

    /// A statement at the kernel's top level.
    fn push(&mut self, kind: StmtKind) {
        self.stmts.push(stmt(kind));
    }

    /// The kernel's arguments, as its first variables.
    fn params(&mut self) {
        for a in &self.decl.args {
            let ty = match a.kind {
                ArgKind::Scalar => Ty::Scalar(a.elem),
                ArgKind::Array | ArgKind::ArrayMut => Ty::Array {
                    elem: a.elem,
                    writable: false,
                },
            };
            self.vars.push(Var {
                name: a.name.to_string(),
                ty,
                mutable: false,
                span: a.name.span(),
            });
        }
    }

    /// Each class's length, then the checks, as the array language orders them.
    fn lengths(&mut self) {
        for (c, src) in self.body.classes.iter().enumerate() {
            let LenSource::Arg(i) = *src else {
                continue;
            };
            let len = self.var(format!("len{c}"), Ty::Scalar(ElemType::Usize), false);
            let value = plain(ExprKind::Len(i), ElemType::Usize);
            self.push(StmtKind::Let {
                var: len,
                value: Some(value),
            });
            self.lens.insert(c, len);
        }
        let source_len = |src: LenSource| match src {
            LenSource::Arg(i) => plain(ExprKind::Len(i), ElemType::Usize),
            LenSource::Call(_) => unreachable!("`supported` admits arguments' lengths only"),
        };
        for check in &self.body.length_checks {
            let left = (source_len(check.left.0), check.left.1.clone());
            let right = (source_len(check.right.0), check.right.1.clone());
            self.push(StmtKind::Check(Check::SameLength { left, right }));
        }
        for check in &self.body.empty_checks {
            let len = self.len(check.class);
            self.push(StmtKind::Check(Check::NotEmpty {
                len,
                reduction: check.reduction,
                operand: check.operand.clone(),
            }));
        }
    }

    /// `0..len`, the indices of class `c`: a pass's loop.
    fn every_index(&self, c: usize) -> Domain {
        Domain {
            start: plain(ExprKind::Literal("0".into()), ElemType::Usize),
            end: self.len(c),
            inclusive: false,
            step: None,
            reversed: false,
        }
    }

    /// The length of class `c`, a `usize`.
    fn len(&self, c: usize) -> Expr {
        plain(ExprKind::Var(self.lens[&c]), ElemType::Usize)
    }

    /// A scalar step: `let v = value;` (an argument is its parameter).
    fn scalar(&mut self, id: NodeId) {
        if let Op::Arg(i) = self.body.node(id).op {
            self.scalars.insert(id, i);
            return;
        }
        let value = self.compute(id, &HashMap::new());
        let var = self.var(format!("v{id}"), Ty::Scalar(value.ty), false);
        self.push(StmtKind::Let {
            var,
            value: Some(value),
        });
        self.scalars.insert(id, var);
    }

    /// Pass `p` as a `prange` over its class (a search as a `for` loop).
    fn pass(&mut self, p: usize) {
        let pass = &self.plan.passes[p];
        if let PassKind::Find(id) = pass.kind {
            return self.search(p, id);
        }
        let index = self.var("i".into(), Ty::Scalar(ElemType::Usize), false);
        let at = || plain(ExprKind::Var(index), ElemType::Usize);
        let (mut body, locals) = self.values(p, &at);
        if let Some((id, buffer)) = pass.write {
            let array = self.buffer(buffer, pass.class);
            let value = self.coerced(id, &locals, self.body.elem);
            body.push(stmt(StmtKind::Store {
                array,
                index: at(),
                value,
            }));
        }
        let reductions = self.reductions(p, &locals, &mut body);
        let written = pass.write.map(|(_, b)| self.buffers[&b]);
        let order = Order::Independent;
        self.pass_loop(p, index, order, body, reductions, written);
    }

    /// Pass `p`'s loop over its class, writing `written` (if any). Every array of the class
    /// has its length (checked before, or made so), so its accesses need no check, and the
    /// result streams past the caches where the plan says so.
    fn pass_loop(
        &mut self,
        p: usize,
        index: VarId,
        order: Order,
        body: Vec<Stmt>,
        reductions: Vec<kir::Reduction>,
        written: Option<VarId>,
    ) {
        let pass = &self.plan.passes[p];
        let mut in_bounds: Vec<VarId> = pass.reads.iter().map(|&s| self.stream(s).0).collect();
        in_bounds.extend(written);
        let stream = written.filter(|_| self.plan.streams_output(p));
        self.push(StmtKind::Loop(Box::new(Loop {
            index,
            domain: self.every_index(pass.class),
            order,
            body,
            reductions,
            array_reductions: Vec::new(),
            hints: kir::Hints { in_bounds, stream },
        })));
    }

    /// `argmax`/`argmin` (node `id`) as a search: the first index whose value is the
    /// extreme or NaN (`a != a`), 0 if none (an empty array was refused before), in a
    /// `for` loop that leaves there (a search on lanes, `target::lanes::search`).
    fn search(&mut self, p: usize, id: NodeId) {
        let Op::ArgFind(_, a, extreme) = self.body.node(id).op else {
            unreachable!("a find pass searches an `ArgFind`")
        };
        let usize_of = |kind| plain(kind, ElemType::Usize);
        let found = self.var(format!("r{id}"), Ty::Scalar(ElemType::Usize), true);
        self.push(StmtKind::Let {
            var: found,
            value: Some(usize_of(ExprKind::Literal("0".into()))),
        });
        self.scalars.insert(id, found);
        let index = self.var("i".into(), Ty::Scalar(ElemType::Usize), false);
        let at = || plain(ExprKind::Var(index), ElemType::Usize);
        let (mut body, locals) = self.values(p, &at);
        let elem = self.body.elem;
        let value = self.coerced(a, &locals, elem);
        let top = self.coerced(extreme, &locals, elem);
        let bool_of = |kind| plain(kind, ElemType::Bool);
        let compare = |op, a: &Expr, b: &Expr| {
            bool_of(ExprKind::Compare(
                op,
                Box::new(a.clone()),
                Box::new(b.clone()),
            ))
        };
        let equal = compare(CompareOp::Eq, &value, &top);
        let nan = compare(CompareOp::Ne, &value, &value);
        body.push(stmt(StmtKind::If {
            cond: bool_of(ExprKind::Or(Box::new(equal), Box::new(nan))),
            then: vec![
                stmt(StmtKind::Assign {
                    var: found,
                    value: at(),
                }),
                stmt(StmtKind::Break),
            ],
            otherwise: Vec::new(),
        }));
        self.pass_loop(p, index, Order::InOrder, body, Vec::new(), None);
    }

    /// The start of pass `p`'s body: each stream loaded at the index once, then each
    /// array node in SSA order; and the variable holding each node's value.
    fn values(&mut self, p: usize, at: &dyn Fn() -> Expr) -> (Vec<Stmt>, HashMap<NodeId, VarId>) {
        let pass = &self.plan.passes[p];
        let elem = self.body.elem;
        let mut body = Vec::new();
        let mut locals: HashMap<NodeId, VarId> = HashMap::new();
        for &stream in &pass.reads {
            let (array, nodes) = self.stream(stream);
            let var = self.var(format!("s{}", nodes[0]), Ty::Scalar(elem), false);
            let index = Box::new(at());
            let load = plain(ExprKind::Load { array, index }, elem);
            body.push(stmt(StmtKind::Let {
                var,
                value: Some(load),
            }));
            locals.extend(nodes.into_iter().map(|n| (n, var)));
        }
        for &id in &pass.eval {
            let value = self.compute(id, &locals);
            let var = self.var(format!("e{id}"), Ty::Scalar(value.ty), false);
            body.push(stmt(StmtKind::Let {
                var,
                value: Some(value),
            }));
            locals.insert(id, var);
        }
        (body, locals)
    }

    /// Pass `p`'s reductions: each a variable declared before the loop at its identity
    /// and updated in `body`.
    fn reductions(
        &mut self,
        p: usize,
        locals: &HashMap<NodeId, VarId>,
        body: &mut Vec<Stmt>,
    ) -> Vec<kir::Reduction> {
        let elem = self.body.elem;
        let mut reductions = Vec::new();
        let pass = &self.plan.passes[p];
        // The maxima an online normaliser of this pass computes beside its sum.
        let partners: Vec<NodeId> = (pass.reductions.iter())
            .filter_map(|r| self.plan.online.get(r).map(|&(_, max)| max))
            .filter(|max| pass.reductions.contains(max))
            .collect();
        for &r in &pass.reductions {
            if partners.contains(&r) {
                continue;
            }
            if let Some(&(a, max)) = self.plan.online.get(&r) {
                reductions.push(self.online(r, a, max, locals, body));
                continue;
            }
            let Op::Reduce(red, a) = self.body.node(r).op else {
                unreachable!("a pass reduces `Reduce` nodes")
            };
            let (op, combine, identity) = reduce_op(red);
            let var = self.accumulator(format!("r{r}"), identity(elem));
            self.scalars.insert(r, var);
            body.push(self.update(var, combine, r, a, locals));
            reductions.push(kir::Reduction { var, op, combine });
        }
        reductions
    }

    /// A reduction's variable, declared before the loop at `identity`.
    fn accumulator(&mut self, name: String, identity: Expr) -> VarId {
        let var = self.var(name, Ty::Scalar(identity.ty), true);
        self.push(StmtKind::Let {
            var,
            value: Some(identity),
        });
        var
    }

    /// `var = var combine a`: reduction node `r`'s update in the loop body.
    fn update(
        &self,
        var: VarId,
        combine: BinOp,
        r: NodeId,
        a: NodeId,
        locals: &HashMap<NodeId, VarId>,
    ) -> Stmt {
        let elem = self.body.elem;
        let acc = Box::new(plain(ExprKind::Var(var), elem));
        let operand = Box::new(self.coerced(a, locals, elem));
        let value = kir_expr(
            ExprKind::Binary(combine, acc, operand),
            elem,
            self.body.node(r),
        );
        stmt(StmtKind::Assign { var, value })
    }

    /// The online normaliser `sum(exp(a - max(a)))` (node `r`) with `max(a)` (node `max`,
    /// computed here if this pass holds it): its two variables, declared before the loop,
    /// the sum updated by `a` in `body` ([`ReduceOp::OnlineExpSum`]).
    fn online(
        &mut self,
        r: NodeId,
        a: NodeId,
        max: NodeId,
        locals: &HashMap<NodeId, VarId>,
        body: &mut Vec<Stmt>,
    ) -> kir::Reduction {
        let elem = self.body.elem;
        let (_, _, max_identity) = reduce_op(Reduction::Max);
        let (_, _, sum_identity) = reduce_op(Reduction::Sum);
        let m = self.accumulator(format!("r{max}"), max_identity(elem));
        self.scalars.entry(max).or_insert(m);
        let var = self.accumulator(format!("r{r}"), sum_identity(elem));
        self.scalars.insert(r, var);
        body.push(self.update(var, BinOp::Add, r, a, locals));
        kir::Reduction {
            var,
            op: ReduceOp::OnlineExpSum { max: m },
            combine: BinOp::Add,
        }
    }

    /// A stream's array variable and the nodes whose values it holds.
    fn stream(&self, s: Stream) -> (VarId, Vec<NodeId>) {
        match s {
            Stream::Arg(i) => {
                let nodes = (0..self.body.nodes.len())
                    .filter(|&id| {
                        matches!(self.body.node(id).op, Op::Arg(j) if j == i)
                            && matches!(self.body.node(id).shape, Shape::Array(_))
                    })
                    .collect();
                (i, nodes)
            }
            Stream::Stored(id) => (self.buffers[&self.plan.stored[&id]], vec![id]),
            Stream::Call(_) => unreachable!("`supported` admits no calls"),
        }
    }

    /// The array a pass writes: declared (the output, or a temporary) on first use.
    fn buffer(&mut self, buffer: Buffer, class: usize) -> VarId {
        if let Some(&var) = self.buffers.get(&buffer) {
            return var;
        }
        let elem = self.body.elem;
        let ty = Ty::Array {
            elem,
            writable: true,
        };
        let len = self.len(class);
        let var = match buffer {
            Buffer::Output => {
                let var = self.var("out".into(), ty, false);
                self.push(StmtKind::Output { var, len });
                var
            }
            Buffer::Temp(id) => {
                let var = self.var(format!("t{id}"), ty, false);
                let fill = plain(ExprKind::Literal("0".into()), elem);
                self.push(StmtKind::Alloc { var, len, fill });
                var
            }
        };
        self.buffers.insert(buffer, var);
        var
    }

    /// `return` of the body's value.
    fn result(&mut self) {
        let r = self.body.result;
        let value = match self.decl.ret {
            ReturnKind::Array(e) => {
                let out = self.buffers[&Buffer::Output];
                plain(ExprKind::Var(out), e)
            }
            ReturnKind::Scalar(e) => self.coerced(r, &HashMap::new(), e),
            ReturnKind::Void | ReturnKind::Tuple => {
                unreachable!("array-expression bodies return one value")
            }
        };
        self.push(StmtKind::Return(Some(value)));
    }

    /// The type node `id`'s value has in the loop IR.
    fn ty(&self, id: NodeId) -> ElemType {
        match self.body.node(id).ty {
            ValueType::Float => self.body.elem,
            ValueType::Native(e) => e,
            ValueType::Mask => ElemType::Bool,
        }
    }

    /// The value of node `id`: a pass's local, or a scalar's variable.
    fn value(&self, id: NodeId, locals: &HashMap<NodeId, VarId>) -> Expr {
        let var = locals
            .get(&id)
            .or_else(|| self.scalars.get(&id))
            .copied()
            .unwrap_or_else(|| unreachable!("node {id} is computed before it is used"));
        kir_expr(ExprKind::Var(var), self.ty(id), self.body.node(id))
    }

    /// The value of node `id` as `want` (a cast where the array language converts).
    fn coerced(&self, id: NodeId, locals: &HashMap<NodeId, VarId>, want: ElemType) -> Expr {
        let v = self.value(id, locals);
        if v.ty == want {
            return v;
        }
        kir_expr(ExprKind::Cast(Box::new(v)), want, self.body.node(id))
    }

    /// The expression computing node `id` from its operands' values.
    fn compute(&self, id: NodeId, locals: &HashMap<NodeId, VarId>) -> Expr {
        let node = self.body.node(id);
        let elem = self.body.elem;
        let f = |o: NodeId| Box::new(self.coerced(o, locals, elem));
        let m = |o: NodeId| Box::new(self.coerced(o, locals, ElemType::Bool));
        let kind = match &node.op {
            Op::Literal(text) => ExprKind::Literal(text.clone()),
            Op::Constant(c) => ExprKind::Constant(*c),
            Op::Len(c) => ExprKind::Var(self.lens[c]),
            // One instruction shorter where the argument cannot be positive.
            Op::Unary(UnaryOp::Exp, a) if self.body.never_positive(*a) => {
                ExprKind::Unary(UnaryOp::ExpNonPositive, f(*a))
            }
            Op::Unary(op, a) => ExprKind::Unary(*op, f(*a)),
            Op::Binary(op, a, b) => ExprKind::Binary(bin_op(*op), f(*a), f(*b)),
            Op::MulAdd(a, b, c) => ExprKind::MulAdd(f(*a), f(*b), f(*c)),
            Op::Compare(op, a, b) => ExprKind::Compare(*op, f(*a), f(*b)),
            Op::Select(c, a, b) => ExprKind::Select(m(*c), f(*a), f(*b)),
            // Both sides are pure: evaluating the right one only where it decides the
            // value gives the same masks.
            Op::MaskLogic(true, a, b) => ExprKind::And(m(*a), m(*b)),
            Op::MaskLogic(false, a, b) => ExprKind::Or(m(*a), m(*b)),
            Op::MaskNot(a) => ExprKind::Not(m(*a)),
            other => unreachable!("not computed in a loop: {other:?}"),
        };
        kir_expr(kind, self.ty(id), node)
    }
}

/// A reduction's update and identity: `(op, combine, identity)`.
fn reduce_op(r: Reduction) -> (ReduceOp, BinOp, fn(ElemType) -> Expr) {
    match r {
        // `0 + s == s` for every sum a pass computes (its accumulators start at `+0`).
        Reduction::Sum => (ReduceOp::Add, BinOp::Add, |e| {
            plain(ExprKind::Literal("0".into()), e)
        }),
        Reduction::Prod => (ReduceOp::Mul, BinOp::Mul, |e| {
            plain(ExprKind::Literal("1".into()), e)
        }),
        Reduction::Max => (ReduceOp::Max, BinOp::Maximum, |e| {
            let inf = plain(ExprKind::Constant(crate::lang::NamedConst::Inf), e);
            plain(ExprKind::Unary(crate::lang::UnaryOp::Neg, Box::new(inf)), e)
        }),
        Reduction::Min => (ReduceOp::Min, BinOp::Minimum, |e| {
            plain(ExprKind::Constant(crate::lang::NamedConst::Inf), e)
        }),
    }
}

/// The loop IR's operator for an array-language one.
fn bin_op(op: BinaryOp) -> BinOp {
    match op {
        BinaryOp::Add => BinOp::Add,
        BinaryOp::Sub => BinOp::Sub,
        BinaryOp::Mul => BinOp::Mul,
        BinaryOp::Div => BinOp::Div,
        BinaryOp::Maximum => BinOp::Maximum,
        BinaryOp::Minimum => BinOp::Minimum,
        BinaryOp::Power => BinOp::Power,
    }
}

/// A statement of generated code.
fn stmt(kind: StmtKind) -> Stmt {
    Stmt {
        kind,
        span: Span::call_site(),
    }
}

/// A generated expression.
fn plain(kind: ExprKind, ty: ElemType) -> Expr {
    Expr {
        kind,
        ty,
        span: Span::call_site(),
        text: String::new(),
    }
}

/// An expression standing for the user's `node` (its span and text).
fn kir_expr(kind: ExprKind, ty: ElemType, node: &crate::lang::Node) -> Expr {
    Expr {
        kind,
        ty,
        span: node.span,
        text: node.text.clone(),
    }
}

/// `true` if every online normaliser of `k` (a kernel [`to_kir`] built) is in a loop
/// that runs on lanes, the only place it has code.
pub fn online_on_lanes(k: &Kernel) -> bool {
    k.body.iter().all(|s| match &s.kind {
        StmtKind::Loop(lp) => {
            let online =
                (lp.reductions.iter()).any(|r| matches!(r.op, ReduceOp::OnlineExpSum { .. }));
            !online || kir::varying::analyse(k, lp).is_ok()
        }
        _ => true,
    })
}
