//! The one-lane tier: plain scalar instructions, available everywhere. The scalar backend
//! is the SIMD code instantiated at this tier, so its tails and math are the same code.

use super::{Mask, Simd, Vector};
use crate::Tier;

/// Token of the one-lane tier.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScalarTier;

// SAFETY: scalar instructions run on every CPU.
unsafe impl Simd for ScalarTier {
    const TIER: Tier = Tier::Scalar;
    type F64 = One<f64>;
    type F32 = One<f32>;
    #[inline(always)]
    fn detect() -> Option<Self> {
        Some(ScalarTier)
    }
    #[inline(always)]
    fn vectorize<Op: super::WithSimd>(self, op: Op) -> Op::Output {
        super::run_portable(self, op)
    }
}

/// One lane of `T`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct One<T>(pub T);

impl Mask for bool {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        self & other
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        self | other
    }
    #[inline(always)]
    fn not(self) -> Self {
        !self
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        u64::from(self)
    }
}

macro_rules! one_lane {
    ($t:ty, $bits:ty, $mant:expr, $bias:expr) => {
        impl Vector for One<$t> {
            type Token = ScalarTier;
            type Elem = $t;
            type Mask = bool;
            const LANES: usize = 1;

            #[inline(always)]
            fn splat(_: ScalarTier, x: $t) -> Self {
                One(x)
            }
            #[inline(always)]
            fn iota(_: ScalarTier) -> Self {
                One(0.0)
            }
            #[inline(always)]
            fn load(_: ScalarTier, src: &[$t]) -> Self {
                One(src[0])
            }
            #[inline(always)]
            fn load_partial(_: ScalarTier, src: &[$t], fill: $t) -> Self {
                One(src.first().copied().unwrap_or(fill))
            }
            #[inline(always)]
            fn store(self, dst: &mut [$t]) {
                dst[0] = self.0;
            }
            #[inline(always)]
            fn store_partial(self, dst: &mut [$t]) {
                if let Some(d) = dst.first_mut() {
                    *d = self.0;
                }
            }
            #[inline(always)]
            fn token(self) -> ScalarTier {
                ScalarTier
            }
            #[inline(always)]
            fn add(self, o: Self) -> Self {
                One(self.0 + o.0)
            }
            #[inline(always)]
            fn sub(self, o: Self) -> Self {
                One(self.0 - o.0)
            }
            #[inline(always)]
            fn mul(self, o: Self) -> Self {
                One(self.0 * o.0)
            }
            #[inline(always)]
            fn div(self, o: Self) -> Self {
                One(self.0 / o.0)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                One(-self.0)
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                One(self.0.mul_add(b.0, c.0))
            }
            #[inline(always)]
            fn lt(self, o: Self) -> bool {
                self.0 < o.0
            }
            #[inline(always)]
            fn le(self, o: Self) -> bool {
                self.0 <= o.0
            }
            #[inline(always)]
            fn gt(self, o: Self) -> bool {
                self.0 > o.0
            }
            #[inline(always)]
            fn ge(self, o: Self) -> bool {
                self.0 >= o.0
            }
            #[inline(always)]
            fn eq(self, o: Self) -> bool {
                self.0 == o.0
            }
            #[inline(always)]
            fn ne(self, o: Self) -> bool {
                self.0 != o.0
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                self.0.is_nan()
            }
            #[inline(always)]
            fn select(m: bool, a: Self, b: Self) -> Self {
                if m { a } else { b }
            }
            #[inline(always)]
            fn max(self, o: Self) -> Self {
                // Not `f64::max`: it ignores NaN, and its sign of zero is unspecified.
                One(super::nan_max(self.0, o.0))
            }
            #[inline(always)]
            fn min(self, o: Self) -> Self {
                One(super::nan_min(self.0, o.0))
            }
            #[inline(always)]
            fn abs(self) -> Self {
                One(self.0.abs())
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                One(self.0.sqrt())
            }
            #[inline(always)]
            fn floor(self) -> Self {
                One(self.0.floor())
            }
            #[inline(always)]
            fn ceil(self) -> Self {
                One(self.0.ceil())
            }
            #[inline(always)]
            fn round(self) -> Self {
                One(self.0.round_ties_even())
            }
            #[inline(always)]
            fn reduce_sum(self) -> $t {
                self.0
            }
            #[inline(always)]
            fn reduce_prod(self) -> $t {
                self.0
            }
            #[inline(always)]
            fn reduce_max(self) -> $t {
                self.0
            }
            #[inline(always)]
            fn reduce_min(self) -> $t {
                self.0
            }
            #[inline(always)]
            fn extract(self, i: usize) -> $t {
                assert!(i == 0, "lane {i} of a one-lane vector");
                self.0
            }
            #[inline(always)]
            fn pow2i(self) -> Self {
                // Adding 1.5·2^mant + bias puts `n + bias` in the low mantissa bits (cheaper
                // than a saturating float-to-int conversion); shifting them up to the
                // exponent field makes 2^n.
                let magic = 1.5 * (1u64 << $mant) as $t + $bias as $t;
                One(<$t>::from_bits((self.0 + magic).to_bits() << $mant))
            }
            #[inline(always)]
            fn exponent(self) -> Self {
                let field = (self.0.to_bits() >> $mant) & ((1 << (<$bits>::BITS - 1 - $mant)) - 1);
                One(field as $t - $bias as $t)
            }
            #[inline(always)]
            fn mantissa(self) -> Self {
                let frac = self.0.to_bits() & ((1 << $mant) - 1);
                One(<$t>::from_bits(frac | (1.0 as $t).to_bits()))
            }
            #[inline(always)]
            fn lookup16_bits(self, table: &[$t; 16]) -> Self {
                One(table[(self.0.to_bits() & 15) as usize])
            }
            #[inline(always)]
            fn add_shifted_bits(self, s: Self, shift: u32) -> Self {
                One(<$t>::from_bits(
                    self.0.to_bits().wrapping_add(s.0.to_bits() << shift),
                ))
            }
            #[inline(always)]
            fn copysign(self, sign: Self) -> Self {
                One(self.0.copysign(sign.0))
            }
        }
    };
}

one_lane!(f64, u64, 52, 1023);
one_lane!(f32, u32, 23, 127);
