//! Dividing an array by a scalar (`out[i] = x[i] / d`, softmax's last pass) at every tier
//! this CPU runs, `f64` and `f32`, by the hardware division and by `math::Divisor`'s
//! reciprocal and corrections (the same bits), in L1 (4096 elements) and in L2 (2^16
//! `f64`, 512 KiB); throughput in elements. What `dispatch::divides_by_reciprocal` decides
//! by its own timing is printed first.
//!
//! `cargo bench -p kernelize-runtime --bench divide -- --warm-up-time 1 --measurement-time 3`

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use kernelize_runtime::dispatch::{available_tiers, divides_by_reciprocal, run_at};
use kernelize_runtime::math::Divisor;
use kernelize_runtime::simd::{Element, Simd, Vector, WithSimd};

/// `out = x / d`, by the corrections when `reciprocal` (else the division).
#[inline(always)]
fn divide<V: Vector>(
    t: V::Token,
    d: V::Elem,
    reciprocal: bool,
    x: &[V::Elem],
    out: &mut [V::Elem],
) {
    let dv = Divisor::with_reciprocal(V::splat(t, d), reciprocal);
    for (xi, oi) in x.chunks_exact(V::LANES).zip(out.chunks_exact_mut(V::LANES)) {
        dv.divide(V::load(t, xi)).store(oi);
    }
}

struct Divide<'a, T>(T, bool, &'a [T], &'a mut [T]);

impl WithSimd for Divide<'_, f64> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        divide::<S::F64>(s, self.0, self.1, self.2, self.3)
    }
}

impl WithSimd for Divide<'_, f32> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        divide::<S::F32>(s, self.0, self.1, self.2, self.3)
    }
}

fn group<T: Element>(c: &mut Criterion, name: &str, n: usize)
where
    for<'a> Divide<'a, T>: WithSimd<Output = ()>,
{
    // Softmax-like dividends: exps of [-10, 0), by a sum of a few thousand.
    let x: Vec<T> = (0..n)
        .map(|i| T::from_f64((-10.0 * ((i * 2654435761) % n) as f64 / n as f64).exp()))
        .collect();
    let mut out = vec![T::ZERO; n];
    let d = T::from_f64(1234.567);
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(n as u64));
    for tier in available_tiers() {
        for (way, reciprocal) in [("hardware", false), ("reciprocal", true)] {
            g.bench_with_input(BenchmarkId::new(way, tier), &tier, |b, &tier| {
                b.iter(|| {
                    run_at(
                        tier,
                        Divide(black_box(d), reciprocal, black_box(&x), &mut out),
                    )
                })
            });
        }
    }
    g.finish();
}

fn bench_divide(c: &mut Criterion) {
    let way = |r: bool| if r { "reciprocal" } else { "hardware" };
    for tier in available_tiers() {
        let start = std::time::Instant::now();
        let f64_choice = divides_by_reciprocal(tier, true);
        let timed = start.elapsed();
        println!(
            "{tier}: measured choice f64 {} (timing it took {timed:.1?}), f32 {}",
            way(f64_choice),
            way(divides_by_reciprocal(tier, false)),
        );
    }
    group::<f64>(c, "divide_f64_l1", 4096);
    group::<f64>(c, "divide_f64_l2", 1 << 16);
    group::<f32>(c, "divide_f32_l1", 4096);
}

criterion_group!(benches, bench_divide);
criterion_main!(benches);
