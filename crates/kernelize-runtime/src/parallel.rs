//! Rayon helpers the parallel variant's generated code calls: fixed-size chunks, partial
//! results in chunk order, and a fixed pairwise combination, so that a parallel kernel's
//! result depends only on the input's length, never on the number of threads.
//!
//! # Chunks
//!
//! An input of `len` elements is cut into [`chunk_count`]`(len)` chunks: chunk `k` covers
//! `k * CHUNK .. min((k + 1) * CHUNK, len)`. The boundaries depend on `len` and the
//! constant [`CHUNK`] only. [`map_chunks`], [`map_chunks_mut`] and [`for_each_chunk_mut`]
//! all use these same boundaries, so a pass that reads an input through [`map_chunks`] and
//! a pass that writes the output through [`for_each_chunk_mut`] see the same pieces.
//!
//! # Where the work runs
//!
//! Everything runs through rayon's parallel iterators, which run in the pool of the
//! calling thread: inside `pool.install(..)` (or inside a task of some pool) that pool,
//! elsewhere rayon's global pool (sized by `RAYON_NUM_THREADS`, else one thread per CPU).
//! Calling from inside a rayon task is safe (rayon joins by work stealing, it never blocks
//! a worker), and so is calling from many threads at once (each caller's work is queued
//! into the pool and the caller blocks until its own work is done). A single chunk runs
//! on the calling thread without touching the pool. A kernel with several passes should
//! run them all inside one [`in_pool`], so that the caller sleeps and wakes once per call
//! rather than once per pass.
//!
//! # Reductions
//!
//! A reduction computes one partial per chunk with [`map_chunks`] (inside a chunk the SIMD
//! code uses its own fixed lane-and-block order) and folds the partials with
//! [`combine_pairwise`], whose tree is fixed by the number of partials. Which thread
//! computed which chunk does not matter, so the result is bit-identical at 1, 2, 3 or 16
//! threads.

use core::ops::Range;

use rayon::prelude::*;

/// Elements per chunk: `1 << 14` (16 384; 128 KiB of `f64`, 64 KiB of `f32`), fixed and
/// independent of the thread count.
///
/// Why this size:
/// - **Overhead.** Rayon does not make one task per chunk: an indexed parallel iterator
///   splits the chunk range adaptively (a few pieces per thread, more only when work is
///   stolen), and each piece walks its chunks in a plain loop. A chunk therefore costs a
///   closure call plus what the SIMD loop spends entering and leaving (lane accumulators,
///   a horizontal reduction, a masked tail): tens of nanoseconds against ≈ 9–15 µs of
///   vectorised `exp`s or ≈ 10 µs of streaming 384 KiB from memory.
/// - **Measured** (`cargo test --release -p kernelize-runtime --test parallel_threshold
///   -- --ignored --nocapture`, `chunk_size_table` and `softmax_chunk_table`, 2 threads,
///   a vectorised three-pass softmax): at 2^20 and 10^7 elements chunks of 2^10..2^16 are
///   within the noise of each other (≈ 0.6 ms and 7.2–8.1 ms); at 2^16..2^17 elements
///   2^14 and 2^16 are best, 2^10 ≈ 5–10 % slower (more steals, each one a cross-core
///   wake-up).
/// - **Balance.** The 2^16 elements of an L2-sized input make 4 chunks (enough for 2..4
///   threads); 10^8 elements make 6 104 chunks, plenty for 16 threads. A chunk of 2^16
///   would leave a 2^16-element input in one piece.
/// - **Cache.** One chunk of an input plus one of an output fit easily in a 1 MiB L2.
/// - **Lanes.** A multiple of every vector width (16 `f32` lanes on AVX-512), so only the
///   input's last chunk has a tail.
///
/// Changing it changes the summation order, hence the last bits of reductions, so it is a
/// constant of the crate and not a tuning knob.
pub const CHUNK: usize = 1 << 14;

/// Element count from which a kernel's dispatcher takes the parallel variant:
/// `1 << 16` (65 536, four [`CHUNK`]s); test it with [`goes_parallel`]. `NAME::parallel`
/// always runs in parallel, whatever the length.
///
/// Derived from `cargo test --release -p kernelize-runtime --test parallel_threshold --
/// --ignored --nocapture --test-threads=1` on the development machine (2 vCPU AMD EPYC
/// Zen 4, AVX-512). The machine was shared with other jobs, which only ever add time, so
/// each cell is the smallest of the medians over 3–6 runs of the table:
///
/// | elements | `y = 2x + 1`, 1 thread | 2 threads | `sum(exp(x))` (glibc `exp`), 1 thread | 2 threads | softmax, 1 thread | 2 threads | 2 threads in [`in_pool`] |
/// | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
/// | 2^13 | 1.0 µs | 1.0 µs (1 chunk) | 23 µs | 23 µs (1 chunk) | 7.8 µs | 7.8 µs (1 chunk) | 19 µs |
/// | 2^15 | 3.8 µs | 7.4 µs | 92 µs | 51 µs | 31 µs | 31 µs | 35 µs |
/// | 3·2^14 | | | | | 47 µs | 46 µs | 53 µs |
/// | 2^16 | 7.7 µs | 8.9 µs | 183 µs | 97 µs | 63 µs | 50 µs | 42 µs |
/// | 2^17 | 18 µs | 14.5 µs | 365 µs | 189 µs | 133 µs | 85 µs | 91 µs |
/// | 2^18 | 39 µs | 37 µs | 730 µs | 373 µs | 260 µs | 160 µs | 148 µs |
/// | 2^20 | 135 µs | 95 µs | 2.8 ms | 1.5 ms | 1.15 ms | 0.60 ms | 0.58 ms |
///
/// "softmax" is a vectorised three-pass stable softmax in plain Rust compiled for
/// AVX-512 (max; `exp` with sum, writing `e`; scale), its `exp` a polynomial running
/// ≈ 1.1 G elements/s per core, near the SIMD tiers' speed.
///
/// The softmax crate's own `softmax` (AVX-512 tier, three passes, each its own fork-join
/// from the caller; `benches/compare/run.sh --only kernelize --sizes 2^15,2^16,2^17,2^18,2^20
/// --dtypes f64`, smallest median of 5 runs, and in brackets the middle one of the 5, which
/// had other jobs on the machine):
///
/// | elements | `softmax::simd`, 1 thread | `softmax::parallel`, 2 threads |
/// | ---: | ---: | ---: |
/// | 2^15 | 20 µs (21) | 25 µs (52) |
/// | 2^16 | 41 µs (43) | 36 µs (57) |
/// | 2^17 | 86 µs (90) | 60 µs (100) |
/// | 2^18 | 174 µs (181) | 116 µs (159) |
/// | 2^20 | 719 µs (729) | 429 µs (685) |
///
/// What sets it: a fork-join entered from outside the pool costs ≈ 10–20 µs here (two
/// empty tasks: 10–21 µs), because a sleeping worker and then the caller must be woken,
/// and on a virtual machine a wake-up is slow. A sleeping worker often wakes only after
/// the first has finished 2 or 3 chunks, which is why 2^15 and 3·2^14 gain nothing. A
/// purely memory-bound map pays from ≈ 2^17; a kernel with `exp` (the reason to declare
/// one `parallel`) breaks even between 3·2^14 and 2^16 and wins from 2^16 (softmax:
/// 1.26× at 2^16, 1.5× in [`in_pool`]; 1.6× at 2^17; 1.9× at 2^20; the real kernel 1.14×
/// at 2^16 and 1.4× at 2^17). So the cut is 2^16. Under contention (another process
/// holding a core) the parallel variant can be slower than one thread at any size, as the
/// bracketed numbers show; the threshold is for a machine the kernel has to itself.
pub const THRESHOLD: usize = 1 << 16;

/// `true` if a dispatcher should take the parallel variant for an input of `len`
/// elements: `len >= THRESHOLD`.
#[inline]
pub const fn goes_parallel(len: usize) -> bool {
    len >= THRESHOLD
}

/// Number of [`CHUNK`]-sized chunks `len` elements are cut into (the last may be
/// shorter); 0 for an empty input.
#[inline]
pub const fn chunk_count(len: usize) -> usize {
    len.div_ceil(CHUNK)
}

/// The index range of chunk `k` of an input of `len` elements.
///
/// # Panics
///
/// If `k >= chunk_count(len)`.
#[inline]
pub fn chunk_range(len: usize, k: usize) -> Range<usize> {
    assert!(
        k < chunk_count(len),
        "chunk {k} out of range for length {len}"
    );
    let start = k * CHUNK;
    start..(start + CHUNK).min(len)
}

/// Runs `f` — typically all the passes of one parallel kernel call — on a worker thread of
/// the current rayon pool, and returns its result; directly when the calling thread is a
/// worker already (inside `pool.install` or a rayon task).
///
/// Why: each of [`map_chunks`], [`map_chunks_mut`] and [`for_each_chunk_mut`] called from
/// outside the pool queues its work, puts the caller to sleep and wakes it at the end, so a
/// three-pass softmax pays three cross-thread wake-ups (≈ 15–20 µs each on the development
/// machine) on top of waking the workers. Inside `in_pool` the caller is woken once, and
/// the passes fork and join between workers that are still spinning from the previous
/// pass. Measured (see [`THRESHOLD`]'s table, 2 threads, the smallest median over runs):
/// a three-pass softmax over 2^16 elements 42 µs against 50 µs, 2^18 148 µs against
/// 160 µs, 2^20 0.58 ms against 0.60 ms. Below [`THRESHOLD`] it costs more than it saves,
/// as going parallel does.
///
/// ```
/// use kernelize_runtime::parallel::{combine_pairwise, in_pool, map_chunks};
///
/// let x = vec![0.5f64; 100_000];
/// let total = in_pool(|| {
///     let m = combine_pairwise(map_chunks(x.len(), |r| x[r].iter().cloned().fold(0.0, f64::max)), f64::max);
///     let s = combine_pairwise(map_chunks(x.len(), |r| x[r].iter().sum::<f64>()), |a, b| a + b);
///     (m, s)
/// });
/// assert_eq!(total, (Some(0.5), Some(50_000.0)));
/// ```
pub fn in_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if rayon::current_thread_index().is_some() {
        f()
    } else {
        rayon::scope(|_| f())
    }
}

/// Runs `f` on every chunk's index range, in parallel, and returns the results in chunk
/// order (`result[k]` is `f(chunk_range(len, k))`); empty for `len == 0`.
///
/// Runs in the calling thread's rayon pool (see the [module docs](self)); a single chunk
/// runs directly on the calling thread.
///
/// ```
/// use kernelize_runtime::parallel::{combine_pairwise, map_chunks};
///
/// let x: Vec<f64> = (0..100_000).map(|i| i as f64).collect();
/// let partials = map_chunks(x.len(), |r| x[r].iter().sum::<f64>());
/// let total = combine_pairwise(partials, |a, b| a + b).unwrap_or(0.0);
/// assert_eq!(total, 4_999_950_000.0);
/// ```
pub fn map_chunks<R: Send>(len: usize, f: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    match chunk_count(len) {
        0 => Vec::new(),
        1 => vec![f(0..len)],
        n => (0..n)
            .into_par_iter()
            .map(|k| f(chunk_range(len, k)))
            .collect(),
    }
}

/// Runs `f(start, chunk)` on every [`CHUNK`]-sized chunk of `out` in parallel, where
/// `chunk` is `&mut out[start..start + chunk.len()]`, with the same boundaries as
/// [`map_chunks`] over `out.len()` elements.
///
/// Runs in the calling thread's rayon pool; a single chunk runs on the calling thread.
/// Writing a freshly allocated output (see [`crate::buffer::alloc_output`]) this way also
/// first-touches its pages on the threads that write them.
///
/// ```
/// use kernelize_runtime::parallel::for_each_chunk_mut;
///
/// let mut y = vec![0.0f64; 50_000];
/// for_each_chunk_mut(&mut y, |start, chunk| {
///     for (i, v) in chunk.iter_mut().enumerate() {
///         *v = (start + i) as f64;
///     }
/// });
/// assert!(y.iter().enumerate().all(|(i, &v)| v == i as f64));
/// ```
pub fn for_each_chunk_mut<T: Send>(out: &mut [T], f: impl Fn(usize, &mut [T]) + Sync) {
    if out.len() <= CHUNK {
        if !out.is_empty() {
            f(0, out);
        }
        return;
    }
    out.par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(k, chunk)| f(k * CHUNK, chunk));
}

/// Like [`for_each_chunk_mut`], and also returns each chunk's result in chunk order: for a
/// pass that writes the output and reduces at once (softmax's `e = exp(z - m)` together
/// with `sum(e)`). Combine the partials with [`combine_pairwise`].
///
/// ```
/// use kernelize_runtime::parallel::{combine_pairwise, map_chunks_mut};
///
/// let mut y = vec![0.0f64; 40_000];
/// let partials = map_chunks_mut(&mut y, |start, chunk| {
///     chunk.iter_mut().for_each(|v| *v = 1.0);
///     chunk.len()
/// });
/// assert_eq!(combine_pairwise(partials, |a, b| a + b), Some(40_000));
/// ```
pub fn map_chunks_mut<T: Send, R: Send>(
    out: &mut [T],
    f: impl Fn(usize, &mut [T]) -> R + Sync,
) -> Vec<R> {
    match chunk_count(out.len()) {
        0 => Vec::new(),
        1 => vec![f(0, out)],
        _ => out
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(k, chunk)| f(k * CHUNK, chunk))
            .collect(),
    }
}

/// Folds `parts` with `f` along a fixed pairwise tree, keeping chunk order; `None` if
/// `parts` is empty.
///
/// The order: level by level, neighbours are combined left to right,
/// `[p0, p1, p2, p3, p4] -> [f(p0, p1), f(p2, p3), p4] -> [f(f(p0, p1), f(p2, p3)), p4]
/// -> f(f(f(p0, p1), f(p2, p3)), p4)`; an odd last element moves up a level unchanged.
/// `f(a, b)` always gets the earlier chunks' value as `a`. The tree depends only on
/// `parts.len()`, so a reduction built from [`map_chunks`] and this function depends only
/// on the input's length; and a pairwise tree keeps rounding error growing with
/// `log2(parts)` rather than with `parts`.
///
/// It runs on the calling thread: there are few partials (6 104 for 10^8 elements).
///
/// ```
/// use kernelize_runtime::parallel::combine_pairwise;
///
/// let order = combine_pairwise(vec!["a", "b", "c", "d", "e"].into_iter().map(String::from).collect(),
///     |a, b| format!("({a}{b})"));
/// assert_eq!(order.as_deref(), Some("(((ab)(cd))e)"));
/// ```
pub fn combine_pairwise<R>(mut parts: Vec<R>, f: impl Fn(R, R) -> R) -> Option<R> {
    while parts.len() > 1 {
        let mut next = Vec::with_capacity(parts.len().div_ceil(2));
        let mut it = parts.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(f(a, b)),
                None => next.push(a),
            }
        }
        parts = next;
    }
    parts.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_ranges_tile_the_input() {
        for len in [1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5] {
            let n = chunk_count(len);
            let mut next = 0;
            for k in 0..n {
                let r = chunk_range(len, k);
                assert_eq!(r.start, next);
                assert!(!r.is_empty() && r.len() <= CHUNK);
                next = r.end;
            }
            assert_eq!(next, len);
        }
        assert_eq!(chunk_count(0), 0);
    }

    #[test]
    fn combine_pairwise_order() {
        let s = |v: &[&str]| {
            combine_pairwise(v.iter().map(|s| s.to_string()).collect(), |a, b| {
                format!("({a}{b})")
            })
        };
        assert_eq!(s(&[]), None);
        assert_eq!(s(&["a"]).as_deref(), Some("a"));
        assert_eq!(s(&["a", "b", "c"]).as_deref(), Some("((ab)c)"));
        assert_eq!(
            s(&["a", "b", "c", "d", "e", "f", "g"]).as_deref(),
            Some("(((ab)(cd))((ef)g))")
        );
    }
}
