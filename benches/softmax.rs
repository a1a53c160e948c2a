//! Softmax and the seed's `esum` on every variant this CPU runs, at 2^10, 2^16, 2^20 and
//! 10^7 elements, with throughput in elements and in bytes (input read + output written).
//! A variant the CPU lacks is skipped with a note on stderr.
//!
//! ```sh
//! cargo bench --bench softmax
//! ```

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kernelize::Variant;
use softmax::reference::SplitMix64;
use std::hint::black_box;
use std::time::Duration;

const SIZES: [usize; 4] = [1 << 10, 1 << 16, 1 << 20, 10_000_000];

fn every_variant(available: Vec<Variant>) -> Vec<Variant> {
    let mut v = available;
    v.push(Variant::Auto);
    v
}

fn bench_softmax(c: &mut Criterion) {
    for n in SIZES {
        let z = SplitMix64::new(42).uniform(n, 0.0, 10.0);
        let mut out = vec![0.0; n];
        let mut group = c.benchmark_group(format!("softmax/{n}"));
        if n >= 1 << 20 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(3));
        }
        group.throughput(Throughput::Elements(n as u64));
        for v in every_variant(softmax::softmax::variants()) {
            if softmax::softmax::with(v, &z).is_err() {
                eprintln!("softmax/{n}/{v}: skipped, this CPU cannot run it");
                continue;
            }
            group.bench_function(BenchmarkId::new("alloc", v), |b| {
                b.iter(|| softmax::softmax::with(v, black_box(&z)))
            });
        }
        // The `into` form writes a preallocated buffer: what is left is the kernel itself.
        group.throughput(Throughput::Bytes(16 * n as u64));
        group.bench_function("into-bytes", |b| {
            b.iter(|| softmax::softmax::into(black_box(&z), &mut out))
        });
        group.finish();
    }
}

fn bench_esum(c: &mut Criterion) {
    for n in SIZES {
        let z = SplitMix64::new(7).uniform(n, 0.0, 10.0);
        let mut group = c.benchmark_group(format!("esum/{n}"));
        if n >= 1 << 20 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(3));
        }
        group.throughput(Throughput::Elements(n as u64));
        for v in every_variant(softmax::esum::variants()) {
            if softmax::esum::with(v, &z).is_err() {
                eprintln!("esum/{n}/{v}: skipped, this CPU cannot run it");
                continue;
            }
            group.bench_function(BenchmarkId::new("variant", v), |b| {
                b.iter(|| softmax::esum::with(v, black_box(&z)))
            });
        }
        group.throughput(Throughput::Bytes(8 * n as u64));
        group.bench_function("auto-bytes", |b| b.iter(|| softmax::esum(black_box(&z))));
        group.finish();
    }
}

criterion_group!(benches, bench_softmax, bench_esum);
criterion_main!(benches);
