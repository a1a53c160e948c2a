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

/// Defines a `wide` vector type and its mask for one element type; the `f64` and `f32`
/// instantiations below differ only in the `wide` type and the float format's constants.
macro_rules! wide_vector {
    (
        $(#[$doc:meta])*
        vector $V:ident(pub $W:ident), elem $e:ty, lanes $n:literal, iota [$($iota:literal),*];
        $(#[$mdoc:meta])*
        mask $M:ident;
        bits $bits:ty: mantissa $mbits:literal (mask $mmask:literal), exponent mask $emask:literal,
        bias $bias:literal, one $one_bits:literal, pow2 $pow2:literal,
        pow2 times 1.5 $pow2_x15:literal;
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $V(pub $W);

        $(#[$mdoc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $M($W);

        impl Mask for $M {
            #[inline(always)]
            fn and(self, other: Self) -> Self {
                $M(self.0 & other.0)
            }
            #[inline(always)]
            fn or(self, other: Self) -> Self {
                $M(self.0 | other.0)
            }
            #[inline(always)]
            fn not(self) -> Self {
                $M(!self.0)
            }
            #[inline(always)]
            fn bitmask(self) -> u64 {
                self.0.move_mask() as u64
            }
        }

        impl $V {
            #[inline(always)]
            fn map_bits(self, f: impl Fn($bits) -> $bits) -> Self {
                $V($W::from(
                    self.0.to_array().map(|x| <$e>::from_bits(f(x.to_bits()))),
                ))
            }
        }

        impl Vector for $V {
            type Token = WideTier;
            type Elem = $e;
            type Mask = $M;
            const LANES: usize = $n;

            #[inline(always)]
            fn splat(_: WideTier, x: $e) -> Self {
                $V($W::splat(x))
            }
            #[inline(always)]
            fn iota(_: WideTier) -> Self {
                $V($W::from([$($iota),*]))
            }
            #[inline(always)]
            fn load(_: WideTier, src: &[$e]) -> Self {
                let a: [$e; $n] = src[..$n].try_into().unwrap_or_else(|_| unreachable!());
                $V($W::from(a))
            }
            #[inline(always)]
            fn load_partial(_: WideTier, src: &[$e], fill: $e) -> Self {
                let mut a = [fill; $n];
                let n = src.len().min($n);
                a[..n].copy_from_slice(&src[..n]);
                $V($W::from(a))
            }
            #[inline(always)]
            fn store(self, dst: &mut [$e]) {
                dst[..$n].copy_from_slice(&self.0.to_array());
            }
            #[inline(always)]
            fn store_partial(self, dst: &mut [$e]) {
                let n = dst.len().min($n);
                dst[..n].copy_from_slice(&self.0.to_array()[..n]);
            }
            #[inline(always)]
            fn token(self) -> WideTier {
                WideTier
            }

            #[inline(always)]
            fn add(self, o: Self) -> Self {
                $V(self.0 + o.0)
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                $V(self.0 - o.0)
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                $V(self.0 * o.0)
            }
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                $V(self.0 / o.0)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                $V(self.0 ^ $W::splat(-0.0))
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                if cfg!(target_feature = "fma") {
                    $V(self.0.mul_add(b.0, c.0))
                } else {
                    // Without FMA compiled in, wide's `mul_add` rounds twice; the math
                    // library's error-free products need one rounding, so go lane by lane
                    // (libm's `fma`).
                    let (a, b, c) = (self.0.to_array(), b.0.to_array(), c.0.to_array());
                    $V($W::from(core::array::from_fn::<$e, $n, _>(|i| {
                        a[i].mul_add(b[i], c[i])
                    })))
                }
            }

            #[inline(always)]
            fn lt(self, o: Self) -> $M {
                $M(self.0.cmp_lt(o.0))
            }
            #[inline(always)]
            fn le(self, o: Self) -> $M {
                $M(self.0.cmp_le(o.0))
            }
            #[inline(always)]
            fn gt(self, o: Self) -> $M {
                $M(self.0.cmp_gt(o.0))
            }
            #[inline(always)]
            fn ge(self, o: Self) -> $M {
                $M(self.0.cmp_ge(o.0))
            }
            #[inline(always)]
            fn eq(self, o: Self) -> $M {
                $M(self.0.cmp_eq(o.0))
            }
            #[inline(always)]
            fn ne(self, o: Self) -> $M {
                // wide's `cmp_ne` is ordered (false on NaN) in AVX builds and unordered in
                // SSE2 ones; `!eq` is unordered in both.
                $M(!self.0.cmp_eq(o.0))
            }
            #[inline(always)]
            fn is_nan(self) -> $M {
                $M(self.0.is_nan())
            }
            #[inline(always)]
            fn select(m: $M, a: Self, b: Self) -> Self {
                $V(m.0.blend(a.0, b.0))
            }

            #[inline(always)]
            fn max(self, o: Self) -> Self {
                // `fast_max` returns one of its operands, but which one of two equal lanes
                // depends on the instruction set wide was compiled for (`maxpd` the second,
                // NEON +0 of two zeros, the fallback the first). Taken both ways round it
                // gives the same lane twice except for zeros of opposite signs, where the
                // AND of the two is +0 unless both are −0: `Vector::max`'s rule, for one
                // `fast_max` and an AND more. `a + b` is NaN exactly when one of them is.
                let nan = self.is_nan().or(o.is_nan());
                let m = self.0.fast_max(o.0) & o.0.fast_max(self.0);
                Self::select(nan, self.add(o), $V(m))
            }
            #[inline(always)]
            fn min(self, o: Self) -> Self {
                // As in `max`, with OR: −0 unless both are +0.
                let nan = self.is_nan().or(o.is_nan());
                let m = self.0.fast_min(o.0) | o.0.fast_min(self.0);
                Self::select(nan, self.add(o), $V(m))
            }
            #[inline(always)]
            fn abs(self) -> Self {
                $V(self.0.abs())
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $V(self.0.sqrt())
            }
            #[inline(always)]
            fn floor(self) -> Self {
                $V(self.0.floor())
            }
            #[inline(always)]
            fn ceil(self) -> Self {
                $V(self.0.ceil())
            }
            #[inline(always)]
            fn round(self) -> Self {
                // wide's SSE2 fallback rounds with the 2^mantissa trick, wrong for larger
                // magnitudes, which are integers already.
                let big = self.abs().ge(Self::splat(WideTier, $pow2));
                // Its `x + m - m` also loses the sign of results that round to zero.
                Self::select(big, self, $V(self.0.round()).copysign(self))
            }

            #[inline(always)]
            fn reduce_sum(self) -> $e {
                reduce_pairwise(self.0.to_array(), |a, b| a + b)
            }
            #[inline(always)]
            fn reduce_prod(self) -> $e {
                reduce_pairwise(self.0.to_array(), |a, b| a * b)
            }
            #[inline(always)]
            fn reduce_max(self) -> $e {
                reduce_pairwise(self.0.to_array(), nan_max)
            }
            #[inline(always)]
            fn reduce_min(self) -> $e {
                reduce_pairwise(self.0.to_array(), nan_min)
            }
            #[inline(always)]
            fn extract(self, i: usize) -> $e {
                self.0.to_array()[i]
            }

            #[inline(always)]
            fn pow2i(self) -> Self {
                // Adding 1.5·2^mantissa + bias puts `n + bias` in the low mantissa bits (no
                // float-to-int conversion, which has no vector instruction before AVX-512);
                // shifting them up to the exponent field makes 2^n.
                $V(self.0 + $W::splat($pow2_x15 + $bias)).map_bits(|b| b << $mbits)
            }
            #[inline(always)]
            fn exponent(self) -> Self {
                $V($W::from(
                    self.0
                        .to_array()
                        .map(|x| ((x.to_bits() >> $mbits) & $emask) as $e - $bias),
                ))
            }
            #[inline(always)]
            fn mantissa(self) -> Self {
                self.map_bits(|b| (b & $mmask) | $one_bits)
            }
            #[inline(always)]
            fn lookup16_bits(self, table: &[$e; 16]) -> Self {
                $V($W::from(
                    self.0.to_array().map(|b| table[(b.to_bits() & 15) as usize]),
                ))
            }
            #[inline(always)]
            fn add_shifted_bits(self, s: Self, shift: u32) -> Self {
                let (a, s) = (self.0.to_array(), s.0.to_array());
                $V($W::from(core::array::from_fn::<$e, $n, _>(|i| {
                    <$e>::from_bits(a[i].to_bits().wrapping_add(s[i].to_bits() << shift))
                })))
            }
            #[inline(always)]
            fn copysign(self, sign: Self) -> Self {
                $V(self.0.copysign(sign.0))
            }
        }
    };
}

wide_vector! {
    /// Four `f64` lanes in a `wide::f64x4`.
    vector WideF64(pub f64x4), elem f64, lanes 4, iota [0.0, 1.0, 2.0, 3.0];
    /// Comparison result of [`WideF64`]: all-ones or all-zeros lanes.
    mask WideMask64;
    bits u64: mantissa 52 (mask 0x000f_ffff_ffff_ffff), exponent mask 0x7ff,
    bias 1023.0, one 0x3ff0_0000_0000_0000, pow2 4503599627370496.0,
    pow2 times 1.5 6755399441055744.0;
}

wide_vector! {
    /// Eight `f32` lanes in a `wide::f32x8`.
    vector WideF32(pub f32x8), elem f32, lanes 8, iota [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    /// Comparison result of [`WideF32`]: all-ones or all-zeros lanes.
    mask WideMask32;
    bits u32: mantissa 23 (mask 0x007f_ffff), exponent mask 0xff,
    bias 127.0, one 0x3f80_0000, pow2 8388608.0,
    pow2 times 1.5 12582912.0;
}
