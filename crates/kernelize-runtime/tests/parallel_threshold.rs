//! The measurement behind `parallel::THRESHOLD` and `parallel::CHUNK`: one thread against
//! the rayon pool on plain Rust loops, over a memory-bound map and an `exp`-bound
//! reduction, at 2^12..2^20 elements. Prints a table; asserts nothing.
//!
//! `cargo test --release -p kernelize-runtime --test parallel_threshold -- --ignored --nocapture`

use std::hint::black_box;
use std::time::{Duration, Instant};

use kernelize_runtime::parallel::{CHUNK, combine_pairwise, for_each_chunk_mut, map_chunks};
use rayon::prelude::*;

/// Median wall time of `f` over enough repetitions to fill ≈ 0.2 s (at least 15).
fn median(mut f: impl FnMut()) -> Duration {
    for _ in 0..3 {
        f();
    }
    let mut times = Vec::new();
    let budget = Instant::now();
    while times.len() < 15 || (budget.elapsed() < Duration::from_millis(200) && times.len() < 5000)
    {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn map_1t(x: &[f64], y: &mut [f64]) {
    for (o, &v) in y.iter_mut().zip(x) {
        *o = 2.0 * v + 1.0;
    }
}

fn map_par(x: &[f64], y: &mut [f64]) {
    for_each_chunk_mut(y, |start, chunk| {
        map_1t(&x[start..start + chunk.len()], chunk)
    });
}

fn exp_sum_1t(x: &[f64]) -> f64 {
    x.iter().map(|v| v.exp()).sum()
}

fn exp_sum_par(x: &[f64]) -> f64 {
    combine_pairwise(map_chunks(x.len(), |r| exp_sum_1t(&x[r])), |a, b| a + b).unwrap_or(0.0)
}

/// `exp` in plain Rust that LLVM vectorises inside a `#[target_feature]` function: a stand-in
/// for the SIMD tiers' `exp` (Cody–Waite reduction by ln 2 / 1, degree-11 Taylor
/// polynomial, exponent built from bits; inputs assumed in [-700, 700]).
#[inline(always)]
fn fast_exp(x: f64) -> f64 {
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    let k = (x * core::f64::consts::LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut p: f64 = 1.0 / 39_916_800.0;
    for c in [
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ] {
        p = p.mul_add(r, c);
    }
    p * f64::from_bits(((k as i64 + 1023) << 52) as u64)
}

/// Three-pass stable softmax with [`fast_exp`] on one thread: `max`, `e = exp(z - m)` with
/// `sum(e)`, `e / s`.
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn softmax_1t_v4(z: &[f64], out: &mut [f64]) -> (f64, f64) {
    let m = z.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    let s = exp_store_sum_v4(z, m, out);
    let inv = 1.0 / s;
    out.iter_mut().for_each(|v| *v *= inv);
    (m, s)
}

#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn max_v4(z: &[f64]) -> f64 {
    z.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
}

#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn exp_store_sum_v4(z: &[f64], m: f64, out: &mut [f64]) -> f64 {
    let mut acc = [0.0f64; 16];
    let (zc, zt) = z.as_chunks::<16>();
    let (oc, ot) = out.as_chunks_mut::<16>();
    for (zv, ov) in zc.iter().zip(oc) {
        for l in 0..16 {
            ov[l] = fast_exp(zv[l] - m);
            acc[l] += ov[l];
        }
    }
    for (zv, ov) in zt.iter().zip(ot) {
        *ov = fast_exp(zv - m);
        acc[0] += *ov;
    }
    acc.iter().sum()
}

#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn scale_v4(out: &mut [f64], inv: f64) {
    out.iter_mut().for_each(|v| *v *= inv);
}

fn softmax_par_v4(z: &[f64], out: &mut [f64]) -> (f64, f64) {
    // SAFETY: the caller checked AVX-512F/DQ/VL, AVX2 and FMA.
    let maxes = map_chunks(z.len(), |r| unsafe { max_v4(&z[r]) });
    let m = combine_pairwise(maxes, f64::max).unwrap_or(f64::NEG_INFINITY);
    let sums = kernelize_runtime::parallel::map_chunks_mut(out, |start, o| {
        // SAFETY: as above.
        unsafe { exp_store_sum_v4(&z[start..start + o.len()], m, o) }
    });
    let s = combine_pairwise(sums, |a, b| a + b).unwrap_or(0.0);
    let inv = 1.0 / s;
    // SAFETY: as above.
    for_each_chunk_mut(out, |_, o| unsafe { scale_v4(o, inv) });
    (m, s)
}

fn has_v4() -> bool {
    is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512dq")
        && is_x86_feature_detected!("avx512vl")
        && is_x86_feature_detected!("fma")
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn softmax_threshold_table() {
    if !has_v4() {
        println!("no AVX-512: skipped");
        return;
    }
    let threads = rayon::current_num_threads();
    println!("vectorised 3-pass softmax, AVX-512 (exp ≈ SIMD tier speed)");
    println!("| elements | 1 thread | {threads} threads | exp alone, 1 thread |");
    println!("| ---: | ---: | ---: | ---: |");
    for n in [
        1 << 13,
        1 << 14,
        1 << 15,
        3 << 14,
        1 << 16,
        3 << 15,
        1 << 17,
        1 << 18,
        1 << 20,
    ] {
        let z: Vec<f64> = (0..n).map(|i| (i % 1000) as f64 * 0.01).collect();
        let mut y = vec![0.0; n];
        // SAFETY: has_v4 checked the features.
        let t1 = median(|| unsafe {
            black_box(softmax_1t_v4(black_box(&z), black_box(&mut y)));
        });
        let tp = median(|| {
            black_box(softmax_par_v4(black_box(&z), black_box(&mut y)));
        });
        // SAFETY: has_v4 checked the features.
        let e1 = median(|| unsafe {
            black_box(exp_store_sum_v4(black_box(&z), 0.0, black_box(&mut y)));
        });
        println!("| {n} | {} | {} | {} |", us(t1), us(tp), us(e1));
    }
}

fn fork_join_only(n: usize) {
    (0..n).into_par_iter().for_each(|k| {
        black_box(k);
    });
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn threshold_table() {
    let threads = rayon::current_num_threads();
    println!("rayon threads: {threads}, CHUNK = {CHUNK}");
    println!(
        "| fork-join of 2 empty tasks | {} |",
        us(median(|| fork_join_only(2)))
    );
    println!(
        "| elements | map 1 thread | map {threads} threads | exp-sum 1 thread | exp-sum {threads} threads |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: |");
    for p in 12..=20 {
        let n = 1usize << p;
        let x: Vec<f64> = (0..n).map(|i| (i % 1000) as f64 * 0.01).collect();
        let mut y = vec![0.0; n];
        let m1 = median(|| map_1t(black_box(&x), black_box(&mut y)));
        let mp = median(|| map_par(black_box(&x), black_box(&mut y)));
        let e1 = median(|| {
            black_box(exp_sum_1t(black_box(&x)));
        });
        let ep = median(|| {
            black_box(exp_sum_par(black_box(&x)));
        });
        println!(
            "| 2^{p} | {} | {} | {} | {} |",
            us(m1),
            us(mp),
            us(e1),
            us(ep)
        );
    }
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn chunk_size_table() {
    let n = 10_000_000;
    let x: Vec<f64> = (0..n).map(|i| (i % 1000) as f64 * 0.01).collect();
    let mut y = vec![0.0; n];
    println!("| chunk | map 10^7 | sum 10^7 | exp-sum 10^6 |");
    println!("| ---: | ---: | ---: | ---: |");
    for p in [10, 12, 14, 16, 18] {
        let c = 1usize << p;
        let map = median(|| {
            y.par_chunks_mut(c)
                .enumerate()
                .for_each(|(k, o)| map_1t(&x[k * c..k * c + o.len()], o))
        });
        let sum = median(|| {
            let parts: Vec<f64> = x.par_chunks(c).map(|s| s.iter().sum::<f64>()).collect();
            black_box(combine_pairwise(parts, |a, b| a + b));
        });
        let xs = &x[..1_000_000];
        let esum = median(|| {
            let parts: Vec<f64> = xs.par_chunks(c).map(exp_sum_1t).collect();
            black_box(combine_pairwise(parts, |a, b| a + b));
        });
        println!("| 2^{p} | {} | {} | {} |", us(map), us(sum), us(esum));
    }
}

fn softmax_par_chunked(z: &[f64], out: &mut [f64], c: usize) -> (f64, f64) {
    // SAFETY: the caller checked the features.
    let maxes: Vec<f64> = z.par_chunks(c).map(|s| unsafe { max_v4(s) }).collect();
    let m = combine_pairwise(maxes, f64::max).unwrap_or(f64::NEG_INFINITY);
    let sums: Vec<f64> = out
        .par_chunks_mut(c)
        .zip(z.par_chunks(c))
        // SAFETY: as above.
        .map(|(o, s)| unsafe { exp_store_sum_v4(s, m, o) })
        .collect();
    let s = combine_pairwise(sums, |a, b| a + b).unwrap_or(0.0);
    let inv = 1.0 / s;
    // SAFETY: as above.
    out.par_chunks_mut(c)
        .for_each(|o| unsafe { scale_v4(o, inv) });
    (m, s)
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn softmax_chunk_table() {
    if !has_v4() {
        println!("no AVX-512: skipped");
        return;
    }
    println!("vectorised 3-pass softmax, all threads, by chunk size");
    println!("| elements | 2^10 | 2^12 | 2^13 | 2^14 | 2^16 |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for n in [1 << 15, 1 << 16, 1 << 17, 1 << 20, 10_000_000] {
        let z: Vec<f64> = (0..n).map(|i| (i % 1000) as f64 * 0.01).collect();
        let mut y = vec![0.0; n];
        let row: Vec<String> = [10, 12, 13, 14, 16]
            .iter()
            .map(|&p| {
                us(median(|| {
                    black_box(softmax_par_chunked(
                        black_box(&z),
                        black_box(&mut y),
                        1 << p,
                    ));
                }))
            })
            .collect();
        println!("| {n} | {} |", row.join(" | "));
    }
}
