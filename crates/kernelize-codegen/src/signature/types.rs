//! The parsed form of a signature string, and the table of type names it may use.

use std::fmt;
use std::ops::Range;

use crate::model::ElemType;

/// Byte offsets into the signature string (not into the Rust source): `start..end`.
pub type ByteSpan = Range<usize>;

/// A parsed signature such as `f8[:](f8[:], f8)` or `Tuple((f8[:], f8))(f8[:])`.
///
/// Equality compares the types only: the byte spans say where a type was written, not
/// what it is, so `f8( f8 )` and `f8(f8)` are the same signature.
#[derive(Clone, Debug)]
pub struct Signature {
    /// The result, or `None` for the `(args)` form, where the Rust fn supplies it. For a
    /// tuple result its type is [`SigType::Tuple`] and its span the whole `Tuple((..))`.
    pub result: Option<SigItem>,
    /// The parts of a tuple result, in order (two or more), when the result is
    /// [`SigType::Tuple`]; empty otherwise. `UniTuple(f8, 2)` has its part repeated,
    /// each copy spanned at the one type written.
    pub parts: Vec<SigItem>,
    /// The arguments in order.
    pub args: Vec<SigItem>,
    /// Where the argument list is, parentheses included.
    pub args_span: ByteSpan,
}

impl PartialEq for Signature {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &[SigItem], b: &[SigItem]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.ty == b.ty)
        };
        self.result.as_ref().map(|r| r.ty) == other.result.as_ref().map(|r| r.ty)
            && same(&self.parts, &other.parts)
            && same(&self.args, &other.args)
    }
}

impl Signature {
    /// The canonical form of the result alone: `f8[:]`, `void`, or `Tuple((f8[:], f8))`
    /// for a tuple (whether written `Tuple` or `UniTuple`); `None` for the `(args)` form.
    pub fn result_text(&self) -> Option<String> {
        let result = self.result.as_ref()?;
        Some(match result.ty {
            SigType::Tuple => tuple_text(self.parts.iter().map(|p| p.ty)),
            ty => ty.to_string(),
        })
    }
}

/// Numba's spelling of a tuple of these types: `Tuple((f8[:], f8))`.
pub fn tuple_text(parts: impl IntoIterator<Item = SigType>) -> String {
    let parts: Vec<String> = parts.into_iter().map(|p| p.to_string()).collect();
    format!("Tuple(({}))", parts.join(", "))
}

impl Eq for Signature {}

impl std::str::FromStr for Signature {
    type Err = super::SignatureError;

    /// [`super::parse`]: the first error, if any.
    fn from_str(src: &str) -> Result<Self, Self::Err> {
        super::parse(src)
    }
}

impl fmt::Display for Signature {
    /// The canonical form: short Numba codes, `", "` between arguments and between a
    /// tuple's parts, a tuple always as `Tuple((..))`, no other white space. It parses back to an equal [`Signature`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(result) = self.result_text() {
            f.write_str(&result)?;
        }
        f.write_str("(")?;
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", arg.ty)?;
        }
        f.write_str(")")
    }
}

/// One type written in a signature, with where it was written.
#[derive(Clone, Debug)]
pub struct SigItem {
    /// The type.
    pub ty: SigType,
    /// Its bytes in the signature string, brackets included.
    pub span: ByteSpan,
}

/// A type in a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SigType {
    /// `void` / `none`: no result. Only valid as the result.
    Void,
    /// A scalar such as `f8`.
    Scalar(ElemType),
    /// A 1-D array such as `f8[:]`.
    Array(ElemType, Layout),
    /// A tuple of scalars and arrays, `Tuple((f8[:], f8))` or `UniTuple(f8, 2)`. Only
    /// valid as the result; its parts are [`Signature::parts`] (this type stays `Copy`).
    Tuple,
}

impl SigType {
    /// The element type of a scalar or array, `None` for `void` and a tuple.
    pub fn elem(self) -> Option<ElemType> {
        match self {
            SigType::Void | SigType::Tuple => None,
            SigType::Scalar(elem) | SigType::Array(elem, _) => Some(elem),
        }
    }

    /// A phrase for messages: "an array of `f64`", "a scalar `f64`", "no result".
    pub fn describe(self) -> String {
        match self {
            SigType::Void => "no result".to_owned(),
            SigType::Tuple => "a tuple".to_owned(),
            SigType::Scalar(elem) => format!("a scalar `{}`", elem.rust_name()),
            SigType::Array(elem, Layout::Strided) => format!("an array of `{}`", elem.rust_name()),
            SigType::Array(elem, Layout::Contiguous) => {
                format!("a contiguous array of `{}`", elem.rust_name())
            }
        }
    }
}

impl fmt::Display for SigType {
    /// The canonical code; a tuple, whose parts are not in this type, prints as
    /// `Tuple(..)` (see [`Signature::result_text`] for the whole of it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigType::Void => f.write_str("void"),
            SigType::Tuple => f.write_str("Tuple(..)"),
            SigType::Scalar(elem) => f.write_str(elem.numba_code()),
            SigType::Array(elem, layout) => write!(f, "{}{}", elem.numba_code(), layout),
        }
    }
}

/// The layout of a 1-D array. A Rust slice is contiguous, so both map to `&[T]`; the
/// layout is kept so that the canonical string says what the user wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// `[:]`: any stride.
    Strided,
    /// `[::1]`: contiguous.
    Contiguous,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::Strided => "[:]",
            Layout::Contiguous => "[::1]",
        })
    }
}

/// What a name in a signature string denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TypeName {
    /// A supported scalar type.
    Elem(ElemType),
    /// `void` / `none`.
    Void,
    /// A known Numba type that version 1 refuses, with the reason.
    Refused(Refusal),
}

/// Numba's two spellings of a tuple type, which take arguments: `Tuple((f8[:], f8))`
/// and `UniTuple(f8, 2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TupleForm {
    /// `Tuple((T1, T2, ..))`: one Python tuple (or list) of the part types.
    Tuple,
    /// `UniTuple(T, n)`: `n` parts of type `T`.
    UniTuple,
}

impl TupleForm {
    /// The name as Numba spells it.
    pub fn name(self) -> &'static str {
        match self {
            TupleForm::Tuple => "Tuple",
            TupleForm::UniTuple => "UniTuple",
        }
    }

    /// The form a name denotes, exactly (names are case-sensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "Tuple" => Some(TupleForm::Tuple),
            "UniTuple" => Some(TupleForm::UniTuple),
            _ => None,
        }
    }
}

/// The most parts a tuple result may have (also a guard against `UniTuple(f8, 10**9)`).
pub(crate) const MAX_TUPLE_PARTS: usize = 32;

/// Known Numba types that are recognised only to be refused with their own message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `c8`, `c16`, `complex64`, `complex128`.
    Complex,
    /// `f2`, `float16`.
    Half,
}

/// Every name a signature may use, in the order suggestions prefer on a tie: short codes
/// first, wider types first (a user who wrote `f9` more likely meant `f8` than `f4`).
pub(crate) const TYPE_NAMES: &[(&str, TypeName)] = &[
    ("f8", TypeName::Elem(ElemType::F64)),
    ("f4", TypeName::Elem(ElemType::F32)),
    ("i8", TypeName::Elem(ElemType::I64)),
    ("i4", TypeName::Elem(ElemType::I32)),
    ("i2", TypeName::Elem(ElemType::I16)),
    ("i1", TypeName::Elem(ElemType::I8)),
    ("u8", TypeName::Elem(ElemType::U64)),
    ("u4", TypeName::Elem(ElemType::U32)),
    ("u2", TypeName::Elem(ElemType::U16)),
    ("u1", TypeName::Elem(ElemType::U8)),
    ("b1", TypeName::Elem(ElemType::Bool)),
    ("intp", TypeName::Elem(ElemType::Isize)),
    ("uintp", TypeName::Elem(ElemType::Usize)),
    ("intc", TypeName::Elem(ElemType::I32)),
    ("uintc", TypeName::Elem(ElemType::U32)),
    ("bool_", TypeName::Elem(ElemType::Bool)),
    ("boolean", TypeName::Elem(ElemType::Bool)),
    ("int8", TypeName::Elem(ElemType::I8)),
    ("int16", TypeName::Elem(ElemType::I16)),
    ("int32", TypeName::Elem(ElemType::I32)),
    ("int64", TypeName::Elem(ElemType::I64)),
    ("uint8", TypeName::Elem(ElemType::U8)),
    ("uint16", TypeName::Elem(ElemType::U16)),
    ("uint32", TypeName::Elem(ElemType::U32)),
    ("uint64", TypeName::Elem(ElemType::U64)),
    ("float32", TypeName::Elem(ElemType::F32)),
    ("float64", TypeName::Elem(ElemType::F64)),
    ("double", TypeName::Elem(ElemType::F64)),
    ("void", TypeName::Void),
    ("none", TypeName::Void),
    ("c8", TypeName::Refused(Refusal::Complex)),
    ("c16", TypeName::Refused(Refusal::Complex)),
    ("complex64", TypeName::Refused(Refusal::Complex)),
    ("complex128", TypeName::Refused(Refusal::Complex)),
    ("f2", TypeName::Refused(Refusal::Half)),
    ("float16", TypeName::Refused(Refusal::Half)),
];

/// Looks a name up in [`TYPE_NAMES`] (names are case-sensitive, as in Numba).
pub(crate) fn lookup(name: &str) -> Option<TypeName> {
    TYPE_NAMES.iter().find(|(n, _)| *n == name).map(|&(_, t)| t)
}

/// The names worth suggesting for a misspelling: the supported ones.
pub(crate) fn suggestable_names() -> impl Iterator<Item = &'static str> {
    TYPE_NAMES
        .iter()
        .filter(|(_, t)| !matches!(t, TypeName::Refused(_)))
        .map(|&(n, _)| n)
}
