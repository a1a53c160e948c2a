//! The signature against the Rust fn: arity, element types, array or scalar, the result.
//!
//! Every rule is its own function with a sentence above it saying the rule. Each records
//! its errors in a [`Ctxt`] and goes on, so one compile reports every problem: a
//! mismatch is spanned at the offending Rust type and its message shows the signature
//! with a caret line under the part it disagrees with.

pub mod ctxt;
mod rust;

#[cfg(test)]
mod tests;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;

use self::ctxt::Ctxt;
use self::rust::{
    ArgShape, ResultShape, arg_shape, result_shape, shape_text, tuple_parts, type_text,
};
use crate::attr;
use crate::model::{ArgKind, ElemType, KernelArg, KernelDecl, ReturnKind};
use crate::signature::{self, SigItem, SigType, Signature, SignatureSource};

/// Parses the attribute, checks the signature against `func`, and builds the model.
/// Every problem found is reported together in one combined `syn::Error`.
pub fn analyze(attr: TokenStream, func: &syn::ItemFn) -> syn::Result<KernelDecl> {
    let cx = Ctxt::new();
    let attr = attr::parse_into(attr, &cx);
    let sig = &func.sig;
    check_plain_fn(&cx, sig);
    check_not_generic(&cx, sig);
    let args = rust_args(&cx, sig);
    check_no_lifetimes(&cx, sig);
    let tuple = tuple_parts(&sig.output);
    let result = RustResult {
        // A tuple is read part by part, from `tuple`; as one type it matches no shape.
        shape: match tuple {
            Some(_) => Err(SUPPORTED_TUPLE.to_owned()),
            None => result_shape(&sig.output),
        },
        tuple,
        output: &sig.output,
        generic: match &sig.output {
            syn::ReturnType::Type(_, ty) => mentions_type_param(ty, &sig.generics),
            syn::ReturnType::Default => false,
        },
    };

    let decl = match &attr.signature {
        Some(source) => match signature::parse_reporting_all(source.value()) {
            Ok(parsed) => against_signature(&cx, source, &parsed, &args, &result, sig),
            Err(errors) => {
                for error in &errors {
                    cx.push(source.parse_error(error));
                }
                // The Rust fn's own problems are still worth reporting in this compile.
                derive_signature(&cx, &args, &result);
                None
            }
        },
        None => derive_signature(&cx, &args, &result),
    };
    cx.check()?;
    match decl {
        Some(checked) => Ok(KernelDecl {
            func: func.clone(),
            args: checked.args,
            ret: checked.ret.kind,
            parts: checked.ret.parts,
            signature: checked.signature,
            options: attr.options,
        }),
        // Every path that builds no declaration records an error first; this keeps a
        // slip in that reasoning from becoming a panic.
        _ => Err(syn::Error::new_spanned(
            &sig.ident,
            "internal error in `#[kernel]`: the item was refused without a message",
        )),
    }
}

/// The checked arguments, the result and the canonical signature.
struct Checked {
    args: Vec<KernelArg>,
    ret: Ret,
    signature: String,
}

/// A checked result: its kind and, for [`ReturnKind::Tuple`], its parts.
struct Ret {
    kind: ReturnKind,
    parts: Vec<ReturnKind>,
}

impl Ret {
    fn single(kind: ReturnKind) -> Self {
        Ret {
            kind,
            parts: Vec::new(),
        }
    }

    /// The result and part types of the canonical signature when the Rust fn gives the
    /// result (arrays are `[:]`).
    fn sig_types(&self) -> (SigType, Vec<SigType>) {
        match self.kind {
            ReturnKind::Tuple => (
                SigType::Tuple,
                self.parts.iter().map(|p| ret_sig_type(*p)).collect(),
            ),
            kind => (ret_sig_type(kind), Vec::new()),
        }
    }
}

/// Why a tuple result type is not read as one type (never shown: its parts are read).
const SUPPORTED_TUPLE: &str = "a tuple result is read part by part";

/// One Rust argument as read from the fn.
struct RustArg<'a> {
    /// The identifier, when the pattern is a plain one.
    name: Option<syn::Ident>,
    /// Position, for messages about arguments without a usable name.
    index: usize,
    /// The Rust type.
    ty: &'a syn::Type,
    /// Its shape, or why it is refused.
    shape: Result<ArgShape, String>,
    /// The type names one of the fn's generic parameters; the generics error already
    /// covers it, so no second error is reported about the type.
    generic: bool,
}

impl RustArg<'_> {
    /// "argument `x`", or "argument 2" when the pattern is not an identifier.
    fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("argument `{name}`"),
            None => format!("argument {}", self.index + 1),
        }
    }

    fn kernel_arg(&self, shape: ArgShape) -> Option<KernelArg> {
        Some(KernelArg {
            name: self.name.clone()?,
            elem: shape.elem,
            kind: shape.kind,
            ty_span: self.ty.span(),
        })
    }
}

/// The Rust fn's result as read.
struct RustResult<'a> {
    /// The shape of a result that is not a tuple, or why it is refused.
    shape: Result<ResultShape, String>,
    /// The parts of a tuple result (of 2 or more) with their shapes.
    tuple: Option<Vec<(&'a syn::Type, Result<ResultShape, String>)>>,
    output: &'a syn::ReturnType,
    /// As [`RustArg::generic`].
    generic: bool,
}

// ---------------------------------------------------------------------------------------
// Rules about the fn itself.

/// A kernel is a plain, safe, synchronous Rust fn with no ABI and no receiver: the
/// generated entry points call it like any other function from any thread.
fn check_plain_fn(cx: &Ctxt, sig: &syn::Signature) {
    if let Some(token) = &sig.asyncness {
        cx.error_spanned_by(
            token,
            "a kernel cannot be `async`: it runs to completion on the calling thread (and rayon's)",
        );
    }
    if let Some(token) = &sig.constness {
        cx.error_spanned_by(
            token,
            "a kernel cannot be a `const fn`: its variants are chosen at run time",
        );
    }
    if let Some(token) = &sig.unsafety {
        cx.error_spanned_by(
            token,
            "a kernel cannot be an `unsafe fn`: it checks its inputs, so calling it is safe",
        );
    }
    if let Some(abi) = &sig.abi {
        cx.error_spanned_by(
            abi,
            "a kernel cannot have an `extern` ABI: wrap it in an `extern \"C\"` fn that calls it",
        );
    }
    if let Some(variadic) = &sig.variadic {
        cx.error_spanned_by(variadic, "a kernel cannot be variadic: list its arguments");
    }
    if let Some(receiver) = sig.receiver() {
        cx.error_spanned_by(
            receiver,
            "a kernel is a free function: it cannot take `self`",
        );
    }
}

/// A kernel has no generic parameters: each variant is compiled for concrete element
/// types (write one kernel per element type), and its slices need no named lifetimes.
fn check_not_generic(cx: &Ctxt, sig: &syn::Signature) {
    let generics = &sig.generics;
    let only_lifetimes = generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)));
    if !generics.params.is_empty() {
        let message = if only_lifetimes {
            "a kernel takes no lifetime parameters: write `&[f64]` without a lifetime"
        } else {
            "a kernel cannot be generic: write concrete types such as `&[f64]` (one kernel per element type)"
        };
        cx.error_spanned_by(generics, message);
    }
    if let Some(clause) = &generics.where_clause {
        cx.error_spanned_by(
            clause,
            "a kernel cannot have a `where` clause: write concrete types such as `&[f64]`",
        );
    }
}

/// A kernel's arguments are plain identifiers (`x: &[f64]`), neither `mut` nor `ref`
/// nor destructured: the body refers to them by name and never assigns them.
fn rust_args<'a>(cx: &Ctxt, sig: &'a syn::Signature) -> Vec<RustArg<'a>> {
    let mut args = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        let syn::FnArg::Typed(typed) = input else {
            continue; // `self`, reported by `check_plain_fn`.
        };
        let name = match &*typed.pat {
            syn::Pat::Ident(p)
                if p.by_ref.is_none() && p.mutability.is_none() && p.subpat.is_none() =>
            {
                Some(p.ident.clone())
            }
            syn::Pat::Ident(p) if p.subpat.is_none() => {
                let (token, why): (TokenStream, _) = match (&p.by_ref, &p.mutability) {
                    (Some(r), _) => (r.to_token_stream(), "`ref`"),
                    (None, m) => (m.to_token_stream(), "`mut`"),
                };
                cx.error_spanned_by(
                    token,
                    format!(
                        "argument `{}`: remove {why}: a kernel's arguments are plain names it never assigns",
                        p.ident
                    ),
                );
                None
            }
            syn::Pat::Wild(wild) => {
                cx.error_spanned_by(wild, "give the argument a name: a kernel's arguments are plain identifiers such as `x`");
                None
            }
            other => {
                cx.error_spanned_by(
                    other,
                    "a kernel's arguments are plain identifiers such as `x`, not patterns",
                );
                None
            }
        };
        args.push(RustArg {
            name,
            index,
            ty: &typed.ty,
            shape: arg_shape(&typed.ty),
            generic: mentions_type_param(&typed.ty, &sig.generics),
        });
    }
    args
}

/// A kernel's argument and result types name no lifetimes: its slices are plain borrows
/// for the duration of the call, and its array result is a new `Vec`.
fn check_no_lifetimes(cx: &Ctxt, sig: &syn::Signature) {
    struct Lifetimes<'c>(&'c Ctxt);
    impl<'ast> Visit<'ast> for Lifetimes<'_> {
        fn visit_lifetime(&mut self, lifetime: &'ast syn::Lifetime) {
            self.0.error_spanned_by(
                lifetime,
                format!("remove the lifetime `{lifetime}`: a kernel borrows its arguments only for the call, so they need no named lifetime"),
            );
        }
    }
    let mut visitor = Lifetimes(cx);
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            visitor.visit_type(&typed.ty);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Without a signature: the types come from the Rust fn.

/// Without `signature`, every argument and the result must have a supported Rust type;
/// the canonical signature is derived from them.
fn derive_signature(cx: &Ctxt, args: &[RustArg<'_>], result: &RustResult<'_>) -> Option<Checked> {
    let mut kernel_args = Vec::new();
    let mut sig_items = Vec::new();
    for arg in args {
        match &arg.shape {
            Ok(shape) => {
                check_array_elem(cx, arg.ty, &arg.label(), shape.sig_type(), None);
                kernel_args.extend(arg.kernel_arg(*shape));
                sig_items.push(shape.sig_type());
            }
            Err(_) if arg.generic => {}
            Err(hint) => cx.error_spanned_by(
                arg.ty,
                format!(
                    "{}: `{}` is not a supported kernel argument type; {hint}",
                    arg.label(),
                    type_text(arg.ty)
                ),
            ),
        }
    }
    let ret = derive_result(cx, result)?;
    let (result_type, parts) = ret.sig_types();
    let signature = canonical(result_type, &parts, &sig_items);
    (kernel_args.len() == args.len()).then_some(Checked {
        args: kernel_args,
        ret,
        signature,
    })
}

/// The result from the Rust return type alone (no signature, or the `(args)` form).
fn derive_result(cx: &Ctxt, result: &RustResult<'_>) -> Option<Ret> {
    if let Some(parts) = &result.tuple {
        return derive_tuple(cx, result, parts);
    }
    match &result.shape {
        Ok(shape) => {
            // Point at the type, not at the `->` before it.
            let at = match result.output {
                syn::ReturnType::Type(_, ty) => ty.to_token_stream(),
                syn::ReturnType::Default => result.output.to_token_stream(),
            };
            check_array_elem(cx, at, "the result", shape.sig_type(), None);
            Some(Ret::single(return_kind(*shape)))
        }
        Err(_) if result.generic => None,
        Err(hint) => {
            let syn::ReturnType::Type(_, ty) = result.output else {
                return None;
            };
            cx.error_spanned_by(
                ty,
                format!(
                    "the result: `{}` is not a supported kernel result type; {hint}",
                    type_text(ty)
                ),
            );
            None
        }
    }
}

/// A tuple result from the Rust fn: each part is a scalar or an array (`Vec<f64>`) of
/// `f64` or `f32`, as a result of its own would be.
fn derive_tuple(
    cx: &Ctxt,
    result: &RustResult<'_>,
    parts: &[(&syn::Type, Result<ResultShape, String>)],
) -> Option<Ret> {
    let mut kinds = Vec::new();
    for (i, (ty, shape)) in parts.iter().enumerate() {
        match shape {
            Ok(shape) => {
                if check_array_elem(cx, ty, &part_label(i), shape.sig_type(), None) {
                    kinds.push(return_kind(*shape));
                }
            }
            Err(_) if result.generic => {}
            Err(hint) => cx.error_spanned_by(ty, format!("the result: {hint}")),
        }
    }
    (kinds.len() == parts.len()).then_some(Ret {
        kind: ReturnKind::Tuple,
        parts: kinds,
    })
}

/// "part 2 of the result", for the part at `index`.
fn part_label(index: usize) -> String {
    format!("part {} of the result", index + 1)
}

// ---------------------------------------------------------------------------------------
// With a signature: the Rust fn must agree with it.

/// With `signature`, the Rust fn has exactly its arguments, each of the type the
/// signature gives, and its result (unless the `(args)` form leaves that to the fn).
fn against_signature(
    cx: &Ctxt,
    source: &SignatureSource,
    parsed: &Signature,
    args: &[RustArg<'_>],
    result: &RustResult<'_>,
    sig: &syn::Signature,
) -> Option<Checked> {
    check_arity(cx, source, parsed, args, sig);
    let mut kernel_args = Vec::new();
    for (item, arg) in parsed.args.iter().zip(args) {
        kernel_args.extend(check_argument(cx, source, item, arg));
    }
    let ret = match &parsed.result {
        Some(item) if item.ty == SigType::Tuple => {
            check_tuple_result(cx, source, parsed, item, result, sig)
        }
        Some(item) => check_result(cx, source, item, result, sig).map(Ret::single),
        None => derive_result(cx, result),
    }?;
    let arg_types: Vec<SigType> = parsed.args.iter().map(|a| a.ty).collect();
    // The signature's own types, so that layouts stay as written; the `(args)` form's
    // result comes from the Rust fn.
    let (result_type, part_types) = match &parsed.result {
        Some(item) => (item.ty, parsed.parts.iter().map(|p| p.ty).collect()),
        None => ret.sig_types(),
    };
    let signature = canonical(result_type, &part_types, &arg_types);
    (kernel_args.len() == args.len() && args.len() == parsed.args.len()).then_some(Checked {
        args: kernel_args,
        ret,
        signature,
    })
}

/// The signature and the Rust fn have the same number of arguments: each extra Rust
/// argument is reported at itself, missing ones at the fn's argument list.
fn check_arity(
    cx: &Ctxt,
    source: &SignatureSource,
    parsed: &Signature,
    args: &[RustArg<'_>],
    sig: &syn::Signature,
) {
    let expected = parsed.args.len();
    let count = |n: usize| {
        if n == 1 {
            "1 argument".to_owned()
        } else {
            format!("{n} arguments")
        }
    };
    for arg in args.iter().skip(expected) {
        let typed = sig.inputs.iter().nth(arg.index);
        let message = format!(
            "{} is not in the signature, which has {}\n{}",
            arg.label(),
            count(expected),
            source.show(parsed.args_span.clone())
        );
        match typed {
            Some(input) => cx.error_spanned_by(input, message),
            None => cx.error_spanned_by(arg.ty, message),
        }
    }
    if let Some(first_missing) = parsed.args.get(args.len()) {
        let missing: Vec<String> = parsed.args[args.len()..]
            .iter()
            .map(|a| format!("`{}`", a.ty))
            .collect();
        let last = parsed
            .args
            .last()
            .map_or(first_missing.span.end, |a| a.span.end);
        let span: Span = sig.paren_token.span.join();
        cx.error(
            span,
            format!(
                "the signature has {} but the Rust fn has {}: add {} for {}\n{}",
                count(expected),
                args.len(),
                if missing.len() == 1 {
                    "an argument"
                } else {
                    "arguments"
                },
                missing.join(", "),
                source.show(first_missing.span.start..last)
            ),
        );
    }
}

/// Each argument's Rust type is the one its signature type maps to: `f8` ↔ `f64`,
/// `f8[:]` ↔ `&[f64]` or `&mut [f64]`, `intp` ↔ `isize`, and so on.
fn check_argument(
    cx: &Ctxt,
    source: &SignatureSource,
    item: &SigItem,
    arg: &RustArg<'_>,
) -> Option<KernelArg> {
    let label = arg.label();
    if !check_array_elem(cx, arg.ty, &label, item.ty, Some((source, item))) {
        return None;
    }
    let matched = match (item.ty, &arg.shape) {
        (SigType::Scalar(elem), Ok(shape))
            if shape.kind == ArgKind::Scalar && shape.elem == elem =>
        {
            Some(*shape)
        }
        (SigType::Array(elem, _), Ok(shape))
            if shape.kind != ArgKind::Scalar && shape.elem == elem =>
        {
            Some(*shape)
        }
        _ => None,
    };
    if let Some(shape) = matched {
        return arg.kernel_arg(shape);
    }
    if arg.generic {
        return None;
    }
    let expected = match item.ty {
        SigType::Array(elem, _) => format!("`&[{0}]` or `&mut [{0}]`", elem.rust_name()),
        other => format!("`{}`", other.elem().map_or("()", ElemType::rust_name)),
    };
    cx.error_spanned_by(
        arg.ty,
        format!(
            "{label}: the signature says `{}` ({}), so the Rust type must be {expected}, found `{}`{}\n{}",
            item.ty,
            item.ty.describe(),
            type_text(arg.ty),
            byte_width_hint(item.ty, arg.shape.as_ref().ok().map(|s| s.elem)),
            source.show(item.span.clone())
        ),
    );
    None
}

/// The Rust return type is the one the signature's result maps to: `f8` ↔ `-> f64`,
/// `f8[:]` ↔ `-> Vec<f64>`, `void` ↔ no return type.
fn check_result(
    cx: &Ctxt,
    source: &SignatureSource,
    item: &SigItem,
    result: &RustResult<'_>,
    sig: &syn::Signature,
) -> Option<ReturnKind> {
    let return_ty = match result.output {
        syn::ReturnType::Type(_, ty) => Some(&**ty),
        syn::ReturnType::Default => None,
    };
    let at_return: TokenStream = match return_ty {
        Some(ty) => ty.to_token_stream(),
        None => span_tokens(sig.paren_token.span.join()),
    };
    if !check_array_elem(
        cx,
        at_return.clone(),
        "the result",
        item.ty,
        Some((source, item)),
    ) {
        return None;
    }
    let wanted = ResultShape::from_sig(item.ty)?;
    if result.shape.as_ref() == Ok(&wanted) {
        return Some(return_kind(wanted));
    }
    if result.generic {
        return None;
    }
    let found = return_ty.map_or_else(
        || "no return type".to_owned(),
        |ty| format!("`{}`", type_text(ty)),
    );
    let must = match wanted {
        ResultShape::Void => "so the Rust fn must have no return type".to_owned(),
        ResultShape::Scalar(elem) => format!("so the Rust fn must return `{}`", elem.rust_name()),
        ResultShape::Array(elem) => {
            format!("so the Rust fn must return `Vec<{}>`", elem.rust_name())
        }
    };
    let found_elem = match result.shape {
        Ok(ResultShape::Scalar(elem) | ResultShape::Array(elem)) => Some(elem),
        _ => None,
    };
    // A Rust tuple against a single type: say how the signature writes a tuple.
    let tuple_hint = result
        .tuple
        .as_ref()
        .and_then(|parts| {
            parts
                .iter()
                .map(|(_, shape)| shape.as_ref().ok().map(|s| s.sig_type()))
                .collect::<Option<Vec<_>>>()
        })
        .map_or_else(String::new, |parts| {
            format!(
                " (a tuple result is written `{}` in the signature)",
                signature::tuple_text(parts)
            )
        });
    cx.error_spanned_by(
        at_return,
        format!(
            "the result: the signature says `{}` ({}), {must}, found {found}{}{tuple_hint}\n{}",
            item.ty,
            item.ty.describe(),
            byte_width_hint(item.ty, found_elem),
            source.show(item.span.clone())
        ),
    );
    None
}

/// With a tuple result in the signature (`Tuple((f8[:], f8))`, `UniTuple(f8, 2)`), the
/// Rust fn returns a tuple of as many parts, each the Rust type its part maps to:
/// `(Vec<f64>, f64)`.
fn check_tuple_result(
    cx: &Ctxt,
    source: &SignatureSource,
    parsed: &Signature,
    item: &SigItem,
    result: &RustResult<'_>,
    sig: &syn::Signature,
) -> Option<Ret> {
    let wanted: Vec<ResultShape> = parsed
        .parts
        .iter()
        .map(|p| ResultShape::from_sig(p.ty))
        .collect::<Option<_>>()?;
    let written = parsed.result_text().unwrap_or_default();
    let described = format!("a tuple of {} parts", wanted.len());
    let must = format!(
        "so the Rust fn must return `({})`",
        wanted
            .iter()
            .map(|w| shape_text(*w))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let rust_parts = result
        .tuple
        .as_ref()
        .filter(|parts| parts.len() == wanted.len());
    let Some(rust_parts) = rust_parts else {
        // Not a tuple, or one of another length: one error at the whole return type.
        let at_return: TokenStream = match result.output {
            syn::ReturnType::Type(_, ty) => ty.to_token_stream(),
            syn::ReturnType::Default => span_tokens(sig.paren_token.span.join()),
        };
        for (i, part) in parsed.parts.iter().enumerate() {
            check_array_elem(
                cx,
                at_return.clone(),
                &part_label(i),
                part.ty,
                Some((source, part)),
            );
        }
        if result.generic {
            return None;
        }
        let found = match (result.output, &result.tuple) {
            (syn::ReturnType::Default, _) => "no return type".to_owned(),
            (syn::ReturnType::Type(_, ty), Some(parts)) => {
                format!("`{}`, a tuple of {} parts", type_text(ty), parts.len())
            }
            (syn::ReturnType::Type(_, ty), None) => format!("`{}`", type_text(ty)),
        };
        cx.error_spanned_by(
            at_return,
            format!(
                "the result: the signature says `{written}` ({described}), {must}, found {found}\n{}",
                source.show(item.span.clone())
            ),
        );
        return None;
    };
    let mut parts = Vec::new();
    for (i, ((ty, shape), (part, want))) in rust_parts
        .iter()
        .zip(parsed.parts.iter().zip(&wanted))
        .enumerate()
    {
        let label = part_label(i);
        if !check_array_elem(cx, ty, &label, part.ty, Some((source, part))) {
            continue;
        }
        if shape.as_ref() == Ok(want) {
            parts.push(return_kind(*want));
            continue;
        }
        if result.generic {
            continue;
        }
        let found_elem = match shape {
            Ok(ResultShape::Scalar(elem) | ResultShape::Array(elem)) => Some(*elem),
            _ => None,
        };
        cx.error_spanned_by(
            ty,
            format!(
                "{label}: the signature says `{}` ({}), so the Rust type must be `{}`, found `{}`{}\n{}",
                part.ty,
                part.ty.describe(),
                shape_text(*want),
                type_text(ty),
                byte_width_hint(part.ty, found_elem),
                source.show(part.span.clone())
            ),
        );
    }
    (parts.len() == wanted.len()).then_some(Ret {
        kind: ReturnKind::Tuple,
        parts,
    })
}

/// Array elements are `f32` or `f64` in version 1 (every backend vectorises those);
/// scalars may be any listed type. Returns `false` after reporting a refusal.
fn check_array_elem(
    cx: &Ctxt,
    at: impl ToTokens,
    label: &str,
    ty: SigType,
    from_signature: Option<(&SignatureSource, &SigItem)>,
) -> bool {
    let SigType::Array(elem, _) = ty else {
        return true;
    };
    if elem.is_float() {
        return true;
    }
    let shown = from_signature.map_or_else(String::new, |(source, item)| {
        format!("\n{}", source.show(item.span.clone()))
    });
    cx.error_spanned_by(
        at,
        format!(
            "{label}: arrays of `{}` (`{}`) are not supported yet: array elements must be `f4` or `f8` (`f32` or `f64`){shown}",
            elem.numba_code(),
            elem.rust_name()
        ),
    );
    false
}

/// Numba counts bytes and Rust counts bits, so `i8` means `i64` in a signature and `i8`
/// in Rust; and `intp` is `isize`, not `i64`, though they have the same width here. Say
/// so when that is the likely confusion.
fn byte_width_hint(expected: SigType, found: Option<ElemType>) -> &'static str {
    match (expected.elem(), found) {
        (Some(ElemType::I64), Some(ElemType::Isize)) => " (`isize` is written `intp`)",
        (Some(ElemType::U64), Some(ElemType::Usize)) => " (`usize` is written `uintp`)",
        (Some(ElemType::Isize), Some(ElemType::I64)) => {
            " (`intp` is `isize`; `i64` is written `i8`)"
        }
        (Some(ElemType::Usize), Some(ElemType::U64)) => {
            " (`uintp` is `usize`; `u64` is written `u8`)"
        }
        (Some(ElemType::I64), Some(ElemType::I8)) => {
            " (Numba's `i8` is 8 bytes, Rust's `i64`; Rust's `i8` is Numba's `i1`)"
        }
        (Some(ElemType::U64), Some(ElemType::U8)) => {
            " (Numba's `u8` is 8 bytes, Rust's `u64`; Rust's `u8` is Numba's `u1`)"
        }
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------
// Small conversions.

/// Whether `ty` names one of the type parameters in `generics` (`T` in `&[T]`).
fn mentions_type_param(ty: &syn::Type, generics: &syn::Generics) -> bool {
    struct Finder<'g> {
        params: Vec<&'g syn::Ident>,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            if let Some(first) = path.segments.first()
                && self.params.contains(&&first.ident)
            {
                self.found = true;
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut finder = Finder {
        params: generics.type_params().map(|p| &p.ident).collect(),
        found: false,
    };
    if finder.params.is_empty() {
        return false;
    }
    finder.visit_type(ty);
    finder.found
}

fn return_kind(shape: ResultShape) -> ReturnKind {
    match shape {
        ResultShape::Void => ReturnKind::Void,
        ResultShape::Scalar(elem) => ReturnKind::Scalar(elem),
        ResultShape::Array(elem) => ReturnKind::Array(elem),
    }
}

/// The signature type of a result that is not a tuple (see [`Ret::sig_types`]).
fn ret_sig_type(ret: ReturnKind) -> SigType {
    match ret {
        ReturnKind::Void => SigType::Void,
        ReturnKind::Tuple => SigType::Tuple,
        ReturnKind::Scalar(elem) => SigType::Scalar(elem),
        ReturnKind::Array(elem) => SigType::Array(elem, signature::Layout::Strided),
    }
}

/// The canonical signature string: the result always spelled out, even when the
/// attribute used the `(args)` form; a tuple result (`parts`) as `Tuple((f8[:], f8))`.
fn canonical(result: SigType, parts: &[SigType], args: &[SigType]) -> String {
    let item = |ty: SigType| SigItem { ty, span: 0..0 };
    Signature {
        result: Some(item(result)),
        parts: parts.iter().copied().map(item).collect(),
        args: args.iter().copied().map(item).collect(),
        args_span: 0..0,
    }
    .to_string()
}

/// A bare span as tokens (an empty group there), so that `error_spanned_by` can take it
/// like any syntax.
fn span_tokens(span: Span) -> TokenStream {
    let mut group =
        proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, TokenStream::new());
    group.set_span(span);
    proc_macro2::TokenTree::Group(group).into()
}
