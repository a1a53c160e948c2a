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
//! Then the project's softmax beside its floors, measured in turn in the same process on
//! the same input and threads, as ratios of medians (the second table, the targets the
//! issues are written against):
//!
//! - 10^8 elements, all threads: `softmax::softmax::into` into a pre-faulted buffer and
//!   the allocating `softmax::softmax` against the pre-faulted 2R+1W floor (targets ≤ 1.3×
//!   and ≤ 2.5×), and against the "+ exp" and fresh-output floors (informational);
//! - 2^16 elements, one thread: `softmax::softmax::into_with(Variant::Simd(tier))` at the
//!   selected tier into a pre-faulted buffer against one pass of `out[i] = exp(z[i] - m)`
//!   with the runtime's own vector `exp` at the same tier, as softmax calls it
//!   (`exp_nonpositive`, `m = max(z)`) (target ≤ 1.5×);
//! - 2^16 elements: the dispatching `softmax::softmax::into` against the one-thread SIMD
//!   variant and the parallel variant at the same tier (it should be no slower than the
//!   faster of the two);
//! - 10^8 elements, all threads: `into` and the allocating call with streaming stores
//!   forced on against the same with them forced off (`dispatch::set_stream_min_bytes`),
//!   whatever `KERNELIZE_STREAM_MIN_BYTES` says for the rows above.
//!
//! Those jobs run round-robin in blocks (a few untimed calls, then timed calls, then the
//! next job), so a change in the machine's load falls on all of them alike, each round in
//! a fresh random order, so no job always follows the same one (a two-thread job right
//! after a one-thread one runs slower).
//!
//! `cargo bench --bench floor` (`-- --quick` for fewer repetitions). `RAYON_NUM_THREADS`
//! sets "all threads"; `KERNELIZE_ISA` the softmax's tier (and the `exp` floor's).

use std::hint::black_box;
use std::time::{Duration, Instant};

use kernelize_runtime::buffer::alloc_output;
use kernelize_runtime::dispatch::{run_at, selected_tier, set_stream_min_bytes};
use kernelize_runtime::math;
use kernelize_runtime::parallel::{combine_pairwise, for_each_chunk_mut, map_chunks};
use kernelize_runtime::simd::{Simd, Vector, WithSimd};
use kernelize_runtime::{Tier, Variant};

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
/// both passes on the calling thread helped by the pool (as a parallel kernel does);
/// `stream` uses non-temporal stores in pass 2 (AVX-512 only).
fn floor<const EXP: bool>(
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

/// `out[i] = exp(z[i] - m)` over whole vectors and a partial tail, with the runtime's
/// vector `exp` as softmax's pass 2 calls it (`m = max(z)`, so `exp_nonpositive`), four
/// vectors per iteration as the generated loops run: the `exp`-throughput floor. (One
/// vector per iteration, the `exp` bench's pattern, measured 35.1 µs against 32.6 µs for
/// this at 2^16 at AVX-512, best tenths of alternated rounds, 2026-12-01: a floor must be
/// the fastest form of the pass, or the ratio flatters the kernel.)
#[inline(always)]
fn exp_slice<V: Vector>(t: V::Token, x: &[V::Elem], m: V::Elem, out: &mut [V::Elem]) {
    let m = V::splat(t, m);
    let l = V::LANES;
    let mut xc = x.chunks_exact(4 * l);
    let mut oc = out.chunks_exact_mut(4 * l);
    for (xi, oi) in (&mut xc).zip(&mut oc) {
        for u in 0..4 {
            let r = u * l..(u + 1) * l;
            math::exp_nonpositive(V::load(t, &xi[r.clone()]).sub(m)).store(&mut oi[r]);
        }
    }
    let (xr, or) = (xc.remainder(), oc.into_remainder());
    let mut xv = xr.chunks_exact(l);
    let mut ov = or.chunks_exact_mut(l);
    for (xi, oi) in (&mut xv).zip(&mut ov) {
        math::exp_nonpositive(V::load(t, xi).sub(m)).store(oi);
    }
    let (xr, or) = (xv.remainder(), ov.into_remainder());
    if !xr.is_empty() {
        math::exp_nonpositive(V::load_partial(t, xr, m.extract(0)).sub(m)).store_partial(or);
    }
}

/// [`exp_slice`] at a tier, through `Simd::vectorize` (see `run_at`): input, its maximum,
/// output.
struct ExpF64<'a>(&'a [f64], f64, &'a mut [f64]);

impl WithSimd for ExpF64<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        exp_slice::<S::F64>(s, self.0, self.1, self.2)
    }
}

/// One measured call, given the shared pre-faulted output (a job that allocates its own
/// ignores it); what it returns (an allocating call's result, or an empty `Vec`) is
/// dropped after the clock stops.
type Job<'a> = Box<dyn FnMut(&mut [f64]) -> Vec<f64> + 'a>;

/// How [`interleaved`] repeats: `rounds` times every job in turn (each round in a fresh
/// random order), each time `lead` untimed calls (to bring back its cache and thread state
/// after the other jobs) and then `block` timed ones.
#[derive(Clone, Copy, Debug)]
struct Plan {
    rounds: usize,
    lead: usize,
    block: usize,
}

impl Plan {
    fn runs(self) -> usize {
        self.rounds * self.block
    }
}

/// Medians of the jobs, measured in turn (see [`Plan`]) after one untimed call of each.
/// The jobs that write into a pre-faulted output share one, `len` long, faulted in here
/// by the pool's threads as `for_each_chunk_mut` cuts it (as a parallel kernel writes it).
fn interleaved(plan: Plan, len: usize, jobs: &mut [Job<'_>]) -> Vec<Duration> {
    let mut pre = alloc_output::<f64>(len);
    for_each_chunk_mut(&mut pre, |_, c| c.fill(1.0));
    for job in jobs.iter_mut() {
        drop(job(&mut pre));
    }
    let mut times = vec![Vec::with_capacity(plan.runs()); jobs.len()];
    let n = jobs.len();
    let mut order: Vec<usize> = (0..n).collect();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..plan.rounds {
        // Each round runs the jobs in a fresh (seeded) random order, so that every job
        // follows every other about equally often: a job's time depends on the one before
        // it (a two-thread job right after a one-thread one measured 7-9 % slower at
        // 2^16, whichever it was), and a fixed cycle, rotated or not, keeps the same
        // neighbours.
        for i in (1..n).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        for &k in &order {
            let (job, t) = (&mut jobs[k], &mut times[k]);
            for _ in 0..plan.lead {
                drop(job(&mut pre));
            }
            for _ in 0..plan.block {
                let start = Instant::now();
                let result = job(&mut pre);
                let elapsed = start.elapsed();
                drop(black_box(result));
                t.push(elapsed);
            }
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect()
}

/// One row of the second table: `what` took `time`; `floor` names and times its floor.
fn ratio_row(what: &str, time: Duration, floor: (&str, Duration), target: Option<f64>) -> String {
    let r = time.as_secs_f64() / floor.1.as_secs_f64();
    let target = match target {
        Some(t) if r <= t => format!("≤ {t:?}×: met"),
        Some(t) if r <= t * 1.05 => format!("≤ {t:?}×: missed by < 5% (noise?)"),
        Some(t) => format!("≤ {t:?}×: **missed**"),
        None => "informational".to_string(),
    };
    format!(
        "| {what} | {} | {}: {} | {r:.2}× | {target} |",
        show(time),
        floor.0,
        show(floor.1)
    )
}

/// A pre-faulted output of `len` elements starting on a 64-byte boundary (a subslice of
/// an `alloc_output` buffer), which `store_stream` writes with non-temporal stores.
struct AlignedOutput {
    buf: Vec<f64>,
    start: usize,
    len: usize,
}

impl AlignedOutput {
    fn new(len: usize) -> Self {
        let mut buf = alloc_output::<f64>(len + 8);
        for_each_chunk_mut(&mut buf, |_, c| c.fill(1.0));
        let start = buf.as_ptr().align_offset(64);
        AlignedOutput { buf, start, len }
    }

    fn slice(&mut self) -> &mut [f64] {
        &mut self.buf[self.start..self.start + self.len]
    }
}

/// The second table's rows at 10^8 elements, all threads: the softmax entry points beside
/// the floors in the pool.
fn softmax_big(isa: Isa, z: &[f64], plan: Plan, all: usize) -> Vec<String> {
    let len = z.len();
    let aligned = std::cell::RefCell::new(AlignedOutput::new(len));
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(|out| {
            black_box(floor::<false>(isa, black_box(z), out, true, false));
            Vec::new()
        }),
        Box::new(|out| {
            black_box(floor::<true>(isa, black_box(z), out, true, false));
            Vec::new()
        }),
        Box::new(|_| {
            let mut out = alloc_output::<f64>(len);
            black_box(floor::<false>(isa, black_box(z), &mut out, true, false));
            out
        }),
        Box::new(|out| {
            softmax::softmax::into(black_box(z), out);
            black_box(out);
            Vec::new()
        }),
        Box::new(|_| softmax::softmax(black_box(z))),
        // `into` with streaming stores forced off and on, in turn with the others, so that
        // the comparison sees the same machine load, into a 64-byte-aligned output (the
        // shared one is 16 bytes past a boundary, as `calloc` returns it, and would get
        // plain stores either way).
        Box::new(|_| {
            set_stream_min_bytes(Some(usize::MAX));
            softmax::softmax::into(black_box(z), aligned.borrow_mut().slice());
            set_stream_min_bytes(None);
            Vec::new()
        }),
        Box::new(|_| {
            set_stream_min_bytes(Some(0));
            softmax::softmax::into(black_box(z), aligned.borrow_mut().slice());
            set_stream_min_bytes(None);
            Vec::new()
        }),
        Box::new(|_| {
            set_stream_min_bytes(Some(usize::MAX));
            let out = softmax::softmax(black_box(z));
            set_stream_min_bytes(None);
            out
        }),
        Box::new(|_| {
            set_stream_min_bytes(Some(0));
            let out = softmax::softmax(black_box(z));
            set_stream_min_bytes(None);
            out
        }),
    ];
    let t = interleaved(plan, len, &mut jobs);
    let (plain, exp, fresh, into, alloc) = (t[0], t[1], t[2], t[3], t[4]);
    let (into_plain, into_stream, alloc_plain, alloc_stream) = (t[5], t[6], t[7], t[8]);
    let pre = "2R+1W pre-faulted";
    vec![
        ratio_row(
            &format!(
                "`softmax::into`, {len}, {all} threads, pre-faulted, 64-byte aligned, streaming stores"
            ),
            into_stream,
            ("the same, plain stores", into_plain),
            None,
        ),
        ratio_row(
            &format!("`softmax(&z)` (allocates), {len}, {all} threads, streaming stores"),
            alloc_stream,
            ("the same, plain stores", alloc_plain),
            None,
        ),
        ratio_row(
            &format!("`softmax::into`, {len}, {all} threads, pre-faulted"),
            into,
            (pre, plain),
            Some(1.3),
        ),
        ratio_row(
            &format!("`softmax::into`, {len}, {all} threads, pre-faulted"),
            into,
            ("2R+1W + exp pre-faulted", exp),
            None,
        ),
        ratio_row(
            &format!("`softmax(&z)` (allocates), {len}, {all} threads"),
            alloc,
            (pre, plain),
            Some(2.5),
        ),
        ratio_row(
            &format!("`softmax(&z)` (allocates), {len}, {all} threads"),
            alloc,
            ("2R+1W fresh `alloc_output`", fresh),
            None,
        ),
    ]
}

/// The second table's rows at 2^16 elements: one-thread SIMD softmax against the `exp`
/// floor, and the dispatcher against the one-thread and the parallel variant.
fn softmax_small(z: &[f64], plan: Plan, all: usize, tier: Tier) -> Vec<String> {
    let len = z.len();
    let simd = Variant::Simd(tier);
    let par = Variant::Parallel(tier);
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(move |out| {
            run_at(tier, ExpF64(black_box(z), m, out)).expect("the selected tier runs");
            black_box(out);
            Vec::new()
        }),
        Box::new(|out| {
            softmax::softmax::into_with(simd, black_box(z), out).expect("the selected tier runs");
            black_box(out);
            Vec::new()
        }),
        Box::new(|out| {
            softmax::softmax::into(black_box(z), out);
            black_box(out);
            Vec::new()
        }),
        Box::new(|out| {
            softmax::softmax::into_with(par, black_box(z), out).expect("the selected tier runs");
            black_box(out);
            Vec::new()
        }),
    ];
    let t = interleaved(plan, len, &mut jobs);
    let (exp, one, auto, parallel) = (t[0], t[1], t[2], t[3]);
    let goes = if len >= kernelize_runtime::parallel::THRESHOLD {
        "parallel"
    } else if len >= kernelize_runtime::parallel::WARM_THRESHOLD {
        "parallel when back to back"
    } else {
        "one thread"
    };
    let (best_name, best) = if one <= parallel {
        (format!("faster: `{simd}`"), one)
    } else {
        (format!("faster: `{par}`, {all} threads"), parallel)
    };
    vec![
        ratio_row(
            &format!("`softmax::into_with({simd})`, {len}, 1 thread, pre-faulted"),
            one,
            (&format!("`exp` pass at {tier}, 1 thread"), exp),
            Some(1.5),
        ),
        ratio_row(
            &format!("`softmax::into` (auto: {goes}), {len}, pre-faulted"),
            auto,
            (&format!("`{simd}`, 1 thread"), one),
            None,
        ),
        ratio_row(
            &format!("`softmax::into` (auto: {goes}), {len}, pre-faulted"),
            auto,
            (&format!("`{par}`, {all} threads"), parallel),
            None,
        ),
        ratio_row(
            &format!("`softmax::into` (auto: {goes}), {len}, pre-faulted"),
            auto,
            (&best_name, best),
            Some(1.0),
        ),
    ]
}

/// The 1-, 5- and 15-minute load averages (the machine is shared), or "n/a".
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
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
        "floor: read z twice, write out once; loops for {isa:?}; {all} threads in the pool; THP: {thp}; load average {}",
        load()
    );
    println!();
    println!(
        "| elements | threads | output | 2R+1W | GB/s | 2R+1W, streaming stores | 2R+1W + exp | runs |"
    );
    println!("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    let has_stream = matches!(isa, Isa::Avx512);
    let tier = selected_tier();
    let mut softmax_rows = Vec::new();
    let mut softmax_runs = Vec::new();
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
        let plan = match (big, quick) {
            (true, true) => Plan {
                rounds: 5,
                lead: 0,
                block: 1,
            },
            (true, false) => Plan {
                rounds: 15,
                lead: 0,
                block: 1,
            },
            (false, true) => Plan {
                rounds: 20,
                lead: 3,
                block: 10,
            },
            (false, false) => Plan {
                rounds: 100,
                lead: 5,
                block: 20,
            },
        };
        softmax_runs.push(format!("{len}: {} runs", plan.runs()));
        softmax_rows.extend(if big {
            softmax_big(isa, &z, plan, all)
        } else {
            softmax_small(&z, plan, all, tier)
        });
    }
    println!();
    println!(
        "softmax beside its floors: medians measured in turn in this run ({}); softmax at \
         tier {tier}, floors' loops for {isa:?}",
        softmax_runs.join(", ")
    );
    println!();
    println!("| measurement | median | floor | ratio | target |");
    println!("| --- | ---: | --- | ---: | --- |");
    for row in softmax_rows {
        println!("{row}");
    }
    println!();
    println!("load average at the end: {}", load());
}
