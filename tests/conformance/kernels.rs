//! The kernels under test and their references. Each test runs every case in every
//! variant; each kernel's comment states its tolerance budget (see `harness`).

use kernelize::{Error, Variant, kernel};

use super::harness::*;

const U64: f64 = f64::EPSILON / 2.0;
const U32: f64 = f32::EPSILON as f64 / 2.0;
/// One math-library call against the reference's libm: ≤ 2 ULP + ≤ 1 ULP, and one ULP is
/// at most `2u` relative, so `6u`; subnormal results get 3 ULP of the smallest subnormal.
const MATH64: (f64, f64) = (6.0 * U64, 3.0 * 5e-324);
const MATH32: (f64, f64) = (6.0 * U32, 3.0 * 1.5e-45);

/// Runs `check` on every case, in every variant of the kernel.
fn each<T: Float>(
    seed: u64,
    arrays: usize,
    d: Domain,
    variants: Vec<Variant>,
    mut check: impl FnMut(Variant, &Case<T>),
) {
    let cases = cases::<T>(seed, arrays, d);
    for v in variants {
        for case in &cases {
            check(v, case);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Elementwise arithmetic and broadcasting: same operations in the same order as the
// reference, so bit-exact (rel = abs = 0).

#[kernel(signature = "f8[:](f8, f8[:], f8[:])", parallel)]
pub fn axpy(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> {
    a * x + y
}

#[test]
fn axpy_is_exact() {
    each::<f64>(1, 2, domain(-1e3, 1e3), axpy::variants(), |v, c| {
        let a = 1.5;
        let got = axpy::with(v, a, c.arr(0), c.arr(1)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .zip(c.arr(1))
            .map(|(x, y)| (a * x + y, 0.0, 0.0))
            .collect();
        check_array("axpy", v, c, &got, &want);
    });
}

#[kernel]
pub fn axpy_f32(a: f32, x: &[f32], y: &[f32]) -> Vec<f32> {
    a * x + y
}

#[test]
fn axpy_f32_is_exact() {
    each::<f32>(2, 2, domain(-1e3, 1e3), axpy_f32::variants(), |v, c| {
        let a = -0.75f32;
        let got = axpy_f32::with(v, a, c.arr(0), c.arr(1)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .zip(c.arr(1))
            .map(|(x, y)| (f64::from(a * x + y), 0.0, 0.0))
            .collect();
        check_array("axpy_f32", v, c, &got, &want);
    });
}

/// Two scalars broadcast, unary minus, parentheses, integer literals, division.
#[kernel]
pub fn broadcast_mix(x: &[f64], y: &[f64], a: f64, b: f64) -> Vec<f64> {
    -(x + y) * (a - b) / 2 + 1
}

#[test]
fn broadcast_mix_is_exact() {
    each::<f64>(
        3,
        2,
        domain(-10.0, 10.0),
        broadcast_mix::variants(),
        |v, c| {
            let (a, b) = (3.25, -0.5);
            let got = broadcast_mix::with(v, c.arr(0), c.arr(1), a, b).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .zip(c.arr(1))
                .map(|(x, y)| (-(x + y) * (a - b) / 2.0 + 1.0, 0.0, 0.0))
                .collect();
            check_array("broadcast_mix", v, c, &got, &want);
        },
    );
}

/// Literals in every spelling Rust has for a number: a trailing point, underscores, an
/// exponent with and without a sign, hexadecimal, a suffix (found by the fuzzer: `x * 2.`
/// did not compile, generated as `2.f64`).
#[kernel]
pub fn literal_spellings(x: &[f64]) -> Vec<f64> {
    (x * 2. + 1_000.5) * 1E-3 - 0x10 + 2.5e+2 / 4f64 + 3. - 0b11 * 0o7 + 1_0.2_5e-1_f64
}

#[kernel]
pub fn literal_spellings_f32(x: &[f32]) -> Vec<f32> {
    x * 2. - 0.1 + 1_0.2_5e-1_f32 + 0xA
}

#[test]
fn literals_of_every_spelling_are_exact() {
    each::<f64>(
        8,
        1,
        domain(-10.0, 10.0),
        literal_spellings::variants(),
        |v, c| {
            let got = literal_spellings::with(v, c.arr(0)).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .map(|x| {
                    let r =
                        (x * 2.0 + 1000.5) * 1e-3 - 16.0 + 250.0 / 4.0 + 3.0 - 3.0 * 7.0 + 1.025;
                    (r, 0.0, 0.0)
                })
                .collect();
            check_array("literal_spellings", v, c, &got, &want);
        },
    );
    each::<f32>(
        9,
        1,
        domain(-10.0, 10.0),
        literal_spellings_f32::variants(),
        |v, c| {
            let got = literal_spellings_f32::with(v, c.arr(0)).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .map(|x| (f64::from(x * 2.0 - 0.1 + 1.025 + 10.0), 0.0, 0.0))
                .collect();
            check_array("literal_spellings_f32", v, c, &got, &want);
        },
    );
}

/// An integer scalar argument converts to the element type.
#[kernel]
pub fn scale_by_int(x: &[f32], n: i32) -> Vec<f32> {
    x * n + 0.5
}

#[test]
fn scale_by_int_is_exact() {
    each::<f32>(
        4,
        1,
        domain(-100.0, 100.0),
        scale_by_int::variants(),
        |v, c| {
            let got = scale_by_int::with(v, c.arr(0), 7).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .map(|x| (f64::from(x * 7.0 + 0.5), 0.0, 0.0))
                .collect();
            check_array("scale_by_int", v, c, &got, &want);
        },
    );
}

/// `mul_add` is one rounding in every variant, as `f64::mul_add`.
#[kernel]
pub fn fused(x: &[f64], y: &[f64]) -> Vec<f64> {
    x.mul_add(y, 1.0)
}

#[test]
fn fused_is_exact() {
    each::<f64>(5, 2, domain(-1e3, 1e3), fused::variants(), |v, c| {
        let got = fused::with(v, c.arr(0), c.arr(1)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .zip(c.arr(1))
            .map(|(x, y)| (x.mul_add(*y, 1.0), 0.0, 0.0))
            .collect();
        check_array("fused", v, c, &got, &want);
    });
}

// ---------------------------------------------------------------------------------------
// Masks and select, NumPy maximum/minimum/clip (NaN propagates): exact.

#[kernel(parallel)]
pub fn relu(x: &[f64]) -> Vec<f64> {
    select(x > 0.0, x, 0.0)
}

#[test]
fn relu_is_exact() {
    each::<f64>(6, 1, domain(-5.0, 5.0), relu::variants(), |v, c| {
        let got = relu::with(v, c.arr(0)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .map(|&x| (if x > 0.0 { x } else { 0.0 }, 0.0, 0.0))
            .collect();
        check_array("relu", v, c, &got, &want);
    });
}

/// Every comparison, nested selects, and the constants (a `let` named `pi` would shadow).
#[kernel]
pub fn comparisons(x: &[f32], y: &[f32]) -> Vec<f32> {
    let a = select(x < y, 1.0, 0.0) + select(x <= y, 2.0, 0.0) + select(x > y, 4.0, 0.0);
    let b = select(x >= y, 8.0, 0.0) + select(x == y, 16.0, 0.0) + select(x != y, 32.0, 0.0);
    select(x == inf, nan, a + b + pi)
}

#[test]
fn comparisons_are_exact() {
    each::<f32>(7, 2, domain(-2.0, 2.0), comparisons::variants(), |v, c| {
        let got = comparisons::with(v, c.arr(0), c.arr(1)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .zip(c.arr(1))
            .map(|(&x, &y)| {
                let bits = [x < y, x <= y, x > y, x >= y, x == y, x != y];
                let s: f32 = bits
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| if b { (1u32 << i) as f32 } else { 0.0 })
                    .sum();
                let r = if x == f32::INFINITY {
                    f32::NAN
                } else {
                    s + std::f32::consts::PI
                };
                (f64::from(r), 0.0, 0.0)
            })
            .collect();
        check_array("comparisons", v, c, &got, &want);
    });
}

#[kernel]
pub fn spread(x: &[f64], y: &[f64]) -> Vec<f64> {
    maximum(x, y) - minimum(x, y) + x.max(y) * 0.0 + x.min(y) * 0.0
}

#[test]
fn spread_propagates_nan() {
    each::<f64>(8, 2, domain(-5.0, 5.0), spread::variants(), |v, c| {
        let got = spread::with(v, c.arr(0), c.arr(1)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .zip(c.arr(1))
            .map(|(&x, &y)| {
                (
                    np_max(x, y) - np_min(x, y) + np_max(x, y) * 0.0 + np_min(x, y) * 0.0,
                    0.0,
                    0.0,
                )
            })
            .collect();
        check_array("spread", v, c, &got, &want);
    });
}

#[kernel]
pub fn clipped(x: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    clip(x, lo, hi) + x.clamp(lo, hi)
}

#[test]
fn clipped_is_exact() {
    each::<f64>(9, 1, domain(-3.0, 3.0), clipped::variants(), |v, c| {
        let got = clipped::with(v, c.arr(0), -1.0, 1.5).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .map(|&x| {
                let cl = np_min(np_max(x, -1.0), 1.5);
                (cl + cl, 0.0, 0.0)
            })
            .collect();
        check_array("clipped", v, c, &got, &want);
    });
}

// ---------------------------------------------------------------------------------------
// Elementwise math: one library call each, MATH64/MATH32 budget; `abs floor ceil sqrt`
// are exact (correctly rounded or exact operations).

macro_rules! unary_math {
    ($($name:ident: $body:ident, $reference:expr, $lo:expr, $hi:expr, $specials:expr, $exact:expr;)*) => {
        $(
            mod $name {
                use super::*;

                #[kernel]
                pub fn k64(x: &[f64]) -> Vec<f64> {
                    $body(x)
                }

                #[kernel]
                pub fn k32(x: &[f32]) -> Vec<f32> {
                    $body(x)
                }

                #[test]
                fn matches_libm() {
                    let reference: fn(f64) -> f64 = $reference;
                    let d = Domain { lo: $lo, hi: $hi, specials: $specials };
                    let (rel, abs) = if $exact { (0.0, 0.0) } else { MATH64 };
                    each::<f64>(10, 1, d, k64::variants(), |v, c| {
                        let got = k64::with(v, c.arr(0)).unwrap();
                        let want: Vec<_> = c.arr(0).iter().map(|&x| (reference(x), rel, abs)).collect();
                        check_array(stringify!($name), v, c, &got, &want);
                    });
                    // f32: the reference is the f64 function rounded to f32 (≤ 0.5 ULP +
                    // the f64 libm's error, far below an f32 ULP), so the kernel's 2 + 1.
                    let (rel, abs) = if $exact { (0.0, 0.0) } else { MATH32 };
                    let lo: f64 = $lo;
                    let hi: f64 = $hi;
                    let d32 = Domain { lo: lo.max(-80.0), hi: hi.min(80.0), specials: $specials };
                    each::<f32>(11, 1, d32, k32::variants(), |v, c| {
                        let got = k32::with(v, c.arr(0)).unwrap();
                        let want: Vec<_> = c
                            .arr(0)
                            .iter()
                            .map(|&x| (f64::from(reference(f64::from(x)) as f32), rel, abs))
                            .collect();
                        check_array(concat!(stringify!($name), "_f32"), v, c, &got, &want);
                    });
                }
            }
        )*
    };
}

unary_math! {
    m_exp: exp, f64::exp, -700.0, 700.0, true, false;
    m_exp2: exp2, f64::exp2, -1000.0, 1000.0, true, false;
    m_expm1: expm1, f64::exp_m1, -50.0, 50.0, true, false;
    m_log: log, f64::ln, 1e-30, 1e30, true, false;
    m_log2: log2, f64::log2, 1e-30, 1e30, true, false;
    m_log10: log10, f64::log10, 1e-30, 1e30, true, false;
    m_log1p: log1p, f64::ln_1p, -0.999, 1e10, true, false;
    m_sin: sin, f64::sin, -1000.0, 1000.0, false, false;
    m_cos: cos, f64::cos, -1000.0, 1000.0, false, false;
    m_tan: tan, f64::tan, -1000.0, 1000.0, false, false;
    m_tanh: tanh, f64::tanh, -30.0, 30.0, true, false;
    m_sqrt: sqrt, f64::sqrt, 0.0, 1e10, true, true;
    m_abs: abs, f64::abs, -1e10, 1e10, true, true;
    m_floor: floor, f64::floor, -1e6, 1e6, true, true;
    m_ceil: ceil, f64::ceil, -1e6, 1e6, true, true;
}

/// Rust method spellings mean the same functions: `ln_1p(x)` then `sqrt` (exact) then
/// `exp_m1`: two library calls; `log1p` is well conditioned on [0, 10] (relative
/// condition ≤ 1) and `sqrt` halves relative error, so ≤ 2 × MATH64 + the sqrt rounding.
#[kernel]
pub fn methods(x: &[f64]) -> Vec<f64> {
    x.ln_1p().sqrt().abs().exp_m1() * 0.0 + x.ln_1p().sqrt()
}

#[test]
fn method_spellings() {
    each::<f64>(12, 1, domain(0.0, 10.0), methods::variants(), |v, c| {
        let got = methods::with(v, c.arr(0)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .map(|&x| {
                (
                    x.ln_1p().sqrt().abs().exp_m1() * 0.0 + x.ln_1p().sqrt(),
                    MATH64.0 + 2.0 * U64,
                    MATH64.1,
                )
            })
            .collect();
        check_array("methods", v, c, &got, &want);
    });
}

/// `power(x, y)` and `x.powf(y)`: ≤ 2 ULP for results in range (documented), + 1 ULP for
/// the reference, so MATH64; the sum of the two equal values adds one exact doubling.
#[kernel]
pub fn powers(x: &[f64], y: &[f64]) -> Vec<f64> {
    power(x, y) + x.powf(y)
}

#[test]
fn powers_match() {
    each::<f64>(
        13,
        2,
        Domain {
            lo: 0.1,
            hi: 10.0,
            specials: false,
        },
        powers::variants(),
        |v, c| {
            let got = powers::with(v, c.arr(0), c.arr(1)).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .zip(c.arr(1))
                .map(|(x, y)| (2.0 * x.powf(*y), MATH64.0, MATH64.1))
                .collect();
            check_array("powers", v, c, &got, &want);
        },
    );
}

// ---------------------------------------------------------------------------------------
// Reductions: sums carry `sum_tol`; max/min/argmax/argmin are exact (NaN propagates, the
// first index wins); prod carries the order-free bound `gamma_n * |P|`.

#[kernel(parallel)]
pub fn total(x: &[f64]) -> f64 {
    sum(x)
}

#[test]
fn sum_within_the_blocked_bound() {
    each::<f64>(14, 1, domain(-1.0, 1.0), total::variants(), |v, c| {
        let x = c.arr64(0);
        let got = total::with(v, c.arr(0)).unwrap();
        check_scalar(
            "total",
            v,
            c,
            got,
            (ref_sum(x.iter().copied()), 0.0, sum_tol::<f64>(&x)),
        );
    });
}

#[kernel(parallel)]
pub fn total_f32(x: &[f32]) -> f32 {
    sum(x)
}

#[test]
fn sum_f32_within_the_blocked_bound() {
    each::<f32>(15, 1, domain(-1.0, 1.0), total_f32::variants(), |v, c| {
        let x = c.arr64(0);
        let got = total_f32::with(v, c.arr(0)).unwrap();
        // The reference is exact in f64 (then one more rounding to f32: + u|S|).
        let want = ref_sum(x.iter().copied());
        check_scalar(
            "total_f32",
            v,
            c,
            f64::from(got),
            (want, U32, sum_tol::<f32>(&x)),
        );
    });
}

#[kernel(parallel)]
pub fn extremes(x: &[f64]) -> f64 {
    max(x) * 1000.0 + min(x)
}

#[test]
fn max_and_min_share_a_pass_and_propagate_nan() {
    assert!(
        extremes::explain().contains("1 pass(es)"),
        "{}",
        extremes::explain()
    );
    each::<f64>(16, 1, domain(-1.0, 1.0), extremes::variants(), |v, c| {
        let got = extremes::with(v, c.arr(0));
        if c.len() == 0 {
            assert!(
                matches!(
                    got,
                    Err(Error::EmptyReduction {
                        reduction: "max",
                        ..
                    })
                ),
                "{got:?}"
            );
            return;
        }
        let x = c.arr64(0);
        let mx = x.iter().copied().fold(f64::NEG_INFINITY, np_max);
        let mn = x.iter().copied().fold(f64::INFINITY, np_min);
        check_scalar("extremes", v, c, got.unwrap(), (mx * 1000.0 + mn, 0.0, 0.0));
    });
}

#[kernel(parallel)]
pub fn where_max(x: &[f64]) -> usize {
    argmax(x)
}

#[kernel]
pub fn where_min(x: &[f32]) -> i64 {
    argmin(x)
}

fn first_extreme(x: &[f64], better: impl Fn(f64, f64) -> bool) -> usize {
    if let Some(i) = x.iter().position(|v| v.is_nan()) {
        return i;
    }
    let mut best = 0;
    for (i, &v) in x.iter().enumerate() {
        if better(v, x[best]) {
            best = i;
        }
    }
    best
}

#[test]
fn argmax_and_argmin_take_the_first_index_and_nan() {
    each::<f64>(17, 1, domain(-3.0, 3.0), where_max::variants(), |v, c| {
        let got = where_max::with(v, c.arr(0));
        if c.len() == 0 {
            assert!(matches!(
                got,
                Err(Error::EmptyReduction {
                    reduction: "argmax",
                    ..
                })
            ));
            return;
        }
        assert_eq!(
            got.unwrap(),
            first_extreme(&c.arr64(0), |a, b| a > b),
            "{v} {}",
            c.what
        );
    });
    // Few distinct values, so ties are common.
    each::<f32>(18, 1, domain(0.0, 4.0), where_min::variants(), |v, c| {
        let x: Vec<f32> = c.arr(0).iter().map(|x| x.floor()).collect();
        let got = where_min::with(v, &x);
        if c.len() == 0 {
            assert!(got.is_err());
            return;
        }
        let x64: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        assert_eq!(
            got.unwrap() as usize,
            first_extreme(&x64, |a, b| a < b),
            "{v} {}",
            c.what
        );
    });
}

/// `prod` of values near 1 (no overflow): any order is within `gamma_n * |P|`.
#[kernel]
pub fn product(x: &[f64]) -> f64 {
    prod(x)
}

#[test]
fn prod_within_bound() {
    each::<f64>(
        19,
        1,
        Domain {
            lo: 0.999,
            hi: 1.001,
            specials: false,
        },
        product::variants(),
        |v, c| {
            let x = c.arr64(0);
            let want: f64 = x.iter().product();
            let n = x.len() as f64;
            let rel = 2.0 * n * U64 / (1.0 - 2.0 * n * U64);
            let got = product::with(v, c.arr(0)).unwrap();
            check_scalar("product", v, c, got, (want, rel, 0.0));
        },
    );
}

/// `mean` and `len` (usable in float arithmetic): `sum / n`, one more rounding.
#[kernel]
pub fn means(x: &[f64]) -> f64 {
    mean(x) + sum(x) / len(x) + x.len() * 0.0
}

#[test]
fn mean_and_len() {
    each::<f64>(20, 1, domain(-1.0, 1.0), means::variants(), |v, c| {
        let got = means::with(v, c.arr(0));
        if c.len() == 0 {
            assert!(matches!(
                got,
                Err(Error::EmptyReduction {
                    reduction: "mean",
                    ..
                })
            ));
            return;
        }
        let x = c.arr64(0);
        let n = x.len() as f64;
        let want = 2.0 * ref_sum(x.iter().copied()) / n;
        check_scalar(
            "means",
            v,
            c,
            got.unwrap(),
            (want, 4.0 * U64, 2.0 * sum_tol::<f64>(&x) / n),
        );
    });
}

/// `dot` is `sum(x * y)`: the products round once each (≤ u|x_i y_i|), then the sum bound.
#[kernel(parallel)]
pub fn inner(x: &[f64], y: &[f64]) -> f64 {
    dot(x, y)
}

#[test]
fn dot_within_bound() {
    each::<f64>(21, 2, domain(-1.0, 1.0), inner::variants(), |v, c| {
        let p: Vec<f64> = c.arr(0).iter().zip(c.arr(1)).map(|(a, b)| a * b).collect();
        let got = inner::with(v, c.arr(0), c.arr(1)).unwrap();
        let abs = sum_tol::<f64>(&p) + U64 * p.iter().map(|t| t.abs()).sum::<f64>();
        check_scalar("inner", v, c, got, (ref_sum(p.iter().copied()), 0.0, abs));
    });
}

// ---------------------------------------------------------------------------------------
// `let` reuse across passes, multi-level plans, scalar results of several reductions.

/// Stable softmax (the reference computes `exp(z - m)` with the same `z - m`): each
/// output is `e_i / s`; `e_i` ≤ MATH64 apart, `s` within `sum_tol` of the reference's
/// sum of its own `e`, then one division each side (2u).
#[kernel(signature = "f8[:](f8[:])", parallel, nogil)]
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let e = exp(z - max(z));
    e / sum(e)
}

#[kernel(parallel)]
pub fn softmax_f32(z: &[f32]) -> Vec<f32> {
    let e = exp(z - max(z));
    e / sum(e)
}

fn softmax_ref(
    z: &[f64],
    u: f64,
    rel_math: f64,
    sum_tol_fn: impl Fn(&[f64]) -> f64,
) -> Vec<(f64, f64, f64)> {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, np_max);
    let e: Vec<f64> = z.iter().map(|x| (x - m).exp()).collect();
    let s = ref_sum(e.iter().copied());
    // The online normaliser rescales a partial sum each time its running maximum grows:
    // at most once per block (`rescale_depth`), each rescale one library call and one
    // product (rel_math + u).
    let rescales = rescale_depth(z.len()) * (rel_math + u);
    let s_rel = (sum_tol_fn(&e) + rel_math * s) / s + rescales;
    e.iter()
        .map(|&ei| (ei / s, rel_math + s_rel + 4.0 * u, 3.0 * 5e-324))
        .collect()
}

#[test]
fn softmax_matches() {
    let plan = softmax::explain();
    assert!(plan.contains("2 pass(es)"), "{plan}");
    assert!(plan.contains("computed online"), "{plan}");
    each::<f64>(22, 1, domain(0.0, 10.0), softmax::variants(), |v, c| {
        let got = softmax::with(v, c.arr(0));
        if c.len() == 0 {
            assert!(got.is_err());
            return;
        }
        let want = softmax_ref(&c.arr64(0), U64, MATH64.0, sum_tol::<f64>);
        check_array("softmax", v, c, &got.unwrap(), &want);
    });
    each::<f32>(
        23,
        1,
        domain(-20.0, 20.0),
        softmax_f32::variants(),
        |v, c| {
            let got = softmax_f32::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            // f32: `z - m` rounds in f32 on the kernel's side only (the reference is f64):
            // |z - m| ≤ 40 so that costs ≤ 40·u32·... relative to e: |d(e)/e| = |d(z-m)| ≤ 40u.
            let want = softmax_ref(&c.arr64(0), U32, MATH32.0 + 80.0 * U32, sum_tol::<f32>);
            check_array("softmax_f32", v, c, &got.unwrap(), &want);
        },
    );
}

/// `(m, log(s), err)` for `s = sum(exp(z - m))`, `m = max(z)`: the absolute error of a
/// kernel's `log(s)` is at most `err`, the relative error of `s` (its sum bound, one
/// library `exp` per term, the online normaliser's rescales) plus one library `log`.
fn log_sum_exp_ref(z: &[f64]) -> (f64, f64, f64) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, np_max);
    let e: Vec<f64> = z.iter().map(|x| (x - m).exp()).collect();
    let s = ref_sum(e.iter().copied());
    let ls = s.ln();
    let rescales = rescale_depth(z.len()) * (MATH64.0 + U64);
    let err = (sum_tol::<f64>(&e) + MATH64.0 * s) / s + rescales + MATH64.0 * ls.abs();
    (m, ls, err)
}

/// `z - m - log(s)`: the result's absolute error is ≤ |log error| + rel error of s,
/// i.e. ≤ 2 ULP(log s) + (s_rel), compared absolutely (the result may be near 0).
#[kernel(parallel)]
pub fn log_softmax(z: &[f64]) -> Vec<f64> {
    let m = max(z);
    z - m - log(sum(exp(z - m)))
}

#[test]
fn log_softmax_matches() {
    each::<f64>(24, 1, domain(-5.0, 5.0), log_softmax::variants(), |v, c| {
        let got = log_softmax::with(v, c.arr(0));
        if c.len() == 0 {
            assert!(got.is_err());
            return;
        }
        let z = c.arr64(0);
        let (m, ls, log_err) = log_sum_exp_ref(&z);
        let abs = log_err
            + 4.0 * U64 * (z.iter().map(|x| x.abs()).fold(0.0, f64::max) + m.abs() + ls.abs());
        let want: Vec<_> = z.iter().map(|x| (x - m - ls, 0.0, abs)).collect();
        check_array("log_softmax", v, c, &got.unwrap(), &want);
    });
}

/// `logsumexp` of a computed array (`y = z * 0.5`, exact): the online plan's block maxima
/// evaluate `y` themselves, so in cache it keeps the two-pass plan (the suite's rerun with
/// every input online covers the other). The budget is `log_softmax`'s, for one value.
#[kernel(parallel)]
pub fn logsumexp_half(z: &[f64]) -> f64 {
    let y = z * 0.5;
    let m = max(y);
    m + log(sum(exp(y - m)))
}

#[test]
fn logsumexp_of_a_computed_array_matches() {
    let plan = logsumexp_half::explain();
    assert!(plan.contains("plan for inputs under"), "{plan}");
    each::<f64>(
        127,
        1,
        domain(-9.0, 9.0),
        logsumexp_half::variants(),
        |v, c| {
            let got = logsumexp_half::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let y: Vec<f64> = c.arr64(0).iter().map(|x| x * 0.5).collect();
            let (m, ls, log_err) = log_sum_exp_ref(&y);
            let abs = log_err + 4.0 * U64 * (m.abs() + ls.abs());
            let want = if m.is_infinite() { f64::NAN } else { m + ls };
            check_scalar("logsumexp_half", v, c, got.unwrap(), (want, 0.0, abs));
        },
    );
}

/// The array a kernel call returns, as the online normaliser's `A` (issue 16): the block
/// maxima read the call's result at the vector they take, not the group's first. Inputs
/// of zeros with one element 1000 placed at every position of the first 64 (every lane of
/// every unrolled vector), and random ones; the suite's rerun with every input online
/// covers the online plan (the plan for large inputs), this run the stored-exps one.
#[kernel]
pub fn plus_zero(a: &[f64]) -> Vec<f64> {
    a + 0.0
}

#[kernel(parallel)]
pub fn logsumexp_of_a_call(x: &[f64]) -> f64 {
    let t = plus_zero(x);
    let m = max(t);
    m + log(sum(exp(t - m)))
}

#[test]
fn logsumexp_of_a_call_keeps_its_largest_term() {
    for n in [1usize, 2, 7, 8, 9, 33, 64, 65, 100, 1000, 4099] {
        for at in (0..n.min(64)).chain([n - 1, n / 2]) {
            let mut x = vec![0.0; n];
            x[at] = 1000.0;
            for v in logsumexp_of_a_call::variants() {
                let got = logsumexp_of_a_call::with(v, &x).unwrap();
                // 1000 + log(1 + (n - 1) e^-1000): 1000 to the last bit.
                assert_eq!(got, 1000.0, "{v}: n = {n}, 1000 at {at}");
            }
        }
    }
    each::<f64>(
        131,
        1,
        domain(-9.0, 9.0),
        logsumexp_of_a_call::variants(),
        |v, c| {
            let got = logsumexp_of_a_call::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let (m, ls, log_err) = log_sum_exp_ref(&c.arr64(0));
            let abs = log_err + 4.0 * U64 * (m.abs() + ls.abs());
            let want = if m.is_infinite() { f64::NAN } else { m + ls };
            check_scalar("logsumexp_of_a_call", v, c, got.unwrap(), (want, 0.0, abs));
        },
    );
}

/// Variance through a `let` used twice: `d = x - mean(x)` (cheap: recomputed),
/// `sum(d*d) / len(x)`; `d` differs by the mean's error δ ≤ 2 sum_tol/n, so the result by
/// ≤ 2|Σd|δ + n δ² + the sum bound of `d*d` + one product rounding.
#[kernel]
pub fn variance(x: &[f64]) -> f64 {
    let d = x - mean(x);
    sum(d * d) / len(x)
}

#[test]
fn variance_matches() {
    each::<f64>(
        25,
        1,
        Domain {
            lo: -1.0,
            hi: 1.0,
            specials: false,
        },
        variance::variants(),
        |v, c| {
            let got = variance::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let x = c.arr64(0);
            let n = x.len() as f64;
            let m = ref_sum(x.iter().copied()) / n;
            let dd: Vec<f64> = x.iter().map(|a| (a - m) * (a - m)).collect();
            let delta = 2.0 * sum_tol::<f64>(&x) / n + 2.0 * U64 * m.abs();
            let sd: f64 = x.iter().map(|a| (a - m).abs()).sum();
            let abs = (2.0 * sd * delta
                + n * delta * delta
                + sum_tol::<f64>(&dd)
                + 2.0 * U64 * dd.iter().sum::<f64>())
                / n;
            check_scalar(
                "variance",
                v,
                c,
                got.unwrap(),
                (ref_sum(dd.iter().copied()) / n, 2.0 * U64, abs),
            );
        },
    );
}

/// Three levels: mean, then the spread, then the standardised array (array result).
#[kernel(parallel)]
pub fn standardize(x: &[f64]) -> Vec<f64> {
    let m = mean(x);
    let d = x - m;
    let sd = sqrt(sum(d * d) / len(x));
    d / sd
}

#[test]
fn standardize_matches() {
    each::<f64>(
        26,
        1,
        Domain {
            lo: 0.0,
            hi: 1.0,
            specials: false,
        },
        standardize::variants(),
        |v, c| {
            let got = standardize::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let x = c.arr64(0);
            if x.len() < 2 {
                return; // sd = 0: 0/0, compared by the NaN rule below only when meaningful
            }
            let n = x.len() as f64;
            let m = ref_sum(x.iter().copied()) / n;
            let dd: Vec<f64> = x.iter().map(|a| (a - m) * (a - m)).collect();
            let sd = (ref_sum(dd.iter().copied()) / n).sqrt();
            // The mean's error δ shifts every d by δ (≤ 2 sum_tol/n); sd's relative error is
            // half the variance's; inputs in [0, 1) keep |d| ≤ 1.
            let delta = 2.0 * sum_tol::<f64>(&x) / n + 2.0 * U64;
            let var_rel = (2.0 * n * delta + sum_tol::<f64>(&dd)) / (sd * sd * n) + 4.0 * U64;
            let want: Vec<_> = x
                .iter()
                .map(|a| ((a - m) / sd, var_rel / 2.0 + 4.0 * U64, 2.0 * delta / sd))
                .collect();
            check_array("standardize", v, c, &got.unwrap(), &want);
        },
    );
}

/// `return`, a typed scalar `let`, `pi` shadowed by a `let`.
#[kernel]
pub fn shadowed(x: &[f64]) -> f64 {
    let pi: f64 = 2.0;
    let s: f64 = sum(x * pi);
    return s;
}

#[test]
fn shadowing_and_return() {
    each::<f64>(27, 1, domain(-1.0, 1.0), shadowed::variants(), |v, c| {
        let x = c.arr64(0);
        let got = shadowed::with(v, c.arr(0)).unwrap();
        let doubled: Vec<f64> = x.iter().map(|a| a * 2.0).collect();
        check_scalar(
            "shadowed",
            v,
            c,
            got,
            (
                ref_sum(doubled.iter().copied()),
                0.0,
                sum_tol::<f64>(&doubled),
            ),
        );
    });
}

// ---------------------------------------------------------------------------------------
// Calls: a ufunc-style kernel fused elementwise, an array kernel called once (scalar and
// array results), an ordinary Rust function with scalar arguments.

/// A scalar kernel: callable directly, and elementwise from other kernels.
#[kernel]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

#[kernel(parallel)]
pub fn sigmoid_all(x: &[f64], gain: f64) -> Vec<f64> {
    sigmoid(x * gain) * 2.0
}

#[test]
fn ufunc_kernels_fuse_elementwise() {
    // One library call then `1 + e` (≤ u, and 1 + e ≥ 1 keeps it well conditioned) and
    // one division.
    let budget = MATH64.0 + 4.0 * U64;
    assert!((sigmoid(0.0) - 0.5).abs() < 1e-16);
    assert!(
        sigmoid_all::explain().contains("1 pass(es)"),
        "{}",
        sigmoid_all::explain()
    );
    each::<f64>(
        28,
        1,
        domain(-30.0, 30.0),
        sigmoid_all::variants(),
        |v, c| {
            let got = sigmoid_all::with(v, c.arr(0), 0.5).unwrap();
            let want: Vec<_> = c
                .arr(0)
                .iter()
                .map(|&x| (2.0 / (1.0 + (-(x * 0.5)).exp()), budget, 3.0 * 5e-324))
                .collect();
            check_array("sigmoid_all", v, c, &got, &want);
        },
    );
}

#[kernel(parallel)]
pub fn esum(z: &[f64]) -> f64 {
    sum(exp(z))
}

/// The seed's unstable softmax: `esum` runs once, at the caller's tier, and its scalar
/// result is broadcast.
#[kernel(parallel)]
pub fn softmax_seed(z: &[f64]) -> Vec<f64> {
    exp(z) / esum(z)
}

/// A typed `let` calls an array kernel with an array expression (materialised first).
#[kernel]
pub fn twice_softmax(z: &[f64]) -> Vec<f64> {
    let p: Vec<f64> = softmax(z * 1.0);
    let s: f64 = esum(z);
    p * 2.0 + s * 0.0
}

#[test]
fn array_kernels_are_called_once() {
    each::<f64>(
        29,
        1,
        Domain {
            lo: -3.0,
            hi: 3.0,
            specials: false,
        },
        softmax_seed::variants(),
        |v, c| {
            let got = softmax_seed::with(v, c.arr(0)).unwrap();
            let z = c.arr64(0);
            let e: Vec<f64> = z.iter().map(|x| x.exp()).collect();
            let s = ref_sum(e.iter().copied());
            let s_rel = (sum_tol::<f64>(&e) + MATH64.0 * s) / s;
            let want: Vec<_> = e
                .iter()
                .map(|&ei| (ei / s, MATH64.0 + s_rel + 4.0 * U64, 0.0))
                .collect();
            check_array("softmax_seed", v, c, &got, &want);
        },
    );
    each::<f64>(
        30,
        1,
        Domain {
            lo: -3.0,
            hi: 3.0,
            specials: false,
        },
        twice_softmax::variants(),
        |v, c| {
            let got = twice_softmax::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let want: Vec<_> = softmax_ref(&c.arr64(0), U64, MATH64.0, sum_tol::<f64>)
                .into_iter()
                .map(|(w, r, a)| (2.0 * w, r, 2.0 * a))
                .collect();
            check_array("twice_softmax", v, c, &got.unwrap(), &want);
        },
    );
}

/// An unannotated call to a kernel that takes arrays and returns one value is a scalar
/// (the callee's consts tell the caller at compile time): here in scalar arithmetic and
/// as the kernel's own result.
#[kernel(parallel)]
pub fn log_esum_twice(z: &[f64]) -> f64 {
    log(esum(z)) * 2.0
}

/// A scalar from a call broadcasts against arrays of any length, as in NumPy.
#[kernel]
pub fn scale_by_esum(z: &[f64], w: &[f64]) -> Vec<f64> {
    z / esum(w)
}

/// An unannotated call to a kernel returning an array: called once, read elementwise.
#[kernel(parallel)]
pub fn softmax_plus_one(z: &[f64]) -> Vec<f64> {
    softmax(z) + 1.0
}

#[test]
fn unannotated_calls_follow_the_callee() {
    let dom = Domain {
        lo: -3.0,
        hi: 3.0,
        specials: false,
    };
    each::<f64>(32, 1, dom, log_esum_twice::variants(), |v, c| {
        let got = log_esum_twice::with(v, c.arr(0)).unwrap();
        let e: Vec<f64> = c.arr64(0).iter().map(|x| x.exp()).collect();
        let s = ref_sum(e.iter().copied());
        // `esum`: |ŝ - s| ≤ sum_tol + MATH64·s =: δ·s; log(ŝ) = log(s) + log(1 + δ) with
        // |log(1 + δ)| ≤ 1.01·δ for δ < 0.01, plus log's own MATH64 relative error; the
        // doubling is exact.
        let delta = (sum_tol::<f64>(&e) + MATH64.0 * s) / s;
        let want = 2.0 * s.ln();
        check_scalar(
            "log_esum_twice",
            v,
            c,
            got,
            (want, MATH64.0, 2.0 * 1.01 * delta),
        );
    });
    each::<f64>(33, 2, dom, scale_by_esum::variants(), |v, c| {
        // `w` shorter than `z`: a scalar broadcasts, no length check between them.
        let w = &c.arr(1)[..c.len() / 2];
        let got = scale_by_esum::with(v, c.arr(0), w).unwrap();
        let e: Vec<f64> = w.iter().map(|x| x.exp()).collect();
        let s = ref_sum(e.iter().copied());
        let s_rel = if e.is_empty() {
            0.0
        } else {
            (sum_tol::<f64>(&e) + MATH64.0 * s) / s
        };
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .map(|&x| (x / s, s_rel * 1.01 + 4.0 * U64, 0.0))
            .collect();
        check_array("scale_by_esum", v, c, &got, &want);
    });
    each::<f64>(34, 1, dom, softmax_plus_one::variants(), |v, c| {
        let got = softmax_plus_one::with(v, c.arr(0));
        if c.len() == 0 {
            assert!(got.is_err(), "max of an empty array is an error");
            return;
        }
        let want: Vec<_> = softmax_ref(&c.arr64(0), U64, MATH64.0, sum_tol::<f64>)
            .into_iter()
            // The kernel's `+ 1` and the reference's each round once (≤ u each).
            .map(|(w, r, a)| (w + 1.0, 2.0 * U64, r * w.abs() + a))
            .collect();
        check_array("softmax_plus_one", v, c, &got.unwrap(), &want);
    });
}

// ---------------------------------------------------------------------------------------
// Calls resolved by the callee's signature (issue 16): array expressions and nested calls
// as arguments, a one-value result bound without a type, a scalar mask in a parallel
// kernel. Exact arithmetic in the reference's order, so bit-exact, but for `total`'s sum.

#[kernel(parallel)]
pub fn twice(x: &[f64]) -> Vec<f64> {
    x * 2.0
}

#[kernel(parallel)]
pub fn scaled_by(x: &[f64], s: f64) -> Vec<f64> {
    x * s
}

/// A typed `let` of a call on an array expression, combined with the argument.
#[kernel(parallel)]
pub fn twice_negated_plus(xs: &[f64]) -> Vec<f64> {
    let t0: Vec<f64> = twice(-xs);
    t0 + xs
}

/// Calls as arguments of calls: `axpy(1, x, axpy(2, x, y))` is `3x + y`, evaluated as the
/// reference does: `1 * x + (2 * x + y)`.
#[kernel(parallel)]
pub fn nested_axpy(x: &[f64], y: &[f64]) -> Vec<f64> {
    axpy(1.0, x, axpy(2.0, x, y))
}

/// A one-value result in an untyped `let`, passed as a scalar argument: `x * sum(x)`.
#[kernel(parallel)]
pub fn scaled_by_total(x: &[f64]) -> Vec<f64> {
    let s = total(x);
    scaled_by(x, s)
}

/// A scalar comparison as `select`'s mask, in a parallel kernel.
#[kernel(parallel)]
pub fn below_or_zero(x: &[f32], a: f32) -> Vec<f32> {
    select(a < 1.0, twice_f32(x), 0.0)
}

#[kernel(parallel)]
pub fn twice_f32(x: &[f32]) -> Vec<f32> {
    x * 2.0
}

#[test]
fn calls_with_any_argument() {
    let dom = domain(-1e3, 1e3);
    each::<f64>(141, 1, dom, twice_negated_plus::variants(), |v, c| {
        let got = twice_negated_plus::with(v, c.arr(0)).unwrap();
        let want: Vec<_> = c.arr(0).iter().map(|x| (-x * 2.0 + x, 0.0, 0.0)).collect();
        check_array("twice_negated_plus", v, c, &got, &want);
    });
    each::<f64>(142, 2, dom, nested_axpy::variants(), |v, c| {
        let got = nested_axpy::with(v, c.arr(0), c.arr(1)).unwrap();
        let want: Vec<_> = c
            .arr(0)
            .iter()
            .zip(c.arr(1))
            .map(|(x, y)| (1.0 * x + (2.0 * x + y), 0.0, 0.0))
            .collect();
        check_array("nested_axpy", v, c, &got, &want);
    });
    each::<f64>(143, 1, dom, scaled_by_total::variants(), |v, c| {
        let got = scaled_by_total::with(v, c.arr(0)).unwrap();
        let x = c.arr64(0);
        let s = ref_sum(x.iter().copied());
        // The kernel's sum is within sum_tol of s; one product rounding.
        let rel = if x.is_empty() {
            0.0
        } else {
            sum_tol::<f64>(&x) / s.abs().max(f64::MIN_POSITIVE)
        };
        let want: Vec<_> = x
            .iter()
            .map(|&xi| (xi * s, rel * 1.01 + 2.0 * U64, 0.0))
            .collect();
        check_array("scaled_by_total", v, c, &got, &want);
    });
    each::<f32>(
        144,
        1,
        domain(-1e3, 1e3),
        below_or_zero::variants(),
        |v, c| {
            for a in [0.5f32, 1.5] {
                let got = below_or_zero::with(v, c.arr(0), a).unwrap();
                let want: Vec<_> = c
                    .arr(0)
                    .iter()
                    .map(|&x| (if a < 1.0 { f64::from(x * 2.0) } else { 0.0 }, 0.0, 0.0))
                    .collect();
                check_array("below_or_zero", v, c, &got, &want);
            }
        },
    );
}

/// An error inside a called kernel names the kernel called and the one it called.
#[kernel]
pub fn peak(x: &[f64]) -> f64 {
    max(x)
}

#[kernel]
pub fn minus_peak(x: &[f64]) -> Vec<f64> {
    x - peak(x)
}

#[test]
fn errors_in_called_kernels_name_both() {
    for v in minus_peak::variants() {
        let err = minus_peak::with(v, &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("minus_peak, calling peak: `max` of an empty array"),
            "{err}"
        );
    }
}

/// A call is made wherever it is written, as in Rust (and NumPy, which evaluates every
/// operand): its errors surface where only its length is read and where its value is
/// not used at all. Found by the fuzzer: `len(x + minus_peak(x))` gave `Ok(0.0)` for an
/// empty `x`, never calling `minus_peak`, where `len(x + (x - max(x)))` raises.
#[kernel]
pub fn len_beside_a_call(x: &[f64]) -> f64 {
    len(x + minus_peak(x))
}

#[kernel]
pub fn unused_call(x: &[f64]) -> f64 {
    let p = peak(x);
    let c = minus_peak(x * 2.0);
    sum(x)
}

#[test]
fn calls_are_made_where_only_their_length_or_nothing_is_read() {
    for v in len_beside_a_call::variants() {
        let err = len_beside_a_call::with(v, &[]).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "len_beside_a_call, calling minus_peak, calling peak: `max` of an empty array"
            ),
            "{v}: {err}"
        );
        assert_eq!(len_beside_a_call::with(v, &[1.0, 2.0, 3.0]), Ok(3.0), "{v}");
    }
    for v in unused_call::variants() {
        let err = unused_call::with(v, &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("unused_call, calling peak: `max` of an empty array"),
            "{v}: {err}"
        );
        assert_eq!(unused_call::with(v, &[1.0, 2.0]), Ok(3.0), "{v}");
    }
    // The same computation inline raises too.
    assert!(matches!(
        inline_len_beside_max::with(Variant::Scalar, &[]),
        Err(Error::EmptyReduction {
            reduction: "max",
            ..
        })
    ));
    // The call is explained as a call pass, the kernel's only one.
    let text = len_beside_a_call::explain();
    assert!(text.contains("1 pass(es) over memory;"), "{text}");
    assert!(
        text.contains("call pass (no loop of this kernel's own): `minus_peak(x)` runs once"),
        "{text}"
    );
    assert!(!text.contains("the kernel is scalar"), "{text}");
}

#[kernel]
pub fn inline_len_beside_max(x: &[f64]) -> f64 {
    len(x + (x - max(x)))
}

#[test]
fn explain_knows_what_each_callee_is() {
    // A callee returning one value: a call pass, then the one fused pass.
    let seed = softmax_seed::explain();
    assert!(seed.contains("2 pass(es) over memory;"), "{seed}");
    assert!(
        seed.contains("call pass (before pass 1): `esum(z)` runs once with whole arrays (its own"),
        "{seed}"
    );
    assert!(!seed.contains("if the callee"), "{seed}");
    // A ufunc-style callee: fused, no call pass.
    let fused = sigmoid_all::explain();
    assert!(fused.contains("1 pass(es) over memory;"), "{fused}");
    assert!(fused.contains("is a ufunc-style kernel"), "{fused}");
    assert!(!fused.contains("call pass"), "{fused}");
    // A callee returning an array: a call pass, then the pass reading its result.
    let array = softmax_plus_one::explain();
    assert!(array.contains("2 pass(es) over memory;"), "{array}");
    assert!(
        array.contains(
            "call pass (before pass 1): `softmax(z)` runs once with whole arrays (its own"
        ),
        "{array}"
    );
}

/// A kernel with an online normaliser has two plans, chosen by the input's size; the
/// suite's inputs (≤ 100k elements) take the stored-exps plan, so the whole suite runs
/// again in a child process with `KERNELIZE_ONLINE_MIN_BYTES=0` (every input online).
///
/// Run from the child with streaming stores on (below), this gives the suite a third run
/// with both: every input online and every result streamed.
#[test]
fn whole_suite_again_with_the_online_plans() {
    if std::env::var_os("KERNELIZE_ONLINE_MIN_BYTES").is_some() {
        // This is the child (or the user forced a size): check the override took effect.
        let forced: usize = std::env::var("KERNELIZE_ONLINE_MIN_BYTES")
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(kernelize::__private::dispatch::online_min_bytes(), forced);
        return;
    }
    let text = softmax::explain();
    let mib = kernelize::__private::dispatch::ONLINE_MIN_BYTES >> 20;
    assert!(
        text.contains(&format!("plan for inputs under {mib} MiB")),
        "{text}"
    );
    assert!(
        text.contains("plan for larger inputs (memory-bound"),
        "{text}"
    );
    assert!(
        text.contains("computed online in the pass computing `max(z)`"),
        "{text}"
    );
    rerun_suite_with(
        "KERNELIZE_ONLINE_MIN_BYTES",
        "every input on the online plan",
    );
}

// ---------------------------------------------------------------------------------------
// Streaming stores: a pass writing a kernel's result (and nothing reading it back) writes
// outputs of `STREAM_MIN_BYTES` or more with non-temporal stores on the tiers that have
// them where the output is aligned to the register's width (plain stores elsewhere).

/// The suite's outputs (≤ 100k elements) are far below `STREAM_MIN_BYTES`, so the whole
/// suite runs again in a child process with `KERNELIZE_STREAM_MIN_BYTES=0`: every result
/// streamed. That child also reruns itself with the online plans (above).
#[test]
fn whole_suite_again_with_streaming_stores() {
    if let Ok(text) = std::env::var("KERNELIZE_STREAM_MIN_BYTES") {
        // This is the child (or the user forced a size): check the override took effect.
        let forced: usize = text.parse().unwrap();
        assert_eq!(kernelize::__private::dispatch::stream_min_bytes(), forced);
        return;
    }
    if std::env::var_os("KERNELIZE_ONLINE_MIN_BYTES").is_some() {
        return; // the online child: the streaming child runs the online plans itself
    }
    // Only the pass writing the result streams; the stored exps are re-read.
    let text = softmax::explain();
    let streamed = "into the output buffer (with streaming stores when the output is at least \
                    `dispatch::stream_min_bytes()`)";
    assert!(
        text.contains(&format!("writes: `e / sum(e)` {streamed}")),
        "{text}"
    );
    assert!(
        text.contains("writes: `e` = `exp(z - max(z))` into the output buffer\n"),
        "{text}"
    );
    rerun_suite_with("KERNELIZE_STREAM_MIN_BYTES", "streaming stores");
}

/// `into` writes the same bits as the allocating call at every alignment of the caller's
/// buffer: 64-byte aligned, 16-byte aligned (what `malloc` promises) and misaligned, in
/// every variant, for a one-pass kernel and for the three-pass softmax, `f64` and `f32`,
/// one chunk and several. With streaming stores on (the child above) that covers each of
/// the tiers' store paths.
#[test]
fn into_writes_the_same_bits_at_every_alignment() {
    fn check<T: Float>(what: &str, v: Variant, want: &[T], got: &[T], offset: usize) {
        let same = want
            .iter()
            .zip(got)
            .all(|(a, b)| a.to_f64().to_bits() == b.to_f64().to_bits());
        assert!(
            same,
            "{what} {v}, {} elements at element offset {offset}",
            want.len()
        );
    }
    let mut rng = Rng::new(61);
    for len in [1, 17, 100, CHUNK + 1, 3 * CHUNK + 7] {
        let x: Vec<f64> = (0..len).map(|_| rng.uniform(-5.0, 5.0)).collect();
        let y: Vec<f64> = (0..len).map(|_| rng.uniform(-5.0, 5.0)).collect();
        let x32: Vec<f32> = x.iter().map(|&a| a as f32).collect();
        let y32: Vec<f32> = y.iter().map(|&a| a as f32).collect();
        let mut buf = vec![0.0f64; len + 16];
        let mut buf32 = vec![0.0f32; len + 32];
        let base = buf.as_ptr().align_offset(64);
        let base32 = buf32.as_ptr().align_offset(64);
        for offset in 0..8 {
            let out = &mut buf[base + offset..base + offset + len];
            for v in softmax::variants() {
                out.fill(f64::NAN);
                softmax::into_with(v, &x, out).unwrap();
                check("softmax", v, &softmax::with(v, &x).unwrap(), out, offset);
            }
            for v in axpy::variants() {
                out.fill(f64::NAN);
                axpy::into_with(v, 0.5, &x, &y, out).unwrap();
                check("axpy", v, &axpy::with(v, 0.5, &x, &y).unwrap(), out, offset);
            }
        }
        for offset in 0..16 {
            let out = &mut buf32[base32 + offset..base32 + offset + len];
            for v in softmax_f32::variants() {
                out.fill(f32::NAN);
                softmax_f32::into_with(v, &x32, out).unwrap();
                let want = softmax_f32::with(v, &x32).unwrap();
                check("softmax_f32", v, &want, out, offset);
            }
            for v in axpy_f32::variants() {
                out.fill(f32::NAN);
                axpy_f32::into_with(v, -0.75, &x32, &y32, out).unwrap();
                let want = axpy_f32::with(v, -0.75, &x32, &y32).unwrap();
                check("axpy_f32", v, &want, out, offset);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// `fastmath`: products added or subtracted contract into fused multiply-adds.

#[kernel(fastmath, parallel)]
pub fn fast_poly(x: &[f64], y: &[f64], c: f64) -> Vec<f64> {
    x * y + c - (x * 0.5 - y) + (c - x * x)
}

#[kernel(parallel)]
pub fn exact_poly(x: &[f64], y: &[f64], c: f64) -> Vec<f64> {
    x * y + c - (x * 0.5 - y) + (c - x * x)
}

#[kernel(fastmath)]
pub fn fast_poly_f32(x: &[f32], y: &[f32], c: f32) -> Vec<f32> {
    x * y + c
}

#[test]
fn fastmath_contracts_into_fused_multiply_adds() {
    // Bit-exact on every variant: with `fastmath` each `a * b ± c` is one FMA (one
    // rounding), without it a product and a sum (two roundings), in the written order.
    let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    let mut contracted_somewhere = false;
    each::<f64>(35, 2, domain(-1e3, 1e3), fast_poly::variants(), |v, c| {
        let (x, y) = (c.arr(0), c.arr(1));
        let fast = fast_poly::with(v, x, y, 0.1).unwrap();
        let exact = exact_poly::with(v, x, y, 0.1).unwrap();
        for i in 0..x.len() {
            let (a, b) = (x[i], y[i]);
            let want_fast = a.mul_add(b, 0.1) - a.mul_add(0.5, -b) + (-a).mul_add(a, 0.1);
            let want_exact = a * b + 0.1 - (a * 0.5 - b) + (0.1 - a * a);
            assert!(
                same(fast[i], want_fast),
                "{v} {}: {i}: {} vs {want_fast}",
                c.what,
                fast[i]
            );
            assert!(same(exact[i], want_exact), "{v} {}: {i}", c.what);
            contracted_somewhere |= !same(want_fast, want_exact);
        }
    });
    assert!(
        contracted_somewhere,
        "the inputs never tell FMA from mul + add"
    );
    each::<f32>(
        36,
        2,
        domain(-1e3, 1e3),
        fast_poly_f32::variants(),
        |v, c| {
            let got = fast_poly_f32::with(v, c.arr(0), c.arr(1), 0.1).unwrap();
            for (i, (&a, &b)) in c.arr(0).iter().zip(c.arr(1)).enumerate() {
                let want = a.mul_add(b, 0.1);
                assert!(
                    got[i].to_bits() == want.to_bits() || (got[i].is_nan() && want.is_nan()),
                    "{v} {}: {i}",
                    c.what
                );
            }
        },
    );
}

/// An ordinary Rust function, called once with scalar arguments.
pub fn half_of(a: f64) -> f64 {
    a / 2.0
}

#[kernel]
pub fn scaled(x: &[f64], a: f64) -> Vec<f64> {
    x * half_of(a * 3.0)
}

#[test]
fn ordinary_calls_with_scalars() {
    each::<f64>(31, 1, domain(-1e3, 1e3), scaled::variants(), |v, c| {
        let got = scaled::with(v, c.arr(0), 5.0).unwrap();
        let want: Vec<_> = c.arr(0).iter().map(|x| (x * 7.5, 0.0, 0.0)).collect();
        check_array("scaled", v, c, &got, &want);
    });
}

// ---------------------------------------------------------------------------------------
// Variants agree: `simd` and `parallel` at one tier are bit-identical (same chunks, same
// order), whatever the thread count.

#[test]
fn simd_and_parallel_are_bit_identical() {
    let cases = cases::<f64>(40, 1, domain(0.0, 10.0));
    for case in cases.iter().filter(|c| c.len() > 2 * CHUNK) {
        for v in softmax::variants() {
            let Variant::Parallel(t) = v else { continue };
            let seq = if t == kernelize::Tier::Scalar {
                Variant::Scalar
            } else {
                Variant::Simd(t)
            };
            let a = softmax::with(v, case.arr(0)).unwrap();
            let b = softmax::with(seq, case.arr(0)).unwrap();
            assert!(
                a.iter()
                    .zip(&b)
                    .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())),
                "{v}"
            );
            // NaN payloads and signs are not part of the promise (LLVM may commute an
            // add whose operands are both NaN); every other result is bit-identical.
            let same = |x: f64, y: f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
            let a = total::with(v, case.arr(0)).unwrap();
            let b = total::with(seq, case.arr(0)).unwrap();
            assert!(same(a, b), "{v}: {a:e} vs {b:e}");
            for threads in [1, 3] {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let c = pool.install(|| total::with(v, case.arr(0)).unwrap());
                assert!(same(a, c), "{v} on {threads} threads");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Run-time errors.

#[test]
fn length_mismatch_names_both_arguments() {
    let err = axpy::with(Variant::Scalar, 2.0, &[1.0; 10], &[1.0; 9]).unwrap_err();
    assert_eq!(err.to_string(), "axpy: `x` has 10 elements but `y` has 9");
    let panic = std::panic::catch_unwind(|| axpy(2.0, &[1.0; 10], &[1.0; 9])).unwrap_err();
    let msg = panic.downcast_ref::<String>().unwrap();
    assert_eq!(msg, "axpy: `x` has 10 elements but `y` has 9");
}

#[test]
fn into_writes_the_callers_buffer_and_checks_its_length() {
    let z = [1.0, 2.0, 3.0];
    let mut out = [0.0; 3];
    softmax::into(&z, &mut out);
    assert_eq!(out.to_vec(), softmax(&z));
    for v in softmax::variants() {
        let mut out = [0.0; 3];
        softmax::into_with(v, &z, &mut out).unwrap();
        assert_eq!(out.to_vec(), softmax::with(v, &z).unwrap());
    }
    let mut short = [0.0; 2];
    let err = softmax::into_with(Variant::Scalar, &z, &mut short).unwrap_err();
    assert_eq!(
        err,
        Error::OutputLength {
            kernel: "softmax",
            expected: 3,
            actual: 2
        }
    );
}

#[test]
fn empty_reductions_are_errors_and_identities_are_not() {
    assert!(matches!(
        extremes::with(Variant::Scalar, &[]),
        Err(Error::EmptyReduction {
            kernel: "extremes",
            reduction: "max",
            ..
        })
    ));
    assert_eq!(total(&[]), 0.0);
    assert_eq!(product(&[]), 1.0);
    let panic = std::panic::catch_unwind(|| softmax(&[])).unwrap_err();
    assert!(
        panic
            .downcast_ref::<String>()
            .unwrap()
            .contains("`max` of an empty array")
    );
}

#[test]
fn unavailable_variants_are_errors() {
    // `scaled` is not declared `parallel`.
    let err = scaled::with(Variant::Parallel(kernelize::Tier::Scalar), &[1.0], 1.0).unwrap_err();
    assert!(matches!(err, Error::VariantUnavailable { .. }), "{err}");
    assert!(
        !scaled::variants()
            .iter()
            .any(|v| matches!(v, Variant::Parallel(_)))
    );
}

// ---------------------------------------------------------------------------------------
// Plan shapes: a temporary for a `let` array re-read by a later pass of a scalar kernel,
// two length classes, mutable array arguments, a search over an expression.

/// `e` is needed by pass 2 and pass 3 and the result is a scalar: stored in a temporary.
/// Budget: `e` within MATH64 of the reference's; `s` within its sum bound; the final sum
/// of `e*e/s` (non-negative terms) within its sum bound plus 4 roundings per term.
#[kernel(parallel)]
pub fn concentration(x: &[f64]) -> f64 {
    let e = exp(x * 0.5 - max(x));
    let s = sum(e);
    sum(e / s * e)
}

#[test]
fn let_arrays_stored_in_a_temporary() {
    assert!(
        concentration::explain().contains("a temporary"),
        "{}",
        concentration::explain()
    );
    each::<f64>(
        50,
        1,
        Domain {
            lo: -5.0,
            hi: 5.0,
            specials: false,
        },
        concentration::variants(),
        |v, c| {
            let got = concentration::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let x = c.arr64(0);
            let m = x.iter().copied().fold(f64::NEG_INFINITY, np_max);
            let e: Vec<f64> = x.iter().map(|a| (a * 0.5 - m).exp()).collect();
            let s = ref_sum(e.iter().copied());
            let t: Vec<f64> = e.iter().map(|a| a / s * a).collect();
            let want = ref_sum(t.iter().copied());
            let s_rel = (sum_tol::<f64>(&e) + MATH64.0 * s) / s;
            let rel = 2.0 * MATH64.0 + s_rel + 6.0 * U64;
            check_scalar(
                "concentration",
                v,
                c,
                got.unwrap(),
                (want, rel, sum_tol::<f64>(&t)),
            );
        },
    );
}

/// Arrays of different lengths in different reductions are fine; an array result takes
/// its own class.
#[kernel(parallel)]
pub fn two_lengths(x: &[f64], y: &mut [f64]) -> Vec<f64> {
    x * sum(y) - max(x)
}

#[test]
fn independent_lengths() {
    let x: Vec<f64> = (0..1000).map(|i| i as f64 * 0.5).collect();
    let mut y: Vec<f64> = (0..37).map(|i| i as f64).collect();
    let sy: f64 = y.iter().sum();
    for v in two_lengths::variants() {
        let got = two_lengths::with(v, &x, &mut y).unwrap();
        let want: Vec<f64> = x.iter().map(|a| a * sy - 499.5).collect();
        assert_eq!(got, want, "{v}");
    }
}

/// `argmax` of an expression beside another reduction of it.
#[kernel(parallel)]
pub fn peak_of_square(x: &[f64]) -> f64 {
    argmax(x * x) + max(x * x) * 0.0
}

#[test]
fn search_over_an_expression() {
    each::<f64>(
        51,
        1,
        domain(-3.0, 3.0),
        peak_of_square::variants(),
        |v, c| {
            let got = peak_of_square::with(v, c.arr(0));
            if c.len() == 0 {
                assert!(got.is_err());
                return;
            }
            let sq: Vec<f64> = c.arr64(0).iter().map(|a| a * a).collect();
            let mx = sq.iter().copied().fold(f64::NEG_INFINITY, np_max);
            let want = first_extreme(&sq, |a, b| a > b) as f64 + mx * 0.0;
            check_scalar("peak_of_square", v, c, got.unwrap(), (want, 0.0, 0.0));
        },
    );
}

// ---------------------------------------------------------------------------------------
// Mask logic: `&`, `|`, `!` of comparisons, elementwise, and `any`, `all`,
// `count_nonzero`: exact (comparisons and selects only; counts are sums of ones, exact
// below 2^53).

#[kernel(parallel)]
pub fn band_pass(x: &[f64], lo: f64, hi: f64) -> Vec<f64> {
    select((x > lo) & !(x > hi) | (x == 0.0), x, 0.0)
}

#[kernel(parallel)]
pub fn inside_count(x: &[f64], lo: f64, hi: f64) -> f64 {
    count_nonzero((x >= lo) & (x <= hi))
}

#[kernel]
pub fn any_negative(x: &[f64]) -> bool {
    any(x < 0.0)
}

#[kernel]
pub fn all_finite(x: &[f64]) -> bool {
    all((x == x) & (x - x == 0.0))
}

#[test]
// `!(a > 3.0)` on purpose: the kernel's `!(x > hi)` keeps NaN, which `a <= 3.0` would not.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
fn mask_logic_is_exact() {
    each::<f64>(41, 1, domain(-10.0, 10.0), band_pass::variants(), |v, c| {
        let x = c.arr(0);
        let got = band_pass::with(v, x, -2.0, 3.0).unwrap();
        let want: Vec<_> = x
            .iter()
            .map(|&a| {
                let keep = (a > -2.0 && !(a > 3.0)) || a == 0.0;
                (if keep { a } else { 0.0 }, 0.0, 0.0)
            })
            .collect();
        check_array("band_pass", v, c, &got, &want);
        let n = x.iter().filter(|&&a| (-2.0..=3.0).contains(&a)).count();
        assert_eq!(inside_count::with(v, x, -2.0, 3.0), Ok(n as f64), "{v:?}");
    });
    for v in any_negative::variants() {
        assert_eq!(any_negative::with(v, &[]), Ok(false));
        assert_eq!(any_negative::with(v, &[1.0, 2.0, -0.5, 3.0]), Ok(true));
        assert_eq!(any_negative::with(v, &[1.0, f64::NAN]), Ok(false));
        assert_eq!(all_finite::with(v, &[]), Ok(true));
        assert_eq!(all_finite::with(v, &[1.0, 2.0]), Ok(true));
        assert_eq!(all_finite::with(v, &[1.0, f64::INFINITY]), Ok(false));
        assert_eq!(all_finite::with(v, &[f64::NAN, 1.0]), Ok(false));
    }
}
