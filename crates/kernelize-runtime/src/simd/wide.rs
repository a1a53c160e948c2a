//! The portable tier: the `wide` crate's `f64x4` / `f32x8`. Its instruction set is fixed
//! when `wide` itself is compiled (SSE2 in a default x86-64 build, AVX2 or AVX-512 with
//! `-C target-cpu=...`), so it is the only SIMD tier on targets without runtime tiers and
//! fast there only in native builds. No `unsafe`: wide is safe code.

use wide::{CmpEq, CmpGe, CmpGt, CmpLe, CmpLt, f32x8, f64x4};

use super::{Mask, Simd, Vector, WithSimd, nan_max, nan_min, reduce_pairwise};
use crate::Tier;

/// Token of the portable `wide` tier; available everywhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct WideTier;

// SAFETY: wide's vectors use only the instructions it was compiled for, which this CPU runs
// (they are baseline for the build target).
unsafe impl Simd for WideTier {
    const TIER: Tier = Tier::Wide;
    type F64 = WideF64;
    type F32 = WideF32;
    #[inline(always)]
    fn detect() -> Option<Self> {
        Some(WideTier)
    }
    #[inline(always)]
    fn vectorize<Op: WithSimd>(self, op: Op) -> Op::Output {
        super::run_portable(self, op)
    }
}

/// Four `f64` lanes in a `wide::f64x4`.
#[derive(Clone, Copy, Debug)]
pub struct WideF64(pub f64x4);

/// Comparison result of [`WideF64`]: all-ones or all-zeros lanes.
#[derive(Clone, Copy, Debug)]
pub struct WideMask64(f64x4);

impl Mask for WideMask64 {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        WideMask64(self.0 & other.0)
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        WideMask64(self.0 | other.0)
    }
    #[inline(always)]
    fn not(self) -> Self {
        WideMask64(!self.0)
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        self.0.move_mask() as u64
    }
}

impl WideF64 {
    #[inline(always)]
    fn map_bits(self, f: impl Fn(u64) -> u64) -> Self {
        WideF64(f64x4::from(
            self.0.to_array().map(|x| f64::from_bits(f(x.to_bits()))),
        ))
    }
}

impl Vector for WideF64 {
    type Token = WideTier;
    type Elem = f64;
    type Mask = WideMask64;
    const LANES: usize = 4;

    #[inline(always)]
    fn splat(_: WideTier, x: f64) -> Self {
        WideF64(f64x4::splat(x))
    }
    #[inline(always)]
    fn iota(_: WideTier) -> Self {
        WideF64(f64x4::from([0.0, 1.0, 2.0, 3.0]))
    }
    #[inline(always)]
    fn load(_: WideTier, src: &[f64]) -> Self {
        let a: [f64; 4] = src[..4].try_into().unwrap_or_else(|_| unreachable!());
        WideF64(f64x4::from(a))
    }
    #[inline(always)]
    fn load_partial(_: WideTier, src: &[f64], fill: f64) -> Self {
        let mut a = [fill; 4];
        let n = src.len().min(4);
        a[..n].copy_from_slice(&src[..n]);
        WideF64(f64x4::from(a))
    }
    #[inline(always)]
    fn store(self, dst: &mut [f64]) {
        dst[..4].copy_from_slice(&self.0.to_array());
    }
    #[inline(always)]
    fn store_partial(self, dst: &mut [f64]) {
        let n = dst.len().min(4);
        dst[..n].copy_from_slice(&self.0.to_array()[..n]);
    }
    #[inline(always)]
    fn token(self) -> WideTier {
        WideTier
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        WideF64(self.0 + o.0)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        WideF64(self.0 - o.0)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        WideF64(self.0 * o.0)
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        WideF64(self.0 / o.0)
    }
    #[inline(always)]
    fn neg(self) -> Self {
        WideF64(self.0 ^ f64x4::splat(-0.0))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        if cfg!(target_feature = "fma") {
            WideF64(self.0.mul_add(b.0, c.0))
        } else {
            // Without FMA compiled in, wide's `mul_add` rounds twice; the math library's
            // error-free products need one rounding, so go lane by lane (libm's `fma`).
            let (a, b, c) = (self.0.to_array(), b.0.to_array(), c.0.to_array());
            WideF64(f64x4::from(core::array::from_fn::<f64, 4, _>(|i| {
                a[i].mul_add(b[i], c[i])
            })))
        }
    }

    #[inline(always)]
    fn lt(self, o: Self) -> WideMask64 {
        WideMask64(self.0.cmp_lt(o.0))
    }
    #[inline(always)]
    fn le(self, o: Self) -> WideMask64 {
        WideMask64(self.0.cmp_le(o.0))
    }
    #[inline(always)]
    fn gt(self, o: Self) -> WideMask64 {
        WideMask64(self.0.cmp_gt(o.0))
    }
    #[inline(always)]
    fn ge(self, o: Self) -> WideMask64 {
        WideMask64(self.0.cmp_ge(o.0))
    }
    #[inline(always)]
    fn eq(self, o: Self) -> WideMask64 {
        WideMask64(self.0.cmp_eq(o.0))
    }
    #[inline(always)]
    fn ne(self, o: Self) -> WideMask64 {
        // wide's `cmp_ne` is ordered (false on NaN) in AVX builds and unordered in SSE2
        // ones; `!eq` is unordered in both.
        WideMask64(!self.0.cmp_eq(o.0))
    }
    #[inline(always)]
    fn is_nan(self) -> WideMask64 {
        WideMask64(self.0.is_nan())
    }
    #[inline(always)]
    fn select(m: WideMask64, a: Self, b: Self) -> Self {
        WideF64(m.0.blend(a.0, b.0))
    }

    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // `a + b` is NaN exactly when one of them is.
        let nan = self.is_nan().or(o.is_nan());
        Self::select(nan, self.add(o), WideF64(self.0.fast_max(o.0)))
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        let nan = self.is_nan().or(o.is_nan());
        Self::select(nan, self.add(o), WideF64(self.0.fast_min(o.0)))
    }
    #[inline(always)]
    fn abs(self) -> Self {
        WideF64(self.0.abs())
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        WideF64(self.0.sqrt())
    }
    #[inline(always)]
    fn floor(self) -> Self {
        WideF64(self.0.floor())
    }
    #[inline(always)]
    fn ceil(self) -> Self {
        WideF64(self.0.ceil())
    }
    #[inline(always)]
    fn round(self) -> Self {
        // wide's SSE2 fallback rounds with the 2^52 trick, wrong for larger magnitudes,
        // which are integers already.
        let big = self.abs().ge(Self::splat(WideTier, 4503599627370496.0));
        // Its `x + m - m` also loses the sign of results that round to zero.
        Self::select(big, self, WideF64(self.0.round()).copysign(self))
    }

    #[inline(always)]
    fn reduce_sum(self) -> f64 {
        reduce_pairwise(self.0.to_array(), |a, b| a + b)
    }
    #[inline(always)]
    fn reduce_prod(self) -> f64 {
        reduce_pairwise(self.0.to_array(), |a, b| a * b)
    }
    #[inline(always)]
    fn reduce_max(self) -> f64 {
        reduce_pairwise(self.0.to_array(), nan_max)
    }
    #[inline(always)]
    fn reduce_min(self) -> f64 {
        reduce_pairwise(self.0.to_array(), nan_min)
    }
    #[inline(always)]
    fn extract(self, i: usize) -> f64 {
        self.0.to_array()[i]
    }

    #[inline(always)]
    fn pow2i(self) -> Self {
        // Adding 1.5·2^52 + bias puts `n + bias` in the low mantissa bits (no float-to-int
        // conversion, which has no vector instruction before AVX-512); shifting them up to
        // the exponent field makes 2^n.
        WideF64(self.0 + f64x4::splat(6755399441055744.0 + 1023.0)).map_bits(|b| b << 52)
    }
    #[inline(always)]
    fn exponent(self) -> Self {
        WideF64(f64x4::from(
            self.0
                .to_array()
                .map(|x| ((x.to_bits() >> 52) & 0x7ff) as f64 - 1023.0),
        ))
    }
    #[inline(always)]
    fn mantissa(self) -> Self {
        self.map_bits(|b| (b & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000)
    }
    #[inline(always)]
    fn lookup16(self, table: &[f64; 16]) -> Self {
        // `i + 2^52` holds the integer in its low mantissa bits: no float-to-int conversion.
        let biased = (self.0 + f64x4::splat(4503599627370496.0)).to_array();
        WideF64(f64x4::from(
            biased.map(|b| table[(b.to_bits() & 15) as usize]),
        ))
    }
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        WideF64(self.0.copysign(sign.0))
    }
}

/// Eight `f32` lanes in a `wide::f32x8`.
#[derive(Clone, Copy, Debug)]
pub struct WideF32(pub f32x8);

/// Comparison result of [`WideF32`]: all-ones or all-zeros lanes.
#[derive(Clone, Copy, Debug)]
pub struct WideMask32(f32x8);

impl Mask for WideMask32 {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        WideMask32(self.0 & other.0)
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        WideMask32(self.0 | other.0)
    }
    #[inline(always)]
    fn not(self) -> Self {
        WideMask32(!self.0)
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        self.0.move_mask() as u64
    }
}

impl WideF32 {
    #[inline(always)]
    fn map_bits(self, f: impl Fn(u32) -> u32) -> Self {
        WideF32(f32x8::from(
            self.0.to_array().map(|x| f32::from_bits(f(x.to_bits()))),
        ))
    }
}

impl Vector for WideF32 {
    type Token = WideTier;
    type Elem = f32;
    type Mask = WideMask32;
    const LANES: usize = 8;

    #[inline(always)]
    fn splat(_: WideTier, x: f32) -> Self {
        WideF32(f32x8::splat(x))
    }
    #[inline(always)]
    fn iota(_: WideTier) -> Self {
        WideF32(f32x8::from([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]))
    }
    #[inline(always)]
    fn load(_: WideTier, src: &[f32]) -> Self {
        let a: [f32; 8] = src[..8].try_into().unwrap_or_else(|_| unreachable!());
        WideF32(f32x8::from(a))
    }
    #[inline(always)]
    fn load_partial(_: WideTier, src: &[f32], fill: f32) -> Self {
        let mut a = [fill; 8];
        let n = src.len().min(8);
        a[..n].copy_from_slice(&src[..n]);
        WideF32(f32x8::from(a))
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        dst[..8].copy_from_slice(&self.0.to_array());
    }
    #[inline(always)]
    fn store_partial(self, dst: &mut [f32]) {
        let n = dst.len().min(8);
        dst[..n].copy_from_slice(&self.0.to_array()[..n]);
    }
    #[inline(always)]
    fn token(self) -> WideTier {
        WideTier
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        WideF32(self.0 + o.0)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        WideF32(self.0 - o.0)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        WideF32(self.0 * o.0)
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        WideF32(self.0 / o.0)
    }
    #[inline(always)]
    fn neg(self) -> Self {
        WideF32(self.0 ^ f32x8::splat(-0.0))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        if cfg!(target_feature = "fma") {
            WideF32(self.0.mul_add(b.0, c.0))
        } else {
            // Without FMA compiled in, wide's `mul_add` rounds twice; the math library's
            // error-free products need one rounding, so go lane by lane (libm's `fma`).
            let (a, b, c) = (self.0.to_array(), b.0.to_array(), c.0.to_array());
            WideF32(f32x8::from(core::array::from_fn::<f32, 8, _>(|i| {
                a[i].mul_add(b[i], c[i])
            })))
        }
    }

    #[inline(always)]
    fn lt(self, o: Self) -> WideMask32 {
        WideMask32(self.0.cmp_lt(o.0))
    }
    #[inline(always)]
    fn le(self, o: Self) -> WideMask32 {
        WideMask32(self.0.cmp_le(o.0))
    }
    #[inline(always)]
    fn gt(self, o: Self) -> WideMask32 {
        WideMask32(self.0.cmp_gt(o.0))
    }
    #[inline(always)]
    fn ge(self, o: Self) -> WideMask32 {
        WideMask32(self.0.cmp_ge(o.0))
    }
    #[inline(always)]
    fn eq(self, o: Self) -> WideMask32 {
        WideMask32(self.0.cmp_eq(o.0))
    }
    #[inline(always)]
    fn ne(self, o: Self) -> WideMask32 {
        // wide's `cmp_ne` is ordered (false on NaN) in AVX builds and unordered in SSE2
        // ones; `!eq` is unordered in both.
        WideMask32(!self.0.cmp_eq(o.0))
    }
    #[inline(always)]
    fn is_nan(self) -> WideMask32 {
        WideMask32(self.0.is_nan())
    }
    #[inline(always)]
    fn select(m: WideMask32, a: Self, b: Self) -> Self {
        WideF32(m.0.blend(a.0, b.0))
    }

    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // `a + b` is NaN exactly when one of them is.
        let nan = self.is_nan().or(o.is_nan());
        Self::select(nan, self.add(o), WideF32(self.0.fast_max(o.0)))
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        let nan = self.is_nan().or(o.is_nan());
        Self::select(nan, self.add(o), WideF32(self.0.fast_min(o.0)))
    }
    #[inline(always)]
    fn abs(self) -> Self {
        WideF32(self.0.abs())
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        WideF32(self.0.sqrt())
    }
    #[inline(always)]
    fn floor(self) -> Self {
        WideF32(self.0.floor())
    }
    #[inline(always)]
    fn ceil(self) -> Self {
        WideF32(self.0.ceil())
    }
    #[inline(always)]
    fn round(self) -> Self {
        // wide's SSE2 fallback rounds with the 2^23 trick, wrong for larger magnitudes,
        // which are integers already.
        let big = self.abs().ge(Self::splat(WideTier, 8388608.0));
        // Its `x + m - m` also loses the sign of results that round to zero.
        Self::select(big, self, WideF32(self.0.round()).copysign(self))
    }

    #[inline(always)]
    fn reduce_sum(self) -> f32 {
        reduce_pairwise(self.0.to_array(), |a, b| a + b)
    }
    #[inline(always)]
    fn reduce_prod(self) -> f32 {
        reduce_pairwise(self.0.to_array(), |a, b| a * b)
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        reduce_pairwise(self.0.to_array(), nan_max)
    }
    #[inline(always)]
    fn reduce_min(self) -> f32 {
        reduce_pairwise(self.0.to_array(), nan_min)
    }
    #[inline(always)]
    fn extract(self, i: usize) -> f32 {
        self.0.to_array()[i]
    }

    #[inline(always)]
    fn pow2i(self) -> Self {
        // As for `f64`: 1.5·2^23 + bias, then shift the low bits into the exponent field.
        WideF32(self.0 + f32x8::splat(12582912.0 + 127.0)).map_bits(|b| b << 23)
    }
    #[inline(always)]
    fn exponent(self) -> Self {
        WideF32(f32x8::from(
            self.0
                .to_array()
                .map(|x| ((x.to_bits() >> 23) & 0xff) as f32 - 127.0),
        ))
    }
    #[inline(always)]
    fn mantissa(self) -> Self {
        self.map_bits(|b| (b & 0x007f_ffff) | 0x3f80_0000)
    }
    #[inline(always)]
    fn lookup16(self, table: &[f32; 16]) -> Self {
        let biased = (self.0 + f32x8::splat(8388608.0)).to_array();
        WideF32(f32x8::from(
            biased.map(|b| table[(b.to_bits() & 15) as usize]),
        ))
    }
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        WideF32(self.0.copysign(sign.0))
    }
}
