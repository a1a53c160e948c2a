//! `exp` throughput in cache (4096 elements) at every tier this CPU runs, `f64` and `f32`,
//! against glibc's scalar `exp` in the same run; throughput in elements.
//!
//! `cargo bench -p kernelize-runtime --bench exp -- --warm-up-time 1 --measurement-time 3`

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use kernelize_runtime::dispatch::{available_tiers, run_at};
use kernelize_runtime::math;
use kernelize_runtime::simd::{Simd, Vector, WithSimd};

const N: usize = 4096;

/// `out[i] = exp(x[i])` over whole vectors and a partial tail.
#[inline(always)]
fn exp_slice<V: Vector>(t: V::Token, x: &[V::Elem], out: &mut [V::Elem]) {
    let mut xc = x.chunks_exact(V::LANES);
    let mut oc = out.chunks_exact_mut(V::LANES);
    for (xi, oi) in (&mut xc).zip(&mut oc) {
        math::exp(V::load(t, xi)).store(oi);
    }
    let (xr, or) = (xc.remainder(), oc.into_remainder());
    if !xr.is_empty() {
        math::exp(V::load_partial(t, xr, V::Elem::default())).store_partial(or);
    }
}

struct ExpF64<'a>(&'a [f64], &'a mut [f64]);

impl WithSimd for ExpF64<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        exp_slice::<S::F64>(s, self.0, self.1)
    }
}

struct ExpF32<'a>(&'a [f32], &'a mut [f32]);

impl WithSimd for ExpF32<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        exp_slice::<S::F32>(s, self.0, self.1)
    }
}

fn inputs() -> Vec<f64> {
    // Softmax-like arguments: uniform in [-10, 0).
    (0..N)
        .map(|i| -10.0 * ((i * 2654435761) % N) as f64 / N as f64)
        .collect()
}

fn bench_exp(c: &mut Criterion) {
    let x64 = inputs();
    let x32: Vec<f32> = x64.iter().map(|&v| v as f32).collect();
    let mut o64 = vec![0.0f64; N];
    let mut o32 = vec![0.0f32; N];

    let mut g = c.benchmark_group("exp_f64");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("glibc_scalar", |b| {
        b.iter(|| {
            for (o, &v) in o64.iter_mut().zip(black_box(&x64)) {
                *o = v.exp();
            }
        })
    });
    for tier in available_tiers() {
        g.bench_with_input(BenchmarkId::new("tier", tier), &tier, |b, &tier| {
            b.iter(|| run_at(tier, ExpF64(black_box(&x64), &mut o64)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("exp_f32");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("glibc_scalar_expf", |b| {
        b.iter(|| {
            for (o, &v) in o32.iter_mut().zip(black_box(&x32)) {
                *o = v.exp();
            }
        })
    });
    for tier in available_tiers() {
        g.bench_with_input(BenchmarkId::new("tier", tier), &tier, |b, &tier| {
            b.iter(|| run_at(tier, ExpF32(black_box(&x32), &mut o32)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_exp);
criterion_main!(benches);
