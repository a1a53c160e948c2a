//! Floors for `run.sh --suite loops` (`BENCHMARKS.md`, "Loop kernels against Numba"), plain
//! Rust, no kernelize: the throughput of a square root (scalar `sqrtsd` and 8-lane
//! `vsqrtpd zmm`), which bounds the pairwise distances, and a one-thread histogram counted
//! one value at a time into one array and into four (by `i % 4`), which shows how much
//! of the histogram's time is the chain through a bin's count.
//!
//! ```text
//! kernelize-loops-floors
//! ```

use std::arch::x86_64::*;
use std::hint::black_box;
use std::time::Instant;

const REPS: usize = 1 << 22;

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// Nanoseconds per square root, 8 independent scalar chains.
#[target_feature(enable = "sse2")]
fn sqrt_scalar() -> f64 {
    let mut v = [_mm_set_sd(2.0); 8];
    let t = Instant::now();
    for _ in 0..REPS {
        for x in v.iter_mut() {
            *x = _mm_sqrt_sd(*x, *x);
        }
    }
    let dt = t.elapsed().as_secs_f64();
    black_box(v);
    dt * 1e9 / (REPS * 8) as f64
}

/// Nanoseconds per square root, 8 independent 8-lane chains.
#[target_feature(enable = "avx512f")]
fn sqrt_zmm() -> f64 {
    let mut v = [_mm512_set1_pd(2.0); 8];
    let t = Instant::now();
    for _ in 0..REPS {
        for x in v.iter_mut() {
            *x = _mm512_sqrt_pd(*x);
        }
    }
    let dt = t.elapsed().as_secs_f64();
    black_box(v);
    dt * 1e9 / (REPS * 64) as f64
}

/// Standard normal values (Box-Muller on a SplitMix64 stream).
fn normals(n: usize) -> Vec<f64> {
    let mut state = 2024u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            let (u, v) = (1.0 - next(), next());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        })
        .collect()
}

/// Nanoseconds per value: 256 bins on [-4, 4), `WAYS` private arrays by `i % WAYS`.
fn histogram<const WAYS: usize>(x: &[f64]) -> f64 {
    let (lo, hi, nbins) = (-4.0, 4.0, 256usize);
    let scale = nbins as f64 / (hi - lo);
    let mut hist = vec![0.0f64; nbins * WAYS];
    let t = Instant::now();
    for (i, &v) in x.iter().enumerate() {
        if v >= lo && v < hi {
            let k = ((v - lo) * scale) as usize;
            hist[(i % WAYS) * nbins + k] += 1.0;
        }
    }
    let dt = t.elapsed().as_secs_f64();
    black_box(&hist);
    dt * 1e9 / x.len() as f64
}

fn main() {
    assert!(is_x86_feature_detected!("avx512f"), "needs AVX-512");
    let x = normals(1 << 24);
    let mut s = Vec::new();
    let mut z = Vec::new();
    let mut h1 = Vec::new();
    let mut h4 = Vec::new();
    for _ in 0..7 {
        // SAFETY: SSE2 is baseline on x86_64; AVX-512 is checked above.
        s.push(unsafe { sqrt_scalar() });
        z.push(unsafe { sqrt_zmm() });
        h1.push(histogram::<1>(&x));
        h4.push(histogram::<4>(&x));
    }
    println!(
        "sqrtsd: {:.3} ns per root; vsqrtpd zmm: {:.3} ns per root ({:.2}x)",
        median(s.clone()),
        median(z.clone()),
        median(s) / median(z)
    );
    println!(
        "histogram of 2^24 normals, one thread: one array {:.2} ns per value, four arrays {:.2} ns per value",
        median(h1),
        median(h4)
    );
}
