//! The AVX2 + FMA tier: 4 × `f64` / 8 × `f32` in 256-bit registers, written with
//! `core::arch` so it does not depend on how other crates were compiled.
//!
//! Every vector op is `#[inline(always)]` and reaches the intrinsics through `unsafe`:
//! they are `#[target_feature(enable = "avx2,fma")]` functions, and the only way to hold an
//! [`Avx2F64`] or [`Avx2F32`] is through an [`Avx2Tier`] token, which exists only after
//! detection (see [`Simd`]). Run code through [`Simd::vectorize`] so it is compiled with
//! those features and the intrinsics inline.

use core::arch::x86_64::*;

use super::{Mask, Simd, Vector, WithSimd, nan_max, nan_min, reduce_pairwise};
use crate::Tier;

/// Evaluates an expression of AVX/AVX2/FMA intrinsics on register values.
macro_rules! avx {
    ($e:expr) => {{
        // SAFETY: this runs only on a vector or token of the AVX2 tier, whose existence
        // proves the CPU has AVX2 and FMA (the token is created only by `detect`); the
        // intrinsics here take register values, not pointers.
        #[allow(unused_unsafe)]
        unsafe {
            $e
        }
    }};
}

/// Token of the AVX2 + FMA tier (x86-64).
#[derive(Clone, Copy, Debug)]
pub struct Avx2Tier(());

impl Avx2Tier {
    /// The token without checking the CPU.
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn new_unchecked() -> Self {
        Avx2Tier(())
    }
}

/// The `#[target_feature]` frame `vectorize` runs in; `op` inlines into it.
#[target_feature(enable = "avx,avx2,fma")]
#[inline]
fn run_avx2<Op: WithSimd>(t: Avx2Tier, op: Op) -> Op::Output {
    op.with_simd(t)
}

// SAFETY: `detect` returns a token only after `is_x86_feature_detected!` confirmed AVX2 and
// FMA, the only instructions the vectors use; `new_unchecked` passes the duty to its caller.
unsafe impl Simd for Avx2Tier {
    const TIER: Tier = Tier::Avx2;
    type F64 = Avx2F64;
    type F32 = Avx2F32;
    #[inline]
    fn detect() -> Option<Self> {
        (is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"))
            .then_some(Avx2Tier(()))
    }
    #[inline(always)]
    fn vectorize<Op: WithSimd>(self, op: Op) -> Op::Output {
        // SAFETY: the token proves the CPU has the features `run_avx2` is compiled for.
        unsafe { run_avx2(self, op) }
    }
}

/// Four `f64` lanes in a `__m256d`.
#[derive(Clone, Copy, Debug)]
pub struct Avx2F64(__m256d);

/// Comparison result of [`Avx2F64`]: all-ones or all-zeros lanes.
#[derive(Clone, Copy, Debug)]
pub struct Avx2Mask64(__m256d);

impl Mask for Avx2Mask64 {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        Avx2Mask64(avx!(_mm256_and_pd(self.0, other.0)))
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        Avx2Mask64(avx!(_mm256_or_pd(self.0, other.0)))
    }
    #[inline(always)]
    fn not(self) -> Self {
        Avx2Mask64(avx!(_mm256_xor_pd(
            self.0,
            _mm256_castsi256_pd(_mm256_set1_epi64x(-1))
        )))
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        avx!(_mm256_movemask_pd(self.0)) as u64
    }
}

impl Avx2F64 {
    /// The register.
    #[inline(always)]
    pub fn raw(self) -> __m256d {
        self.0
    }
    /// Wraps a register (the vector then vouches for the tier's features).
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn from_raw(x: __m256d) -> Self {
        Avx2F64(x)
    }
    /// Lanes `< n` set, as an integer mask for `maskload`/`maskstore`.
    #[inline(always)]
    fn first_lanes(n: usize) -> __m256i {
        avx!(_mm256_cmpgt_epi64(
            _mm256_set1_epi64x(n.min(4) as i64),
            _mm256_setr_epi64x(0, 1, 2, 3)
        ))
    }
    #[inline(always)]
    fn cmp<const P: i32>(self, o: Self) -> Avx2Mask64 {
        Avx2Mask64(avx!(_mm256_cmp_pd::<P>(self.0, o.0)))
    }
    #[inline(always)]
    fn to_array(self) -> [f64; 4] {
        let mut a = [0.0; 4];
        self.store(&mut a);
        a
    }
}

impl Vector for Avx2F64 {
    type Token = Avx2Tier;
    type Elem = f64;
    type Mask = Avx2Mask64;
    const LANES: usize = 4;

    #[inline(always)]
    fn splat(_: Avx2Tier, x: f64) -> Self {
        Avx2F64(avx!(_mm256_set1_pd(x)))
    }
    #[inline(always)]
    fn iota(_: Avx2Tier) -> Self {
        Avx2F64(avx!(_mm256_setr_pd(0.0, 1.0, 2.0, 3.0)))
    }
    #[inline(always)]
    fn load(_: Avx2Tier, src: &[f64]) -> Self {
        let src = &src[..4];
        // SAFETY: the token proves AVX2; `src` has 4 readable elements (checked above).
        Avx2F64(unsafe { _mm256_loadu_pd(src.as_ptr()) })
    }
    #[inline(always)]
    fn load_partial(_: Avx2Tier, src: &[f64], fill: f64) -> Self {
        let m = Self::first_lanes(src.len());
        // SAFETY: the token proves AVX2; `maskload` touches only the lanes in `m`, which
        // are `< src.len()`, and does not fault on the others.
        let v = unsafe { _mm256_maskload_pd(src.as_ptr(), m) };
        Avx2F64(avx!(_mm256_blendv_pd(
            _mm256_set1_pd(fill),
            v,
            _mm256_castsi256_pd(m)
        )))
    }
    #[inline(always)]
    fn store(self, dst: &mut [f64]) {
        let dst = &mut dst[..4];
        // SAFETY: the vector proves AVX2; `dst` has 4 writable elements (checked above).
        unsafe { _mm256_storeu_pd(dst.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    fn store_partial(self, dst: &mut [f64]) {
        let m = Self::first_lanes(dst.len());
        // SAFETY: the vector proves AVX2; `maskstore` writes only the lanes in `m`, which
        // are `< dst.len()`.
        unsafe { _mm256_maskstore_pd(dst.as_mut_ptr(), m, self.0) }
    }
    #[inline(always)]
    fn token(self) -> Avx2Tier {
        Avx2Tier(())
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Avx2F64(avx!(_mm256_add_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Avx2F64(avx!(_mm256_sub_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Avx2F64(avx!(_mm256_mul_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        Avx2F64(avx!(_mm256_div_pd(self.0, o.0)))
    }
    #[inline(always)]
    fn neg(self) -> Self {
        Avx2F64(avx!(_mm256_xor_pd(self.0, _mm256_set1_pd(-0.0))))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        Avx2F64(avx!(_mm256_fmadd_pd(self.0, b.0, c.0)))
    }

    #[inline(always)]
    fn lt(self, o: Self) -> Avx2Mask64 {
        self.cmp::<_CMP_LT_OQ>(o)
    }
    #[inline(always)]
    fn le(self, o: Self) -> Avx2Mask64 {
        self.cmp::<_CMP_LE_OQ>(o)
    }
    #[inline(always)]
    fn gt(self, o: Self) -> Avx2Mask64 {
        self.cmp::<_CMP_GT_OQ>(o)
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Avx2Mask64 {
        self.cmp::<_CMP_GE_OQ>(o)
    }
    #[inline(always)]
    fn eq(self, o: Self) -> Avx2Mask64 {
        self.cmp::<_CMP_EQ_OQ>(o)
    }
    #[inline(always)]
    fn ne(self, o: Self) -> Avx2Mask64 {
        self.cmp::<_CMP_NEQ_UQ>(o)
    }
    #[inline(always)]
    fn is_nan(self) -> Avx2Mask64 {
        self.cmp::<_CMP_UNORD_Q>(self)
    }
    #[inline(always)]
    fn select(m: Avx2Mask64, a: Self, b: Self) -> Self {
        Avx2F64(avx!(_mm256_blendv_pd(b.0, a.0, m.0)))
    }

    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // `maxpd` returns its second operand when either is NaN, so only a NaN in `self`
        // needs patching in.
        let m = Avx2F64(avx!(_mm256_max_pd(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        let m = Avx2F64(avx!(_mm256_min_pd(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Avx2F64(avx!(_mm256_andnot_pd(_mm256_set1_pd(-0.0), self.0)))
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Avx2F64(avx!(_mm256_sqrt_pd(self.0)))
    }
    #[inline(always)]
    fn floor(self) -> Self {
        Avx2F64(avx!(_mm256_round_pd::<
            { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn ceil(self) -> Self {
        Avx2F64(avx!(_mm256_round_pd::<
            { _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn round(self) -> Self {
        Avx2F64(avx!(_mm256_round_pd::<
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
        // Adding 1.5·2^52 + bias puts `n + bias` in the low mantissa bits; shifting them
        // up to the exponent field makes 2^n.
        let t = avx!(_mm256_add_pd(
            self.0,
            _mm256_set1_pd(6755399441055744.0 + 1023.0)
        ));
        Avx2F64(avx!(_mm256_castsi256_pd(_mm256_slli_epi64::<52>(
            _mm256_castpd_si256(t)
        ))))
    }
    #[inline(always)]
    fn exponent(self) -> Self {
        // The biased exponent field ORed into the mantissa of 2^52 reads as 2^52 + field.
        let field = avx!(_mm256_and_si256(
            _mm256_srli_epi64::<52>(_mm256_castpd_si256(self.0)),
            _mm256_set1_epi64x(0x7ff)
        ));
        let big = avx!(_mm256_castsi256_pd(_mm256_or_si256(
            field,
            _mm256_set1_epi64x(0x4330_0000_0000_0000)
        )));
        Avx2F64(avx!(_mm256_sub_pd(
            big,
            _mm256_set1_pd(4503599627370496.0 + 1023.0)
        )))
    }
    #[inline(always)]
    fn mantissa(self) -> Self {
        let frac = avx!(_mm256_and_pd(
            self.0,
            _mm256_castsi256_pd(_mm256_set1_epi64x(0x000f_ffff_ffff_ffff))
        ));
        Avx2F64(avx!(_mm256_or_pd(frac, _mm256_set1_pd(1.0))))
    }
    #[inline(always)]
    fn lookup16(self, table: &[f64; 16]) -> Self {
        // Four scalar loads beat `vgatherdpd` here (it halved `exp` throughput on Zen 4);
        // the indices are extracted once and shared by every lookup with the same `self`.
        let mut idx = [0i32; 4];
        let v = avx!(_mm256_cvttpd_epi32(self.0));
        // SAFETY: the vector proves AVX2; `idx` has room for the 4 stored lanes.
        unsafe { _mm_storeu_si128(idx.as_mut_ptr().cast(), v) };
        let at = |i: usize| table[(idx[i] & 15) as usize];
        Avx2F64(avx!(_mm256_setr_pd(at(0), at(1), at(2), at(3))))
    }
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        let s = avx!(_mm256_set1_pd(-0.0));
        Avx2F64(avx!(_mm256_or_pd(
            _mm256_andnot_pd(s, self.0),
            _mm256_and_pd(s, sign.0)
        )))
    }
}

/// Eight `f32` lanes in a `__m256`.
#[derive(Clone, Copy, Debug)]
pub struct Avx2F32(__m256);

/// Comparison result of [`Avx2F32`]: all-ones or all-zeros lanes.
#[derive(Clone, Copy, Debug)]
pub struct Avx2Mask32(__m256);

impl Mask for Avx2Mask32 {
    #[inline(always)]
    fn and(self, other: Self) -> Self {
        Avx2Mask32(avx!(_mm256_and_ps(self.0, other.0)))
    }
    #[inline(always)]
    fn or(self, other: Self) -> Self {
        Avx2Mask32(avx!(_mm256_or_ps(self.0, other.0)))
    }
    #[inline(always)]
    fn not(self) -> Self {
        Avx2Mask32(avx!(_mm256_xor_ps(
            self.0,
            _mm256_castsi256_ps(_mm256_set1_epi64x(-1))
        )))
    }
    #[inline(always)]
    fn bitmask(self) -> u64 {
        avx!(_mm256_movemask_ps(self.0)) as u64
    }
}

impl Avx2F32 {
    /// The register.
    #[inline(always)]
    pub fn raw(self) -> __m256 {
        self.0
    }
    /// Wraps a register (the vector then vouches for the tier's features).
    ///
    /// # Safety
    /// The CPU must support AVX2 and FMA.
    #[inline(always)]
    pub unsafe fn from_raw(x: __m256) -> Self {
        Avx2F32(x)
    }
    /// Lanes `< n` set, as an integer mask for `maskload`/`maskstore`.
    #[inline(always)]
    fn first_lanes(n: usize) -> __m256i {
        avx!(_mm256_cmpgt_epi32(
            _mm256_set1_epi32(n.min(8) as i32),
            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)
        ))
    }
    #[inline(always)]
    fn cmp<const P: i32>(self, o: Self) -> Avx2Mask32 {
        Avx2Mask32(avx!(_mm256_cmp_ps::<P>(self.0, o.0)))
    }
    #[inline(always)]
    fn to_array(self) -> [f32; 8] {
        let mut a = [0.0; 8];
        self.store(&mut a);
        a
    }
}

impl Vector for Avx2F32 {
    type Token = Avx2Tier;
    type Elem = f32;
    type Mask = Avx2Mask32;
    const LANES: usize = 8;

    #[inline(always)]
    fn splat(_: Avx2Tier, x: f32) -> Self {
        Avx2F32(avx!(_mm256_set1_ps(x)))
    }
    #[inline(always)]
    fn iota(_: Avx2Tier) -> Self {
        Avx2F32(avx!(_mm256_setr_ps(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)))
    }
    #[inline(always)]
    fn load(_: Avx2Tier, src: &[f32]) -> Self {
        let src = &src[..8];
        // SAFETY: the token proves AVX2; `src` has 8 readable elements (checked above).
        Avx2F32(unsafe { _mm256_loadu_ps(src.as_ptr()) })
    }
    #[inline(always)]
    fn load_partial(_: Avx2Tier, src: &[f32], fill: f32) -> Self {
        let m = Self::first_lanes(src.len());
        // SAFETY: the token proves AVX2; `maskload` touches only the lanes in `m`, which
        // are `< src.len()`, and does not fault on the others.
        let v = unsafe { _mm256_maskload_ps(src.as_ptr(), m) };
        Avx2F32(avx!(_mm256_blendv_ps(
            _mm256_set1_ps(fill),
            v,
            _mm256_castsi256_ps(m)
        )))
    }
    #[inline(always)]
    fn store(self, dst: &mut [f32]) {
        let dst = &mut dst[..8];
        // SAFETY: the vector proves AVX2; `dst` has 8 writable elements (checked above).
        unsafe { _mm256_storeu_ps(dst.as_mut_ptr(), self.0) }
    }
    #[inline(always)]
    fn store_partial(self, dst: &mut [f32]) {
        let m = Self::first_lanes(dst.len());
        // SAFETY: the vector proves AVX2; `maskstore` writes only the lanes in `m`, which
        // are `< dst.len()`.
        unsafe { _mm256_maskstore_ps(dst.as_mut_ptr(), m, self.0) }
    }
    #[inline(always)]
    fn token(self) -> Avx2Tier {
        Avx2Tier(())
    }

    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Avx2F32(avx!(_mm256_add_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Avx2F32(avx!(_mm256_sub_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        Avx2F32(avx!(_mm256_mul_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        Avx2F32(avx!(_mm256_div_ps(self.0, o.0)))
    }
    #[inline(always)]
    fn neg(self) -> Self {
        Avx2F32(avx!(_mm256_xor_ps(self.0, _mm256_set1_ps(-0.0))))
    }
    #[inline(always)]
    fn mul_add(self, b: Self, c: Self) -> Self {
        Avx2F32(avx!(_mm256_fmadd_ps(self.0, b.0, c.0)))
    }

    #[inline(always)]
    fn lt(self, o: Self) -> Avx2Mask32 {
        self.cmp::<_CMP_LT_OQ>(o)
    }
    #[inline(always)]
    fn le(self, o: Self) -> Avx2Mask32 {
        self.cmp::<_CMP_LE_OQ>(o)
    }
    #[inline(always)]
    fn gt(self, o: Self) -> Avx2Mask32 {
        self.cmp::<_CMP_GT_OQ>(o)
    }
    #[inline(always)]
    fn ge(self, o: Self) -> Avx2Mask32 {
        self.cmp::<_CMP_GE_OQ>(o)
    }
    #[inline(always)]
    fn eq(self, o: Self) -> Avx2Mask32 {
        self.cmp::<_CMP_EQ_OQ>(o)
    }
    #[inline(always)]
    fn ne(self, o: Self) -> Avx2Mask32 {
        self.cmp::<_CMP_NEQ_UQ>(o)
    }
    #[inline(always)]
    fn is_nan(self) -> Avx2Mask32 {
        self.cmp::<_CMP_UNORD_Q>(self)
    }
    #[inline(always)]
    fn select(m: Avx2Mask32, a: Self, b: Self) -> Self {
        Avx2F32(avx!(_mm256_blendv_ps(b.0, a.0, m.0)))
    }

    #[inline(always)]
    fn max(self, o: Self) -> Self {
        // `maxps` returns its second operand when either is NaN, so only a NaN in `self`
        // needs patching in.
        let m = Avx2F32(avx!(_mm256_max_ps(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        let m = Avx2F32(avx!(_mm256_min_ps(self.0, o.0)));
        Self::select(self.is_nan(), self, m)
    }
    #[inline(always)]
    fn abs(self) -> Self {
        Avx2F32(avx!(_mm256_andnot_ps(_mm256_set1_ps(-0.0), self.0)))
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        Avx2F32(avx!(_mm256_sqrt_ps(self.0)))
    }
    #[inline(always)]
    fn floor(self) -> Self {
        Avx2F32(avx!(_mm256_round_ps::<
            { _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn ceil(self) -> Self {
        Avx2F32(avx!(_mm256_round_ps::<
            { _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC },
        >(self.0)))
    }
    #[inline(always)]
    fn round(self) -> Self {
        Avx2F32(avx!(_mm256_round_ps::<
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
        // Adding 1.5·2^23 + bias puts `n + bias` in the low mantissa bits; shifting them
        // up to the exponent field makes 2^n.
        let t = avx!(_mm256_add_ps(self.0, _mm256_set1_ps(12582912.0 + 127.0)));
        Avx2F32(avx!(_mm256_castsi256_ps(_mm256_slli_epi32::<23>(
            _mm256_castps_si256(t)
        ))))
    }
    #[inline(always)]
    fn exponent(self) -> Self {
        // The biased exponent field ORed into the mantissa of 2^52 reads as 2^23 + field.
        let field = avx!(_mm256_and_si256(
            _mm256_srli_epi32::<23>(_mm256_castps_si256(self.0)),
            _mm256_set1_epi32(0xff)
        ));
        let big = avx!(_mm256_castsi256_ps(_mm256_or_si256(
            field,
            _mm256_set1_epi32(0x4b00_0000)
        )));
        Avx2F32(avx!(_mm256_sub_ps(big, _mm256_set1_ps(8388608.0 + 127.0))))
    }
    #[inline(always)]
    fn mantissa(self) -> Self {
        let frac = avx!(_mm256_and_ps(
            self.0,
            _mm256_castsi256_ps(_mm256_set1_epi32(0x007f_ffff))
        ));
        Avx2F32(avx!(_mm256_or_ps(frac, _mm256_set1_ps(1.0))))
    }
    #[inline(always)]
    fn lookup16(self, table: &[f32; 16]) -> Self {
        // Two in-register permutes and a blend: cheaper than a gather for 16 entries.
        let idx = avx!(_mm256_and_si256(
            _mm256_cvttps_epi32(self.0),
            _mm256_set1_epi32(15)
        ));
        let lo = Self::load(self.token(), &table[..8]);
        let hi = Self::load(self.token(), &table[8..]);
        let from_lo = avx!(_mm256_permutevar8x32_ps(lo.0, idx));
        let from_hi = avx!(_mm256_permutevar8x32_ps(hi.0, idx));
        let upper = avx!(_mm256_castsi256_ps(_mm256_cmpgt_epi32(
            idx,
            _mm256_set1_epi32(7)
        )));
        Avx2F32(avx!(_mm256_blendv_ps(from_lo, from_hi, upper)))
    }
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        let s = avx!(_mm256_set1_ps(-0.0));
        Avx2F32(avx!(_mm256_or_ps(
            _mm256_andnot_ps(s, self.0),
            _mm256_and_ps(s, sign.0)
        )))
    }
}
