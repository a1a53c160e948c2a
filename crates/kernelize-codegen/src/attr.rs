//! The attribute's options: `signature = "..."`, `parallel`, `nogil`, `fastmath`, `cache`.
//!
//! Every bad option is reported, not only the first: after an error the parser skips to
//! the next top-level comma and goes on.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

use crate::check::ctxt::Ctxt;
use crate::model::KernelOptions;
use crate::signature::{SignatureSource, nearest};

/// The options, as the user wrote them in `#[kernel(...)]`.
#[derive(Clone, Debug, Default)]
pub struct KernelAttr {
    /// `signature = "..."`, unparsed (the `signature` module parses it).
    pub signature: Option<SignatureSource>,
    /// The flags.
    pub options: KernelOptions,
}

/// The option names, in the order messages list them.
const OPTIONS: &[&str] = &["signature", "parallel", "nogil", "fastmath", "cache"];

/// The list of options for messages.
const KNOWN: &str =
    "the options are `signature = \"...\"`, `parallel`, `nogil`, `fastmath` and `cache`";

/// An example signature for messages.
const EXAMPLE: &str = "signature = \"f8[:](f8[:])\"";

/// Parses the attribute's tokens, returning every error together.
pub fn parse(tokens: TokenStream) -> syn::Result<KernelAttr> {
    let cx = Ctxt::new();
    let attr = parse_into(tokens, &cx);
    cx.check().map(|()| attr)
}

/// Parses the attribute's tokens, recording errors in `cx` and returning what could be
/// read, so that later stages can still check the rest of the item.
pub fn parse_into(tokens: TokenStream, cx: &Ctxt) -> KernelAttr {
    let mut attr = KernelAttr::default();
    // The options given so far, to report repeats.
    let mut seen: Vec<String> = Vec::new();
    for item in split_at_commas(tokens) {
        match (item.trees.is_empty(), item.comma) {
            (true, Some(comma)) => {
                cx.error(comma, format!("expected an option before `,`; {KNOWN}"))
            }
            _ => parse_option(&item.trees, cx, &mut attr, &mut seen),
        }
    }
    attr
}

/// One comma-separated item of the attribute, and the comma that ends it (if any).
struct Item {
    trees: Vec<TokenTree>,
    comma: Option<Span>,
}

/// The top-level comma-separated items. Commas inside groups (`[..]`, `(..)`) do not
/// split; invisible groups (from `macro_rules!`) are looked through. A trailing comma is allowed; other empty items (`a,,b`) are kept so that they
/// can be reported at their comma.
fn split_at_commas(tokens: TokenStream) -> Vec<Item> {
    let mut items = Vec::new();
    let mut trees = Vec::new();
    for tree in tokens.into_iter().flat_map(unwrap_invisible_group) {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => items.push(Item {
                trees: std::mem::take(&mut trees),
                comma: Some(p.span()),
            }),
            _ => trees.push(tree),
        }
    }
    if !trees.is_empty() {
        items.push(Item { trees, comma: None });
    }
    items
}

/// Reads one `name` or `name = value` item.
fn parse_option(item: &[TokenTree], cx: &Ctxt, attr: &mut KernelAttr, seen: &mut Vec<String>) {
    let Some(first) = item.first() else {
        return;
    };
    let name = match first {
        TokenTree::Ident(ident) => ident.to_string(),
        TokenTree::Literal(lit) if lit.to_string().starts_with(['"', 'r']) => {
            // Numba's positional form, `@jit("f8(f8)")`.
            cx.error(
                lit.span(),
                format!("name the signature: `signature = {lit}`"),
            );
            return;
        }
        other => {
            cx.error(
                other.span(),
                format!("expected an option, found `{other}`; {KNOWN}"),
            );
            return;
        }
    };
    let name_span = first.span();
    let rest = &item[1..];

    if !OPTIONS.contains(&name.as_str()) {
        let message = match (name.as_str(), nearest(&name, OPTIONS.iter().copied())) {
            ("nopython" | "njit", _) => format!(
                "`{name}` is not needed: kernels are always compiled without Python objects; {KNOWN}"
            ),
            (_, Some(suggestion)) => {
                format!("unknown option `{name}`; did you mean `{suggestion}`? {KNOWN}")
            }
            (_, None) => format!("unknown option `{name}`; {KNOWN}"),
        };
        cx.error(name_span, message);
        return;
    }

    if seen.contains(&name) {
        cx.error_spanned_by(
            span_of(item),
            format!("option `{name}` is given more than once; give it once"),
        );
        return;
    }
    seen.push(name.clone());

    if name == "signature" {
        attr.signature = signature_value(name_span, rest, cx);
        return;
    }

    if !rest.is_empty() {
        cx.error_spanned_by(
            span_of(item),
            format!(
                "`{name}` takes no value: write `{name}`, not `{}`",
                tokens_text(item)
            ),
        );
        return;
    }
    let flag = match name.as_str() {
        "parallel" => &mut attr.options.parallel,
        "nogil" => &mut attr.options.nogil,
        "fastmath" => &mut attr.options.fastmath,
        _ => &mut attr.options.cache,
    };
    *flag = true;
}

/// The value of `signature = "..."`, given the tokens after `signature`.
fn signature_value(name_span: Span, rest: &[TokenTree], cx: &Ctxt) -> Option<SignatureSource> {
    let Some((eq, value)) = rest.split_first() else {
        cx.error(name_span, format!("`signature` needs a value: `{EXAMPLE}`"));
        return None;
    };
    if !matches!(eq, TokenTree::Punct(p) if p.as_char() == '=') {
        cx.error(
            eq.span(),
            format!("expected `=` after `signature`, found `{eq}`: write `{EXAMPLE}`"),
        );
        return None;
    }
    match value {
        [] => {
            cx.error(
                eq.span(),
                format!("missing value after `signature =`: write `{EXAMPLE}`"),
            );
            None
        }
        [TokenTree::Literal(lit)] => {
            let tokens = TokenStream::from(TokenTree::Literal(lit.clone()));
            match syn::parse2::<syn::Lit>(tokens) {
                Ok(syn::Lit::Str(s)) => Some(SignatureSource::new(s)),
                _ => {
                    cx.error(
                        lit.span(),
                        format!("the signature must be a string, found `{lit}`: write `{EXAMPLE}`"),
                    );
                    None
                }
            }
        }
        [TokenTree::Group(g)]
            if matches!(g.delimiter(), Delimiter::Bracket | Delimiter::Parenthesis) =>
        {
            cx.error(
                g.span(),
                format!("several signatures are not supported yet: give one, e.g. `{EXAMPLE}`"),
            );
            None
        }
        other => {
            cx.error_spanned_by(
                span_of(other),
                format!(
                    "the signature must be a string literal, found `{}`: write `{EXAMPLE}`",
                    tokens_text(other)
                ),
            );
            None
        }
    }
}

/// A `None`-delimited group (a `$x:literal` passed through `macro_rules!`) stands for its
/// contents.
fn unwrap_invisible_group(tree: TokenTree) -> Vec<TokenTree> {
    match tree {
        TokenTree::Group(g) if g.delimiter() == Delimiter::None => g
            .stream()
            .into_iter()
            .flat_map(unwrap_invisible_group)
            .collect(),
        other => vec![other],
    }
}

/// A span covering `trees`, from the first to the last, for errors about several tokens.
fn span_of(trees: &[TokenTree]) -> TokenStream {
    trees.iter().cloned().collect()
}

/// The tokens as the user would write them, for quoting in messages: `parallel = true`,
/// `parallel(2)`.
fn tokens_text(trees: &[TokenTree]) -> String {
    let mut text = String::new();
    for tree in trees {
        let glued = matches!(tree, TokenTree::Group(g) if g.delimiter() != Delimiter::Brace);
        if !text.is_empty() && !glued {
            text.push(' ');
        }
        text.push_str(&tree.to_string());
    }
    text
}

#[cfg(test)]
mod tests;
