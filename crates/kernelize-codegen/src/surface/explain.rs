//! `NAME::explain()`: the plan as text, one plan or one per size of input.

use proc_macro2::TokenStream;
use quote::quote;

use super::Case;
use crate::backend::{self, KernelCode};

/// The body of `NAME::explain()`: the plan, or the plan for each size of input.
pub(super) fn explain_fn(cases: &[Case<'_>]) -> TokenStream {
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
    let name = &code.decl.func.sig.ident;
    let backends: Vec<&str> = backend::all()
        .iter()
        .filter(|b| b.applies(code))
        .map(|b| b.name())
        .collect();
    let header = format!(
        "kernel `{name}`: signature `{}`, elements `{}`, backends: {}",
        code.decl.signature,
        code.body.elem.rust_name(),
        backends.join(", ")
    );
    code.plan.explain(code.body, &header)
}
