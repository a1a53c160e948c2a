//! The scalar backend: the kernel's SIMD code instantiated at the one-lane tier, so its
//! tails, reduction order and math are the same code as every other tier's.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Backend, KernelCode, kernel::rt};
use crate::model::KernelDecl;

/// Plain scalar loops on one thread.
#[derive(Debug)]
pub struct Scalar;

impl Backend for Scalar {
    fn name(&self) -> &'static str {
        "scalar"
    }
    fn applies(&self, _: &KernelDecl) -> bool {
        true
    }
    fn variant(&self) -> TokenStream {
        let rt = rt();
        quote!(#rt::Variant::Scalar)
    }
    fn doc(&self) -> &'static str {
        "Plain scalar loops on one thread (the SIMD code at the one-lane tier). Panics on \
         the errors [`with`] returns."
    }
    fn variants(&self) -> TokenStream {
        let rt = rt();
        quote!(__list.push(#rt::Variant::Scalar);)
    }
    fn drive(&self, code: &KernelCode<'_>, p: usize) -> TokenStream {
        super::simd::SimdBackend.drive(code, p)
    }
}
