//! The compiler behind `#[kernel]`, as an ordinary library so that it can be unit-tested
//! with `proc_macro2` tokens.
//!
//! The pipeline ([`expand`], below), stages kept apart as in a small compiler:
//! 1. [`attr`], [`signature`], [`check`]: the attribute's options and the Numba signature
//!    string against the Rust fn, giving a [`model::KernelDecl`].
//! 2. [`lang`]: the body (syn) into an IR whose nodes keep their spans, knowing the
//!    signatures of the kernels it calls with arrays; one it does not know yet is asked
//!    first ([`callee`]: the expansion becomes a question, answered by the callee's macro).
//! 3. [`plan`]: the IR into a fused loop plan (one per input size where that pays).
//! 4. [`backend`]: the plan into code, generic over the instruction-set tier.
//! 5. [`surface`]: the generated items around it (entry points, dispatch, what callers use).

pub mod attr;
pub mod backend;
pub mod callee;
pub mod check;
pub mod kir;
pub mod lang;
pub mod model;
pub mod plan;
pub mod signature;
pub mod surface;
pub mod target;

use proc_macro2::TokenStream;
use quote::quote;

use crate::callee::Pending;
use crate::lang::Lowered;

/// Expands `#[kernel(attr)] item`. Never panics: on any error the user's fn signature is
/// kept (with a body that cannot run) beside the `compile_error!`s, so one mistake does
/// not cascade into errors at every call site.
pub fn expand_kernel(attr: TokenStream, item: TokenStream) -> TokenStream {
    grow_stack(|| {
        expand(Pending {
            attr,
            item,
            known: Vec::new(),
            ask: Vec::new(),
        })
    })
}

/// Expands `kernel_resolved! { @callee {..} @for (..) ... }`: a callee's answer to the
/// question a kernel asked (see [`callee`]). Asks the next question, or compiles.
pub fn expand_resolved(input: TokenStream) -> TokenStream {
    grow_stack(|| match Pending::parse(input) {
        Ok(pending) => match pending.ask_next() {
            Some(question) => question,
            None => expand(pending),
        },
        Err(err) => err.to_compile_error(),
    })
}

/// Runs `f` on a stack of its own with room for deep expressions: parsing and the walks
/// over a body recurse once per nesting level (`exp(exp(...))`, `x + x + ...`), rustc
/// accepts thousands of levels, and the thread a proc macro runs on may have little
/// stack. The segment is mapped, not touched, so its size costs nothing until used; the
/// lowering's own recursion also grows the stack again on demand ([`deeper`]).
fn grow_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::grow(STACK_SEGMENT, f)
}

/// Runs one level of a recursive walk, adding a stack segment when little is left.
pub(crate) fn deeper<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, f)
}

/// Stack left before a recursive walk asks for more (see [`deeper`]).
pub const STACK_RED_ZONE: usize = 1024 * 1024;

/// The size of each stack segment added.
pub const STACK_SEGMENT: usize = 256 * 1024 * 1024;

/// The pipeline: parse the fn, check it against its signature, lower its body knowing
/// its callees (or ask about the ones it does not know), then plan and generate.
fn expand(pending: Pending) -> TokenStream {
    let func: syn::ItemFn = match syn::parse2(pending.item.clone()) {
        Ok(func) => func,
        // Not a fn: say so.
        Err(_) if !looks_like_fn(&pending.item) => {
            let item = &pending.item;
            let err = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[kernel]` applies to a function: `#[kernel] fn name(x: &[f64]) -> f64 { sum(x) }`",
            )
            .to_compile_error();
            return quote! { #err #item };
        }
        // A fn rustc's parser has already reported a syntax error in (a kernel is parsed
        // as a Rust item first): given back unchanged, its one error is Rust's, which
        // rustc reports once however often it meets it.
        Err(_) => return pending.item,
    };
    let known = pending.known_map();
    let result = check::analyze(pending.attr.clone(), &func).and_then(|decl| {
        let lowered = if lang::stmt::uses_statements(&decl) {
            match lang::stmt::lower_statements(&decl, &known) {
                Ok(kernel) => return surface::compile_loops(&decl, &kernel).map(Some),
                Err(outcome) => outcome,
            }
        } else {
            lang::lower(&decl, &known)
        };
        match lowered {
            Lowered::Body(body) => surface::compile(&decl, &body).map(Some),
            Lowered::Ask(paths) => Ok(Some(
                Pending {
                    ask: paths,
                    ..pending
                }
                .ask_next()
                .unwrap_or_default(),
            )),
            Lowered::CalleeFailed => Ok(None),
            Lowered::Error(err) => Err(err),
        }
    });
    match result {
        Ok(Some(tokens)) => tokens,
        // A callee failed to compile and said so: nothing to add.
        Ok(None) => surface::fallback(&func),
        Err(err) => {
            let errors = err.to_compile_error();
            let fallback = surface::fallback(&func);
            quote! { #errors #fallback }
        }
    }
}

/// `true` if `item` is a fn item, however broken its body: `fn` before the first brace
/// group, after attributes, visibility and qualifiers.
fn looks_like_fn(item: &TokenStream) -> bool {
    use proc_macro2::TokenTree;
    for tt in item.clone() {
        match tt {
            TokenTree::Ident(i) if i == "fn" => return true,
            TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sum of 3,000 terms and 600 nested calls expand on a thread with a small stack,
    /// as a proc macro's may be: the macro grows its own (issue 16).
    #[test]
    fn deep_expressions_do_not_overflow() {
        let sum = vec!["x"; 3000].join(" + ");
        let nested = (0..600).fold("x".to_string(), |e, _| format!("exp({e})"));
        for body in [sum, nested] {
            let src = format!("fn k(x: &[f64]) -> Vec<f64> {{ {body} }}");
            let out = std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let item: TokenStream = src.parse().unwrap();
                    expand_kernel(TokenStream::new(), item).to_string()
                })
                .unwrap()
                .join()
                .expect("the expansion finishes");
            assert!(
                !out.contains("compile_error"),
                "{}",
                &out[..out.len().min(500)]
            );
            assert!(out.contains("mod k"), "the kernel is generated");
        }
    }
}
