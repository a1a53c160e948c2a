//! `explain()` for a kernel with statements: its loops, how each runs, and what each
//! reduces, one line per loop, indented by nesting.

use std::fmt::Write;

use super::{Block, Expr, ExprKind, Kernel, Loop, Order, ReduceOp, StmtKind};

/// `kernelize_runtime::parallel::CHUNK`, the iterations of a `prange` chunk.
const CHUNK: usize = 1 << 14;

/// The text `NAME::explain()` returns, after `header`.
pub fn explain(kernel: &Kernel, header: &str) -> String {
    let mut out = format!(
        "{header}\nstatements, run in order (a `prange`'s chunks on the rayon pool in the parallel variant):\n"
    );
    let before = out.len();
    block(kernel, &kernel.body, 1, &mut out);
    if out.len() == before {
        out.push_str("  no loops\n");
    }
    if !kernel.helpers.is_empty() {
        out.push_str(
            "array expressions, each compiled as a fused plan of its own (SIMD at the kernel's tier) \
             and run where it is written:\n",
        );
    }
    for h in &kernel.helpers {
        let block = &h.decl.func.block;
        let text =
            crate::lang::tidy(&quote::ToTokens::to_token_stream(&block.stmts[0]).to_string());
        let _ = writeln!(out, "  `{text}`");
    }
    out
}

fn block(k: &Kernel, b: &Block, depth: usize, out: &mut String) {
    for stmt in b {
        match &stmt.kind {
            StmtKind::Loop(lp) => {
                describe_loop(k, lp, depth, out);
                block(k, &lp.body, depth + 1, out);
            }
            StmtKind::While { cond, body } => {
                let _ = writeln!(out, "{}while `{}`: in order", indent(depth), cond.text);
                block(k, body, depth + 1, out);
            }
            StmtKind::If {
                then, otherwise, ..
            } => {
                block(k, then, depth, out);
                block(k, otherwise, depth, out);
            }
            _ => {}
        }
    }
}

fn describe_loop(k: &Kernel, lp: &Loop, depth: usize, out: &mut String) {
    let d = &lp.domain;
    let range = format!(
        "{}..{}{}{}{}",
        d.start.text,
        if d.inclusive { "=" } else { "" },
        d.end.text,
        d.step
            .as_ref()
            .map(|s| format!(" step {}", s.text))
            .unwrap_or_default(),
        if d.reversed { ", reversed" } else { "" }
    );
    let index = &k.var(lp.index).name;
    let how = match lp.order {
        Order::InOrder if crate::target::lanes::is_search(k, lp) => "in order, a search: \
            the first iteration whose `if` holds is found a vector of iterations at a time on \
            SIMD lanes, the loop runs one iteration at a time from there"
            .to_owned(),
        Order::InOrder => "in order".to_owned(),
        Order::Independent => prange(k, lp),
    };
    let _ = writeln!(out, "{}for `{index}` in {range}: {how}", indent(depth));
}

/// How a `prange` runs: on lanes or one iteration at a time (and why), and its reductions.
fn prange(k: &Kernel, lp: &Loop) -> String {
    let on_lanes = super::varying::analyse(k, lp);
    let mut how = match &on_lanes {
        Ok(lanes) => format!(
            "prange on SIMD lanes: a vector of iterations at a time, in chunks of {CHUNK}{}",
            lane_details(k, lanes, lp)
        ),
        Err(why) => {
            format!("prange: one iteration at a time (not on lanes: {why}), in chunks of {CHUNK}")
        }
    };
    let reds: Vec<String> = lp
        .reductions
        .iter()
        .map(|r| format!("`{}` ({})", k.var(r.var).name, op_name(r.op)))
        .collect();
    let arrays: Vec<String> = (lp.array_reductions.iter())
        .map(|r| format!("`{}` ({})", k.var(r.var).name, op_name(r.op)))
        .collect();
    if !reds.is_empty() {
        let order = if on_lanes.is_ok() {
            "the order of array reductions: an accumulator per vector slot, the lanes and the \
             chunks' results combined pairwise"
        } else {
            "each chunk in order from the identity, the chunks' results combined in order"
        };
        let _ = write!(
            how,
            "; reduces {} in the fixed order ({order})",
            reds.join(", ")
        );
    }
    if !arrays.is_empty() {
        let _ = write!(
            how,
            "; reduces into the arrays {} (each chunk into a private copy from the identity, its \
             iterations in order, the copies combined into the array in chunk order)",
            arrays.join(", ")
        );
    }
    how
}

/// What a body on lanes runs under masks and one lane at a time: `; masks: `c`, ..;
/// gathers (lane by lane): `x[..]`, ..` and the same for the integers that vary, the
/// calls and the scatters (empty when there is none of them).
fn lane_details(k: &Kernel, lanes: &super::varying::Lanes, lp: &Loop) -> String {
    let mut d = Details {
        k,
        lanes,
        scattered: lp.array_reductions.iter().map(|r| r.var).collect(),
        lists: Default::default(),
    };
    d.block(&lp.body);
    for v in &lanes.varying {
        if *v != lp.index && k.var(*v).ty.elem() == crate::model::ElemType::Usize {
            d.note(INTEGERS, format!("`{}`", k.var(*v).name));
        }
    }
    d.lists[INTEGERS].sort();
    const TITLES: [&str; 5] = [
        "masks",
        "gathers (lane by lane)",
        "integers (lane by lane)",
        "calls (lane by lane, the active lanes in lane order)",
        "scatters (lane by lane, in lane order, into the chunk's private copy)",
    ];
    let mut out = String::new();
    for (title, list) in TITLES.iter().zip(&d.lists) {
        if !list.is_empty() {
            let _ = write!(out, "; {title}: {}", list.join(", "));
        }
    }
    out
}

/// Indices in [`Details::lists`].
const MASKS: usize = 0;
const GATHERS: usize = 1;
const INTEGERS: usize = 2;
const CALLS: usize = 3;
const SCATTERS: usize = 4;

/// The walk of [`lane_details`].
struct Details<'a> {
    k: &'a Kernel,
    lanes: &'a super::varying::Lanes,
    scattered: Vec<super::VarId>,
    /// Masks, gathers, integers, calls and scatters, each once, in order.
    lists: [Vec<String>; 5],
}

impl Details<'_> {
    fn note(&mut self, list: usize, text: String) {
        if !self.lists[list].contains(&text) {
            self.lists[list].push(text);
        }
    }

    fn block(&mut self, b: &Block) {
        for s in b {
            match &s.kind {
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    self.expr(cond);
                    if !self.lanes.uniform(cond) {
                        self.note(MASKS, format!("`if {}`", cond.text));
                    }
                    self.block(then);
                    self.block(otherwise);
                }
                StmtKind::While { cond, body } => {
                    self.expr(cond);
                    if !self.lanes.uniform(cond) {
                        let text = format!("`while {}` (until every lane is done)", cond.text);
                        self.note(MASKS, text);
                    }
                    self.block(body);
                }
                StmtKind::Loop(inner) => self.block(&inner.body),
                StmtKind::Let { value: Some(v), .. } | StmtKind::Assign { value: v, .. } => {
                    self.expr(v)
                }
                StmtKind::Store {
                    array,
                    index,
                    value,
                } if self.scattered.contains(array) => {
                    let name = &self.k.var(*array).name;
                    self.note(SCATTERS, format!("`{name}[{}]`", index.text));
                    self.expr(index);
                    if let Some((e, _)) = super::varying::scattered(*array, value) {
                        self.expr(e);
                    }
                }
                StmtKind::Store { value, .. } => self.expr(value),
                _ => {}
            }
        }
    }

    /// The gathers and calls in `e`.
    fn expr(&mut self, e: &Expr) {
        if self.lanes.uniform(e) {
            return;
        }
        match &e.kind {
            ExprKind::Load { index, .. } => {
                if self.lanes.offset(index).is_none() {
                    self.note(GATHERS, format!("`{}`", e.text));
                }
                self.expr(index);
            }
            ExprKind::RustCall(_, args) => {
                self.note(CALLS, format!("`{}`", e.text));
                args.iter().for_each(|a| self.expr(a));
            }
            ExprKind::Unary(_, a) | ExprKind::Not(a) | ExprKind::Cast(a) => self.expr(a),
            ExprKind::Binary(_, a, b)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Select(c, a, b) => {
                self.expr(c);
                self.expr(a);
                self.expr(b);
            }
            _ => {}
        }
    }
}

fn op_name(op: ReduceOp) -> &'static str {
    match op {
        ReduceOp::Add => "sum",
        ReduceOp::Mul => "product",
        ReduceOp::Max => "max",
        ReduceOp::Min => "min",
        ReduceOp::Or => "or",
        ReduceOp::And => "and",
        ReduceOp::OnlineExpSum { .. } => "sum of exp(value - max) with the max, online",
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}
