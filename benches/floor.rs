//! The floor a softmax is compared to: a STREAM-like pass pair in plain Rust that reads an
//! `f64` input twice and writes an output once, the least memory traffic any softmax
//! can have (a fused max-and-sum pass, then the normalising pass).
//!
//! - pass 1 reads `z` and reduces it (a sum; with `exp`: the sum of `exp(z)`),
//! - pass 2 reads `z` again and writes `out[i] = z[i] * k`.
//!
//! At 10^8 and 2^16 elements, on one thread (plain loops) and on all threads (rayon, with
//! the runtime's `CHUNK`s), the output either a fresh `alloc_output` (huge pages, first
//! touched by the writing threads: what an allocating kernel pays) or a buffer written
//! before (pre-faulted: what `NAME::into` pays). The input comes from `alloc_output` too.
//! The loops are compiled for AVX-512 (or AVX2) when the CPU has it, so the in-cache
//! 2^16 numbers are not held back by the SSE2 baseline. Prints medians as a markdown table.
//!
//! `cargo bench --bench floor` (`-- --quick` for fewer repetitions). `RAYON_NUM_THREADS`
//! sets "all threads".

use std::hint::black_box;
use std::time::{Duration, Instant};

use kernelize_runtime::buffer::alloc_output;
use kernelize_runtime::parallel::{combine_pairwise, for_each_chunk_mut, in_pool, map_chunks};

/// `exp` in plain Rust that vectorises: Cody–Waite reduction, degree-11 polynomial, the
/// power of two built from bits. Accurate to a few ULP on [-700, 700]; a stand-in for the
/// SIMD tiers' `exp` at a similar cost per element.
#[inline(always)]
fn exp_poly(x: f64) -> f64 {
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

/// Pass 1: a 16-lane sum of `z` (or of `exp(z)`), so that it vectorises.
#[inline(always)]
fn reduce_body<const EXP: bool>(z: &[f64]) -> f64 {
    let mut acc = [0.0f64; 16];
    let (body, tail) = z.as_chunks::<16>();
    for v in body {
        for l in 0..16 {
            acc[l] += if EXP { exp_poly(v[l]) } else { v[l] };
        }
    }
    for &v in tail {
        acc[0] += if EXP { exp_poly(v) } else { v };
    }
    acc.iter().sum()
}

/// Pass 2: `out = z * k`.
#[inline(always)]
fn scale_body(z: &[f64], k: f64, out: &mut [f64]) {
    for (o, &v) in out.iter_mut().zip(z) {
        *o = v * k;
    }
}

/// The instruction set the loops are compiled for, chosen once.
#[derive(Clone, Copy, Debug)]
enum Isa {
    Baseline,
    Avx2,
    Avx512,
}

impl Isa {
    fn detect() -> Isa {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512dq")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("fma")
            {
                return Isa::Avx512;
            }
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                return Isa::Avx2;
            }
        }
        Isa::Baseline
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn reduce_avx512<const EXP: bool>(z: &[f64]) -> f64 {
    reduce_body::<EXP>(z)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn scale_avx512(z: &[f64], k: f64, out: &mut [f64]) {
    scale_body(z, k, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn reduce_avx2<const EXP: bool>(z: &[f64]) -> f64 {
    reduce_body::<EXP>(z)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn scale_avx2(z: &[f64], k: f64, out: &mut [f64]) {
    scale_body(z, k, out)
}

/// Pass 2 with non-temporal (streaming) stores: the output's cache lines are written
/// without being read first, and bypass the caches on the way out.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
fn scale_avx512_stream(z: &[f64], k: f64, out: &mut [f64]) {
    use core::arch::x86_64::{
        _mm_sfence, _mm512_loadu_pd, _mm512_mul_pd, _mm512_set1_pd, _mm512_stream_pd,
    };
    let n = out.len().min(z.len());
    // Scalar head up to the first 64-byte boundary of `out`, which streaming stores need.
    let head = (out.as_ptr().align_offset(64)).min(n);
    scale_body(&z[..head], k, &mut out[..head]);
    let body = (n - head) / 8 * 8;
    let kv = _mm512_set1_pd(k);
    let mut i = head;
    while i < head + body {
        // SAFETY: `i + 8 <= n`, so both 8-lane accesses are in bounds; `out[i..]` is
        // 64-byte aligned because `head` aligned it and `i - head` is a multiple of 8
        // elements; the tier's features are enabled on this function.
        unsafe {
            let v = _mm512_loadu_pd(z.as_ptr().add(i));
            _mm512_stream_pd(out.as_mut_ptr().add(i), _mm512_mul_pd(v, kv));
        }
        i += 8;
    }
    scale_body(&z[i..n], k, &mut out[i..n]);
    // Streaming stores are weakly ordered: fence before another thread reads `out`.
    _mm_sfence();
}

fn reduce<const EXP: bool>(isa: Isa, z: &[f64]) -> f64 {
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Isa::detect` returned `Avx512` only after checking these features.
        Isa::Avx512 => unsafe { reduce_avx512::<EXP>(z) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Isa::detect` returned `Avx2` only after checking AVX2 and FMA.
        Isa::Avx2 => unsafe { reduce_avx2::<EXP>(z) },
        _ => reduce_body::<EXP>(z),
    }
}

fn scale(isa: Isa, z: &[f64], k: f64, out: &mut [f64], stream: bool) {
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Isa::detect` returned `Avx512` only after checking these features.
        Isa::Avx512 if stream => unsafe { scale_avx512_stream(z, k, out) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Isa::detect` returned `Avx512` only after checking these features.
        Isa::Avx512 => unsafe { scale_avx512(z, k, out) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Isa::detect` returned `Avx2` only after checking AVX2 and FMA.
        Isa::Avx2 => unsafe { scale_avx2(z, k, out) },
        _ => scale_body(z, k, out),
    }
}

/// Both passes; `threads == false` runs plain loops on the calling thread, `true` runs
/// both passes inside one `in_pool` (as a parallel kernel should); `stream` uses
/// non-temporal stores in pass 2 (AVX-512 only).
fn floor<const EXP: bool>(
    isa: Isa,
    z: &[f64],
    out: &mut [f64],
    threads: bool,
    stream: bool,
) -> f64 {
    if threads {
        in_pool(|| passes::<EXP>(isa, z, out, true, stream))
    } else {
        passes::<EXP>(isa, z, out, false, stream)
    }
}

fn passes<const EXP: bool>(
    isa: Isa,
    z: &[f64],
    out: &mut [f64],
    threads: bool,
    stream: bool,
) -> f64 {
    let s = if threads {
        let parts = map_chunks(z.len(), |r| reduce::<EXP>(isa, &z[r]));
        combine_pairwise(parts, |a, b| a + b).unwrap_or(0.0)
    } else {
        reduce::<EXP>(isa, z)
    };
    let k = 1.0 / s;
    if threads {
        for_each_chunk_mut(out, |start, o| {
            scale(isa, &z[start..start + o.len()], k, o, stream)
        });
    } else {
        scale(isa, z, k, out, stream);
    }
    s
}

/// Median of `runs` timings of `f` after `warm` untimed calls. What `f` returns is dropped
/// after the clock stops: freeing a result is not part of computing it (the comparison
/// harness does the same).
fn median<T>(warm: usize, runs: usize, mut f: impl FnMut() -> T) -> Duration {
    for _ in 0..warm {
        drop(f());
    }
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let result = f();
            let elapsed = start.elapsed();
            drop(black_box(result));
            elapsed
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn show(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// GB/s of the 2 reads and 1 write.
fn bandwidth(len: usize, d: Duration) -> String {
    format!("{:.1}", 3.0 * 8.0 * len as f64 / d.as_secs_f64() / 1e9)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or `--quick` may follow.
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let isa = Isa::detect();
    let all = rayon::current_num_threads();
    let thp = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "n/a".into());
    println!(
        "floor: read z twice, write out once; loops for {isa:?}; {all} threads in the pool; THP: {thp}"
    );
    println!();
    println!(
        "| elements | threads | output | 2R+1W | GB/s | 2R+1W, streaming stores | 2R+1W + exp | runs |"
    );
    println!("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    let has_stream = matches!(isa, Isa::Avx512);
    for len in [100_000_000usize, 1 << 16] {
        let big = len > 1 << 20;
        let (warm, runs) = match (big, quick) {
            (true, true) => (1, 3),
            (true, false) => (2, 11),
            (false, true) => (20, 200),
            (false, false) => (200, 2001),
        };
        let mut z = alloc_output::<f64>(len);
        for_each_chunk_mut(&mut z, |start, c| {
            for (i, v) in c.iter_mut().enumerate() {
                // Uniform-ish in [0, 10), like the softmax experiment's input.
                *v = ((start + i) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) as f64
                    / u64::MAX as f64
                    * 10.0;
            }
        });
        for threads in [false, true] {
            let n = if threads { all } else { 1 };
            for fresh in [false, true] {
                let mut pre = alloc_output::<f64>(len);
                // One kind of output per measurement: written before, or new each call.
                let mut time = |exp: bool, stream: bool| {
                    median(warm, runs, || {
                        let mut new_out = Vec::new();
                        let out = if fresh {
                            new_out = alloc_output::<f64>(len);
                            &mut new_out[..]
                        } else {
                            &mut pre[..]
                        };
                        let z = black_box(&z[..]);
                        black_box(if exp {
                            floor::<true>(isa, z, out, threads, stream)
                        } else {
                            floor::<false>(isa, z, out, threads, stream)
                        });
                        black_box(out);
                        new_out
                    })
                };
                let plain = time(false, false);
                let stream = has_stream.then(|| time(false, true));
                let exp = time(true, false);
                println!(
                    "| {len} | {n} | {} | {} | {} | {} | {} | {runs} |",
                    if fresh {
                        "fresh `alloc_output`"
                    } else {
                        "pre-faulted"
                    },
                    show(plain),
                    bandwidth(len, plain),
                    stream.map_or("n/a".to_string(), show),
                    show(exp)
                );
            }
        }
    }
}
