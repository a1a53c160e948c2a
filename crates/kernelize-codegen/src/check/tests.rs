//! `analyze` with `proc_macro2` tokens: the model it builds and every error it reports.

use quote::quote;
use syn::parse_quote;

use super::*;

fn analyze_ok(attr: TokenStream, func: syn::ItemFn) -> KernelDecl {
    match analyze(attr, &func) {
        Ok(decl) => decl,
        Err(e) => panic!(
            "expected success, got: {:?}",
            e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>()
        ),
    }
}

fn analyze_errors(attr: TokenStream, func: syn::ItemFn) -> Vec<String> {
    match analyze(attr, &func) {
        Ok(decl) => panic!("expected errors, got `{}`", decl.signature),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn softmax_with_signature() {
    let decl = analyze_ok(
        quote!(signature = "f8[:](f8[:])", parallel, nogil),
        parse_quote! {
            pub fn softmax(z: &[f64]) -> Vec<f64> {
                let e = exp(z - max(z));
                e / sum(e)
            }
        },
    );
    assert_eq!(decl.signature, "f8[:](f8[:])");
    assert_eq!(decl.ret, ReturnKind::Array(ElemType::F64));
    assert_eq!(decl.args.len(), 1);
    assert_eq!(decl.args[0].name, "z");
    assert_eq!(decl.args[0].elem, ElemType::F64);
    assert_eq!(decl.args[0].kind, ArgKind::Array);
    assert!(
        decl.options.parallel
            && decl.options.nogil
            && !decl.options.fastmath
            && !decl.options.cache
    );
    assert_eq!(decl.func.sig.ident, "softmax");
}

#[test]
fn derived_signature() {
    let decl = analyze_ok(
        quote!(),
        parse_quote! {
            fn axpy(a: f32, x: &[f32], y: &[f32], out: &mut [f32], n: usize, k: isize, flag: bool) {}
        },
    );
    assert_eq!(
        decl.signature,
        "void(f4, f4[:], f4[:], f4[:], uintp, intp, b1)"
    );
    assert_eq!(decl.ret, ReturnKind::Void);
    let kinds: Vec<_> = decl
        .args
        .iter()
        .map(|a| (a.name.to_string(), a.elem, a.kind))
        .collect();
    assert_eq!(
        kinds[3],
        ("out".to_owned(), ElemType::F32, ArgKind::ArrayMut)
    );
    assert_eq!(kinds[4], ("n".to_owned(), ElemType::Usize, ArgKind::Scalar));
    assert_eq!(kinds[5], ("k".to_owned(), ElemType::Isize, ArgKind::Scalar));
    assert_eq!(
        kinds[6],
        ("flag".to_owned(), ElemType::Bool, ArgKind::Scalar)
    );
}

#[test]
fn every_integer_width_maps() {
    let decl = analyze_ok(
        quote!(signature = "i8(i1, i2, i4, i8, u1, u2, u4, u8, intp, uintp, intc, uintc)"),
        parse_quote! {
            fn f(a: i8, b: i16, c: i32, d: i64, e: u8, f: u16, g: u32, h: u64, i: isize, j: usize, k: i32, l: u32) -> i64 { d }
        },
    );
    assert_eq!(
        decl.signature,
        "i8(i1, i2, i4, i8, u1, u2, u4, u8, intp, uintp, i4, u4)"
    );
}

#[test]
fn result_from_the_rust_fn() {
    let decl = analyze_ok(
        quote!(signature = "(f8[::1], f8)"),
        parse_quote! { fn f(x: &[f64], s: f64) -> f64 { s } },
    );
    assert_eq!(decl.signature, "f8(f8[::1], f8)");
    assert_eq!(decl.ret, ReturnKind::Scalar(ElemType::F64));
    let decl = analyze_ok(quote!(signature = "()"), parse_quote! { fn f() {} });
    assert_eq!(decl.signature, "void()");
}

#[test]
fn long_names_and_aliases() {
    let decl = analyze_ok(
        quote!(signature = "float64[:]( double[:] , float32 , boolean )"),
        parse_quote! { fn f(x: &[f64], s: f32, b: bool) -> Vec<f64> { x } },
    );
    assert_eq!(decl.signature, "f8[:](f8[:], f4, b1)");
    let decl = analyze_ok(
        quote!(signature = "none(f8[:], f8[:])"),
        parse_quote! { fn f(x: &[f64], out: &mut [f64]) -> () {} },
    );
    assert_eq!(decl.signature, "void(f8[:], f8[:])");
    assert_eq!(decl.args[1].kind, ArgKind::ArrayMut);
}

#[test]
fn argument_mismatch_names_both_sides() {
    let errors = analyze_errors(
        quote!(signature = "f8[:](f8[:])"),
        parse_quote! { pub fn f(x: f64) -> Vec<f64> { x } },
    );
    // In tests the fallback spans can point inside the string, but a mismatch is spanned
    // at the Rust type, so the caret line is always in the message.
    assert_eq!(
        errors,
        vec![
            "argument `x`: the signature says `f8[:]` (an array of `f64`), so the Rust type must be `&[f64]` or `&mut [f64]`, found `f64`\n  f8[:](f8[:])\n        ^^^^^ column 7"
        ]
    );
}

#[test]
fn every_mismatch_is_reported() {
    let errors = analyze_errors(
        quote!(signature = "f8[:](f8[:], f4, intp, i4[:])", paralel),
        parse_quote! { fn f(x: f64, lo: f64, n: usize, k: &[i32]) -> f64 { x } },
    );
    assert_eq!(errors.len(), 6, "{errors:#?}");
    assert!(errors[0].starts_with("unknown option `paralel`; did you mean `parallel`?"));
    assert!(errors[1].starts_with("argument `x`: the signature says `f8[:]`"));
    assert!(errors[2].starts_with(
        "argument `lo`: the signature says `f4` (a scalar `f32`), so the Rust type must be `f32`, found `f64`"
    ));
    assert!(errors[3].starts_with(
        "argument `n`: the signature says `intp` (a scalar `isize`), so the Rust type must be `isize`, found `usize`"
    ));
    assert!(errors[4].starts_with(
        "argument `k`: arrays of `i4` (`i32`) are not supported yet: array elements must be `f4` or `f8`"
    ));
    assert!(errors[5].starts_with(
        "the result: the signature says `f8[:]` (an array of `f64`), so the Rust fn must return `Vec<f64>`, found `f64`"
    ));
}

#[test]
fn arity() {
    let errors = analyze_errors(
        quote!(signature = "f8(f8[:])"),
        parse_quote! { fn f(x: &[f64], s: f64, t: f64) -> f64 { s } },
    );
    assert_eq!(
        errors,
        vec![
            "argument `s` is not in the signature, which has 1 argument\n  f8(f8[:])\n    ^^^^^^^ column 3",
            "argument `t` is not in the signature, which has 1 argument\n  f8(f8[:])\n    ^^^^^^^ column 3",
        ]
    );
    let errors = analyze_errors(
        quote!(signature = "f8(f8[:], f8, f8[:])"),
        parse_quote! { fn f(x: &[f64]) -> f64 { s } },
    );
    assert_eq!(
        errors,
        vec![
            "the signature has 3 arguments but the Rust fn has 1: add arguments for `f8`, `f8[:]`\n  f8(f8[:], f8, f8[:])\n            ^^^^^^^^^ column 11"
        ]
    );
}

#[test]
fn result_mismatches() {
    let cases: [(&str, syn::ItemFn, &str); 4] = [
        (
            "void(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> f64 { 0.0 } },
            "the result: the signature says `void` (no result), so the Rust fn must have no return type, found `f64`",
        ),
        (
            "f8(f8[:])",
            parse_quote! { fn f(x: &[f64]) {} },
            "the result: the signature says `f8` (a scalar `f64`), so the Rust fn must return `f64`, found no return type",
        ),
        (
            "f4[:](f4[:])",
            parse_quote! { fn f(x: &[f32]) -> Vec<f64> { x } },
            "the result: the signature says `f4[:]` (an array of `f32`), so the Rust fn must return `Vec<f32>`, found `Vec<f64>`",
        ),
        (
            "f8[:](f8[:])",
            parse_quote! { fn f(x: &[f64]) -> &[f64] { x } },
            "the result: the signature says `f8[:]` (an array of `f64`), so the Rust fn must return `Vec<f64>`, found `&[f64]`",
        ),
    ];
    for (signature, func, message) in cases {
        let errors = analyze_errors(quote!(signature = #signature), func);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(message),
            "{}\n  wanted: {message}",
            errors[0]
        );
    }
}

#[test]
fn pointer_width_confusion_is_explained() {
    let errors = analyze_errors(
        quote!(signature = "f8(i8, intp)"),
        parse_quote! { fn f(n: isize, m: i64) -> f64 { 0.0 } },
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("found `isize` (`isize` is written `intp`)"));
    assert!(errors[1].contains("found `i64` (`intp` is `isize`; `i64` is written `i8`)"));
}

#[test]
fn byte_width_confusion_is_explained() {
    let errors = analyze_errors(
        quote!(signature = "f8(i8)"),
        parse_quote! { fn f(n: i8) -> f64 { 0.0 } },
    );
    assert!(
        errors[0].contains("(Numba's `i8` is 8 bytes, Rust's `i64`; Rust's `i8` is Numba's `i1`)")
    );
}

#[test]
fn unsupported_rust_types() {
    let cases: [(syn::ItemFn, &str); 8] = [
        (
            parse_quote! { fn f(x: &[u8; 4]) {} },
            "argument `x`: `&[u8; 4]` is not a supported kernel argument type; take a slice instead of a fixed-size array: `&[f64]` or `&[f32]`",
        ),
        (
            parse_quote! { fn f(x: Vec<f64>) {} },
            "argument `x`: `Vec<f64>` is not a supported kernel argument type; take the array as a slice, `&[f64]`",
        ),
        (
            parse_quote! { fn f(x: &Vec<f32>) {} },
            "argument `x`: `&Vec<f32>` is not a supported kernel argument type; take a slice, `&[f32]`",
        ),
        (
            parse_quote! { fn f(s: &str) {} },
            "argument `s`: `&str` is not a supported kernel argument type; a kernel takes scalars by value",
        ),
        (
            parse_quote! { fn f(x: &f64) {} },
            "argument `x`: `&f64` is not a supported kernel argument type; take the scalar by value, `f64`",
        ),
        (
            parse_quote! { fn f(x: impl Iterator<Item = f64>) {} },
            "argument `x`: `impl Iterator < Item = f64 >` is not a supported kernel argument type",
        ),
        (
            parse_quote! { fn f(x: &[f64]) -> Option<f64> { None } },
            "the result: `Option<f64>` is not a supported kernel result type; a kernel returns a scalar such as `f64`",
        ),
        (
            parse_quote! { fn f(x: &[f64]) -> Box<[f64]> { None } },
            "the result: `Box<[f64]>` is not a supported kernel result type; return the array as `Vec<f64>`",
        ),
    ];
    for (func, message) in cases {
        let errors = analyze_errors(quote!(), func);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(message),
            "{}\n  wanted: {message}",
            errors[0]
        );
    }
}

#[test]
fn integer_arrays_are_refused() {
    let errors = analyze_errors(quote!(), parse_quote! { fn f(x: &[i32]) -> Vec<u8> { x } });
    assert_eq!(
        errors,
        vec![
            "argument `x`: arrays of `i4` (`i32`) are not supported yet: array elements must be `f4` or `f8` (`f32` or `f64`)",
            "the result: arrays of `u1` (`u8`) are not supported yet: array elements must be `f4` or `f8` (`f32` or `f64`)",
        ]
    );
}

#[test]
fn fn_shape_rules() {
    let cases: [(syn::ItemFn, &str); 9] = [
        (
            parse_quote! { async fn f(x: f64) {} },
            "a kernel cannot be `async`",
        ),
        (
            parse_quote! { const fn f(x: f64) {} },
            "a kernel cannot be a `const fn`",
        ),
        (
            parse_quote! { unsafe fn f(x: f64) {} },
            "a kernel cannot be an `unsafe fn`",
        ),
        (
            parse_quote! { extern "C" fn f(x: f64) {} },
            "a kernel cannot have an `extern` ABI",
        ),
        (
            parse_quote! { fn f<T: Copy>(x: f64) {} },
            "a kernel cannot be generic",
        ),
        (
            parse_quote! { fn f(x: f64) where f64: Copy {} },
            "a kernel cannot have a `where` clause",
        ),
        (
            parse_quote! { fn f(self, x: f64) {} },
            "a kernel is a free function: it cannot take `self`",
        ),
        (
            parse_quote! { fn f(x: &'static [f64]) {} },
            "remove the lifetime `'static`",
        ),
        (
            parse_quote! { fn f(ref x: f64) {} },
            "argument `x`: remove `ref`",
        ),
    ];
    for (func, message) in cases {
        let errors = analyze_errors(quote!(), func);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(message),
            "{}\n  wanted: {message}",
            errors[0]
        );
    }
    let errors = analyze_errors(quote!(), parse_quote! { fn f<'a>(x: &'a [f64]) {} });
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("a kernel takes no lifetime parameters"));
}

#[test]
fn patterns_are_plain_identifiers() {
    let errors = analyze_errors(
        quote!(),
        parse_quote! { fn f(mut x: f64, _: f64, (a, b): (f64, f64)) {} },
    );
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].starts_with("argument `x`: remove `mut`"));
    assert!(errors[1].starts_with("give the argument a name"));
    assert!(
        errors[2]
            .starts_with("a kernel's arguments are plain identifiers such as `x`, not patterns")
    );
    assert!(
        errors[3].starts_with("argument 3: `(f64, f64)` is not a supported kernel argument type")
    );
}

#[test]
fn signature_errors_and_rust_errors_together() {
    let errors = analyze_errors(
        quote!(signature = "f8(f9[:])"),
        parse_quote! { fn f(x: Vec<f64>) -> f64 { 0.0 } },
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        errors[0],
        "unknown type `f9` in the signature; did you mean `f8`?"
    );
    assert!(
        errors[1].starts_with("argument `x`: `Vec<f64>` is not a supported kernel argument type")
    );
}

#[test]
fn signature_errors_point_inside_the_string() {
    // Tokens parsed from a string carry columns (span-locations is on); `quote!`'s do not.
    let attr: TokenStream = "signature = \"f8(f9[:])\"".parse().unwrap();
    let err = analyze(attr, &parse_quote! { fn f(x: &[f64]) -> f64 { 0.0 } }).unwrap_err();
    // The fallback `proc_macro2` used in tests supports `subspan`: the span covers `f9`,
    // one byte after the quote plus three into the value.
    let literal_start = "signature = ".len();
    assert_eq!(err.span().start().column, literal_start + 1 + 3);
    assert_eq!(err.span().end().column, literal_start + 1 + 5);
}

#[test]
fn kernel_arg_spans_are_the_rust_types() {
    let func: syn::ItemFn = parse_quote! { fn f(x: &[f64], s: f64) -> f64 { s } };
    let decl = analyze_ok(quote!(), func.clone());
    let syn::FnArg::Typed(second) = &func.sig.inputs[1] else {
        unreachable!()
    };
    assert_eq!(decl.args[1].ty_span.start(), second.ty.span().start());
}

#[test]
fn generic_types_get_one_error() {
    let errors = analyze_errors(
        quote!(),
        parse_quote! { fn f<T>(x: &[T], s: f64) -> T { s } },
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("a kernel cannot be generic"));
    let errors = analyze_errors(
        quote!(signature = "f8(f8[:], f8)"),
        parse_quote! { fn f<T>(x: &[T], s: f64) -> T { s } },
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn tuple_result_with_signature() {
    let decl = analyze_ok(
        quote!(signature = "Tuple((f8[:], f8, uintp))(f8[:])"),
        parse_quote! {
            fn f(x: &[f64]) -> (Vec<f64>, f64, usize) {
                let n = len(x);
                (x * 2.0, sum(x), n)
            }
        },
    );
    assert_eq!(decl.signature, "Tuple((f8[:], f8, uintp))(f8[:])");
    assert_eq!(decl.ret, ReturnKind::Tuple);
    assert_eq!(
        decl.parts,
        vec![
            ReturnKind::Array(ElemType::F64),
            ReturnKind::Scalar(ElemType::F64),
            ReturnKind::Scalar(ElemType::Usize)
        ]
    );
    // `UniTuple` and the long names give the canonical `Tuple` form, layouts kept.
    let decl = analyze_ok(
        quote!(signature = "UniTuple(float32[::1], 2)(float32[:])"),
        parse_quote! { fn f(x: &[f32]) -> (Vec<f32>, std::vec::Vec<f32>) { (x, x) } },
    );
    assert_eq!(decl.signature, "Tuple((f4[::1], f4[::1]))(f4[:])");
    assert_eq!(decl.parts, vec![ReturnKind::Array(ElemType::F32); 2]);
}

#[test]
fn tuple_result_from_the_rust_fn() {
    let func: syn::ItemFn =
        parse_quote! { fn f(x: &[f64], k: isize) -> (f64, Vec<f64>) { (k, x) } };
    let derived = analyze_ok(quote!(), func.clone());
    assert_eq!(derived.signature, "Tuple((f8, f8[:]))(f8[:], intp)");
    // The `(args)` form takes the result from the Rust fn, tuples included.
    let args_form = analyze_ok(quote!(signature = "(f8[::1], intp)"), func.clone());
    assert_eq!(args_form.signature, "Tuple((f8, f8[:]))(f8[::1], intp)");
    assert_eq!(args_form.ret, ReturnKind::Tuple);
    assert_eq!(args_form.parts, derived.parts);
    // The canonical signature given back is accepted as it stands.
    let sig = &derived.signature;
    let again = analyze_ok(quote!(signature = #sig), func);
    assert_eq!(&again.signature, sig);
}

#[test]
fn tuple_result_mismatches() {
    let cases: [(&str, syn::ItemFn, &[&str]); 8] = [
        (
            "Tuple((f8[:], f8))(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> (Vec<f64>, f64, usize) { x } },
            &[
                "the result: the signature says `Tuple((f8[:], f8))` (a tuple of 2 parts), so the Rust fn must return `(Vec<f64>, f64)`, found `(Vec<f64>, f64, usize)`, a tuple of 3 parts\n  Tuple((f8[:], f8))(f8[:])\n  ^^^^^^^^^^^^^^^^^^ column 1",
            ],
        ),
        (
            "UniTuple(f8, 3)(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> f64 { 0.0 } },
            &[
                "the result: the signature says `Tuple((f8, f8, f8))` (a tuple of 3 parts), so the Rust fn must return `(f64, f64, f64)`, found `f64`\n",
            ],
        ),
        (
            "Tuple((f8, f8))(f8[:])",
            parse_quote! { fn f(x: &[f64]) {} },
            &[
                "the result: the signature says `Tuple((f8, f8))` (a tuple of 2 parts), so the Rust fn must return `(f64, f64)`, found no return type",
            ],
        ),
        (
            "Tuple((f8[:], f8, uintp))(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> (f64, f64, u64) { x } },
            &[
                "part 1 of the result: the signature says `f8[:]` (an array of `f64`), so the Rust type must be `Vec<f64>`, found `f64`\n  Tuple((f8[:], f8, uintp))(f8[:])\n         ^^^^^ column 8",
                "part 3 of the result: the signature says `uintp` (a scalar `usize`), so the Rust type must be `usize`, found `u64` (`uintp` is `usize`; `u64` is written `u8`)\n  Tuple((f8[:], f8, uintp))(f8[:])\n                    ^^^^^ column 19",
            ],
        ),
        (
            "Tuple((f8, f8[:]))(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> (f64, &[f64]) { x } },
            &[
                "part 2 of the result: the signature says `f8[:]` (an array of `f64`), so the Rust type must be `Vec<f64>`, found `&[f64]`",
            ],
        ),
        (
            "Tuple((i4[:], f8))(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> (Vec<i32>, f64) { x } },
            &[
                "part 1 of the result: arrays of `i4` (`i32`) are not supported yet: array elements must be `f4` or `f8` (`f32` or `f64`)\n  Tuple((i4[:], f8))(f8[:])\n         ^^^^^ column 8",
            ],
        ),
        (
            "f8(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> (f64, Vec<f64>) { x } },
            &[
                "the result: the signature says `f8` (a scalar `f64`), so the Rust fn must return `f64`, found `(f64, Vec<f64>)` (a tuple result is written `Tuple((f8, f8[:]))` in the signature)",
            ],
        ),
        (
            "void(f8[:])",
            parse_quote! { fn f(x: &[f64]) -> (f64, f64) { x } },
            &[
                "the result: the signature says `void` (no result), so the Rust fn must have no return type, found `(f64, f64)` (a tuple result is written `Tuple((f8, f8))` in the signature)",
            ],
        ),
    ];
    for (signature, func, messages) in cases {
        let errors = analyze_errors(quote!(signature = #signature), func);
        assert_eq!(errors.len(), messages.len(), "{errors:#?}");
        for (error, message) in errors.iter().zip(messages) {
            assert!(error.starts_with(message), "{error}\n  wanted: {message}");
        }
    }
}

#[test]
fn tuple_parts_without_signature() {
    let errors = analyze_errors(
        quote!(),
        parse_quote! { fn f(x: &[f64]) -> (Vec<i32>, &[f64], f64) { x } },
    );
    assert_eq!(
        errors,
        vec![
            "part 1 of the result: arrays of `i4` (`i32`) are not supported yet: array elements must be `f4` or `f8` (`f32` or `f64`)",
            "the result: `&[f64]` in a tuple result: each part is a scalar such as `f64` or an array `Vec<f64>`",
        ]
    );
}

#[test]
fn tuple_signature_errors_point_inside_the_string() {
    let errors = analyze_errors(
        quote!(signature = "f8(Tuple((f8, f8)))"),
        parse_quote! { fn f(x: f64) -> f64 { x } },
    );
    assert_eq!(
        errors,
        vec![
            "a tuple is only a result type: an argument is a scalar such as `f8` or an array such as `f8[:]` (pass the parts as arguments of their own)"
        ]
    );
}
