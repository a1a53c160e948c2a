//! A search on lanes: a `for` loop whose body computes values and then, under an `if`,
//! leaves (`for i in 0..n { let a = x[i] * 2.0; if a > t { found = i; break; } }`, and
//! `argmax`'s search for the first index holding the maximum).
//!
//! Every iteration before the first whose condition holds does nothing but compute its
//! `let`s, so a guard finds that iteration a vector of them at a time (the `let`s and the
//! condition on lanes, `lanes::first_hit`) and the loop runs one iteration at a time from
//! there, as written: its result is exactly the in-order one. The guard computes what the
//! in-order code computes (the same operations, the tier's math), so it stops at the same
//! iteration; a vector whose guard fails (an index out of bounds in some lane) is left to
//! the in-order code, which raises the error only if no earlier iteration leaves.

use proc_macro2::TokenStream;
use quote::quote;

use super::Gen;
use crate::backend::kernel::rt;
use crate::kir::varying::{self, Lanes};
use crate::kir::{Expr, ExprKind, Hints, Kernel, Loop, Order, Stmt, StmtKind};
use crate::target::inorder::Cx;

/// `true` if `for` loop `lp` runs as a search on lanes ([`search`]).
pub(crate) fn is_search(k: &Kernel, lp: &Loop) -> bool {
    guard(k, lp).is_some()
}

/// The code of `for` loop `lp` as a search on lanes, or `None` if it is not one.
pub(in crate::target) fn search(cx: &Cx<'_>, lp: &Loop) -> Option<TokenStream> {
    let (guard, lanes) = guard(cx.k, lp)?;
    let (last, lets) = guard.body.split_last()?;
    let StmtKind::If { cond, .. } = &last.kind else {
        unreachable!("a guard ends in its condition")
    };
    let g = Gen::new(cx, &lanes, &guard);
    let (lets, hit) = (g.block(&lets.to_vec(), &None), g.vexpr(cond, &None));
    let divisors = g.divisor_defs(cx);
    let (rt, v) = (rt(), g.v());
    let d = &lp.domain;
    let (i, a, b) = (cx.name(lp.index), cx.expr(&d.start), cx.expr(&d.end));
    let body = cx.block(&lp.body);
    Some(quote! {{
        let (__search_lo, __search_end): (usize, usize) = (#a, #b);
        // The first iteration whose condition holds (or the first of a vector the guard
        // could not compute): the in-order loop starts there.
        let __from: usize = #rt::simd::Simd::vectorize(__s, __InTier(#[inline(always)] || -> usize {
            #[allow(unused_imports)]
            use #rt::simd::{Mask as _, Vector as _};
            let __tok: S = __s;
            #(#divisors)*
            #rt::lanes::first_hit(__search_lo, __search_end, <#v as #rt::simd::Vector>::LANES, #[inline(always)] |__at: usize, __valid: usize| -> ::core::result::Result<u64, #rt::Error> {
                #lets
                ::core::result::Result::Ok(#rt::simd::Mask::bitmask(#hit))
            })
        }));
        for #i in __from..__search_end {
            #body
        }
    }})
}

/// The guard of `for` loop `lp` (its `let`s and its condition as the body of a `prange`)
/// and the guard's lanes, if `lp` is a search: counted forwards by one, its body `let`s of
/// values that call nothing and then an `if` with no `else` whose branch leaves the loop
/// (a `break` or `return` of its own), the `let`s and the condition on lanes.
fn guard(k: &Kernel, lp: &Loop) -> Option<(Loop, Lanes)> {
    let d = &lp.domain;
    if lp.order != Order::InOrder || d.step.is_some() || d.reversed || d.inclusive {
        return None;
    }
    let (last, lets) = lp.body.split_last()?;
    let StmtKind::If {
        cond,
        then,
        otherwise,
    } = &last.kind
    else {
        return None;
    };
    let leaves = then.iter().any(|s| {
        matches!(
            s.kind,
            StmtKind::Break | StmtKind::Return(_) | StmtKind::ReturnTuple(_)
        )
    });
    let plain =
        |s: &Stmt| matches!(&s.kind, StmtKind::Let { value: Some(v), .. } if calls_nothing(v));
    if !otherwise.is_empty() || !leaves || !lets.iter().all(plain) || !calls_nothing(cond) {
        return None;
    }
    let mut body = lets.to_vec();
    body.push(Stmt {
        kind: StmtKind::If {
            cond: cond.clone(),
            then: Vec::new(),
            otherwise: Vec::new(),
        },
        span: last.span,
    });
    let guard = Loop {
        index: lp.index,
        domain: d.clone(),
        order: Order::Independent,
        body,
        reductions: Vec::new(),
        array_reductions: Vec::new(),
        hints: Hints::default(),
    };
    let lanes = varying::analyse(k, &guard).ok()?;
    Some((guard, lanes))
}

/// `true` if `e` calls no function (a call may have effects the guard must not repeat).
fn calls_nothing(e: &Expr) -> bool {
    !e.any(&|e| matches!(e.kind, ExprKind::Helper { .. } | ExprKind::RustCall(..)))
}
