//! The runtime's loop skeleton (`loops::reduce_chunk`, a per-vector closure) against the
//! code the macro generates today (the loop written out by `quote!`), for a sum of `f64`
//! at the best tier on one thread, alternated in one run: the skeletons must stay as fast
//! before the generated passes become calls to them (issue 17).
//!
//! ```sh
//! cargo bench --bench loops
//! ```

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kernelize::__private::dispatch;
use kernelize::__private::loops::{self, Sum};
use kernelize::__private::parallel;
use kernelize::__private::simd::{Simd, Vector, WithSimd};
use kernelize::{Variant, kernel};
use softmax::reference::SplitMix64;
use std::hint::black_box;

#[kernel]
pub fn generated_sum(x: &[f64]) -> f64 {
    sum(x)
}

/// The same sum through the skeleton: each chunk in the tier's frame.
struct SkeletonSum<'a>(&'a [f64], bool);

impl WithSimd for SkeletonSum<'_> {
    type Output = f64;
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> f64 {
        let x = self.0;
        let parts =
            parallel::serial_map_chunks(x.len(), |r| s.vectorize(Chunk(x, r.start, r.end, self.1)));
        parallel::combine_pairwise(parts, |a, b| a + b).unwrap_or(0.0)
    }
}

struct Chunk<'a>(&'a [f64], usize, usize, bool);

impl WithSimd for Chunk<'_> {
    type Output = f64;
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> f64 {
        let x = self.0;
        if self.3 {
            let (value,) = (
                #[inline(always)]
                |[v]: [S::F64; 1]| v,
            );
            return loops::reduce_streams::<S::F64, _, 1>(s, Sum, self.1, self.2, [x], value);
        }
        let (value,) = (
            #[inline(always)]
            |at, valid| loops::load_at(s, x, at, valid, 0.0),
        );
        loops::reduce_chunk::<S::F64, _>(s, Sum, self.1, self.2, value)
    }
}

fn bench(c: &mut Criterion) {
    let tier = dispatch::selected_tier();
    for n in [1usize << 12, 1 << 16] {
        let x = SplitMix64::new(7).uniform(n, -1.0, 1.0);
        let mut group = c.benchmark_group(format!("sum/{n}"));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("generated", tier), |b| {
            b.iter(|| generated_sum::with(Variant::Simd(tier), black_box(&x)).unwrap())
        });
        group.bench_function(BenchmarkId::new("skeleton", tier), |b| {
            b.iter(|| dispatch::run_at(tier, SkeletonSum(black_box(&x), false)).unwrap())
        });
        group.bench_function(BenchmarkId::new("streams", tier), |b| {
            b.iter(|| dispatch::run_at(tier, SkeletonSum(black_box(&x), true)).unwrap())
        });
        group.finish();
    }
    let _ = <kernelize::__private::simd::One<f64> as Vector>::LANES;
}

criterion_group!(benches, bench);
criterion_main!(benches);
