//! Properties of the signature parser: it never panics, its spans stay inside the
//! string, and every signature it accepts prints to a canonical string that parses back
//! to the same signature.

use kernelize_codegen::check::analyze;
use kernelize_codegen::model::ReturnKind;
use kernelize_codegen::signature::{SigType, Signature, caret_display, parse, parse_reporting_all};
use proptest::prelude::*;
use quote::quote;

/// Every name and piece of punctuation the grammar knows, plus near misses, so that
/// random sequences reach deep into the parser.
const PIECES: &[&str] = &[
    "f8",
    "f4",
    "i8",
    "i4",
    "i2",
    "i1",
    "u8",
    "u1",
    "b1",
    "intp",
    "uintp",
    "intc",
    "uintc",
    "float64",
    "double",
    "bool_",
    "boolean",
    "int32",
    "uint64",
    "void",
    "none",
    "c8",
    "c16",
    "complex128",
    "f2",
    "float16",
    "f9",
    "F8",
    "f64",
    "usize",
    "[",
    "]",
    "(",
    ")",
    ":",
    "::1",
    "::",
    ",",
    "1",
    "2",
    "-",
    "->",
    " ",
    "\t",
    "\n",
    "é",
    "\"",
    "[:]",
    "[::1]",
    "[:, :]",
    "Tuple",
    "UniTuple",
    "tuple",
    "((",
    "))",
    "([",
    "])",
    ", 2)",
    "0",
];

/// Scalar spellings, each with its canonical code.
const SCALARS: &[(&str, &str)] = &[
    ("b1", "b1"),
    ("bool_", "b1"),
    ("boolean", "b1"),
    ("i1", "i1"),
    ("int8", "i1"),
    ("i2", "i2"),
    ("int16", "i2"),
    ("i4", "i4"),
    ("int32", "i4"),
    ("intc", "i4"),
    ("i8", "i8"),
    ("int64", "i8"),
    ("intp", "intp"),
    ("u1", "u1"),
    ("uint8", "u1"),
    ("u2", "u2"),
    ("uint16", "u2"),
    ("u4", "u4"),
    ("uint32", "u4"),
    ("uintc", "u4"),
    ("u8", "u8"),
    ("uint64", "u8"),
    ("uintp", "uintp"),
    ("f4", "f4"),
    ("float32", "f4"),
    ("f8", "f8"),
    ("float64", "f8"),
    ("double", "f8"),
];

/// White space, as users might put it anywhere.
fn ws() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "", "", " ", "  ", "\t", "\n", " \r\n "]).prop_map(str::to_owned)
}

/// A valid type: a scalar spelling, maybe as an array of either layout, with white
/// space between its tokens. Returns (source, canonical).
fn ty() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(SCALARS),
        prop::sample::select(vec![None, Some(false), Some(true)]),
        prop::collection::vec(ws(), 6),
    )
        .prop_map(|((name, code), layout, w)| match layout {
            None => (name.to_owned(), code.to_owned()),
            Some(contiguous) => {
                let (src, canon) = if contiguous {
                    (format!("[{}:{}:{}1{}]", w[0], w[1], w[2], w[3]), "[::1]")
                } else {
                    (format!("[{}:{}]", w[0], w[1]), "[:]")
                };
                (format!("{name}{}{src}", w[4]), format!("{code}{canon}"))
            }
        })
}

/// A valid tuple result: `Tuple((..))` (or with a list, `Tuple([..])`) of 2 to 4 parts,
/// or `UniTuple(T, n)`, with white space anywhere. Returns (source, canonical).
fn tuple() -> impl Strategy<Value = (String, String)> {
    let listed = (
        prop::collection::vec((ty(), ws(), ws()), 2..5),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(ws(), 4),
    )
        .prop_map(|(parts, list, trailing_comma, w)| {
            let (open, close) = if list { ("[", "]") } else { ("(", ")") };
            let src: Vec<String> = parts
                .iter()
                .map(|((part, _), before, after)| format!("{before}{part}{after}"))
                .collect();
            let canon: Vec<&str> = parts.iter().map(|((_, c), _, _)| c.as_str()).collect();
            let comma = if trailing_comma { "," } else { "" };
            (
                format!(
                    "Tuple{}({}{open}{}{comma}{close}{})",
                    w[0],
                    w[1],
                    src.join(","),
                    w[2]
                ),
                format!("Tuple(({}))", canon.join(", ")),
            )
        });
    let uniform = (
        ty(),
        2..5usize,
        any::<bool>(),
        prop::collection::vec(ws(), 5),
    )
        .prop_map(|((part, canon), n, trailing_comma, w)| {
            let comma = if trailing_comma { "," } else { "" };
            (
                format!(
                    "UniTuple{}({}{part}{},{}{n}{comma})",
                    w[0], w[1], w[2], w[3]
                ),
                format!("Tuple(({}))", vec![canon; n].join(", ")),
            )
        });
    prop_oneof![listed, uniform]
}

/// A valid signature string and its canonical form.
fn signature() -> impl Strategy<Value = (String, String)> {
    let result = prop_oneof![
        Just(None),
        Just(Some(("void".to_owned(), "void".to_owned()))),
        Just(Some(("none".to_owned(), "void".to_owned()))),
        ty().prop_map(Some),
        tuple().prop_map(Some),
    ];
    (
        result,
        prop::collection::vec((ty(), ws(), ws()), 0..6),
        ws(),
        ws(),
        any::<bool>(),
    )
        .prop_map(|(result, args, lead, trail, trailing_comma)| {
            let (mut src, mut canon) = result.unwrap_or_default();
            src = format!("{lead}{src}{lead}(");
            canon.push('(');
            for (i, ((arg, arg_canon), before, after)) in args.iter().enumerate() {
                if i > 0 {
                    src.push(',');
                    canon.push_str(", ");
                }
                src.push_str(&format!("{before}{arg}{after}"));
                canon.push_str(arg_canon);
            }
            if trailing_comma && !args.is_empty() {
                src.push(',');
            }
            src.push_str(&format!("){trail}"));
            canon.push(')');
            (src, canon)
        })
}

/// Spans are in bounds and on character boundaries, and rendering them never panics.
fn check_errors(src: &str) -> Result<(), TestCaseError> {
    if let Err(errors) = parse_reporting_all(src) {
        prop_assert!(!errors.is_empty());
        for e in &errors {
            prop_assert!(
                e.span.start <= e.span.end && e.span.end <= src.len(),
                "{e:?} in {src:?}"
            );
            prop_assert!(src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end));
            prop_assert!(!e.message.is_empty());
            let _ = caret_display(src, e.span.clone());
            let _ = e.render(src);
        }
    }
    Ok(())
}

/// Printing and parsing again gives the same signature, and printing is idempotent.
fn check_round_trip(sig: &Signature) -> Result<(), TestCaseError> {
    let printed = sig.to_string();
    let again = parse(&printed);
    prop_assert!(again.is_ok(), "`{printed}` does not parse: {again:?}");
    let again = again.unwrap();
    prop_assert_eq!(&again, sig);
    prop_assert_eq!(again.to_string(), printed);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings_never_panic(src in any::<String>()) {
        let _ = parse(&src);
        check_errors(&src)?;
    }

    #[test]
    fn token_soup_never_panics(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..16)) {
        let src = pieces.concat();
        check_errors(&src)?;
        if let Ok(sig) = parse(&src) {
            check_round_trip(&sig)?;
        }
    }

    #[test]
    fn valid_signatures_parse_to_their_canonical_form((src, canonical) in signature()) {
        let sig = parse(&src);
        prop_assert!(sig.is_ok(), "`{src:?}` does not parse: {sig:?}");
        let sig = sig.unwrap();
        prop_assert_eq!(sig.to_string(), canonical);
        check_round_trip(&sig)?;
    }

    #[test]
    fn analyze_never_panics(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..12),
                            arbitrary in any::<String>()) {
        let func: syn::ItemFn = syn::parse_quote! {
            pub fn f(x: &[f64], n: isize, out: &mut [f32]) -> Vec<f64> { x }
        };
        for src in [pieces.concat(), arbitrary] {
            let _ = analyze(quote!(signature = #src, parallel), &func);
        }
    }
}

/// Pieces of attribute syntax; sequences that do not lex as Rust are skipped.
const ATTR_PIECES: &[&str] = &[
    "signature",
    "parallel",
    "paralel",
    "nogil",
    "fastmath",
    "cache",
    "nopython",
    "=",
    ",",
    "\"f8(f8[:])\"",
    "\"f9(\"",
    "r\"(f8)\"",
    "8",
    "true",
    "[\"f8(f8)\"]",
    "(x)",
    "b\"x\"",
    ":",
    "::",
    "-",
];

/// Rust types, supported and not.
const RUST_TYPES: &[&str] = &[
    "f64",
    "f32",
    "i8",
    "i64",
    "isize",
    "usize",
    "bool",
    "u8",
    "&[f64]",
    "&[f32]",
    "&mut [f64]",
    "&[i32]",
    "Vec<f64>",
    "&Vec<f64>",
    "&[u8; 4]",
    "&str",
    "&f64",
    "(f64, f64)",
    "T",
    "&'a [f64]",
    "impl Copy",
    "[f64]",
    "Box<[f64]>",
    "Option<f64>",
    "()",
    "(Vec<f64>, f64, usize)",
    "(Vec<f32>, Vec<f32>)",
    "(f64, f64)",
    "(isize, bool)",
    "(f64,)",
    "(Vec<i32>, f64)",
    "(f64, &[f64])",
    "(f64, (f64, f64))",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn attribute_soup_never_panics(pieces in prop::collection::vec(prop::sample::select(ATTR_PIECES), 0..10)) {
        let Ok(tokens) = pieces.join(" ").parse::<proc_macro2::TokenStream>() else {
            return Ok(());
        };
        let _ = kernelize_codegen::attr::parse(tokens);
    }

    /// Whatever the types, `analyze` does not panic, and when it accepts a fn, the
    /// canonical signature it records parses and agrees with the model.
    #[test]
    fn analyze_agrees_with_its_canonical_signature(
        arg_types in prop::collection::vec(prop::sample::select(RUST_TYPES), 0..4),
        result in prop::sample::select(RUST_TYPES),
        given in prop::option::of(signature()),
    ) {
        let args: Vec<String> = arg_types.iter().enumerate().map(|(i, t)| format!("a{i}: {t}")).collect();
        let src = format!("fn f({}) -> {result} {{ a0 }}", args.join(", "));
        let Ok(func) = syn::parse_str::<syn::ItemFn>(&src) else {
            return Ok(());
        };
        let attr = match &given {
            Some((sig, _)) => quote!(signature = #sig),
            None => quote!(),
        };
        if let Ok(decl) = analyze(attr, &func) {
            let sig = parse(&decl.signature);
            prop_assert!(sig.is_ok(), "`{}` does not parse", decl.signature);
            let sig = sig.unwrap();
            prop_assert_eq!(sig.args.len(), decl.args.len());
            for (item, arg) in sig.args.iter().zip(&decl.args) {
                prop_assert_eq!(item.ty.elem(), Some(arg.elem));
            }
            let result = sig.result.as_ref().map(|r| r.ty);
            prop_assert_eq!(result == Some(SigType::Tuple), decl.ret == ReturnKind::Tuple);
            prop_assert_eq!(sig.parts.len(), decl.parts.len());
            for (item, part) in sig.parts.iter().zip(&decl.parts) {
                let matches = match (item.ty, part) {
                    (SigType::Scalar(a), ReturnKind::Scalar(b)) => a == *b,
                    (SigType::Array(a, _), ReturnKind::Array(b)) => a == *b,
                    _ => false,
                };
                prop_assert!(matches, "{:?} against {:?} in `{}`", item.ty, part, decl.signature);
            }
            if let Some((_, canonical)) = &given {
                // The `(args)` form gets its result from the Rust fn; otherwise the
                // recorded signature is the canonical form of the given one.
                if !canonical.starts_with('(') {
                    prop_assert_eq!(&decl.signature, canonical);
                }
            }
        }
    }
}

/// Tuple parts: a spelling in a signature, its canonical code, and its Rust type.
const PARTS: &[(&str, &str, &str)] = &[
    ("f8", "f8", "f64"),
    ("float32", "f4", "f32"),
    ("int64", "i8", "i64"),
    ("i1", "i1", "i8"),
    ("intp", "intp", "isize"),
    ("uintp", "uintp", "usize"),
    ("boolean", "b1", "bool"),
    ("f8[:]", "f8[:]", "Vec<f64>"),
    ("double[::1]", "f8[::1]", "Vec<f64>"),
    ("f4[:]", "f4[:]", "std::vec::Vec<f32>"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A tuple result in the signature (written `Tuple` or, for equal parts, `UniTuple`)
    /// and the Rust tuple of the types it maps to agree: the kernel is accepted and
    /// records the canonical signature; dropping or changing a part is refused.
    #[test]
    fn tuple_signatures_agree_with_rust_tuples(
        parts in prop::collection::vec(prop::sample::select(PARTS), 2..5),
        uni in any::<bool>(),
        drop_one in any::<bool>(),
    ) {
        let parts = if uni { vec![parts[0]; parts.len()] } else { parts };
        let canonical: Vec<&str> = parts.iter().map(|p| p.1).collect();
        let canonical = format!("Tuple(({}))(f8[:])", canonical.join(", "));
        let given = if uni {
            format!("UniTuple({}, {})(f8[:])", parts[0].0, parts.len())
        } else {
            let written: Vec<&str> = parts.iter().map(|p| p.0).collect();
            format!("Tuple(({}))(f8[:])", written.join(", "))
        };
        let rust: Vec<&str> = parts.iter().map(|p| p.2).collect();
        let func = |rust: &[&str]| -> syn::ItemFn {
            syn::parse_str(&format!("fn f(x: &[f64]) -> ({}) {{ x }}", rust.join(", "))).unwrap()
        };
        let decl = analyze(quote!(signature = #given), &func(&rust));
        prop_assert!(decl.is_ok(), "`{given}` against ({}) refused", rust.join(", "));
        let decl = decl.unwrap();
        prop_assert_eq!(&decl.signature, &canonical);
        prop_assert_eq!(decl.ret, ReturnKind::Tuple);
        prop_assert_eq!(decl.parts.len(), parts.len());
        let mut wrong = rust.clone();
        if drop_one {
            wrong.pop();
            if wrong.len() < 2 {
                wrong.push("(f64, f64)");
            }
        } else {
            wrong[0] = if wrong[0] == "f64" { "f32" } else { "f64" };
        }
        prop_assert!(analyze(quote!(signature = #given), &func(&wrong)).is_err());
    }
}
