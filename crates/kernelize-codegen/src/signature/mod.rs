//! Numba signature strings: lexer, parser, types, byte spans into the string.
//!
//! `parse("f8[:](f8[:], f8)")` gives a [`Signature`] whose types keep their byte offsets,
//! so that errors can point inside the string; [`Signature`]'s `Display` prints the
//! canonical form, which parses back to an equal signature. The grammar and the names are
//! those of LANGUAGE.md ("Signature strings"); every refusal has its own message. A tuple
//! result, `Tuple((f8[:], f8))(f8[:])` or `UniTuple(f8, 2)(f8[:])`, has its parts in
//! [`Signature::parts`] and always prints as `Tuple((..))`.

mod error;
mod lexer;
mod locate;
mod parser;
mod suggest;
mod types;

#[cfg(test)]
mod tests;

pub use error::{SigErrorKind, SignatureError, caret_display};
pub use locate::SignatureSource;
pub use parser::parse_reporting_all;
pub use suggest::{edit_distance, nearest};
pub use types::{ByteSpan, Layout, SigItem, SigType, Signature, tuple_text};

/// Parses a signature string, returning its first error (by position) on failure. Use
/// [`parse_reporting_all`] to get every error.
pub fn parse(src: &str) -> Result<Signature, SignatureError> {
    parse_reporting_all(src).map_err(|errors| {
        errors.into_iter().next().unwrap_or_else(|| {
            SignatureError::new(
                SigErrorKind::Unexpected,
                0..src.len(),
                "this signature could not be parsed",
            )
        })
    })
}
