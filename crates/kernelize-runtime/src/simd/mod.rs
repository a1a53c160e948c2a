//! The lane vocabulary that generated code and the math library are written in, once,
//! generic over an instruction-set tier.
//!
//! A tier is a zero-sized *token* type implementing [`Simd`]. A token can only be had from
//! [`Simd::detect`] (or, unsafely, by code that has already proved the CPU has the
//! features), so a vector value's existence proves its instructions may run: constructors
//! take the token, operations on existing vectors need none. Each tier's instantiation of
//! a kernel sits inside a `#[target_feature]` function so that everything inlines.
//!
//! Inside `with_simd`, call vector code and the math functions directly (or through
//! `#[inline(always)]` functions and macros). Passing one as a value (`math::exp::<V>` as an
//! `impl Fn`) or wrapping it in a closure that does not inline runs it in a function compiled
//! *without* the tier's features, where every intrinsic becomes a call: measured ≈ 50×
//! slower.
//!
//! Adding a tier is one module implementing [`Simd`] and [`Vector`] plus one entry in
//! [`crate::Tier`] and in the `for_each_tier!` list.

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
mod avx512;
mod scalar;
mod wide;
mod x86;

#[cfg(target_arch = "x86_64")]
pub use avx2::{Avx2F32, Avx2F64, Avx2Mask32, Avx2Mask64, Avx2Tier};
#[cfg(target_arch = "x86_64")]
pub use avx512::{Avx512F32, Avx512F64, Avx512Mask8, Avx512Mask16, Avx512Tier};
pub use scalar::{One, ScalarTier};
pub use wide::{WideF32, WideF64, WideMask32, WideMask64, WideTier};

use core::fmt::Debug;
use core::ops::{Add, Div, Mul, Neg, Sub};

use crate::Tier;

/// An array element type the SIMD code computes in: `f32` or `f64`.
pub trait Element:
    Copy
    + Send
    + Sync
    + Debug
    + Default
    + PartialOrd
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + crate::math::MathElement
{
    /// 0
    const ZERO: Self;
    /// 1
    const ONE: Self;
    /// +∞
    const INFINITY: Self;
    /// −∞
    const NEG_INFINITY: Self;
    /// A quiet NaN.
    const NAN: Self;
    /// Converts (rounding) from `f64`.
    fn from_f64(x: f64) -> Self;
    /// Converts to `f64` (exact).
    fn to_f64(self) -> f64;
    /// `true` if NaN.
    fn is_nan(self) -> bool;
    /// Converts (rounding, as `as` does) from `usize`.
    fn from_usize(x: usize) -> Self;
}

impl Element for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const INFINITY: Self = f64::INFINITY;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;
    const NAN: Self = f64::NAN;
    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    #[inline(always)]
    fn from_usize(x: usize) -> Self {
        x as f64
    }
}

impl Element for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const INFINITY: Self = f32::INFINITY;
    const NEG_INFINITY: Self = f32::NEG_INFINITY;
    const NAN: Self = f32::NAN;
    #[inline(always)]
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    #[inline(always)]
    fn from_usize(x: usize) -> Self {
        x as f32
    }
}

/// Combines the lanes of `a` pairwise in the documented fixed order: lane `i` with lane
/// `i + N/2`, halving until one is left. Every tier's horizontal reductions go through
/// here so that the order is the same code everywhere.
#[inline(always)]
pub(crate) fn reduce_pairwise<T: Copy, const N: usize>(mut a: [T; N], op: impl Fn(T, T) -> T) -> T {
    reduce_pairwise_in(&mut a, op)
}

/// [`reduce_pairwise`] of the values in `a` (a power of two of them), combined in place.
#[inline(always)]
pub(crate) fn reduce_pairwise_in<T: Copy>(a: &mut [T], op: impl Fn(T, T) -> T) -> T {
    let mut len = a.len();
    while len > 1 {
        let half = len / 2;
        for i in 0..half {
            a[i] = op(a[i], a[i + half]);
        }
        len = half;
    }
    a[0]
}

/// [`Vector::max`] on scalars: NaN if either is NaN, and of two zeros +0 unless both are
/// −0. The scalar tier's `max` and every tier's `reduce_max`.
#[inline(always)]
pub(crate) fn nan_max<T: Element>(a: T, b: T) -> T {
    // Equal non-zero values are the same bits; of equal zeros `a` is the answer when it is
    // +0, `b` (whichever zero it is) when `a` is −0. `to_f64` is exact, sign of zero
    // included.
    if a.is_nan() || b.is_nan() {
        T::NAN
    } else if a > b || (a == b && !a.to_f64().is_sign_negative()) {
        a
    } else {
        b
    }
}

/// [`Vector::min`] on scalars: NaN if either is NaN, and of two zeros −0 unless both are
/// +0. The scalar tier's `min` and every tier's `reduce_min`.
#[inline(always)]
pub(crate) fn nan_min<T: Element>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::NAN
    } else if a < b || (a == b && a.to_f64().is_sign_negative()) {
        a
    } else {
        b
    }
}

/// A table of 16 value pairs `(hi[j], lo[j])` in both layouts, so that each tier reads the
/// one its instructions suit: AVX-512 holds `hi` and `lo` in registers and permutes, AVX2
/// loads each lane's pair with one 16-byte load.
#[derive(Debug)]
pub struct PairTable16<E> {
    /// The first values.
    pub hi: [E; 16],
    /// The second values.
    pub lo: [E; 16],
    /// `[hi[j], lo[j]]` at `j`.
    pub pairs: [[E; 2]; 16],
}

impl<E: Copy> PairTable16<E> {
    /// Both layouts of the pairs `(hi[j], lo[j])`.
    pub const fn new(hi: [E; 16], lo: [E; 16]) -> Self {
        let mut pairs = [[hi[0], lo[0]]; 16];
        let mut j = 1;
        while j < 16 {
            pairs[j] = [hi[j], lo[j]];
            j += 1;
        }
        PairTable16 { hi, lo, pairs }
    }
}

/// How far ahead of the element being computed kernels prefetch their inputs, in bytes.
///
/// A pass that computes a math function per element (softmax's `exp` passes) takes long
/// enough per cache line that the out-of-order window covers only a few lines of loads,
/// and the hardware prefetchers fell behind: `sum(exp(z))` over 10^8 `f64` at AVX-512 on
/// one thread took 114–116 ms without software prefetch and 74–77 ms prefetching 8 KiB
/// ahead (78–80 ms at 2 KiB, 80–95 ms at 32 KiB), against 63 ms for the same work in L2
/// (Intel Xeon, 2 cores, 2026-12-01; 2 threads: 59–66 ms against 38–47 ms).
pub const PREFETCH_AHEAD_BYTES: usize = 8192;

/// Asks for the cache lines of `src[at..at + len]`, [`PREFETCH_AHEAD_BYTES`] further on,
/// to be brought into the L1 cache (`prefetcht0` on x86-64, one per 64-byte line; a no-op
/// elsewhere). Addresses past the end of `src` are harmless: a prefetch never faults and
/// nothing is read into the program.
#[inline(always)]
pub fn prefetch<T>(src: &[T], at: usize, len: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        let size = core::mem::size_of::<T>();
        let start = src
            .as_ptr()
            .cast::<i8>()
            .wrapping_add(at * size + PREFETCH_AHEAD_BYTES);
        let mut off = 0;
        while off < len * size {
            // SAFETY: `prefetcht0` is SSE, part of every x86-64 CPU; it reads nothing into
            // the program and does not fault on any address.
            unsafe {
                core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
                    start.wrapping_add(off),
                )
            };
            off += 64;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (src, at, len);
}

/// An instruction-set tier, as a zero-sized token proving the CPU supports it.
///
/// # Safety
/// An implementor guarantees that a value of the type exists only when the CPU supports
/// every instruction its vectors use.
pub unsafe trait Simd: Copy + Send + Sync + Debug + 'static {
    /// Which tier this is.
    const TIER: Tier;
    /// `f64` lanes.
    type F64: Vector<Token = Self, Elem = f64>;
    /// `f32` lanes.
    type F32: Vector<Token = Self, Elem = f32>;
    /// The token, if this CPU supports the tier.
    fn detect() -> Option<Self>;
    /// Runs `op` inside a function compiled for this tier's instruction set
    /// (`#[target_feature]`), so that `op`'s `#[inline(always)]` code inlines into it.
    fn vectorize<Op: WithSimd>(self, op: Op) -> Op::Output;
}

/// Runs `op` at a portable tier (scalar, wide). On x86-64 CPUs with FMA and SSE4.1 it runs
/// in a frame compiled for them, so that `f64::mul_add`, `floor` and `round_ties_even`
/// are single instructions instead of libm calls (≈ 10× faster math); the results are
/// bit-identical because those operations are exact either way.
#[inline(always)]
pub(crate) fn run_portable<S: Simd, Op: WithSimd>(s: S, op: Op) -> Op::Output {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "fma,sse4.1")]
        #[inline]
        fn with_fma<S: Simd, Op: WithSimd>(s: S, op: Op) -> Op::Output {
            op.with_simd(s)
        }
        if is_x86_feature_detected!("fma") && is_x86_feature_detected!("sse4.1") {
            // SAFETY: both features were just detected.
            return unsafe { with_fma(s, op) };
        }
    }
    op.with_simd(s)
}

/// A computation written once, generic over the tier: what generated kernels implement.
/// Mark `with_simd` `#[inline(always)]` so it inlines into the tier's `#[target_feature]`
/// function (the pattern of the `pulp` crate).
pub trait WithSimd {
    /// The result.
    type Output;
    /// Runs at tier `S`.
    fn with_simd<S: Simd>(self, simd: S) -> Self::Output;
}

/// Elementwise comparison results of a [`Vector`].
pub trait Mask: Copy + Debug + Send + Sync + 'static {
    /// Lane-wise and.
    fn and(self, other: Self) -> Self;
    /// Lane-wise or.
    fn or(self, other: Self) -> Self;
    /// Lane-wise not.
    fn not(self) -> Self;
    /// Bit `i` set when lane `i` is true (at most 64 lanes).
    fn bitmask(self) -> u64;
    /// Any lane true.
    #[inline(always)]
    fn any(self) -> bool {
        self.bitmask() != 0
    }
}

/// A vector of `LANES` elements of one tier.
///
/// Loads and stores take slices: a full load or store needs `LANES` elements (a shorter
/// slice panics; `chunks_exact(LANES)` lets the compiler drop the check), a partial one
/// takes fewer and touches only those. Every operation is elementwise unless its name
/// says otherwise; horizontal reductions combine lanes in a fixed pairwise order
/// (lane `i` with lane `i + LANES/2`, halving), so results never depend on anything but
/// the data and the tier.
pub trait Vector: Copy + Debug + Send + Sync + 'static {
    /// The tier's token.
    type Token: Simd;
    /// Element type.
    type Elem: Element;
    /// Comparison result.
    type Mask: Mask;
    /// Number of lanes.
    const LANES: usize;
    /// [`Vector::scale_by_pow2`] costs no more than scaling the normal range by
    /// [`Vector::add_shifted_bits`] (one instruction on AVX-512), so the math library need
    /// not test for lanes out of that range.
    const FAST_SCALE: bool = false;

    /// All lanes `x`.
    fn splat(token: Self::Token, x: Self::Elem) -> Self;
    /// Lanes `0, 1, 2, ...`.
    fn iota(token: Self::Token) -> Self;
    /// Loads `LANES` elements from the front of `src` (panics if shorter).
    fn load(token: Self::Token, src: &[Self::Elem]) -> Self;
    /// Loads `src.len() < LANES` elements; the other lanes are `fill`.
    fn load_partial(token: Self::Token, src: &[Self::Elem], fill: Self::Elem) -> Self;
    /// Stores `LANES` elements to the front of `dst` (panics if shorter).
    fn store(self, dst: &mut [Self::Elem]);
    /// Stores the first `dst.len() < LANES` lanes.
    fn store_partial(self, dst: &mut [Self::Elem]);
    /// Stores `LANES` elements to the front of `dst` (panics if shorter) as a non-temporal
    /// (streaming) store where the tier has one and `dst`'s alignment allows it: the cache
    /// line is written without being read first and is not kept in the caches. For outputs
    /// much larger than the last-level cache that nobody reads back soon; elsewhere a plain
    /// [`store`](Vector::store) (the default). Call [`stream_fence`](Vector::stream_fence)
    /// on the same thread after the last streaming store and before the data is read (by
    /// any thread) or the thread hands its work back.
    #[inline(always)]
    fn store_stream(self, dst: &mut [Self::Elem]) {
        self.store(dst)
    }
    /// Orders this thread's earlier [`store_stream`](Vector::store_stream)s before its later
    /// memory accesses (`sfence` on x86-64), so that other threads, once synchronised with
    /// this one, see the data. A no-op on tiers whose `store_stream` is a plain store.
    #[inline(always)]
    fn stream_fence(token: Self::Token) {
        let _ = token;
    }
    /// The token of this vector's tier (a vector's existence proves it).
    fn token(self) -> Self::Token;

    /// `self + o`
    fn add(self, o: Self) -> Self;
    /// `self - o`
    fn sub(self, o: Self) -> Self;
    /// `self * o`
    fn mul(self, o: Self) -> Self;
    /// `self / o`
    fn div(self, o: Self) -> Self;
    /// `-self`
    fn neg(self) -> Self;
    /// `self * b + c` with one rounding (fused), on every tier.
    fn mul_add(self, b: Self, c: Self) -> Self;

    /// `self < o`
    fn lt(self, o: Self) -> Self::Mask;
    /// `self <= o`
    fn le(self, o: Self) -> Self::Mask;
    /// `self > o`
    fn gt(self, o: Self) -> Self::Mask;
    /// `self >= o`
    fn ge(self, o: Self) -> Self::Mask;
    /// `self == o`
    fn eq(self, o: Self) -> Self::Mask;
    /// `self != o` (true for NaN lanes)
    fn ne(self, o: Self) -> Self::Mask;
    /// Lanes that are NaN.
    fn is_nan(self) -> Self::Mask;
    /// `m ? a : b` per lane.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;

    /// NumPy `maximum` (the kernel language's `maximum`, `x.max(y)`, the lower bound of
    /// `clip`, and the `max` reduction's combining step): a NaN if either lane is NaN
    /// (which NaN is unspecified), otherwise the larger lane, where +0 counts as larger
    /// than −0. So `max(-0.0, 0.0) == max(0.0, -0.0) == +0.0` on every tier, bit for bit.
    ///
    /// Why +0 above −0: NumPy has no one answer for two zeros, so there is none to copy. It
    /// returns whatever its loop's instruction does: NumPy 2.4.6 on x86-64 with AVX-512
    /// gives the second argument (`maximum(-0.0, 0.0)` is +0, `maximum(0.0, -0.0)` −0, for
    /// scalars and arrays of every length alike), its maintainers described the first
    /// winning on builds without AVX-512 (numpy/numpy#20131), ARM's `fmax` instruction
    /// gives +0 either way, and the sign of NumPy's `max` reduction of mixed zeros depends
    /// on where they sit and on the length. A rule that depends on the operands' order
    /// would also make our reductions differ between tiers with different lane counts.
    /// IEEE 754-2019 `maximum` (C23 `fmaximum`, Java's `Math.max`, WebAssembly's `max`) is
    /// commutative and associative: a reduction's result depends only on the values.
    fn max(self, o: Self) -> Self;
    /// NumPy `minimum`: a NaN if either lane is NaN, otherwise the smaller lane, where −0
    /// counts as smaller than +0 (`min(-0.0, 0.0) == min(0.0, -0.0) == -0.0`), for the
    /// reasons given at [`Vector::max`].
    fn min(self, o: Self) -> Self;
    /// `self` clamped to `[lo, hi]`, NaN lanes staying NaN, for `lo` and `hi` neither NaN
    /// nor zero (the math library's bounds). A lane equal to such a bound has its bits, so
    /// every tier gives the same answer; the x86 tiers' two-instruction clamp does not
    /// order −0 below +0 as [`Vector::max`] does (`clip` goes through `max` and `min`).
    #[inline(always)]
    fn clamp(self, lo: Self, hi: Self) -> Self {
        self.max(lo).min(hi)
    }
    /// `self` raised to at least `lo`, NaN lanes staying NaN, for `lo` neither NaN nor
    /// zero: [`Vector::clamp`] without an upper bound.
    #[inline(always)]
    fn at_least(self, lo: Self) -> Self {
        self.max(lo)
    }
    /// Lanes whose magnitude is non-zero and below `lo`, or above `hi` (NaN lanes are
    /// neither): where [`crate::math::Divisor`]'s fast path does not hold.
    #[inline(always)]
    fn magnitude_outside(self, lo: Self, hi: Self) -> Self::Mask {
        let m = self.abs();
        let zero = Self::splat(self.token(), Self::Elem::ZERO);
        m.lt(lo).and(m.ne(zero)).or(m.gt(hi))
    }
    /// Absolute value (clears the sign bit).
    fn abs(self) -> Self;
    /// Correctly rounded square root.
    fn sqrt(self) -> Self;
    /// Round toward −∞.
    fn floor(self) -> Self;
    /// Round toward +∞.
    fn ceil(self) -> Self;
    /// Round to nearest, ties to even.
    fn round(self) -> Self;

    /// Sum of the lanes, pairwise in the fixed order.
    fn reduce_sum(self) -> Self::Elem;
    /// Product of the lanes, pairwise in the fixed order.
    fn reduce_prod(self) -> Self::Elem;
    /// Largest lane as [`Vector::max`] orders them (+0 above −0); NaN if any lane is NaN.
    /// That order makes the result independent of how lanes are combined.
    fn reduce_max(self) -> Self::Elem;
    /// Smallest lane as [`Vector::min`] orders them (−0 below +0); NaN if any lane is NaN.
    fn reduce_min(self) -> Self::Elem;
    /// Lane `i` as a scalar.
    fn extract(self, i: usize) -> Self::Elem;

    // Bit-level helpers the math library is written in. They hide the integer lanes so
    // that a tier needs no second vector type; each has a portable meaning and a tier
    // may implement it with whatever instruction does that fastest.

    /// `2^self` for lanes holding integers in the normal exponent range
    /// (`[-1022, 1023]` for `f64`, `[-126, 127]` for `f32`), built from the bits.
    /// Other lanes give an unspecified value.
    fn pow2i(self) -> Self;

    /// `self * 2^n` for integer-valued `n`, rounded once, with overflow to ±∞ and gradual
    /// underflow (`ldexp`; `vscalefpd` on AVX-512). Exact for every `n` when the result is
    /// normal and `self` is normal; `n` beyond ±2·(exponent range) saturates.
    #[inline(always)]
    fn scale_by_pow2(self, n: Self) -> Self {
        // Two steps so each factor is a normal power of two: the first product is exact,
        // the second rounds once (also into the subnormal range).
        use crate::math::MathElement as M;
        let tok = self.token();
        // `clamp`, not `max` and `min`: the bounds are not zero, so no sign of zero is in
        // question, and on x86 it is two instructions.
        let n = n.clamp(
            Self::splat(
                tok,
                Self::Elem::from_f64(2.0 * <Self::Elem as M>::MIN_POW2I),
            ),
            Self::splat(
                tok,
                Self::Elem::from_f64(2.0 * <Self::Elem as M>::MAX_POW2I),
            ),
        );
        let n1 = n.mul(Self::splat(tok, Self::Elem::from_f64(0.5))).floor();
        let n2 = n.sub(n1);
        self.mul(n1.pow2i()).mul(n2.pow2i())
    }

    /// [`Vector::scale_by_pow2`] by `2^floor(n)`, for any finite `n`.
    #[inline(always)]
    fn scale_by_pow2_floor(self, n: Self) -> Self {
        self.scale_by_pow2(n.floor())
    }

    /// `floor(log2(|self|))` as a float, for normal finite non-zero lanes (the unbiased
    /// exponent field). Other lanes give an unspecified value.
    fn exponent(self) -> Self;

    /// `|self|` with its exponent replaced so that it lies in `[1, 2)`, for normal finite
    /// non-zero lanes. Other lanes give an unspecified value.
    fn mantissa(self) -> Self;

    /// `table[self]` per lane, for lanes holding an integer in `[0, 16)` (as a float).
    /// Any other lane reads some entry of `table` (never out of bounds).
    #[inline(always)]
    fn lookup16(self, table: &[Self::Elem; 16]) -> Self {
        // `j + 1.5·2^mantissa` holds `j` in its low mantissa bits: no float-to-int
        // conversion.
        let shift = <Self::Elem as crate::math::MathElement>::ROUND_SHIFT;
        self.add(Self::splat(self.token(), Self::Elem::from_f64(shift)))
            .lookup16_bits(table)
    }

    /// `table[b & 15]` per lane, where `b` is the lane's bit pattern as an unsigned
    /// integer. `exp` rounds `16x/ln2` by adding `1.5·2^mantissa`, which leaves the
    /// integer's low bits at the bottom of the sum's mantissa: this reads the table from
    /// them with no conversion.
    fn lookup16_bits(self, table: &[Self::Elem; 16]) -> Self;

    /// `(table.hi[b & 15], table.lo[b & 15])` per lane, `b` as in [`Vector::lookup16_bits`].
    #[inline(always)]
    fn lookup16_pair_bits(self, table: &PairTable16<Self::Elem>) -> (Self, Self) {
        (self.lookup16_bits(&table.hi), self.lookup16_bits(&table.lo))
    }

    /// The float whose bit pattern is `bits(self) + (bits(s) << shift)` per lane, both as
    /// unsigned integers, wrapping (`shift` below the element's width). `exp` scales by
    /// `2^n` with it: the sum `s` of [`Vector::lookup16_bits`]'s rounding holds `k` in its
    /// low bits, and shifting them into the exponent field adds `k` to the exponent of
    /// `self`, an integer add and a shift instead of building `2^n` and multiplying.
    fn add_shifted_bits(self, s: Self, shift: u32) -> Self;

    /// The magnitude of `self` with the sign bit of `sign`.
    fn copysign(self, sign: Self) -> Self;

    /// Applies a scalar function to every lane: the math library's slow path for lanes
    /// outside a fast range.
    #[inline]
    fn map_lanes(self, f: impl Fn(Self::Elem) -> Self::Elem) -> Self {
        let mut buf = [Self::Elem::ZERO; 64];
        let buf = &mut buf[..Self::LANES];
        self.store(buf);
        for v in buf.iter_mut() {
            *v = f(*v);
        }
        Self::load(self.token(), buf)
    }
}
