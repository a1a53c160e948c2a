//! The `#[kernel]` attribute. All logic lives in `kernelize-codegen`, an ordinary library
//! that is unit-tested with `proc_macro2` tokens; this crate only forwards to it.

use proc_macro::TokenStream;

/// Compiles a function written in the kernelize kernel language into a dispatching entry
/// point plus a module of variants. See the `kernelize` crate docs for the language.
#[proc_macro_attribute]
pub fn kernel(attr: TokenStream, item: TokenStream) -> TokenStream {
    kernelize_codegen::expand_kernel(attr.into(), item.into()).into()
}

/// The second half of `#[kernel]`: a called kernel's answer to a caller's question about
/// its signature (see `kernelize_codegen::callee`). Not for users: generated code names
/// it as `::kernelize::__private::kernel_resolved!`.
#[doc(hidden)]
#[proc_macro]
pub fn kernel_resolved(input: TokenStream) -> TokenStream {
    kernelize_codegen::expand_resolved(input.into()).into()
}
