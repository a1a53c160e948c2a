//! The per-type constants of the math library: one algorithm, two sets of numbers.
//!
//! Splits into `HI + LO` are chosen so that `k * HI` is exact for every `k` the
//! algorithms produce (`HI` has trailing zero bits); tables and splits were generated with
//! mpmath at 300 bits and rounded to nearest.

// The literals are the generated (or published) values verbatim, and some are
// deliberately not the std constant (a split part, or the `f32` rounding).
#![allow(clippy::excessive_precision, clippy::approx_constant)]

use crate::simd::PairTable16;

/// An element type the math library computes in (`f32`, `f64`), as constants the shared
/// algorithms read. Tables are `&'static` so that lookups read one static copy (a by-value
/// array constant would be rebuilt on the stack in every loop iteration). Every value is given as `f64` and is exactly representable in the
/// element type unless its doc says otherwise.
pub trait MathElement: Copy + 'static {
    /// Smallest `n` for which `Vector::pow2i` is exact (the least normal exponent).
    const MIN_POW2I: f64;
    /// Largest `n` for which `Vector::pow2i` is exact.
    const MAX_POW2I: f64;
    /// Smallest positive normal number.
    const MIN_POSITIVE: f64;
    /// `2^(MANT_DIGITS + 1)`: multiplies a subnormal into the normal range.
    const SUBNORMAL_SCALE: f64;
    /// `log2(SUBNORMAL_SCALE)`.
    const SUBNORMAL_SCALE_LOG2: f64;
    /// Below this magnitude `sin`, `tan`, `tanh`, `expm1`, `log1p` return `x` itself
    /// (their next term is under half an ulp), which also keeps the sign of `-0`.
    const TINY: f64;

    /// `2^(j/16)` rounded to the element type, `j = 0..16`.
    const EXP_TABLE_HI: &'static [Self; 16];
    /// `2^(j/16) - EXP_TABLE_HI[j]`, rounded.
    const EXP_TABLE_LO: &'static [Self; 16];
    /// [`MathElement::EXP_TABLE_HI`] and [`MathElement::EXP_TABLE_LO`] as one table.
    const EXP_PAIRS: &'static PairTable16<Self>;
    /// `2^(j/16) = EXP_HI_TAIL.hi[j]·(1 + EXP_HI_TAIL.lo[j])`: the table's `hi` and its
    /// low part relative to it (`lo[j] / hi[j]`, rounded), so that `exp` finishes with one
    /// fused `hi + hi·(p + tail)`.
    const EXP_HI_TAIL: &'static PairTable16<Self>;
    /// [`MathElement::EXP_HI_TAIL`] with each `hi[j]` replaced by the float whose bits are
    /// `bits(hi[j]) - j·2^(MANT_BITS - 4)`: adding `k << (MANT_BITS - 4)` to those bits
    /// (`k = 16n + j`) gives `2^n·hi[j]` ([`crate::simd::Vector::add_shifted_bits`]).
    const EXP_SCALE_TAIL: &'static PairTable16<Self>;
    /// Explicit mantissa bits (52, 23).
    const MANT_BITS: u32;
    /// `Some(c)`: `exp` uses no table but `e^r ≈ c[0] + c[1]·r + ...` on `|r| ≤ ln2/2`
    /// (Horner), which takes fewer instructions where the type's precision allows a short
    /// polynomial (`f32`). `None`: the 16-entry table and [`MathElement::EXP_POLY`].
    const EXP_DIRECT_POLY: Option<&'static [f64]>;
    /// Coefficients `c2, c3, ...` of `expm1(r) ≈ r + r²(c2 + c3 r + ...)` on
    /// `|r| ≤ ln2/32`.
    const EXP_POLY: &'static [f64];
    /// `1.5·2^mantissa-bits`: adding it to `|v| < 2^(mantissa-bits - 1)` rounds `v` to an
    /// integer (to nearest, ties to even) and leaves that integer's low bits at the bottom
    /// of the sum's mantissa.
    const ROUND_SHIFT: f64;
    /// `16 / ln 2`, rounded.
    const INV_LN2_16: f64;
    /// `ln2/16`, high part.
    const LN2_16_HI: f64;
    /// `ln2/16 - LN2_16_HI`, rounded.
    const LN2_16_LO: f64;
    /// `ln 2`, rounded.
    const LN2: f64;
    /// [`crate::math::Divisor`] divides by reciprocal and corrections when the divisor's
    /// magnitude lies in `[1 / DIV_RANGE, DIV_RANGE]` and the quotient's in
    /// `[1 / QUOT_RANGE, QUOT_RANGE]` (or is a zero): `2^450` and `2^500` for `f64`,
    /// `2^40` and `2^60` for `f32`. Then the reciprocal, its low part and the first
    /// quotient are normal, and the remainder's granule, at least
    /// `ulp(q)·ulp(d) ≥ 2^-(500+52+450+52)` (`2^-(60+23+40+23)` for `f32`), is no finer
    /// than the smallest subnormal, so the remainder is exact.
    const DIV_RANGE: f64;
    /// See [`MathElement::DIV_RANGE`].
    const QUOT_RANGE: f64;
    /// `1 - 2^-MANT_DIGITS`: a normal `y` times this rounds to the float just below `y`.
    const NEXT_DOWN: f64;
    /// `|x|` up to which `exp` needs no overflow/underflow care (`2^n` stays normal).
    const EXP_FAST: f64;
    /// `exp` inputs are clamped to `[EXP_LO, EXP_HI]`, beyond which the result is 0 or ∞.
    const EXP_LO: f64;
    /// See [`MathElement::EXP_LO`].
    const EXP_HI: f64;
    /// `|x|` up to which `exp2` needs no overflow/underflow care.
    const EXP2_FAST: f64;
    /// `exp2` inputs are clamped to `[EXP2_LO, EXP2_HI]`.
    const EXP2_LO: f64;
    /// See [`MathElement::EXP2_LO`].
    const EXP2_HI: f64;
    /// Coefficients `c2, c3, ...` of `expm1(x) ≈ x + x²(c2 + c3 x + ...)` on `|x| ≤ ln2/2`.
    const EXPM1_POLY: &'static [f64];
    /// `tanh(x)` rounds to ±1 beyond this magnitude.
    const TANH_SAT: f64;

    /// `ln 2`, high part (`e * LN2_HI` exact for every exponent `e`).
    const LN2_HI: f64;
    /// `ln 2 - LN2_HI`.
    const LN2_LO: f64;
    /// `1 / ln 2`, rounded.
    const INV_LN2: f64;
    /// `1 / ln 2 - INV_LN2`.
    const INV_LN2_LO: f64;
    /// `1 / ln 10`, rounded.
    const INV_LN10: f64;
    /// `1 / ln 10 - INV_LN10`.
    const INV_LN10_LO: f64;
    /// `log10(2)`, high part (`e * LOG10_2_HI` exact).
    const LOG10_2_HI: f64;
    /// `log10(2) - LOG10_2_HI`.
    const LOG10_2_LO: f64;
    /// `R(z)/z` coefficients of `ln(1+f) = 2s + s·R(s²)`, `s = f/(2+f)` (fdlibm's `Lg`).
    const LOG_POLY: &'static [f64];

    /// `π/2` in parts, each but the last short enough that `q * part` is exact for
    /// `|x| ≤ TRIG_FAST`.
    const PIO2_PARTS: &'static [f64];
    /// `2/π`, rounded.
    const TWO_OVER_PI: f64;
    /// `|x|` up to which the vector range reduction is accurate; beyond, lanes go to libm.
    const TRIG_FAST: f64;
    /// `sin(r) ≈ r + r³·S(r²)` coefficients of `S`, on `|r| ≤ π/4`.
    const SIN_POLY: &'static [f64];
    /// `cos(r) ≈ 1 - r²/2 + r⁴·C(r²)` coefficients of `C`, on `|r| ≤ π/4`.
    const COS_POLY: &'static [f64];

    /// `1/c_j` on a 1/32 grid for the 16 intervals `m ∈ [1 + j/16, 1 + (j+1)/16)`, chosen
    /// so that `m·INV - 1` is exact and below 1/16 in magnitude (1 for `j = 0`, so that
    /// `ln 1` is exactly 0) ([`crate::math::power`]'s
    /// logarithm).
    const POW_LOG_INV: &'static [Self; 16];
    /// `-ln(POW_LOG_INV[j])`, rounded.
    const POW_LOG_HI: &'static [Self; 16];
    /// `-ln(POW_LOG_INV[j]) - POW_LOG_HI[j]`, rounded.
    const POW_LOG_LO: &'static [Self; 16];

    /// libm `sin` for the slow path (through `f64` for `f32`).
    fn libm_sin(self) -> Self;
    /// libm `cos` for the slow path.
    fn libm_cos(self) -> Self;
    /// libm `tan` for the slow path.
    fn libm_tan(self) -> Self;
}

/// `1/k!` for `k = from..=to`, as a `const` array builder would be unstable: listed.
const INV_FACT: [f64; 15] = [
    1.0,
    1.0,
    0.5,
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
    0.0001984126984126984,
    2.48015873015873e-5,
    2.7557319223985893e-6,
    2.755731922398589e-7,
    2.505210838544172e-8,
    2.08767569878681e-9,
    1.6059043836821613e-10,
    1.1470745597729725e-11,
];

/// The tables derived from `2^(j/16) = hi[j] + lo[j]` (see
/// [`MathElement::EXP_HI_TAIL`] and [`MathElement::EXP_SCALE_TAIL`]), as `const fn`s per
/// type (float arithmetic in `const fn` is not generic).
macro_rules! exp_tables {
    ($tail:ident, $scale_bits:ident, $t:ty, $bits:ty, $mant:expr) => {
        const fn $tail(hi: &[$t; 16], lo: &[$t; 16]) -> [$t; 16] {
            let mut out = [0.0; 16];
            let mut j = 0;
            while j < 16 {
                out[j] = lo[j] / hi[j];
                j += 1;
            }
            out
        }
        const fn $scale_bits(hi: &[$t; 16]) -> [$t; 16] {
            let mut out = [0.0; 16];
            let mut j = 0;
            while j < 16 {
                out[j] = <$t>::from_bits(hi[j].to_bits() - ((j as $bits) << ($mant - 4)));
                j += 1;
            }
            out
        }
    };
}
exp_tables!(exp_tail_f64, exp_scale_bits_f64, f64, u64, 52);
exp_tables!(exp_tail_f32, exp_scale_bits_f32, f32, u32, 23);

impl MathElement for f64 {
    const MIN_POW2I: f64 = -1022.0;
    const MAX_POW2I: f64 = 1023.0;
    const MIN_POSITIVE: f64 = f64::MIN_POSITIVE;
    const SUBNORMAL_SCALE: f64 = 18014398509481984.0; // 2^54
    const SUBNORMAL_SCALE_LOG2: f64 = 54.0;
    const TINY: f64 = 5.551115123125783e-17; // 2^-54

    const EXP_TABLE_HI: &'static [f64; 16] = &[
        1.0,
        1.0442737824274138,
        1.0905077326652577,
        1.1387886347566916,
        1.189207115002721,
        1.241857812073484,
        1.2968395546510096,
        1.3542555469368927,
        1.4142135623730951,
        1.4768261459394993,
        1.5422108254079407,
        1.6104903319492543,
        1.681792830507429,
        1.7562521603732995,
        1.8340080864093424,
        1.9152065613971474,
    ];
    const EXP_TABLE_LO: &'static [f64; 16] = &[
        0.0,
        8.551889705537965e-17,
        -3.046782079812471e-17,
        8.912812676025408e-17,
        3.982015231465646e-17,
        4.658027591836937e-17,
        2.5382502794888315e-17,
        7.70094837980299e-17,
        -9.667293313452913e-17,
        -3.483994556892796e-17,
        7.949834809697621e-17,
        2.4707192569797888e-17,
        8.199010020581497e-17,
        2.960140695448873e-17,
        3.283107224245627e-17,
        -1.0619946056195963e-16,
    ];
    const EXP_PAIRS: &'static PairTable16<f64> =
        &PairTable16::new(*Self::EXP_TABLE_HI, *Self::EXP_TABLE_LO);
    const EXP_HI_TAIL: &'static PairTable16<f64> = &PairTable16::new(
        *Self::EXP_TABLE_HI,
        exp_tail_f64(Self::EXP_TABLE_HI, Self::EXP_TABLE_LO),
    );
    const EXP_SCALE_TAIL: &'static PairTable16<f64> = &PairTable16::new(
        exp_scale_bits_f64(Self::EXP_TABLE_HI),
        exp_tail_f64(Self::EXP_TABLE_HI, Self::EXP_TABLE_LO),
    );
    const MANT_BITS: u32 = 52;
    // Taylor: on |r| ≤ ln2/32 the degree-8 term is below 2^-59 relative.
    const EXP_POLY: &'static [f64] = &[
        INV_FACT[2],
        INV_FACT[3],
        INV_FACT[4],
        INV_FACT[5],
        INV_FACT[6],
        INV_FACT[7],
    ];
    const EXP_DIRECT_POLY: Option<&'static [f64]> = None;
    const ROUND_SHIFT: f64 = 6755399441055744.0;
    const INV_LN2_16: f64 = 23.083120654223414;
    const LN2_16_HI: f64 = 0.043321698787622154;
    const LN2_16_LO: f64 = -2.625571920425678e-12;
    const LN2: f64 = core::f64::consts::LN_2;
    const DIV_RANGE: f64 = 2.9073548971824276e135;
    const QUOT_RANGE: f64 = 3.273390607896142e150;
    const NEXT_DOWN: f64 = 1.0 - 1.0 / 9007199254740992.0; // 1 - 2^-53
    const EXP_FAST: f64 = 708.0;
    const EXP_LO: f64 = -746.0;
    const EXP_HI: f64 = 710.0;
    const EXP2_FAST: f64 = 1021.0;
    const EXP2_LO: f64 = -1076.0;
    const EXP2_HI: f64 = 1025.0;
    const EXPM1_POLY: &'static [f64] = &[
        INV_FACT[2],
        INV_FACT[3],
        INV_FACT[4],
        INV_FACT[5],
        INV_FACT[6],
        INV_FACT[7],
        INV_FACT[8],
        INV_FACT[9],
        INV_FACT[10],
        INV_FACT[11],
        INV_FACT[12],
        INV_FACT[13],
        INV_FACT[14],
    ];
    const TANH_SAT: f64 = 22.0;

    const LN2_HI: f64 = 0.6931471806019545;
    const LN2_LO: f64 = -4.2009150726810846e-11;
    const INV_LN2: f64 = 1.4426950408889634;
    const INV_LN2_LO: f64 = 2.0355273740931033e-17;
    const INV_LN10: f64 = 0.4342944819032518;
    const INV_LN10_LO: f64 = 1.098319650216765e-17;
    const LOG10_2_HI: f64 = 0.3010299956658855;
    const LOG10_2_LO: f64 = -1.9043128467164274e-12;
    const LOG_POLY: &'static [f64] = &[
        6.666666666666735130e-01,
        3.999999999940941908e-01,
        2.857142874366239149e-01,
        2.222219843214978396e-01,
        1.818357216161805012e-01,
        1.531383769920937332e-01,
        1.479819860511658591e-01,
    ];

    const PIO2_PARTS: &'static [f64] = &[
        1.5707963267341256,
        6.077100506303966e-11,
        2.0222662487111665e-21,
        8.4784276603689e-32,
    ];
    const TWO_OVER_PI: f64 = 0.6366197723675814;
    const TRIG_FAST: f64 = 1.0e6;
    const SIN_POLY: &'static [f64] = &[
        -1.66666666666666324348e-01,
        8.33333333332248946124e-03,
        -1.98412698298579493134e-04,
        2.75573137070700676789e-06,
        -2.50507602534068634195e-08,
        1.58969099521155010221e-10,
    ];
    const COS_POLY: &'static [f64] = &[
        4.16666666666666019037e-02,
        -1.38888888888741095749e-03,
        2.48015872894767294178e-05,
        -2.75573143513906633035e-07,
        2.08757232129817482790e-09,
        -1.13596475577881948265e-11,
    ];

    const POW_LOG_INV: &'static [f64; 16] = &[
        1.0, 0.90625, 0.875, 0.8125, 0.78125, 0.75, 0.71875, 0.6875, 0.65625, 0.625, 0.59375,
        0.59375, 0.5625, 0.53125, 0.53125, 0.5,
    ];
    const POW_LOG_HI: &'static [f64; 16] = &[
        0.0,
        0.09844007281325252,
        0.13353139262452263,
        0.2076393647782445,
        0.24686007793152578,
        0.2876820724517809,
        0.33024168687057687,
        0.3746934494414107,
        0.42121346507630353,
        0.4700036292457356,
        0.5212969236332861,
        0.5212969236332861,
        0.5753641449035618,
        0.6325225587435105,
        0.6325225587435105,
        0.6931471805599453,
    ];
    const POW_LOG_LO: &'static [f64; 16] = &[
        0.0,
        -4.439009633675136e-18,
        -3.664457663660085e-18,
        1.2053243216686129e-17,
        1.361743371748368e-17,
        2.607160616442564e-17,
        -1.0828321637483858e-17,
        -3.9243112288632396e-18,
        2.2407148500765553e-17,
        -2.3229412495470032e-17,
        2.9212921959474365e-17,
        2.9212921959474365e-17,
        5.214321232885128e-17,
        -2.1085297878853066e-17,
        -2.1085297878853066e-17,
        2.3190468138462996e-17,
    ];

    #[inline]
    fn libm_sin(self) -> Self {
        self.sin()
    }
    #[inline]
    fn libm_cos(self) -> Self {
        self.cos()
    }
    #[inline]
    fn libm_tan(self) -> Self {
        self.tan()
    }
}

impl MathElement for f32 {
    const MIN_POW2I: f64 = -126.0;
    const MAX_POW2I: f64 = 127.0;
    const MIN_POSITIVE: f64 = f32::MIN_POSITIVE as f64;
    const SUBNORMAL_SCALE: f64 = 33554432.0; // 2^25
    const SUBNORMAL_SCALE_LOG2: f64 = 25.0;
    const TINY: f64 = 2.9802322387695312e-8; // 2^-25

    const EXP_TABLE_HI: &'static [f32; 16] = &[
        1.0,
        1.0442737340927124,
        1.0905077457427979,
        1.1387885808944702,
        1.1892070770263672,
        1.2418577671051025,
        1.2968395948410034,
        1.3542555570602417,
        1.4142135381698608,
        1.4768261909484863,
        1.5422108173370361,
        1.610490322113037,
        1.6817928552627563,
        1.7562521696090698,
        1.8340080976486206,
        1.9152065515518188,
    ];
    const EXP_TABLE_LO: &'static [f32; 16] = &[
        0.0,
        4.8334701574503924e-08,
        -1.3077539939843064e-08,
        5.386222312608879e-08,
        3.797635272917432e-08,
        4.496838101886169e-08,
        -4.018999533172973e-08,
        -1.0123349269974824e-08,
        2.4203234971764687e-08,
        -4.500898853621038e-08,
        8.070904833346049e-09,
        9.836217174097328e-09,
        -2.4755326677450284e-08,
        -9.235770370707996e-09,
        -1.1239277952768134e-08,
        9.845328108326612e-09,
    ];
    const EXP_PAIRS: &'static PairTable16<f32> =
        &PairTable16::new(*Self::EXP_TABLE_HI, *Self::EXP_TABLE_LO);
    const EXP_HI_TAIL: &'static PairTable16<f32> = &PairTable16::new(
        *Self::EXP_TABLE_HI,
        exp_tail_f32(Self::EXP_TABLE_HI, Self::EXP_TABLE_LO),
    );
    const EXP_SCALE_TAIL: &'static PairTable16<f32> = &PairTable16::new(
        exp_scale_bits_f32(Self::EXP_TABLE_HI),
        exp_tail_f32(Self::EXP_TABLE_HI, Self::EXP_TABLE_LO),
    );
    const MANT_BITS: u32 = 23;
    const EXP_POLY: &'static [f64] = &[INV_FACT[2], INV_FACT[3], INV_FACT[4]];
    // Minimax for the relative error of `e^r` on |r| ≤ (ln2/2)(1 + 2^-10), with `c0 = c1 =
    // 1` kept exact: 3.1e-9 (0.05 ULP) at 200 bits, 4.4e-9 (0.074 ULP) with the `f32`
    // coefficients (Remez, mpmath). Degree 5 would leave 8e-8, over one ULP.
    const EXP_DIRECT_POLY: Option<&'static [f64]> = Some(&[
        1.0,
        1.0,
        0.4999999403953552,
        0.1666651964187622,
        0.04166839271783829,
        0.008368778973817825,
        0.001381447073072195,
    ]);
    const ROUND_SHIFT: f64 = 12582912.0;
    const INV_LN2_16: f64 = 23.083120346069336;
    const LN2_16_HI: f64 = 0.0433197021484375;
    const LN2_16_LO: f64 = 1.9966364561696537e-06;
    const LN2: f64 = 0.6931471824645996;
    const DIV_RANGE: f64 = 1099511627776.0;
    const QUOT_RANGE: f64 = 1.152921504606847e18;
    const NEXT_DOWN: f64 = 1.0 - 1.0 / 16777216.0; // 1 - 2^-24
    const EXP_FAST: f64 = 87.0;
    const EXP_LO: f64 = -104.0;
    const EXP_HI: f64 = 89.0;
    const EXP2_FAST: f64 = 125.0;
    const EXP2_LO: f64 = -151.0;
    const EXP2_HI: f64 = 129.0;
    const EXPM1_POLY: &'static [f64] = &[
        INV_FACT[2],
        INV_FACT[3],
        INV_FACT[4],
        INV_FACT[5],
        INV_FACT[6],
        INV_FACT[7],
        INV_FACT[8],
    ];
    const TANH_SAT: f64 = 10.0;

    const LN2_HI: f64 = 0.693145751953125;
    const LN2_LO: f64 = 1.428606765330187e-06;
    const INV_LN2: f64 = 1.4426950216293335;
    const INV_LN2_LO: f64 = 1.925963033500011e-08;
    const INV_LN10: f64 = 0.4342944920063019;
    const INV_LN10_LO: f64 = -1.0103049952192578e-08;
    const LOG10_2_HI: f64 = 0.30103302001953125;
    const LOG10_2_LO: f64 = -3.024355464731343e-06;
    // FreeBSD e_logf.c's minimax `Lg1..Lg4`.
    const LOG_POLY: &'static [f64] = &[
        0.666_666_626_930_236_8,  // 0xaaaaaa.0p-24
        0.400_009_721_517_562_87, // 0xccce13.0p-25
        0.284_987_866_878_509_52, // 0x91e9ee.0p-25
        0.242_790_788_412_094_12, // 0xf89e26.0p-26
    ];

    const PIO2_PARTS: &'static [f64] = &[
        1.5703125,
        0.0004837512969970703,
        7.549533620476723e-08,
        2.5632829192545614e-12,
        6.123234262925839e-17,
    ];
    const TWO_OVER_PI: f64 = 0.6366197466850281;
    const TRIG_FAST: f64 = 1.0e4;
    const SIN_POLY: &'static [f64] = &[-INV_FACT[3], INV_FACT[5], -INV_FACT[7], INV_FACT[9]];
    const COS_POLY: &'static [f64] = &[
        INV_FACT[4],
        -INV_FACT[6],
        INV_FACT[8],
        -INV_FACT[10],
        INV_FACT[12],
    ];

    const POW_LOG_INV: &'static [f32; 16] = &[
        1.0, 0.90625, 0.875, 0.8125, 0.78125, 0.75, 0.71875, 0.6875, 0.65625, 0.625, 0.59375,
        0.59375, 0.5625, 0.53125, 0.53125, 0.5,
    ];
    const POW_LOG_HI: &'static [f32; 16] = &[
        0.0,
        0.09844007343053818,
        0.133531391620636,
        0.20763936638832092,
        0.246860072016716,
        0.28768208622932434,
        0.33024168014526367,
        0.37469345331192017,
        0.4212134778499603,
        0.4700036346912384,
        0.5212969183921814,
        0.5212969183921814,
        0.5753641724586487,
        0.6325225830078125,
        0.6325225830078125,
        0.6931471824645996,
    ];
    const POW_LOG_LO: &'static [f32; 16] = &[
        0.0,
        -6.17285667026124e-10,
        1.0038866404826763e-09,
        -1.610076405533789e-09,
        5.914809975138269e-09,
        -1.3777543550475002e-08,
        6.725313195232729e-09,
        -3.870509690528934e-09,
        -1.2773656798970023e-08,
        -5.4455027154176605e-09,
        5.241104883424441e-09,
        5.241104883424441e-09,
        -2.7555087100950004e-08,
        -2.426430256718959e-08,
        -2.426430256718959e-08,
        -1.9046542121259336e-09,
    ];

    #[inline]
    fn libm_sin(self) -> Self {
        f64::from(self).sin() as f32
    }
    #[inline]
    fn libm_cos(self) -> Self {
        f64::from(self).cos() as f32
    }
    #[inline]
    fn libm_tan(self) -> Self {
        f64::from(self).tan() as f32
    }
}
