//! The attribute parser with `proc_macro2` tokens.

use quote::quote;

use super::*;

/// The messages of every error, in order.
fn errors(tokens: TokenStream) -> Vec<String> {
    match parse(tokens) {
        Ok(attr) => panic!("expected errors, got {attr:?}"),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn empty_attribute_is_all_defaults() {
    let attr = parse(TokenStream::new()).unwrap();
    assert!(attr.signature.is_none());
    assert!(
        !attr.options.parallel
            && !attr.options.nogil
            && !attr.options.fastmath
            && !attr.options.cache
    );
}

#[test]
fn every_option() {
    let attr = parse(quote!(
        signature = "f8[:](f8[:])",
        parallel,
        nogil,
        fastmath,
        cache,
    ))
    .unwrap();
    assert_eq!(
        attr.signature.as_ref().map(SignatureSource::value),
        Some("f8[:](f8[:])")
    );
    let o = &attr.options;
    assert!(o.parallel && o.nogil && o.fastmath && o.cache);
}

#[test]
fn raw_string_signature() {
    let attr = parse(quote!(signature = r"f8(f8)")).unwrap();
    assert_eq!(
        attr.signature.as_ref().map(SignatureSource::value),
        Some("f8(f8)")
    );
}

#[test]
fn unknown_option_suggests_the_nearest() {
    assert_eq!(
        errors(quote!(paralel)),
        vec![
            "unknown option `paralel`; did you mean `parallel`? the options are `signature = \"...\"`, `parallel`, `nogil`, `fastmath` and `cache`"
        ]
    );
    assert!(errors(quote!(signatur = "f8(f8)"))[0].contains("did you mean `signature`?"));
    assert!(errors(quote!(fast_math))[0].contains("did you mean `fastmath`?"));
    let far = errors(quote!(boundscheck));
    assert!(
        far[0].starts_with("unknown option `boundscheck`; the options are"),
        "{far:?}"
    );
    assert!(errors(quote!(nopython))[0].starts_with("`nopython` is not needed"));
}

#[test]
fn repeated_option() {
    assert_eq!(
        errors(quote!(parallel, nogil, parallel)),
        vec!["option `parallel` is given more than once; give it once"]
    );
    assert_eq!(
        errors(quote!(signature = "f8(f8)", signature = "f4(f4)")),
        vec!["option `signature` is given more than once; give it once"]
    );
}

#[test]
fn bad_forms() {
    assert_eq!(
        errors(quote!(parallel = true)),
        vec!["`parallel` takes no value: write `parallel`, not `parallel = true`"]
    );
    assert_eq!(
        errors(quote!(cache(on))),
        vec!["`cache` takes no value: write `cache`, not `cache(on)`"]
    );
    assert_eq!(
        errors(quote!(signature)),
        vec!["`signature` needs a value: `signature = \"f8[:](f8[:])\"`"]
    );
    assert_eq!(
        errors(quote!(signature = )),
        vec!["missing value after `signature =`: write `signature = \"f8[:](f8[:])\"`"]
    );
    assert_eq!(
        errors(quote!(signature: "f8(f8)")),
        vec!["expected `=` after `signature`, found `:`: write `signature = \"f8[:](f8[:])\"`"]
    );
    assert_eq!(
        errors(quote!(signature = 8)),
        vec!["the signature must be a string, found `8`: write `signature = \"f8[:](f8[:])\"`"]
    );
    assert_eq!(
        errors(quote!(signature = b"f8(f8)")),
        vec![
            "the signature must be a string, found `b\"f8(f8)\"`: write `signature = \"f8[:](f8[:])\"`"
        ]
    );
    assert_eq!(
        errors(quote!(signature = f8)),
        vec![
            "the signature must be a string literal, found `f8`: write `signature = \"f8[:](f8[:])\"`"
        ]
    );
    assert!(
        errors(quote!(signature = concat!("f8", "(f8)")))[0]
            .starts_with("the signature must be a string literal, found `concat !(")
    );
    assert_eq!(
        errors(quote!(signature = ["f8(f8)", "f4(f4)"])),
        vec![
            "several signatures are not supported yet: give one, e.g. `signature = \"f8[:](f8[:])\"`"
        ]
    );
    assert_eq!(
        errors(quote!("f8(f8)")),
        vec!["name the signature: `signature = \"f8(f8)\"`"]
    );
    assert!(errors(quote!(= parallel))[0].starts_with("expected an option, found `=`"));
}

#[test]
fn empty_items() {
    let expected = "expected an option before `,`; the options are `signature = \"...\"`, `parallel`, `nogil`, `fastmath` and `cache`";
    assert_eq!(errors(quote!(,)), vec![expected]);
    assert_eq!(errors(quote!(parallel,, nogil)), vec![expected]);
    // One trailing comma is fine.
    assert!(parse(quote!(parallel,)).is_ok());
}

#[test]
fn every_error_is_reported() {
    let all = errors(quote!(paralel, nogil = 1, nogil, signature, cahce));
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(all[0].contains("`paralel`"));
    assert!(all[1].contains("`nogil` takes no value"));
    assert!(all[2].contains("option `nogil` is given more than once"));
    assert!(all[3].contains("`signature` needs a value"));
    assert!(all[4].contains("did you mean `cache`?"));
}

#[test]
fn errors_point_at_the_option() {
    // Tokens parsed from a string carry columns (span-locations is on); `quote!`'s do not.
    let tokens: TokenStream = "parallel, paralel".parse().unwrap();
    let err = parse(tokens).unwrap_err();
    let start = err.span().start();
    assert_eq!(start.column, "parallel, ".len());
}

#[test]
fn options_passed_through_macro_rules() {
    // `$sig:literal` and `$flag:ident` reach the attribute wrapped in invisible groups.
    let group =
        |tokens: TokenStream| TokenTree::Group(proc_macro2::Group::new(Delimiter::None, tokens));
    let mut tokens = TokenStream::new();
    tokens.extend([group(quote!(parallel))]);
    tokens.extend(quote!(, signature =));
    tokens.extend([group(quote!("f8(f8)"))]);
    let attr = parse(tokens).unwrap();
    assert!(attr.options.parallel);
    assert_eq!(
        attr.signature.as_ref().map(SignatureSource::value),
        Some("f8(f8)")
    );
}
