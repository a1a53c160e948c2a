//! The AVX-512 tier (F, DQ, VL): 8 × `f64` / 16 × `f32` in 512-bit registers, partial tails
//! through masked loads and stores, `vscalefpd`/`vgetexppd`/`vgetmantpd` for the
//! exponent work and in-register permutes for table lookups.
//!
//! As in the AVX2 tier, an [`Avx512Tier`] token exists only after detection, so holding a
//! vector proves its instructions may run; run code through [`Simd::vectorize`].

use core::arch::x86_64::*;

use super::{Mask, Simd, Vector, WithSimd, nan_max, nan_min, reduce_pairwise};
use crate::Tier;

/// Evaluates an expression of AVX-512 intrinsics on register values.
macro_rules! avx512 {
    ($e:expr) => {{
        // SAFETY: this runs only on a vector or token of the AVX-512 tier, whose existence
        // proves the CPU has AVX-512 F/DQ/VL (the token is created only by `detect`); the
        // intrinsics here take register values, not pointers.
        #[allow(unused_unsafe)]
        unsafe {
            $e
        }
    }};
}

/// Token of the AVX-512 F/DQ/VL tier (x86-64).
#[derive(Clone, Copy, Debug)]
pub struct Avx512Tier(());

impl Avx512Tier {
    /// The token without checking the CPU.
    ///
    /// # Safety
    /// The CPU must support AVX-512 F, DQ and VL (and AVX2 and FMA).
    #[inline(always)]
    pub unsafe fn new_unchecked() -> Self {
        Avx512Tier(())
    }
}

/// The `#[target_feature]` frame `vectorize` runs in; `op` inlines into it.
#[target_feature(enable = "avx,avx2,fma,avx512f,avx512dq,avx512vl")]
#[inline]
fn run_avx512<Op: WithSimd>(t: Avx512Tier, op: Op) -> Op::Output {
    op.with_simd(t)
}

// SAFETY: `detect` returns a token only after `is_x86_feature_detected!` confirmed every
// feature the vectors use; `new_unchecked` passes the duty to its caller.
unsafe impl Simd for Avx512Tier {
    const TIER: Tier = Tier::Avx512;
    type F64 = Avx512F64;
    type F32 = Avx512F32;
    #[inline]
    fn detect() -> Option<Self> {
        (is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512dq")
            && is_x86_feature_detected!("avx512vl")
            && is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("fma"))
        .then_some(Avx512Tier(()))
    }
    #[inline(always)]
    fn vectorize<Op: WithSimd>(self, op: Op) -> Op::Output {
        // SAFETY: the token proves the CPU has the features `run_avx512` is compiled for.
        unsafe { run_avx512(self, op) }
    }
}

/// Eight `f64` lanes in a `__m512d`.
#[derive(Clone, Copy, Debug)]
pub struct Avx512F64(__m512d);

/// Comparison result of [`Avx512F64`]: an AVX-512 mask register.
#[derive(Clone, Copy, Debug)]
pub struct Avx512Mask8(__mmask8);

impl Mask for Avx512Mask8 {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        Avx512Mask8(self.0 & other.0)
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        Avx512Mask8(self.0 | other.0)
    }
    #[inline(always)]
    fn not(self) -> Self {
        Avx512Mask8(!self.0)
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        u64::from(self.0)
    }
}

impl Avx512F64 {
    /// The register.
    #[inline(always)]
    pub fn raw(self) -> __m512d {
        self.0
    }
    /// Wraps a register (the vector then vouches for the tier's features).
    ///
    /// # Safety
    /// The CPU must support AVX-512 F/DQ/VL.
    #[inline(always)]
    pub unsafe fn from_raw(x: __m512d) -> Self {
        Avx512F64(x)
    }
    /// Lanes `< n` set.
    #[inline(always)]
    fn first_lanes(n: usize) -> __mmask8 {
        if n >= 8 {
            !0
        } else {
            ((1u32 << n) - 1) as __mmask8
        }
    }
    #[inline(always)]
    fn cmp<const P: i32>(self, o: Self) -> Avx512Mask8 {
        Avx512Mask8(avx512!(_mm512_cmp_pd_mask::<P>(self.0, o.0)))
    }
    #[inline(always)]
    fn to_array(self) -> [f64; 8] {
        let mut a = [0.0; 8];
        self.store(&mut a);
        a
    }
}

impl Vector for Avx512F64 {
    type Token = Avx512Tier;
    type Elem = f64;
    type Mask = Avx512Mask8;
    const LANES: usize = 8;

    #[inline(always)]
    fn splat(_: Avx512Tier, x: f64) -> Self {
        Avx512F64(avx512!(_mm512_set1_pd(x)))
    }
    #[inline(always)]
    fn iota(_: Avx512Tier) -> Self {
        Avx512F64(avx512!(_mm512_setr_pd(
            0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0
        )))
    }
    #[inline(always)]
    fn load(_: Avx512Tier, src: &[f64]) -> Self {
        let src = &src[..8];
        // SAFETY: the token proves AVX-512F; `src` has 8 readable elements (checked above).
        Avx512F64(unsafe { _mm512_loadu_pd(src.as_ptr()) })
    }
    #[inline(always)]
    fn load_partial(t: Avx512Tier, src: &[f64], fill: f64) -> Self {
        let m = Self::first_lanes(src.len());
        let fill = Self::splat(t, fill);
        // SAFETY: the token proves AVX-512F; the masked load reads only lanes `< src.len()`
        // and suppresses faults on the others.
        Avx512F64(unsafe { _mm512_mask_loadu_pd(fill.0, m, src.as_ptr()) })
    }
    #[inline(always)]
    fn store(self, dst: &mut [f64]) {
        let dst = &mut dst[..8];
        // SAFETY: the vector proves AVX-512F; `dst` has 8 writable elements (checked above).
        unsafe { _mm512_storeu_pd(dst.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    fn store_partial(self, dst: &mut [f64]) {
        let m = Self::first_lanes(dst.len());
        // SAFETY: the vector proves AVX-512F; the masked store writes only lanes
        // `< dst.len()`.
        unsafe { _mm512_mask_storeu_pd(dst.as_mut_ptr(), m, self.0) }
    }
    #[inline(always)]
    fn token(self) -> Avx512Tier {
        Avx512Tier(())
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Avx512F64(avx512!(_mm512_add_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Avx512F64(avx512!(_mm512_sub_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Avx512F64(avx512!(_mm512_mul_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        Avx512F64(avx512!(_mm512_div_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn neg(self) -> Self {
        Avx512F64(avx512!(_mm512_xor_pd(self.0, _mm512_set1_pd(-0.0))))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        Avx512F64(avx512!(_mm512_fmadd_pd(self.0, b.0, c.0)))
    }

    #[inline(always)]
    fn lt(self, o: Self) -> Avx512Mask8 {
        self.cmp::<_CMP_LT_OQ>(o)
    }
    #[inline(always)]
    fn le(self, o: Self) -> Avx512Mask8 {
        self.cmp::<_CMP_LE_OQ>(o)
    }
    #[inline(always)]
    fn gt(self, o: Self) -> Avx512Mask8 {
        self.cmp::<_CMP_GT_OQ>(o)
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Avx512Mask8 {
        self.cmp::<_CMP_GE_OQ>(o)
    }
    #[inline(always)]
    fn eq(self, o: Self) -> Avx512Mask8 {
        self.cmp::<_CMP_EQ_OQ>(o)
    }
    #[inline(always)]
    fn ne(self, o: Self) -> Avx512Mask8 {
        self.cmp::<_CMP_NEQ_UQ>(o)
    }
    #[inline(always)]
    fn is_nan(self) -> Avx512Mask8 {
        self.cmp::<_CMP_UNORD_Q>(self)
    }
    #[inline(always)]
    fn select(m: Avx512Mask8, a: Self, b: Self) -> Self {
        Avx512F64(avx512!(_mm512_mask_blend_pd(m.0, b.0, a.0)))
    }

    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // `vmaxpd` returns its second operand when either is NaN, so only a NaN in `self`
        // needs patching in.
        let m = Avx512F64(avx512!(_mm512_max_pd(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        let m = Avx512F64(avx512!(_mm512_min_pd(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Avx512F64(avx512!(_mm512_abs_pd(self.0)))
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Avx512F64(avx512!(_mm512_sqrt_pd(self.0)))
    }
    #[inline(always)]
    fn floor(self) -> Self {
        Avx512F64(avx512!(_mm512_roundscale_pd::<
            { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn ceil(self) -> Self {
        Avx512F64(avx512!(_mm512_roundscale_pd::<
            { _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn round(self) -> Self {
        Avx512F64(avx512!(_mm512_roundscale_pd::<
            { _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC },
        >(self.0)))
    }

    #[inline(always)]
    fn reduce_sum(self) -> f64 {
        reduce_pairwise(self.to_array(), |a, b| a + b)
    }
    #[inline(always)]
    fn reduce_prod(self) -> f64 {
        reduce_pairwise(self.to_array(), |a, b| a * b)
    }
    #[inline(always)]
    fn reduce_max(self) -> f64 {
        reduce_pairwise(self.to_array(), nan_max)
    }
    #[inline(always)]
    fn reduce_min(self) -> f64 {
        reduce_pairwise(self.to_array(), nan_min)
    }
    #[inline(always)]
    fn extract(self, i: usize) -> f64 {
        self.to_array()[i]
    }

    #[inline(always)]
    fn pow2i(self) -> Self {
        Avx512F64(avx512!(_mm512_scalef_pd(_mm512_set1_pd(1.0), self.0)))
    }
    #[inline(always)]
    fn scale_by_pow2(self, n: Self) -> Self {
        // `vscalefpd`: one instruction, one rounding, with overflow and gradual underflow.
        Avx512F64(avx512!(_mm512_scalef_pd(self.0, n.0)))
    }
    #[inline(always)]
    fn exponent(self) -> Self {
        Avx512F64(avx512!(_mm512_getexp_pd(self.0)))
    }
    #[inline(always)]
    fn mantissa(self) -> Self {
        Avx512F64(avx512!(_mm512_getmant_pd::<
            _MM_MANT_NORM_1_2,
            _MM_MANT_SIGN_ZERO,
        >(self.0)))
    }
    #[inline(always)]
    fn lookup16(self, table: &[f64; 16]) -> Self {
        // Both halves of the table sit in registers (hoisted out of loops once inlined);
        // `vpermt2pd` reads only the low 4 index bits, so any lane stays in bounds.
        let lo = Self::load(self.token(), &table[..8]);
        let hi = Self::load(self.token(), &table[8..]);
        let idx = avx512!(_mm512_cvttpd_epi64(self.0));
        Avx512F64(avx512!(_mm512_permutex2var_pd(lo.0, idx, hi.0)))
    }
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        let s = avx512!(_mm512_set1_pd(-0.0));
        Avx512F64(avx512!(_mm512_or_pd(
            _mm512_andnot_pd(s, self.0),
            _mm512_and_pd(s, sign.0)
        )))
    }
}

/// Sixteen `f32` lanes in a `__m512`.
#[derive(Clone, Copy, Debug)]
pub struct Avx512F32(__m512);

/// Comparison result of [`Avx512F32`]: an AVX-512 mask register.
#[derive(Clone, Copy, Debug)]
pub struct Avx512Mask16(__mmask16);

impl Mask for Avx512Mask16 {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        Avx512Mask16(self.0 & other.0)
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        Avx512Mask16(self.0 | other.0)
    }
    #[inline(always)]
    fn not(self) -> Self {
        Avx512Mask16(!self.0)
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        u64::from(self.0)
    }
}

impl Avx512F32 {
    /// The register.
    #[inline(always)]
    pub fn raw(self) -> __m512 {
        self.0
    }
    /// Wraps a register (the vector then vouches for the tier's features).
    ///
    /// # Safety
    /// The CPU must support AVX-512 F/DQ/VL.
    #[inline(always)]
    pub unsafe fn from_raw(x: __m512) -> Self {
        Avx512F32(x)
    }
    /// Lanes `< n` set.
    #[inline(always)]
    fn first_lanes(n: usize) -> __mmask16 {
        if n >= 16 {
            !0
        } else {
            ((1u32 << n) - 1) as __mmask16
        }
    }
    #[inline(always)]
    fn cmp<const P: i32>(self, o: Self) -> Avx512Mask16 {
        Avx512Mask16(avx512!(_mm512_cmp_ps_mask::<P>(self.0, o.0)))
    }
    #[inline(always)]
    fn to_array(self) -> [f32; 16] {
        let mut a = [0.0; 16];
        self.store(&mut a);
        a
    }
}

impl Vector for Avx512F32 {
    type Token = Avx512Tier;
    type Elem = f32;
    type Mask = Avx512Mask16;
    const LANES: usize = 16;

    #[inline(always)]
    fn splat(_: Avx512Tier, x: f32) -> Self {
        Avx512F32(avx512!(_mm512_set1_ps(x)))
    }
    #[inline(always)]
    fn iota(_: Avx512Tier) -> Self {
        Avx512F32(avx512!(_mm512_setr_ps(
            0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0
        )))
    }
    #[inline(always)]
    fn load(_: Avx512Tier, src: &[f32]) -> Self {
        let src = &src[..16];
        // SAFETY: the token proves AVX-512F; `src` has 16 readable elements (checked above).
        Avx512F32(unsafe { _mm512_loadu_ps(src.as_ptr()) })
    }
    #[inline(always)]
    fn load_partial(t: Avx512Tier, src: &[f32], fill: f32) -> Self {
        let m = Self::first_lanes(src.len());
        let fill = Self::splat(t, fill);
        // SAFETY: the token proves AVX-512F; the masked load reads only lanes `< src.len()`
        // and suppresses faults on the others.
        Avx512F32(unsafe { _mm512_mask_loadu_ps(fill.0, m, src.as_ptr()) })
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        let dst = &mut dst[..16];
        // SAFETY: the vector proves AVX-512F; `dst` has 16 writable elements (checked above).
        unsafe { _mm512_storeu_ps(dst.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    fn store_partial(self, dst: &mut [f32]) {
        let m = Self::first_lanes(dst.len());
        // SAFETY: the vector proves AVX-512F; the masked store writes only lanes
        // `< dst.len()`.
        unsafe { _mm512_mask_storeu_ps(dst.as_mut_ptr(), m, self.0) }
    }
    #[inline(always)]
    fn token(self) -> Avx512Tier {
        Avx512Tier(())
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Avx512F32(avx512!(_mm512_add_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Avx512F32(avx512!(_mm512_sub_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Avx512F32(avx512!(_mm512_mul_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        Avx512F32(avx512!(_mm512_div_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn neg(self) -> Self {
        Avx512F32(avx512!(_mm512_xor_ps(self.0, _mm512_set1_ps(-0.0))))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        Avx512F32(avx512!(_mm512_fmadd_ps(self.0, b.0, c.0)))
    }

    #[inline(always)]
    fn lt(self, o: Self) -> Avx512Mask16 {
        self.cmp::<_CMP_LT_OQ>(o)
    }
    #[inline(always)]
    fn le(self, o: Self) -> Avx512Mask16 {
        self.cmp::<_CMP_LE_OQ>(o)
    }
    #[inline(always)]
    fn gt(self, o: Self) -> Avx512Mask16 {
        self.cmp::<_CMP_GT_OQ>(o)
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Avx512Mask16 {
        self.cmp::<_CMP_GE_OQ>(o)
    }
    #[inline(always)]
    fn eq(self, o: Self) -> Avx512Mask16 {
        self.cmp::<_CMP_EQ_OQ>(o)
    }
    #[inline(always)]
    fn ne(self, o: Self) -> Avx512Mask16 {
        self.cmp::<_CMP_NEQ_UQ>(o)
    }
    #[inline(always)]
    fn is_nan(self) -> Avx512Mask16 {
        self.cmp::<_CMP_UNORD_Q>(self)
    }
    #[inline(always)]
    fn select(m: Avx512Mask16, a: Self, b: Self) -> Self {
        Avx512F32(avx512!(_mm512_mask_blend_ps(m.0, b.0, a.0)))
    }

    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // `vmaxps` returns its second operand when either is NaN, so only a NaN in `self`
        // needs patching in.
        let m = Avx512F32(avx512!(_mm512_max_ps(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        let m = Avx512F32(avx512!(_mm512_min_ps(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Avx512F32(avx512!(_mm512_abs_ps(self.0)))
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Avx512F32(avx512!(_mm512_sqrt_ps(self.0)))
    }
    #[inline(always)]
    fn floor(self) -> Self {
        Avx512F32(avx512!(_mm512_roundscale_ps::<
            { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn ceil(self) -> Self {
        Avx512F32(avx512!(_mm512_roundscale_ps::<
            { _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn round(self) -> Self {
        Avx512F32(avx512!(_mm512_roundscale_ps::<
            { _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC },
        >(self.0)))
    }

    #[inline(always)]
    fn reduce_sum(self) -> f32 {
        reduce_pairwise(self.to_array(), |a, b| a + b)
    }
    #[inline(always)]
    fn reduce_prod(self) -> f32 {
        reduce_pairwise(self.to_array(), |a, b| a * b)
    }
    #[inline(always)]
    fn reduce_max(self) -> f32 {
        reduce_pairwise(self.to_array(), nan_max)
    }
    #[inline(always)]
    fn reduce_min(self) -> f32 {
        reduce_pairwise(self.to_array(), nan_min)
    }
    #[inline(always)]
    fn extract(self, i: usize) -> f32 {
        self.to_array()[i]
    }

    #[inline(always)]
    fn pow2i(self) -> Self {
        Avx512F32(avx512!(_mm512_scalef_ps(_mm512_set1_ps(1.0), self.0)))
    }
    #[inline(always)]
    fn scale_by_pow2(self, n: Self) -> Self {
        // `vscalefps`: one instruction, one rounding, with overflow and gradual underflow.
        Avx512F32(avx512!(_mm512_scalef_ps(self.0, n.0)))
    }
    #[inline(always)]
    fn exponent(self) -> Self {
        Avx512F32(avx512!(_mm512_getexp_ps(self.0)))
    }
    #[inline(always)]
    fn mantissa(self) -> Self {
        Avx512F32(avx512!(_mm512_getmant_ps::<
            _MM_MANT_NORM_1_2,
            _MM_MANT_SIGN_ZERO,
        >(self.0)))
    }
    #[inline(always)]
    fn lookup16(self, table: &[f32; 16]) -> Self {
        // The whole table is one register; `vpermps` reads only the low 4 index bits.
        let tab = Self::load(self.token(), table);
        let idx = avx512!(_mm512_cvttps_epi32(self.0));
        Avx512F32(avx512!(_mm512_permutexvar_ps(idx, tab.0)))
    }
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        let s = avx512!(_mm512_set1_ps(-0.0));
        Avx512F32(avx512!(_mm512_or_ps(
            _mm512_andnot_ps(s, self.0),
            _mm512_and_ps(s, sign.0)
        )))
    }
}
