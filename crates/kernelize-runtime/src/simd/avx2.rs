//! The AVX2 + FMA tier: 4 × `f64` / 8 × `f32` in 256-bit registers, written with
//! `core::arch` so it does not depend on how other crates were compiled.
//!
//! Every vector op is `#[inline(always)]` and reaches the intrinsics through `unsafe`:
//! they are `#[target_feature(enable = "avx2,fma")]` functions, and the only way to hold an
//! [`Avx2F64`] or [`Avx2F32`] is through an [`Avx2Tier`] token, which exists only after
//! detection (see [`Simd`]). Run code through [`Simd::vectorize`] so it is compiled with
//! those features and the intrinsics inline.

use core::arch::x86_64::*;

use super::x86::x86_vector;
use super::{Mask, PairTable16, Simd, Vector, WithSimd};
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

/// Defines an AVX2 vector type and its mask for one element type: `x86_vector!` with the
/// intrinsics named here, plus what is particular to AVX2 (masks as all-ones lanes in a
/// float register, partial loads and stores through `maskload`/`maskstore`, `blendv`
/// selects, and `2^n`, exponent and mantissa built from the bits with integer shifts).
/// `$extra` holds the items that differ between `f64` and `f32` (`lookup16`).
macro_rules! avx2_vector {
    (
        $(#[$doc:meta])*
        vector $V:ident($reg:ty), elem $e:ty, lanes $n:literal;
        $(#[$mdoc:meta])*
        mask $M:ident;
        set1 $set1:ident, setr $setr:ident [$($iota:literal),*],
        loadu $loadu:ident, storeu $storeu:ident,
        stream $stream:ident,
        maskload $maskload:ident, maskstore $maskstore:ident, blendv $blendv:ident,
        add $add:ident, sub $sub:ident, mul $mul:ident, div $div:ident, fmadd $fmadd:ident,
        cmp $cmp:ident, max $max:ident, min $min:ident, sqrt $sqrt:ident, round $round:ident,
        and $and:ident, or $or:ident, andnot $andnot:ident, xor $xor:ident,
        movemask $movemask:ident, to_int $to_int:ident, from_int $from_int:ident;
        int lanes: cmpgt $cmpgt:ident, set1 $set1i:ident as $int:ty,
        setr $setri:ident [$($lane:literal),*], slli $slli:ident, srli $srli:ident,
        addi $addi:ident, sll $sll:ident;
        bits: mantissa $mbits:literal (mask $mmask:literal), exponent mask $emask:literal,
        bias $bias:literal, pow2 $pow2:literal (bits $pow2_bits:literal),
        pow2 times 1.5 $pow2_x15:literal;
        { $($extra:tt)* }
    ) => {
        $(#[$mdoc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $M($reg);

        impl Mask for $M {
            #[inline(always)]
            fn and(self, other: Self) -> Self {
                $M(avx!($and(self.0, other.0)))
            }
            #[inline(always)]
            fn or(self, other: Self) -> Self {
                $M(avx!($or(self.0, other.0)))
            }
            #[inline(always)]
            fn not(self) -> Self {
                $M(avx!($xor(self.0, $from_int(_mm256_set1_epi64x(-1)))))
            }
            #[inline(always)]
            fn bitmask(self) -> u64 {
                avx!($movemask(self.0)) as u64
            }
        }

        impl $V {
            /// Lanes `< n` set, as an integer mask for `maskload`/`maskstore`.
            #[inline(always)]
            fn first_lanes(n: usize) -> __m256i {
                avx!($cmpgt($set1i(n.min($n) as $int), $setri($($lane),*)))
            }
        }

        x86_vector! {
            $(#[$doc])*
            vector $V($reg), mask $M, token Avx2Tier, elem $e, lanes $n,
            via avx, features "AVX2 and FMA";
            set1 $set1, setr $setr [$($iota),*], loadu $loadu, storeu $storeu,
            stream $stream,
            add $add, sub $sub, mul $mul, div $div, fmadd $fmadd,
            cmp $cmp, max $max, min $min, sqrt $sqrt, round $round,
            and $and, or $or, andnot $andnot, xor $xor;
            int lanes: to_int $to_int, from_int $from_int, addi $addi, sll $sll;
            {
                #[inline(always)]
                fn load_partial(_: Avx2Tier, src: &[$e], fill: $e) -> Self {
                    let m = Self::first_lanes(src.len());
                    // SAFETY: the token proves AVX2; `maskload` touches only the lanes in
                    // `m`, which are `< src.len()`, and does not fault on the others.
                    let v = unsafe { $maskload(src.as_ptr(), m) };
                    $V(avx!($blendv($set1(fill), v, $from_int(m))))
                }
                #[inline(always)]
                fn store_partial(self, dst: &mut [$e]) {
                    let m = Self::first_lanes(dst.len());
                    // SAFETY: the vector proves AVX2; `maskstore` writes only the lanes in
                    // `m`, which are `< dst.len()`.
                    unsafe { $maskstore(dst.as_mut_ptr(), m, self.0) }
                }
                #[inline(always)]
                fn select(m: $M, a: Self, b: Self) -> Self {
                    $V(avx!($blendv(b.0, a.0, m.0)))
                }
                #[inline(always)]
                fn max(self, o: Self) -> Self {
                    // `vmaxpd`/`vmaxps` return the second operand when the two are equal or
                    // either is NaN. Taken both ways round they give the same lane twice
                    // except for zeros of opposite signs (the AND of the two is then +0
                    // unless both are −0, `Vector::max`'s rule) and NaN lanes (one of the
                    // two is the NaN, which the AND may spoil, so the unordered compare's
                    // all-ones lanes, a NaN, are ORed in). Five one-uop instructions, two
                    // more than the NaN patch alone took (`vcmpunordpd` and a blend, which
                    // is two uops on many Intel cores).
                    let ab = avx!($max(self.0, o.0));
                    let ba = avx!($max(o.0, self.0));
                    let nan = avx!($cmp::<_CMP_UNORD_Q>(self.0, o.0));
                    $V(avx!($or($and(ab, ba), nan)))
                }
                #[inline(always)]
                fn min(self, o: Self) -> Self {
                    // As in `max`, but the OR of the two ways round serves both cases: of
                    // zeros of opposite signs it is −0, and a NaN ORed with anything stays
                    // a NaN (exponent all ones, mantissa non-zero). Three instructions, as
                    // many as the NaN patch alone took.
                    $V(avx!($or($min(self.0, o.0), $min(o.0, self.0))))
                }
                #[inline(always)]
                fn abs(self) -> Self {
                    $V(avx!($andnot($set1(-0.0), self.0)))
                }

                #[inline(always)]
                fn pow2i(self) -> Self {
                    // Adding 1.5·2^mantissa + bias puts `n + bias` in the low mantissa bits;
                    // shifting them up to the exponent field makes 2^n.
                    let t = avx!($add(self.0, $set1($pow2_x15 + $bias)));
                    $V(avx!($from_int($slli::<$mbits>($to_int(t)))))
                }
                #[inline(always)]
                fn exponent(self) -> Self {
                    // The biased exponent field ORed into the mantissa of 2^mantissa reads as
                    // 2^mantissa + field.
                    let field = avx!(_mm256_and_si256(
                        $srli::<$mbits>($to_int(self.0)),
                        $set1i($emask)
                    ));
                    let big = avx!($from_int(_mm256_or_si256(field, $set1i($pow2_bits))));
                    $V(avx!($sub(big, $set1($pow2 + $bias))))
                }
                #[inline(always)]
                fn mantissa(self) -> Self {
                    let frac = avx!($and(self.0, $from_int($set1i($mmask))));
                    $V(avx!($or(frac, $set1(1.0))))
                }

                $($extra)*
            }
        }
    };
}

avx2_vector! {
    /// Four `f64` lanes in a `__m256d`.
    vector Avx2F64(__m256d), elem f64, lanes 4;
    /// Comparison result of [`Avx2F64`]: all-ones or all-zeros lanes.
    mask Avx2Mask64;
    set1 _mm256_set1_pd, setr _mm256_setr_pd [0.0, 1.0, 2.0, 3.0],
    loadu _mm256_loadu_pd, storeu _mm256_storeu_pd,
    stream _mm256_stream_pd,
    maskload _mm256_maskload_pd, maskstore _mm256_maskstore_pd, blendv _mm256_blendv_pd,
    add _mm256_add_pd, sub _mm256_sub_pd, mul _mm256_mul_pd, div _mm256_div_pd,
    fmadd _mm256_fmadd_pd, cmp _mm256_cmp_pd, max _mm256_max_pd, min _mm256_min_pd,
    sqrt _mm256_sqrt_pd, round _mm256_round_pd,
    and _mm256_and_pd, or _mm256_or_pd, andnot _mm256_andnot_pd, xor _mm256_xor_pd,
    movemask _mm256_movemask_pd, to_int _mm256_castpd_si256, from_int _mm256_castsi256_pd;
    int lanes: cmpgt _mm256_cmpgt_epi64, set1 _mm256_set1_epi64x as i64,
    setr _mm256_setr_epi64x [0, 1, 2, 3], slli _mm256_slli_epi64, srli _mm256_srli_epi64,
    addi _mm256_add_epi64, sll _mm256_sll_epi64;
    bits: mantissa 52 (mask 0x000f_ffff_ffff_ffff), exponent mask 0x7ff,
    bias 1023.0, pow2 4503599627370496.0 (bits 0x4330_0000_0000_0000),
    pow2 times 1.5 6755399441055744.0;
    {
        #[inline(always)]
        fn lookup16_bits(self, table: &[f64; 16]) -> Self {
            // Four scalar loads beat `vgatherdpd` here (it halved `exp` throughput on Zen 4).
            let mut bits = [0u64; 4];
            // SAFETY: the vector proves AVX2; `bits` has room for the 4 stored lanes.
            unsafe { _mm256_storeu_si256(bits.as_mut_ptr().cast(), _mm256_castpd_si256(self.0)) };
            let at = |i: usize| table[(bits[i] & 15) as usize];
            Avx2F64(avx!(_mm256_setr_pd(at(0), at(1), at(2), at(3))))
        }
        #[inline(always)]
        fn lookup16_pair_bits(self, table: &PairTable16<f64>) -> (Self, Self) {
            // One 16-byte load per lane brings its `(hi, lo)`; two inserts and two unpacks
            // sort them into `hi` and `lo` (eight 8-byte loads and six shuffles otherwise).
            let mut j = [0u64; 4];
            // SAFETY: the vector proves AVX2; `j` has room for the 4 stored lanes.
            unsafe { _mm256_storeu_si256(j.as_mut_ptr().cast(), _mm256_castpd_si256(self.0)) };
            // SAFETY: AVX is proven by the vector; each pointer is to a whole `[f64; 2]` of
            // the table (the index is masked to 0..16 and bounds-checked).
            let at = |i: usize| unsafe { _mm_loadu_pd(table.pairs[(j[i] & 15) as usize].as_ptr()) };
            let (p0, p1, p2, p3) = (at(0), at(1), at(2), at(3));
            let a = avx!(_mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(p0), p2));
            let b = avx!(_mm256_insertf128_pd::<1>(_mm256_castpd128_pd256(p1), p3));
            (
                Avx2F64(avx!(_mm256_unpacklo_pd(a, b))),
                Avx2F64(avx!(_mm256_unpackhi_pd(a, b))),
            )
        }
    }
}

avx2_vector! {
    /// Eight `f32` lanes in a `__m256`.
    vector Avx2F32(__m256), elem f32, lanes 8;
    /// Comparison result of [`Avx2F32`]: all-ones or all-zeros lanes.
    mask Avx2Mask32;
    set1 _mm256_set1_ps, setr _mm256_setr_ps [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
    loadu _mm256_loadu_ps, storeu _mm256_storeu_ps,
    stream _mm256_stream_ps,
    maskload _mm256_maskload_ps, maskstore _mm256_maskstore_ps, blendv _mm256_blendv_ps,
    add _mm256_add_ps, sub _mm256_sub_ps, mul _mm256_mul_ps, div _mm256_div_ps,
    fmadd _mm256_fmadd_ps, cmp _mm256_cmp_ps, max _mm256_max_ps, min _mm256_min_ps,
    sqrt _mm256_sqrt_ps, round _mm256_round_ps,
    and _mm256_and_ps, or _mm256_or_ps, andnot _mm256_andnot_ps, xor _mm256_xor_ps,
    movemask _mm256_movemask_ps, to_int _mm256_castps_si256, from_int _mm256_castsi256_ps;
    int lanes: cmpgt _mm256_cmpgt_epi32, set1 _mm256_set1_epi32 as i32,
    setr _mm256_setr_epi32 [0, 1, 2, 3, 4, 5, 6, 7], slli _mm256_slli_epi32,
    srli _mm256_srli_epi32, addi _mm256_add_epi32, sll _mm256_sll_epi32;
    bits: mantissa 23 (mask 0x007f_ffff), exponent mask 0xff,
    bias 127.0, pow2 8388608.0 (bits 0x4b00_0000),
    pow2 times 1.5 12582912.0;
    {
        #[inline(always)]
        fn lookup16_bits(self, table: &[f32; 16]) -> Self {
            // `vpermps` reads the low 3 bits; bit 3, shifted up to the sign, picks the half.
            let idx = avx!(_mm256_castps_si256(self.0));
            let lo = Self::load(self.token(), &table[..8]);
            let hi = Self::load(self.token(), &table[8..]);
            let from_lo = avx!(_mm256_permutevar8x32_ps(lo.0, idx));
            let from_hi = avx!(_mm256_permutevar8x32_ps(hi.0, idx));
            let upper = avx!(_mm256_castsi256_ps(_mm256_slli_epi32::<28>(idx)));
            Avx2F32(avx!(_mm256_blendv_ps(from_lo, from_hi, upper)))
        }
    }
}
