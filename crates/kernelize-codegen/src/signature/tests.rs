//! The parser against every accepted form of LANGUAGE.md and a catalogue of refusals.

use super::*;
use crate::model::ElemType::{self, *};

fn ok(src: &str) -> Signature {
    match parse(src) {
        Ok(sig) => sig,
        Err(e) => panic!("`{src}` should parse, got: {}", e.render(src)),
    }
}

fn scalar(elem: ElemType) -> SigType {
    SigType::Scalar(elem)
}

fn array(elem: ElemType) -> SigType {
    SigType::Array(elem, Layout::Strided)
}

fn types(sig: &Signature) -> (Option<SigType>, Vec<SigType>) {
    (
        sig.result.as_ref().map(|r| r.ty),
        sig.args.iter().map(|a| a.ty).collect(),
    )
}

#[test]
fn every_scalar_name() {
    let names = [
        ("b1", Bool),
        ("bool_", Bool),
        ("boolean", Bool),
        ("i1", I8),
        ("int8", I8),
        ("i2", I16),
        ("int16", I16),
        ("i4", I32),
        ("int32", I32),
        ("intc", I32),
        ("i8", I64),
        ("int64", I64),
        ("intp", Isize),
        ("u1", U8),
        ("uint8", U8),
        ("u2", U16),
        ("uint16", U16),
        ("u4", U32),
        ("uint32", U32),
        ("uintc", U32),
        ("u8", U64),
        ("uint64", U64),
        ("uintp", Usize),
        ("f4", F32),
        ("float32", F32),
        ("f8", F64),
        ("float64", F64),
        ("double", F64),
    ];
    for (name, elem) in names {
        let sig = ok(&format!("{name}({name}, {name}[:], {name}[::1])"));
        assert_eq!(
            types(&sig),
            (
                Some(scalar(elem)),
                vec![
                    scalar(elem),
                    array(elem),
                    SigType::Array(elem, Layout::Contiguous)
                ]
            ),
            "{name}"
        );
    }
}

#[test]
fn results_and_forms() {
    assert_eq!(
        types(&ok("void(f8[:])")),
        (Some(SigType::Void), vec![array(F64)])
    );
    assert_eq!(
        types(&ok("none(f8[:])")),
        (Some(SigType::Void), vec![array(F64)])
    );
    assert_eq!(
        types(&ok("f8[:](f8[:])")),
        (Some(array(F64)), vec![array(F64)])
    );
    assert_eq!(
        types(&ok("(f8[:], f8)")),
        (None, vec![array(F64), scalar(F64)])
    );
    assert_eq!(types(&ok("()")), (None, vec![]));
    assert_eq!(types(&ok("f8()")), (Some(scalar(F64)), vec![]));
    assert_eq!(types(&ok("void()")), (Some(SigType::Void), vec![]));
    // A trailing comma, as Python allows in the call Numba evaluates.
    assert_eq!(
        types(&ok("f8(f8,)")),
        (Some(scalar(F64)), vec![scalar(F64)])
    );
    // `[::]` is Python's spelling of `[:]`.
    assert_eq!(
        types(&ok("f8[::](f8)")),
        (Some(array(F64)), vec![scalar(F64)])
    );
}

#[test]
fn white_space_anywhere() {
    let spaced = ok(" \t f8 [ : ] \n ( f8 [ : : 1 ] , \r\n i8 ,\t) \n");
    assert_eq!(spaced, ok("f8[:](f8[::1],i8)"));
    assert_eq!(spaced.to_string(), "f8[:](f8[::1], i8)");
}

#[test]
fn spans_are_byte_offsets() {
    let sig = ok("f8[:]( f8[::1] , intp )");
    assert_eq!(sig.result.as_ref().map(|r| r.span.clone()), Some(0..5));
    assert_eq!(sig.args[0].span, 7..14);
    assert_eq!(sig.args[1].span, 17..21);
    assert_eq!(sig.args_span, 5..23);
}

#[test]
fn canonical_form() {
    let cases = [
        (
            "float64[:](double[:], int64, intp, uintp, bool_)",
            "f8[:](f8[:], i8, intp, uintp, b1)",
        ),
        ("none(float32[::1])", "void(f4[::1])"),
        ("( f8 )", "(f8)"),
        ("intc(uintc)", "i4(u4)"),
        ("f8[::](f8)", "f8[:](f8)"),
        (
            "Tuple(( float64[:] , double , uintp , ))( f8[:] )",
            "Tuple((f8[:], f8, uintp))(f8[:])",
        ),
        ("Tuple([f4[::1], b1])()", "Tuple((f4[::1], b1))()"),
        (
            "UniTuple(f8[:], 3)(f8[:])",
            "Tuple((f8[:], f8[:], f8[:]))(f8[:])",
        ),
        ("UniTuple( int64 , 2 , )(i8)", "Tuple((i8, i8))(i8)"),
    ];
    for (src, canonical) in cases {
        let sig = ok(src);
        assert_eq!(sig.to_string(), canonical);
        assert_eq!(ok(canonical), sig);
    }
}

fn parts(sig: &Signature) -> Vec<SigType> {
    sig.parts.iter().map(|p| p.ty).collect()
}

#[test]
fn tuple_results() {
    let sig = ok("Tuple((f8[:], f8, uintp))(f8[:])");
    assert_eq!(types(&sig), (Some(SigType::Tuple), vec![array(F64)]));
    assert_eq!(parts(&sig), vec![array(F64), scalar(F64), scalar(Usize)]);
    assert_eq!(
        sig.result_text().as_deref(),
        Some("Tuple((f8[:], f8, uintp))")
    );
    // Python's list works as Numba's argument too, and so does a trailing comma.
    assert_eq!(ok("Tuple([f8[:], f8, uintp,])(f8[:])"), sig);
    assert_eq!(ok("Tuple((f8[:], f8, uintp,))(f8[:])"), sig);
    // `UniTuple` is the same tuple as `Tuple` with its parts all equal.
    let uni = ok("UniTuple(f8, 2)(f8[:], f8[:])");
    assert_eq!(parts(&uni), vec![scalar(F64), scalar(F64)]);
    assert_eq!(uni, ok("Tuple((f8, f8))(f8[:], f8[:])"));
    assert_eq!(uni.to_string(), "Tuple((f8, f8))(f8[:], f8[:])");
    // Layouts are kept; the tuple differs from one with other parts or another length.
    assert_ne!(ok("Tuple((f8[::1], f8))()"), ok("Tuple((f8[:], f8))()"));
    assert_ne!(ok("Tuple((f8, f8))()"), ok("Tuple((f8, f8, f8))()"));
    assert_ne!(ok("Tuple((f8, f8))()"), ok("f8()"));
    let longest = format!("UniTuple(b1, {})()", types::MAX_TUPLE_PARTS);
    assert_eq!(ok(&longest).parts.len(), types::MAX_TUPLE_PARTS);
}

#[test]
fn tuple_spans() {
    let sig = ok("Tuple(( f8[:] , i4 ))(f8)");
    assert_eq!(sig.result.as_ref().map(|r| r.span.clone()), Some(0..21));
    assert_eq!(sig.parts[0].span, 8..13);
    assert_eq!(sig.parts[1].span, 16..18);
    assert_eq!(sig.args_span, 21..25);
    // Each copy of a `UniTuple` part points at the one type written.
    let uni = ok("UniTuple(f4[:], 2)(f8)");
    assert_eq!(uni.result.as_ref().map(|r| r.span.clone()), Some(0..18));
    assert_eq!(uni.parts[0].span, 9..14);
    assert_eq!(uni.parts[1].span, 9..14);
}

#[test]
fn tuple_errors_are_all_reported() {
    let errors =
        parse_reporting_all("Tupel((f9, void, Tuple((f8, f8))))(UniTuple(f8, 2))").unwrap_err();
    let found: Vec<_> = errors.iter().map(|e| (e.kind, e.span.clone())).collect();
    use SigErrorKind::*;
    assert_eq!(
        found,
        vec![
            (UnknownType, 0..5),
            (UnknownType, 7..9),
            (Unexpected, 11..15),
            (NotSupported, 17..32),
            (NotSupported, 35..50),
        ]
    );
}

/// `(source, expected kind, expected byte span, a fragment the message must contain)`.
const REJECTED: &[(&str, SigErrorKind, std::ops::Range<usize>, &str)] = {
    use SigErrorKind::*;
    &[
        ("", Empty, 0..0, "the signature is empty"),
        ("   ", Empty, 0..3, "the signature is empty"),
        (
            "f9[:](f8[:])",
            UnknownType,
            0..2,
            "unknown type `f9` in the signature; did you mean `f8`?",
        ),
        (
            "f8[:](f9[:])",
            UnknownType,
            6..8,
            "unknown type `f9` in the signature; did you mean `f8`?",
        ),
        ("f8(float65)", UnknownType, 3..10, "did you mean `float64`?"),
        (
            "f8(f64)",
            UnknownType,
            3..6,
            "unknown type `f64` in the signature; did you mean `f8`?",
        ),
        ("f8(i32)", UnknownType, 3..6, "did you mean `i4`?"),
        ("f8(usize)", UnknownType, 3..8, "did you mean `uintp`?"),
        ("f8(bool)", UnknownType, 3..7, "did you mean `b1`?"),
        ("F8(f8)", UnknownType, 0..2, "did you mean `f8`?"),
        ("f8(intt)", UnknownType, 3..7, "did you mean `intp`?"),
        (
            "f8(quux)",
            UnknownType,
            3..7,
            "expected a Numba type such as `f8`",
        ),
        (
            "c16(f8)",
            NotSupported,
            0..3,
            "complex numbers (`c16`) are not supported yet",
        ),
        (
            "f8(c8[:])",
            NotSupported,
            3..5,
            "complex numbers (`c8`) are not supported yet",
        ),
        (
            "f8(complex64)",
            NotSupported,
            3..12,
            "complex numbers (`complex64`) are not supported yet",
        ),
        (
            "complex128(f8)",
            NotSupported,
            0..10,
            "complex numbers (`complex128`) are not supported yet",
        ),
        (
            "f2(f8)",
            NotSupported,
            0..2,
            "half-precision floats (`f2`) are not supported yet",
        ),
        (
            "f8(float16[:])",
            NotSupported,
            3..10,
            "half-precision floats (`float16`) are not supported yet",
        ),
        (
            "f8[:,:](f8)",
            NotSupported,
            2..7,
            "2-D arrays (`[:,:]`) are not supported yet",
        ),
        (
            "f8(f8[:, ::1])",
            NotSupported,
            5..13,
            "2-D arrays (`[:, ::1]`) are not supported yet",
        ),
        (
            "f8(f8[::1, :])",
            NotSupported,
            5..13,
            "2-D arrays (`[::1, :]`) are not supported yet",
        ),
        ("f8(f8[:,:,:])", NotSupported, 5..12, "3-D arrays"),
        (
            "f8(f8), f4(f4)",
            NotSupported,
            6..14,
            "several signatures are not supported yet",
        ),
        (
            "[f8(f8), f4(f4)]",
            NotSupported,
            0..16,
            "several signatures are not supported yet",
        ),
        (
            "f8(f8[1:])",
            SliceBounds,
            6..7,
            "slice bounds are not allowed in a signature, found `[1:]`",
        ),
        (
            "f8(f8[:5])",
            SliceBounds,
            7..8,
            "slice bounds are not allowed",
        ),
        (
            "f8(f8[0:n])",
            SliceBounds,
            6..9,
            "slice bounds are not allowed",
        ),
        (
            "f8(f8[::2])",
            SliceBounds,
            8..9,
            "a step of `2` is not an array layout",
        ),
        (
            "f8(f8[::-1])",
            SliceBounds,
            8..10,
            "a step of `-1` is not an array layout",
        ),
        (
            "f8(f8[3])",
            SliceBounds,
            6..7,
            "`[3]` is not an array layout",
        ),
        ("f8(f8[:::])", SliceBounds, 6..9, "too many `:`"),
        ("f8(f8[])", Missing, 5..7, "empty dimension in `[]`"),
        ("f8(f8[:,])", Missing, 5..9, "empty dimension in `[:,]`"),
        ("f8", Missing, 2..2, "missing argument list"),
        (
            "f8[:]  ",
            Missing,
            5..5,
            "missing argument list: a signature is `ret(args)` or `(args)`, e.g. `f8[:](f8[:])`",
        ),
        ("[:](f8)", Missing, 0..1, "missing element type before `[`"),
        ("f8([:])", Missing, 3..4, "missing element type before `[`"),
        ("f8(f8", Unbalanced, 2..3, "unclosed `(`"),
        ("f8(f8,", Unbalanced, 2..3, "unclosed `(`"),
        ("(", Unbalanced, 0..1, "unclosed `(`"),
        (
            "f8(f8[:)",
            Unbalanced,
            5..6,
            "unclosed `[`: expected `]`, found `)`",
        ),
        ("f8(f8[:", Unbalanced, 5..6, "unclosed `[`"),
        ("f8(f8))", Unbalanced, 6..7, "unmatched `)`"),
        ("f8)(f8)", Unbalanced, 2..3, "unmatched `)`"),
        ("f8(f8])", Unbalanced, 5..6, "unmatched `]`"),
        ("f8(])", Unbalanced, 3..4, "unmatched `]`"),
        (
            "f8(f8) x",
            Trailing,
            7..8,
            "unexpected `x` after the signature",
        ),
        (
            "f8(f8) (f8)",
            Trailing,
            7..11,
            "unexpected `(` after the signature",
        ),
        (
            "(f8) -> f8",
            Trailing,
            5..10,
            "Numba writes the result first",
        ),
        (
            "f8 f8(f8)",
            Unexpected,
            3..5,
            "expected `(` after the result type `f8`, found `f8`",
        ),
        (
            "f8 -> f8",
            Unexpected,
            3..4,
            "expected `(` after the result type `f8`, found `-`",
        ),
        (
            "f8(f8 f8)",
            Unexpected,
            6..8,
            "expected `,` or `)` after an argument type, found `f8`",
        ),
        (
            "f8(f8;f8)",
            Unexpected,
            5..6,
            "expected `,` or `)` after an argument type, found `;`",
        ),
        (
            "f8(,)",
            Unexpected,
            3..4,
            "expected an argument type such as `f8` or `f8[:]`, found `,`",
        ),
        ("f8(f8,,f8)", Unexpected, 6..7, "expected an argument type"),
        (
            "f8(8)",
            Unexpected,
            3..4,
            "expected an argument type such as `f8` or `f8[:]`, found `8`",
        ),
        (
            "*(f8)",
            Unexpected,
            0..1,
            "expected a result type such as `f8` or `f8[:]`, found `*`",
        ),
        (
            "f8(f8(f8))",
            Unexpected,
            5..6,
            "expected `,` or `)` after an argument type, found `(`",
        ),
        ("f8(\"f8\")", Unexpected, 3..4, "found `\"`"),
        ("f8(é)", Unexpected, 3..5, "found `é`"),
        ("f8(void)", Unexpected, 3..7, "`void` is only a result type"),
        (
            "f8(none[:])",
            Unexpected,
            3..7,
            "`none` is only a result type",
        ),
        ("void[:](f8)", Unexpected, 0..7, "`void` has no arrays"),
        (
            "f8[:][:](f8)",
            NotSupported,
            5..6,
            "arrays of arrays are not supported",
        ),
        // Tuples: only a result, 2 or more parts, each a scalar or an array.
        (
            "f8(Tuple((f8, f8)))",
            NotSupported,
            3..18,
            "a tuple is only a result type: an argument is a scalar such as `f8` or an array such as `f8[:]`",
        ),
        (
            "f8(f8[:], UniTuple(f8, 2))",
            NotSupported,
            10..25,
            "a tuple is only a result type",
        ),
        (
            "Tuple((f8, Tuple((f8, f8))))(f8)",
            NotSupported,
            11..26,
            "nested tuples are not supported: each part of a tuple is a scalar such as `f8` or an array such as `f8[:]`",
        ),
        (
            "UniTuple(UniTuple(f8, 2), 2)(f8)",
            NotSupported,
            9..24,
            "nested tuples are not supported",
        ),
        (
            "Tuple((f8[:],))(f8)",
            NotSupported,
            6..14,
            "a tuple of one part is not supported: a tuple result has at least 2 parts; for one result write its type alone, `f8[:]`",
        ),
        (
            "Tuple((f8))(f8)",
            NotSupported,
            6..10,
            "a tuple of one part is not supported",
        ),
        (
            "Tuple(())(f8)",
            NotSupported,
            6..8,
            "an empty tuple is not a result: a tuple result has at least 2 parts; write `void` for no result",
        ),
        (
            "Tuple()(f8)",
            NotSupported,
            5..7,
            "an empty tuple is not a result",
        ),
        (
            "UniTuple(f8, 1)(f8)",
            NotSupported,
            13..14,
            "a tuple of one part is not supported",
        ),
        (
            "UniTuple(f8, 0)(f8)",
            NotSupported,
            13..14,
            "an empty tuple is not a result",
        ),
        (
            "UniTuple(f8, 33)(f8)",
            NotSupported,
            13..15,
            "a tuple result has at most 32 parts, found 33",
        ),
        (
            "UniTuple(f8, 99999999999999999999999)(f8)",
            NotSupported,
            13..36,
            "at most 32 parts, found 99999999999999999999999",
        ),
        (
            "Tuple(f8, f8)(f8)",
            Unexpected,
            6..12,
            "`Tuple` takes its part types as one tuple, in parentheses of their own: write `Tuple((f8, f8))`",
        ),
        (
            "Tuple(f8[:])(f8)",
            Unexpected,
            6..11,
            "write `Tuple((f8[:], f8))`",
        ),
        (
            "Tuple((f8, void))(f8)",
            Unexpected,
            11..15,
            "`void` cannot be a part of a tuple",
        ),
        (
            "Tuple((f8, f9))(f8)",
            UnknownType,
            11..13,
            "did you mean `f8`?",
        ),
        (
            "Tuple((c16, f8))(f8)",
            NotSupported,
            7..10,
            "complex numbers (`c16`) are not supported yet",
        ),
        (
            "tuple((f8, f8))(f8)",
            UnknownType,
            0..5,
            "unknown type `tuple` in the signature; did you mean `Tuple`?",
        ),
        (
            "Unituple(f8, 2)(f8)",
            UnknownType,
            0..8,
            "did you mean `UniTuple`?",
        ),
        (
            "f8(Tuple)",
            Missing,
            3..8,
            "`Tuple` needs its parts in parentheses, e.g. `Tuple((f8[:], f8))`",
        ),
        (
            "UniTuple[:](f8)",
            Missing,
            0..8,
            "`UniTuple` needs its parts in parentheses, e.g. `UniTuple(f8[:], 2)`",
        ),
        (
            "UniTuple(f8)(f8)",
            Missing,
            11..12,
            "missing count: `UniTuple` takes one part type and a count, e.g. `UniTuple(f8[:], 2)`",
        ),
        (
            "UniTuple()(f8)",
            Missing,
            9..10,
            "missing part type and count",
        ),
        (
            "UniTuple(f8, f8)(f8)",
            Unexpected,
            13..15,
            "expected the number of parts, such as `2`, found `f8`",
        ),
        (
            "UniTuple((f8, f8), 2)(f8)",
            Unexpected,
            9..10,
            "expected a part type, found `(`",
        ),
        (
            "UniTuple(f8; 2)(f8)",
            Unexpected,
            11..12,
            "expected `,` and a count after the part type, found `;`",
        ),
        (
            "Tuple((f8 f8))(f8)",
            Unexpected,
            10..12,
            "expected `,` or `)` after a part type of the tuple, found `f8`",
        ),
        (
            "Tuple([f8, f8))(f8)",
            Unexpected,
            13..14,
            "expected `,` or `]` after a part type of the tuple, found `)`",
        ),
        (
            "Tuple((f8, f8)]",
            Unexpected,
            14..15,
            "expected `)` to close `Tuple(`, found `]`",
        ),
        (
            "UniTuple(f8, 2 3)(f8)",
            Unexpected,
            15..16,
            "expected `)` to close `UniTuple(`, found `3`",
        ),
        (
            "Tuple((f8, f8",
            Unbalanced,
            6..7,
            "unclosed `(`: the parts of a tuple need a closing `)`",
        ),
        (
            "Tuple((f8, f8)",
            Unbalanced,
            5..6,
            "unclosed `(` of `Tuple(`",
        ),
        (
            "UniTuple(f8, 2",
            Unbalanced,
            8..9,
            "unclosed `(` of `UniTuple(`",
        ),
        (
            "Tuple((f8, f8))",
            Missing,
            15..15,
            "missing argument list: a signature is `ret(args)` or `(args)`, e.g. `Tuple((f8, f8))(f8[:])`",
        ),
        (
            "(f8, f8[:])(f8)",
            Trailing,
            11..15,
            "unexpected `(` after the signature: a tuple result is written `Tuple((f8, f8[:]))(..)`",
        ),
    ]
};

#[test]
fn rejected_strings() {
    assert!(REJECTED.len() >= 40);
    let mut failures = Vec::new();
    for (src, kind, span, fragment) in REJECTED {
        match parse(src) {
            Ok(sig) => failures.push(format!("`{src}` parsed as `{sig}`")),
            Err(e) => {
                if e.kind != *kind || e.span != *span || !e.message.contains(fragment) {
                    failures.push(format!(
                        "`{src}`: got {:?} at {:?}: {}\n  wanted {kind:?} at {span:?} containing {fragment:?}",
                        e.kind, e.span, e.message
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn name_errors_are_all_reported() {
    let errors = parse_reporting_all("f9(c16, f8[:], float65)").unwrap_err();
    let spans: Vec<_> = errors.iter().map(|e| e.span.clone()).collect();
    assert_eq!(spans, vec![0..2, 3..6, 15..22]);
}

#[test]
fn messages_render_with_carets() {
    let src = "f8[:](f9[:])";
    let e = parse(src).unwrap_err();
    assert_eq!(
        e.render(src),
        "unknown type `f9` in the signature; did you mean `f8`?\n  f8[:](f9[:])\n        ^^ column 7"
    );
}
