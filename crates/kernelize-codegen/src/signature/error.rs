//! Errors in a signature string: a message and the bytes it is about.

use std::fmt;

use super::types::ByteSpan;

/// What went wrong, for callers that branch on it (messages are for people).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigErrorKind {
    /// The string is empty or only white space.
    Empty,
    /// A name that is not a type.
    UnknownType,
    /// A `(` or `[` without its partner, or a stray `)` or `]`.
    Unbalanced,
    /// `[1:]`, `[:n]`, `[::2]` and other slices that are not a 1-D layout.
    SliceBounds,
    /// No argument list (`f8`, `f8[:]`) or no element type (`[:](f8)`).
    Missing,
    /// Text after a complete signature.
    Trailing,
    /// A token where the grammar does not allow it.
    Unexpected,
    /// A known Numba form that version 1 refuses: complex, half, 2-D and higher arrays,
    /// several signatures.
    NotSupported,
}

/// One error in a signature string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureError {
    /// What kind of error.
    pub kind: SigErrorKind,
    /// The message: lower case, code in backticks, saying what is expected.
    pub message: String,
    /// The bytes of the signature string it is about; empty at the end of the string
    /// when something is missing there.
    pub span: ByteSpan,
}

impl SignatureError {
    pub(crate) fn new(kind: SigErrorKind, span: ByteSpan, message: impl Into<String>) -> Self {
        SignatureError {
            kind,
            message: message.into(),
            span,
        }
    }

    /// The message followed by the signature with a caret line under [`Self::span`] and
    /// its column, for places where the compiler cannot point inside the string.
    pub fn render(&self, src: &str) -> String {
        format!(
            "{}\n{}",
            self.message,
            caret_display(src, self.span.clone())
        )
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SignatureError {}

/// Two lines: the signature, then carets under `span` followed by its 1-based column
/// (counted in characters), e.g.
///
/// ```text
///   f8[:](f9[:])
///         ^^ column 7
/// ```
///
/// White space inside the string (tabs, newlines) is shown as one space each so that
/// the carets line up; a span past the end gets one caret after the last character.
pub fn caret_display(src: &str, span: ByteSpan) -> String {
    let start = floor_char_boundary(src, span.start);
    let end = floor_char_boundary(src, span.end.max(start));
    let shown: String = src
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let before = src[..start].chars().count();
    let width = src[start..end].chars().count().max(1);
    format!(
        "  {}\n  {}{} column {}",
        shown.trim_end(),
        " ".repeat(before),
        "^".repeat(width),
        before + 1
    )
}

/// `index` moved down to a character boundary and into the string, so that a bad span
/// can never make the renderer panic.
fn floor_char_boundary(src: &str, index: usize) -> usize {
    let mut index = index.min(src.len());
    while !src.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_line_up() {
        assert_eq!(
            caret_display("f8[:](f9[:])", 6..8),
            "  f8[:](f9[:])\n        ^^ column 7"
        );
        assert_eq!(caret_display("f8", 2..2), "  f8\n    ^ column 3");
        assert_eq!(caret_display("f8(\tx)", 4..5), "  f8( x)\n      ^ column 5");
        assert_eq!(caret_display("é(x)", 3..4), "  é(x)\n    ^ column 3");
        // Out-of-range and mid-character spans are clamped, never a panic.
        assert_eq!(caret_display("é", 1..9), "  é\n  ^ column 1");
    }
}
