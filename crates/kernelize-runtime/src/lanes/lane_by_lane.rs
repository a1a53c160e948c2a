//! What a `prange` body on lanes does one lane at a time: integers that vary from lane to
//! lane ([`Indices`], a histogram's bin `(x[i] * s) as usize`), calls of Rust functions
//! ([`map`], [`map_mask`], [`Indices::map`]) and a histogram's scatter ([`scatter`]).
//!
//! Each visits the lanes `l < valid` that `active` holds, in lane order (the order of the
//! iterations), and only those: a function with side effects, or one that fails on the
//! value an inactive lane happens to hold, is never called for an inactive lane. The
//! other lanes of a result hold zero (`false` for a mask).

use super::{INDEX_LANES, bits};
use crate::error::Error;
use crate::simd::{Element, Mask, Vector};

/// The lanes `l < valid` that `active` holds, as bits (bit `l` for lane `l`).
#[inline(always)]
fn live<M: Mask>(valid: usize, active: Option<M>) -> u64 {
    let below = if valid >= 64 {
        u64::MAX
    } else {
        (1 << valid) - 1
    };
    bits(active) & below
}

/// A mask with lane `l` set where bit `l` of `set` is.
#[inline(always)]
pub fn mask_from_bits<V: Vector>(token: V::Token, set: u64) -> V::Mask {
    let mut lanes = [V::Elem::ZERO; INDEX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
        if set >> l & 1 != 0 {
            *lane = V::Elem::ONE;
        }
    }
    V::load(token, &lanes[..V::LANES]).ne(V::splat(token, V::Elem::ZERO))
}

/// Lane `l` of mask `m`.
#[inline(always)]
pub fn lane_bit<M: Mask>(m: M, l: usize) -> bool {
    m.bitmask() >> l & 1 != 0
}

/// `f(l)` for each active lane `l` (in lane order, the first error ending it) as a
/// vector, zero in the other lanes.
#[inline(always)]
pub fn map<V: Vector>(
    token: V::Token,
    valid: usize,
    active: Option<V::Mask>,
    mut f: impl FnMut(usize) -> Result<V::Elem, Error>,
) -> Result<V, Error> {
    const { assert!(V::LANES <= INDEX_LANES) };
    let live = live(valid, active);
    let mut lanes = [V::Elem::ZERO; INDEX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
        if live >> l & 1 != 0 {
            *lane = f(l)?;
        }
    }
    Ok(V::load(token, &lanes[..V::LANES]))
}

/// `f(l)` for each active lane `l` (in lane order, the first error ending it) as a mask,
/// `false` in the other lanes.
#[inline(always)]
pub fn map_mask<V: Vector>(
    token: V::Token,
    valid: usize,
    active: Option<V::Mask>,
    mut f: impl FnMut(usize) -> Result<bool, Error>,
) -> Result<V::Mask, Error> {
    let live = live(valid, active);
    let mut set = 0u64;
    for l in 0..V::LANES {
        if live >> l & 1 != 0 && f(l)? {
            set |= 1 << l;
        }
    }
    Ok(mask_from_bits::<V>(token, set))
}

/// A `usize` that varies from lane to lane (lane `l` is iteration `at + l`'s value), such
/// as a histogram's bin; lanes past the vector's hold zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Indices([usize; INDEX_LANES]);

impl Indices {
    /// `x` in every lane.
    #[inline(always)]
    pub fn splat(x: usize) -> Self {
        Indices([x; INDEX_LANES])
    }

    /// The loop index of each lane, `at + l` (wrapping as `usize` arithmetic does).
    #[inline(always)]
    pub fn iota(at: usize) -> Self {
        Indices(core::array::from_fn(|l| at.wrapping_add(l)))
    }

    /// Lane `l`'s value.
    #[inline(always)]
    pub fn lane(self, l: usize) -> usize {
        self.0[l]
    }

    /// `v as usize` in every lane (saturating, NaN giving 0, as `as` does).
    #[inline(always)]
    pub fn of<V: Vector>(v: V) -> Self {
        const { assert!(V::LANES <= INDEX_LANES) };
        let mut out = [0; INDEX_LANES];
        for (l, o) in out.iter_mut().enumerate().take(V::LANES) {
            *o = v.extract(l).to_f64() as usize;
        }
        Indices(out)
    }

    /// `m as usize` in every lane (1 where `m` holds).
    #[inline(always)]
    pub fn of_mask<M: Mask>(m: M) -> Self {
        let set = m.bitmask();
        Indices(core::array::from_fn(|l| (set >> l & 1) as usize))
    }

    /// Every lane as a float of `V` (rounding as `as` does).
    #[inline(always)]
    pub fn to_floats<V: Vector>(self, token: V::Token) -> V {
        const { assert!(V::LANES <= INDEX_LANES) };
        let mut lanes = [V::Elem::ZERO; INDEX_LANES];
        for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
            *lane = V::Elem::from_usize(self.0[l]);
        }
        V::load(token, &lanes[..V::LANES])
    }

    /// `a` where `m` holds, `b` elsewhere.
    #[inline(always)]
    pub fn select<M: Mask>(m: M, a: Self, b: Self) -> Self {
        let set = m.bitmask();
        Indices(core::array::from_fn(|l| {
            if set >> l & 1 != 0 { a.0[l] } else { b.0[l] }
        }))
    }

    /// `f(l)` for each active lane `l` (in lane order, the first error ending it), zero
    /// in the other lanes.
    #[inline(always)]
    pub fn map<V: Vector>(
        valid: usize,
        active: Option<V::Mask>,
        mut f: impl FnMut(usize) -> Result<usize, Error>,
    ) -> Result<Self, Error> {
        const { assert!(V::LANES <= INDEX_LANES) };
        let live = live(valid, active);
        let mut out = [0; INDEX_LANES];
        for (l, o) in out.iter_mut().enumerate().take(V::LANES) {
            if live >> l & 1 != 0 {
                *o = f(l)?;
            }
        }
        Ok(Indices(out))
    }

    /// The lanes where `cmp(self, other)` holds, for every lane.
    #[inline(always)]
    pub fn compare<V: Vector>(
        self,
        token: V::Token,
        other: Self,
        cmp: impl Fn(usize, usize) -> bool,
    ) -> V::Mask {
        let mut set = 0u64;
        for l in 0..V::LANES {
            if cmp(self.0[l], other.0[l]) {
                set |= 1 << l;
            }
        }
        mask_from_bits::<V>(token, set)
    }
}

/// A histogram's scatter: `update(&mut dst[index.lane(l)], l)` for each active lane `l`,
/// in lane order, so lanes with the same index all count, one after another. An active
/// lane's index outside `dst` is the error naming `kernel`, `array` and the index (the
/// lanes before it have been applied).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn scatter<V: Vector, T>(
    kernel: &'static str,
    array: &'static str,
    dst: &mut [T],
    index: Indices,
    valid: usize,
    active: Option<V::Mask>,
    mut update: impl FnMut(&mut T, usize) -> Result<(), Error>,
) -> Result<(), Error> {
    let live = live(valid, active);
    let len = dst.len();
    for l in 0..V::LANES {
        if live >> l & 1 == 0 {
            continue;
        }
        let i = index.0[l];
        let slot = dst.get_mut(i).ok_or(Error::IndexOutOfBounds {
            kernel,
            array,
            index: i,
            len,
        })?;
        update(slot, l)?;
    }
    Ok(())
}

/// `src[index.lane(l)]` for each active lane `l` (a gather at indices computed lane by
/// lane), zero in the other lanes; an active lane's index outside `src` is the error
/// naming `kernel`, `array` and the index.
#[inline(always)]
pub fn gather_at<V: Vector>(
    token: V::Token,
    kernel: &'static str,
    array: &'static str,
    src: &[V::Elem],
    index: Indices,
    valid: usize,
    active: Option<V::Mask>,
) -> Result<V, Error> {
    map::<V>(token, valid, active, |l| {
        let i = index.0[l];
        src.get(i).copied().ok_or(Error::IndexOutOfBounds {
            kernel,
            array,
            index: i,
            len: src.len(),
        })
    })
}
