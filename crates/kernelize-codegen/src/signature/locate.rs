//! From byte offsets in a signature string to compiler spans in the user's source.

use proc_macro2::Span;

use super::error::{SignatureError, caret_display};
use super::types::ByteSpan;

/// A signature string as written in the attribute: its literal (for spans) and value.
#[derive(Clone, Debug)]
pub struct SignatureSource {
    lit: syn::LitStr,
    value: String,
    /// Where the value starts inside the literal's source text (after `"` or `r#"`), or
    /// `None` when escapes make value offsets and source offsets disagree.
    value_offset: Option<usize>,
}

impl SignatureSource {
    /// Wraps a string literal from the attribute.
    pub fn new(lit: syn::LitStr) -> Self {
        let value = lit.value();
        let value_offset = value_offset(&lit.token().to_string(), &value);
        SignatureSource {
            lit,
            value,
            value_offset,
        }
    }

    /// The string's value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The literal, for errors about the signature as a whole.
    pub fn lit(&self) -> &syn::LitStr {
        &self.lit
    }

    /// The compiler span of `span` inside the literal, where the compiler can give one:
    /// `Literal::subspan` is unstable and returns `None` in a stable compiler. An empty
    /// span (something missing at the end) widens to the next character, the closing
    /// quote, so that it stays visible.
    pub fn subspan(&self, span: ByteSpan) -> Option<Span> {
        let offset = self.value_offset?;
        let end = if span.end > span.start {
            span.end
        } else {
            span.start + 1
        };
        self.lit.token().subspan(offset + span.start..offset + end)
    }

    /// An error about `span` of the string: inside the literal where the compiler allows
    /// it, else at the whole literal with the column and a caret line in the message.
    pub fn error(&self, span: ByteSpan, message: &str) -> syn::Error {
        match self.subspan(span.clone()) {
            Some(sub) => syn::Error::new(sub, message),
            // A caret under nothing says nothing.
            None if self.value.trim().is_empty() => syn::Error::new_spanned(&self.lit, message),
            None => syn::Error::new_spanned(
                &self.lit,
                format!("{message}\n{}", caret_display(&self.value, span)),
            ),
        }
    }

    /// [`Self::error`] for a parse error.
    pub fn parse_error(&self, error: &SignatureError) -> syn::Error {
        self.error(error.span.clone(), &error.message)
    }

    /// The signature with a caret line under `span`, for messages spanned elsewhere (at a
    /// Rust type) that also point into the signature.
    pub fn show(&self, span: ByteSpan) -> String {
        caret_display(&self.value, span)
    }
}

/// Where `value` starts inside `source`, the literal's text, if the two agree byte for
/// byte (no escapes, no suffix).
fn value_offset(source: &str, value: &str) -> Option<usize> {
    let (prefix, suffix) = if let Some(raw) = source.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        (2 + hashes, 1 + hashes)
    } else if source.starts_with('"') {
        (1, 1)
    } else {
        return None;
    };
    let inner = source.get(prefix..source.len().checked_sub(suffix)?)?;
    (inner == value).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_plain_and_raw_strings() {
        assert_eq!(value_offset(r#""f8(f8)""#, "f8(f8)"), Some(1));
        assert_eq!(value_offset(r####"r#"f8(f8)"#"####, "f8(f8)"), Some(3));
        assert_eq!(value_offset(r#"r"f8""#, "f8"), Some(2));
        // An escape shifts offsets: no subspan, the caret line is used instead.
        assert_eq!(value_offset(r#""f8(\x66\x38)""#, "f8(f8)"), None);
        assert_eq!(value_offset(r#""f8"suffix"#, "f8"), None);
        assert_eq!(value_offset("\"", ""), None);
    }
}
