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
//! - `NAME::__call_pre` / `__call_check` / `__call_lanes`: an unannotated call with array
//!   arguments, for any callee: nothing before the loop and `__lanes` inside it for a
//!   ufunc; the whole-array call before the loop and its result's lanes (or its scalar
//!   result broadcast) inside it for a kernel taking arrays.
//! - `NAME::__whole_scalar` and the consts `__TAKES_ARRAYS`, `__SCALAR_RESULT`.
//!
//! A typed `let` asks for the whole-array call (`__whole`) and gives the result's type:
//! `let r: Vec<f64> = softmax(x);`, `let s: f64 = esum(x);` (a ufunc there is a type
//! error whose message, from `#[diagnostic::on_unimplemented]`, says which form to use).
//! An unannotated call's result is an array unless the callee takes arrays and returns
//! one value, which changes the caller's shapes (`esum(x) * 2.0` is a scalar), so the
//! body is lowered once per assumption about which of its (at most
//! [`MAX_UNKNOWN_CALLEES`]) unknown callees return one value ([`lang::lower_assuming`]):
//! each assumption that lowers becomes a `__core_N`, chosen in `__core` by the callees'
//! `__SCALAR_RESULT` consts (folded at compile time); each that does not becomes a
//! `const _: () = if <assumption> { panic!(<the lowering's message>) };` at the error's
//! span, so the message appears exactly when the callees are of that kind. `explain()`
//! picks its text the same way, with `__TAKES_ARRAYS` telling a ufunc from an array
//! callee.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::lang;

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
    let none = BTreeSet::new();
    let (base, callees) = lang::lower_assuming(decl, &none);
    // One lowering per assumption about which callees return one value; the callees'
    // consts choose among those that lower, and refuse (at compile time, with the
    // lowering's message) those that do not. Nothing unknown: one lowering. Too much
    // unknown: one lowering, and a callee returning one value must then be called through
    // a typed `let`, which a const check demands.
    let mut bodies = Vec::new();
    let mut refused = Vec::new();
    if callees.is_empty() || callees.len() > MAX_UNKNOWN_CALLEES {
        bodies.push((BTreeSet::new(), base?));
    } else {
        let keys: Vec<String> = callees.iter().map(lang::path_key).collect();
        // Mask 0 (no callee returns one value) is `base`, lowered already.
        let mut first_err = None;
        match base {
            Ok(body) => bodies.push((BTreeSet::new(), body)),
            Err(err) => {
                first_err = Some(err.clone());
                refused.push((BTreeSet::new(), err));
            }
        }
        for mask in 1..1usize << callees.len() {
            let scalar: BTreeSet<String> = keys
                .iter()
                .enumerate()
                .filter(|(i, _)| mask >> i & 1 == 1)
                .map(|(_, k)| k.clone())
                .collect();
            match lang::lower_assuming(decl, &scalar).0 {
                Ok(body) => bodies.push((scalar, body)),
                Err(err) => refused.push((scalar, err)),
            }
        }
        if bodies.is_empty() {
            return Err(first_err.unwrap_or_else(|| refused.remove(0).1));
        }
    }
    // A body with an online normaliser gets two plans, chosen by the input's size, unless
    // the online plan costs nothing in cache either (then it is the only plan).
    let mut plans = Vec::new();
    for (i, (_, body)) in bodies.iter().enumerate() {
        let online = crate::plan::plan(body, true);
        if online.online.is_empty() || online.online_costs_nothing(body) {
            plans.push((i, None, online));
        } else {
            plans.push((i, Some(false), crate::plan::plan(body, false)));
            plans.push((i, Some(true), online));
        }
    }
    let cases: Vec<Case<'_>> = plans
        .iter()
        .map(|(i, large, plan)| Case {
            code: KernelCode {
                decl,
                body: &bodies[*i].1,
                plan,
            },
            scalar: bodies[*i].0.clone(),
            large: *large,
        })
        .collect();
    let mut out = emit(&cases, &callees);
    if callees.len() > MAX_UNKNOWN_CALLEES {
        out.extend(scalar_results_refused(decl, &callees));
    }
    for (scalar, err) in refused {
        out.extend(refuse_case(decl, &callees, &scalar, &err));
    }
    Ok(out)
}

/// Beyond this many distinct kernels called with arrays and no typed `let`, a body is
/// compiled once, on the assumption that none returns one value (2^N lowerings).
pub const MAX_UNKNOWN_CALLEES: usize = 3;

/// One compiled form of the body: the lowering under one assumption about its callees.
struct Case<'a> {
    code: KernelCode<'a>,
    /// The callees (path keys) assumed to take arrays and return one value.
    scalar: BTreeSet<String>,
    /// `Some(true)`: the plan for inputs of at least `dispatch::online_min_bytes()` (online
    /// normaliser), `Some(false)`: for smaller ones; `None`: any size.
    large: Option<bool>,
}

/// `true` at compile time exactly when the callees are as `scalar` assumes.
fn case_condition(callees: &[syn::Path], scalar: &BTreeSet<String>) -> TokenStream {
    let terms = callees.iter().map(|p| {
        if scalar.contains(&lang::path_key(p)) {
            quote!(#p::__SCALAR_RESULT)
        } else {
            quote!(!#p::__SCALAR_RESULT)
        }
    });
    quote!(true #(&& #terms)*)
}

/// How a case's assumption reads in a message.
fn describe_case(callees: &[syn::Path], scalar: &BTreeSet<String>) -> String {
    let parts: Vec<String> = callees
        .iter()
        .map(|p| {
            let key = lang::path_key(p);
            if scalar.contains(&key) {
                format!("`{key}` takes arrays and returns one value")
            } else {
                format!("`{key}` returns an array or acts elementwise")
            }
        })
        .collect();
    parts.join(" and ")
}

/// A compile-time error, raised by the callees' consts, for an assumption under which
/// the body does not lower: the lowering's message, at its span.
fn refuse_case(
    decl: &KernelDecl,
    callees: &[syn::Path],
    scalar: &BTreeSet<String>,
    err: &syn::Error,
) -> TokenStream {
    let cond = case_condition(callees, scalar);
    let first = err
        .clone()
        .into_iter()
        .next()
        .unwrap_or_else(|| err.clone());
    let msg = format!(
        "kernel `{}`: {}, so: {}",
        decl.func.sig.ident,
        describe_case(callees, scalar),
        first
    );
    let span = first.span();
    quote::quote_spanned! {span=>
        const _: () = if #cond { ::core::panic!(#msg) };
    }
}

/// With more than [`MAX_UNKNOWN_CALLEES`] unknown callees, each must not return one value.
fn scalar_results_refused(decl: &KernelDecl, callees: &[syn::Path]) -> TokenStream {
    let name = &decl.func.sig.ident;
    callees
        .iter()
        .map(|p| {
            let key = lang::path_key(p);
            let msg = format!(
                "kernel `{name}` calls more than {MAX_UNKNOWN_CALLEES} kernels with arrays and \
                 no typed `let`, so one that takes arrays and returns one value, such as \
                 `{key}`, must be called through a typed `let`: `let s: f64 = {key}(...);`"
            );
            let span = syn::spanned::Spanned::span(p);
            quote::quote_spanned! {span=>
                const _: () = if #p::__SCALAR_RESULT { ::core::panic!(#msg) };
            }
        })
        .collect()
}

/// The body of `NAME::explain()`: the plan of the case the callees' consts choose, with
/// each unannotated call described as what its callee is.
fn explain_fn(cases: &[Case<'_>], callees: &[syn::Path]) -> TokenStream {
    // Cases under one assumption: one plan, or a plan per input size.
    let mut groups: Vec<Vec<&Case<'_>>> = Vec::new();
    for case in cases {
        match groups.iter_mut().find(|g| g[0].scalar == case.scalar) {
            Some(g) => g.push(case),
            None => groups.push(vec![case]),
        }
    }
    let text = |group: &[&Case<'_>], known: &BTreeMap<String, bool>| -> String {
        match group {
            [small, large] => {
                let small = explain_text(&small.code, known);
                let large = explain_text(&large.code, known);
                let (header, small) = small.split_once('\n').unwrap_or((&small, ""));
                let large = large.split_once('\n').map_or("", |(_, rest)| rest);
                format!(
                    "{header}\nplan for inputs under {mib} MiB or half the last-level cache, whichever is larger (`dispatch::online_min_bytes`; in cache: one exp per element, the exps stored):\n{small}\
                     plan for larger inputs (memory-bound: fewest passes over memory):\n{large}",
                    mib = ONLINE_MIN_BYTES >> 20
                )
            }
            _ => explain_text(&group[0].code, known),
        }
    };
    if callees.len() > MAX_UNKNOWN_CALLEES || callees.is_empty() {
        let text = text(&groups[0], &BTreeMap::new());
        return quote!(#text);
    }
    let mut arms = Vec::new();
    for group in &groups {
        let scalar = &group[0].scalar;
        let auto: Vec<&syn::Path> = callees
            .iter()
            .filter(|p| !scalar.contains(&lang::path_key(p)))
            .collect();
        for mask in 0..1usize << auto.len() {
            let mut known = BTreeMap::new();
            let mut terms = vec![case_condition(callees, scalar)];
            for (i, p) in auto.iter().enumerate() {
                let takes = mask >> i & 1 == 1;
                known.insert(lang::path_key(p), takes);
                terms.push(if takes {
                    quote!(#p::__TAKES_ARRAYS)
                } else {
                    quote!(!#p::__TAKES_ARRAYS)
                });
            }
            let text = text(group, &known);
            arms.push(quote!(if #(#terms)&&* { return #text; }));
        }
    }
    quote! {
        #(#arms)*
        "unreachable: the callees' consts match one case"
    }
}

/// `kernelize_runtime::dispatch::ONLINE_MIN_BYTES` (where it is documented with its
/// measurement), for `explain()`'s text; a test in the root crate checks they agree.
pub const ONLINE_MIN_BYTES: usize = 48 << 20;

/// The text `NAME::explain()` returns; `known` says which callees of unannotated calls
/// take arrays (by path key; a callee not listed is described both ways).
pub fn explain_text(code: &KernelCode<'_>, known: &BTreeMap<String, bool>) -> String {
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
    code.plan.explain(code.body, &header, known)
}

fn emit(cases: &[Case<'_>], callees: &[syn::Path]) -> TokenStream {
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
    let core = core_fns(cases, callees, &drivers);
    let explain = explain_fn(cases, callees);
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

            /// This kernel takes no arrays: called with arrays, it acts elementwise.
            #[doc(hidden)]
            pub const __TAKES_ARRAYS: bool = false;

            /// This kernel does not take arrays and return one value.
            #[doc(hidden)]
            pub const __SCALAR_RESULT: bool = false;

            /// Never called: a caller runs its code for `__SCALAR_RESULT` only when true.
            #[doc(hidden)]
            pub fn __whole_scalar<S: #rt::simd::Simd, #(#ty_params),*>(
                _: S,
                _: bool,
                #(_: #ty_params),*
            ) -> ::core::result::Result<#t, #rt::Error> {
                ::core::unreachable!("a ufunc-style kernel has no whole-array call")
            }

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
        let scalar_result = has_arrays && matches!(decl.ret, ReturnKind::Scalar(_));
        let whole_scalar = if scalar_result {
            quote! {
                /// The whole-array call of a kernel returning one value, for a caller that
                /// calls it without a typed `let`.
                #[doc(hidden)]
                #[inline(always)]
                pub fn __whole_scalar<S: #rt::simd::Simd>(
                    __s: S,
                    __par: bool,
                    #(#shared_params,)*
                ) -> ::core::result::Result<#ret, #rt::Error> {
                    __whole::<S>(__s, __par, #(#fwd),*)
                }
            }
        } else {
            quote! {
                /// Never called: a caller runs its code for `__SCALAR_RESULT` only when true.
                #[doc(hidden)]
                pub fn __whole_scalar<S: #rt::simd::Simd>(
                    _: S,
                    _: bool,
                    #(#shared_params,)*
                ) -> ::core::result::Result<#t, #rt::Error> {
                    ::core::unreachable!("this kernel does not return one value")
                }
            }
        };
        quote! {
            /// `true`: this kernel takes arrays (a caller passing arrays calls it once).
            #[doc(hidden)]
            pub const __TAKES_ARRAYS: bool = #has_arrays;

            /// `true` if this kernel takes arrays and returns one value: a caller's
            /// unannotated call then gives a scalar, not an array.
            #[doc(hidden)]
            pub const __SCALAR_RESULT: bool = #scalar_result;

            #whole_scalar

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

/// `__core`: the one case's, or a choice among the cases by the callees' consts.
fn core_fns(cases: &[Case<'_>], callees: &[syn::Path], drivers: &[&dyn Backend]) -> TokenStream {
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
        let cond = case_condition(callees, &case.scalar);
        let size = match case.large {
            None => quote!(),
            Some(true) => quote!(&&__large),
            Some(false) => quote!(&&!__large),
        };
        arms.push(quote! {
            if #cond #size {
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

        /// The body compiled for what the called kernels are (their consts decide).
        #[inline(always)]
        pub fn __core<S: #rt::simd::Simd, const PAR: bool>(
            __s: S,
            #(#params,)*
            #out_param
        ) -> ::core::result::Result<#ret, #rt::Error> {
            // The largest array argument in bytes picks the plan by size (see `explain()`).
            let __large = 0usize #(#sizes)* >= #rt::dispatch::online_min_bytes();
            #(#arms)*
            ::core::unreachable!("the called kernels' consts match one compiled case")
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
