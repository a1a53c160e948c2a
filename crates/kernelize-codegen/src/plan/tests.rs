//! Plan tests: pass counts and storage decisions for known shapes of kernels.

use super::*;
use crate::lang::{lower, tests::test_decl};
use crate::model::{ArgKind, ElemType, ReturnKind};

fn plan_of(src: &str) -> (Body, LoopPlan) {
    let body = lower(&test_decl(src, false), &Default::default())
        .into_body()
        .unwrap();
    let plan = plan(&body, true);
    (body, plan)
}

#[test]
fn softmax_is_two_passes_with_the_online_normaliser() {
    let (_, p) =
        plan_of("fn softmax(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }");
    assert_eq!(p.passes.len(), 2);
    assert_eq!(p.online.len(), 1);
    assert!(p.stored.is_empty());
    // Pass 1 reduces max and the online sum reading only `z`; pass 2 reads `z`, writes.
    assert_eq!(p.passes[0].reductions.len(), 2);
    assert_eq!(p.passes[0].reads, vec![Stream::Arg(0)]);
    assert!(p.passes[1].write.is_some());
}

#[test]
fn the_online_plan_is_the_only_plan_where_it_recomputes_nothing() {
    let costs_nothing = |src: &str| {
        let (body, p) = plan_of(src);
        assert_eq!(p.online.len(), 1, "{src}");
        p.online_costs_nothing(&body)
    };
    // logsumexp and log_softmax: one exp per element either way, one pass fewer online.
    assert!(costs_nothing(
        "fn f(z: &[f64]) -> f64 { let m = max(z); m + log(sum(exp(z - m))) }"
    ));
    assert!(costs_nothing(
        "fn f(z: &[f64]) -> Vec<f64> { let m = max(z); z - m - log(sum(exp(z - m))) }"
    ));
    // softmax: the online plan computes every exp twice.
    assert!(!costs_nothing(
        "fn f(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }"
    ));
    // `A` computed, not loaded: the block maxima would compute it a second time.
    assert!(!costs_nothing(
        "fn f(z: &[f64]) -> f64 { let y = z * 2.0; let m = max(y); m + log(sum(exp(y - m))) }"
    ));
}

#[test]
fn without_the_pattern_a_reused_exp_is_stored_into_the_output() {
    // `sum(e)` with `e = exp(z - 1.0)`: no running maximum to rescale by.
    let (_, p) = plan_of(
        "fn f(z: &[f64]) -> Vec<f64> { let m = max(z); let e = exp(z - m + 0.0); e / sum(e) }",
    );
    assert_eq!(p.passes.len(), 3);
    assert!(p.stored.values().all(|b| *b == Buffer::Output));
    assert_eq!(p.stored.len(), 1);
    assert_eq!(p.passes[2].reads.len(), 1);
    assert!(matches!(p.passes[2].reads[0], Stream::Stored(_)));
}

#[test]
fn only_the_pass_writing_the_result_streams_it() {
    // The stored-exps plan: pass 2 stores the exps into the output for pass 3 to re-read,
    // so only pass 3 may stream.
    let (_, p) = plan_of(
        "fn f(z: &[f64]) -> Vec<f64> { let m = max(z); let e = exp(z - m + 0.0); e / sum(e) }",
    );
    let streams: Vec<bool> = (0..p.passes.len()).map(|i| p.streams_output(i)).collect();
    assert_eq!(streams, vec![false, false, true]);
    // Passes writing nothing (a reduction, a search) never stream; an elementwise
    // kernel's one pass does.
    let (_, p) = plan_of("fn f(x: &[f64]) -> f64 { argmax(x) }");
    assert!((0..p.passes.len()).all(|i| !p.streams_output(i)));
    let (_, p) = plan_of("fn f(x: &[f64], y: &[f64]) -> Vec<f64> { exp(x) * y + 1.0 }");
    assert!(p.streams_output(0));
}

#[test]
fn reductions_of_the_same_level_share_a_pass() {
    let (_, p) = plan_of("fn f(x: &[f64]) -> f64 { (max(x) - min(x)) / sum(x) }");
    assert_eq!(p.passes.len(), 1);
    assert_eq!(p.passes[0].reductions.len(), 3);
}

#[test]
fn cheap_lets_are_recomputed() {
    let (_, p) = plan_of("fn f(x: &[f64]) -> Vec<f64> { let d = x * 2.0; d / sum(d) }");
    assert_eq!(p.passes.len(), 2);
    assert!(p.stored.is_empty());
}

#[test]
fn elementwise_kernels_are_one_pass() {
    let (_, p) = plan_of("fn f(x: &[f64], y: &[f64]) -> Vec<f64> { exp(x) * y + 1.0 }");
    assert_eq!(p.passes.len(), 1);
}

#[test]
fn argmax_adds_a_search_pass() {
    let (_, p) = plan_of("fn f(x: &[f64]) -> usize { argmax(x) }");
    assert_eq!(p.passes.len(), 2);
    assert!(matches!(p.passes[1].kind, PassKind::Find(_)));
}

#[test]
fn explain_lists_an_array_kernel_call_as_a_pass_before_the_loop() {
    let src = "fn f(z: &[f64]) -> Vec<f64> { let num = exp(z); num / esum(z) }";
    let mut known = crate::callee::Known::new();
    let esum = crate::callee::CalleeSig {
        signature: "f8(f8[:])".into(),
        args: vec![(ArgKind::Array, ElemType::F64)],
        ret: ReturnKind::Scalar(ElemType::F64),
    };
    known.insert("esum".into(), crate::callee::CalleeInfo::Kernel(esum));
    let b = lower(&test_decl(src, false), &known).into_body().unwrap();
    let p = plan(&b, true);
    assert_eq!(p.passes.len(), 1);
    let text = p.explain(&b, "kernel `f`");
    assert!(text.contains("2 pass(es) over memory;"), "{text}");
    assert!(
        text.contains("call pass (before pass 1): `esum(z)` runs once"),
        "{text}"
    );
}

/// The plan's notes about `exp`s that skip overflow handling.
fn nonpositive_notes(src: &str) -> Vec<String> {
    let (_, p) = plan_of(src);
    p.notes
        .into_iter()
        .filter(|n| n.contains("cannot be positive"))
        .collect()
}

#[test]
fn notes_say_which_exps_cannot_overflow() {
    let notes = nonpositive_notes(
        "fn softmax(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }",
    );
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("`exp(z - max(z))`"), "{}", notes[0]);
    let notes = nonpositive_notes("fn f(z: &[f64]) -> Vec<f64> { exp(z - 1.0) + exp(-abs(z)) }");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("`-abs(z)`"), "{}", notes[0]);
}

/// A stored array is never read by a pass at the level it is written (found by the
/// fuzzer: `pair(x * 2.0, x * 2.0 + 1.0) + max(x * 2.0 + 1.0)` read `x * 2.0 + 1.0`'s
/// temporary in the pass before the one writing it).
#[test]
fn a_stored_array_is_read_only_after_its_pass() {
    let src =
        "fn caller(x: &[f64]) -> Vec<f64> { pair(x * 2.0, x * 2.0 + 1.0) + max(x * 2.0 + 1.0) }";
    let mut known = crate::callee::Known::new();
    let sig = crate::callee::CalleeSig {
        signature: "f8[:](f8[:], f8[:])".into(),
        args: vec![
            (ArgKind::Array, ElemType::F64),
            (ArgKind::Array, ElemType::F64),
        ],
        ret: ReturnKind::Array(ElemType::F64),
    };
    known.insert("pair".into(), crate::callee::CalleeInfo::Kernel(sig));
    let b = lower(&test_decl(src, false), &known).into_body().unwrap();
    let p = plan(&b, true);
    for (i, pass) in p.passes.iter().enumerate() {
        for s in &pass.reads {
            if let Stream::Stored(id) = s {
                let writer = p
                    .passes
                    .iter()
                    .position(|q| q.write.map(|w| w.0) == Some(*id));
                assert!(
                    writer.is_some_and(|w| w < i && p.passes[w].level < pass.level),
                    "pass {i} reads {id} too early: {:?}",
                    p.passes
                );
            }
        }
    }
}

/// A call is made wherever it is written, even where only its length is read or its
/// value is not used (found by the fuzzer: `len(x + centred(x))` never called `centred`,
/// so the empty-array error of its `max` was lost).
#[test]
fn every_call_written_is_made() {
    let mut known = crate::callee::Known::new();
    let sig = crate::callee::CalleeSig {
        signature: "f8[:](f8[:])".into(),
        args: vec![(ArgKind::Array, ElemType::F64)],
        ret: ReturnKind::Array(ElemType::F64),
    };
    known.insert("centred".into(), crate::callee::CalleeInfo::Kernel(sig));
    for src in [
        "fn n(x: &[f64]) -> f64 { len(x + centred(x)) }",
        "fn n(x: &[f64]) -> f64 { let c = centred(x * 2.0); sum(x) }",
        "fn n(x: &[f64]) -> f64 { let c = centred(x); let d = centred(c); sum(x) }",
        "fn n(x: &[f64]) -> f64 { let m: Vec<f64> = make(len(x)); sum(x) }",
    ] {
        let b = lower(&test_decl(src, false), &known).into_body().unwrap();
        let p = plan(&b, true);
        for (id, node) in b.nodes.iter().enumerate() {
            if matches!(node.op, Op::KernelCall(..) | Op::RustCall(..)) {
                assert!(p.live[id], "{src}: `{}` is not made", node.text);
                assert!(p.steps.contains(&Step::Node(id)), "{src}: `{}`", node.text);
            }
        }
        // An array argument that is an expression is stored before the call.
        for (id, node) in b.nodes.iter().enumerate() {
            if let Op::KernelCall(_, _, args) = &node.op {
                for &a in args {
                    if matches!(b.node(a).op, Op::Binary(..)) {
                        assert!(p.stored.contains_key(&a), "{src}");
                        assert!(p.passes.iter().any(|q| q.write.map(|w| w.0) == Some(a)));
                    }
                }
                let _ = id;
            }
        }
    }
}

/// Array-expression plans lower into the loop IR (`lower::to_kir`): the kernel verifies,
/// each pass is one `prange` over its class with its reductions and its write, its arrays
/// known to be in bounds, and only the pass writing the result streams.
#[test]
fn plans_lower_into_verified_loops() {
    let loops = |k: &crate::kir::Kernel| -> Vec<crate::kir::Loop> {
        k.body
            .iter()
            .filter_map(|s| match &s.kind {
                crate::kir::StmtKind::Loop(lp) => Some((**lp).clone()),
                _ => None,
            })
            .collect()
    };
    for src in [
        "fn f(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> { a * x + y }",
        "fn f(x: &[f64]) -> f64 { sum(exp(x)) / len(x) }",
        "fn f(x: &[f64]) -> Vec<f64> { let m = max(x); let e = exp(x - m + 0.0); e / sum(e) }",
        "fn f(x: &[f32], y: &[f32]) -> f32 { max(select(x > y, x, y * 2)) + prod(x) }",
        "fn f(x: &[f64], n: usize) -> Vec<f64> { x.mul_add(x, 1.0) / n }",
    ] {
        let (body, p) = plan_of(src);
        let decl = test_decl(src, false);
        assert!(lower::supported(&body, &p), "{src}");
        let k = lower::to_kir(&decl, &body, &p);
        crate::kir::verify(&k).unwrap_or_else(|e| panic!("{src}: {e}"));
        let lps = loops(&k);
        assert_eq!(lps.len(), p.passes.len(), "{src}");
        for (lp, pass) in lps.iter().zip(&p.passes) {
            assert_eq!(lp.order, crate::kir::Order::Independent);
            assert_eq!(lp.reductions.len(), pass.reductions.len(), "{src}");
            assert_eq!(
                lp.hints.in_bounds.len(),
                pass.reads.len() + usize::from(pass.write.is_some())
            );
        }
        let streaming = lps.iter().filter(|lp| lp.hints.stream.is_some()).count();
        let writes_result = matches!(decl.ret, ReturnKind::Array(_));
        assert_eq!(streaming, usize::from(writes_result), "{src}");
    }
}

/// The online normaliser lowers into one reduction of the pass computing `max(z)`: the sum
/// ([`crate::kir::ReduceOp::OnlineExpSum`]) naming the maximum's variable, which the loop
/// does not write (its combination sets it), on lanes.
#[test]
fn the_online_normaliser_is_one_reduction_on_lanes() {
    for src in [
        "fn f(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }",
        "fn f(z: &[f32]) -> f32 { let m = max(z); m + log(sum(exp(z - m))) }",
        "fn f(z: &[f64], t: f64) -> Vec<f64> { let a = z * t; let e = exp(a - max(a)); e / sum(e) }",
    ] {
        let (body, p) = plan_of(src);
        assert!(!p.online.is_empty() && lower::supported(&body, &p), "{src}");
        let k = lower::to_kir(&test_decl(src, false), &body, &p);
        crate::kir::verify(&k).unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(lower::online_on_lanes(&k), "{src}");
        let first = k.body.iter().find_map(|s| match &s.kind {
            crate::kir::StmtKind::Loop(lp) => Some(lp),
            _ => None,
        });
        let lp = first.expect("a pass");
        assert_eq!(lp.reductions.len(), 1, "{src}");
        let crate::kir::ReduceOp::OnlineExpSum { max } = lp.reductions[0].op else {
            panic!("{src}: {:?}", lp.reductions[0].op)
        };
        assert_ne!(max, lp.reductions[0].var);
    }
}

/// `argmax`'s search lowers into a `for` loop over its class that leaves at the first
/// index holding the maximum or NaN: a search the lane target runs on lanes.
#[test]
fn searches_lower_into_for_loops_that_leave() {
    for src in [
        "fn f(z: &[f64]) -> usize { argmax(z) }",
        "fn f(z: &[f32], y: &[f32]) -> usize { argmin(z * y + 1.0) }",
    ] {
        let (body, p) = plan_of(src);
        assert!(lower::supported(&body, &p), "{src}");
        let k = lower::to_kir(&test_decl(src, false), &body, &p);
        crate::kir::verify(&k).unwrap_or_else(|e| panic!("{src}: {e}"));
        let search = k.body.iter().find_map(|s| match &s.kind {
            crate::kir::StmtKind::Loop(lp) if lp.order == crate::kir::Order::InOrder => Some(lp),
            _ => None,
        });
        let lp = search.unwrap_or_else(|| panic!("{src}: no `for` loop"));
        let Some(crate::kir::StmtKind::If { then, .. }) = lp.body.last().map(|s| &s.kind) else {
            panic!("{src}: the loop does not end in an `if`")
        };
        assert!(matches!(
            then.last().map(|s| &s.kind),
            Some(crate::kir::StmtKind::Break)
        ));
    }
}
