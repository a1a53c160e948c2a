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
        Order::InOrder => "in order".to_owned(),
        Order::Independent => prange(k, lp),
    };
    let _ = writeln!(out, "{}for `{index}` in {range}: {how}", indent(depth));
}

/// How a `prange` runs: on lanes or one iteration at a time (and why), and its reductions.
fn prange(k: &Kernel, lp: &Loop) -> String {
    let on_lanes = super::varying::analyse(k, lp);
    let how = match &on_lanes {
        Ok(lanes) => format!(
            "prange on SIMD lanes: a vector of iterations at a time, in chunks of {CHUNK}{}",
            lane_details(lanes, &lp.body)
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
    if reds.is_empty() {
        return how;
    }
    let order = if on_lanes.is_ok() {
        "the order of array reductions: an accumulator per vector slot, the lanes and the \
         chunks' results combined pairwise"
    } else {
        "each chunk in order from the identity, the chunks' results combined in order"
    };
    format!(
        "{how}; reduces {} in the fixed order ({order})",
        reds.join(", ")
    )
}

/// What runs under masks and what loads lane by lane, in a body on lanes: `; masks: `c`,
/// ..; gathers: `x[..]`, ..` (empty when there is neither).
fn lane_details(lanes: &super::varying::Lanes, body: &Block) -> String {
    fn walk(
        lanes: &super::varying::Lanes,
        b: &Block,
        masks: &mut Vec<String>,
        gathers: &mut Vec<String>,
    ) {
        for s in b {
            let mut note = |e: &Expr| loads(lanes, e, gathers);
            match &s.kind {
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => {
                    note(cond);
                    if !lanes.uniform(cond) {
                        masks.push(format!("`if {}`", cond.text));
                    }
                    walk(lanes, then, masks, gathers);
                    walk(lanes, otherwise, masks, gathers);
                }
                StmtKind::While { cond, body } => {
                    note(cond);
                    if !lanes.uniform(cond) {
                        masks.push(format!("`while {}` (until every lane is done)", cond.text));
                    }
                    walk(lanes, body, masks, gathers);
                }
                StmtKind::Loop(inner) => walk(lanes, &inner.body, masks, gathers),
                StmtKind::Let { value: Some(v), .. } | StmtKind::Assign { value: v, .. } => note(v),
                StmtKind::Store { value, .. } => note(value),
                _ => {}
            }
        }
    }
    fn loads(lanes: &super::varying::Lanes, e: &Expr, gathers: &mut Vec<String>) {
        if let ExprKind::Load { index, .. } = &e.kind
            && lanes.gather(index).is_some()
            && !gathers.contains(&e.text)
        {
            gathers.push(e.text.clone());
        }
        let mut each = |x: &Expr| loads(lanes, x, gathers);
        match &e.kind {
            ExprKind::Load { index, .. } => each(index),
            ExprKind::Unary(_, a) | ExprKind::Not(a) | ExprKind::Cast(a) => each(a),
            ExprKind::Binary(_, a, b)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => {
                each(a);
                each(b);
            }
            ExprKind::Select(c, a, b) => {
                each(c);
                each(a);
                each(b);
            }
            _ => {}
        }
    }
    let (mut masks, mut gathers) = (Vec::new(), Vec::new());
    walk(lanes, body, &mut masks, &mut gathers);
    let mut out = String::new();
    if !masks.is_empty() {
        let _ = write!(out, "; masks: {}", masks.join(", "));
    }
    if !gathers.is_empty() {
        let list: Vec<String> = gathers.iter().map(|g| format!("`{g}`")).collect();
        let _ = write!(out, "; gathers (lane by lane): {}", list.join(", "));
    }
    out
}

fn op_name(op: ReduceOp) -> &'static str {
    match op {
        ReduceOp::Add => "sum",
        ReduceOp::Mul => "product",
        ReduceOp::Max => "max",
        ReduceOp::Min => "min",
        ReduceOp::Or => "or",
        ReduceOp::And => "and",
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}
