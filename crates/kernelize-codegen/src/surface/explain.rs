//! `NAME::explain()`: the plan as text, one plan or one per size of input.

use proc_macro2::TokenStream;
use quote::quote;

use super::Case;
use crate::backend::{self, KernelCode};

impl super::Surface<'_> {
    /// The body of `NAME::explain()`.
    pub(super) fn explain_text(&self) -> TokenStream {
        match self.core {
            super::Core::Plans(cases) => explain_fn(cases),
            super::Core::Loops(kernel) => {
                let text = crate::kir::explain(kernel, &header(self.decl, None));
                quote!(#text)
            }
        }
    }
}

/// The first line of `explain()`: name, signature, elements, backends.
fn header(decl: &crate::model::KernelDecl, elem: Option<crate::model::ElemType>) -> String {
    let backends: Vec<&str> = backend::all()
        .iter()
        .filter(|b| b.applies(decl))
        .map(|b| b.name())
        .collect();
    let elems = elem
        .map(|e| format!(", elements `{}`", e.rust_name()))
        .unwrap_or_default();
    format!(
        "kernel `{}`: signature `{}`{elems}, backends: {}",
        decl.func.sig.ident,
        decl.signature,
        backends.join(", ")
    )
}

/// The plan, or the plan for each size of input.
fn explain_fn(cases: &[Case<'_>]) -> TokenStream {
    let text = match cases {
        [small, large] => {
            let small = explain_text(&small.code);
            let large = explain_text(&large.code);
            let (header, small) = small.split_once('\n').unwrap_or((&small, ""));
            let large = large.split_once('\n').map_or("", |(_, rest)| rest);
            format!(
                "{header}\nplan for inputs under {mib} MiB or half the last-level cache, whichever is larger (`dispatch::online_min_bytes`; in cache: one exp per element, the exps stored):\n{small}\
                 plan for larger inputs (memory-bound: fewest passes over memory):\n{large}",
                mib = ONLINE_MIN_BYTES >> 20
            )
        }
        _ => explain_text(&cases[0].code),
    };
    quote!(#text)
}

/// `kernelize_runtime::dispatch::ONLINE_MIN_BYTES` (where it is documented with its
/// measurement), for `explain()`'s text; a test in the root crate checks they agree.
pub const ONLINE_MIN_BYTES: usize = 48 << 20;

/// The text `NAME::explain()` returns.
pub fn explain_text(code: &KernelCode<'_>) -> String {
    let header = header(code.decl, Some(code.body.elem));
    code.plan.explain(code.body, &header)
}
