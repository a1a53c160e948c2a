//! The reference interpreter on its own: it evaluates every generated kernel on every
//! length without panicking, and its rules hold on hand-checked cases.

use kernelize_fuzz_gen::ast::{IntTy, ParamTy};
use kernelize_fuzz_gen::reference::{Arg, evaluate};
use kernelize_fuzz_gen::rng::Rng;
use kernelize_fuzz_gen::{Config, Switches, generate, print};

#[test]
fn evaluates_every_generated_kernel() {
    let corpus = generate(&Config {
        seed: 7,
        kernels: 300,
        switches: Switches::ALL,
    });
    let mut rng = Rng::new(1, 2);
    for (i, k) in corpus.kernels.iter().enumerate() {
        for n in [0usize, 1, 5, 70] {
            let arrays: Vec<Vec<f64>> = k
                .params
                .iter()
                .map(|_| (0..n).map(|_| rng.uniform(-3.0, 3.0)).collect())
                .collect();
            let args: Vec<Arg<'_, f64>> = k
                .params
                .iter()
                .zip(&arrays)
                .map(|(p, a)| match p.ty {
                    ParamTy::Array { .. } => Arg::Array(a),
                    ParamTy::Float => Arg::Float(0.5),
                    ParamTy::Int(IntTy::Usize) => Arg::Int(3),
                    ParamTy::Int(_) => Arg::Int(-2),
                })
                .collect();
            let r = std::panic::catch_unwind(|| evaluate(&corpus, i, &args));
            assert!(
                r.is_ok(),
                "length {n}:\n{}",
                print::kernel_source(&corpus, i)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hand-checked rules.

use kernelize_fuzz_gen::ast::{
    Attrs, Binary, Corpus, Domain, Elem, Expr, Kernel, Param, Reduce, RetTy, Spell, Unary,
};
use kernelize_fuzz_gen::reference::{Outcome, Val};

/// A corpus of one `f64` kernel of one array `x` (and a scalar `a`) returning `result`.
fn one(result: Expr, ret: RetTy) -> Corpus {
    let d = Domain { lo: -1.0, hi: 1.0 };
    Corpus {
        seed: 0,
        kernels: vec![Kernel {
            name: "k".into(),
            elem: Elem::F64,
            attrs: Attrs::default(),
            params: vec![
                Param {
                    name: "x".into(),
                    ty: ParamTy::Array {
                        mutable: false,
                        contiguous: false,
                    },
                },
                Param {
                    name: "a".into(),
                    ty: ParamTy::Float,
                },
            ],
            lets: vec![],
            result,
            ret,
            explicit_return: false,
            array_domain: d,
            scalar_domain: d,
        }],
    }
}

fn x() -> Box<Expr> {
    Box::new(Expr::Param(0))
}

fn a() -> Box<Expr> {
    Box::new(Expr::Param(1))
}

fn run(c: &Corpus, xs: &[f64], a: f64) -> Outcome<f64> {
    evaluate(c, 0, &[Arg::Array(xs), Arg::Float(a)]).expect("no empty reduction")
}

fn scalar(o: Outcome<f64>) -> Val<f64> {
    match o {
        Outcome::Scalar(v) => v,
        Outcome::Array(_) => panic!("an array"),
    }
}

#[test]
fn arithmetic_on_exact_inputs_is_exact() {
    // x * a + x: two roundings, computed exactly as the kernel must.
    let e = Expr::Binary(
        Binary::Add,
        Spell::Function,
        Box::new(Expr::Binary(Binary::Mul, Spell::Function, x(), a())),
        x(),
    );
    let Outcome::Array(v) = run(&one(e, RetTy::Array), &[0.1, 3.0], 0.7) else {
        panic!()
    };
    assert_eq!(v[0], Val::Point(0.1 * 0.7 + 0.1));
    assert!(v[0].admits(0.1 * 0.7 + 0.1));
    assert!(!v[0].admits((0.1f64 * 0.7 + 0.1).next_up()));
}

#[test]
fn maximum_puts_positive_zero_above_negative_zero() {
    let e = Expr::Binary(Binary::Maximum, Spell::Function, x(), a());
    let Outcome::Array(v) = run(&one(e, RetTy::Array), &[-0.0], 0.0) else {
        panic!()
    };
    assert!(v[0].admits(0.0) && !v[0].admits(-0.0));
    let e = Expr::Binary(Binary::Minimum, Spell::Function, x(), a());
    let Outcome::Array(v) = run(&one(e, RetTy::Array), &[-0.0], 0.0) else {
        panic!()
    };
    assert!(v[0].admits(-0.0) && !v[0].admits(0.0));
}

#[test]
fn argmax_takes_the_first_nan_then_the_first_maximum() {
    let c = one(Expr::ArgExtreme(true, x()), RetTy::Float);
    assert_eq!(scalar(run(&c, &[1.0, 5.0, 5.0, 2.0], 0.0)), Val::Point(1.0));
    assert_eq!(
        scalar(run(&c, &[1.0, f64::NAN, 7.0, f64::NAN], 0.0)),
        Val::Point(1.0)
    );
}

#[test]
fn empty_reductions_without_identity_are_errors() {
    for r in [Reduce::Max, Reduce::Min, Reduce::Mean] {
        let c = one(Expr::Reduce(r, x()), RetTy::Float);
        assert!(evaluate(&c, 0, &[Arg::Array(&[]), Arg::Float(0.0)]).is_err());
    }
    let c = one(Expr::Reduce(Reduce::Prod, x()), RetTy::Float);
    assert!(scalar(run(&c, &[], 0.0)).admits(1.0));
}

#[test]
fn a_sum_admits_every_order_and_no_more() {
    // 1e16 + 1 - 1e16: 0, 1 or 2 depending on the order; the bound for 3 terms is
    // γ_10 · Σ|t| ≈ 22 (10 = `sum_depth(3)`, counting the lanes' combining levels).
    let c = one(Expr::Reduce(Reduce::Sum, x()), RetTy::Float);
    let v = scalar(run(&c, &[1e16, 1.0, -1e16], 0.0));
    assert!(v.admits(0.0) && v.admits(1.0) && v.admits(2.0), "{v:?}");
    assert!(!v.admits(30.0), "{v:?}");
}

#[test]
fn library_functions_get_their_documented_ulps() {
    let e = Expr::Unary(Unary::Exp, Spell::Function, x());
    let Outcome::Array(v) = run(&one(e, RetTy::Array), &[1.0, 0.0, f64::NEG_INFINITY], 0.0) else {
        panic!()
    };
    let e1 = 1f64.exp();
    assert!(v[0].admits(e1.next_up().next_up()) && v[0].admits(e1.next_down().next_down()));
    assert!(!v[0].admits(e1 * (1.0 + 1e-14)));
    // Special arguments: exactly C99's values.
    assert_eq!(v[1], Val::Point(1.0));
    assert_eq!(v[2], Val::Point(0.0));
    let e = Expr::Unary(Unary::Log, Spell::Function, x());
    let Outcome::Array(v) = run(&one(e, RetTy::Array), &[-1.0], 0.0) else {
        panic!()
    };
    assert!(v[0].is_nan());
}

#[test]
fn the_online_normaliser_is_allowed_for() {
    // sum(exp(x - max(x))) over equal values is exactly n in any exact arithmetic; the
    // bound allows the rescales' rounding.
    let d = Expr::Binary(
        Binary::Sub,
        Spell::Function,
        x(),
        Box::new(Expr::Reduce(Reduce::Max, x())),
    );
    let e = Expr::Reduce(
        Reduce::Sum,
        Box::new(Expr::Unary(Unary::Exp, Spell::Function, Box::new(d))),
    );
    let xs = vec![3.0; 1000];
    let v = scalar(run(&one(e, RetTy::Float), &xs, 0.0));
    assert!(v.admits(1000.0));
}
