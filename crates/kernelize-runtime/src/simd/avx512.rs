//! The AVX-512 tier (F, DQ, VL): 8 × `f64` / 16 × `f32` in 512-bit registers, partial tails
//! through masked loads and stores, `vscalefpd`/`vgetexppd`/`vgetmantpd` for the
//! exponent work and in-register permutes for table lookups.
//!
//! As in the AVX2 tier, an [`Avx512Tier`] token exists only after detection, so holding a
//! vector proves its instructions may run; run code through [`Simd::vectorize`].

use core::arch::x86_64::*;

use super::x86::x86_vector;
use super::{Mask, Simd, Vector, WithSimd};
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

/// Defines an AVX-512 vector type and its mask for one element type: `x86_vector!` with
/// the intrinsics named here, plus what is particular to AVX-512 (masks in mask registers,
/// masked partial loads and stores, `mask_blend` selects, `abs`, `vrange` for `max` and
/// `min`, and `vscalef`/`vgetexp`/`vgetmant` for the exponent work). `$extra` holds the items that differ between `f64`
/// and `f32` (`lookup16`).
macro_rules! avx512_vector {
    (
        $(#[$doc:meta])*
        vector $V:ident($reg:ty), elem $e:ty, lanes $n:literal;
        $(#[$mdoc:meta])*
        mask $M:ident($mreg:ty);
        set1 $set1:ident, setr $setr:ident [$($iota:literal),*],
        loadu $loadu:ident, storeu $storeu:ident,
        stream $stream:ident,
        mask_loadu $mask_loadu:ident,
        mask_storeu $mask_storeu:ident, mask_blend $mask_blend:ident,
        add $add:ident, sub $sub:ident, mul $mul:ident, div $div:ident, fmadd $fmadd:ident,
        cmp $cmp:ident, mask_cmp $mask_cmp:ident, max $max:ident, min $min:ident,
        mask_range $mask_range:ident,
        sqrt $sqrt:ident, round $round:ident, abs $abs:ident, and $and:ident, or $or:ident, andnot $andnot:ident, xor $xor:ident,
        scalef $scalef:ident, getexp $getexp:ident, getmant $getmant:ident;
        int lanes: to_int $to_int:ident, from_int $from_int:ident, addi $addi:ident,
        sll $sll:ident;
        { $($extra:tt)* }
    ) => {
        $(#[$mdoc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $M($mreg);

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
                u64::from(self.0)
            }
        }

        impl $V {
            /// Lanes `< n` set.
            #[inline(always)]
            fn first_lanes(n: usize) -> $mreg {
                if n >= $n {
                    !0
                } else {
                    ((1u32 << n) - 1) as $mreg
                }
            }
        }

        x86_vector! {
            $(#[$doc])*
            vector $V($reg), mask $M, token Avx512Tier, elem $e, lanes $n,
            via avx512, features "AVX-512 F/DQ/VL";
            set1 $set1, setr $setr [$($iota),*], loadu $loadu, storeu $storeu,
            stream $stream,
            add $add, sub $sub, mul $mul, div $div, fmadd $fmadd,
            cmp $cmp, max $max, min $min, sqrt $sqrt, round $round,
            and $and, or $or, andnot $andnot, xor $xor;
            int lanes: to_int $to_int, from_int $from_int, addi $addi, sll $sll;
            {
                #[inline(always)]
                fn load_partial(t: Avx512Tier, src: &[$e], fill: $e) -> Self {
                    let m = Self::first_lanes(src.len());
                    let fill = Self::splat(t, fill);
                    // SAFETY: the token proves AVX-512F; the masked load reads only lanes
                    // `< src.len()` and suppresses faults on the others.
                    $V(unsafe { $mask_loadu(fill.0, m, src.as_ptr()) })
                }
                #[inline(always)]
                fn store_partial(self, dst: &mut [$e]) {
                    let m = Self::first_lanes(dst.len());
                    // SAFETY: the vector proves AVX-512F; the masked store writes only lanes
                    // `< dst.len()`.
                    unsafe { $mask_storeu(dst.as_mut_ptr(), m, self.0) }
                }
                #[inline(always)]
                fn select(m: $M, a: Self, b: Self) -> Self {
                    $V(avx512!($mask_blend(m.0, b.0, a.0)))
                }
                #[inline(always)]
                fn max(self, o: Self) -> Self {
                    // `vrangepd`/`vrangeps` (AVX-512 DQ) orders −0 below +0 whichever
                    // operand each is (immediate bits 1:0 = 01 select the maximum, bits 3:2
                    // = 01 keep the selected value's own sign), but returns the other
                    // operand when one is a quiet NaN. So it runs, masked, in the ordered
                    // lanes only; the others keep `self | o`, a NaN where either is
                    // (exponent all ones, mantissa non-zero). Three instructions, one more
                    // than the compare and masked `vmaxpd` (which returned `o` of two
                    // zeros) took; the compare and the OR are independent.
                    let ordered = avx512!($cmp::<_CMP_ORD_Q>(self.0, o.0));
                    let nan = avx512!($or(self.0, o.0));
                    $V(avx512!($mask_range::<0b0101>(nan, ordered, self.0, o.0)))
                }
                #[inline(always)]
                fn min(self, o: Self) -> Self {
                    // As in `max`; bits 1:0 = 00 select the minimum.
                    let ordered = avx512!($cmp::<_CMP_ORD_Q>(self.0, o.0));
                    let nan = avx512!($or(self.0, o.0));
                    $V(avx512!($mask_range::<0b0100>(nan, ordered, self.0, o.0)))
                }
                #[inline(always)]
                fn abs(self) -> Self {
                    $V(avx512!($abs(self.0)))
                }

                // `vscalefpd` either way.
                const FAST_SCALE: bool = true;

                #[inline(always)]
                fn magnitude_outside(self, lo: Self, hi: Self) -> $M {
                    // The "non-zero" test masks the "below `lo`" compare instead of being
                    // ANDed after it: one instruction less per vector.
                    let m = avx512!($abs(self.0));
                    let nonzero = avx512!($cmp::<_CMP_NEQ_UQ>(m, $set1(0.0)));
                    let tiny = avx512!($mask_cmp::<_CMP_LT_OQ>(nonzero, m, lo.0));
                    $M(tiny | avx512!($cmp::<_CMP_GT_OQ>(m, hi.0)))
                }

                #[inline(always)]
                fn pow2i(self) -> Self {
                    $V(avx512!($scalef($set1(1.0), self.0)))
                }
                #[inline(always)]
                fn scale_by_pow2(self, n: Self) -> Self {
                    // `vscalefpd`/`vscalefps`: one instruction, one rounding, with overflow
                    // and gradual underflow.
                    $V(avx512!($scalef(self.0, n.0)))
                }
                #[inline(always)]
                fn scale_by_pow2_floor(self, n: Self) -> Self {
                    // `vscalefpd` multiplies by `2^floor(n)` itself.
                    self.scale_by_pow2(n)
                }
                #[inline(always)]
                fn exponent(self) -> Self {
                    $V(avx512!($getexp(self.0)))
                }
                #[inline(always)]
                fn mantissa(self) -> Self {
                    $V(avx512!($getmant::<_MM_MANT_NORM_1_2, _MM_MANT_SIGN_ZERO>(self.0)))
                }

                $($extra)*
            }
        }
    };
}

avx512_vector! {
    /// Eight `f64` lanes in a `__m512d`.
    vector Avx512F64(__m512d), elem f64, lanes 8;
    /// Comparison result of [`Avx512F64`]: an AVX-512 mask register.
    mask Avx512Mask8(__mmask8);
    set1 _mm512_set1_pd, setr _mm512_setr_pd [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    loadu _mm512_loadu_pd, storeu _mm512_storeu_pd,
    stream _mm512_stream_pd,
    mask_loadu _mm512_mask_loadu_pd,
    mask_storeu _mm512_mask_storeu_pd, mask_blend _mm512_mask_blend_pd,
    add _mm512_add_pd, sub _mm512_sub_pd, mul _mm512_mul_pd, div _mm512_div_pd,
    fmadd _mm512_fmadd_pd, cmp _mm512_cmp_pd_mask,
    mask_cmp _mm512_mask_cmp_pd_mask, max _mm512_max_pd, min _mm512_min_pd,
    mask_range _mm512_mask_range_pd,
    sqrt _mm512_sqrt_pd, round _mm512_roundscale_pd, abs _mm512_abs_pd,
    and _mm512_and_pd, or _mm512_or_pd, andnot _mm512_andnot_pd, xor _mm512_xor_pd,
    scalef _mm512_scalef_pd, getexp _mm512_getexp_pd, getmant _mm512_getmant_pd;
    int lanes: to_int _mm512_castpd_si512, from_int _mm512_castsi512_pd,
    addi _mm512_add_epi64, sll _mm512_sll_epi64;
    {
        #[inline(always)]
        fn lookup16_bits(self, table: &[f64; 16]) -> Self {
            // Both halves of the table sit in registers (hoisted out of loops once inlined);
            // `vpermt2pd` reads only the low 4 index bits, so any lane stays in bounds.
            let lo = Self::load(self.token(), &table[..8]);
            let hi = Self::load(self.token(), &table[8..]);
            let idx = avx512!(_mm512_castpd_si512(self.0));
            Avx512F64(avx512!(_mm512_permutex2var_pd(lo.0, idx, hi.0)))
        }
    }
}

avx512_vector! {
    /// Sixteen `f32` lanes in a `__m512`.
    vector Avx512F32(__m512), elem f32, lanes 16;
    /// Comparison result of [`Avx512F32`]: an AVX-512 mask register.
    mask Avx512Mask16(__mmask16);
    set1 _mm512_set1_ps, setr _mm512_setr_ps [
        0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0
    ],
    loadu _mm512_loadu_ps, storeu _mm512_storeu_ps,
    stream _mm512_stream_ps,
    mask_loadu _mm512_mask_loadu_ps,
    mask_storeu _mm512_mask_storeu_ps, mask_blend _mm512_mask_blend_ps,
    add _mm512_add_ps, sub _mm512_sub_ps, mul _mm512_mul_ps, div _mm512_div_ps,
    fmadd _mm512_fmadd_ps, cmp _mm512_cmp_ps_mask,
    mask_cmp _mm512_mask_cmp_ps_mask, max _mm512_max_ps, min _mm512_min_ps,
    mask_range _mm512_mask_range_ps,
    sqrt _mm512_sqrt_ps, round _mm512_roundscale_ps, abs _mm512_abs_ps,
    and _mm512_and_ps, or _mm512_or_ps, andnot _mm512_andnot_ps, xor _mm512_xor_ps,
    scalef _mm512_scalef_ps, getexp _mm512_getexp_ps, getmant _mm512_getmant_ps;
    int lanes: to_int _mm512_castps_si512, from_int _mm512_castsi512_ps,
    addi _mm512_add_epi32, sll _mm512_sll_epi32;
    {
        #[inline(always)]
        fn lookup16_bits(self, table: &[f32; 16]) -> Self {
            // The whole table is one register; `vpermps` reads only the low 4 index bits.
            let tab = Self::load(self.token(), table);
            let idx = avx512!(_mm512_castps_si512(self.0));
            Avx512F32(avx512!(_mm512_permutexvar_ps(idx, tab.0)))
        }
    }
}
