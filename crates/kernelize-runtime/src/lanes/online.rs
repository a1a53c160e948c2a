//! The online normaliser on lanes (`sum(exp(a - max(a)))` beside `max(a)` in one pass,
//! Milakov & Gimelshein, 2018): a chunk's partial ([`OnlineSum`]), each block's maximum
//! taken first ([`block_max`]), the rescale when the running maximum grows ([`rescale`])
//! and the chunks' combination ([`combine_online`], [`online_total`]).

use crate::error::Error;
use crate::simd::{Element, Mask, Vector};

/// An online normaliser's chunk partial on lanes: `sum(exp(a - m))` over the chunk's
/// values `a` with `m` their maximum, in one pass (Milakov & Gimelshein, 2018). Each block
/// of the fixed order takes its maximum first ([`block_max`], then [`OnlineSum::grow`]),
/// so one running maximum serves every lane and a term's exponent is never positive; the
/// terms go into a cascaded sum's accumulators, rescaled together when the maximum grows.
#[derive(Clone, Copy, Debug)]
pub struct OnlineSum<V> {
    sums: crate::loops::Accumulators<V, crate::loops::Sum>,
    /// The running maximum, in every lane.
    max: V,
    /// What the terms subtract: the maximum, or 0 while it is −∞ (the terms are then
    /// `exp(−∞) = 0`, rescaled by 0 later).
    shift: V,
}

impl<V: Vector> OnlineSum<V> {
    /// Nothing summed, the maximum −∞.
    #[inline(always)]
    pub fn new(token: V::Token) -> Self {
        OnlineSum {
            sums: crate::loops::Accumulators::new(token, crate::loops::Sum),
            max: V::splat(token, V::Elem::NEG_INFINITY),
            shift: V::splat(token, V::Elem::ZERO),
        }
    }

    /// At a block's start: the running maximum grows to the block's `block_max`, the sum
    /// so far rescaled by `exp(m - new m)` once if it grew. The maximum is the same in every
    /// lane, so the factor is one number ([`rescale`], out of line).
    #[inline(always)]
    pub fn grow(&mut self, block_max: V::Elem)
    where
        crate::simd::One<V::Elem>: Vector<Elem = V::Elem, Token = crate::simd::ScalarTier>,
    {
        let token = self.max.token();
        let grown = self.max.max(V::splat(token, block_max));
        if grown.ne(self.max).any() {
            let factor = rescale(self.max.extract(0), grown.extract(0));
            self.sums.scale(V::splat(token, factor));
            self.max = grown;
            let neg_inf = V::splat(token, V::Elem::NEG_INFINITY);
            self.shift = V::select(grown.eq(neg_inf), V::splat(token, V::Elem::ZERO), grown);
        }
    }

    /// Adds the term `exp(a - m)` of the values `a` into slot `slot` (of a partial vector
    /// only the first `valid` lanes).
    #[inline(always)]
    pub fn add(&mut self, slot: usize, a: V, valid: usize) {
        let term = crate::math::exp_nonpositive(a.sub(self.shift));
        self.sums.add(slot, term, valid);
    }

    /// A cascaded block ended.
    #[inline(always)]
    pub fn end_block(&mut self) {
        self.sums.end_block();
    }

    /// The chunk's `(maximum, sum of exp(a - maximum))`.
    #[inline(always)]
    pub fn finish(self) -> (V::Elem, V::Elem) {
        (self.max.extract(0), self.sums.finish())
    }
}

/// `exp(m - grown)`, exactly 1 where the two are equal (so ±∞ never meets ∞ − ∞); the
/// exponent is never positive, `grown` being a maximum taken with `m`. One lane of the
/// math library's `exp` (bit-identical at every tier), out of line and run where the
/// scalar tier runs (with FMA where the CPU has it): a block's start and the chunks'
/// combination call it rarely, and inlined into every kernel at every tier it was a fifth
/// of a softmax crate's compile time.
#[inline(never)]
pub fn rescale<T: Element>(m: T, grown: T) -> T
where
    crate::simd::One<T>: Vector<Elem = T, Token = crate::simd::ScalarTier>,
{
    struct Rescale<T>(T, T);
    impl<T: Element> crate::simd::WithSimd for Rescale<T>
    where
        crate::simd::One<T>: Vector<Elem = T, Token = crate::simd::ScalarTier>,
    {
        type Output = T;
        #[inline(always)]
        fn with_simd<S: crate::simd::Simd>(self, _: S) -> T {
            let Rescale(m, grown) = self;
            if m == grown {
                return T::ONE;
            }
            crate::math::exp_nonpositive(crate::simd::One(m - grown)).0
        }
    }
    crate::simd::Simd::vectorize(crate::simd::ScalarTier, Rescale(m, grown))
}

/// Accumulators of a block's maximum (a maximum is exact in any order, so their number is
/// free; with 8 the NaN-propagating maximum does not wait on its own latency).
const MAX_SLOTS: usize = 8;

/// The maximum of `value(w, valid)` over the vectors of the chunk offsets `w..end`, `LANES`
/// to a vector (`valid < LANES` only for the last): an online normaliser's block maximum,
/// taken before the block's terms (from L1 afterwards). The first error ends it.
#[inline(always)]
pub fn block_max<V: Vector>(
    token: V::Token,
    w: usize,
    end: usize,
    mut value: impl FnMut(usize, usize) -> Result<V, Error>,
) -> Result<V::Elem, Error> {
    let neg_inf = V::splat(token, V::Elem::NEG_INFINITY);
    let mut q = [neg_inf; MAX_SLOTS];
    let mut at = w;
    while at + MAX_SLOTS * V::LANES <= end {
        for (u, qu) in q.iter_mut().enumerate() {
            *qu = qu.max(value(at + u * V::LANES, V::LANES)?);
        }
        at += MAX_SLOTS * V::LANES;
    }
    while at < end {
        let valid = V::LANES.min(end - at);
        let x = crate::loops::below_valid(value(at, valid)?, valid, neg_inf);
        q[0] = q[0].max(x);
        at += V::LANES;
    }
    let a = q[0].max(q[1]).max(q[2].max(q[3]));
    let b = q[4].max(q[5]).max(q[6].max(q[7]));
    Ok(a.max(b).reduce_max())
}

/// Two chunks' online partials `(m, s)` combined: `(max, sa·exp(ma − max) + sb·exp(mb −
/// max))` (the maximum NaN-propagating, as the lanes' `max`).
#[inline(always)]
pub fn combine_online<T: Element>(a: (T, T), b: (T, T)) -> (T, T)
where
    crate::simd::One<T>: Vector<Elem = T, Token = crate::simd::ScalarTier>,
{
    let m = crate::simd::One(a.0).max(crate::simd::One(b.0)).0;
    (m, a.1 * rescale(a.0, m) + b.1 * rescale(b.0, m))
}

/// The value of `sum(exp(a - max(a)))` from the combined partial: NaN where the maximum
/// is ±∞ (`exp(∞ − ∞)`), as the formula gives.
#[inline(always)]
pub fn online_total<T: Element>(total: (T, T)) -> (T, T) {
    if total.0.to_f64().is_infinite() {
        (total.0, T::NAN)
    } else {
        total
    }
}
