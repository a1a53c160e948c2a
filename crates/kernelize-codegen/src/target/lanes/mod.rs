//! A `prange` on SIMD lanes (the ISPC model): its body runs once per vector of
//! iterations, the varying values in vectors of the tier, the uniform ones computed once
//! by the one-at-a-time code ([`super::inorder`]) and broadcast.
//!
//! - Iterations come in the fixed order of `loops::fixed_order` over the chunks of
//!   `parallel::CHUNK` (the order every array pass keeps): vector `j` of a chunk adds into
//!   accumulator slot `j % UNROLL`, sums cascade in blocks, the lanes combine pairwise and
//!   the chunks' partials pairwise in chunk order. A `prange` sum is therefore
//!   bit-identical to the array form `sum(..)` of the same values, at every thread count.
//! - An `if` on a varying condition runs both branches under masks, a branch no lane takes
//!   skipped; an `if` on a uniform one is a branch. Loads and stores under a mask touch
//!   only the active lanes, so an index only an inactive lane would use is no error.
//! - Loads at `i ± c` are vector loads (checked once per chunk through its windows, else
//!   per vector), other varying indices gathers; stores are at the loop's own index (the
//!   race check admits no other), masked in branches and tails.
//!
//! [`varying::analyse`] decides which loops qualify; the rest run one at a time. This file
//! drives a loop (its chunks, the fast and checked bodies, the reductions' combination);
//! [`control`] compiles statements, [`expr`] values, [`memory`] loads, stores, windows
//! and divisors.

mod control;
mod expr;
mod lane_by_lane;
mod memory;
mod search;

pub(crate) use search::is_search;
pub(in crate::target) use search::search;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::inorder::Cx;
use crate::backend::kernel::rt;
use crate::kir::varying::{self, Lanes};
use crate::kir::{BinOp, Expr, Loop, ReduceOp};

/// The code of `prange` loop `lp` on lanes, or `None` if it must run one iteration at a
/// time. `cx` is the one-at-a-time compiler for the loop's body (its written arrays
/// shared), `outer` the one for the code around it.
pub(super) fn prange(outer: &Cx<'_>, cx: &Cx<'_>, lp: &Loop) -> Option<TokenStream> {
    let lanes = varying::analyse(cx.k, lp).ok()?;
    Some(Gen::new(cx, &lanes, lp).prange(outer))
}

/// The lane compiler of one `prange`.
struct Gen<'a> {
    cx: &'a Cx<'a>,
    lanes: &'a Lanes,
    lp: &'a Loop,
    /// The next number for a generated mask's name.
    fresh: Cell<usize>,
    /// The variables declared in the body (offsets reading them change per iteration).
    inside: HashSet<crate::kir::VarId>,
    /// The chunk windows the body's accesses asked for, in order.
    windows: RefCell<Vec<Window>>,
    /// The divisors the same in every iteration (`x[i] / s`), prepared once per chunk.
    divisors: RefCell<Vec<Expr>>,
    /// `true` while compiling the fast body: accesses through the chunk's windows.
    fast: Cell<bool>,
    /// Loops around the statement being compiled, inside the `prange` body.
    depth: Cell<usize>,
    /// The body has a `continue` of its own: the lanes still running are `__alive`.
    alive: bool,
    /// The body computes a math function, beside which a division costs nothing: a
    /// division by a uniform value stays a division ([`expr::computes_math`]).
    hides_division: bool,
}

/// A chunk's window of an array: the elements a chunk's accesses at `i ± c` (`c` the same
/// in every iteration) or at the loop's own index touch, cut once per chunk when all are
/// in bounds, so those accesses need no checks; `None` (an access past an end somewhere
/// in the chunk) sends them to the checked loads and stores.
struct Window {
    /// The array.
    array: crate::kir::VarId,
    /// `Some((plus, c))` for an access at `i + c` or `i - c`; `None` at the own index.
    /// An array the `prange` writes (accessed at the own index only) gets a mutable
    /// window of its `Shared` view.
    offset: Option<(bool, Expr)>,
}

/// The mask the code runs under: `None` when every lane in range is active.
type Active = Option<TokenStream>;

impl<'a> Gen<'a> {
    /// The lane compiler of `lp`, whose body `lanes` analysed.
    fn new(cx: &'a Cx<'a>, lanes: &'a Lanes, lp: &'a Loop) -> Self {
        Gen {
            cx,
            lanes,
            lp,
            fresh: Cell::new(0),
            inside: varying::declared_in(&lp.body),
            windows: RefCell::new(Vec::new()),
            divisors: RefCell::new(Vec::new()),
            fast: Cell::new(false),
            depth: Cell::new(0),
            alive: varying::continues(&lp.body),
            hides_division: expr::computes_math(&lp.body),
        }
    }
}

impl Gen<'_> {
    /// The vector type.
    fn v(&self) -> TokenStream {
        crate::backend::kernel::vector_ty(self.lanes.elem)
    }

    /// A name for a generated mask, unique in the loop.
    fn mask_name(&self) -> syn::Ident {
        let n = self.fresh.get();
        self.fresh.set(n + 1);
        format_ident!("__mask{}", n)
    }

    /// The loop's chunks, each visiting its vectors in the fixed order with its
    /// accumulators, the chunks' partials combined into the reduced variables.
    fn prange(&self, outer: &Cx<'_>) -> TokenStream {
        let (a, end) = outer.prange_bounds(&self.lp.domain);
        let shares = outer.shares(&self.cx.shared[outer.shared.len()..]);
        let chunk = self.chunk(outer);
        let run = if self.lp.array_reductions.is_empty() {
            let rt = rt();
            let combines = self.combines();
            quote! {
                let __parts = #rt::inorder::run_chunks(__par, __count, #chunk)?;
                #combines
            }
        } else {
            self.batches(&chunk)
        };
        let stream = self.lp.hints.stream.map(|out| {
            let rt = rt();
            let t = super::inorder::elem_ty(self.cx.k.var(out).ty.elem());
            quote! {
                let __stream: bool = __count * ::core::mem::size_of::<#t>()
                    >= #rt::dispatch::stream_min_bytes();
            }
        });
        quote! {{
            let __lo: usize = #a;
            let __count: usize = (#end).saturating_sub(__lo);
            #stream
            #(#shares)*
            #run
        }}
    }

    /// The function run on each chunk (`__range`, relative to `__lo`): its vectors in
    /// the fixed order, returning its reductions' partials and its private copies of the
    /// arrays it reduces into.
    fn chunk(&self, outer: &Cx<'_>) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let accs: Vec<_> = (0..self.lp.reductions.len())
            .map(|k| format_ident!("__acc{}", k))
            .collect();
        let acc_defs = self
            .lp
            .reductions
            .iter()
            .zip(&accs)
            .map(|(r, acc)| match r.op {
                ReduceOp::OnlineExpSum { .. } => {
                    quote!(let mut #acc = #rt::lanes::OnlineSum::<#v>::new(__tok);)
                }
                _ => {
                    let fold = self.fold(r.combine);
                    quote!(let mut #acc = #rt::loops::Accumulators::<#v, #fold>::new(__tok, #fold);)
                }
            });
        let mut types: Vec<_> = (self.lp.reductions.iter())
            .map(|r| {
                let t = super::inorder::elem_ty(self.cx.k.var(r.var).ty.elem());
                match r.op {
                    ReduceOp::OnlineExpSum { .. } => quote!((#t, #t)),
                    _ => t,
                }
            })
            .collect();
        let (copies, copy_defs) = self.private_copies(&mut types);
        // The fast body first (it asks for the windows), then the checked one, unless
        // every window is known to be in bounds.
        let top = self.alive.then(|| quote!(__alive));
        self.fast.set(true);
        let fast = self.block(&self.lp.body, &top);
        self.fast.set(false);
        let prefetches = self.prefetches();
        let fast = self.run(&quote!(#(#prefetches)* #fast));
        let checked = (!self.trusted()).then(|| self.run(&self.block(&self.lp.body, &top)));
        let chosen = self.choose(outer, fast, checked);
        let divisors = self.divisor_defs(outer);
        let fence = self.lp.hints.stream.is_some().then(|| {
            quote! {
                if __stream {
                    <#v as #rt::simd::Vector>::stream_fence(__tok);
                }
            }
        });
        quote! {
            |__range: ::core::ops::Range<usize>| -> ::core::result::Result<(#(#types,)*), #rt::Error> {
                // A closure that moves what it captures (`__range`) is only `FnOnce`: called
                // through `FnOnce` it needs no shim, which would be a function of its own
                // outside the tier's frame (every vector operation then a call).
                #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] || -> ::core::result::Result<(#(#types,)*), #rt::Error> {
                    let __range = __range;
                    #[allow(unused_imports)]
                    use #rt::simd::{Mask as _, Vector as _};
                    let __tok: S = __s;
                    let (__c0, __cn): (usize, usize) = (__range.start, __range.end - __range.start);
                    #(#acc_defs)*
                    #(#copy_defs)*
                    #(#divisors)*
                    #chosen
                    #fence
                    ::core::result::Result::Ok((#(#accs.finish(),)* #(#copies,)*))
                }))
            }
        }
    }

    /// The private copy of each array the loop reduces into, made per chunk from the
    /// identity (as one iteration at a time makes it): their names and definitions; their
    /// types are added to `types`.
    fn private_copies(&self, types: &mut Vec<TokenStream>) -> (Vec<syn::Ident>, Vec<TokenStream>) {
        let mut names = Vec::new();
        let mut defs = Vec::new();
        for r in &self.lp.array_reductions {
            let n = self.cx.name(r.var);
            let copy = super::inorder::private_name(&n);
            let t = super::inorder::elem_ty(self.cx.k.var(r.var).ty.elem());
            let id = self.cx.identity(r);
            types.push(quote!(::std::vec::Vec<#t>));
            defs.push(quote!(let mut #copy: ::std::vec::Vec<#t> = ::std::vec![#id; #n.len()];));
            names.push(copy);
        }
        (names, defs)
    }

    /// The chunks of a loop with array reductions, in batches of
    /// `inorder::PRANGE_BATCH` iterations (as one iteration at a time runs them, which
    /// bounds the private copies alive at once; batch boundaries are chunk boundaries):
    /// each chunk's copies combined into the arrays in chunk order, its scalar partials
    /// kept and combined pairwise after the last batch, as without batches.
    fn batches(&self, chunk: &TokenStream) -> TokenStream {
        let rt = rt();
        let scalars = self.lp.reductions.len();
        let partials = (0..scalars).map(syn::Index::from);
        let each_copy = self.lp.array_reductions.iter().enumerate().map(|(k, r)| {
            let (n, t) = (self.cx.name(r.var), self.cx.k.var(r.var).ty.elem());
            let k = syn::Index::from(scalars + k);
            let c = self
                .cx
                .binary(r.combine, t, quote!(*__dst), quote!(*__src), "");
            quote! {
                for (__dst, __src) in #n.iter_mut().zip(__chunk.#k.iter()) {
                    *__dst = #c;
                }
            }
        });
        let combines = self.combines();
        quote! {
            let mut __parts = ::std::vec::Vec::new();
            let mut __batch: usize = 0;
            while __batch < __count {
                let __in_batch = (__count - __batch).min(#rt::inorder::PRANGE_BATCH);
                let __lo = __lo + __batch;
                for __chunk in #rt::inorder::run_chunks(__par, __in_batch, #chunk)? {
                    #(#each_copy)*
                    __parts.push((#(__chunk.#partials,)*));
                }
                __batch += __in_batch;
            }
            #combines
        }
    }

    /// The chunk's vectors in the fixed order (`lanes::each_vector`), `body` run
    /// at each (its first error ends the chunk), the accumulators' blocks ended; in turn
    /// (`lanes::each_vector_in_turn`) when the loop keeps no accumulators.
    fn run(&self, body: &TokenStream) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let accs = (0..self.lp.reductions.len()).map(|k| format_ident!("__acc{}", k));
        let alive = self
            .alive
            .then(|| quote!(let mut __alive = #rt::lanes::all::<#v>(__tok);));
        let lanes = quote!(<#v as #rt::simd::Vector>::LANES);
        let cascade = (self.lp.reductions.iter()).any(|r| r.combine == BinOp::Add);
        let block_starts = self.block_starts();
        let visits = if self.lp.reductions.is_empty() {
            quote!(each_vector_in_turn(__lo, __range.clone(), #lanes, __step))
        } else {
            quote!(each_vector(__lo, __range.clone(), #lanes, #cascade, __step))
        };
        quote! {
            let (__step,) = (#[inline(always)] |__step: #rt::lanes::Step| -> ::core::result::Result<(), #rt::Error> {
                match __step {
                    #rt::lanes::Step::Vector { at: __at, w: __w, valid: __valid, slot: __slot } => {
                        #alive
                        #body
                    }
                    #rt::lanes::Step::BlockEnd => { #(#accs.end_block();)* }
                    #block_starts
                }
                ::core::result::Result::Ok(())
            },);
            #rt::lanes::#visits?;
        }
    }

    /// The match arm of a block's start: each online normaliser's block maximum of its
    /// values (the statements they need, run over the block first), its running maximum
    /// grown to it.
    fn block_starts(&self) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let each: Vec<_> = self.lp.reductions.iter().enumerate().filter_map(|(k, r)| {
            let ReduceOp::OnlineExpSum { .. } = r.op else {
                return None;
            };
            let update = self.lp.body.iter().find_map(|s| match &s.kind {
                crate::kir::StmtKind::Assign { var, value } if *var == r.var => Some(value),
                _ => None,
            })?;
            let a = crate::kir::races::reduced_value(r.var, update);
            let needed = self.block(&needed_by(&self.lp.body, a), &None);
            let a = self.vexpr(a, &None);
            let acc = format_ident!("__acc{}", k);
            Some(quote! {
                let __max = #rt::lanes::block_max::<#v>(__tok, __block, __block_end, #[inline(always)] |__w: usize, __valid: usize| -> ::core::result::Result<#v, #rt::Error> {
                    let __at = __lo + __c0 + __w;
                    #needed
                    ::core::result::Result::Ok(#a)
                })?;
                #acc.grow(__max);
            })
        }).collect();
        if each.is_empty() {
            return quote!(#rt::lanes::Step::BlockStart { .. } => {});
        }
        quote! {
            #rt::lanes::Step::BlockStart { w: __block, end: __block_end } => { #(#each)* }
        }
    }

    /// `true` if every window of the fast body is at the loop's own index of an array
    /// known to be long enough (`Hints::in_bounds`): no checked body is needed.
    fn trusted(&self) -> bool {
        let known = &self.lp.hints.in_bounds;
        !known.is_empty()
            && (self.windows.borrow().iter())
                .all(|w| w.offset.is_none() && known.contains(&w.array))
    }

    /// Prefetches for the fast body: the arrays it reads at the loop's own index, a
    /// distance ahead (`simd::prefetch`), one cache line per vector.
    fn prefetches(&self) -> Vec<TokenStream> {
        let (rt, v) = (rt(), self.v());
        let windows = self.windows.borrow();
        (windows.iter().enumerate())
            .filter(|(_, w)| w.offset.is_none() && !self.cx.shared.contains(&w.array))
            .map(|(k, _)| {
                let name = format_ident!("__win{}", k);
                quote!(#rt::simd::prefetch(&#name[..], __w, <#v as #rt::simd::Vector>::LANES);)
            })
            .collect()
    }

    /// The fast run when every window of the chunk is in bounds (no access checks), else
    /// the checked one.
    fn choose(
        &self,
        outer: &Cx<'_>,
        fast: TokenStream,
        checked: Option<TokenStream>,
    ) -> TokenStream {
        let defs = self.window_defs(outer);
        if defs.is_empty() {
            return fast;
        }
        let Some(checked) = checked else {
            // Every window is in bounds: `window_defs` cut them unchecked.
            return quote!(#(#defs)* #fast);
        };
        let names: Vec<_> = (0..defs.len())
            .map(|k| format_ident!("__win{}", k))
            .collect();
        quote! {
            #(#defs)*
            if let (#(::core::option::Option::Some(#names),)*) = (#(#names,)*) {
                #fast
            } else {
                #checked
            }
        }
    }

    /// The runtime's fold for a reduction combining with `op`.
    fn fold(&self, op: BinOp) -> TokenStream {
        let rt = rt();
        match op {
            BinOp::Add | BinOp::Sub => quote!(#rt::loops::Sum),
            BinOp::Mul => quote!(#rt::loops::Prod),
            BinOp::Maximum => quote!(#rt::loops::Max),
            BinOp::Minimum => quote!(#rt::loops::Min),
            BinOp::PyMax => quote!(#rt::lanes::PyMax),
            _ => quote!(#rt::lanes::PyMin),
        }
    }

    /// Each reduction's chunk partials combined pairwise in chunk order, then into the
    /// variable (`s = s ∘ total`; an online normaliser's sum and maximum set).
    fn combines(&self) -> TokenStream {
        let rt = rt();
        let each = self.lp.reductions.iter().enumerate().map(|(k, r)| {
            let (n, t) = (self.cx.name(r.var), self.cx.k.var(r.var).ty.elem());
            let k = syn::Index::from(k);
            if let ReduceOp::OnlineExpSum { max } = r.op {
                let (m, et) = (self.cx.name(max), super::inorder::elem_ty(t));
                return quote! {
                    let __all = __parts.iter().map(|__p| __p.#k).collect();
                    (#m, #n) = #rt::lanes::online_total(
                        #rt::parallel::combine_pairwise(__all, |__a, __b| #rt::lanes::combine_online(__a, __b))
                            .unwrap_or((#et::NEG_INFINITY, 0.0)),
                    );
                };
            }
            let pair = self.cx.binary(r.combine, t, quote!(__a), quote!(__b), "");
            let into = self.cx.binary(r.combine, t, quote!(#n), quote!(__total), "");
            quote! {
                let __all = __parts.iter().map(|__p| __p.#k).collect();
                if let ::core::option::Option::Some(__total) = #rt::parallel::combine_pairwise(__all, |__a, __b| #pair) {
                    #n = #into;
                }
            }
        });
        quote!(#(#each)*)
    }
}

/// The statements of a body of straight-line `let`s (an array kernel's pass) that the
/// value `e` needs, in order: walking back from `e`, a `let` is needed if `e` or a needed
/// `let` reads its variable.
fn needed_by(body: &crate::kir::Block, e: &Expr) -> crate::kir::Block {
    let need: RefCell<HashSet<crate::kir::VarId>> = RefCell::new(HashSet::new());
    let note = |e: &Expr| {
        e.reads_where(&|v| {
            need.borrow_mut().insert(v);
            false
        })
    };
    note(e);
    let mut keep = vec![false; body.len()];
    for (k, s) in body.iter().enumerate().rev() {
        if let crate::kir::StmtKind::Let {
            var,
            value: Some(value),
        } = &s.kind
            && need.borrow().contains(var)
        {
            keep[k] = true;
            note(value);
        }
    }
    (body.iter().zip(keep))
        .filter(|(_, k)| *k)
        .map(|(s, _)| s.clone())
        .collect()
}
