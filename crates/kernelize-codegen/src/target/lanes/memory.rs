//! Loads, stores and divisors of a `prange` on lanes: the chunk's windows (accesses with
//! no checks when every one of the chunk is in bounds), the checked loads and stores
//! otherwise, gathers lane by lane (at a float cast to `usize`, or at any `usize` that
//! varies), and divisors prepared once per chunk.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Active, Gen, Window};
use crate::backend::kernel::rt;
use crate::kir::Expr;
use crate::kir::varying::{self, Offset};
use crate::target::inorder::Cx;

impl Gen<'_> {
    /// `array[i] = value` at the loop's own index, under `active`: into the chunk's window
    /// when it has one, else checked.
    pub(super) fn store(
        &self,
        array: crate::kir::VarId,
        value: &Expr,
        active: &Active,
    ) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let sh = crate::target::inorder::shared_name(&self.cx.name(array));
        let label = &self.cx.k.var(array).name;
        let value = self.vexpr(value, active);
        let act = self.opt(active);
        if self.fast.get() {
            let win = self.window(array, None);
            let store = if self.lp.hints.stream == Some(array) {
                quote!(#rt::lanes::store_result::<#v>(&mut #win[__w..__w + __valid], __value, __valid, #act, __stream))
            } else {
                quote!(#rt::lanes::store::<#v>(&mut #win[__w..__w + __valid], __value, __valid, #act))
            };
            return quote! {{
                let __value = #value;
                #store;
            }};
        }
        quote! {
            // SAFETY: the race check admits writes and reads of an array a `prange` writes
            // only at the loop's own index, so lanes `__at..__at + __valid` belong to this
            // vector of iterations alone.
            unsafe { #rt::lanes::store_own::<#v>(&#sh, __KERNEL, #label, __at, __valid, #value, #act) }?;
        }
    }

    /// The name of the prepared divisor `d` (the same in every iteration), made on first
    /// use: a division by it is a multiply and three fused multiply-adds where the CPU
    /// divides slowly, bit for bit the quotient (`math::Divisor`).
    pub(super) fn divisor(&self, d: &Expr) -> syn::Ident {
        let mut divisors = self.divisors.borrow_mut();
        let k = match divisors.iter().position(|e| e.text == d.text) {
            Some(k) => k,
            None => {
                divisors.push(d.clone());
                divisors.len() - 1
            }
        };
        format_ident!("__div{}", k)
    }

    /// The prepared divisors, once per chunk.
    pub(super) fn divisor_defs(&self, outer: &Cx<'_>) -> Vec<TokenStream> {
        let (rt, v) = (rt(), self.v());
        let divisors = self.divisors.borrow();
        divisors
            .iter()
            .enumerate()
            .map(|(k, d)| {
                let (name, d) = (format_ident!("__div{}", k), outer.expr(d));
                quote!(let #name = #rt::math::Divisor::new(<#v>::splat(__tok, #d));)
            })
            .collect()
    }

    /// The name of the chunk window for an access to `array` (at `i ± c` with `offset`, or
    /// at the own index), made on first use.
    pub(super) fn window(
        &self,
        array: crate::kir::VarId,
        offset: Option<(bool, &Expr)>,
    ) -> syn::Ident {
        let mut windows = self.windows.borrow_mut();
        let same = |w: &Window| {
            w.array == array
                && match (&w.offset, offset) {
                    (None, None) => true,
                    (Some((p, a)), Some((q, b))) => *p == q && a.text == b.text,
                    _ => false,
                }
        };
        let k = match windows.iter().position(same) {
            Some(k) => k,
            None => {
                windows.push(Window {
                    array,
                    offset: offset.map(|(p, e)| (p, e.clone())),
                });
                windows.len() - 1
            }
        };
        format_ident!("__win{}", k)
    }

    /// Each window, cut once per chunk (`None` when some access of the chunk falls outside
    /// the array); the window itself when every one is known to be in bounds.
    pub(super) fn window_defs(&self, outer: &Cx<'_>) -> Vec<TokenStream> {
        let rt = rt();
        let trusted = self.trusted();
        let windows = self.windows.borrow();
        windows
            .iter()
            .enumerate()
            .map(|(k, w)| {
                let name = format_ident!("__win{}", k);
                let n = self.cx.name(w.array);
                if self.cx.shared.contains(&w.array) {
                    let sh = crate::target::inorder::shared_name(&n);
                    let window = quote! {
                        // SAFETY: the race check admits accesses to an array a `prange`
                        // writes only at the loop's own index, so the chunk's indices
                        // `__lo + __c0..` belong to its iterations alone.
                        let mut #name = unsafe { #rt::lanes::own_window(&#sh, __lo + __c0, __cn) };
                    };
                    if !trusted {
                        return window;
                    }
                    // The array is as long as the loop (`Hints::in_bounds`).
                    return quote! {
                        #window
                        let ::core::option::Option::Some(mut #name) = #name else {
                            ::core::unreachable!("a result is as long as its loop")
                        };
                    };
                }
                if trusted {
                    // `Hints::in_bounds`: checked before the loop.
                    return quote!(let #name = &#n[__lo + __c0..__lo + __c0 + __cn];);
                }
                let first = match &w.offset {
                    Some((true, c)) => {
                        let c = outer.expr(c);
                        quote!((__lo + __c0).checked_add(#c))
                    }
                    Some((false, c)) => {
                        let c = outer.expr(c);
                        quote!((__lo + __c0).checked_sub(#c))
                    }
                    None => quote!(::core::option::Option::Some(__lo + __c0)),
                };
                quote! {
                    let #name = #first.and_then(|__f| #n[..].get(__f..)).and_then(|__x| __x.get(..__cn));
                }
            })
            .collect()
    }

    /// The first lane's index of an access at `index` (`i`, `i + c`, `i - c`).
    pub(super) fn start(&self, index: &Expr) -> TokenStream {
        match self.lanes.offset(index) {
            Some(Offset::Plus(c)) => {
                let c = self.cx.expr(c);
                quote!(__at.wrapping_add(#c))
            }
            Some(Offset::Minus(c)) => {
                let c = self.cx.expr(c);
                quote!(__at.wrapping_sub(#c))
            }
            _ => quote!(__at),
        }
    }

    /// `array[index]` on every active lane: from the chunk's window when the offset is
    /// the same in every iteration and the window exists, else checked.
    pub(super) fn load(
        &self,
        array: crate::kir::VarId,
        index: &Expr,
        active: &Active,
    ) -> TokenStream {
        let rt = rt();
        let v = self.v();
        let n = self.cx.name(array);
        let label = &self.cx.k.var(array).name;
        let act = self.opt(active);
        if self.cx.shared.contains(&array) {
            if self.fast.get() {
                let win = self.window(array, None);
                return quote!(#rt::lanes::read::<#v>(__tok, &#win[__w..], __valid));
            }
            let sh = crate::target::inorder::shared_name(&n);
            return quote! {
                // SAFETY: as for the stores: lanes `__at..__at + __valid` of an array the
                // `prange` writes are this vector's own.
                unsafe { #rt::lanes::load_own::<#v>(__tok, &#sh, __KERNEL, #label, __at, __valid, #act) }?
            };
        }
        let start = self.start(index);
        let checked = quote!(#rt::lanes::load::<#v>(__tok, __KERNEL, #label, &#n[..], #start, __valid, #act)?);
        let offset = match self.lanes.offset(index) {
            Some(Offset::None) => None,
            Some(Offset::Plus(c)) => Some((true, c)),
            Some(Offset::Minus(c)) => Some((false, c)),
            None => return self.gather(array, index, active),
        };
        if !self.fast.get() || offset.is_some_and(|(_, c)| varying::reads_any(c, &self.inside)) {
            return checked;
        }
        let win = self.window(array, offset);
        quote!(#rt::lanes::read::<#v>(__tok, &#win[__w..], __valid))
    }

    /// `array[k as usize ± c]` with `k` varying, or at any other varying `usize`: lane by
    /// lane, each active lane's index checked.
    pub(super) fn gather(
        &self,
        array: crate::kir::VarId,
        index: &Expr,
        active: &Active,
    ) -> TokenStream {
        let (rt, v) = (rt(), self.v());
        let n = self.cx.name(array);
        let label = &self.cx.k.var(array).name;
        let act = self.opt(active);
        let Some(g) = self.lanes.gather(index) else {
            let index = self.vexpr(index, active);
            return quote! {
                #rt::lanes::gather_at::<#v>(__tok, __KERNEL, #label, &#n[..], #index, __valid, #act)?
            };
        };
        let from = self.vexpr(g.from, active);
        let (plus, minus) = match g.offset {
            Some((true, c)) => (self.cx.expr(c), quote!(0usize)),
            Some((false, c)) => (quote!(0usize), self.cx.expr(c)),
            None => (quote!(0usize), quote!(0usize)),
        };
        quote! {
            #rt::lanes::gather::<#v>(__tok, __KERNEL, #label, &#n[..], #from, #plus, #minus, __valid, #act)?
        }
    }
}
