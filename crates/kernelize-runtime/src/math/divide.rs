//! Division of many values by one divisor, bit for bit what a division gives, from the
//! divisor's reciprocal and fused multiply-add corrections.

use super::{MathElement, k};
use crate::simd::{Element, Mask, Vector};

/// Division of many values by one divisor (a kernel's `x / s` with `s` a scalar, such as
/// softmax's `e / sum(e)`), bit for bit the quotient `x.div(s)` gives, where the CPU
/// divides slowly.
///
/// Why: a vector division is far slower than a multiply on some CPUs (`vdivpd zmm`: one
/// per 16 cycles on Intel's Golden Cove cores, where two fused multiply-adds issue per
/// cycle). Multiplying by `1/s` alone rounds twice (off by an ulp now and then, and not
/// what the user wrote); the corrections make it exact. With `b = |d|` (a negative `d`
/// flips the dividend's sign first), prepared once:
///
/// - `y = RN(1/b)`, `yh` = `1/b` rounded toward zero (`y` or the float below it) and
///   `yl = RN((1 - b·yh)·y) ≥ 0`, so that `yh + yl = 1/b` to about 2^-103 relatively;
/// - per element, `q0 = RN(x·yh + RN(x·yl))` is within `½ ulp + 2^-102·|x/b|` of `x/b`,
///   so faithful;
/// - for a faithful `q0` the remainder `r = q0·b - x` is exact (one fused multiply-add),
///   and with `y` within half an ulp of `1/b`, `q = RN(q0 - r·y)` is `RN(x/b)`
///   (Markstein's theorem: P. Markstein, "Computation of elementary functions on the IBM
///   RISC System/6000 processor", IBM J. Res. Dev. 34(1), 1990; Muller et al.,
///   *Handbook of Floating-Point Arithmetic*, §4.7).
///
/// That is a multiply and three fused multiply-adds per vector. Both parts of `1/b` have
/// `b`'s sign (positive), so a zero dividend gives the zero of the right sign. The theorem
/// needs every intermediate normal and the remainder exact: the fast path runs for a
/// divisor of magnitude in `[2^-450, 2^450]` and for vectors whose every dividend is zero
/// or has a quotient in `[2^-500, 2^500]` (`f32`: `2^±40`, `2^±60`;
/// [`MathElement::DIV_RANGE`]). Anything else (infinities, subnormal or huge quotients; a
/// divisor that is zero, infinite, NaN or far from 1) takes the division itself, as does
/// every division on a CPU where the corrections measure slower than the division
/// ([`crate::dispatch::divides_by_reciprocal`]). NaN dividends give NaN either way.
/// `tests/divisor.rs` checks the equality against `div` on every tier, both ways.
#[derive(Clone, Copy, Debug)]
pub struct Divisor<V> {
    d: V,
    b: V,
    y: V,
    yh: V,
    yl: V,
    lo: V,
    hi: V,
    flip: bool,
    fast: bool,
}

impl<V: Vector> Divisor<V> {
    /// Prepares division by `d` (the same value in every lane), taking the corrections'
    /// path where [`crate::dispatch::divides_by_reciprocal`] says so for `V`'s tier and
    /// element type.
    #[inline(always)]
    pub fn new(d: V) -> Self {
        let wide = core::mem::size_of::<V::Elem>() == 8;
        let fast =
            crate::dispatch::divides_by_reciprocal(<V::Token as crate::simd::Simd>::TIER, wide);
        Self::with_reciprocal(d, fast)
    }

    /// Prepares division by `d`, taking the corrections' path when `reciprocal` (and `d`
    /// is in range) whatever the CPU measures.
    #[inline(always)]
    pub fn with_reciprocal(d: V, reciprocal: bool) -> Self {
        let t = d.token();
        let one = k::<V>(t, 1.0);
        let b = d.abs();
        let in_range = b
            .ge(k(t, 1.0 / c!(DIV_RANGE)))
            .and(b.le(k(t, c!(DIV_RANGE))));
        let y = one.div(b);
        // `1 - b·y` is exact; negative when `y` rounded up, and then the float below `y`
        // is `1/b` rounded toward zero.
        let up = b.neg().mul_add(y, one).lt(k(t, 0.0));
        let yh = V::select(up, y.mul(k(t, c!(NEXT_DOWN))), y);
        let yl = b.neg().mul_add(yh, one).mul(y);
        Divisor {
            d,
            b,
            y,
            yh,
            yl,
            lo: b.mul(k(t, 1.0 / c!(QUOT_RANGE))),
            hi: b.mul(k(t, c!(QUOT_RANGE))),
            flip: d.lt(k(t, 0.0)).any(),
            fast: reciprocal && super::all::<V>(in_range),
        }
    }

    /// `true` if [`Divisor::divide`] computes by the corrections (for dividends in range).
    pub fn uses_reciprocal(&self) -> bool {
        self.fast
    }

    /// `x / d`, exactly as `x.div(d)`.
    #[inline(always)]
    pub fn divide(self, x: V) -> V {
        if self.fast {
            // NaN passes and comes out NaN; ±∞ and out-of-range magnitudes other than
            // zero take the division.
            if !x.magnitude_outside(self.lo, self.hi).any() {
                let x = if self.flip { x.neg() } else { x };
                let q0 = x.mul_add(self.yh, x.mul(self.yl));
                let r = q0.mul_add(self.b, x.neg());
                return r.neg().mul_add(self.y, q0);
            }
        }
        x.div(self.d)
    }
}

/// Times `out = x / d` over a vector-aligned buffer in L1, by division and by
/// [`Divisor`]'s corrections, best of several alternating rounds: `true` if the
/// corrections are faster at this tier. Run once per tier and element type (through
/// [`crate::dispatch::divides_by_reciprocal`]) inside the tier's `#[target_feature]`
/// frame, where both loops compile to what kernels run.
#[inline(always)]
pub(crate) fn reciprocal_is_faster<V: Vector>(t: V::Token) -> bool {
    use std::hint::black_box;
    use std::time::{Duration, Instant};
    const N: usize = 2048;
    const ROUNDS: usize = 9;
    let x: Vec<V::Elem> = (0..N)
        .map(|i| V::Elem::from_f64(1.0 + i as f64 / N as f64))
        .collect();
    let mut out = vec![V::Elem::ZERO; N];
    let d = V::splat(t, black_box(V::Elem::from_f64(3.0)));
    let dv = Divisor::with_reciprocal(d, true);
    let mut best = [Duration::MAX; 2];
    macro_rules! time {
        ($slot:expr, $v:ident => $q:expr) => {{
            let start = Instant::now();
            for (xi, oi) in x.chunks_exact(V::LANES).zip(out.chunks_exact_mut(V::LANES)) {
                let $v = V::load(t, xi);
                $q.store(oi);
            }
            black_box(&mut out);
            best[$slot] = best[$slot].min(start.elapsed());
        }};
    }
    for _ in 0..ROUNDS {
        time!(0, v => v.div(d));
        time!(1, v => dv.divide(v));
    }
    best[1] < best[0]
}
