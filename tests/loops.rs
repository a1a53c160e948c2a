//! The runtime's loop skeletons (`kernelize::__private::loops`) against the code the
//! macro generates today: the same fixed order, so the same bits, for every reduction,
//! both element types, every tier this CPU runs, and lengths around the vector widths,
//! the unrolled groups, the cascade's blocks and the chunks. This is what lets the
//! generated passes become calls to the skeletons without changing a result.

use kernelize::__private::dispatch;
use kernelize::__private::loops::{self, Fold, Max, Min, Prod, Sum};
use kernelize::__private::parallel::{self, CHUNK};
use kernelize::__private::simd::{Element, Simd, Vector, WithSimd};
use kernelize::{Tier, Variant, kernel};

#[kernel]
pub fn k_sum(x: &[f64]) -> f64 {
    sum(x)
}
#[kernel]
pub fn k_prod(x: &[f64]) -> f64 {
    prod(x)
}
#[kernel]
pub fn k_max(x: &[f64]) -> f64 {
    max(x)
}
#[kernel]
pub fn k_min(x: &[f64]) -> f64 {
    min(x)
}
#[kernel]
pub fn k_sum32(x: &[f32]) -> f32 {
    sum(x)
}
#[kernel]
pub fn k_argmax(x: &[f64]) -> usize {
    argmax(x)
}

/// Which reduction a skeleton run computes.
#[derive(Clone, Copy, Debug)]
enum Which {
    Sum,
    Prod,
    Max,
    Min,
}

/// A reduction through the skeletons: chunks in order, each through `reduce_chunk`, the
/// partials combined pairwise with the vector operation, as generated code does.
fn reduce_at<V: Vector, F: Fold<V>>(s: V::Token, x: &[V::Elem], fold: F) -> V::Elem {
    let parts = parallel::serial_map_chunks(x.len(), |r| {
        loops::reduce_chunk::<V, F>(s, fold, r.start, r.end, |at, valid| {
            loops::load_at(s, x, at, valid, V::Elem::ZERO)
        })
    });
    let one = |v: V::Elem| V::splat(s, v);
    parallel::combine_pairwise(parts, |a, b| F::combine(one(a), one(b)).extract(0))
        .unwrap_or(F::identity(s).extract(0))
}

struct Run64<'a>(&'a [f64], Which);

impl WithSimd for Run64<'_> {
    type Output = f64;
    fn with_simd<S: Simd>(self, s: S) -> f64 {
        match self.1 {
            Which::Sum => reduce_at::<S::F64, _>(s, self.0, Sum),
            Which::Prod => reduce_at::<S::F64, _>(s, self.0, Prod),
            Which::Max => reduce_at::<S::F64, _>(s, self.0, Max),
            Which::Min => reduce_at::<S::F64, _>(s, self.0, Min),
        }
    }
}

/// A sum of `x * y` through `reduce_streams` (two input streams, the skeleton loading).
struct Dot<'a>(&'a [f64], &'a [f64]);

impl WithSimd for Dot<'_> {
    type Output = f64;
    fn with_simd<S: Simd>(self, s: S) -> f64 {
        let (x, y) = (self.0, self.1);
        let parts = parallel::serial_map_chunks(x.len(), |r| {
            let (value,) = (
                #[inline(always)]
                |[a, b]: [S::F64; 2]| a.mul(b),
            );
            loops::reduce_streams::<S::F64, _, 2>(s, Sum, r.start, r.end, [x, y], value)
        });
        parallel::combine_pairwise(parts, |a, b| a + b).unwrap_or(0.0)
    }
}

#[kernel]
pub fn k_dot(x: &[f64], y: &[f64]) -> f64 {
    sum(x * y)
}

struct Sum32<'a>(&'a [f32]);

impl WithSimd for Sum32<'_> {
    type Output = f32;
    fn with_simd<S: Simd>(self, s: S) -> f32 {
        reduce_at::<S::F32, _>(s, self.0, Sum)
    }
}

struct ArgMax<'a>(&'a [f64], f64);

impl WithSimd for ArgMax<'_> {
    type Output = Option<usize>;
    fn with_simd<S: Simd>(self, s: S) -> Option<usize> {
        let (x, m) = (self.0, <S::F64 as Vector>::splat(s, self.1));
        parallel::serial_find_chunks(x.len(), |r| {
            loops::find_first::<S::F64>(r.start, r.end, |at, valid| {
                let v: S::F64 = loops::load_at(s, x, at, valid, 0.0);
                kernelize::__private::simd::Mask::or(v.eq(m), v.is_nan())
            })
        })
    }
}

/// Lengths around every boundary of the fixed order at every tier's width.
fn lengths() -> Vec<usize> {
    let mut out = vec![0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65];
    for lanes in [1usize, 2, 4, 8, 16] {
        let block = loops::UNROLL * loops::BLOCK * lanes;
        out.extend([block - 1, block, block + 1, 2 * block + 3 * lanes + 1]);
    }
    out.extend([CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7]);
    out
}

/// Deterministic values of mixed signs and magnitudes (so sums round), with a NaN or a
/// signed zero sometimes.
fn data(n: usize, seed: u64, special: bool) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            match (special, i % 97) {
                (true, 5) => f64::NAN,
                (true, 7) => -0.0,
                _ => (u - 0.5) * 10f64.powi((s % 7) as i32 - 3),
            }
        })
        .collect()
}

fn tiers() -> Vec<Tier> {
    dispatch::available_tiers()
}

fn variant(t: Tier) -> Variant {
    if t == Tier::Scalar {
        Variant::Scalar
    } else {
        Variant::Simd(t)
    }
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[test]
fn reductions_match_the_generated_code_bit_for_bit() {
    for n in lengths() {
        for (seed, special) in [(1, false), (2, true)] {
            let x = data(n, seed + n as u64, special);
            for t in tiers() {
                let v = variant(t);
                let cases: [(Which, Result<f64, kernelize::Error>); 4] = [
                    (Which::Sum, k_sum::with(v, &x)),
                    (
                        Which::Prod,
                        k_prod::with(v, &x.iter().map(|e| 1.0 + e * 1e-3).collect::<Vec<_>>()),
                    ),
                    (Which::Max, k_max::with(v, &x)),
                    (Which::Min, k_min::with(v, &x)),
                ];
                for (which, want) in cases {
                    let Ok(want) = want else {
                        assert_eq!(n, 0, "only empty max/min fail");
                        continue;
                    };
                    let input = match which {
                        Which::Prod => x.iter().map(|e| 1.0 + e * 1e-3).collect(),
                        _ => x.clone(),
                    };
                    let got = dispatch::run_at(t, Run64(&input, which)).unwrap();
                    assert!(
                        same(got, want),
                        "{which:?} at {t}, n = {n}: {got:e} against {want:e}"
                    );
                }
                let y = data(n, seed + 77, false);
                let want = k_dot::with(v, &x, &y).unwrap();
                let got = dispatch::run_at(t, Dot(&x, &y)).unwrap();
                assert!(
                    same(got, want),
                    "dot at {t}, n = {n}: {got:e} against {want:e}"
                );
                let x32: Vec<f32> = x.iter().map(|&e| e as f32).collect();
                let want = k_sum32::with(v, &x32).unwrap();
                let got = dispatch::run_at(t, Sum32(&x32)).unwrap();
                assert!(
                    same(f64::from(got), f64::from(want)),
                    "f32 sum at {t}, n = {n}"
                );
            }
        }
    }
}

#[test]
fn the_search_matches_argmax() {
    for n in lengths().into_iter().filter(|&n| n > 0) {
        for special in [false, true] {
            let x = data(n, 9 + n as u64, special);
            let m = x.iter().copied().fold(f64::NEG_INFINITY, |a, b| {
                if a.is_nan() || b > a || b.is_nan() {
                    b
                } else {
                    a
                }
            });
            for t in tiers() {
                let want = k_argmax::with(variant(t), &x).unwrap();
                let got = dispatch::run_at(t, ArgMax(&x, m)).unwrap();
                assert_eq!(got, Some(want), "argmax at {t}, n = {n}");
            }
        }
    }
}
