//! What dispatch costs: a tiny op (sum of 16 `f64`) through `selected_tier()` + `run_at`
//! against calling the same op at the tier directly.
//!
//! `cargo bench -p kernelize-runtime --bench dispatch -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use kernelize_runtime::dispatch::{best_available, run_at, selected_tier};
use kernelize_runtime::simd::{Simd, Vector, WithSimd};

struct Sum16<'a>(&'a [f64; 16]);

impl WithSimd for Sum16<'_> {
    type Output = f64;
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> f64 {
        let mut acc = S::F64::splat(s, 0.0);
        for c in self.0.chunks_exact(S::F64::LANES) {
            acc = acc.add(S::F64::load(s, c));
        }
        acc.reduce_sum()
    }
}

fn bench_dispatch(c: &mut Criterion) {
    let data: [f64; 16] = core::array::from_fn(|i| i as f64 * 0.5);
    let tier = best_available();
    let mut g = c.benchmark_group(format!("dispatch_sum16_{tier}"));
    g.bench_function("selected_tier_run_at", |b| {
        b.iter(|| run_at(selected_tier(), Sum16(black_box(&data))))
    });
    g.bench_function("run_at_fixed_tier", |b| {
        b.iter(|| run_at(black_box(tier), Sum16(black_box(&data))))
    });
    #[cfg(target_arch = "x86_64")]
    if tier == kernelize_runtime::Tier::Avx512 {
        let token = kernelize_runtime::simd::Avx512Tier::detect().expect("detected above");
        g.bench_function("direct_token_vectorize", |b| {
            b.iter(|| token.vectorize(Sum16(black_box(&data))))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_dispatch);
criterion_main!(benches);
