//! The generated items: the public function, its module of variants, the dispatcher glue.
//!
//! For `#[kernel] pub fn NAME(args) -> R` this emits the dispatching `fn NAME` and a
//! `mod NAME` (a function and a module may share a name) holding `with`, `variants`,
//! `explain`, one entry per backend (`scalar`, `simd`, and `parallel` for kernels
//! declared `parallel`; a kernel not declared `parallel` has no `parallel` entry and
//! `with(Variant::Parallel(_))` returns `VariantUnavailable`), `into`/`into_with` for
//! array results, and the hidden items other kernels call.
//!
//! # How a kernel calls another kernel
//!
//! A caller knows each callee's signature exactly (it asked: [`crate::callee`]); what it
//! calls are items the callee emits in its module:
//!
//! - `NAME::__lanes::<V>(x: V, ...) -> V`, generic over the lane type: the body of a
//!   ufunc-style kernel (all arguments scalars of its element type) on every lane. A
//!   caller passing arrays calls it inside its own loop, at its own tier: the callee is
//!   fused, nothing is dispatched again.
//! - `NAME::__whole::<S>(tier, parallel, args...) -> Result<R, Error>`: the whole-array
//!   computation at the caller's tier `S` (no re-dispatch), for kernels taking arrays.
//! - `NAME::__kernelize_info!`: the answer to a caller's question about the signature.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::backend::{self, Backend, KernelCode, kernel::rt};
use crate::callee::{self, CalleeInfo, CalleeSig};
use crate::lang::Body;
use crate::model::{ArgKind, KernelDecl, ReturnKind};

/// Lints the generated items must not trip in the user's crate.
fn allows() -> TokenStream {
    quote! {
        #[allow(
            dead_code,
            unused_imports,
            unused_variables,
            unused_mut,
            unused_braces,
            unused_parens,
            unused_assignments,
            non_snake_case,
            non_camel_case_types,
            missing_docs,
            missing_debug_implementations,
            unreachable_pub,
            clippy::all,
            clippy::pedantic,
            clippy::nursery
        )]
    }
}

/// Compiles a checked kernel and its lowered body into the generated items.
pub fn compile(decl: &KernelDecl, body: &Body) -> syn::Result<TokenStream> {
    // A body with an online normaliser gets two plans, chosen by the input's size, unless
    // the online plan costs nothing in cache either (then it is the only plan).
    let online = crate::plan::plan(body, true);
    let plans = if online.online.is_empty() || online.online_costs_nothing(body) {
        vec![(None, online)]
    } else {
        vec![
            (Some(false), crate::plan::plan(body, false)),
            (Some(true), online),
        ]
    };
    let cases: Vec<Case<'_>> = plans
        .iter()
        .map(|(large, plan)| Case {
            code: KernelCode { decl, body, plan },
            large: *large,
        })
        .collect();
    Ok(emit(&cases))
}

/// One compiled form of the body: a plan, for inputs of some sizes.
struct Case<'a> {
    code: KernelCode<'a>,
    /// `Some(true)`: the plan for inputs of at least `dispatch::online_min_bytes()` (online
    /// normaliser), `Some(false)`: for smaller ones; `None`: any size.
    large: Option<bool>,
}

/// The body of `NAME::explain()`: the plan, or the plan for each size of input.
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

fn emit(cases: &[Case<'_>]) -> TokenStream {
    let code = &cases[0].code;
    let rt = rt();
    let decl = code.decl;
    let func = &decl.func;
    let name = &func.sig.ident;
    let name_str = name.to_string();
    let vis = &func.vis;
    let attrs = &func.attrs;
    let params = code.params();
    // Hidden items take every array shared (kernels only read their arguments).
    let shared_params = code.core_params();
    let fwd = code.forward();
    let ret = code.ret_ty();
    let allows = allows();
    let array_result = matches!(decl.ret, ReturnKind::Array(_));
    let ufunc = code.is_ufunc();
    let has_arrays = decl.args.iter().any(|a| a.kind != ArgKind::Scalar);
    let parallel = decl.options.parallel;
    let sequential = backend::all()[1];
    let drivers: Vec<&dyn Backend> = if parallel {
        vec![sequential, backend::all()[2]]
    } else {
        vec![sequential]
    };
    let core = core_fns(cases, &drivers);
    let explain = explain_fn(cases);
    let signature = &decl.signature;
    let elem = Span::call_site();
    let t = syn::Ident::new(code.body.elem.rust_name(), elem);

    let none_out = array_result.then(|| quote!(::core::option::Option::None,));
    let out_param = array_result.then(|| quote!(__user_out: ::core::option::Option<&mut [#t]>,));
    let out_field = array_result.then(|| quote!(__user_out: ::core::option::Option<&'a mut [#t]>,));
    let out_fwd = array_result.then(|| quote!(__user_out,));
    let out_pass = array_result.then(|| quote!(self.__user_out,));

    // The entry point.
    let entry_body = if has_arrays {
        quote! {
            match #name::__dispatch(#rt::Variant::Auto, #(#fwd,)* #none_out) {
                ::core::result::Result::Ok(__r) => __r,
                ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
            }
        }
    } else {
        // Scalar kernels run once on one lane: dispatching would cost more than the work.
        quote! {
            match #name::__core::<#rt::simd::ScalarTier, false>(#rt::simd::ScalarTier, #(#fwd,)*) {
                ::core::result::Result::Ok(__r) => __r,
                ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
            }
        }
    };

    // The op struct every tier runs.
    let fields: Vec<_> = decl
        .args
        .iter()
        .map(|a| {
            let n = &a.name;
            let et = syn::Ident::new(a.elem.rust_name(), elem);
            match a.kind {
                ArgKind::Scalar => quote!(#n: #et),
                _ => quote!(#n: &'a [#et]),
            }
        })
        .collect();
    let field_names: Vec<_> = decl.args.iter().map(|a| &a.name).collect();
    let self_fields: Vec<_> = field_names.iter().map(|n| quote!(self.#n)).collect();

    let size_terms: Vec<_> = decl
        .args
        .iter()
        .filter(|a| a.kind != ArgKind::Scalar)
        .map(|a| {
            let n = &a.name;
            quote!(.max(#n.len()))
        })
        .collect();
    let run_par = if parallel {
        quote! {
            // The calling thread runs every pass itself and recruits pool workers as
            // helpers pass by pass (`parallel`'s module docs): nothing to enter first.
            #rt::dispatch::run_at(__tier, __Op::<true> { #(#field_names: #fwd,)* #out_fwd __marker: ::core::marker::PhantomData })
        }
    } else {
        quote! {
            return ::core::result::Result::Err(#rt::Error::VariantUnavailable {
                kernel: __KERNEL,
                variant: __variant,
                reason: "the kernel is not declared `parallel`",
            })
        }
    };
    let dispatch = quote! {
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
                #rt::dispatch::run_at(__tier, __Op::<false> { #(#field_names: #fwd,)* #out_fwd __marker: ::core::marker::PhantomData })
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
        pub struct __Op<'a, const PAR: bool> {
            #(#fields,)*
            #out_field
            __marker: ::core::marker::PhantomData<&'a ()>,
        }

        impl<'a, const PAR: bool> #rt::simd::WithSimd for __Op<'a, PAR> {
            type Output = ::core::result::Result<#ret, #rt::Error>;
            #[inline(always)]
            fn with_simd<S: #rt::simd::Simd>(self, __s: S) -> Self::Output {
                __core::<S, PAR>(__s, #(#self_fields,)* #out_pass)
            }
        }
    };

    let entries: Vec<_> = backend::all()
        .iter()
        .filter(|b| b.applies(code))
        .map(|b| {
            let fname = format_ident!("{}", b.name());
            let variant = b.variant();
            let doc = b.doc();
            quote! {
                #[doc = #doc]
                pub fn #fname(#(#params),*) -> #ret {
                    match __dispatch(#variant, #(#fwd,)* #none_out) {
                        ::core::result::Result::Ok(__r) => __r,
                        ::core::result::Result::Err(__e) => ::core::panic!("{}", __e),
                    }
                }
            }
        })
        .collect();
    let variant_pushes: Vec<_> = backend::all()
        .iter()
        .filter(|b| b.applies(code))
        .map(|b| b.variants())
        .collect();

    let into = array_result.then(|| {
        quote! {
            /// Writes the result into `out` (no allocation), with the dispatcher's variant.
            /// Panics if `out` does not have the result's length or on the errors
            /// [`with`] returns.
            pub fn into(#(#params,)* out: &mut [#t]) {
                if let ::core::result::Result::Err(__e) = into_with(#rt::Variant::Auto, #(#field_names,)* out) {
                    ::core::panic!("{}", __e);
                }
            }

            /// Writes the result into `out` with one named variant; an `Err` instead of a
            /// panic.
            pub fn into_with(
                variant: #rt::Variant,
                #(#params,)*
                out: &mut [#t],
            ) -> ::core::result::Result<(), #rt::Error> {
                __dispatch(variant, #(#fwd,)* ::core::option::Option::Some(out)).map(|_| ())
            }
        }
    });

    // What a calling kernel runs: this kernel on its lanes (a ufunc) or its whole-array
    // computation at the caller's tier; and the answer to a caller's question.
    let whole = if ufunc {
        code.lanes_fn()
    } else if has_arrays {
        let whole_core_par = if parallel {
            quote!(if __par { __core::<S, true>(__s, #(#fwd,)* #none_out) } else { __core::<S, false>(__s, #(#fwd,)* #none_out) })
        } else {
            quote!(__core::<S, false>(__s, #(#fwd,)* #none_out))
        };
        quote! {
            /// The whole-array computation at the caller's tier `S` (no dispatch): what a
            /// kernel calling this one runs, once.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __whole<S: #rt::simd::Simd>(
                __s: S,
                __par: bool,
                #(#shared_params,)*
            ) -> ::core::result::Result<#ret, #rt::Error> {
                #whole_core_par
            }
        }
    } else {
        quote!()
    };
    let info = callee::info_macro(func, &CalleeInfo::Kernel(CalleeSig::of(decl)));

    let mod_doc = format!(
        "Variants, plan and tools of the kernel [`{name_str}`](fn@{name_str}) (signature `{signature}`)."
    );
    quote! {
        #(#attrs)*
        #allows
        #vis fn #name(#(#params),*) -> #ret {
            #entry_body
        }

        #[doc = #mod_doc]
        #allows
        #vis mod #name {
            use super::*;

            const __KERNEL: &str = #name_str;

            /// The kernel's canonical Numba signature.
            pub const SIGNATURE: &str = #signature;

            /// The fused loop plan: passes, what each reads, computes, reduces and writes,
            /// and why anything was stored or recomputed.
            pub fn explain() -> &'static str {
                #explain
            }

            /// The variants this CPU can run, for [`with`].
            pub fn variants() -> ::std::vec::Vec<#rt::Variant> {
                let mut __list = ::std::vec::Vec::new();
                #(#variant_pushes)*
                __list
            }

            /// Runs one named variant (or `Variant::Auto`): an `Err`, not a panic, when
            /// this CPU lacks it or the arguments are invalid.
            pub fn with(variant: #rt::Variant, #(#params),*) -> ::core::result::Result<#ret, #rt::Error> {
                __dispatch(variant, #(#fwd,)* #none_out)
            }

            #(#entries)*

            #into

            #dispatch

            #whole

            #info

            #core
        }
    }
}

/// `__core`: the one plan's, or a choice between the plans by the input's size.
fn core_fns(cases: &[Case<'_>], drivers: &[&dyn Backend]) -> TokenStream {
    let core = format_ident!("__core");
    if cases.len() == 1 {
        return cases[0].code.core_fn(drivers, &core);
    }
    let rt = rt();
    let code = &cases[0].code;
    let params = code.core_params();
    let names: Vec<_> = code.decl.args.iter().map(|a| &a.name).collect();
    let ret = code.ret_ty();
    let t = code.body.elem.rust_name();
    let t = syn::Ident::new(t, Span::call_site());
    let array_result = matches!(code.decl.ret, ReturnKind::Array(_));
    let out_param = array_result.then(|| quote!(__user_out: ::core::option::Option<&mut [#t]>,));
    let out_fwd = array_result.then(|| quote!(__user_out,));
    let mut fns = Vec::new();
    let mut arms = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let name = format_ident!("__core_{}", i);
        fns.push(case.code.core_fn(drivers, &name));
        let size = match case.large {
            None | Some(true) => quote!(true),
            Some(false) => quote!(!__large),
        };
        arms.push(quote! {
            if #size {
                return #name::<S, PAR>(__s, #(#names,)* #out_fwd);
            }
        });
    }
    let sizes: Vec<_> = code
        .decl
        .args
        .iter()
        .filter(|a| a.kind != ArgKind::Scalar)
        .map(|a| {
            let n = &a.name;
            let et = syn::Ident::new(a.elem.rust_name(), Span::call_site());
            quote!(.max(#n.len() * ::core::mem::size_of::<#et>()))
        })
        .collect();
    quote! {
        #(#fns)*

        /// The body compiled for small and for large inputs (see `explain()`).
        #[inline(always)]
        pub fn __core<S: #rt::simd::Simd, const PAR: bool>(
            __s: S,
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

/// What is emitted beside the errors when a kernel fails to compile: the user's fn with
/// its signature intact and a body that cannot run, so callers still type-check and the
/// body (kernel language, not Rust) adds no errors of its own.
///
/// Its module holds only the answer to callers' questions: "failed", so that a kernel
/// calling this one compiles to its own fallback without errors of its own.
pub fn fallback(func: &syn::ItemFn) -> TokenStream {
    let attrs = &func.attrs;
    let vis = &func.vis;
    let sig = &func.sig;
    let name = &sig.ident;
    let info = callee::info_macro(func, &CalleeInfo::Failed);
    let allows = allows();
    quote! {
        #(#attrs)*
        #[allow(unused_variables)]
        #vis #sig {
            ::core::unreachable!("this kernel failed to compile")
        }

        #[doc(hidden)]
        #allows
        #vis mod #name {
            #info
        }
    }
}
