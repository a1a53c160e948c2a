//! Lowering tests, and the helper other stages' tests build declarations with.

use proc_macro2::Span;

use super::*;
use crate::callee::{CalleeInfo, CalleeSig, Known};
use crate::model::{ArgKind, KernelArg, KernelDecl, KernelOptions, ReturnKind};

/// A declaration read from a Rust fn the way the front end would (types `T`, `&[T]`,
/// `&mut [T]`, `Vec<T>`), for tests that must not depend on the front end.
pub(crate) fn test_decl(src: &str, parallel: bool) -> KernelDecl {
    let func: syn::ItemFn = syn::parse_str(src).expect("test kernel parses");
    let elem_of = |ty: &syn::Type| -> ElemType {
        let s = quote::quote!(#ty).to_string().replace(' ', "");
        let inner = s
            .trim_start_matches("&mut[")
            .trim_start_matches("&[")
            .trim_start_matches("Vec<")
            .trim_end_matches(']')
            .trim_end_matches('>');
        ElemType::from_rust_name(inner).expect("known element type")
    };
    let args = func
        .sig
        .inputs
        .iter()
        .map(|a| {
            let syn::FnArg::Typed(pt) = a else {
                panic!("no self")
            };
            let syn::Pat::Ident(id) = &*pt.pat else {
                panic!("plain names")
            };
            let s = quote::quote!(#pt).to_string().replace(' ', "");
            let kind = if s.contains("&mut[") {
                ArgKind::ArrayMut
            } else if s.contains("&[") {
                ArgKind::Array
            } else {
                ArgKind::Scalar
            };
            KernelArg {
                name: id.ident.clone(),
                elem: elem_of(&pt.ty),
                kind,
                ty_span: Span::call_site(),
            }
        })
        .collect();
    let ret = match &func.sig.output {
        syn::ReturnType::Default => ReturnKind::Void,
        syn::ReturnType::Type(_, ty) => {
            let s = quote::quote!(#ty).to_string().replace(' ', "");
            if s.starts_with("Vec<") {
                ReturnKind::Array(elem_of(ty))
            } else {
                ReturnKind::Scalar(elem_of(ty))
            }
        }
    };
    KernelDecl {
        parts: Vec::new(),
        func,
        args,
        ret,
        options: KernelOptions {
            parallel,
            ..KernelOptions::default()
        },
        signature: "test".into(),
    }
}

fn lower_src(src: &str) -> syn::Result<Body> {
    lower(&test_decl(src, false), &Default::default()).into_body()
}

/// Lowers `src` knowing the callee `other` by its signature.
fn lower_with_other(src: &str, args: &[(ArgKind, ElemType)], ret: ReturnKind) -> Lowered {
    let mut known = Known::new();
    let sig = CalleeSig {
        signature: "other".into(),
        args: args.to_vec(),
        ret,
    };
    known.insert("other".into(), CalleeInfo::Kernel(sig));
    lower(&test_decl(src, false), &known)
}

fn err(src: &str) -> String {
    lower_src(src)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

#[test]
fn softmax_lowers_with_shared_max() {
    let body =
        lower_src("fn softmax(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }")
            .unwrap();
    assert_eq!(body.elem, ElemType::F64);
    let reductions = body
        .nodes
        .iter()
        .filter(|n| matches!(n.op, Op::Reduce(..)))
        .count();
    assert_eq!(reductions, 2);
    assert!(matches!(body.node(body.result).shape, Shape::Array(0)));
}

#[test]
fn identical_subexpressions_are_shared() {
    let body = lower_src("fn f(x: &[f64]) -> f64 { max(x) - max(x) }").unwrap();
    let maxes = body
        .nodes
        .iter()
        .filter(|n| matches!(n.op, Op::Reduce(Reduction::Max, _)))
        .count();
    assert_eq!(maxes, 1);
}

#[test]
fn broadcasting_unifies_lengths_with_a_named_check() {
    let body = lower_src("fn f(x: &[f64], y: &[f64], a: f64) -> Vec<f64> { x * a + y }").unwrap();
    assert_eq!(body.length_checks.len(), 1);
    assert_eq!(body.length_checks[0].left.1, "x");
    assert_eq!(body.length_checks[0].right.1, "y");
    assert_eq!(body.classes.len(), 1);
}

#[test]
fn method_spellings_mean_the_free_functions() {
    let a = lower_src("fn f(x: &[f64]) -> f64 { sum(log(x)) }").unwrap();
    let b = lower_src("fn f(x: &[f64]) -> f64 { sum(x.ln()) }").unwrap();
    assert_eq!(
        format!("{:?}", a.nodes.iter().map(|n| &n.op).collect::<Vec<_>>()),
        format!("{:?}", b.nodes.iter().map(|n| &n.op).collect::<Vec<_>>())
    );
}

#[test]
fn let_shadows_constants() {
    let body = lower_src("fn f(x: f64) -> f64 { let pi = 3.0; x * pi }").unwrap();
    assert!(!body.nodes.iter().any(|n| matches!(n.op, Op::Constant(_))));
}

#[test]
fn refusals_say_what_is_supported() {
    assert!(
        err("fn f(x: &[f64]) -> f64 { for i in 0..3 {} sum(x) }")
            .contains("loops are not supported")
    );
    assert!(
        err("fn f(x: f64) -> f64 { if x > 0.0 { x } else { 0.0 } }").contains("select(mask, a, b)")
    );
    assert!(err("fn f(x: &[f64]) -> f64 { x.foo() }").contains("unknown kernel method `.foo()`"));
    assert!(err("fn f(x: &[f64]) -> f64 { max(x, x) }").contains("maximum(x, y)"));
    assert!(err("fn f(x: &[f64]) -> f64 { sum(y) }").contains("unknown name `y`"));
    assert!(err("fn f(x: &[f64]) -> f64 { x }").contains("reduce it"));
    assert!(err("fn f(x: f64) -> Vec<f64> { x }").contains("returns an array"));
    assert!(err("fn f(x: &[f64]) -> Vec<f64> { x > 1.0 }").contains("mask"));
    assert!(err("fn f(x: &[f64]) -> f64 { let m: Vec<f64> = max(x); m }").contains("annotation"));
    assert!(err("fn f(x: &[f64]) -> f64 { sum(x % 2.0) }").contains("operator `%`"));
    assert!(err("fn f(x: f64) -> f64 { println!(\"hi\"); x }").contains("macros"));
}

#[test]
fn errors_accumulate() {
    let e = lower_src("fn f(x: &[f64]) -> f64 { let a = q; let b = x.foo(); sum(x) }").unwrap_err();
    assert_eq!(e.into_iter().count(), 2);
}

#[test]
fn argmax_is_a_max_and_a_search() {
    let body = lower_src("fn f(x: &[f64]) -> usize { argmax(x) }").unwrap();
    assert!(matches!(body.node(body.result).op, Op::ArgFind(true, _, _)));
    assert_eq!(body.empty_checks.len(), 1);
}

#[test]
fn a_call_with_arrays_asks_for_the_callee_then_follows_it() {
    let src = "fn f(x: &[f64]) -> f64 { sum(other(x * 2.0)) }";
    let asked = lower(&test_decl(src, false), &Default::default());
    assert!(
        matches!(&asked, Lowered::Ask(p) if p.len() == 1),
        "{asked:?}"
    );
    let array = [(ArgKind::Array, ElemType::F64)];
    let body = lower_with_other(src, &array, ReturnKind::Array(ElemType::F64))
        .into_body()
        .unwrap();
    assert!(
        body.nodes
            .iter()
            .any(|n| matches!(n.op, Op::KernelCall(CallKind::Whole, ..)))
    );
    let ufunc = [(ArgKind::Scalar, ElemType::F64)];
    let body = lower_with_other(src, &ufunc, ReturnKind::Scalar(ElemType::F64))
        .into_body()
        .unwrap();
    assert!(
        body.nodes
            .iter()
            .any(|n| matches!(n.op, Op::KernelCall(CallKind::Ufunc, ..)))
    );
    // `sum` of one value is refused, naming the call.
    let err = lower_with_other(src, &array, ReturnKind::Scalar(ElemType::F64))
        .into_body()
        .unwrap_err()
        .to_string();
    assert!(err.contains("`sum` reduces an array"), "{err}");
}

#[test]
fn a_call_argument_must_be_what_the_callee_takes() {
    let args = [
        (ArgKind::Scalar, ElemType::F64),
        (ArgKind::Array, ElemType::F64),
    ];
    let src = "fn f(x: &[f64]) -> Vec<f64> { other(x, 2.0) }";
    let err = lower_with_other(src, &args, ReturnKind::Array(ElemType::F64))
        .into_body()
        .unwrap_err();
    let all: Vec<String> = err.into_iter().map(|e| e.to_string()).collect();
    assert!(
        all[0].contains("argument 1 of `other` is a scalar"),
        "{all:?}"
    );
    assert!(
        all[1].contains("argument 2 of `other` is an array"),
        "{all:?}"
    );
    let src = "fn f(x: &[f64]) -> Vec<f64> { other(x) }";
    let err = lower_with_other(src, &args, ReturnKind::Array(ElemType::F64))
        .into_body()
        .unwrap_err()
        .to_string();
    assert!(err.contains("`other` takes 2 arguments"), "{err}");
}

#[test]
fn source_text_is_tidy() {
    let body = lower_src("fn f(z: &[f64]) -> f64 { sum(exp(-z - max(z)) * 2.0) }").unwrap();
    assert_eq!(body.node(body.result).text, "sum(exp(-z - max(z)) * 2.0)");
}

#[test]
fn misspelt_builtins_are_named_and_others_left_to_rust() {
    let err = err("fn f(x: &[f64]) -> Vec<f64> { expp(x) }");
    assert!(err.contains("did you mean `exp`?"), "{err}");
    let err = super::lower::not_a_builtin("sqtr").unwrap_or_default();
    assert!(err.contains("did you mean `sqrt`?"), "{err}");
    let err = super::lower::not_a_builtin("atan2").unwrap_or_default();
    assert!(err.contains("not in the kernel language yet"), "{err}");
    for name in ["esum", "sq", "total", "half", "sums", "logsumexp", "sqr"] {
        assert_eq!(
            super::lower::not_a_builtin(name),
            None,
            "`{name}` may be the user's"
        );
    }
}

#[test]
fn mask_logic_takes_masks() {
    assert!(
        lower_src("fn f(x: &[f64]) -> Vec<f64> { select((x > 0.0) & !(x > 1.0), x, 0.0) }").is_ok()
    );
    assert!(
        err("fn f(x: &[f64]) -> Vec<f64> { select(x & (x > 1.0), x, 0.0) }")
            .contains("combines masks")
    );
    assert!(err("fn f(x: &[f64]) -> Vec<f64> { !x }").contains("negates a mask"));
    assert!(err("fn f(x: &[f64]) -> f64 { count_nonzero(x) }").contains("array of comparisons"));
}
