//! The math library against references, on every tier this CPU runs.
//!
//! For each function and element type: 2^20 points across the whole domain (uniform,
//! log-uniform over every binade, and random bit patterns) plus edge cases. The `f32`
//! reference is the `f64` libm result (about 2^-29 ULP of `f32` error, negligible); the
//! `f64` reference is libm itself, whose own error (≤ 1 ULP, glibc's being nearly
//! correctly rounded) the bound allows for. Special values (NaN, ±∞, signed zeros) must
//! match exactly. Every tier must also agree with the scalar tier bit for bit (they run the
//! same code with exactly rounded primitives), so the errors measured at the scalar tier
//! hold for all of them; the best tier's are measured again for the printout.
//!
//! Run with `--nocapture` to print the measured maximum error per function, type and tier.

use kernelize_runtime::Tier;
use kernelize_runtime::dispatch::{available_tiers, run_at};
use kernelize_runtime::math;
use kernelize_runtime::simd::{Simd, Vector, WithSimd};

mod common;
use common::Rng;

const POINTS: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Func {
    Exp,
    Exp2,
    Expm1,
    Log,
    Log2,
    Log10,
    Log1p,
    Sin,
    Cos,
    Tan,
    Tanh,
    Power,
}

impl Func {
    fn reference(self, x: f64, y: f64) -> f64 {
        match self {
            Func::Exp => x.exp(),
            Func::Exp2 => x.exp2(),
            Func::Expm1 => x.exp_m1(),
            Func::Log => x.ln(),
            Func::Log2 => x.log2(),
            Func::Log10 => x.log10(),
            Func::Log1p => x.ln_1p(),
            Func::Sin => x.sin(),
            Func::Cos => x.cos(),
            Func::Tan => x.tan(),
            Func::Tanh => x.tanh(),
            Func::Power => x.powf(y),
        }
    }
}

/// `out[i] = f(x[i])` over whole vectors and a partial tail. A macro, not a function taking
/// `f`: passing `math::exp::<V>` as a value calls it through a shim that is not compiled
/// for the tier's features and need not inline, and then every intrinsic inside becomes a
/// call (≈ 50× slower).
macro_rules! map1 {
    ($V:ty, $t:expr, $x:expr, $out:expr, $f:path) => {{
        let mut xc = $x.chunks_exact(<$V>::LANES);
        let mut oc = $out.chunks_exact_mut(<$V>::LANES);
        for (xi, oi) in (&mut xc).zip(&mut oc) {
            $f(<$V>::load($t, xi)).store(oi);
        }
        let (xr, or) = (xc.remainder(), oc.into_remainder());
        if !xr.is_empty() {
            $f(<$V>::load_partial($t, xr, Default::default())).store_partial(or);
        }
    }};
}

#[inline(always)]
fn apply<V: Vector>(t: V::Token, f: Func, x: &[V::Elem], y: &[V::Elem], out: &mut [V::Elem]) {
    match f {
        Func::Exp => map1!(V, t, x, out, math::exp),
        Func::Exp2 => map1!(V, t, x, out, math::exp2),
        Func::Expm1 => map1!(V, t, x, out, math::expm1),
        Func::Log => map1!(V, t, x, out, math::log),
        Func::Log2 => map1!(V, t, x, out, math::log2),
        Func::Log10 => map1!(V, t, x, out, math::log10),
        Func::Log1p => map1!(V, t, x, out, math::log1p),
        Func::Sin => map1!(V, t, x, out, math::sin),
        Func::Cos => map1!(V, t, x, out, math::cos),
        Func::Tan => map1!(V, t, x, out, math::tan),
        Func::Tanh => map1!(V, t, x, out, math::tanh),
        Func::Power => {
            for ((xi, yi), oi) in x
                .chunks(V::LANES)
                .zip(y.chunks(V::LANES))
                .zip(out.chunks_mut(V::LANES))
            {
                if xi.len() == V::LANES {
                    math::power(V::load(t, xi), V::load(t, yi)).store(oi);
                } else {
                    let (a, b) = (
                        V::load_partial(t, xi, Default::default()),
                        V::load_partial(t, yi, Default::default()),
                    );
                    math::power(a, b).store_partial(oi);
                }
            }
        }
    }
}

struct Eval<'a, T> {
    f: Func,
    x: &'a [T],
    y: &'a [T],
    out: &'a mut [T],
}

impl WithSimd for Eval<'_, f64> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        apply::<S::F64>(s, self.f, self.x, self.y, self.out)
    }
}

impl WithSimd for Eval<'_, f32> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        apply::<S::F32>(s, self.f, self.x, self.y, self.out)
    }
}

/// The element type under test, with what the test needs to know about it.
trait Real: Copy + Default + PartialEq + core::fmt::Debug + 'static {
    const MANT: i32;
    const MIN_EXP: i32;
    const MAX_EXP: i32;
    const NAME: &'static str;
    fn from_f64(x: f64) -> Self;
    fn to(self) -> f64;
    fn eval(f: Func, tier: Tier, x: &[Self], y: &[Self], out: &mut [Self]);
}

impl Real for f64 {
    const MANT: i32 = 53;
    const MIN_EXP: i32 = -1022;
    const MAX_EXP: i32 = 1023;
    const NAME: &'static str = "f64";
    fn from_f64(x: f64) -> Self {
        x
    }
    fn to(self) -> f64 {
        self
    }
    fn eval(f: Func, tier: Tier, x: &[Self], y: &[Self], out: &mut [Self]) {
        run_at(tier, Eval { f, x, y, out }).expect("available tier");
    }
}

impl Real for f32 {
    const MANT: i32 = 24;
    const MIN_EXP: i32 = -126;
    const MAX_EXP: i32 = 127;
    const NAME: &'static str = "f32";
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn to(self) -> f64 {
        f64::from(self)
    }
    fn eval(f: Func, tier: Tier, x: &[Self], y: &[Self], out: &mut [Self]) {
        run_at(tier, Eval { f, x, y, out }).expect("available tier");
    }
}

/// The spacing of `T` at `r` (the ulp of the binade `r` lies in, subnormals included).
fn ulp<T: Real>(r: f64) -> f64 {
    // The binade from the exponent bits (subnormal `f64` references land below MIN_EXP).
    let e = if r == 0.0 {
        T::MIN_EXP
    } else {
        (((r.to_bits() >> 52) & 0x7ff) as i32 - 1023).max(T::MIN_EXP)
    };
    pow2(e - (T::MANT - 1))
}

/// `2^n` exactly, subnormals included (`powi` divides and flushes below 2^-1022).
fn pow2(n: i32) -> f64 {
    if n >= -1022 {
        f64::from_bits(((n + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (n + 1074))
    }
}

/// Error of `got` against the (more precise or libm) reference `r`, in ULP of `T`;
/// infinite when a special value differs.
fn ulp_error<T: Real>(got: T, r: f64) -> f64 {
    let g = got.to();
    let rt = T::from_f64(r).to();
    if r.is_nan() || g.is_nan() {
        return if r.is_nan() && g.is_nan() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if rt.is_infinite() || g.is_infinite() {
        return if g == rt { 0.0 } else { f64::INFINITY };
    }
    if rt == 0.0 && g == 0.0 {
        return if g.is_sign_negative() == rt.is_sign_negative() {
            0.0
        } else {
            f64::INFINITY
        };
    }
    (g - r).abs() / ulp::<T>(r)
}

/// Where the points come from: a share of uniform points on each listed interval, of
/// log-uniform magnitudes over listed binades, and random bit patterns.
struct Domain {
    uniform: &'static [(f64, f64)],
    log_uniform: &'static [(f64, f64, bool)],
    bits: bool,
}

fn points<T: Real>(d: &Domain, rng: &mut Rng, edges: &[f64]) -> Vec<T> {
    let kinds = d.uniform.len() + d.log_uniform.len() + usize::from(d.bits);
    let mut v: Vec<T> = edges.iter().map(|&x| T::from_f64(x)).collect();
    for i in 0..POINTS {
        let k = i % kinds;
        let x = if k < d.uniform.len() {
            let (lo, hi) = d.uniform[k];
            rng.uniform(lo, hi)
        } else if k < d.uniform.len() + d.log_uniform.len() {
            let (lo, hi, s) = d.log_uniform[k - d.uniform.len()];
            rng.log_uniform(lo, hi, s)
        } else if T::MANT == 53 {
            f64::from_bits(rng.next())
        } else {
            f64::from(f32::from_bits(rng.next() as u32))
        };
        v.push(T::from_f64(x));
    }
    v
}

const EDGES: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -0.5,
    2.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::MIN_POSITIVE,
    5e-324,
    1e-310,
    -1e-310,
    1.1754943508222875e-38,
    1e-40,
    1e-45,
    f64::MAX,
    -f64::MAX,
    3.4028234663852886e38,
    709.782712893384,
    709.7827128933841,
    -708.3964185322641,
    -745.1332191019411,
    -745.1332191019412,
    -745.2,
    88.72283172607422,
    88.72284,
    -87.33654,
    -103.97208,
    -104.0,
    1023.9999,
    1024.0,
    -1022.0,
    -1074.0,
    -1075.0,
    -1076.0,
    127.99999,
    128.0,
    -126.0,
    -149.0,
    -150.0,
    -151.0,
    1e-17,
    -1e-17,
    1e-9,
    0.34657359027997264,
    -0.34657359027997264,
    0.4142135623730951,
    -0.2928932188134524,
    -0.9999999999999999,
    core::f64::consts::FRAC_PI_2,
    core::f64::consts::PI,
    4.71238898038469,
    core::f64::consts::TAU,
    355.0,
    103993.0,
    9999.5,
    10000.5,
    999999.5,
    1000000.5,
    1e22,
    1e300,
    22.0,
    -22.0,
    9.5,
    10.5,
    0.55,
];

fn domain(f: Func) -> Domain {
    match f {
        Func::Exp | Func::Exp2 | Func::Expm1 => Domain {
            uniform: &[
                (-760.0, 720.0),
                (-110.0, 95.0),
                (-1.0, 1.0),
                (-1100.0, 1100.0),
            ],
            log_uniform: &[(-60.0, 10.5, true)],
            bits: true,
        },
        Func::Log | Func::Log2 | Func::Log10 => Domain {
            uniform: &[(0.5, 2.0), (0.0, 1e6)],
            log_uniform: &[(-1074.0, 1024.0, false), (-149.0, 128.0, false)],
            bits: true,
        },
        Func::Log1p => Domain {
            uniform: &[(-1.0, 1.0), (-0.3, 0.42)],
            log_uniform: &[(-70.0, 1024.0, false), (-70.0, 0.0, true)],
            bits: true,
        },
        Func::Sin | Func::Cos | Func::Tan => Domain {
            uniform: &[(-10.0, 10.0), (-1e4, 1e4)],
            log_uniform: &[(-40.0, 20.0, true), (-30.0, 13.3, true), (19.0, 60.0, true)],
            bits: true,
        },
        Func::Tanh => Domain {
            uniform: &[(-25.0, 25.0), (-1.0, 1.0)],
            log_uniform: &[(-60.0, 6.0, true)],
            bits: true,
        },
        Func::Power => unreachable!("two arguments"),
    }
}

/// The documented bound, in ULP, for one point.
fn bound<T: Real>(f: Func, x: f64) -> f64 {
    let trig_fast = if T::MANT == 53 { 1e6 } else { 1e4 };
    match f {
        Func::Exp | Func::Exp2 | Func::Log | Func::Log2 => 1.0,
        Func::Sin | Func::Cos | Func::Tan if x.abs() > trig_fast => 0.5,
        _ => 2.0,
    }
}

/// Allowance for the reference's own error.
fn reference_slack<T: Real>() -> f64 {
    if T::MANT == 53 { 1.0 } else { 0.001 }
}

fn check<T: Real>(f: Func, x: &[T], y: &[T]) {
    let reference: Vec<f64> = x
        .iter()
        .zip(y)
        .map(|(&a, &b)| f.reference(a.to(), b.to()))
        .collect();
    let mut first: Option<(Tier, Vec<T>)> = None;
    for tier in available_tiers() {
        let mut out = vec![T::default(); x.len()];
        T::eval(f, tier, x, y, &mut out);
        if let Some((t0, base)) = &first {
            // Bit-identical to a tier whose errors were checked: the same errors.
            assert_same_bits(f, x, &out, tier, base, *t0);
            if tier != kernelize_runtime::dispatch::best_available() {
                continue;
            }
        }
        let mut worst = (0.0f64, 0.0, 0.0, 0.0);
        let mut worst_over = (f64::NEG_INFINITY, 0.0, 0.0);
        for i in 0..x.len() {
            let (xa, ya) = (x[i].to(), y[i].to());
            let err = ulp_error(out[i], reference[i]);
            if err > worst.0 {
                worst = (err, xa, ya, out[i].to());
            }
            let over = err - bound::<T>(f, xa) - reference_slack::<T>();
            if over > worst_over.0 {
                worst_over = (over, xa, ya);
            }
        }
        eprintln!(
            "{f:?} {} {tier}: max {:.3} ULP at x = {:e}{} (got {:e}, reference {:e})",
            T::NAME,
            worst.0,
            worst.1,
            if f == Func::Power {
                format!(", y = {:e}", worst.2)
            } else {
                String::new()
            },
            worst.3,
            f.reference(worst.1, worst.2),
        );
        assert!(
            worst_over.0 <= 0.0,
            "{f:?} {} at tier {tier}: error beyond the documented bound by {} ULP at x = {:e}, \
             y = {:e}",
            T::NAME,
            worst_over.0,
            worst_over.1,
            worst_over.2
        );
        if tier == kernelize_runtime::dispatch::best_available() {
            dump(f, x, y, &out, &reference);
        }
        if first.is_none() {
            first = Some((tier, out));
        }
    }
}

fn assert_same_bits<T: Real>(f: Func, x: &[T], out: &[T], tier: Tier, base: &[T], t0: Tier) {
    let differ: Vec<usize> = (0..x.len())
        .filter(|&i| {
            let (a, b) = (out[i].to(), base[i].to());
            !(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()))
        })
        .collect();
    if let Some(&i) = differ.first() {
        panic!(
            "{f:?} {}: tier {tier} differs from {t0} at {} points, e.g. x = {:e}: {:e} vs {:e}",
            T::NAME,
            differ.len(),
            x[i].to(),
            out[i].to(),
            base[i].to()
        );
    }
}

/// With `KERNELIZE_MATH_DUMP=<dir>`, writes the 200 points farthest from the libm
/// reference and every 97th point as `x y result` lines, for an exact (mpmath) error
/// measurement outside the test: libm's own `f64` error blurs ours here.
fn dump<T: Real>(f: Func, x: &[T], y: &[T], out: &[T], reference: &[f64]) {
    let Some(dir) = std::env::var_os("KERNELIZE_MATH_DUMP") else {
        return;
    };
    let mut idx: Vec<usize> = (0..x.len()).collect();
    let err = |i: usize| {
        let e = ulp_error(out[i], reference[i]);
        if e.is_finite() { e } else { -1.0 }
    };
    idx.sort_by(|&a, &b| err(b).total_cmp(&err(a)));
    let mut pick: Vec<usize> = idx[..200.min(idx.len())].to_vec();
    pick.extend((0..x.len()).step_by(97));
    let mut text = String::new();
    for i in pick {
        text += &format!("{:e} {:e} {:e}\n", x[i].to(), y[i].to(), out[i].to());
    }
    let path = std::path::Path::new(&dir).join(format!("{f:?}-{}.txt", T::NAME));
    std::fs::write(path, text).expect("write the dump");
}

fn one_arg(f: Func) {
    let d = domain(f);
    let mut rng = Rng(0x5eed ^ f as u64);
    let x: Vec<f64> = points::<f64>(&d, &mut rng, EDGES);
    check::<f64>(f, &x, &vec![0.0; x.len()]);
    let x: Vec<f32> = points::<f32>(&d, &mut rng, EDGES);
    check::<f32>(f, &x, &vec![0.0; x.len()]);
}

#[test]
fn exp() {
    one_arg(Func::Exp);
}

#[test]
fn exp2() {
    one_arg(Func::Exp2);
}

#[test]
fn expm1() {
    one_arg(Func::Expm1);
}

#[test]
fn log() {
    one_arg(Func::Log);
}

#[test]
fn log2() {
    one_arg(Func::Log2);
}

#[test]
fn log10() {
    one_arg(Func::Log10);
}

#[test]
fn log1p() {
    one_arg(Func::Log1p);
}

#[test]
fn sin() {
    one_arg(Func::Sin);
}

#[test]
fn cos() {
    one_arg(Func::Cos);
}

#[test]
fn tan() {
    one_arg(Func::Tan);
}

#[test]
fn tanh() {
    one_arg(Func::Tanh);
}

fn power_points<T: Real>(rng: &mut Rng) -> (Vec<T>, Vec<T>) {
    let specials = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        3.0,
        -3.0,
        2.5,
        -2.5,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1e-310,
        1e300,
    ];
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for &a in &specials {
        for &b in &specials {
            xs.push(T::from_f64(a));
            ys.push(T::from_f64(b));
        }
    }
    let max_ln = (T::MAX_EXP as f64 + 1.0) * core::f64::consts::LN_2;
    for i in 0..POINTS {
        let x = match i % 8 {
            0 => rng.uniform(0.0, 4.0),
            4 => 1.0 + rng.log_uniform(-(T::MANT as f64), -3.0, true),
            1 => rng.log_uniform(T::MIN_EXP as f64 - 20.0, T::MAX_EXP as f64, false),
            2 => rng.uniform(0.9, 1.1),
            3 | 7 => -rng.log_uniform(-10.0, 10.0, false),
            _ => rng.log_uniform(-3.0, 3.0, false),
        };
        // Mostly results in range; some beyond, to exercise overflow and underflow.
        let z = rng.uniform(-1.05, 1.05) * max_ln;
        let mut y = z / x.abs().ln();
        if i % 8 == 3 || i % 8 == 7 || i % 16 == 5 {
            y = (y * 0.25).round();
        }
        if !y.is_finite() {
            y = rng.uniform(-50.0, 50.0);
        }
        xs.push(T::from_f64(x));
        ys.push(T::from_f64(y));
    }
    (xs, ys)
}

#[test]
fn power() {
    let mut rng = Rng(0x9e37);
    let (x, y) = power_points::<f64>(&mut rng);
    check::<f64>(Func::Power, &x, &y);
    let (x, y) = power_points::<f32>(&mut rng);
    check::<f32>(Func::Power, &x, &y);
}

/// One call works for either element type at every tier: the API generated code uses.
#[test]
fn same_call_for_f32_and_f64() {
    struct Both;
    impl WithSimd for Both {
        type Output = (f64, f32);
        #[inline(always)]
        fn with_simd<S: Simd>(self, s: S) -> (f64, f32) {
            let a = math::exp(S::F64::splat(s, 1.0));
            let b = math::exp(S::F32::splat(s, 1.0));
            (a.extract(0), b.extract(0))
        }
    }
    for tier in available_tiers() {
        let (a, b) = run_at(tier, Both).expect("available tier");
        assert_eq!(a, core::f64::consts::E);
        assert_eq!(b, core::f32::consts::E);
    }
}

/// `exp` and `exp_nonpositive` over the same inputs, at one tier.
struct ExpBoth<'a, T> {
    x: &'a [T],
    plain: &'a mut [T],
    nonpos: &'a mut [T],
}

macro_rules! exp_both {
    ($t:ty, $lanes:ident) => {
        impl WithSimd for ExpBoth<'_, $t> {
            type Output = ();
            #[inline(always)]
            fn with_simd<S: Simd>(self, s: S) {
                map1!(S::$lanes, s, self.x, self.plain, math::exp);
                map1!(S::$lanes, s, self.x, self.nonpos, math::exp_nonpositive);
            }
        }
    };
}
exp_both!(f64, F64);
exp_both!(f32, F32);

fn assert_exp_nonpositive_is_exp<T: Real>(tier: Tier, x: &[T])
where
    for<'a> ExpBoth<'a, T>: WithSimd<Output = ()>,
{
    let (mut plain, mut nonpos) = (x.to_vec(), x.to_vec());
    let both = ExpBoth {
        x,
        plain: &mut plain,
        nonpos: &mut nonpos,
    };
    run_at(tier, both).expect("available tier");
    for ((&v, &p), &q) in x.iter().zip(&plain).zip(&nonpos) {
        let (p, q) = (p.to(), q.to());
        assert!(
            p.to_bits() == q.to_bits() || (p.is_nan() && q.is_nan()),
            "{tier:?} {} exp({:e}) = {p:e}, nonpositive {q:e}",
            T::NAME,
            v.to()
        );
    }
}

/// `exp_nonpositive` is `exp`, bit for bit, on every non-positive input and NaN, at every
/// tier: both zeros, -∞, the underflow thresholds, subnormal results, vectors mixing the
/// fast range with lanes beyond it, and a sweep of 2^16 points over `[-800, 0]`.
#[test]
fn exp_nonpositive_is_exp_below_zero() {
    let edges = [
        0.0,
        -0.0,
        f64::NEG_INFINITY,
        f64::NAN,
        -708.0,
        -708.3964185322641,
        -709.1,
        -745.1332191019411,
        -745.2,
        -87.0,
        -87.33654,
        -103.27893,
        -104.5,
        -1e-300,
        -5e-324,
        -1e300,
    ];
    let sweep = (0..1 << 16).map(|i| -800.0 * f64::from(i) / f64::from(1 << 16));
    let x64: Vec<f64> = edges.iter().copied().chain(sweep).collect();
    let x32: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
    for tier in available_tiers() {
        assert_exp_nonpositive_is_exp(tier, &x64);
        assert_exp_nonpositive_is_exp(tier, &x32);
    }
}

/// A rough throughput survey of every function at every tier (in cache, 4096 elements),
/// for spotting a slow path; the criterion bench `exp` is the careful measurement.
/// `cargo test -p kernelize-runtime --test math_ulp -- --ignored --nocapture throughput`
#[test]
#[ignore]
fn throughput_survey() {
    use std::time::Instant;
    let funcs = [
        Func::Exp,
        Func::Exp2,
        Func::Expm1,
        Func::Log,
        Func::Log2,
        Func::Log10,
        Func::Log1p,
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Tanh,
        Func::Power,
    ];
    let n = 4096;
    let x64: Vec<f64> = (0..n).map(|i| 0.01 + 9.0 * i as f64 / n as f64).collect();
    let y64: Vec<f64> = (0..n).map(|i| -3.0 + 6.0 * i as f64 / n as f64).collect();
    let x32: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
    let y32: Vec<f32> = y64.iter().map(|&v| v as f32).collect();
    let (mut o64, mut o32) = (vec![0.0f64; n], vec![0.0f32; n]);
    for f in funcs {
        let mut line = format!("{f:?}:");
        for tier in available_tiers() {
            let reps = 2000;
            let t0 = Instant::now();
            for _ in 0..reps {
                f64::eval(f, tier, &x64, &y64, &mut o64);
            }
            let g64 = (n * reps) as f64 / t0.elapsed().as_secs_f64() / 1e9;
            let t0 = Instant::now();
            for _ in 0..reps {
                f32::eval(f, tier, &x32, &y32, &mut o32);
            }
            let g32 = (n * reps) as f64 / t0.elapsed().as_secs_f64() / 1e9;
            line += &format!("  {tier} {g64:.2}/{g32:.2}");
        }
        eprintln!("{line}  (G elem/s, f64/f32)");
    }
}
