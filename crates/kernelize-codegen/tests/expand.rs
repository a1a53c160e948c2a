//! Expansion snapshots: the generated code of a few kernels, pretty-printed, so a change in
//! generated code shows up in review. Regenerate with `KERNELIZE_BLESS=1 cargo test -p
//! kernelize-codegen --test expand`, then review the diff.

use std::path::PathBuf;

fn expand(attr: &str, item: &str) -> String {
    let attr: proc_macro2::TokenStream = attr.parse().unwrap();
    let item: proc_macro2::TokenStream = item.parse().unwrap();
    let out = kernelize_codegen::expand_kernel(attr, item);
    let file: syn::File = syn::parse2(out).expect("the expansion parses as items");
    prettyplease::unparse(&file)
}

fn snapshot(name: &str, attr: &str, item: &str) {
    let got = expand(attr, item);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expand")
        .join(format!("{name}.rs"));
    if std::env::var_os("KERNELIZE_BLESS").is_some() || !path.exists() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert!(
        got == want,
        "the expansion of `{name}` changed; rerun with KERNELIZE_BLESS=1 and review the diff"
    );
}

#[test]
fn softmax() {
    snapshot(
        "softmax",
        r#"signature = "f8[:](f8[:])", parallel, nogil"#,
        "pub fn softmax(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }",
    );
}

#[test]
fn axpy_scalar_args_no_parallel() {
    snapshot(
        "axpy",
        "",
        "pub fn axpy(a: f32, x: &[f32], y: &[f32]) -> Vec<f32> { a * x + y }",
    );
}

#[test]
fn ufunc() {
    snapshot(
        "sigmoid",
        "",
        "pub fn sigmoid(x: f64) -> f64 { 1.0 / (1.0 + exp(-x)) }",
    );
}

#[test]
fn argmax_search() {
    snapshot(
        "argmax",
        "parallel",
        "pub fn where_max(x: &[f64]) -> usize { argmax(x) }",
    );
}

#[test]
fn exp_map_parallel() {
    snapshot(
        "ex",
        "parallel",
        "pub fn ex(z: &[f64]) -> Vec<f64> { exp(z) }",
    );
}

/// An array divided by a scalar goes through `math::Divisor` in passes that do little else
/// per element; where the pass computes a math function the division stays a division
/// (it runs beside the function on the divider); arrays divided by arrays always divide.
/// A literal divisor is a scalar too.
#[test]
fn scalar_divisors_only_in_light_passes() {
    let uses = |body: &str| {
        let code = expand(
            "",
            &format!("pub fn k(x: &[f64], y: &[f64]) -> Vec<f64> {{ {body} }}"),
        );
        code.matches("math::Divisor::new").count()
    };
    assert_eq!(uses("x / sum(x)"), 1);
    assert_eq!(uses("(x + y) / (1.0 + sum(x * x))"), 1);
    assert_eq!(uses("exp(x) / sum(x)"), 0);
    assert_eq!(uses("power(x, y) / sum(x)"), 0);
    assert_eq!(uses("x / y"), 0);
    assert_eq!(uses("x / 3.0"), 1);
}

#[test]
fn statements_with_a_prange_reduction() {
    snapshot(
        "running_stats",
        "parallel",
        "pub fn running_stats(x: &[f64], out: &mut [f64]) -> f64 { \
            let mut s = 0.0; \
            for i in 0..x.len() { s += x[i]; out[i] = s; } \
            let mut m = -inf; \
            for i in prange(x.len()) { m = max(m, x[i]); } \
            s / m \
        }",
    );
}

/// A tuple result with an array part: `into` takes one buffer per array part (`out1`)
/// and returns the scalar parts; `__core` takes the buffers as a tuple of options.
#[test]
fn tuple_result_into_buffers() {
    snapshot(
        "running_total",
        "",
        "pub fn running_total(x: &[f64]) -> (f64, Vec<f64>) { \
            let mut sums = zeros(len(x)); \
            let mut s = 0.0; \
            for i in range(len(x)) { s += x[i]; sums[i] = s; } \
            (s, sums) \
        }",
    );
}
