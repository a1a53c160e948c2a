//! `math::Divisor` gives the bits of a true division, on every tier this CPU runs, by the
//! corrections' path and by the division alike: random dividends over the whole range
//! (log-uniform over every binade and beyond, near 1, raw bit patterns, the special
//! values) and, in whole vectors the fast path takes, dividends whose quotients fill its
//! range (with zeros of both signs and NaN among them), against divisors over the whole
//! range too, `f64` and `f32`, including divisors and quotients on both sides of the fast
//! path's range. Also: `KERNELIZE_DIVISION` and `set_division` choose the path.

use kernelize_runtime::dispatch::{
    Division, available_tiers, divides_by_reciprocal, division, run_at, set_division,
};
use kernelize_runtime::math::{Divisor, MathElement};
use kernelize_runtime::simd::{Element, Simd, Vector, WithSimd};

mod common;
use common::{Child, Rng};

struct Divide<'a, T> {
    d: T,
    reciprocal: Option<bool>,
    x: &'a [T],
    out: &'a mut [T],
}

/// `out = x / d` through a `Divisor` (`reciprocal`: forced either way; `None`: `new`);
/// returns whether it took the corrections' path.
#[inline(always)]
fn divide_all<V: Vector>(
    t: V::Token,
    d: V::Elem,
    reciprocal: Option<bool>,
    x: &[V::Elem],
    out: &mut [V::Elem],
) -> bool {
    let d = V::splat(t, d);
    let dv = match reciprocal {
        Some(r) => Divisor::with_reciprocal(d, r),
        None => Divisor::new(d),
    };
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
    dv.uses_reciprocal()
}

impl WithSimd for Divide<'_, f64> {
    type Output = bool;
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> bool {
        divide_all::<S::F64>(s, self.d, self.reciprocal, self.x, self.out)
    }
}

impl WithSimd for Divide<'_, f32> {
    type Output = bool;
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> bool {
        divide_all::<S::F32>(s, self.d, self.reciprocal, self.x, self.out)
    }
}

/// Every tier's `Divisor` against `/` for `T`, whose exponents reach `max_exp` and whose
/// fast path takes divisors up to `2^div_range` and quotients up to `2^quot_range`.
fn check<T>(seed: u64, max_exp: f64, div_range: i32, quot_range: i32, bits: fn(u64) -> T)
where
    T: Element + core::fmt::Debug + core::ops::Div<Output = T>,
    for<'a> Divide<'a, T>: WithSimd<Output = bool>,
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
    for e in [div_range - 1, div_range, div_range + 1] {
        d.extend([2f64.powi(e), 2f64.powi(-e), 1.5 * 2f64.powi(e - 1)]);
    }
    // Dividends whose quotients by 3 straddle the quotient range's ends.
    for e in [quot_range - 1, quot_range, quot_range + 1] {
        for m in [1.0, 1.7, 2.9, 3.1] {
            x.extend([m * 2f64.powi(e), m * 2f64.powi(-e)].map(T::from_f64));
        }
    }
    let mut rng2 = Rng(seed ^ 0x5eed);
    let q_exp = (quot_range - 1) as f64;
    let mut out = Vec::new();
    for tier in available_tiers() {
        for &d in &d {
            let d = T::from_f64(d);
            let in_range = d.to_f64().abs() >= 2f64.powi(-div_range)
                && d.to_f64().abs() <= 2f64.powi(div_range);
            // 1024 dividends whose quotients lie inside the fast path's range, with a zero
            // or a NaN in some vectors, so that whole vectors take the corrections.
            let mut x = x.clone();
            x.extend((0..1024).map(|i| match i % 97 {
                5 => T::ZERO,
                41 => -T::ZERO,
                77 => T::NAN,
                _ => T::from_f64(rng2.log_uniform(-q_exp, q_exp, true) * d.to_f64()),
            }));
            out.resize(x.len(), T::ZERO);
            for reciprocal in [Some(true), Some(false), None] {
                let took = run_at(
                    tier,
                    Divide {
                        d,
                        reciprocal,
                        x: &x,
                        out: &mut out,
                    },
                )
                .expect("available tier");
                if reciprocal == Some(true) {
                    assert_eq!(took, in_range, "{tier:?}: divisor {d:?}");
                }
                for (&a, &q) in x.iter().zip(&out) {
                    let want = a / d;
                    assert!(
                        want.to_f64().to_bits() == q.to_f64().to_bits()
                            || (want.is_nan() && q.is_nan()),
                        "{tier:?} ({reciprocal:?}): {a:?} / {d:?} gave {q:?}, want {want:?}"
                    );
                }
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

/// Pairs whose quotient lies within about `2^-2p` (relatively) of a midpoint between
/// two `p`-bit floats, where a quotient from an approximate reciprocal rounds the wrong
/// way unless the last correction is right. For an odd `p`-bit integer `b` and a small odd
/// `c`, `m = c / b mod 2^(p+1)` makes `b·m - c` a multiple of `2^(p+1)`: the integer
/// `x = (b·m - c) / 2^(p+1)` has `x / b = (m - c/b) / 2^(p+1)`, off the midpoint
/// `m / 2^(p+1)` (`m` odd, `p + 1` bits) by `c / (b·2^(p+1))`. Returns `(b, [x])` as
/// integers (`< 2^p`).
fn near_midpoints(rng: &mut Rng, p: u32, divisors: usize, per: usize) -> Vec<(u64, Vec<u64>)> {
    let modulus = 1u128 << (p + 1);
    (0..divisors)
        .map(|_| {
            let b = (rng.next() >> (64 - p)) | 1 << (p - 1) | 1;
            // Newton's iteration doubles the correct low bits of the inverse of odd `b`.
            let mut inv = b as u128;
            for _ in 0..7 {
                inv = inv.wrapping_mul(2u128.wrapping_sub((b as u128).wrapping_mul(inv))) % modulus;
            }
            assert_eq!((b as u128 * inv) % modulus, 1);
            let mut xs = Vec::new();
            while xs.len() < per {
                let c = (rng.next() % 64) as i128 * 2 + 1;
                let c = if rng.next() & 1 == 1 { -c } else { c };
                let m = (c.rem_euclid(modulus as i128) as u128 * inv) % modulus;
                if m < modulus / 2 {
                    continue; // `m` must have `p + 1` bits
                }
                let num = b as i128 * m as i128 - c;
                assert_eq!(num % modulus as i128, 0);
                let x = (num / modulus as i128) as u64;
                if x < 1 << p && x >= 1 << (p - 2) {
                    xs.push(x);
                }
            }
            (b, xs)
        })
        .collect()
}

/// Every tier's corrections round quotients next to a midpoint as the division does
/// (and a quotient from the reciprocal without the last correction would not, for some).
fn check_near_midpoints<T>(seed: u64, p: u32, to: fn(f64) -> T)
where
    T: Element + core::fmt::Debug + core::ops::Div<Output = T>,
    for<'a> Divide<'a, T>: WithSimd<Output = bool>,
{
    let mut rng = Rng(seed);
    let pairs = near_midpoints(&mut rng, p, 24, 256);
    let mut naive_wrong = 0;
    for tier in available_tiers() {
        for (i, (b, xs)) in pairs.iter().enumerate() {
            // Scale both by powers of two inside the fast path's range; flip signs.
            let sb = 2f64.powi((i as i32 % 7) * 3 - 9 - p as i32);
            let d = to(*b as f64 * sb * if i % 2 == 0 { 1.0 } else { -1.0 });
            let sx = 2f64.powi((i as i32 % 5) * 2 - 4 - p as i32);
            let x: Vec<T> = xs
                .iter()
                .enumerate()
                .map(|(j, &x)| to(x as f64 * sx * if j % 3 == 0 { -1.0 } else { 1.0 }))
                .collect();
            let mut out = vec![T::ZERO; x.len()];
            let took = run_at(
                tier,
                Divide {
                    d,
                    reciprocal: Some(true),
                    x: &x,
                    out: &mut out,
                },
            )
            .expect("available tier");
            assert!(took);
            let y = T::ONE / d;
            for (&a, &q) in x.iter().zip(&out) {
                let want = a / d;
                assert_eq!(
                    want.to_f64().to_bits(),
                    q.to_f64().to_bits(),
                    "{tier:?}: {a:?} / {d:?} gave {q:?}, want {want:?}"
                );
                naive_wrong += usize::from((a * y).to_f64() != want.to_f64());
            }
        }
    }
    assert!(
        naive_wrong > 0,
        "the cases are not hard: x·(1/d) was always right"
    );
}

#[test]
fn divisor_f64_rounds_near_midpoints() {
    check_near_midpoints::<f64>(3, 53, |v| v);
}

#[test]
fn divisor_f32_rounds_near_midpoints() {
    check_near_midpoints::<f32>(4, 24, |v| v as f32);
}

/// The quotient-range constants are the powers of two the tests above take them for.
#[test]
fn divisor_ranges_are_powers_of_two() {
    assert_eq!(<f64 as MathElement>::DIV_RANGE, 2f64.powi(450));
    assert_eq!(<f64 as MathElement>::QUOT_RANGE, 2f64.powi(500));
    assert_eq!(<f32 as MathElement>::DIV_RANGE, 2f64.powi(40));
    assert_eq!(<f32 as MathElement>::QUOT_RANGE, 2f64.powi(60));
}

const CHILD: &str = "KERNELIZE_DIVISOR_TEST_CHILD";

/// The child: reports the setting and checks every tier follows it; then `set_division`.
#[test]
fn child_reports_division() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let d = division();
    println!("division={d:?}");
    for tier in available_tiers() {
        for wide in [false, true] {
            let r = divides_by_reciprocal(tier, wide);
            match d {
                Division::Reciprocal => assert!(r),
                Division::Hardware => assert!(!r),
                // Timed once, then the same answer.
                Division::Measured => assert_eq!(r, divides_by_reciprocal(tier, wide)),
            }
        }
    }
    let _ = division();
    let tier = available_tiers()[0];
    set_division(Some(Division::Hardware));
    assert!(!divides_by_reciprocal(tier, true));
    set_division(Some(Division::Reciprocal));
    assert!(divides_by_reciprocal(tier, true));
}

/// `KERNELIZE_DIVISION` picks the path for every tier; an unknown value warns once and
/// leaves the measured choice; `set_division` overrides the variable.
#[test]
fn division_setting_chooses_the_path() {
    for (value, want) in [
        (Some("reciprocal"), "Reciprocal"),
        (Some(" hardware "), "Hardware"),
        (Some("measured"), "Measured"),
        (None, "Measured"),
        (Some("sideways"), "Measured"),
    ] {
        let c = Child::run(
            "child_reports_division",
            CHILD,
            &[("KERNELIZE_DIVISION", value)],
        );
        assert_eq!(c.field("division="), want, "{value:?}");
        let warned = c.stderr.matches("is not a division").count();
        assert_eq!(
            warned,
            usize::from(value == Some("sideways")),
            "{value:?}: {}",
            c.stderr
        );
    }
}
