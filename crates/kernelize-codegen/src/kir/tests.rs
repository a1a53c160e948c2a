//! The loop IR's lowering, races and verifier on small bodies.

use crate::kir::{self, Order, ReduceOp, StmtKind};
use crate::lang::stmt::lower_statements;

fn lower(src: &str) -> Result<kir::Kernel, String> {
    let func: syn::ItemFn = syn::parse_str(src).expect("parses");
    let decl = crate::check::analyze(proc_macro2::TokenStream::new(), &func).expect("checks");
    lower_statements(&decl, &Default::default()).map_err(|outcome| match outcome {
        crate::lang::Lowered::Error(e) => e.to_string(),
        other => format!("{other:?}"),
    })
}

fn err(src: &str) -> String {
    lower(src).err().unwrap_or_default()
}

#[test]
fn a_prange_sum_is_a_reduction() {
    let k = lower(
        "fn f(x: &[f64]) -> f64 { let mut s = 0.0; for i in prange(x.len()) { s += x[i]; } s }",
    )
    .unwrap();
    let StmtKind::Loop(lp) = &k.body[1].kind else {
        panic!("{:?}", k.body[1])
    };
    assert_eq!(lp.order, Order::Independent);
    assert_eq!(lp.reductions.len(), 1);
    assert_eq!(lp.reductions[0].op, ReduceOp::Add);
}

#[test]
fn integer_lets_take_the_type_of_their_use() {
    let k = lower(
        "fn f(x: &[f64]) -> f64 { let mut k = 0; let mut s = 0.0; while k < x.len() { s += x[k]; k += 1; } s }",
    )
    .unwrap();
    assert_eq!(k.vars[1].ty, kir::Ty::Scalar(crate::model::ElemType::Usize));
}

#[test]
fn races_are_refused() {
    assert!(
        err("fn f(x: &[f64], out: &mut [f64]) { for i in prange(x.len()) { out[i + 1] = x[i]; } }")
            .contains("another iteration may also write")
    );
    assert!(err("fn f(x: &[f64]) -> f64 { let mut s = 0.0; for i in prange(x.len()) { s = s * 0.5 + x[i]; } s }")
        .contains("not as a reduction"));
    assert!(err("fn f(x: &[f64]) -> f64 { let mut s = 0.0; for i in prange(x.len()) { s += x[i]; let t = s; } s }")
        .contains("is read here"));
}

#[test]
fn mistakes_get_messages() {
    assert!(err("fn f(x: &[f64]) -> f64 { let s = 0.0; s += 1.0; s }").contains("not `mut`"));
    assert!(err("fn f(x: &[f64]) { x[0] = 1.0; }").contains("read-only"));
    assert!(err("fn f(x: &[f64]) -> f64 { break; 0.0 }").contains("outside a loop"));
    assert!(err("fn f(x: &[f64]) -> f64 { let i = 1.5; x[i] }").contains("`usize`"));
}

#[test]
fn a_prange_histogram_is_an_array_reduction_and_only_that() {
    let k = lower(
        "fn f(x: &[f64], h: &mut [f64]) { for i in prange(x.len()) { let k = x[i] as usize; h[k] += 1.0; } }",
    )
    .unwrap();
    let StmtKind::Loop(lp) = &k.body[0].kind else {
        panic!()
    };
    assert_eq!(lp.array_reductions.len(), 1);
    assert_eq!(lp.array_reductions[0].op, ReduceOp::Add);
    assert!(err(
        "fn f(x: &[f64], h: &mut [f64]) { for i in prange(x.len()) { let k = x[i] as usize; h[k] += 1.0; let t = h[0]; } }"
    )
    .contains("also reads or writes"));
    assert!(err(
        "fn f(x: &[f64], h: &mut [f64]) { for i in prange(x.len()) { let k = x[i] as usize; h[k] = h[k] * 2.0 + 1.0; } }"
    )
    .contains("another iteration may also write"));
}
