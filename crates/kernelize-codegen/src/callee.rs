//! What a kernel learns of the kernels it calls with arrays, and how it asks.
//!
//! A proc macro sees only its own item, yet the shape of `f(x)` (an array, one value, or
//! `f` applied elementwise) decides the caller's plan. So every kernel exports a
//! `macro_rules!` macro, `NAME::__kernelize_info!`, that answers with its signature
//! ([`CalleeInfo`]), and a caller that meets a call with array arguments to a kernel it
//! knows nothing of expands, not to code, but to a question (the callback pattern):
//!
//! ```text
//! #[kernel] fn k(x) { ... f(x) ... }
//!   => f::__kernelize_info! { @for (f) @pending [(g)] @known [...] @attr (...) @item {...} }
//!   => ::kernelize::__private::kernel_resolved! { @callee {f's info} @for (f) ... }
//!   => (after g the same way) the kernel compiled knowing f and g exactly
//! ```
//!
//! The item's tokens travel through as they are, spans included, so messages still point
//! at the user's code. Calls whose arguments are all scalars are ordinary Rust calls and
//! need no question.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};

use crate::model::{ArgKind, ElemType, KernelDecl, ReturnKind};

/// A called kernel's signature, as its `__kernelize_info!` macro tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalleeInfo {
    /// The callee failed to compile (its own errors are reported): the caller compiles
    /// to its fallback without adding errors of its own.
    Failed,
    /// A compiled kernel.
    Kernel(CalleeSig),
}

/// The parts of a called kernel's signature a caller needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalleeSig {
    /// The canonical Numba signature, for messages.
    pub signature: String,
    /// Each argument: array or scalar, and its element type, as the hidden items take
    /// it: [`ArgKind::ArrayMut`] only for a `&mut` array the body writes (one it only
    /// reads is taken shared, [`ArgKind::Array`]).
    pub args: Vec<(ArgKind, ElemType)>,
    /// The result.
    pub ret: ReturnKind,
}

impl CalleeSig {
    /// The signature of a checked kernel whose body writes the arguments in `writes`.
    pub fn of(decl: &KernelDecl, writes: &[bool]) -> Self {
        let kind = |i: usize, k: ArgKind| match k {
            ArgKind::ArrayMut if writes.get(i) != Some(&true) => ArgKind::Array,
            k => k,
        };
        CalleeSig {
            signature: decl.signature.clone(),
            args: (decl.args.iter().enumerate())
                .map(|(i, a)| (kind(i, a.kind), a.elem))
                .collect(),
            ret: decl.ret,
        }
    }

    /// `Some(T)` if the kernel takes only scalars of one float type `T` and returns one
    /// of them: called with arrays, it acts elementwise (a ufunc).
    pub fn ufunc_elem(&self) -> Option<ElemType> {
        let ReturnKind::Scalar(e) = self.ret else {
            return None;
        };
        let all = self
            .args
            .iter()
            .all(|&(k, a)| k == ArgKind::Scalar && a == e);
        (e.is_float() && !self.args.is_empty() && all).then_some(e)
    }

    /// `true` if some argument is an array.
    pub fn takes_arrays(&self) -> bool {
        self.args.iter().any(|&(k, _)| k != ArgKind::Scalar)
    }
}

/// Callees known so far, by [`path_key`].
pub type Known = BTreeMap<String, CalleeInfo>;

/// The text of a callee path as the caller keys it: `f`, `super::f`, `m::f`.
pub fn path_key(path: &syn::Path) -> String {
    quote!(#path).to_string().replace(' ', "")
}

impl CalleeInfo {
    /// The tokens `__kernelize_info!` answers with: `{ failed }` or
    /// `{ kernel "f8(f8[:])" (array f64) scalar f64 }`.
    pub fn to_tokens(&self) -> TokenStream {
        match self {
            CalleeInfo::Failed => quote!({ failed }),
            CalleeInfo::Kernel(sig) => {
                let text = &sig.signature;
                let args = sig.args.iter().map(|&(k, e)| {
                    let kind = format_ident!("{}", kind_word(k));
                    let e = format_ident!("{}", e.rust_name());
                    quote!(#kind #e)
                });
                let ret = match sig.ret {
                    ReturnKind::Void => quote!(void),
                    ReturnKind::Tuple => quote!(tuple),
                    ReturnKind::Scalar(e) => {
                        let e = format_ident!("{}", e.rust_name());
                        quote!(scalar #e)
                    }
                    ReturnKind::Array(e) => {
                        let e = format_ident!("{}", e.rust_name());
                        quote!(array #e)
                    }
                };
                quote!({ kernel #text (#(#args),*) #ret })
            }
        }
    }

    /// Reads what [`CalleeInfo::to_tokens`] wrote (the contents of its braces).
    pub fn parse(tokens: TokenStream) -> Option<Self> {
        let mut it = tokens.into_iter();
        match it.next()? {
            TokenTree::Ident(i) if i == "failed" => return Some(CalleeInfo::Failed),
            TokenTree::Ident(i) if i == "kernel" => {}
            _ => return None,
        }
        let TokenTree::Literal(lit) = it.next()? else {
            return None;
        };
        let signature = match syn::parse2::<syn::LitStr>(TokenTree::Literal(lit).into()) {
            Ok(s) => s.value(),
            Err(_) => return None,
        };
        let TokenTree::Group(args) = it.next()? else {
            return None;
        };
        let words: Vec<String> = args
            .stream()
            .into_iter()
            .filter_map(|t| match t {
                TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            })
            .collect();
        let mut parsed = Vec::new();
        for pair in words.chunks(2) {
            let [kind, elem] = pair else { return None };
            parsed.push((kind_from_word(kind)?, ElemType::from_rust_name(elem)?));
        }
        let ret = match it.next()? {
            TokenTree::Ident(i) if i == "void" => ReturnKind::Void,
            TokenTree::Ident(i) if i == "tuple" => ReturnKind::Tuple,
            TokenTree::Ident(i) => {
                let TokenTree::Ident(e) = it.next()? else {
                    return None;
                };
                let e = ElemType::from_rust_name(&e.to_string())?;
                match i.to_string().as_str() {
                    "scalar" => ReturnKind::Scalar(e),
                    "array" => ReturnKind::Array(e),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(CalleeInfo::Kernel(CalleeSig {
            signature,
            args: parsed,
            ret,
        }))
    }
}

fn kind_word(k: ArgKind) -> &'static str {
    match k {
        ArgKind::Scalar => "scalar",
        ArgKind::Array => "array",
        ArgKind::ArrayMut => "array_mut",
    }
}

fn kind_from_word(w: &str) -> Option<ArgKind> {
    Some(match w {
        "scalar" => ArgKind::Scalar,
        "array" => ArgKind::Array,
        "array_mut" => ArgKind::ArrayMut,
        _ => return None,
    })
}

/// The `__kernelize_info!` macro a kernel exports in its module: it answers a caller's
/// question with `info`. `#[macro_export]` (under a name unique in the crate, from the
/// kernel's name and tokens) so that callers in other crates reach it too; re-exported
/// by the fixed name inside the kernel's module, where callers look for it.
pub fn info_macro(func: &syn::ItemFn, info: &CalleeInfo) -> TokenStream {
    let name = &func.sig.ident;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    quote!(#func).to_string().hash(&mut hasher);
    // The identifier's span tells two identical kernels from one `macro_rules!` apart.
    format!("{:?}", name.span()).hash(&mut hasher);
    let unique = format_ident!("__kernelize_info_{}_{:016x}", name, hasher.finish());
    let answer = info.to_tokens();
    quote! {
        #[doc(hidden)]
        #[macro_export]
        macro_rules! #unique {
            ($($rest:tt)*) => {
                ::kernelize::__private::kernel_resolved! { @callee #answer $($rest)* }
            };
        }
        #[doc(hidden)]
        pub use #unique as __kernelize_info;
    }
}

/// A kernel waiting for what its callees are: the state the question carries.
#[derive(Clone, Debug)]
pub struct Pending {
    /// The attribute's tokens.
    pub attr: TokenStream,
    /// The item's tokens, unchanged.
    pub item: TokenStream,
    /// What is known.
    pub known: Vec<(syn::Path, CalleeInfo)>,
    /// Callees still to ask, in order.
    pub ask: Vec<syn::Path>,
}

impl Pending {
    /// The known callees by key.
    pub fn known_map(&self) -> Known {
        self.known
            .iter()
            .map(|(p, i)| (path_key(p), i.clone()))
            .collect()
    }

    /// The next question: `first::__kernelize_info! { @for (first) @pending [...] ... }`.
    /// `None` when nothing is left to ask.
    pub fn ask_next(&self) -> Option<TokenStream> {
        let (first, rest) = self.ask.split_first()?;
        let (attr, item) = (&self.attr, &self.item);
        let known = self.known.iter().map(|(p, i)| {
            let i = i.to_tokens();
            quote!((#p) #i)
        });
        let span = syn::spanned::Spanned::span(first);
        // `self::f`, not `f`: a kernel named like a crate (`softmax`) would otherwise be
        // ambiguous in macro resolution, where the extern prelude competes with items.
        let local = (first.leading_colon.is_none() && first.segments.len() == 1)
            .then(|| quote::quote_spanned!(span=> self::));
        let mac = quote::quote_spanned!(span=> #local #first::__kernelize_info!);
        Some(quote! {
            #mac {
                @for (#first)
                @pending [#((#rest))*]
                @known [#(#known)*]
                @attr (#attr)
                @item { #item }
            }
        })
    }

    /// Reads a `kernel_resolved!` input: the callee's answer and the state it carried.
    /// The answer joins `known` as the callee named by `@for`.
    pub fn parse(input: TokenStream) -> syn::Result<Self> {
        let mut parts: BTreeMap<String, Group> = BTreeMap::new();
        let mut it = input.into_iter().peekable();
        while let Some(tt) = it.next() {
            let TokenTree::Punct(p) = &tt else {
                return Err(malformed(tt.span()));
            };
            if p.as_char() != '@' {
                return Err(malformed(p.span()));
            }
            let (Some(TokenTree::Ident(key)), Some(TokenTree::Group(g))) = (it.next(), it.next())
            else {
                return Err(malformed(p.span()));
            };
            parts.insert(key.to_string(), g);
        }
        let take = |key: &str| {
            parts
                .get(key)
                .map(Group::stream)
                .ok_or_else(|| malformed(Span::call_site()))
        };
        let callee =
            CalleeInfo::parse(take("callee")?).ok_or_else(|| malformed(Span::call_site()))?;
        let for_path: syn::Path = syn::parse2(take("for")?)?;
        let mut known = Vec::new();
        let mut entries = take("known")?.into_iter();
        while let Some(TokenTree::Group(path)) = entries.next() {
            let path: syn::Path = syn::parse2(path.stream())?;
            let Some(TokenTree::Group(info)) = entries.next() else {
                return Err(malformed(Span::call_site()));
            };
            let info = CalleeInfo::parse(info.stream()).ok_or_else(|| malformed(info.span()))?;
            known.push((path, info));
        }
        known.push((for_path, callee));
        let ask = take("pending")?
            .into_iter()
            .map(|t| match t {
                TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis => {
                    syn::parse2::<syn::Path>(g.stream())
                }
                other => Err(malformed(other.span())),
            })
            .collect::<syn::Result<Vec<_>>>()?;
        Ok(Pending {
            attr: take("attr")?,
            item: take("item")?,
            known,
            ask,
        })
    }
}

fn malformed(span: Span) -> syn::Error {
    syn::Error::new(
        span,
        "`kernel_resolved!` is the `#[kernel]` attribute's own machinery: write `#[kernel]` instead",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_round_trips() {
        let sig = CalleeInfo::Kernel(CalleeSig {
            signature: "f8(f8[:], f8)".into(),
            args: vec![
                (ArgKind::Array, ElemType::F64),
                (ArgKind::Scalar, ElemType::F64),
            ],
            ret: ReturnKind::Scalar(ElemType::F64),
        });
        for info in [sig, CalleeInfo::Failed] {
            let tokens = info.to_tokens();
            let TokenTree::Group(g) = tokens.into_iter().next().unwrap() else {
                panic!("braces")
            };
            assert_eq!(CalleeInfo::parse(g.stream()), Some(info));
        }
    }

    /// A `&mut` array the body only reads is taken shared, so callers see `Array`.
    #[test]
    fn only_written_mut_arrays_are_array_mut() {
        let func: syn::ItemFn = syn::parse_quote!(
            fn k(x: &mut [f64], out: &mut [f64], s: f64) {}
        );
        let decl = crate::check::analyze(TokenStream::new(), &func).unwrap();
        let kinds = |writes: &[bool]| -> Vec<ArgKind> {
            CalleeSig::of(&decl, writes)
                .args
                .iter()
                .map(|a| a.0)
                .collect()
        };
        assert_eq!(
            kinds(&[false, true, false]),
            [ArgKind::Array, ArgKind::ArrayMut, ArgKind::Scalar]
        );
        assert_eq!(
            kinds(&[]),
            [ArgKind::Array, ArgKind::Array, ArgKind::Scalar]
        );
    }

    #[test]
    fn a_question_carries_its_state() {
        let pending = Pending {
            attr: quote!(parallel),
            item: quote!(
                fn k(x: &[f64]) -> f64 {
                    total(x) + other(x)
                }
            ),
            known: vec![],
            ask: vec![syn::parse_quote!(total), syn::parse_quote!(m::other)],
        };
        let question = pending.ask_next().unwrap().to_string();
        assert!(
            question.starts_with("self :: total :: __kernelize_info !"),
            "{question}"
        );
        // What the callee's macro makes of it.
        let body = pending.ask_next().unwrap().into_iter().last().unwrap();
        let TokenTree::Group(body) = body else {
            panic!("a braced body")
        };
        let answer = CalleeInfo::Failed.to_tokens();
        let input = quote!(@callee #answer);
        let mut input = input;
        input.extend(body.stream());
        let back = Pending::parse(input).unwrap();
        assert_eq!(back.ask.len(), 1);
        assert_eq!(path_key(&back.ask[0]), "m::other");
        assert_eq!(back.known_map().get("total"), Some(&CalleeInfo::Failed));
        assert_eq!(back.attr.to_string(), "parallel");
    }
}
