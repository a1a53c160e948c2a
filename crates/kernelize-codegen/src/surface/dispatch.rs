//! Choosing and running a variant: `__dispatch` (the glue every entry point shares),
//! the op every tier runs, and `__core`, the body compiled per plan.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::{Case, Surface};
use crate::backend::{Backend, kernel::rt};
use crate::model::{ArgKind, KernelDecl};

impl Surface<'_> {
    /// `__dispatch`, `__InTier` and `__Op`.
    pub(super) fn dispatch_items(&self) -> TokenStream {
        let rt = rt();
        let (shared_params, ret) = (&self.shared_params, &self.ret);
        let parallel = self.parallel;
        let out_param = self.outs.param(None);
        let size_terms = array_sizes(self.decl, false);
        let run_par = self.run_parallel();
        let run_seq = self.op(false);
        let op = self.op_struct();
        quote! {
            /// Runs one variant: the dispatcher glue shared by every entry point.
            #[doc(hidden)]
            pub fn __dispatch(
                __variant: #rt::Variant,
                #(#shared_params,)*
                #out_param
            ) -> ::core::result::Result<#ret, #rt::Error> {
                let __size: usize = 0usize #(#size_terms)*;
                let (__tier, __par) = match __variant {
                    #rt::Variant::Auto => #rt::dispatch::auto_choice(#parallel, __size),
                    #rt::Variant::Scalar => (#rt::Tier::Scalar, false),
                    #rt::Variant::Simd(__t) => (__t, false),
                    #rt::Variant::Parallel(__t) => (__t, true),
                };
                let __ran = if __par {
                    #run_par
                } else {
                    #rt::dispatch::run_at(__tier, #run_seq)
                };
                if !__par && ::core::matches!(__variant, #rt::Variant::Auto) {
                    // Back-to-back calls make the next one go parallel (`parallel::pool_awake`;
                    // a parallel run notes its own end).
                    #rt::parallel::note_call_end(__size);
                }
                match __ran {
                    ::core::option::Option::Some(__r) => __r,
                    ::core::option::Option::None => ::core::result::Result::Err(#rt::Error::VariantUnavailable {
                        kernel: __KERNEL,
                        variant: __variant,
                        reason: "this CPU cannot run that tier",
                    }),
                }
            }

            #op
        }
    }

    /// The parallel arm of `__dispatch`: the op with `__par = true`, or an error for a
    /// kernel not declared `parallel`.
    fn run_parallel(&self) -> TokenStream {
        let rt = rt();
        if !self.parallel {
            return quote! {
                return ::core::result::Result::Err(#rt::Error::VariantUnavailable {
                    kernel: __KERNEL,
                    variant: __variant,
                    reason: "the kernel is not declared `parallel`",
                })
            };
        }
        let op = self.op(true);
        quote! {
            // The calling thread runs every pass itself and recruits pool workers as
            // helpers pass by pass (`parallel`'s module docs): nothing to enter first.
            #rt::dispatch::run_at(__tier, #op)
        }
    }

    /// `__Op { __par, args.., __user_out, .. }`.
    fn op(&self, par: bool) -> TokenStream {
        let names = self.decl.args.iter().map(|a| &a.name);
        let fwd = &self.fwd;
        let out = self.takes_buffers().then(|| quote!(__user_out,));
        quote!(__Op { __par: #par, #(#names: #fwd,)* #out __marker: ::core::marker::PhantomData })
    }

    /// `__InTier` (how a rayon worker re-enters the tier) and `__Op` (the arguments, run
    /// at a tier by `WithSimd`).
    fn op_struct(&self) -> TokenStream {
        let rt = rt();
        let ret = &self.ret;
        let fields = super::sig::hidden_args(self.decl, &self.writes, Some(quote!('a))).params;
        let self_fields = self.decl.args.iter().map(|a| {
            let n = &a.name;
            quote!(self.#n)
        });
        let out_field = self.outs.param(Some(quote!('a)));
        let out_pass = self.takes_buffers().then(|| quote!(self.__user_out,));
        quote! {
            /// Runs a closure inside a tier's `#[target_feature]` function (`Simd::vectorize`):
            /// how a rayon worker re-enters the tier for its chunk.
            #[doc(hidden)]
            pub struct __InTier<F>(pub F);

            impl<R, F: FnOnce() -> R> #rt::simd::WithSimd for __InTier<F> {
                type Output = R;
                #[inline(always)]
                fn with_simd<S: #rt::simd::Simd>(self, _: S) -> R {
                    (self.0)()
                }
            }

            /// The kernel's arguments, run at a tier by `WithSimd`.
            #[doc(hidden)]
            pub struct __Op<'a> {
                __par: bool,
                #(#fields,)*
                #out_field
                __marker: ::core::marker::PhantomData<&'a ()>,
            }

            impl<'a> #rt::simd::WithSimd for __Op<'a> {
                type Output = ::core::result::Result<#ret, #rt::Error>;
                #[inline(always)]
                fn with_simd<S: #rt::simd::Simd>(self, __s: S) -> Self::Output {
                    __core::<S>(__s, self.__par, #(#self_fields,)* #out_pass)
                }
            }
        }
    }
}

/// `__core`: the one plan's, or a choice between the plans by the input's size.
pub(super) fn core_fns(cases: &[Case<'_>], drivers: &[&dyn Backend]) -> TokenStream {
    let core = format_ident!("__core");
    if cases.len() == 1 {
        return case_fn(&cases[0], drivers, &core);
    }
    let rt = rt();
    let code = &cases[0].code;
    let params = code.core_params();
    let names: Vec<_> = code.decl.args.iter().map(|a| &a.name).collect();
    let ret = code.ret_ty();
    let out_param = code.out_param();
    let out_fwd = out_param.is_some().then(|| quote!(__user_out,));
    let mut fns = Vec::new();
    let mut arms = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = format_ident!("__core_{}", i);
        fns.push(case_fn(case, drivers, &name));
        let size = match case.large {
            None | Some(true) => quote!(true),
            Some(false) => quote!(!__large),
        };
        arms.push(quote! {
            if #size {
                return #name::<S>(__s, __par, #(#names,)* #out_fwd);
            }
        });
    }
    let sizes = array_sizes(code.decl, true);
    quote! {
        #(#fns)*

        /// The body compiled for small and for large inputs (see `explain()`).
        #[inline(always)]
        pub fn __core<S: #rt::simd::Simd>(
            __s: S,
            __par: bool,
            #(#params,)*
            #out_param
        ) -> ::core::result::Result<#ret, #rt::Error> {
            // The largest array argument in bytes picks the plan by size.
            let __large = 0usize #(#sizes)* >= #rt::dispatch::online_min_bytes();
            #(#arms)*
            ::core::unreachable!("the last plan takes every size")
        }
    }
}

/// The core function `name` of one plan: its loop IR compiled by the CPU targets, or
/// (plans without a loop form yet) the backend's templates.
fn case_fn(case: &Case<'_>, drivers: &[&dyn Backend], name: &syn::Ident) -> TokenStream {
    let Some(kernel) = &case.kir else {
        return case.code.core_fn(drivers, name);
    };
    let code = &case.code;
    kir_core_fn(
        kernel,
        name,
        &code.core_params(),
        code.out_param(),
        &code.ret_ty(),
    )
}

/// `fn name<S>(__s, __par, params.., out_param) -> Result<ret, Error>`: `kernel` compiled
/// by the CPU targets (in order, `prange`s on lanes where they qualify).
fn kir_core_fn(
    kernel: &crate::kir::Kernel,
    name: &syn::Ident,
    params: &[TokenStream],
    out_param: Option<TokenStream>,
    ret: &TokenStream,
) -> TokenStream {
    let rt = rt();
    let body = crate::target::inorder::body(kernel);
    quote! {
        #[inline(always)]
        #[allow(unreachable_code, clippy::needless_return)]
        pub fn #name<S: #rt::simd::Simd>(
            __s: S,
            __par: bool,
            #(#params,)*
            #out_param
        ) -> ::core::result::Result<#ret, #rt::Error> {
            let _ = __s;
            #body
        }
    }
}

/// `.max(x.len())` for every array argument, or its size in bytes: the terms of the
/// input's size the dispatcher and the plan choice read.
fn array_sizes(decl: &KernelDecl, bytes: bool) -> Vec<TokenStream> {
    decl.args
        .iter()
        .filter(|a| a.kind != ArgKind::Scalar)
        .map(|a| {
            let n = &a.name;
            let et = syn::Ident::new(a.elem.rust_name(), Span::call_site());
            if bytes {
                quote!(.max(#n.len() * ::core::mem::size_of::<#et>()))
            } else {
                quote!(.max(#n.len()))
            }
        })
        .collect()
}

impl Surface<'_> {
    /// `__core` for a body with statements: the loop IR compiled by the in-order target
    /// (the same code at every tier and in every variant).
    pub(super) fn loops_core(&self, kernel: &crate::kir::Kernel) -> TokenStream {
        // The array expressions' hidden kernels, beside `__core` in this module.
        let helpers = kernel
            .helpers
            .iter()
            .map(|h| super::compile(&h.decl, &h.body).unwrap_or_else(|e| e.to_compile_error()));
        let core = format_ident!("__core");
        let core = kir_core_fn(
            kernel,
            &core,
            &self.shared_params,
            self.outs.param(None),
            &self.ret,
        );
        quote! {
            #(#helpers)*

            /// The kernel's statements (see `explain()`).
            #core
        }
    }
}
