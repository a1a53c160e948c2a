//! Loop skeletons as generic code: the order in which a pass visits the vectors of one
//! chunk, and the accumulators of the fixed-order reductions. Generated code supplies
//! what happens at each vector (a closure); the order lives here once, where it can be
//! read and tested, as Highway's `contrib/unroller` keeps its skeletons in the library.
//!
//! # The fixed order
//!
//! A pass over `lo..hi` (one [`crate::parallel::CHUNK`]) visits vectors of `LANES`
//! elements from `lo`, counting them `j = 0, 1, 2, ...`; vector `j` goes to accumulator
//! slot `j % UNROLL`:
//! - in groups of [`UNROLL`] vectors (slots `0..UNROLL`, announced by [`Visit::Group`], so
//!   a closure can take its slices once per group);
//! - with `cascade` (a pass holding a sum), the groups come in blocks of [`BLOCK`], each
//!   ended by [`Visit::BlockEnd`] (fold the slots into the second level), while a whole
//!   block fits; then groups while a group fits;
//! - then single vectors (slots `0, 1, 2`), then one partial vector (`valid < LANES`)
//!   in the next slot.
//!
//! Slot `u` then holds the vectors `j ≡ u (mod UNROLL)` in order, which is what makes a
//! sum's rounding the same in every variant and at every thread count ([`Accumulators`]
//! combines the slots as `(a0 ∘ a1) ∘ (a2 ∘ a3)`, then the lanes pairwise). This is the
//! order `kernelize-codegen`'s `backend::kernel` documents and emits today; the tests in
//! `tests/loops.rs` check the two agree bit for bit.

use crate::simd::{Element, Mask, Vector};

/// Vectors per unrolled group: accumulator slots per reduction.
pub const UNROLL: usize = 4;

/// Groups per block of a cascaded sum: each slot adds at most `BLOCK` vectors before its
/// partial is folded into the second-level accumulator.
pub const BLOCK: usize = 32;

/// One step of a pass, in the fixed order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    /// A group of [`UNROLL`] full vectors starts at this index (the next `UNROLL` visits
    /// are its vectors, slots `0..UNROLL`).
    Group(usize),
    /// The vector at `at`, its first `valid` lanes in the range (`valid == LANES` but for
    /// the last), going to accumulator slot `slot`.
    Vector {
        /// Accumulator slot, `0..UNROLL`.
        slot: usize,
        /// Index of the vector's first element.
        at: usize,
        /// Lanes in range.
        valid: usize,
        /// `true` inside a group (after its [`Visit::Group`]).
        grouped: bool,
    },
    /// A block of a cascaded pass ended: fold the slots into the second level.
    BlockEnd,
    /// A block of a cascaded pass starts, covering `at..end` (the chunk's last block,
    /// after the whole ones, runs to the chunk's end): where an online normaliser takes
    /// the block's maximum before its terms ([`crate::lanes::OnlineSum`]).
    BlockStart {
        /// The block's first index.
        at: usize,
        /// Its end (exclusive).
        end: usize,
    },
}

/// What [`fixed_order`] calls at each step, one method per kind of visit: each is called
/// from one place in the skeleton, so a visitor's code for vectors is inlined where
/// vectors are visited only (a single closure taking every [`Visit`] is a copy of all its
/// arms at every place, which slows compiling many-fold).
pub trait Visitor {
    /// [`Visit::Group`].
    fn group(&mut self, at: usize);
    /// [`Visit::Vector`].
    fn vector(&mut self, slot: usize, at: usize, valid: usize, grouped: bool);
    /// [`Visit::BlockStart`].
    fn block_start(&mut self, at: usize, end: usize);
    /// [`Visit::BlockEnd`].
    fn block_end(&mut self);
}

/// A closure taking every [`Visit`] is a visitor (the tests' and small users' form).
impl<F: FnMut(Visit)> Visitor for F {
    #[inline(always)]
    fn group(&mut self, at: usize) {
        self(Visit::Group(at));
    }
    #[inline(always)]
    fn vector(&mut self, slot: usize, at: usize, valid: usize, grouped: bool) {
        self(Visit::Vector {
            slot,
            at,
            valid,
            grouped,
        });
    }
    #[inline(always)]
    fn block_start(&mut self, at: usize, end: usize) {
        self(Visit::BlockStart { at, end });
    }
    #[inline(always)]
    fn block_end(&mut self) {
        self(Visit::BlockEnd);
    }
}

/// Visits the vectors of `lo..hi` in the fixed order (module docs), `lanes` to a vector.
/// `#[inline(always)]`: the visitor must inline into the tier's frame with constant slots.
///
/// Each method of the visitor is called from one place: the unrolled group's vectors
/// (once per slot, constant slots), the vectors after the last group (slot and `valid`
/// known at run time), the group, the block start and the block end. Each place is a copy
/// of the caller's code once inlined, so fewer places compile faster; the vectors after
/// the groups are at most `UNROLL` per chunk, so their run-time slot costs nothing
/// measurable.
#[inline(always)]
pub fn fixed_order(lo: usize, hi: usize, lanes: usize, cascade: bool, mut visit: impl Visitor) {
    let group = UNROLL * lanes;
    let groups = (hi - lo) / group;
    // With `cascade`, the groups of every whole block form it; what follows them (groups,
    // single vectors, the partial one) is the chunk's last block.
    let blocked = if cascade { groups / BLOCK * BLOCK } else { 0 };
    let mut i = lo;
    let mut g = 0;
    loop {
        if cascade && g % BLOCK == 0 && g <= blocked {
            let end = if g < blocked { i + BLOCK * group } else { hi };
            if i < end {
                visit.block_start(i, end);
            }
        }
        if g == groups {
            break;
        }
        visit.group(i);
        for slot in 0..UNROLL {
            visit.vector(slot, i + slot * lanes, lanes, true);
        }
        i += group;
        g += 1;
        if g <= blocked && g % BLOCK == 0 {
            visit.block_end();
        }
    }
    let mut slot = 0;
    while i < hi {
        visit.vector(slot, i, lanes.min(hi - i), false);
        i += lanes;
        slot += 1;
    }
}

/// A reduction's operation on vectors: its identity, how two partials combine, and how
/// the lanes of one combine.
pub trait Fold<V: Vector>: Copy {
    /// `true` for sums, which cascade (module docs).
    const CASCADE: bool;
    /// The identity, in every lane.
    fn identity(token: V::Token) -> V;
    /// `a ∘ b`.
    fn combine(a: V, b: V) -> V;
    /// The lanes of `v` combined pairwise in the fixed order.
    fn lanes(v: V) -> V::Elem;
}

/// `sum`: identity 0, cascaded.
#[derive(Clone, Copy, Debug)]
pub struct Sum;

/// `prod`: identity 1.
#[derive(Clone, Copy, Debug)]
pub struct Prod;

/// `max` (NaN propagates): identity −∞.
#[derive(Clone, Copy, Debug)]
pub struct Max;

/// `min` (NaN propagates): identity +∞.
#[derive(Clone, Copy, Debug)]
pub struct Min;

impl<V: Vector> Fold<V> for Sum {
    const CASCADE: bool = true;
    #[inline(always)]
    fn identity(token: V::Token) -> V {
        V::splat(token, V::Elem::ZERO)
    }
    #[inline(always)]
    fn combine(a: V, b: V) -> V {
        a.add(b)
    }
    #[inline(always)]
    fn lanes(v: V) -> V::Elem {
        v.reduce_sum()
    }
}

impl<V: Vector> Fold<V> for Prod {
    const CASCADE: bool = false;
    #[inline(always)]
    fn identity(token: V::Token) -> V {
        V::splat(token, V::Elem::ONE)
    }
    #[inline(always)]
    fn combine(a: V, b: V) -> V {
        a.mul(b)
    }
    #[inline(always)]
    fn lanes(v: V) -> V::Elem {
        v.reduce_prod()
    }
}

impl<V: Vector> Fold<V> for Max {
    const CASCADE: bool = false;
    #[inline(always)]
    fn identity(token: V::Token) -> V {
        V::splat(token, V::Elem::NEG_INFINITY)
    }
    #[inline(always)]
    fn combine(a: V, b: V) -> V {
        a.max(b)
    }
    #[inline(always)]
    fn lanes(v: V) -> V::Elem {
        v.reduce_max()
    }
}

impl<V: Vector> Fold<V> for Min {
    const CASCADE: bool = false;
    #[inline(always)]
    fn identity(token: V::Token) -> V {
        V::splat(token, V::Elem::INFINITY)
    }
    #[inline(always)]
    fn combine(a: V, b: V) -> V {
        a.min(b)
    }
    #[inline(always)]
    fn lanes(v: V) -> V::Elem {
        v.reduce_min()
    }
}

/// The accumulators of one reduction over one chunk: a slot per unrolled vector and, for
/// a cascaded sum, the second level.
#[derive(Clone, Copy, Debug)]
pub struct Accumulators<V, F> {
    slots: [V; UNROLL],
    blocks: [V; UNROLL],
    fold: F,
}

impl<V: Vector, F: Fold<V>> Accumulators<V, F> {
    /// Every slot at the identity (the second level at 0).
    #[inline(always)]
    pub fn new(token: V::Token, fold: F) -> Self {
        Accumulators {
            slots: [F::identity(token); UNROLL],
            blocks: [V::splat(token, V::Elem::ZERO); UNROLL],
            fold,
        }
    }

    /// Adds `x` into slot `slot`; of a partial vector only the first `valid` lanes count
    /// (the others are replaced by the identity).
    #[inline(always)]
    pub fn add(&mut self, slot: usize, x: V, valid: usize) {
        let x = below_valid(x, valid, F::identity(x.token()));
        // Constant indices in every arm: a slot chosen at run time (the vectors after the
        // last group) would otherwise keep all the slots in memory instead of registers.
        let at = |u: usize, slots: &mut [V; UNROLL]| slots[u] = F::combine(slots[u], x);
        match slot {
            0 => at(0, &mut self.slots),
            1 => at(1, &mut self.slots),
            2 => at(2, &mut self.slots),
            _ => at(3, &mut self.slots),
        }
    }

    /// Folds the slots into the second level and restarts them (a cascaded sum's block
    /// end); nothing for other reductions.
    #[inline(always)]
    pub fn end_block(&mut self) {
        if F::CASCADE {
            for u in 0..UNROLL {
                self.blocks[u] = self.blocks[u].add(self.slots[u]);
                self.slots[u] = V::splat(self.slots[u].token(), V::Elem::ZERO);
            }
        }
    }

    /// Multiplies every slot and the second level by `by` (an online normaliser's rescale
    /// when its running maximum grows).
    #[inline(always)]
    pub fn scale(&mut self, by: V) {
        for u in 0..UNROLL {
            self.slots[u] = self.slots[u].mul(by);
            self.blocks[u] = self.blocks[u].mul(by);
        }
    }

    /// The chunk's partial: the slots (the second level, for a sum) combined as
    /// `(a0 ∘ a1) ∘ (a2 ∘ a3)`, then the lanes.
    #[inline(always)]
    pub fn finish(mut self) -> V::Elem {
        let _ = self.fold;
        if F::CASCADE {
            self.end_block();
            let b = self.blocks;
            return F::lanes(F::combine(F::combine(b[0], b[1]), F::combine(b[2], b[3])));
        }
        let a = self.slots;
        F::lanes(F::combine(F::combine(a[0], a[1]), F::combine(a[2], a[3])))
    }
}

/// `x` in the lanes below `valid`, `fill` in the others (a partial vector's lanes past the
/// end of its range).
#[inline(always)]
pub fn below_valid<V: Vector>(x: V, valid: usize, fill: V) -> V {
    if valid >= V::LANES {
        return x;
    }
    let token = x.token();
    let limit = V::splat(token, V::Elem::from_f64(valid as f64));
    V::select(V::iota(token).lt(limit), x, fill)
}

/// One chunk's partial of the reduction `fold` of the vectors `value(at, valid)` gives
/// for the vectors of `lo..hi` (a partial vector's lanes past `valid` are ignored).
#[inline(always)]
pub fn reduce_chunk<V: Vector, F: Fold<V>>(
    token: V::Token,
    fold: F,
    lo: usize,
    hi: usize,
    mut value: impl FnMut(usize, usize) -> V,
) -> V::Elem {
    let mut acc = Accumulators::new(token, fold);
    // `#[inline(always)]` (legal on a closure in a tuple): a closure is a function of its
    // own, without the tier's target features, so out of line every vector operation in
    // it would be a call (measured: 33x slower). Closures given to the skeletons need it
    // too.
    let (visit,) = (
        #[inline(always)]
        |visit| match visit {
            Visit::Group(_) | Visit::BlockStart { .. } => {}
            Visit::Vector {
                slot, at, valid, ..
            } => acc.add(slot, value(at, valid), valid),
            Visit::BlockEnd => acc.end_block(),
        },
    );
    fixed_order(lo, hi, V::LANES, F::CASCADE, visit);
    acc.finish()
}

/// Loads a pass's input vectors in the fixed order: the vectors of each unrolled group from
/// slices taken once per group (constant offsets into them need no bounds checks), with
/// the group's lines [`crate::simd::PREFETCH_AHEAD_BYTES`] ahead prefetched; single and
/// partial vectors directly (the partial one filled with `fill`). What generated passes
/// call instead of writing their loads out.
#[derive(Debug)]
pub struct Streams<'a, T, const N: usize> {
    all: [&'a [T]; N],
    group: [&'a [T]; N],
    group_at: usize,
    fill: T,
}

impl<'a, T: Element, const N: usize> Streams<'a, T, N> {
    /// The pass's inputs, indexed like the pass.
    #[inline(always)]
    pub fn new(all: [&'a [T]; N], fill: T) -> Self {
        Streams {
            all,
            group: [&[]; N],
            group_at: 0,
            fill,
        }
    }

    /// At [`Visit::Group`]: takes the group's slices and prefetches ahead.
    #[inline(always)]
    pub fn start_group<V: Vector<Elem = T>>(&mut self, at: usize) {
        let width = UNROLL * V::LANES;
        for (slice, all) in self.group.iter_mut().zip(self.all) {
            crate::simd::prefetch(all, at, width);
            *slice = &all[at..at + width];
        }
        self.group_at = at;
    }

    /// The input vectors at `at` (`valid` lanes in range; `grouped` inside a group).
    #[inline(always)]
    pub fn load<V: Vector<Elem = T>>(
        &self,
        token: V::Token,
        at: usize,
        valid: usize,
        grouped: bool,
    ) -> [V; N] {
        // A loop, not `array::from_fn`: its closure would not inherit the tier's features.
        let mut out = [V::splat(token, self.fill); N];
        for (k, v) in out.iter_mut().enumerate() {
            *v = if grouped {
                V::load(token, &self.group[k][at - self.group_at..])
            } else {
                load_at(token, self.all[k], at, valid, self.fill)
            };
        }
        out
    }
}

/// One chunk's partial of the reduction `fold` of `value(inputs)` over the vectors of
/// `lo..hi`, the inputs loaded from `streams` ([`Streams`]).
#[inline(always)]
pub fn reduce_streams<V: Vector, F: Fold<V>, const N: usize>(
    token: V::Token,
    fold: F,
    lo: usize,
    hi: usize,
    streams: [&[V::Elem]; N],
    mut value: impl FnMut([V; N]) -> V,
) -> V::Elem {
    let mut acc = Accumulators::new(token, fold);
    let mut inputs = Streams::new(streams, V::Elem::ZERO);
    let (visit,) = (
        #[inline(always)]
        |visit| match visit {
            Visit::Group(at) => inputs.start_group::<V>(at),
            Visit::Vector {
                slot,
                at,
                valid,
                grouped,
            } => {
                let x = value(inputs.load::<V>(token, at, valid, grouped));
                acc.add(slot, x, valid)
            }
            Visit::BlockEnd => acc.end_block(),
            Visit::BlockStart { .. } => {}
        },
    );
    fixed_order(lo, hi, V::LANES, F::CASCADE, visit);
    acc.finish()
}

/// Loads the vector of `src` at `at` with `valid` lanes in range (the rest `fill`): the
/// load a closure given to [`reduce_chunk`] or [`fixed_order`] makes.
#[inline(always)]
pub fn load_at<V: Vector>(
    token: V::Token,
    src: &[V::Elem],
    at: usize,
    valid: usize,
    fill: V::Elem,
) -> V {
    if valid == V::LANES {
        V::load(token, &src[at..])
    } else {
        V::load_partial(token, &src[at..at + valid], fill)
    }
}

/// The first index in `lo..hi` where `hit(at, valid)` has a lane set (bit `i` of its
/// mask for element `at + i`; lanes past `valid` are ignored), vector by vector in order
/// ([`crate::lanes::first_hit`]).
#[inline(always)]
pub fn find_first<V: Vector>(
    lo: usize,
    hi: usize,
    mut hit: impl FnMut(usize, usize) -> V::Mask,
) -> Option<usize> {
    let at = crate::lanes::first_hit(lo, hi, V::LANES, |at, valid| Ok(hit(at, valid).bitmask()));
    (at < hi).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every index is visited once, in order, in the documented slots.
    #[test]
    fn the_order_covers_the_range_once() {
        for lanes in [1usize, 2, 4, 8, 16] {
            for cascade in [false, true] {
                for (lo, len) in [
                    (0usize, 0usize),
                    (3, 1),
                    (0, 63),
                    (5, 1000),
                    (0, 9000),
                    (7, 4096),
                ] {
                    let hi = lo + len;
                    let mut next = lo;
                    let mut j = 0usize;
                    let mut blocks = 0;
                    let mut starts = 0;
                    let mut block_end: Option<usize> = None;
                    let full_blocks = len / (lanes * UNROLL * BLOCK);
                    fixed_order(lo, hi, lanes, cascade, |v| match v {
                        Visit::Vector {
                            slot, at, valid, ..
                        } => {
                            assert_eq!(at, next);
                            assert_eq!(slot, j % UNROLL, "lanes {lanes}, at {at}");
                            next += valid;
                            j += 1;
                        }
                        Visit::Group(at) => assert_eq!(at, next),
                        Visit::BlockEnd => {
                            blocks += 1;
                            assert_eq!(j % (UNROLL * BLOCK), 0);
                            assert_eq!(Some(next), block_end.take(), "a block ends where it said");
                        }
                        Visit::BlockStart { at, end } => {
                            assert!(cascade && at == next && at < end && end <= hi);
                            assert_eq!(
                                j % (UNROLL * BLOCK),
                                0,
                                "a block starts after whole blocks"
                            );
                            assert_eq!(block_end, None, "the previous block ended");
                            starts += 1;
                            block_end = Some(end).filter(|&e| e < hi || blocks < full_blocks);
                        }
                    });
                    assert_eq!(next, hi);
                    assert_eq!(blocks, if cascade { full_blocks } else { 0 });
                    // Every whole block starts, and so does the rest after them, if any.
                    let rest = lo + full_blocks * lanes * UNROLL * BLOCK < hi;
                    let want = if cascade {
                        full_blocks + usize::from(rest)
                    } else {
                        0
                    };
                    assert_eq!(starts, want, "lanes {lanes}, len {len}");
                }
            }
        }
    }
}
