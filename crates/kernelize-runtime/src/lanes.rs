//! What a `prange` body compiled onto SIMD lanes calls: loads and stores of one vector of
//! iterations, checked against the array's length (an index out of bounds in an active
//! lane is the kernel's error naming the array and the index, as in the one-at-a-time
//! code), the loop index as a vector of floats, and the reductions Python's `max`/`min`
//! make.
//!
//! A vector of iterations is `valid` consecutive values of the loop index from `at`
//! (`valid < LANES` only for a chunk's last vector); an access at `i + c` reads lanes
//! `at + c + l` for `l < valid`. Lanes a branch does not take are inactive: they load
//! nothing and store nothing, so an index that only an inactive lane would use is no
//! error (`if i > 0 { x[i - 1] }`).
//!
//! What runs one lane at a time (integers that vary, calls, a histogram's scatter) is in
//! the module `lane_by_lane`; the online normaliser's partials in `online`.

use crate::error::Error;
use crate::inorder::Shared;
use crate::loops::Fold;
use crate::simd::{Element, Mask, Vector};

mod lane_by_lane;
mod online;

pub use lane_by_lane::{Indices, gather_at, lane_bit, map, map_mask, mask_from_bits, scatter};
pub use online::{OnlineSum, block_max, combine_online, online_total, rescale};

/// The most lanes a vector has (16 `f32` on AVX-512), with room to spare.
const MAX_LANES: usize = 64;

/// The lanes an [`Indices`] holds: the widest vector's (16 `f32` on AVX-512).
pub const INDEX_LANES: usize = 16;

/// The lanes of `mask` (bit `l` for lane `l`), every lane when `None`.
#[inline(always)]
fn bits<M: Mask>(mask: Option<M>) -> u64 {
    mask.map_or(u64::MAX, Mask::bitmask)
}

/// Loads `src[start + l]` for the lanes `l < valid` (the index wrapping as `usize`
/// arithmetic does); lanes past `valid` hold zero. When some lane's index is outside
/// `src`, only the lanes `active` holds are loaded (the others hold zero), and an
/// active lane outside is the error naming `kernel`, `array` and the first such index.
#[inline(always)]
pub fn load<V: Vector>(
    token: V::Token,
    kernel: &'static str,
    array: &'static str,
    src: &[V::Elem],
    start: usize,
    valid: usize,
    active: Option<V::Mask>,
) -> Result<V, Error> {
    if let Some(window) = src.get(start..).and_then(|s| s.get(..valid)) {
        return Ok(if valid == V::LANES {
            V::load(token, window)
        } else {
            V::load_partial(token, window, V::Elem::ZERO)
        });
    }
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    load_lanes(kernel, array, src, start, valid, bits(active), &mut lanes)?;
    Ok(V::load(token, &lanes[..V::LANES]))
}

/// Loads `src[(from as usize) + plus - minus]` (`as` saturating, the sum wrapping) for the
/// lanes `l < valid` that `active` holds, lane by lane (a gather); the other lanes hold
/// zero. An active lane's index outside `src` is the error naming `kernel`, `array` and
/// the index.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn gather<V: Vector>(
    token: V::Token,
    kernel: &'static str,
    array: &'static str,
    src: &[V::Elem],
    from: V,
    plus: usize,
    minus: usize,
    valid: usize,
    active: Option<V::Mask>,
) -> Result<V, Error> {
    let active = bits(active);
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(valid) {
        if active >> l & 1 == 0 {
            continue;
        }
        let i = (from.extract(l).to_f64() as usize)
            .wrapping_add(plus)
            .wrapping_sub(minus);
        *lane = *src.get(i).ok_or(Error::IndexOutOfBounds {
            kernel,
            array,
            index: i,
            len: src.len(),
        })?;
    }
    Ok(V::load(token, &lanes[..V::LANES]))
}

/// The slow path of [`load`]: lane by lane, only the active ones, checked.
#[cold]
#[inline(never)]
fn load_lanes<T: Copy>(
    kernel: &'static str,
    array: &'static str,
    src: &[T],
    start: usize,
    valid: usize,
    active: u64,
    lanes: &mut [T; MAX_LANES],
) -> Result<(), Error> {
    for (l, lane) in lanes.iter_mut().enumerate().take(valid) {
        if active >> l & 1 == 0 {
            continue;
        }
        let i = start.wrapping_add(l);
        *lane = *src.get(i).ok_or(Error::IndexOutOfBounds {
            kernel,
            array,
            index: i,
            len: src.len(),
        })?;
    }
    Ok(())
}

/// Loads the lanes `at..at + valid` of an array a `prange` writes at its own index (see
/// [`load`] for the lanes past `valid`, the inactive ones and the error).
///
/// # Safety
/// The caller's vector of iterations owns these elements: no other thread touches them
/// meanwhile (what [`Shared::new`]'s contract gives a `prange` whose iterations write
/// only at their own index).
#[inline(always)]
pub unsafe fn load_own<V: Vector>(
    token: V::Token,
    shared: &Shared<'_, V::Elem>,
    kernel: &'static str,
    array: &'static str,
    at: usize,
    valid: usize,
    active: Option<V::Mask>,
) -> Result<V, Error> {
    // SAFETY: forwarded to the caller.
    if let Some(window) = unsafe { shared.window(at, valid) } {
        return Ok(read(token, window, valid));
    }
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    // SAFETY: forwarded to the caller.
    unsafe {
        own_lanes(
            shared,
            kernel,
            array,
            at,
            valid,
            bits(active),
            &mut lanes,
            false,
        )
    }?;
    Ok(V::load(token, &lanes[..V::LANES]))
}

/// Stores the first `valid` lanes of `value` at `at..at + valid` of an array a `prange`
/// writes at its own index, where `active` holds (the other elements keep their values);
/// an active lane outside the array is the error naming the array and the index.
///
/// # Safety
/// As for [`load_own`].
#[inline(always)]
pub unsafe fn store_own<V: Vector>(
    shared: &Shared<'_, V::Elem>,
    kernel: &'static str,
    array: &'static str,
    at: usize,
    valid: usize,
    value: V,
    active: Option<V::Mask>,
) -> Result<(), Error> {
    // SAFETY: forwarded to the caller.
    if let Some(window) = unsafe { shared.window(at, valid) } {
        store(window, value, valid, active);
        return Ok(());
    }
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
        *lane = value.extract(l);
    }
    // SAFETY: forwarded to the caller.
    unsafe {
        own_lanes(
            shared,
            kernel,
            array,
            at,
            valid,
            bits(active),
            &mut lanes,
            true,
        )
    }
}

/// The slow path of [`load_own`] and [`store_own`]: the active lanes one by one, checked;
/// `write` stores `lanes` into the array, else it loads them from it.
///
/// # Safety
/// As for [`load_own`].
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn own_lanes<T: Copy>(
    shared: &Shared<'_, T>,
    kernel: &'static str,
    array: &'static str,
    at: usize,
    valid: usize,
    active: u64,
    lanes: &mut [T; MAX_LANES],
    write: bool,
) -> Result<(), Error> {
    for (l, lane) in lanes.iter_mut().enumerate().take(valid) {
        if active >> l & 1 == 0 {
            continue;
        }
        let i = at.wrapping_add(l);
        // SAFETY: forwarded to the caller (element `i` is the vector's own).
        let done = unsafe {
            if write {
                shared.set(i, *lane)
            } else {
                shared.get(i).map(|v| *lane = v).is_some()
            }
        };
        if !done {
            return Err(Error::IndexOutOfBounds {
                kernel,
                array,
                index: i,
                len: shared.len(),
            });
        }
    }
    Ok(())
}

/// The elements `at..at + n` of an array a `prange` writes at its own index, for a chunk
/// of its iterations, or `None` past the end (the chunk then takes the checked path).
///
/// # Safety
/// The chunk's iterations own these elements: no other thread touches them while the
/// window lives (as for [`load_own`]).
#[inline(always)]
#[allow(clippy::mut_from_ref)]
pub unsafe fn own_window<'s, T: Copy>(
    shared: &'s Shared<'_, T>,
    at: usize,
    n: usize,
) -> Option<&'s mut [T]> {
    // SAFETY: forwarded to the caller.
    unsafe { shared.window(at, n) }
}

/// Stores the first `valid` lanes of `value` into `dst` (`valid` elements) where `active`
/// holds; the other elements keep their values.
#[inline(always)]
pub fn store<V: Vector>(dst: &mut [V::Elem], value: V, valid: usize, active: Option<V::Mask>) {
    let value = match active {
        Some(m) => V::select(m, value, read(value.token(), dst, valid)),
        None => value,
    };
    if valid == V::LANES {
        value.store(dst);
    } else {
        value.store_partial(dst);
    }
}

/// The first `valid` elements of `src` as a vector (zero past them).
#[inline(always)]
pub fn read<V: Vector>(token: V::Token, src: &[V::Elem], valid: usize) -> V {
    if valid == V::LANES {
        V::load(token, src)
    } else {
        V::load_partial(token, &src[..valid], V::Elem::ZERO)
    }
}

/// The loop index of each lane, `at + l`, as a float (rounded as `as` rounds).
#[inline(always)]
pub fn index<V: Vector>(token: V::Token, at: usize) -> V {
    // Below 2^24 every index and every sum of two is exact in `f32` (2^53 in `f64`).
    if at < (1 << 24) - V::LANES {
        return V::splat(token, V::Elem::from_f64(at as f64)).add(V::iota(token));
    }
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
        *lane = V::Elem::from_usize(at + l);
    }
    V::load(token, &lanes[..V::LANES])
}

/// A mask of every lane (`l < LANES`).
#[inline(always)]
pub fn all<V: Vector>(token: V::Token) -> V::Mask {
    let zero = V::splat(token, V::Elem::ZERO);
    zero.eq(zero)
}

/// `1` where `m` holds, `0` elsewhere (a `bool` cast to a float).
#[inline(always)]
pub fn ones<V: Vector>(token: V::Token, m: V::Mask) -> V {
    V::select(
        m,
        V::splat(token, V::Elem::ONE),
        V::splat(token, V::Elem::ZERO),
    )
}

/// Python's `max(a, b)` on every lane: `b` where `b > a`, else `a`.
#[inline(always)]
pub fn py_max<V: Vector>(a: V, b: V) -> V {
    V::select(b.gt(a), b, a)
}

/// Python's `min(a, b)` on every lane: `b` where `b < a`, else `a`.
#[inline(always)]
pub fn py_min<V: Vector>(a: V, b: V) -> V {
    V::select(b.lt(a), b, a)
}

/// The lanes of `v` combined pairwise in the fixed order (lane `i` with lane
/// `i + LANES/2`, halving), with `op`.
#[inline(always)]
fn fold_lanes<V: Vector>(v: V, op: impl Fn(V::Elem, V::Elem) -> V::Elem) -> V::Elem {
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
        *lane = v.extract(l);
    }
    crate::simd::reduce_pairwise_in(&mut lanes[..V::LANES], op)
}

/// `s = max(s, e)` (Python's `max`): identity −∞.
#[derive(Clone, Copy, Debug)]
pub struct PyMax;

/// `s = min(s, e)` (Python's `min`): identity +∞.
#[derive(Clone, Copy, Debug)]
pub struct PyMin;

impl<V: Vector> Fold<V> for PyMax {
    const CASCADE: bool = false;
    #[inline(always)]
    fn identity(token: V::Token) -> V {
        V::splat(token, V::Elem::NEG_INFINITY)
    }
    #[inline(always)]
    fn combine(a: V, b: V) -> V {
        py_max(a, b)
    }
    #[inline(always)]
    fn lanes(v: V) -> V::Elem {
        fold_lanes(v, crate::inorder::py_max)
    }
}

impl<V: Vector> Fold<V> for PyMin {
    const CASCADE: bool = false;
    #[inline(always)]
    fn identity(token: V::Token) -> V {
        V::splat(token, V::Elem::INFINITY)
    }
    #[inline(always)]
    fn combine(a: V, b: V) -> V {
        py_min(a, b)
    }
    #[inline(always)]
    fn lanes(v: V) -> V::Elem {
        fold_lanes(v, crate::inorder::py_min)
    }
}

/// `e` where `active` holds, the reduction's identity elsewhere: a reduction's update
/// under a branch.
#[inline(always)]
pub fn or_identity<V: Vector, F: Fold<V>>(e: V, active: Option<V::Mask>) -> V {
    match active {
        Some(m) => V::select(m, e, F::identity(e.token())),
        None => e,
    }
}

/// `b` in every lane.
#[inline(always)]
pub fn mask_of<V: Vector>(token: V::Token, b: bool) -> V::Mask {
    let m = all::<V>(token);
    if b { m } else { m.not() }
}

/// The lanes `l` where `cmp(start + l, other)` holds, for a comparison of the loop index
/// (plus or minus a uniform offset: `start` is lane 0's value, wrapped as `usize`
/// arithmetic wraps) with a uniform value: `fast` compares them as floats where that is
/// exact, `slow` as integers otherwise.
#[inline(always)]
pub fn index_mask<V: Vector>(
    token: V::Token,
    start: usize,
    other: usize,
    fast: impl Fn(V, V) -> V::Mask,
    slow: impl Fn(usize, usize) -> bool,
) -> V::Mask {
    // Below 2^24 every lane's index is exact in `f32`; a larger `other` rounds to at least
    // 2^24, which keeps every comparison's outcome.
    if start < (1 << 24) - V::LANES {
        let lanes = index::<V>(token, start);
        return fast(lanes, V::splat(token, V::Elem::from_usize(other)));
    }
    let mut lanes = [V::Elem::ZERO; MAX_LANES];
    for (l, lane) in lanes.iter_mut().enumerate().take(V::LANES) {
        if slow(start.wrapping_add(l), other) {
            *lane = V::Elem::ONE;
        }
    }
    V::load(token, &lanes[..V::LANES]).ne(V::splat(token, V::Elem::ZERO))
}

/// `true` if `m` holds in some lane below `valid`.
#[inline(always)]
pub fn any_in<M: Mask>(m: M, valid: usize) -> bool {
    m.bitmask() & lanes_below(valid) != 0
}

/// The bits of the lanes below `valid` in a [`Mask::bitmask`].
#[inline(always)]
fn lanes_below(valid: usize) -> u64 {
    if valid >= 64 {
        u64::MAX
    } else {
        (1 << valid) - 1
    }
}

/// One step of a chunk of a `prange` on lanes, in the fixed order
/// ([`crate::loops::fixed_order`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A vector of iterations: the loop index of its first lane (`at`), its offset in the
    /// chunk (`w`), the lanes in range (`valid`) and its accumulator slot.
    Vector {
        /// Lane 0's loop index.
        at: usize,
        /// Lane 0's position in the chunk.
        w: usize,
        /// Lanes in range (`LANES` but for the chunk's last vector).
        valid: usize,
        /// Accumulator slot, `0..loops::UNROLL`.
        slot: usize,
    },
    /// A block of a cascaded sum ended (`Accumulators::end_block`).
    BlockEnd,
    /// A block of a cascaded sum starts: its iterations are the chunk offsets `w..end`
    /// (where an online normaliser takes the block's maximum first, [`OnlineSum`]).
    BlockStart {
        /// The block's first chunk offset.
        w: usize,
        /// Its end (exclusive).
        end: usize,
    },
}

/// Runs `step` on the vectors of the chunk `range` of a `prange` whose first iteration
/// is `lo`, `lanes` to a vector, in the fixed order; the first error ends the chunk. The
/// blocks of the fixed order come only with `cascade` (a loop with a sum among its
/// reductions: [`crate::loops::Fold::CASCADE`]); without, the order of the vectors and
/// their slots is the same and no [`Step::BlockEnd`] comes. `#[inline(always)]`, and
/// `step` must be too: it has to inline into the tier's frame.
#[inline(always)]
pub fn each_vector(
    lo: usize,
    range: core::ops::Range<usize>,
    lanes: usize,
    cascade: bool,
    step: impl FnMut(Step) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut steps = Steps {
        lo,
        c0: range.start,
        step,
        err: None,
    };
    crate::loops::fixed_order(range.start, range.end, lanes, cascade, &mut steps);
    steps.err.map_or(Ok(()), Err)
}

/// The visitor [`each_vector`] runs: each visit one call of `step` (one place each, so
/// the generated body is inlined once per place), until the first error.
struct Steps<F> {
    lo: usize,
    c0: usize,
    step: F,
    err: Option<Error>,
}

impl<F: FnMut(Step) -> Result<(), Error>> crate::loops::Visitor for &mut Steps<F> {
    #[inline(always)]
    fn group(&mut self, _: usize) {}

    #[inline(always)]
    fn vector(&mut self, slot: usize, at: usize, valid: usize, _: bool) {
        if self.err.is_none() {
            let (at, w) = (self.lo + at, at - self.c0);
            if let Err(e) = (self.step)(Step::Vector { at, w, valid, slot }) {
                self.err = Some(e);
            }
        }
    }

    #[inline(always)]
    fn block_start(&mut self, at: usize, end: usize) {
        let (w, end) = (at - self.c0, end - self.c0);
        if self.err.is_none()
            && let Err(e) = (self.step)(Step::BlockStart { w, end })
        {
            self.err = Some(e);
        }
    }

    #[inline(always)]
    fn block_end(&mut self) {
        // Ending a block cannot fail.
        let _ = (self.step)(Step::BlockEnd);
    }
}

/// Runs `step` on the vectors of the chunk `range` in order, as [`each_vector`] does, for
/// a loop that reduces nothing into scalars: no accumulator slots to keep, so no unrolled
/// groups or blocks (each slot is 0), the body inlined twice (full vectors, the last
/// partial one) instead of once per position of the fixed order.
#[inline(always)]
pub fn each_vector_in_turn(
    lo: usize,
    range: core::ops::Range<usize>,
    lanes: usize,
    mut step: impl FnMut(Step) -> Result<(), Error>,
) -> Result<(), Error> {
    let (c0, end) = (range.start, range.end);
    let mut at = c0;
    while at + lanes <= end {
        step(Step::Vector {
            at: lo + at,
            w: at - c0,
            valid: lanes,
            slot: 0,
        })?;
        at += lanes;
    }
    if at < end {
        step(Step::Vector {
            at: lo + at,
            w: at - c0,
            valid: end - at,
            slot: 0,
        })?;
    }
    Ok(())
}

/// [`store`] at the loop's own index into the kernel's result, with a streaming
/// (non-temporal) store for a full vector when `stream` (the result is large and never
/// read back); a chunk that streamed ends with [`Vector::stream_fence`].
#[inline(always)]
pub fn store_result<V: Vector>(
    dst: &mut [V::Elem],
    value: V,
    valid: usize,
    active: Option<V::Mask>,
    stream: bool,
) {
    if stream && valid == V::LANES && active.is_none() {
        value.store_stream(dst);
    } else {
        store(dst, value, valid, active);
    }
}

/// The first index in `lo..end` where `hit(at, valid)` has a lane set (bit `l` of its mask
/// for index `at + l`; lanes past `valid` ignored), a vector of `lanes` indices at a time
/// in order, or `end`. A vector whose `hit` fails gives its first index: a search's guard,
/// which leaves that vector to the in-order code (`for` loops that search, on lanes).
#[inline(always)]
pub fn first_hit(
    lo: usize,
    end: usize,
    lanes: usize,
    mut hit: impl FnMut(usize, usize) -> Result<u64, Error>,
) -> usize {
    let mut at = lo;
    while at < end {
        let valid = lanes.min(end - at);
        let Ok(bits) = hit(at, valid) else {
            return at;
        };
        let bits = bits & lanes_below(valid);
        if bits != 0 {
            return at + bits.trailing_zeros() as usize;
        }
        at += lanes;
    }
    end
}
