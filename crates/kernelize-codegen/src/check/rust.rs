//! Reading the Rust fn's types: which shapes a kernel supports, and how to print a type
//! in a message.

use quote::ToTokens;

use crate::model::{ArgKind, ElemType};
use crate::signature::{Layout, SigType};

/// A supported argument type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ArgShape {
    /// Element type.
    pub elem: ElemType,
    /// `T`, `&[T]` or `&mut [T]`.
    pub kind: ArgKind,
}

impl ArgShape {
    /// The signature type this Rust type is derived to.
    pub fn sig_type(self) -> SigType {
        match self.kind {
            ArgKind::Scalar => SigType::Scalar(self.elem),
            ArgKind::Array | ArgKind::ArrayMut => SigType::Array(self.elem, Layout::Strided),
        }
    }
}

/// A supported result type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResultShape {
    /// No return type, or `()`.
    Void,
    /// `T`.
    Scalar(ElemType),
    /// `Vec<T>`.
    Array(ElemType),
}

impl ResultShape {
    /// The shape a signature's result type (or a tuple part's) asks for; `None` for a
    /// tuple, which has several.
    pub fn from_sig(ty: SigType) -> Option<Self> {
        match ty {
            SigType::Void => Some(ResultShape::Void),
            SigType::Scalar(elem) => Some(ResultShape::Scalar(elem)),
            SigType::Array(elem, _) => Some(ResultShape::Array(elem)),
            SigType::Tuple => None,
        }
    }

    /// The signature type this Rust type is derived to.
    pub fn sig_type(self) -> SigType {
        match self {
            ResultShape::Void => SigType::Void,
            ResultShape::Scalar(elem) => SigType::Scalar(elem),
            ResultShape::Array(elem) => SigType::Array(elem, Layout::Strided),
        }
    }
}

/// What every refusal of a Rust type ends with.
pub(crate) const SUPPORTED_ARGS: &str = "a kernel takes scalars by value (`f64`, `f32`, `i8`..`i64`, `u8`..`u64`, `isize`, `usize`, `bool`) and arrays of `f64` or `f32` as slices (`&[f64]`; `&mut [f64]` is accepted and read only, until outputs land in version 2)";

/// What every refusal of a result type ends with.
pub(crate) const SUPPORTED_RESULTS: &str = "a kernel returns a scalar such as `f64`, an array as `Vec<f64>` or `Vec<f32>`, a tuple of these (`(Vec<f64>, f64)`), or nothing (it writes into its `&mut` arguments)";

/// The parts of a tuple result type (`(Vec<f64>, usize)`), if the result is a tuple of
/// two or more: each part's type with its shape, or why it is refused (a scalar or an
/// array is a part; `()`, a slice or anything else is not).
pub(crate) fn tuple_parts(
    output: &syn::ReturnType,
) -> Option<Vec<(&syn::Type, Result<ResultShape, String>)>> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Tuple(tuple) = strip(ty) else {
        return None;
    };
    if tuple.elems.len() < 2 {
        return None;
    }
    Some(
        tuple
            .elems
            .iter()
            .map(|t| {
                let part = syn::ReturnType::Type(Default::default(), Box::new(t.clone()));
                let shape = match result_shape(&part) {
                    Ok(ResultShape::Void) | Err(_) => Err(format!(
                        "`{}` in a tuple result: each part is a scalar such as `f64` or an array `Vec<f64>`",
                        type_text(t)
                    )),
                    Ok(shape) => Ok(shape),
                };
                (t, shape)
            })
            .collect(),
    )
}

/// The Rust type a result shape is written as: `f64`, `Vec<f64>`, `()`.
pub(crate) fn shape_text(shape: ResultShape) -> String {
    match shape {
        ResultShape::Void => "()".to_owned(),
        ResultShape::Scalar(elem) => elem.rust_name().to_owned(),
        ResultShape::Array(elem) => format!("Vec<{}>", elem.rust_name()),
    }
}

/// The shape of an argument type, or why it is refused (a hint for the message).
/// Lifetimes are ignored here; a separate rule reports them.
pub(crate) fn arg_shape(ty: &syn::Type) -> Result<ArgShape, String> {
    match ty {
        syn::Type::Paren(inner) => arg_shape(&inner.elem),
        syn::Type::Group(inner) => arg_shape(&inner.elem),
        syn::Type::Path(_) => {
            if let Some(elem) = primitive(ty) {
                return Ok(ArgShape {
                    elem,
                    kind: ArgKind::Scalar,
                });
            }
            if let Some(inner) = vec_elem(ty) {
                return Err(format!(
                    "take the array as a slice, {}",
                    slice_of(inner, "")
                ));
            }
            Err(SUPPORTED_ARGS.to_owned())
        }
        syn::Type::Reference(reference) => {
            let kind = if reference.mutability.is_some() {
                ArgKind::ArrayMut
            } else {
                ArgKind::Array
            };
            let mutability = if reference.mutability.is_some() {
                "mut "
            } else {
                ""
            };
            match strip(&reference.elem) {
                syn::Type::Slice(slice) => match primitive(&slice.elem) {
                    Some(elem) => Ok(ArgShape { elem, kind }),
                    None => Err(format!(
                        "array elements must be `f64` or `f32`; {SUPPORTED_ARGS}"
                    )),
                },
                syn::Type::Array(array) => Err(format!(
                    "take a slice instead of a fixed-size array: {}",
                    slice_of(&array.elem, mutability)
                )),
                inner if vec_elem(inner).is_some() => Err(format!(
                    "take a slice, {}",
                    vec_elem(inner).map_or_else(String::new, |elem| slice_of(elem, mutability))
                )),
                inner if primitive(inner).is_some() => {
                    Err(format!("take the scalar by value, `{}`", type_text(inner)))
                }
                _ => Err(SUPPORTED_ARGS.to_owned()),
            }
        }
        syn::Type::Array(array) => Err(format!(
            "take a slice instead of a fixed-size array: {}",
            slice_of(&array.elem, "")
        )),
        syn::Type::Slice(slice) => Err(format!(
            "take the slice by reference, {}",
            slice_of(&slice.elem, "")
        )),
        _ => Err(SUPPORTED_ARGS.to_owned()),
    }
}

/// The slice type to suggest instead of an array or `Vec` of `elem`, quoted: the same
/// element type when arrays may have it, else the two that they may.
fn slice_of(elem: &syn::Type, mutability: &str) -> String {
    match primitive(elem) {
        Some(e) if e.is_float() => format!("`&{mutability}[{}]`", e.rust_name()),
        _ => format!(
            "`&{mutability}[f64]` or `&{mutability}[f32]` (array elements must be `f64` or `f32`)"
        ),
    }
}

/// The shape of the result type, or why it is refused.
pub(crate) fn result_shape(output: &syn::ReturnType) -> Result<ResultShape, String> {
    let syn::ReturnType::Type(_, ty) = output else {
        return Ok(ResultShape::Void);
    };
    let ty = strip(ty);
    if let syn::Type::Tuple(tuple) = ty
        && tuple.elems.is_empty()
    {
        return Ok(ResultShape::Void);
    }
    if let Some(elem) = primitive(ty) {
        return Ok(ResultShape::Scalar(elem));
    }
    if let Some(inner) = vec_elem(ty) {
        return match primitive(inner) {
            Some(elem) => Ok(ResultShape::Array(elem)),
            None => Err(SUPPORTED_RESULTS.to_owned()),
        };
    }
    let slice_elem = match ty {
        syn::Type::Reference(r) => match strip(&r.elem) {
            syn::Type::Slice(s) => Some(&*s.elem),
            syn::Type::Array(a) => Some(&*a.elem),
            _ => None,
        },
        syn::Type::Array(a) => Some(&*a.elem),
        _ => last_segment_arg(ty, "Box")
            .map(strip)
            .and_then(|inner| match inner {
                syn::Type::Slice(s) => Some(&*s.elem),
                _ => None,
            }),
    };
    match slice_elem {
        Some(elem) => Err(format!(
            "return the array as `Vec<{}>`: a kernel's array result is a new vector",
            primitive(elem)
                .filter(|e| e.is_float())
                .map_or("f64", ElemType::rust_name)
        )),
        None => Err(SUPPORTED_RESULTS.to_owned()),
    }
}

/// Parentheses and invisible groups (from `macro_rules!`) removed.
fn strip(ty: &syn::Type) -> &syn::Type {
    match ty {
        syn::Type::Paren(inner) => strip(&inner.elem),
        syn::Type::Group(inner) => strip(&inner.elem),
        other => other,
    }
}

/// The element type a primitive type names: `f64`, or `core::primitive::f64`.
pub(crate) fn primitive(ty: &syn::Type) -> Option<ElemType> {
    let syn::Type::Path(path) = strip(ty) else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    if path.path.segments.iter().any(|s| !s.arguments.is_none()) {
        return None;
    }
    let name = match segments.as_slice() {
        [name] if path.path.leading_colon.is_none() => name,
        [krate, module, name] if (krate == "core" || krate == "std") && module == "primitive" => {
            name
        }
        _ => return None,
    };
    ElemType::from_rust_name(name)
}

/// `T` for `Vec<T>`, `std::vec::Vec<T>` or `alloc::vec::Vec<T>`.
pub(crate) fn vec_elem(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = strip(ty) else {
        return None;
    };
    let prefix: Vec<String> = path
        .path
        .segments
        .iter()
        .rev()
        .skip(1)
        .map(|s| s.ident.to_string())
        .collect();
    let known = matches!(
        prefix
            .iter()
            .rev()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        [] | ["std" | "alloc", "vec"]
    );
    if path.qself.is_some() || !known {
        return None;
    }
    last_segment_arg(ty, "Vec")
}

/// The one type argument of a path type whose last segment is `name`: `T` in `Box<T>`.
fn last_segment_arg<'t>(ty: &'t syn::Type, name: &str) -> Option<&'t syn::Type> {
    let syn::Type::Path(path) = strip(ty) else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some(inner),
        _ => None,
    }
}

/// A type as a user writes it, for messages: `&mut [f64]`, `Vec<f64>`, `[u8; 4]`
/// (a token stream prints `& mut [f64]` and `Vec < f64 >`).
pub(crate) fn type_text(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Reference(r) => {
            let lifetime = r
                .lifetime
                .as_ref()
                .map_or_else(String::new, |l| format!("{l} "));
            let mutability = if r.mutability.is_some() { "mut " } else { "" };
            format!("&{lifetime}{mutability}{}", type_text(&r.elem))
        }
        syn::Type::Slice(s) => format!("[{}]", type_text(&s.elem)),
        syn::Type::Array(a) => format!("[{}; {}]", type_text(&a.elem), tokens_text(&a.len)),
        syn::Type::Paren(p) => format!("({})", type_text(&p.elem)),
        syn::Type::Group(g) => type_text(&g.elem),
        syn::Type::Tuple(t) => {
            let elems: Vec<String> = t.elems.iter().map(type_text).collect();
            if elems.len() == 1 {
                format!("({},)", elems[0])
            } else {
                format!("({})", elems.join(", "))
            }
        }
        syn::Type::Ptr(p) => {
            let mutability = if p.mutability.is_some() {
                "mut"
            } else {
                "const"
            };
            format!("*{mutability} {}", type_text(&p.elem))
        }
        syn::Type::Path(p) if p.qself.is_none() => {
            let mut text = String::new();
            if p.path.leading_colon.is_some() {
                text.push_str("::");
            }
            for (i, segment) in p.path.segments.iter().enumerate() {
                if i > 0 {
                    text.push_str("::");
                }
                text.push_str(&segment.ident.to_string());
                match &segment.arguments {
                    syn::PathArguments::None => {}
                    syn::PathArguments::AngleBracketed(args) => {
                        let args: Vec<String> = args
                            .args
                            .iter()
                            .map(|arg| match arg {
                                syn::GenericArgument::Type(t) => type_text(t),
                                other => tokens_text(other),
                            })
                            .collect();
                        text.push_str(&format!("<{}>", args.join(", ")));
                    }
                    syn::PathArguments::Parenthesized(args) => text.push_str(&tokens_text(args)),
                }
            }
            text
        }
        other => tokens_text(other),
    }
}

/// Any syntax as tokens, for the rare types `type_text` does not print itself.
fn tokens_text(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn prints_types_as_written() {
        let cases: [(syn::Type, &str); 7] = [
            (parse_quote!(&mut [f64]), "&mut [f64]"),
            (parse_quote!(&'a [f32]), "&'a [f32]"),
            (parse_quote!(Vec<f64>), "Vec<f64>"),
            (parse_quote!(&[u8; 4]), "&[u8; 4]"),
            (
                parse_quote!(std::vec::Vec<(f64, i8)>),
                "std::vec::Vec<(f64, i8)>",
            ),
            (parse_quote!(&str), "&str"),
            (parse_quote!(*const f64), "*const f64"),
        ];
        for (ty, text) in cases {
            assert_eq!(type_text(&ty), text);
        }
    }

    #[test]
    fn shapes() {
        let f64_slice: syn::Type = parse_quote!(&[f64]);
        assert_eq!(
            arg_shape(&f64_slice),
            Ok(ArgShape {
                elem: ElemType::F64,
                kind: ArgKind::Array
            })
        );
        let out: syn::Type = parse_quote!(&mut [core::primitive::f32]);
        assert_eq!(
            arg_shape(&out),
            Ok(ArgShape {
                elem: ElemType::F32,
                kind: ArgKind::ArrayMut
            })
        );
        let vec: syn::Type = parse_quote!(Vec<f64>);
        assert_eq!(
            arg_shape(&vec),
            Err("take the array as a slice, `&[f64]`".to_owned())
        );
        let fixed: syn::Type = parse_quote!(&[u8; 4]);
        assert!(arg_shape(&fixed).is_err_and(|e| e.contains("`&[f64]` or `&[f32]`")));
        let fixed_float: syn::Type = parse_quote!(&mut [f32; 4]);
        assert!(arg_shape(&fixed_float).is_err_and(|e| e.contains("`&mut [f32]`")));
        let by_ref: syn::Type = parse_quote!(&f64);
        assert!(arg_shape(&by_ref).is_err_and(|e| e.contains("by value, `f64`")));
        let text: syn::Type = parse_quote!(&str);
        assert!(arg_shape(&text).is_err_and(|e| e.starts_with("a kernel takes scalars")));
        let ret: syn::ReturnType = parse_quote!(-> std::vec::Vec<f64>);
        assert_eq!(result_shape(&ret), Ok(ResultShape::Array(ElemType::F64)));
        let unit: syn::ReturnType = parse_quote!(-> ());
        assert_eq!(result_shape(&unit), Ok(ResultShape::Void));
        let borrowed: syn::ReturnType = parse_quote!(-> &[f64]);
        assert!(result_shape(&borrowed).is_err_and(|e| e.contains("`Vec<f64>`")));
        let boxed: syn::ReturnType = parse_quote!(-> Box<[f32]>);
        assert!(result_shape(&boxed).is_err_and(|e| e.contains("`Vec<f32>`")));
    }
}
