//! The compiler behind `#[kernel]`, as an ordinary library so that it can be unit-tested
//! with `proc_macro2` tokens.
//!
//! Stages, kept apart as in a small compiler:
//! 1. [`attr`]: the attribute's options.
//! 2. [`signature`]: Numba signature strings (lexer, parser, types, byte spans).
//! 3. [`check`]: the signature against the Rust fn, producing a [`model::KernelDecl`].
//! 4. [`lang`]: the body (syn) into an IR whose nodes keep their spans.
//! 5. [`plan`]: the IR into a fused loop plan.
//! 6. [`backend`] and [`emit`]: the generated items.

pub mod attr;
pub mod backend;
pub mod check;
pub mod emit;
pub mod lang;
pub mod model;
pub mod plan;
pub mod signature;

use proc_macro2::TokenStream;
use quote::quote;

/// Expands `#[kernel(attr)] item`. Never panics: on any error the user's fn signature is
/// kept (with a body that cannot run) beside the `compile_error!`s, so one mistake does
/// not cascade into errors at every call site.
pub fn expand_kernel(attr: TokenStream, item: TokenStream) -> TokenStream {
    let func: syn::ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[kernel]` applies to a function: `#[kernel] fn name(x: &[f64]) -> f64 { sum(x) }`",
            )
            .to_compile_error();
            return quote! { #err #item };
        }
    };
    match check::analyze(attr, &func).and_then(|decl| emit::compile(&decl)) {
        Ok(tokens) => tokens,
        Err(err) => {
            let errors = err.to_compile_error();
            let fallback = emit::fallback(&func);
            quote! { #errors #fallback }
        }
    }
}
