//! `math::Divisor` gives the bits of a true division, on every tier this CPU runs: random
//! dividends over the whole range (log-uniform over every binade and beyond, near 1, raw
//! bit patterns, the special values) against divisors over the whole range too, `f64` and
//! `f32`, including divisors and quotients on both sides of the fast path's range.

use kernelize_runtime::dispatch::{available_tiers, run_at};
use kernelize_runtime::math::Divisor;
use kernelize_runtime::simd::{Element, Simd, Vector, WithSimd};

mod common;
use common::Rng;

struct Divide<'a, T> {
    d: T,
    x: &'a [T],
    out: &'a mut [T],
}

#[inline(always)]
fn divide_all<V: Vector>(t: V::Token, d: V::Elem, x: &[V::Elem], out: &mut [V::Elem]) {
    let dv = Divisor::new(V::splat(t, d));
    let mut xc = x.chunks_exact(V::LANES);
    let mut oc = out.chunks_exact_mut(V::LANES);
    for (xi, oi) in (&mut xc).zip(&mut oc) {
        dv.divide(V::load(t, xi)).store(oi);
    }
    let (xr, or) = (xc.remainder(), oc.into_remainder());
    if !xr.is_empty() {
        dv.divide(V::load_partial(t, xr, V::Elem::ONE))
            .store_partial(or);
    }
}

impl WithSimd for Divide<'_, f64> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        divide_all::<S::F64>(s, self.d, self.x, self.out)
    }
}

impl WithSimd for Divide<'_, f32> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        divide_all::<S::F32>(s, self.d, self.x, self.out)
    }
}

/// Every tier's `Divisor` against `/` for `T`, whose exponents reach `max_exp` and whose
/// fast path takes divisors up to `2^div_range` and quotients up to `2^quot_range`.
fn check<T>(seed: u64, max_exp: f64, div_range: i32, quot_range: i32, bits: fn(u64) -> T)
where
    T: Element + core::fmt::Debug + core::ops::Div<Output = T>,
    for<'a> Divide<'a, T>: WithSimd<Output = ()>,
{
    let mut rng = Rng(seed);
    let mut x: Vec<T> = (0..1 << 17)
        .map(|i| match i % 4 {
            0 | 1 => T::from_f64(rng.log_uniform(-max_exp - 30.0, max_exp + 2.0, true)),
            2 => T::from_f64(rng.log_uniform(-3.0, 3.0, true)),
            _ => bits(rng.next()),
        })
        .collect();
    x.extend(
        [
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1.0,
            -1.0,
            5e-324,
        ]
        .map(T::from_f64),
    );
    let min_exp = -max_exp - 30.0;
    let mut d: Vec<f64> = (0..48)
        .map(|_| rng.log_uniform(min_exp, max_exp, true))
        .collect();
    d.extend((0..48).map(|_| rng.log_uniform(-8.0, 30.0, true)));
    d.extend([1.0, -1.0, 3.0, 0.1, 0.0, -0.0, f64::INFINITY, f64::NAN]);
    for e in [div_range, div_range + 1] {
        d.extend([2f64.powi(e), 2f64.powi(-e), 1.5 * 2f64.powi(e - 1)]);
    }
    // Dividends whose quotients by 3 straddle the quotient range's ends.
    for e in [quot_range - 1, quot_range, quot_range + 1] {
        for m in [1.0, 1.7, 2.9, 3.1] {
            x.extend([m * 2f64.powi(e), m * 2f64.powi(-e)].map(T::from_f64));
        }
    }
    let mut out = vec![T::ZERO; x.len()];
    for tier in available_tiers() {
        for &d in &d {
            let d = T::from_f64(d);
            run_at(
                tier,
                Divide {
                    d,
                    x: &x,
                    out: &mut out,
                },
            )
            .expect("available tier");
            for (&a, &q) in x.iter().zip(&out) {
                let want = a / d;
                assert!(
                    want.to_f64().to_bits() == q.to_f64().to_bits()
                        || (want.is_nan() && q.is_nan()),
                    "{tier:?}: {a:?} / {d:?} gave {q:?}, want {want:?}"
                );
            }
        }
    }
}

#[test]
fn divisor_f64_is_exact_division() {
    check::<f64>(1, 1024.0, 450, 500, f64::from_bits);
}

#[test]
fn divisor_f32_is_exact_division() {
    check::<f32>(2, 128.0, 40, 60, |b| f32::from_bits((b >> 32) as u32));
}
