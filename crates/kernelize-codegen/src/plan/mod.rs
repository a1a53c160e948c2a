//! The loop plan: which passes over memory run, in what order, what each reads, computes,
//! reduces and writes, and which `let` arrays are stored rather than recomputed.
//!
//! Rules (LANGUAGE.md, "The plan"):
//! - A node's *level* is the number of reduction barriers below it: a reduction of an
//!   array at level `L` is computed by a pass at level `L + 1`, and everything that needs
//!   it is ready after that pass. Elementwise work is never a pass of its own: it is
//!   evaluated inside the loop of the pass that consumes it (fusion).
//! - Reductions at the same level over the same length class share one pass.
//! - An array needed by several passes is recomputed in each, or stored once (into the
//!   output buffer when the result is an array of the same length and the stored value
//!   is only read up to the output pass, else into a temporary), by the cost rule below.
//! - `argmax`/`argmin` are a `max`/`min` reduction plus a search pass for the first index
//!   holding it; a pass writes at most one buffer.
//! - Every call written to a kernel taking arrays or to a Rust function is made, once,
//!   whether its value is used or only its length (`len(x + f(x))`), so its errors
//!   surface; other work nothing reads is left out.
//!
//! Cost rule, per element: streaming one array through memory (read or write) costs
//! [`MEMORY_COST`]; an add or multiply 1, a division or square root 4, a transcendental
//! function 20, `power` 40. Storing costs one write plus one read per later pass (plus one
//! more write-equivalent for a temporary's fresh pages); recomputing costs the
//! expression's arithmetic plus the streams it reads that the later pass would not read
//! anyway. The cheaper wins; ties recompute (no buffer).

pub mod lower;

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::lang::{Body, CallKind, LenClass, LenSource, NodeId, Op, Shape};

/// Per-element cost of streaming one array through memory, in units of one add.
pub const MEMORY_COST: u32 = 8;

/// Where a stored array lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Buffer {
    /// The kernel's output (the returned `Vec` or the caller's buffer given to `into`).
    Output,
    /// A temporary of the node's length, allocated by the kernel.
    Temp(NodeId),
}

/// An array a pass loads from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stream {
    /// An array argument.
    Arg(usize),
    /// The array returned by a whole-array kernel call.
    Call(NodeId),
    /// A stored node (its buffer is in [`LoopPlan::stored`]).
    Stored(NodeId),
}

/// What a pass does besides evaluating its arrays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassKind {
    /// Accumulates its reductions (possibly none) and writes at most one buffer.
    Accumulate,
    /// Searches for the first index of an `argmax`/`argmin` node.
    Find(NodeId),
}

/// One loop over the arrays of one length class.
#[derive(Clone, Debug)]
pub struct Pass {
    /// Reduction barriers below it.
    pub level: usize,
    /// The length class it iterates over.
    pub class: LenClass,
    /// Accumulate or search.
    pub kind: PassKind,
    /// `Reduce` nodes it computes.
    pub reductions: Vec<NodeId>,
    /// The node it writes and where.
    pub write: Option<(NodeId, Buffer)>,
    /// Array nodes the pass needs the value of (reduction operands, the written node).
    pub roots: Vec<NodeId>,
    /// Array nodes evaluated in the loop body, operands first.
    pub eval: Vec<NodeId>,
    /// Streams loaded.
    pub reads: Vec<Stream>,
}

/// One step of the kernel, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Evaluate a scalar node (or call a whole-array kernel) once.
    Node(NodeId),
    /// Run a pass.
    Pass(usize),
}

/// The plan of one kernel.
#[derive(Clone, Debug)]
pub struct LoopPlan {
    /// Steps in order.
    pub steps: Vec<Step>,
    /// The passes.
    pub passes: Vec<Pass>,
    /// Stored array nodes and their buffers.
    pub stored: HashMap<NodeId, Buffer>,
    /// Nodes evaluated: those the result depends on, and every call written (kernel
    /// taking arrays or Rust function) with what it depends on, used or not.
    pub live: Vec<bool>,
    /// Level of every node.
    pub level: Vec<usize>,
    /// Why things were or were not fused or stored, for `explain()`.
    pub notes: Vec<String>,
    /// `sum(exp(A - max(A)))` nodes computed online beside `max(A)` in one pass (the
    /// running-max normaliser of Milakov & Gimelshein, 2018): sum node → (`A`, `max(A)`).
    pub online: HashMap<NodeId, (NodeId, NodeId)>,
}

impl LoopPlan {
    /// `true` if `id` is an array node evaluated in loops (not a stream).
    pub fn is_loop_node(&self, body: &Body, id: NodeId) -> bool {
        matches!(body.node(id).shape, Shape::Array(_)) && leaf_stream(body, id).is_none()
    }

    /// `true` if the online normaliser rewrite costs nothing for an input in cache: no
    /// later pass recomputes an online sum's `exp(A - max(A))` (so there is one `exp` per
    /// element, as when the exps are stored), and every `A` is loaded, not computed (so
    /// the block maxima, taken first, only load it again from L1). Then the online plan
    /// is the kernel's only plan: one pass fewer at every size.
    pub fn online_costs_nothing(&self, body: &Body) -> bool {
        self.online.iter().all(|(&sum, &(arr, _))| {
            let Op::Reduce(_, e) = body.node(sum).op else {
                return false;
            };
            let loaded = leaf_stream(body, arr).is_some() || self.stored.contains_key(&arr);
            loaded && !self.passes.iter().any(|p| p.eval.contains(&e))
        })
    }

    /// `true` if pass `p` may write with streaming (non-temporal) stores: it writes the
    /// output and no later pass reads the output back, so what it writes is the result,
    /// which the kernel never loads again. (A pass that stores a value into the output for
    /// a later pass to rescale keeps plain stores: the later pass reads it, from cache
    /// when it fits.) Whether it does stream is decided at run time by the output's size
    /// (`dispatch::stream_min_bytes`).
    pub fn streams_output(&self, p: usize) -> bool {
        matches!(self.passes[p].write, Some((_, Buffer::Output)))
            && !self.passes[p + 1..].iter().any(|later| {
                later.reads.iter().any(|s| {
                    matches!(s, Stream::Stored(id) if self.stored.get(id) == Some(&Buffer::Output))
                })
            })
    }
}

/// The stream an array node is loaded from when it is not computed: arguments and the
/// results of whole-array calls.
fn leaf_stream(body: &Body, id: NodeId) -> Option<Stream> {
    if body.node(id).shape == Shape::Scalar {
        return None;
    }
    match body.node(id).op {
        Op::Arg(i) => Some(Stream::Arg(i)),
        Op::KernelCall(CallKind::Whole, ..) | Op::RustCall(..) => Some(Stream::Call(id)),
        _ => None,
    }
}

/// Per-element arithmetic cost of one node.
fn op_cost(body: &Body, id: NodeId) -> u32 {
    match &body.node(id).op {
        Op::Unary(op, _) => op.cost(),
        Op::Binary(op, ..) => op.cost(),
        Op::MulAdd(..) => 2,
        Op::Compare(..) | Op::Select(..) | Op::MaskLogic(..) | Op::MaskNot(_) => 1,
        // A ufunc's body is unknown here: count it as a transcendental.
        Op::KernelCall(CallKind::Ufunc, ..) => 20,
        _ => 0,
    }
}

/// Builds the plan for `body`; `online` allows the online normaliser rewrite (fewest
/// passes over memory, two exps per element: the plan for large inputs).
pub fn plan(body: &Body, online: bool) -> LoopPlan {
    let n = body.nodes.len();
    let mut live = vec![false; n];
    live[body.result] = true;
    // A call is made wherever it is written, as in Rust, whether or not its value is
    // used: `len(x + f(x))` reads only a length and `let c = f(x);` may never read `c`,
    // but `f` still runs, so its errors (an empty array's `max` inside it) surface, as
    // the same computation written inline raises them (the empty-reduction checks cover
    // every reduction written, used or not). This also makes every length class of a
    // call's result available (`len(twice(x))`). A ufunc-style call is elementwise and
    // cannot fail: it is evaluated in the loops that use its values.
    for (id, node) in body.nodes.iter().enumerate() {
        if matches!(
            node.op,
            Op::KernelCall(CallKind::Whole, ..) | Op::RustCall(..)
        ) {
            live[id] = true;
        }
    }
    for id in (0..n).rev() {
        if live[id] {
            for o in body.node(id).op.operands() {
                live[o] = true;
            }
        }
    }

    // Whole-call array arguments that are expressions are stored into temporaries.
    let mut stored: HashMap<NodeId, Buffer> = HashMap::new();
    for (id, _) in live.iter().enumerate().filter(|(_, l)| **l) {
        if let Op::KernelCall(CallKind::Whole, _, args) = &body.node(id).op {
            for &a in args {
                if matches!(body.node(a).shape, Shape::Array(_)) && leaf_stream(body, a).is_none() {
                    stored.insert(a, Buffer::Temp(a));
                }
            }
        }
    }

    let mut plan = LoopPlan {
        steps: Vec::new(),
        passes: Vec::new(),
        stored,
        live,
        level: vec![0; n],
        notes: Vec::new(),
        online: HashMap::new(),
    };
    if online {
        plan.find_online(body);
    }
    plan.note_nonpositive_exps(body);
    plan.compute_levels(body);
    plan.build_passes(body);
    plan.choose_storage(body);
    plan.build_passes(body);
    plan.build_steps(body);
    plan
}

impl LoopPlan {
    /// Finds `sum(exp(A - max(A)))`: the sum can run in the pass computing `max(A)`,
    /// rescaling its partial sums whenever the running maximum grows, which saves a
    /// pass over `A` (one read, and the store of `exp(A - max(A))` the next pass needed).
    fn find_online(&mut self, body: &Body) {
        use crate::lang::{BinaryOp, Reduction, UnaryOp};
        for id in 0..body.nodes.len() {
            if !self.live[id] {
                continue;
            }
            let Op::Reduce(Reduction::Sum, e) = body.node(id).op else {
                continue;
            };
            let Op::Unary(UnaryOp::Exp, d) = body.node(e).op else {
                continue;
            };
            let Op::Binary(BinaryOp::Sub, a, m) = body.node(d).op else {
                continue;
            };
            let Op::Reduce(Reduction::Max, a2) = body.node(m).op else {
                continue;
            };
            if a == a2 && body.node(a).ty == crate::lang::ValueType::Float {
                self.online.insert(id, (a, m));
                self.notes.push(format!(
                    "`{}` is computed online in the pass computing `{}` (block by block: the \
                     block's maximum first, then its terms; a running maximum rescales the \
                     partial sums when it grows), saving a pass",
                    body.node(id).text,
                    body.node(m).text
                ));
            }
        }
    }

    /// Notes the `exp` calls whose argument cannot be positive (`lang::sign`): the backend
    /// gives them `math::exp_nonpositive`, which skips the overflow handling.
    fn note_nonpositive_exps(&mut self, body: &Body) {
        use crate::lang::UnaryOp;
        for (id, node) in body.nodes.iter().enumerate() {
            if let Op::Unary(UnaryOp::Exp, a) = node.op
                && self.live[id]
                && body.never_positive(a)
            {
                self.notes.push(format!(
                    "`{}` cannot be positive, so `{}` skips exp's overflow handling",
                    body.node(a).text,
                    node.text
                ));
            }
        }
    }

    fn compute_levels(&mut self, body: &Body) {
        for id in 0..body.nodes.len() {
            let node = body.node(id);
            let ops = node.op.operands();
            let max_of =
                |ids: &[NodeId], level: &[usize]| ids.iter().map(|&o| level[o]).max().unwrap_or(0);
            self.level[id] = match &node.op {
                Op::Reduce(..) if self.online.contains_key(&id) => self.level[self.online[&id].1],
                Op::Reduce(_, a) => self.level[*a] + 1,
                Op::ArgFind(_, _, m) => self.level[*m] + 1,
                Op::Len(c) => match body.classes[*c] {
                    LenSource::Call(call) => self.level[call],
                    LenSource::Arg(_) => 0,
                },
                Op::KernelCall(CallKind::Whole, _, args) => args
                    .iter()
                    .map(|&a| self.level[a] + usize::from(self.stored.contains_key(&a)))
                    .max()
                    .unwrap_or(0),
                _ => max_of(&ops, &self.level),
            };
        }
    }

    /// Groups the work into passes from the current storage decisions.
    fn build_passes(&mut self, body: &Body) {
        let mut passes: Vec<Pass> = Vec::new();
        let class_of = |id: NodeId| match body.node(id).shape {
            Shape::Array(c) => c,
            Shape::Scalar => unreachable!("only arrays are looped over"),
        };
        let new_pass = |level, class, kind| Pass {
            level,
            class,
            kind,
            reductions: Vec::new(),
            write: None,
            roots: Vec::new(),
            eval: Vec::new(),
            reads: Vec::new(),
        };
        let find_accumulate =
            |passes: &mut Vec<Pass>, level: usize, class: LenClass, writing: bool| {
                let found = passes.iter().position(|p| {
                    p.level == level
                        && p.class == class
                        && p.kind == PassKind::Accumulate
                        && !(writing && p.write.is_some())
                });
                match found {
                    Some(i) => i,
                    None => {
                        passes.push(new_pass(level, class, PassKind::Accumulate));
                        passes.len() - 1
                    }
                }
            };
        for id in 0..body.nodes.len() {
            if !self.live[id] {
                continue;
            }
            match &body.node(id).op {
                Op::Reduce(_, a) => {
                    // An online sum reads `A`, not `exp(A - max(A))`.
                    let a = self.online.get(&id).map_or(*a, |&(arr, _)| arr);
                    let i = find_accumulate(&mut passes, self.level[id], class_of(a), false);
                    passes[i].reductions.push(id);
                    passes[i].roots.push(a);
                }
                Op::ArgFind(_, a, _) => {
                    let mut p = new_pass(self.level[id], class_of(*a), PassKind::Find(id));
                    p.roots.push(*a);
                    passes.push(p);
                }
                _ => {}
            }
            if let Some(&buffer) = self.stored.get(&id) {
                let i = find_accumulate(&mut passes, self.level[id] + 1, class_of(id), true);
                passes[i].write = Some((id, buffer));
                passes[i].roots.push(id);
            }
        }
        if matches!(body.node(body.result).shape, Shape::Array(_))
            && self.stored.get(&body.result) != Some(&Buffer::Output)
        {
            let r = body.result;
            let i = find_accumulate(&mut passes, self.level[r] + 1, class_of(r), true);
            passes[i].write = Some((r, Buffer::Output));
            passes[i].roots.push(r);
        }
        // A stored node's own pass computes it; later passes load it.
        passes.sort_by_key(|p| (p.level, p.class));
        for p in &mut passes {
            let writes = p.write.map(|w| w.0);
            let mut eval = BTreeSet::new();
            let mut reads = BTreeSet::new();
            let mut stack = p.roots.clone();
            while let Some(id) = stack.pop() {
                if let Some(s) = leaf_stream(body, id) {
                    reads.insert(s);
                    continue;
                }
                // A stored node is read back by passes after the level its pass runs at
                // (`level + 1`); a pass at that level computes it itself, as the order of
                // passes within a level is not an order of their writes.
                if self.stored.contains_key(&id)
                    && Some(id) != writes
                    && self.level[id] + 1 < p.level
                {
                    reads.insert(Stream::Stored(id));
                    continue;
                }
                if !matches!(body.node(id).shape, Shape::Array(_)) || !eval.insert(id) {
                    continue;
                }
                stack.extend(body.node(id).op.operands());
            }
            p.eval = eval.into_iter().collect();
            p.reads = reads.into_iter().collect();
        }
        self.passes = passes;
    }

    /// Decides, largest expression first, which arrays needed by several passes are
    /// stored (the cost rule in the module docs).
    fn choose_storage(&mut self, body: &Body) {
        let result_array = matches!(body.node(body.result).shape, Shape::Array(_));
        for cand in (0..body.nodes.len()).rev() {
            if !self.live[cand] || !self.is_loop_node(body, cand) || self.stored.contains_key(&cand)
            {
                continue;
            }
            let users: Vec<usize> = (0..self.passes.len())
                .filter(|&p| self.passes[p].eval.contains(&cand))
                .collect();
            if users.len() < 2 {
                continue;
            }
            let name = describe(body, cand);
            let first = users[0];
            let later = &users[1..];
            // Arithmetic and streams of the candidate's own expression.
            let mut sub_cost = 0;
            let mut sub_reads = BTreeSet::new();
            let mut stack = vec![cand];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(s) = leaf_stream(body, id) {
                    sub_reads.insert(s);
                    continue;
                }
                if self.stored.contains_key(&id) {
                    sub_reads.insert(Stream::Stored(id));
                    continue;
                }
                if !matches!(body.node(id).shape, Shape::Array(_)) {
                    continue;
                }
                sub_cost += op_cost(body, id);
                stack.extend(body.node(id).op.operands());
            }
            let mut recompute = 0;
            for &p in later {
                let pass = &self.passes[p];
                // Streams the later pass reads for its other roots anyway.
                let others: BTreeSet<Stream> = pass
                    .reads
                    .iter()
                    .copied()
                    .filter(|s| {
                        !sub_reads.contains(s) || self.other_root_reads(body, pass, cand, *s)
                    })
                    .collect();
                let extra = sub_reads.iter().filter(|s| !others.contains(s)).count() as u32;
                recompute += sub_cost + MEMORY_COST * extra;
            }
            let output_pass_ok = result_array
                && body.node(cand).shape == body.node(body.result).shape
                && !self.stored.values().any(|b| *b == Buffer::Output)
                && self.passes[first].write.is_none();
            let buffer = if output_pass_ok {
                Buffer::Output
            } else {
                Buffer::Temp(cand)
            };
            let mut store = MEMORY_COST * (1 + later.len() as u32);
            if buffer != Buffer::Output {
                store += MEMORY_COST;
            }
            let where_ = if buffer == Buffer::Output {
                "the output buffer"
            } else {
                "a temporary"
            };
            if self.passes[first].write.is_some() {
                self.notes.push(format!(
                    "{name} is recomputed in {} later pass(es): the pass computing it first already writes a buffer",
                    later.len()
                ));
                continue;
            }
            if store < recompute {
                self.notes.push(format!(
                    "{name} is stored into {where_} by pass {} and re-read by {} later pass(es): \
                     storing costs {store} units per element, recomputing {recompute}",
                    first + 1,
                    later.len()
                ));
                self.stored.insert(cand, buffer);
                self.build_passes(body);
            } else {
                self.notes.push(format!(
                    "{name} is recomputed in {} later pass(es): recomputing costs {recompute} units per \
                     element, storing into {where_} {store}",
                    later.len()
                ));
            }
        }
    }

    /// `true` if pass `pass` reads `s` for a root other than through `cand`.
    fn other_root_reads(&self, body: &Body, pass: &Pass, cand: NodeId, s: Stream) -> bool {
        let mut stack: Vec<NodeId> = pass.roots.iter().copied().filter(|&r| r != cand).collect();
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if id == cand || !seen.insert(id) {
                continue;
            }
            if let Some(l) = leaf_stream(body, id) {
                if l == s {
                    return true;
                }
                continue;
            }
            if self.stored.contains_key(&id) {
                if Stream::Stored(id) == s {
                    return true;
                }
                continue;
            }
            if matches!(body.node(id).shape, Shape::Array(_)) {
                stack.extend(body.node(id).op.operands());
            }
        }
        false
    }

    fn build_steps(&mut self, body: &Body) {
        let max_level = self.level.iter().copied().max().unwrap_or(0) + 1;
        let mut steps = Vec::new();
        for level in 0..=max_level {
            for (i, p) in self.passes.iter().enumerate() {
                if p.level == level {
                    steps.push(Step::Pass(i));
                }
            }
            for id in 0..body.nodes.len() {
                let node = body.node(id);
                if !self.live[id] || self.level[id] != level {
                    continue;
                }
                let is_step = match node.op {
                    Op::Reduce(..) | Op::ArgFind(..) => false,
                    Op::KernelCall(kind, ..) => kind == CallKind::Whole,
                    Op::RustCall(..) => true,
                    _ => node.shape == Shape::Scalar,
                };
                if is_step {
                    steps.push(Step::Node(id));
                }
            }
        }
        self.steps = steps;
    }

    /// The human-readable plan printed by `NAME::explain()`.
    pub fn explain(&self, body: &Body, header: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{header}");
        // A kernel taking arrays runs once, whole, before the loops that read its result
        // (a pass of its own over memory); a ufunc-style kernel fuses elementwise.
        let calls: Vec<(NodeId, CallKind)> = (0..body.nodes.len())
            .filter(|&id| self.live[id])
            .filter_map(|id| match &body.node(id).op {
                Op::KernelCall(kind, ..) => Some((id, *kind)),
                _ => None,
            })
            .collect();
        let whole = calls.iter().filter(|c| c.1 == CallKind::Whole).count();
        let _ = writeln!(
            out,
            "{} pass(es) over memory; elementwise work is fused into the pass that consumes it",
            whole + self.passes.len()
        );
        for &(c, kind) in &calls {
            let _ = match kind {
                CallKind::Ufunc => writeln!(
                    out,
                    "call: {} is a ufunc-style kernel, evaluated elementwise inside the pass that consumes it",
                    describe(body, c)
                ),
                CallKind::Whole => writeln!(
                    out,
                    "call pass ({}): {} runs once with whole arrays (its own passes: see its `explain()`)",
                    self.when_called(c),
                    describe(body, c)
                ),
            };
        }
        for (i, p) in self.passes.iter().enumerate() {
            let class = match body.classes[p.class] {
                LenSource::Arg(a) => format!("len = len(`{}`)", arg_name(body, a)),
                LenSource::Call(c) => format!("len = len({})", describe(body, c)),
            };
            let _ = writeln!(out, "pass {} ({class}):", i + 1);
            let reads: Vec<String> = p
                .reads
                .iter()
                .map(|s| match s {
                    Stream::Arg(a) => format!("`{}`", arg_name(body, *a)),
                    Stream::Call(c) => describe(body, *c),
                    Stream::Stored(id) => match self.stored[id] {
                        Buffer::Output => {
                            format!("the output buffer (holding {})", describe(body, *id))
                        }
                        Buffer::Temp(_) => format!("a temporary (holding {})", describe(body, *id)),
                    },
                })
                .collect();
            let _ = writeln!(
                out,
                "  reads: {}",
                if reads.is_empty() {
                    "nothing".into()
                } else {
                    reads.join(", ")
                }
            );
            let computed: Vec<String> = p
                .eval
                .iter()
                .filter(|id| body.let_names.contains_key(id) || p.roots.contains(id))
                .map(|&id| describe(body, id))
                .collect();
            if !computed.is_empty() {
                let _ = writeln!(
                    out,
                    "  computes per element (fused): {}",
                    computed.join(", ")
                );
            }
            if !p.reductions.is_empty() {
                let r: Vec<String> = p
                    .reductions
                    .iter()
                    .map(|&id| format!("`{}`", body.node(id).text))
                    .collect();
                let shared = if r.len() > 1 {
                    " (sharing one read of the data)"
                } else {
                    ""
                };
                let _ = writeln!(out, "  reduces: {}{shared}", r.join(", "));
            }
            if let PassKind::Find(id) = p.kind {
                let _ = writeln!(
                    out,
                    "  searches: `{}` (first index holding the extreme)",
                    body.node(id).text
                );
            }
            if let Some((id, buffer)) = p.write {
                let dest = match buffer {
                    Buffer::Output if self.streams_output(i) => {
                        "the output buffer (with streaming stores when the output is at least \
                         `dispatch::stream_min_bytes()`)"
                    }
                    Buffer::Output => "the output buffer",
                    Buffer::Temp(_) => "a temporary",
                };
                let _ = writeln!(out, "  writes: {} into {dest}", describe(body, id));
            }
        }
        if self.passes.is_empty() && whole == 0 {
            let _ = writeln!(
                out,
                "no pass: the kernel is scalar (elementwise when called with arrays)"
            );
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        let _ = writeln!(
            out,
            "reductions: chunks of CHUNK elements, 4 vector accumulators per chunk (sums cascade: \
             each accumulator restarts every {block} vectors and adds the block's partial into a second-level \
             accumulator) combined pairwise, chunk partials combined pairwise in chunk order (the same in every variant and thread count)",
            block = crate::backend::kernel::BLOCK
        );
        out
    }
}

impl LoopPlan {
    /// Where the call node `c` runs among the passes: "before pass K", "after the
    /// passes", or that there are none.
    fn when_called(&self, c: NodeId) -> String {
        self.steps
            .iter()
            .skip_while(|s| **s != Step::Node(c))
            .find_map(|s| match s {
                Step::Pass(p) => Some(format!("before pass {}", p + 1)),
                Step::Node(_) => None,
            })
            .unwrap_or_else(|| {
                if self.passes.is_empty() {
                    "no loop of this kernel's own".into()
                } else {
                    "after the passes".into()
                }
            })
    }
}

fn arg_name(body: &Body, a: usize) -> String {
    body.nodes
        .iter()
        .find(|n| matches!(n.op, Op::Arg(i) if i == a))
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// `` `e` = `exp(z - max(z))` `` for `let` names, else the source text.
fn describe(body: &Body, id: NodeId) -> String {
    match body.let_names.get(&id) {
        Some(name) => format!("`{name}` = `{}`", body.node(id).text),
        None => format!("`{}`", body.node(id).text),
    }
}

#[cfg(test)]
mod tests;
