//! The compiler behind `#[kernel]`, as an ordinary library so that it can be unit-tested
//! with `proc_macro2` tokens.
//!
//! Stages, kept apart as in a small compiler:
//! 1. `attr`: the attribute's options.
//! 2. `signature`: Numba signature strings (lexer, parser, types, byte spans).
//! 3. `check`: the signature against the Rust fn, producing a [`model::KernelDecl`].
//! 4. `lang`: the body (syn) into an IR whose nodes keep their spans.
//! 5. `plan`: the IR into a fused loop plan.
//! 6. `backend` and `emit`: the generated items.

pub mod model;

use proc_macro2::TokenStream;

/// Expands `#[kernel(attr)] item`. Never panics: on any error the user's item is emitted
/// unchanged beside `compile_error!`s, so one mistake does not cascade.
pub fn expand_kernel(attr: TokenStream, item: TokenStream) -> TokenStream {
    let _ = attr;
    item
}
