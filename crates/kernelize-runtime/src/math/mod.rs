//! The vectorised math library, written once over [`Vector`]: every tier (the scalar one
//! included) and both element types run this code, so a kernel's variants agree to the
//! last bit wherever a tier's primitive operations do.
//!
//! Generated code calls these free functions on any vector: `math::exp(v)` works for
//! `f64` and `f32` lanes alike (the per-type numbers come from [`MathElement`]).
//!
//! # Accuracy
//!
//! Errors are in ULP of the exact result. The `math_ulp` test suite checks each bound on
//! every tier over 2^20 points across the whole domain plus edge cases (the `f32` reference
//! is libm in `f64`; the `f64` one is libm, with its own error allowed for), and requires
//! all tiers to agree bit for bit. The "measured" figures are exact (mpmath at 160 bits)
//! errors over the points farthest from libm plus a 1% sample, dumped by that suite.
//! Every function returns the IEEE-correct special values: NaN in → NaN out, ±∞ and ±0
//! where C99 Annex F puts them, overflow to ∞, gradual underflow through the subnormals.
//! Where a fast vector path has a range, lanes outside it take a correct slower path
//! (selected per call only when such a lane exists), never garbage.

mod element;

pub use divide::Divisor;
pub(crate) use divide::reciprocal_is_faster;
pub use element::MathElement;

use crate::simd::{Element, Mask, Vector};

/// `<V::Elem as MathElement>::NAME` as an `f64`.
macro_rules! c {
    ($name:ident) => {
        <<V as Vector>::Elem as MathElement>::$name
    };
}

// After `c!`, which it uses.
mod divide;

/// A constant in every lane of `V`.
#[inline(always)]
fn k<V: Vector>(t: V::Token, x: f64) -> V {
    V::splat(t, V::Elem::from_f64(x))
}

/// `c[0] + x·(c[1] + x·(c[2] + ...))`, by Horner with fused multiply-adds.
#[inline(always)]
fn horner<V: Vector>(x: V, coeffs: &[f64]) -> V {
    let t = x.token();
    let (last, rest) = coeffs.split_last().expect("a polynomial has a coefficient");
    let mut acc = k::<V>(t, *last);
    for &c in rest.iter().rev() {
        acc = acc.mul_add(x, k(t, c));
    }
    acc
}

/// Every lane of `m` true. Comparing the bit mask with all lanes set is one scalar
/// compare; `!m.not().any()` costs an all-ones vector and a vector test on AVX2.
#[inline(always)]
fn all<V: Vector>(m: V::Mask) -> bool {
    m.bitmask() == u64::MAX >> (64 - V::LANES)
}

/// Lanes of `x` with `|x| < TINY`, where the odd functions return `x` itself.
#[inline(always)]
fn tiny<V: Vector>(x: V) -> V::Mask {
    x.abs().lt(k(x.token(), c!(TINY)))
}

// ---------------------------------------------------------------------------------------
// exp family
// ---------------------------------------------------------------------------------------

/// `k = round(v·scale)` (`f32` `exp`: `scale = 1/ln2`), as `(s, k)`: `s = RN(v·scale +
/// ROUND_SHIFT)` in one fused multiply-add (so `k` is the exact product rounded once, ties
/// to even) holds `k`'s low bits at the bottom of its mantissa (for
/// [`Vector::add_shifted_bits`] and [`Vector::lookup16_bits`]), and `k = s - ROUND_SHIFT`
/// exactly. Needs `|v·scale| < 2^(mantissa bits - 1)`, which every caller's clamp keeps.
#[inline(always)]
fn exp_round<V: Vector>(v: V, scale: f64) -> (V, V) {
    round_shifted(v, scale, c!(ROUND_SHIFT))
}

/// `q = round(16·v·scale)/16` for the table-driven functions, as `(s, q)`: [`exp_round`]
/// with the shifter divided by 16, so the sum's last place is `1/16` and `q` comes out
/// already divided. Every power-of-two factor is exact, so `s` is [`exp_round`]'s `s`
/// (of `16·scale`) divided by 16: the same mantissa, hence the same `k mod 16` in its low
/// bits, and `q = k/16` exactly. The scaling takes `floor(q)` with no multiply by `1/16`
/// (one instruction less per vector on AVX-512, where every vector scales that way).
#[inline(always)]
fn exp_round16<V: Vector>(v: V, scale: f64) -> (V, V) {
    round_shifted(v, scale, c!(ROUND_SHIFT) / 16.0)
}

/// `s = RN(v·scale + shift)` in one fused multiply-add and `s - shift` (exact).
#[inline(always)]
fn round_shifted<V: Vector>(v: V, scale: f64, shift: f64) -> (V, V) {
    let t = v.token();
    let shift = k::<V>(t, shift);
    let s = v.mul_add(k(t, scale), shift);
    (s, s.sub(shift))
}

/// `exp(r) - 1 ≈ r + r²·EXP_POLY(r)` for `|r| ≤ ln2/32`.
#[inline(always)]
fn exp_poly<V: Vector>(r: V) -> V {
    (r.mul(r)).mul_add(horner(r, c!(EXP_POLY)), r)
}

/// From `(s, q)` of [`exp_round16`] and the reduced argument `r = x - q·ln2`, returns
/// `exp(x) / 2^floor(q)`, `∈ [1, 2)`-ish, for [`Vector::scale_by_pow2_floor`] by `q`:
/// `hi + hi·(p + tail)` (one rounding), where `2^(j/16) = hi·(1 + tail)` for `j = 16·q mod
/// 16` comes from the table and `p = exp(r) - 1` from a short polynomial. Any `q` (the
/// clamped paths).
#[inline(always)]
fn exp_core<V: Vector>(s: V, r: V) -> V {
    let (hi, tail) = s.lookup16_pair_bits(c!(EXP_HI_TAIL));
    hi.mul_add(exp_poly(r).add(tail), hi)
}

/// [`exp_core`]'s result scaled, for `k` whose `2^floor(k/16)·2^(j/16)` and result are
/// normal: the table's `hi` with `k` added into its exponent bits is `2^n·hi` (two integer
/// instructions instead of a floor, a `2^n` and a multiply), and `2^n·hi + 2^n·hi·(p +
/// tail)` rounds exactly as `2^n·(hi + hi·(p + tail))` does: the same bits as
/// `exp_core`'s scaled.
#[inline(always)]
fn exp_core_scaled<V: Vector>(s: V, r: V) -> V {
    let (bits, tail) = s.lookup16_pair_bits(c!(EXP_SCALE_TAIL));
    let scale = bits.add_shifted_bits(s, c!(MANT_BITS) - 4);
    scale.mul_add(exp_poly(r).add(tail), scale)
}

/// `(s, q, r)` for `exp`: `(s, q)` from [`exp_round16`] and `r = x - q·ln2` in two
/// exact-product steps (`q·16·LN2_16_HI` is `k·LN2_16_HI`, exact for every `k` in range).
#[inline(always)]
fn exp_reduce<V: Vector>(x: V) -> (V, V, V) {
    let t = x.token();
    let (s, q) = exp_round16(x, c!(INV_LN2_16) / 16.0);
    let r = q.mul_add(k(t, -16.0 * c!(LN2_16_HI)), x);
    let r = q.mul_add(k(t, -16.0 * c!(LN2_16_LO)), r);
    (s, q, r)
}

/// `e^x`.
///
/// Max error 1 ULP over the whole domain (measured 0.68 ULP `f64`, the worst in the
/// subnormal range; 0.85 `f32`, from the table-free polynomial's evaluation and the
/// rounding of `r`); results overflow to ∞ above ≈ 709.78 (`f32` 88.72) and underflow
/// gradually to 0.
///
/// The `f32` bound, worst for `r` near `-ln2/2` (result in `[0.71, 0.78]·2^k`): the final
/// rounding (0.5 ULP), Horner's next-to-last value rounded and times `|r|` (0.173), the
/// rounding of `r` (0.195), the polynomial with its `f32` coefficients (0.074) and the
/// earlier Horner steps (0.033) sum to 0.975.
#[inline(always)]
pub fn exp<V: Vector>(x: V) -> V {
    exp_impl::<V, true>(x)
}

/// `e^x` for `x ≤ 0` (either zero) or NaN, bit for bit as [`exp`], one instruction
/// shorter: no overflow is possible, so no upper clamp (AVX-512) and no `|x|` in the range
/// test (other tiers). Generated code calls it where the argument cannot be positive (`z -
/// max(z)`, `-abs(x)`, `-(x*x)`, the online normaliser's rescale factors). Positive lanes
/// give an unspecified value.
#[inline(always)]
pub fn exp_nonpositive<V: Vector>(x: V) -> V {
    exp_impl::<V, false>(x)
}

/// [`exp`], or with `POSITIVE = false` [`exp_nonpositive`].
#[inline(always)]
fn exp_impl<V: Vector, const POSITIVE: bool>(x: V) -> V {
    let t = x.token();
    // Where scaling with overflow and underflow costs no more than the plain scaling,
    // every vector takes the clamped path (cheaper than testing); in-range lanes get the
    // same bits either way. (NaN fails both tests and passes through the clamp.)
    let special = V::FAST_SCALE
        || !all::<V>(if POSITIVE {
            x.abs().le(k(t, c!(EXP_FAST)))
        } else {
            x.ge(k(t, -c!(EXP_FAST)))
        });
    // Clamping keeps `n` finite; beyond the clamp the scaling saturates to 0 or ∞ by
    // itself and NaN passes through the clamp.
    let xc = match (special, POSITIVE) {
        (false, _) => x,
        (true, true) => x.clamp(k(t, c!(EXP_LO)), k(t, c!(EXP_HI))),
        (true, false) => x.at_least(k(t, c!(EXP_LO))),
    };
    if let Some(poly) = c!(EXP_DIRECT_POLY) {
        // `k = round(x/ln2)`, `r = x - k·ln2` in two exact-product steps, `e^r` whole.
        let (s, kk) = exp_round(xc, c!(INV_LN2));
        let r = kk.mul_add(k(t, -c!(LN2_HI)), xc);
        let r = kk.mul_add(k(t, -c!(LN2_LO)), r);
        let y = horner(r, poly);
        return if special {
            y.scale_by_pow2_floor(kk)
        } else {
            y.add_shifted_bits(s, c!(MANT_BITS))
        };
    }
    let (s, q, r) = exp_reduce(xc);
    if special {
        exp_core(s, r).scale_by_pow2_floor(q)
    } else {
        exp_core_scaled(s, r)
    }
}

/// `2^x`.
///
/// Max error 1 ULP over the whole domain (measured 0.57 ULP `f64`, 0.75 `f32`); exact for
/// integer `x` in range.
#[inline(always)]
pub fn exp2<V: Vector>(x: V) -> V {
    let t = x.token();
    // As in `exp`.
    let special = V::FAST_SCALE || !all::<V>(x.abs().le(k(t, c!(EXP2_FAST))));
    let xc = if special {
        x.clamp(k(t, c!(EXP2_LO)), k(t, c!(EXP2_HI)))
    } else {
        x
    };
    let (s, q) = exp_round16(xc, 1.0);
    // `x - q` is exact (Sterbenz); one rounding in the product with ln 2 costs
    // |r|·2^-53 ≤ 0.02 ULP.
    let r = xc.sub(q).mul(k(t, c!(LN2)));
    if special {
        exp_core(s, r).scale_by_pow2_floor(q)
    } else {
        exp_core_scaled(s, r)
    }
}

/// `e^x - 1` as a double word `(hi, lo)` for `|x| ≤ EXP_FAST` (NaN passes through): a
/// Taylor polynomial on `|x| ≤ ln2/2`, the table-driven `exp` with an exact `2^n·T - 1`
/// beyond.
#[inline(always)]
fn expm1_parts<V: Vector>(x: V) -> (V, V) {
    let t = x.token();
    let small = x.abs().le(k(t, 0.5 * core::f64::consts::LN_2));
    let tail = x.mul(x).mul(horner(x, c!(EXPM1_POLY)));
    let near = x.add(tail);
    let near_lo = x.sub(near).add(tail);
    if all::<V>(small) {
        return (near, near_lo);
    }
    let fast = k::<V>(t, c!(EXP_FAST));
    let xc = x.clamp(fast.neg(), fast);
    let (s, q, r) = exp_reduce(xc);
    let n = q.floor();
    let p = exp_poly(r);
    let (hi, lo) = s.lookup16_pair_bits(c!(EXP_PAIRS));
    let scale = n.pow2i();
    // `2^n·hi` is exact; subtracting 1 is exact too unless `2^n·hi < 1/2`, so its error
    // is carried along with the small correction.
    let (a, a_err) = two_sum(scale.mul(hi), k(t, -1.0));
    let b = scale.mul_add(hi.mul_add(p, lo), a_err);
    let (far, far_lo) = two_sum(a, b);
    (
        V::select(small, near, far),
        V::select(small, near_lo, far_lo),
    )
}

/// `e^x - 1`, accurate near 0.
///
/// Max error 2 ULP over the whole domain (measured 0.70 ULP `f64`, 0.81 `f32`).
#[inline(always)]
pub fn expm1<V: Vector>(x: V) -> V {
    let t = x.token();
    let (hi, lo) = expm1_parts(x);
    let mut out = V::select(tiny(x), x, hi.add(lo));
    let over = x.gt(k(t, c!(EXP_FAST)));
    if over.any() {
        out = V::select(over, exp(x), out);
    }
    out
}

/// Hyperbolic tangent.
///
/// Max error 2 ULP over the whole domain (measured 0.61 ULP `f64`, 0.66 `f32`):
/// `e/(e+2)` with `e = expm1(2|x|)` in double words, saturating to ±1.
#[inline(always)]
pub fn tanh<V: Vector>(x: V) -> V {
    let t = x.token();
    let ax = x.abs().min(k(t, c!(TANH_SAT)));
    let (e, e_lo) = expm1_parts(ax.add(ax));
    // e / (e + 2) in double words, the quotient corrected once.
    let (d, d_lo) = two_sum(e, k(t, 2.0));
    let r = div_dw(e, e_lo, d, d_lo.add(e_lo)).copysign(x);
    V::select(tiny(x), x, r)
}

// ---------------------------------------------------------------------------------------
// log family
// ---------------------------------------------------------------------------------------

/// Splits positive finite `x` into `2^e · (1 + f)` with `1 + f ∈ [√2/2, √2)`; subnormal
/// lanes are scaled up first when `subnormals` is set.
#[inline(always)]
fn log_split<V: Vector>(x: V, subnormals: bool) -> (V, V) {
    let t = x.token();
    let (xs, eoff) = if subnormals {
        let sub = x.lt(k(t, c!(MIN_POSITIVE)));
        (
            V::select(sub, x.mul(k(t, c!(SUBNORMAL_SCALE))), x),
            V::select(sub, k(t, -c!(SUBNORMAL_SCALE_LOG2)), k(t, 0.0)),
        )
    } else {
        (x, k(t, 0.0))
    };
    let e = xs.exponent().add(eoff);
    let m = xs.mantissa();
    let big = m.gt(k(t, core::f64::consts::SQRT_2));
    let m = V::select(big, m.mul(k(t, 0.5)), m);
    let e = V::select(big, e.add(k(t, 1.0)), e);
    (e, m.sub(k(t, 1.0)))
}

/// `ln(1 + f) = hi + lo` for `1 + f ∈ [√2/2, √2)` (fdlibm's scheme: `s = f/(2+f)`,
/// `ln(1+f) = f - f²/2 + s(f²/2 + R(s²))`), `hi` carrying the leading bits exactly.
#[inline(always)]
fn log_kernel<V: Vector>(f: V) -> (V, V) {
    let t = f.token();
    let s = f.div(f.add(k(t, 2.0)));
    let z = s.mul(s);
    let r = z.mul(horner(z, c!(LOG_POLY)));
    let hfsq = k::<V>(t, 0.5).mul(f).mul(f);
    let hi = f.sub(hfsq);
    // `f - hi` is exact and so is subtracting `hfsq` from it: together the rounding error
    // of `hi`.
    let lo = f.sub(hi).sub(hfsq).add(s.mul(hfsq.add(r)));
    (hi, lo)
}

/// Which logarithm [`log_finish`] produces.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Base {
    E,
    Two,
    Ten,
}

/// `e·log_b(2) + (hi + lo)·log_b(e)` with the big parts added exactly.
#[inline(always)]
fn log_finish<V: Vector>(e: V, hi: V, lo: V, base: Base) -> V {
    let t = e.token();
    let (vh, vl, kh, kl) = match base {
        Base::E => (hi, lo, c!(LN2_HI), c!(LN2_LO)),
        Base::Two | Base::Ten => {
            let (ch, cl, kh, kl) = if base == Base::Two {
                (c!(INV_LN2), c!(INV_LN2_LO), 1.0, 0.0)
            } else {
                (
                    c!(INV_LN10),
                    c!(INV_LN10_LO),
                    c!(LOG10_2_HI),
                    c!(LOG10_2_LO),
                )
            };
            let vh = hi.mul(k(t, ch));
            // The product's rounding error, exactly, plus the low-order terms.
            let err = hi.mul_add(k(t, ch), vh.neg());
            let vl = err.add(hi.mul_add(k(t, cl), lo.mul(k(t, ch))));
            (vh, vl, kh, kl)
        }
    };
    let y = e.mul(k(t, kh));
    let w = y.add(vh);
    // Fast two-sum: |y| ≥ |vh| whenever e ≠ 0.
    let vl = vl.add(y.sub(w).add(vh));
    w.add(vl.add(e.mul(k(t, kl))))
}

/// The IEEE special values of a logarithm: ∞ at ∞, -∞ at ±0, NaN below 0 or at NaN.
#[inline(always)]
fn log_specials<V: Vector>(x: V, r: V) -> V {
    let t = x.token();
    let inf = k::<V>(t, f64::INFINITY);
    let r = V::select(x.eq(inf), inf, r);
    let r = V::select(x.eq(k(t, 0.0)), inf.neg(), r);
    V::select(x.lt(k(t, 0.0)).or(x.is_nan()), k(t, f64::NAN), r)
}

#[inline(always)]
fn log_any<V: Vector>(x: V, base: Base) -> V {
    let t = x.token();
    let normal = x.ge(k(t, c!(MIN_POSITIVE))).and(x.lt(k(t, f64::INFINITY)));
    let special = !all::<V>(normal);
    let (e, f) = log_split(x, special);
    let (hi, lo) = log_kernel(f);
    let r = log_finish(e, hi, lo, base);
    if special { log_specials(x, r) } else { r }
}

/// Natural logarithm.
///
/// Max error 1 ULP over the whole domain (measured 0.65 ULP `f64`, 0.67 `f32`), subnormals
/// included.
#[inline(always)]
pub fn log<V: Vector>(x: V) -> V {
    log_any(x, Base::E)
}

/// Base-2 logarithm.
///
/// Max error 1 ULP over the whole domain (measured 0.70 ULP `f64`, 0.77 `f32`); exact at
/// powers of 2.
#[inline(always)]
pub fn log2<V: Vector>(x: V) -> V {
    log_any(x, Base::Two)
}

/// Base-10 logarithm.
///
/// Max error 2 ULP over the whole domain (measured 0.64 ULP `f64`, 0.67 `f32`).
#[inline(always)]
pub fn log10<V: Vector>(x: V) -> V {
    log_any(x, Base::Ten)
}

/// `ln(1 + x)`, accurate near 0.
///
/// Max error 2 ULP over the whole domain (measured 0.60 ULP `f64`, 0.69 `f32`); the rounding
/// error of
/// `1 + x` is carried as a correction (fdlibm's `log1p` scheme).
#[inline(always)]
pub fn log1p<V: Vector>(x: V) -> V {
    let t = x.token();
    let one = k::<V>(t, 1.0);
    let u = one.add(x);
    let near = x
        .ge(k(t, core::f64::consts::FRAC_1_SQRT_2 - 1.0))
        .and(x.lt(k(t, core::f64::consts::SQRT_2 - 1.0)));
    let (e, m) = log_split(u, false);
    // The exact rounding error of `u = 1 + x`, relative to `u`.
    let err = V::select(u.ge(k(t, 2.0)), one.sub(u.sub(x)), x.sub(u.sub(one)));
    let corr = V::select(near, k(t, 0.0), err.div(u));
    let f = V::select(near, x, m);
    let e = V::select(near, k(t, 0.0), e);
    let (hi, lo) = log_kernel(f);
    let r = log_finish(e, hi, lo.add(corr), Base::E);
    let inside = x.gt(one.neg()).and(x.lt(k(t, f64::INFINITY)));
    let r = if !all::<V>(inside) {
        log_specials(u, r)
    } else {
        r
    };
    V::select(tiny(x), x, r)
}

/// `R(z)/z` of `ln(1+f) = 2s + s·R(s²)` as the plain series `2/3 + 2z/5 + ...`: on
/// `|s| < 1/32` six terms reach 2^-64, where a minimax fit for the wide fdlibm range would
/// be off by its own 2^-58.
const ATANH_SERIES: &[f64] = &[
    2.0 / 3.0,
    2.0 / 5.0,
    2.0 / 7.0,
    2.0 / 9.0,
    2.0 / 11.0,
    2.0 / 13.0,
];

/// `ln x` for positive finite `x` as an unevaluated sum `hi + lo` good to about 2^-63
/// relative, for [`power`]: `x = 2^e·m`, `m·INV_j = 1 + f` exactly with `|f| ≤ 1/16`
/// (a 16-entry table, `j` from the top mantissa bits), so `ln x = e·ln2 - ln INV_j +
/// ln(1+f)` with the last term from the short `2s + s·R(s²)` series on a small `s`.
#[inline(always)]
fn log_hilo<V: Vector>(x: V) -> (V, V) {
    let t = x.token();
    let one = k::<V>(t, 1.0);
    let sub = x.lt(k(t, c!(MIN_POSITIVE)));
    let (xs, eoff) = if sub.any() {
        (
            V::select(sub, x.mul(k(t, c!(SUBNORMAL_SCALE))), x),
            V::select(sub, k(t, -c!(SUBNORMAL_SCALE_LOG2)), k(t, 0.0)),
        )
    } else {
        (x, k(t, 0.0))
    };
    let e = xs.exponent().add(eoff);
    let m = xs.mantissa();
    // The top interval is taken as `2^(e+1)·(m/2)` with `m/2` just below 1 (entry 0):
    // otherwise `e·ln2 - ln INV_15` cancels for `x` just below 1 and the rounding of the
    // `ln 2` parts would dominate.
    let top = m.ge(k(t, 1.9375));
    let m = V::select(top, m.mul(k(t, 0.5)), m);
    let e = V::select(top, e.add(one), e);
    let j = V::select(top, k(t, 0.0), m.sub(one).mul(k(t, 16.0)).floor());
    let inv = j.lookup16(c!(POW_LOG_INV));
    let f = m.mul_add(inv, one.neg());
    // s = f / (2 + f) as a double word.
    let (d, d_err) = two_sum(f, k(t, 2.0));
    let s = f.div(d);
    let s_lo = s.neg().mul_add(d, f).sub(s.mul(d_err)).div(d);
    let z = s.mul(s);
    let tail = s.mul(z.mul(horner(z, ATANH_SERIES)));
    let (a, a_err) = two_sum(e.mul(k(t, c!(LN2_HI))), j.lookup16(c!(POW_LOG_HI)));
    let (b, b_err) = two_sum(a, s.add(s));
    let lo = a_err
        .add(b_err)
        .add(e.mul(k(t, c!(LN2_LO))))
        .add(j.lookup16(c!(POW_LOG_LO)))
        .add(s_lo.add(s_lo))
        .add(tail);
    let h = b.add(lo);
    (h, b.sub(h).add(lo))
}

// ---------------------------------------------------------------------------------------
// trigonometry
// ---------------------------------------------------------------------------------------

/// `a + b` as `(sum, rounding error)`, exactly (Knuth's two-sum; any magnitudes).
#[inline(always)]
fn two_sum<V: Vector>(a: V, b: V) -> (V, V) {
    let s = a.add(b);
    let bb = s.sub(a);
    let err = a.sub(s.sub(bb)).add(b.sub(bb));
    (s, err)
}

/// `(q, r, r_lo)` with `x = q·π/2 + r + r_lo`, `|r| ≲ π/4`, by Cody–Waite with `π/2` in
/// parts whose products with `q` are exact, the differences accumulated as a double word
/// so that cancellation near multiples of `π/2` costs no accuracy; valid for
/// `|x| ≤ TRIG_FAST`.
#[inline(always)]
fn trig_reduce<V: Vector>(x: V) -> (V, V, V) {
    let t = x.token();
    let q = x.mul(k(t, c!(TWO_OVER_PI))).round();
    let parts = c!(PIO2_PARTS);
    // The first product is exact and so is the difference (Sterbenz).
    let mut r = q.mul_add(k(t, -parts[0]), x);
    let mut lo = k::<V>(t, 0.0);
    for &p in &parts[1..] {
        let (s, e) = two_sum(r, q.mul(k(t, -p)));
        r = s;
        lo = lo.add(e);
    }
    let hi = r.add(lo);
    (q, hi, r.sub(hi).add(lo))
}

/// `sin(r + r_lo)` and `cos(r + r_lo)`, each as `(hi, lo)`, for `|r| ≲ π/4`.
#[inline(always)]
fn sin_cos_poly<V: Vector>(r: V, r_lo: V) -> ((V, V), (V, V)) {
    let t = r.token();
    let one = k::<V>(t, 1.0);
    let z = r.mul(r);
    // cos: fdlibm's `1 - z/2` rounded, with its rounding error put back in the tail.
    let hz = z.mul(k(t, 0.5));
    let w = one.sub(hz);
    let cos_tail = one
        .sub(w)
        .sub(hz)
        .add(z.mul(z).mul(horner(z, c!(COS_POLY))));
    // sin: `r + r³·S(r²)`; first-order corrections for `r_lo` (`δ·cos`, `-δ·sin`).
    let sin_tail = r.mul(z).mul_add(horner(z, c!(SIN_POLY)), r_lo.mul(w));
    let s = r.add(sin_tail);
    let s_lo = r.sub(s).add(sin_tail);
    let cos_tail = r_lo.mul(r).neg().add(cos_tail);
    let c = w.add(cos_tail);
    let c_lo = w.sub(c).add(cos_tail);
    ((s, s_lo), (c, c_lo))
}

/// `q mod 4` as a float in `{0, 1, 2, 3}`.
#[inline(always)]
fn quadrant<V: Vector>(q: V) -> V {
    let t = q.token();
    q.mul(k(t, 0.25)).floor().mul_add(k(t, -4.0), q)
}

/// Lanes outside the fast range go to libm.
#[inline(always)]
fn trig_slow<V: Vector>(x: V, r: V, f: fn(V::Elem) -> V::Elem) -> V {
    let slow = x.abs().le(k(x.token(), c!(TRIG_FAST))).not();
    if slow.any() {
        V::select(slow, x.map_lanes(f), r)
    } else {
        r
    }
}

/// Sine.
///
/// Max error 2 ULP (measured 0.70 ULP `f64`, 0.75 `f32`) for `|x| ≤ 10^6` (`f32`: 10^4);
/// larger arguments go to libm lane by lane (correct, slower).
#[inline(always)]
pub fn sin<V: Vector>(x: V) -> V {
    let t = x.token();
    let (q, r, r_lo) = trig_reduce(x);
    let ((s, _), (c, _)) = sin_cos_poly(r, r_lo);
    let m = quadrant(q);
    let odd = m.eq(k(t, 1.0)).or(m.eq(k(t, 3.0)));
    let v = V::select(odd, c, s);
    let v = V::select(m.ge(k(t, 2.0)), v.neg(), v);
    let v = V::select(tiny(x), x, v);
    trig_slow(x, v, <V::Elem as MathElement>::libm_sin)
}

/// Cosine.
///
/// Max error 2 ULP (measured 0.70 ULP `f64`, 0.76 `f32`) for `|x| ≤ 10^6` (`f32`: 10^4);
/// larger arguments go to libm lane by lane.
#[inline(always)]
pub fn cos<V: Vector>(x: V) -> V {
    let t = x.token();
    let (q, r, r_lo) = trig_reduce(x);
    let ((s, _), (c, _)) = sin_cos_poly(r, r_lo);
    let m = quadrant(q);
    let odd = m.eq(k(t, 1.0)).or(m.eq(k(t, 3.0)));
    let v = V::select(odd, s, c);
    let neg = m.eq(k(t, 1.0)).or(m.eq(k(t, 2.0)));
    let v = V::select(neg, v.neg(), v);
    trig_slow(x, v, <V::Elem as MathElement>::libm_cos)
}

/// Tangent.
///
/// Max error 2 ULP (measured 0.87 ULP `f64`, 0.88 `f32`) for `|x| ≤ 10^6` (`f32`: 10^4);
/// larger arguments go to libm lane by lane. The quotient of the double-word sine and cosine is
/// corrected once, so the result is close to correctly rounded.
#[inline(always)]
pub fn tan<V: Vector>(x: V) -> V {
    let t = x.token();
    let (q, r, r_lo) = trig_reduce(x);
    let ((s, s_lo), (c, c_lo)) = sin_cos_poly(r, r_lo);
    let m = quadrant(q);
    let odd = m.eq(k(t, 1.0)).or(m.eq(k(t, 3.0)));
    let (n, n_lo) = (V::select(odd, c.neg(), s), V::select(odd, c_lo.neg(), s_lo));
    let (d, d_lo) = (V::select(odd, s, c), V::select(odd, s_lo, c_lo));
    let v = div_dw(n, n_lo, d, d_lo);
    let v = V::select(tiny(x), x, v);
    trig_slow(x, v, <V::Elem as MathElement>::libm_tan)
}

/// `(n + n_lo) / (d + d_lo)` rounded nearly correctly: one quotient, one correction from
/// its exact residual.
#[inline(always)]
fn div_dw<V: Vector>(n: V, n_lo: V, d: V, d_lo: V) -> V {
    let q0 = n.div(d);
    let resid = q0.neg().mul_add(d, n).add(n_lo).sub(q0.mul(d_lo));
    q0.add(resid.div(d))
}

// ---------------------------------------------------------------------------------------
// power
// ---------------------------------------------------------------------------------------

/// `x^y` with C99/NumPy special cases (`x^0 = 1`, `1^y = 1`, negative `x` only with
/// integer `y`, signed zeros and infinities for odd integer `y`).
///
/// Computed as `exp(y·ln|x|)` with `ln|x|` (table-driven, ≈ 2^-63 relative) and the
/// product carried in two parts. Max error 2 ULP over the whole domain (measured 0.83 ULP
/// `f64`, 0.75 `f32`).
#[inline(always)]
pub fn power<V: Vector>(x: V, y: V) -> V {
    let t = x.token();
    let zero = k::<V>(t, 0.0);
    let one = k::<V>(t, 1.0);
    let inf = k::<V>(t, f64::INFINITY);
    let ax = x.abs();
    let (lh, ll) = log_hilo(ax);
    let zh = y.mul(lh);
    let zl = y.mul_add(lh, zh.neg()).add(y.mul(ll));
    let zc = zh.clamp(k(t, c!(EXP_LO)), k(t, c!(EXP_HI)));
    // Once clamped (or infinite), the low part is meaningless and could be NaN.
    let zl = V::select(zc.eq(zh), zl, zero);
    let (s, q, r) = exp_reduce(zc);
    let mut out = exp_core(s, r.add(zl)).scale_by_pow2_floor(q);

    let y_int = y.floor().eq(y);
    let half = y.mul(k(t, 0.5));
    let y_odd = y_int.and(half.floor().ne(half));
    out = V::select(x.lt(zero).and(y_odd), out.neg(), out);

    let finite_x = ax.lt(inf);
    let special = x
        .le(zero)
        .or(finite_x.not())
        .or(y.abs().lt(inf).not())
        .or(x.lt(k(t, c!(MIN_POSITIVE))));
    if special.any() {
        out = V::select(
            x.lt(zero).and(finite_x).and(y_int.not()),
            k(t, f64::NAN),
            out,
        );
        // x = ±0 or ±∞: 0 or ∞ by the sign of y (flipped for ∞), signed for odd y.
        let edge = x.eq(zero).or(finite_x.not());
        let big = y
            .lt(zero)
            .and(x.eq(zero))
            .or(y.gt(zero).and(finite_x.not()));
        let e = V::select(big, inf, zero);
        let e = V::select(y_odd, e.copysign(x), e);
        out = V::select(edge, e, out);
        // |x| = 1 with y = ±∞ is 1 (C99), as is 1^y below.
        out = V::select(ax.eq(one).and(y.abs().eq(inf)), one, out);
        out = V::select(x.is_nan().or(y.is_nan()), x.add(y), out);
    }
    out = V::select(x.eq(one), one, out);
    V::select(y.eq(zero), one, out)
}
