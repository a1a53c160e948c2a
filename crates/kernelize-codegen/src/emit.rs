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
//! A proc macro sees only its own item, so a caller cannot read a callee's signature. The
//! callee therefore emits items the caller's generated code names and the type checker
//! resolves (no `macro_rules!` callback):
//!
//! - `NAME::__lanes::<V>(x: V, ...) -> V`, generic over the lane type: the body of a
//!   ufunc-style kernel (all arguments scalars of its element type) on every lane. A
//!   caller passing arrays calls it inside its own loop, at its own tier: the callee is
//!   fused, nothing is dispatched again.
//! - `NAME::__whole::<S>(tier, parallel, args...) -> Result<R, Error>`: the whole-array
//!   computation at the caller's tier `S` (no re-dispatch), for kernels taking arrays.
//!
//! The caller chooses by its own syntax, because it cannot see the callee: a call with an
//! array argument is elementwise (`__lanes`) unless it is the value of a `let` with a type
//! annotation, which calls the kernel once with whole arrays (`__whole`) and gives the
//! result's type: `let r: Vec<f64> = softmax(x);`, `let s: f64 = esum(x);`. A wrong choice
//! is a type error whose message (from `#[diagnostic::on_unimplemented]` on the callee's
//! stub) says which form to use.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::backend::{self, Backend, KernelCode, kernel::rt};
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

/// Compiles a checked kernel into its generated items.
pub fn compile(decl: &KernelDecl) -> syn::Result<TokenStream> {
    let body = crate::lang::lower(decl)?;
    let plan = crate::plan::plan(&body);
    let code = KernelCode {
        decl,
        body: &body,
        plan: &plan,
    };
    Ok(emit(&code))
}

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

fn emit(code: &KernelCode<'_>) -> TokenStream {
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
    let core = code.core_fn(&drivers);
    let explain = explain_text(code);
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
                #rt::Variant::Auto => (
                    #rt::dispatch::selected_tier(),
                    #parallel && #rt::parallel::goes_parallel(__size),
                ),
                #rt::Variant::Scalar => (#rt::Tier::Scalar, false),
                #rt::Variant::Simd(__t) => (__t, false),
                #rt::Variant::Parallel(__t) => (__t, true),
            };
            let __ran = if __par {
                #run_par
            } else {
                #rt::dispatch::run_at(__tier, __Op::<false> { #(#field_names: #fwd,)* #out_fwd __marker: ::core::marker::PhantomData })
            };
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

    let ty_params: Vec<_> = (0..decl.args.len())
        .map(|i| format_ident!("A{}", i))
        .collect();
    let whole = if ufunc {
        let lanes = code.lanes_fn();
        let msg = format!(
            "`{name_str}` takes only scalars: called with arrays it acts elementwise, so call it \
             without a typed `let` (`let y = {name_str}(x, ...);`)"
        );
        let lane_params: Vec<_> = decl
            .args
            .iter()
            .map(|a| {
                let n = &a.name;
                quote!(#n: V)
            })
            .collect();
        quote! {
            #lanes

            /// The part of an elementwise call that runs before the caller's loop: nothing.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __call_pre<S: #rt::simd::Simd, #(#ty_params),*>(
                _: S,
                _: bool,
                #(_: #ty_params),*
            ) -> ::core::result::Result<(), #rt::Error> {
                ::core::result::Result::Ok(())
            }

            /// Nothing to check: an elementwise call has its arguments' length.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __call_check(
                _: &(),
                _: &'static str,
                _: usize,
                _: &'static str,
                _: &'static str,
            ) -> ::core::result::Result<(), #rt::Error> {
                ::core::result::Result::Ok(())
            }

            /// The elementwise call inside the caller's loop: this kernel on every lane.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __call_lanes<V: #rt::simd::Vector<Elem = #t>, K>(
                _: &(),
                _: K,
                _: usize,
                _: usize,
                #(#lane_params),*
            ) -> V {
                __lanes::<V>(#(#field_names),*)
            }

            #[doc(hidden)]
            #[diagnostic::on_unimplemented(message = #msg, label = "a scalar kernel, applied elementwise")]
            pub trait __ScalarKernel {}

            /// Refuses a whole-array call of a scalar kernel (see the message).
            #[doc(hidden)]
            pub fn __whole<S: #rt::simd::Simd, Out, #(#ty_params),*>(
                _: S,
                _: bool,
                #(_: #ty_params),*
            ) -> ::core::result::Result<Out, #rt::Error>
            where
                S: __ScalarKernel,
            {
                ::core::unreachable!()
            }
        }
    } else {
        let whole_core_par = if parallel {
            quote!(if __par { __core::<S, true>(__s, #(#fwd,)* #none_out) } else { __core::<S, false>(__s, #(#fwd,)* #none_out) })
        } else {
            quote!(__core::<S, false>(__s, #(#fwd,)* #none_out))
        };
        let (check, lanes) = match decl.ret {
            ReturnKind::Array(_) => (
                quote! {
                    if __r.len() != __len {
                        return ::core::result::Result::Err(#rt::Error::LengthMismatch {
                            kernel: __caller,
                            left: __left,
                            left_len: __r.len(),
                            right: __right,
                            right_len: __len,
                        });
                    }
                },
                quote! {
                    if __hi - __g >= <V as #rt::simd::Vector>::LANES {
                        <V as #rt::simd::Vector>::load(__tok, &__r[__g..])
                    } else {
                        <V as #rt::simd::Vector>::load_partial(__tok, &__r[__g..__hi], <#t as #rt::simd::Element>::ZERO)
                    }
                },
            ),
            _ => (
                quote!(),
                quote!(<V as #rt::simd::Vector>::splat(__tok, *__r as #t)),
            ),
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

            /// A call from another kernel, before its loop: the whole-array computation.
            /// An array expression argument must be bound by a typed `let` first.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __call_pre<S: #rt::simd::Simd>(
                __s: S,
                __par: bool,
                #(#shared_params,)*
            ) -> ::core::result::Result<#ret, #rt::Error> {
                __whole::<S>(__s, __par, #(#fwd),*)
            }

            /// An array result must have the length of the caller's arrays it meets.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __call_check(
                __r: &#ret,
                __caller: &'static str,
                __len: usize,
                __left: &'static str,
                __right: &'static str,
            ) -> ::core::result::Result<(), #rt::Error> {
                #check
                ::core::result::Result::Ok(())
            }

            /// The call's result inside the caller's loop: lanes `__g..` of the array
            /// result, or the scalar result broadcast.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __call_lanes<V: #rt::simd::Vector<Elem = #t>, #(#ty_params),*>(
                __r: &#ret,
                __tok: V::Token,
                __g: usize,
                __hi: usize,
                #(_: #ty_params),*
            ) -> V {
                #lanes
            }
        }
    };

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

            /// What this kernel passes for an array expression argument of a call to
            /// another kernel: a ufunc ignores it (it acts inside the loop); a kernel
            /// taking arrays needs an array, and the type error names the fix.
            #[doc(hidden)]
            #[derive(Clone, Copy, Debug)]
            pub struct __array_expression__bind_it_with_a_typed_let_first;

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

            #core
        }
    }
}

/// What is emitted beside the errors when a kernel fails to compile: the user's fn with
/// its signature intact and a body that cannot run, so callers still type-check and the
/// body (kernel language, not Rust) adds no errors of its own.
pub fn fallback(func: &syn::ItemFn) -> TokenStream {
    let attrs = &func.attrs;
    let vis = &func.vis;
    let sig = &func.sig;
    quote! {
        #(#attrs)*
        #[allow(unused_variables)]
        #vis #sig {
            ::core::unreachable!("this kernel failed to compile")
        }
    }
}
