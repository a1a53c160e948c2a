//! The generated items (the kernel's surface): the public function, its module of
//! variants, the dispatcher glue, what calling kernels use. One file per purpose:
//! [`api`] (what users call), [`dispatch`] (choosing and running a variant), [`calls`]
//! (what other kernels call), [`explain`] (the plan as text).
//!
//! For `#[kernel] pub fn NAME(args) -> R` this emits the dispatching `fn NAME` and a
//! `mod NAME` (a function and a module may share a name) holding `with`, `variants`,
//! `explain`, one entry per backend (`scalar`, `simd`, and `parallel` for kernels
//! declared `parallel`; a kernel not declared `parallel` has no `parallel` entry and
//! `with(Variant::Parallel(_))` returns `VariantUnavailable`), `into`/`into_with` for
//! array results and tuple results with arrays, and the hidden items other kernels call.
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

mod api;
mod calls;
mod dispatch;
mod explain;
pub(crate) mod sig;

pub use explain::{ONLINE_MIN_BYTES, explain_text};

use proc_macro2::TokenStream;
use quote::quote;

use crate::backend::{self, Backend, KernelCode};
use crate::callee::{self, CalleeInfo};
use crate::lang::Body;
use crate::model::{ArgKind, KernelDecl};

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
    let mut cases: Vec<Case<'_>> = Vec::new();
    for (large, plan) in &plans {
        // `KERNELIZE_NO_KIR` set while a crate builds compiles every plan by the templates:
        // the A/B switch between the two code paths until the templates retire.
        let kir = (std::env::var_os("KERNELIZE_NO_KIR").is_none()
            && crate::plan::lower::supported(body, plan))
        .then(|| crate::plan::lower::to_kir(decl, body, plan))
        .filter(crate::plan::lower::online_on_lanes);
        if let Some(Err(bug)) = kir.as_ref().map(crate::kir::verify) {
            return Err(syn::Error::new(
                decl.func.sig.ident.span(),
                format!(
                    "kernelize bug: the loop IR of this kernel's plan is malformed ({bug}); please report it"
                ),
            ));
        }
        cases.push(Case {
            code: KernelCode { decl, body, plan },
            large: *large,
            kir,
        });
    }
    Ok(Surface::new(decl, Core::Plans(&cases)).items())
}

/// Compiles a checked kernel whose body has statements, lowered into the loop IR.
pub fn compile_loops(decl: &KernelDecl, kernel: &crate::kir::Kernel) -> syn::Result<TokenStream> {
    let items = Surface::new(decl, Core::Loops(kernel)).items();
    Ok(items)
}

/// What the body was compiled into.
#[derive(Clone, Copy)]
pub(crate) enum Core<'a> {
    /// Array expressions: a plan per size of input.
    Plans(&'a [Case<'a>]),
    /// Statements: the loop IR.
    Loops(&'a crate::kir::Kernel),
}

/// One compiled form of the body: a plan, for inputs of some sizes.
pub(crate) struct Case<'a> {
    code: KernelCode<'a>,
    /// `Some(true)`: the plan for inputs of at least `dispatch::online_min_bytes()` (online
    /// normaliser), `Some(false)`: for smaller ones; `None`: any size.
    large: Option<bool>,
    /// The plan in the loop IR, where it has a loop form (`plan::lower`).
    kir: Option<crate::kir::Kernel>,
}

/// The pieces every generated item is made of, computed once per kernel.
struct Surface<'a> {
    core: Core<'a>,
    /// The first plan (array-expression bodies).
    code: Option<&'a KernelCode<'a>>,
    decl: &'a KernelDecl,
    /// For each argument, `true` if the body writes it (a `&mut` argument passed on as
    /// `&mut`; one the body only reads is passed shared, so other kernels can call it).
    writes: Vec<bool>,
    /// The user's parameters (`x: &[f64]`), at their spans.
    params: Vec<TokenStream>,
    /// The parameters of hidden items: every array shared.
    shared_params: Vec<TokenStream>,
    /// The arguments passed on.
    fwd: Vec<TokenStream>,
    /// The result type.
    ret: TokenStream,
    /// The buffers `into` writes the result's arrays into.
    outs: sig::OutBuffers,
    /// `None,` (or a tuple of them) where an entry point passes no output buffer (results
    /// with arrays only).
    none_out: Option<TokenStream>,
    /// `true` for kernels declared `parallel`.
    parallel: bool,
    /// `true` if some argument is an array.
    has_arrays: bool,
}

impl<'a> Surface<'a> {
    fn new(decl: &'a KernelDecl, core: Core<'a>) -> Self {
        let (code, writes) = match core {
            Core::Plans(cases) => (Some(&cases[0].code), Vec::new()),
            Core::Loops(kernel) => (None, kernel.written_params()),
        };
        let outs = sig::OutBuffers::of(decl);
        let hidden = sig::hidden_args(decl, &writes, None);
        Surface {
            core,
            code,
            decl,
            params: sig::user_params(decl),
            shared_params: hidden.params,
            fwd: hidden.forward,
            writes,
            ret: sig::ret_ty(decl),
            none_out: outs.none(),
            outs,
            parallel: decl.options.parallel,
            has_arrays: decl.args.iter().any(|a| a.kind != ArgKind::Scalar),
        }
    }

    /// `true` for kernels returning an array, or a tuple with arrays (they take output
    /// buffers).
    fn takes_buffers(&self) -> bool {
        !self.outs.is_empty()
    }

    /// The chunk drivers the kernel's passes are compiled for: sequential, and rayon for
    /// kernels declared `parallel`.
    fn drivers(&self) -> Vec<&'static dyn Backend> {
        let all = backend::all();
        if self.parallel {
            vec![all[1], all[2]]
        } else {
            vec![all[1]]
        }
    }

    /// The entry point and the kernel's module.
    fn items(&self) -> TokenStream {
        let func = &self.decl.func;
        let (name, vis, attrs) = (&func.sig.ident, &func.vis, &func.attrs);
        let (params, ret) = (&self.params, &self.ret);
        let allows = allows();
        let entry_body = self.entry_body();
        let module = self.module_items();
        let name_str = name.to_string();
        let mod_doc = format!(
            "Variants, plan and tools of the kernel [`{name_str}`](fn@{name_str}) (signature `{}`).",
            self.decl.signature
        );
        // The entry point is the user's fn: its own lints are the user's (a missing doc
        // comment still warns), but for what forwarding its parameters could trip and for
        // a kernel only called through its module (`NAME::with`).
        quote! {
            #(#attrs)*
            #[allow(dead_code, unused_variables, unused_mut, clippy::all)]
            #vis fn #name(#(#params),*) -> #ret {
                #entry_body
            }

            #[doc = #mod_doc]
            #allows
            #vis mod #name {
                use super::*;

                const __KERNEL: &str = #name_str;

                #module
            }
        }
    }

    /// Everything inside `mod NAME`.
    fn module_items(&self) -> TokenStream {
        let api = self.api_items();
        let dispatch = self.dispatch_items();
        let calls = self.call_items();
        let core = match self.core {
            Core::Plans(cases) => dispatch::core_fns(cases, &self.drivers()),
            Core::Loops(kernel) => self.loops_core(kernel),
        };
        quote! {
            #api
            #dispatch
            #calls
            #core
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
