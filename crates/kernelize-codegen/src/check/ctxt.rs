//! An error accumulator, after serde_derive's `Ctxt`: every stage records what it finds
//! and goes on, and the errors are reported together, so one compile shows them all.

use std::cell::RefCell;

use proc_macro2::Span;
use quote::ToTokens;

/// Collects errors. Shared by `&` reference between the checks, which is why the list is
/// in a `RefCell`. Unlike serde's, dropping it unchecked does not panic: the macro never
/// panics on any input.
#[derive(Debug, Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Self {
        Ctxt::default()
    }

    /// Records an error at `span`.
    pub fn error(&self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error spanning all of `tokens` (first to last token, also on stable).
    pub fn error_spanned_by(&self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error made elsewhere.
    pub fn push(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// `true` when nothing has been recorded.
    pub fn is_ok(&self) -> bool {
        self.errors.borrow().is_empty()
    }

    /// All recorded errors combined into one, in the order recorded; `Ok` if none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}
