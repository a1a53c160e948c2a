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
//! The calling thread runs chunks itself, from the first chunk on, and recruits helpers
//! from the rayon pool it is in: inside `pool.install(..)` (or inside a task of some pool)
//! that pool, elsewhere rayon's global pool (sized by `RAYON_NUM_THREADS`, else one thread
//! per CPU); up to the pool's thread count less one, so caller and helpers together are as
//! many threads as the pool has. Caller and helpers claim chunks from one atomic counter.
//! Helpers are queued one at a time (each recruits the next when it starts), and the
//! caller never waits for one that has not started: when it has claimed the last chunk it
//! waits only for the chunks still running on helpers. So a sleeping pool (a worker takes
//! 20–60 µs to wake on the development machine's virtual CPUs) costs a call only the
//! queueing (≈ 1–3 µs), and a busy pool (a call from inside a rayon task while every
//! worker works) costs nothing: the caller runs every chunk. Calling from many threads at
//! once is safe: each caller works on its own chunks and shares the pool's helpers. A
//! single chunk runs on the calling thread without touching the pool. Helpers that arrive
//! late find nothing to claim and leave.
//!
//! # Reductions
//!
//! A reduction computes one partial per chunk with [`map_chunks`] (inside a chunk the SIMD
//! code uses its own fixed lane-and-block order) and folds the partials with
//! [`combine_pairwise`], whose tree is fixed by the number of partials. Which thread
//! computed which chunk does not matter, so the result is bit-identical at 1, 2, 3 or 16
//! threads.

use core::any::Any;
use core::cell::UnsafeCell;
use core::marker::PhantomData;
use core::ops::Range;
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering, fence};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Mutex};

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

/// Element count from which a kernel's dispatcher takes the parallel variant whatever
/// the pool's state: `1 << 17` (131 072, eight [`CHUNK`]s). From [`WARM_THRESHOLD`] on it
/// goes parallel already when the pool's workers are awake ([`pool_awake`]). Test both with
/// [`goes_parallel`]. `NAME::parallel` always runs in parallel, whatever the length.
///
/// Derived from `cargo bench --bench threshold` (`docs/benchmarks-history.md`, session 3,
/// "Threshold bench", and session 6, "The dispatcher and a sleeping pool"), which times
/// one thread against the parallel variant for a memory-bound map, `sum(exp(z))` and
/// softmax with the pool's workers awake (calls back to back) and asleep (1 ms between
/// calls). Waking a sleeping worker costs the caller 8–10 µs (session 3's AMD host) to
/// 15–30 µs (session 6's Intel host) on the development machines' virtual CPUs (the
/// wake-up's system call and the hypervisor's inter-processor interrupt run on the calling
/// thread), so a lone call gains from parallel only where two threads save more than that:
/// from 2^17 for the `exp` kernels on the AMD host (session 3: softmax 74.9 µs on one
/// thread against 72.1 in parallel, `sum(exp(z))` 41.1 against 41.0), between 2^17 and
/// 2^18 on the Intel one (session 6). A memory-bound map gains from ≈ 2^18–2^20; it is rarely
/// declared `parallel` at such sizes. Under contention (another process holding a core)
/// the parallel variant gains nothing at any size, but since the caller works through the
/// chunks itself (see the [module docs](self)) it loses only the wake-up, not a whole
/// scheduling quantum.
pub const THRESHOLD: usize = 1 << 17;

/// Element count from which a dispatcher goes parallel while the pool's workers are awake
/// ([`pool_awake`]): two [`CHUNK`]s. Awake, two threads win from two chunks on (the same
/// bench in `docs/benchmarks-history.md`, session 3: `sum(exp(z))` over 2^15 in 6.6
/// against 10.3 µs, softmax 12.4 against 17.9; session 6: 13.1 against 16.1 and 29.5
/// against 31.3).
pub const WARM_THRESHOLD: usize = 2 * CHUNK;

const _: () = assert!(WARM_THRESHOLD < THRESHOLD && WARM_THRESHOLD >= 2 * CHUNK);

/// How long after a parallel run ends the pool's workers count as awake: 20 µs.
///
/// A rayon worker that runs out of work spins (yielding) for a while and then sleeps.
/// Measured on the development machine (2^15 elements, a parallel call after a gap of busy
/// work on the calling thread, medians of 300): up to 20 µs of gap the parallel call is as
/// fast as back to back (`sum(exp(z))` 9.7–15.2 µs against 22 on one thread); from 40 µs
/// on it starts to pay the wake-up, and from 80 µs on all of it (28–48 µs).
pub const AWAKE_WINDOW: core::time::Duration = core::time::Duration::from_micros(20);

/// When the last parallel run of two or more chunks, or the last dispatched call of
/// [`WARM_THRESHOLD`] or more elements, ended: nanoseconds since [`clock`]'s epoch;
/// `u64::MAX` before the first.
static LAST_END: AtomicU64 = AtomicU64::new(u64::MAX);

/// Nanoseconds since the first call (a monotonic clock).
fn clock() -> u64 {
    static EPOCH: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let epoch = *EPOCH.get_or_init(std::time::Instant::now);
    u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(u64::MAX - 1)
}

/// `true` if, less than [`AWAKE_WINDOW`] ago (in this process, on any thread), a parallel
/// run of two or more chunks ended or a dispatched call of [`WARM_THRESHOLD`] or more
/// elements did ([`note_call_end`]). Then either the pool's workers are most likely still
/// spinning, or calls are coming back to back, so that one wake-up serves all that follow;
/// a call of [`WARM_THRESHOLD`] or more elements gains from going parallel.
///
/// A guess: work the program gives the pool outside kernelize keeps its workers awake
/// unseen (the dispatcher then stays on one thread below [`THRESHOLD`], which costs at most
/// the parallel gain, never a wake-up).
pub fn pool_awake() -> bool {
    let last = LAST_END.load(Ordering::Relaxed);
    last != u64::MAX && clock().saturating_sub(last) < AWAKE_WINDOW.as_nanos() as u64
}

/// Tells [`pool_awake`] that a dispatched call over `len` elements has just ended (the
/// generated dispatcher calls it after every automatic call it ran on one thread; a
/// parallel run notes its own end); calls under [`WARM_THRESHOLD`] elements are not
/// counted.
#[inline]
pub fn note_call_end(len: usize) {
    if len >= WARM_THRESHOLD {
        LAST_END.store(clock(), Ordering::Relaxed);
    }
}

/// `true` if a dispatcher should take the parallel variant for an input of `len`
/// elements: from [`THRESHOLD`] on, and from [`WARM_THRESHOLD`] on while [`pool_awake`].
/// Either way the result is the same to the bit (the chunks do not depend on it).
#[inline]
pub fn goes_parallel(len: usize) -> bool {
    len >= THRESHOLD || (len >= WARM_THRESHOLD && pool_awake())
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

/// Runs `f` on every chunk's index range, in parallel, and returns the results in chunk
/// order (`result[k]` is `f(chunk_range(len, k))`); empty for `len == 0`.
///
/// The calling thread works through the chunks itself, helped by workers of its rayon
/// pool (see the [module docs](self)); a single chunk runs on the calling thread without
/// touching the pool.
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
        n => {
            let slots = Slots::new(n);
            share(n, &|k| {
                // SAFETY: `share` calls this closure at most once per `k < n`.
                unsafe { slots.put(k, f(chunk_range(len, k))) }
            });
            slots.into_vec()
        }
    }
}

/// Runs `f(start, chunk)` on every [`CHUNK`]-sized chunk of `out` in parallel, where
/// `chunk` is `&mut out[start..start + chunk.len()]`, with the same boundaries as
/// [`map_chunks`] over `out.len()` elements.
///
/// Runs like [`map_chunks`]: the calling thread and the workers it recruits; a single
/// chunk runs on the calling thread. Writing a freshly allocated output (see
/// [`crate::buffer::alloc_output`]) this way also first-touches its pages on the threads
/// that write them.
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
    match chunk_count(out.len()) {
        0 => {}
        1 => f(0, out),
        n => {
            let out = Pieces::new(out);
            share(n, &|k| {
                // SAFETY: `share` calls this closure at most once per `k < n`.
                let (start, chunk) = unsafe { out.chunk(k) };
                f(start, chunk)
            });
        }
    }
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
        n => {
            let slots = Slots::new(n);
            let out = Pieces::new(out);
            share(n, &|k| {
                // SAFETY: `share` calls this closure at most once per `k < n`, so chunk `k`
                // and slot `k` have one user.
                unsafe {
                    let (start, chunk) = out.chunk(k);
                    slots.put(k, f(start, chunk));
                }
            });
            slots.into_vec()
        }
    }
}

/// One thread's [`map_chunks`]: `f` on every chunk's index range in order, on the calling
/// thread; the one-thread variants' driver.
///
/// `#[inline(never)]` on purpose, and without target features: the generated `f` enters
/// the SIMD tier's `#[target_feature]` frame itself (as each chunk of the parallel variant
/// does), which therefore cannot be inlined here, so every pass's chunk code is a function
/// of its own. Inlined into the kernel's one big frame instead, the passes' loops compiled
/// measurably worse: softmax over 2^16 `f64` at AVX-512 took ≈ 45–57 µs in one thread this
/// way against ≈ 37 µs through the parallel variant's per-chunk frames on a pool of one
/// thread (`RAYON_NUM_THREADS=1 cargo bench --bench threshold`).
#[inline(never)]
pub fn serial_map_chunks<R>(len: usize, f: impl Fn(Range<usize>) -> R) -> Vec<R> {
    (0..chunk_count(len))
        .map(|k| f(chunk_range(len, k)))
        .collect()
}

/// One thread's [`map_chunks_mut`]: `f(start, chunk)` on every [`CHUNK`] of `out` in
/// order, on the calling thread. `#[inline(never)]` for the reason [`serial_map_chunks`]
/// gives.
#[inline(never)]
pub fn serial_map_chunks_mut<T, R>(out: &mut [T], f: impl Fn(usize, &mut [T]) -> R) -> Vec<R> {
    out.chunks_mut(CHUNK)
        .enumerate()
        .map(|(k, c)| f(k * CHUNK, c))
        .collect()
}

/// One thread's search: `f` on every chunk's index range in order until one returns
/// `Some`, which is returned. `#[inline(never)]` for the reason [`serial_map_chunks`]
/// gives.
#[inline(never)]
pub fn serial_find_chunks<R>(len: usize, f: impl Fn(Range<usize>) -> Option<R>) -> Option<R> {
    (0..chunk_count(len)).find_map(|k| f(chunk_range(len, k)))
}

/// Runs `f` on every chunk's index range: on the calling thread's pool when `par` (every
/// chunk runs), else in order on this thread until the first error. Returns the results in
/// chunk order, or the first error in chunk order, so the outcome does not depend on the
/// thread count. Only the slots are generic; the driving is [`run_each`], compiled once:
/// this is instantiated for every pass of every kernel at every tier.
pub fn try_map_chunks<R: Send>(
    par: bool,
    len: usize,
    f: impl Fn(Range<usize>) -> Result<R, crate::Error> + Sync,
) -> Result<Vec<R>, crate::Error> {
    let n = chunk_count(len);
    let slots: Slots<Result<R, crate::Error>> = Slots::new(n);
    run_each(par, n, &|k| {
        let result = f(chunk_range(len, k));
        let ok = result.is_ok();
        // SAFETY: `run_each` calls this at most once per `k`, and `slots` is read only
        // after it returned.
        unsafe { slots.put(k, result) };
        ok
    });
    slots.into_results()
}

/// `run(k)` for `k` in `0..n`: shared with the pool's workers when `par` (every `k` runs),
/// else in order on this thread until one returns `false`.
#[inline(never)]
fn run_each(par: bool, n: usize, run: &(dyn Fn(usize) -> bool + Sync)) {
    if par && n > 1 {
        share(n, &|k| {
            run(k);
        });
    } else {
        for k in 0..n {
            if !run(k) {
                break;
            }
        }
    }
}

/// One result slot per chunk, written from whichever thread ran the chunk.
struct Slots<R> {
    cells: Vec<UnsafeCell<Option<R>>>,
}

// SAFETY: each cell is written by one thread (the one that ran its chunk, see `put`) and
// read only by the caller after `share` returned, which happens after every write.
unsafe impl<R: Send> Sync for Slots<R> {}

impl<R> Slots<R> {
    fn new(n: usize) -> Self {
        let mut cells = Vec::with_capacity(n);
        for _ in 0..n {
            cells.push(UnsafeCell::new(None));
        }
        Slots { cells }
    }

    /// # Safety
    ///
    /// At most one call per `k`, and none concurrent with `into_vec`.
    unsafe fn put(&self, k: usize, r: R) {
        // SAFETY: the caller guarantees this is the only access to cell `k` now.
        unsafe { *self.cells[k].get() = Some(r) }
    }

    /// The results in chunk order. Panics if a chunk never ran, which `share` rules out
    /// (it runs every chunk or panics itself).
    fn into_vec(self) -> Vec<R> {
        let mut out = Vec::with_capacity(self.cells.len());
        for cell in self.cells {
            out.push(cell.into_inner().expect("every chunk ran"));
        }
        out
    }
}

impl<R> Slots<Result<R, crate::Error>> {
    /// The results in chunk order, or the first error in chunk order (the chunks after it
    /// may not have run).
    fn into_results(self) -> Result<Vec<R>, crate::Error> {
        let mut out = Vec::with_capacity(self.cells.len());
        for cell in self.cells {
            match cell.into_inner() {
                Some(Ok(r)) => out.push(r),
                Some(Err(e)) => return Err(e),
                None => unreachable!("a chunk runs unless an earlier one failed"),
            }
        }
        Ok(out)
    }
}

/// An output cut into [`CHUNK`]s that different threads write at once.
struct Pieces<'a, T> {
    ptr: *mut T,
    len: usize,
    _out: PhantomData<&'a mut [T]>,
}

// SAFETY: a `Pieces` is an exclusive borrow of the whole slice handed out piece by piece;
// `chunk` (whose contract is one call per index) gives disjoint `&mut` pieces, so sharing
// it is sharing `&mut [T]` pieces across threads, which needs `T: Send`.
unsafe impl<T: Send> Sync for Pieces<'_, T> {}

impl<'a, T> Pieces<'a, T> {
    fn new(out: &'a mut [T]) -> Self {
        Pieces {
            ptr: out.as_mut_ptr(),
            len: out.len(),
            _out: PhantomData,
        }
    }

    /// Chunk `k`: its first index and the piece.
    ///
    /// # Safety
    ///
    /// At most one call per `k` while the pieces live (so no two `&mut` alias).
    #[allow(clippy::mut_from_ref)]
    unsafe fn chunk(&self, k: usize) -> (usize, &'a mut [T]) {
        let r = chunk_range(self.len, k);
        // SAFETY: `r` lies inside the borrowed slice (`chunk_range` asserts `k` is a chunk
        // of `len`), and the caller promises no other piece `k` exists; pieces of
        // different `k` do not overlap.
        (r.start, unsafe {
            core::slice::from_raw_parts_mut(self.ptr.add(r.start), r.len())
        })
    }
}

/// What the threads of one [`share`] call have in common. It outlives the call (helpers
/// hold an `Arc`), but `body` is valid only until the call returns: a helper may call it
/// only while registered in `active` and only if it registered before `closed` was set.
struct Team {
    /// The pass's chunk function with its lifetime erased; see the struct's docs.
    body: *const (dyn Fn(usize) + Sync + 'static),
    /// Chunks `0..n`.
    n: usize,
    /// The next chunk to claim; every value `< n` is claimed exactly once.
    next: AtomicUsize,
    /// Caller and helpers at most: what `claim` divides the remaining work by.
    threads: usize,
    /// Helpers inside `work` (registered and not yet left).
    active: AtomicUsize,
    /// Set by the caller when it has no chunk left to claim: no helper may register after.
    closed: AtomicBool,
    /// Helpers still to recruit.
    recruits: AtomicUsize,
    /// The first panic of a chunk, resumed on the calling thread.
    panic: Mutex<Option<Box<dyn Any + Send>>>,
}

// SAFETY: the only field that is not `Send + Sync` by itself is `body`, a pointer to a
// `Sync` closure; the protocol in `Team`'s docs keeps every use of it inside the borrow it
// was made from (see `share`).
unsafe impl Send for Team {}
// SAFETY: as for `Send`.
unsafe impl Sync for Team {}

impl Team {
    /// Claims and runs chunks until none is left; a panicking chunk stops the claiming and
    /// is kept for the caller.
    ///
    /// # Safety
    ///
    /// `body` must be valid: the caller of `share`, or a helper registered before `closed`.
    unsafe fn work(&self) {
        // SAFETY: the caller's contract.
        let body = unsafe { &*self.body };
        while let Some(run) = self.claim() {
            for k in run {
                if let Err(p) = catch_unwind(AssertUnwindSafe(|| body(k))) {
                    self.next.store(self.n, Ordering::Relaxed);
                    let mut first = self.panic.lock().unwrap_or_else(|e| e.into_inner());
                    first.get_or_insert(p);
                    return;
                }
            }
        }
    }

    /// Claims the next run of consecutive chunks, `None` when all are claimed. Runs shrink
    /// as the work runs out ("guided" scheduling): a `1 / (2 · threads)` share of what is
    /// left, at least one chunk. Long runs early keep each thread streaming through
    /// neighbouring chunks (the hardware prefetchers keep going across a chunk boundary
    /// and restart at a jump); short runs late keep the threads finishing together.
    fn claim(&self) -> Option<Range<usize>> {
        let mut cur = self.next.load(Ordering::Relaxed);
        loop {
            if cur >= self.n {
                return None;
            }
            let run = ((self.n - cur) / (2 * self.threads)).max(1);
            match self.next.compare_exchange_weak(
                cur,
                cur + run,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(cur..cur + run),
                Err(now) => cur = now,
            }
        }
    }

    /// Queues one more helper on the current pool, if any is still to be recruited and
    /// there is work left for it.
    fn recruit(self: &Arc<Self>) {
        if self.next.load(Ordering::Relaxed) + 1 >= self.n {
            return;
        }
        let more = self
            .recruits
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |r| r.checked_sub(1));
        if more.is_ok() {
            let team = Arc::clone(self);
            rayon::spawn(move || team.help());
        }
    }

    /// A helper's whole life: register, recruit the next helper, work, leave.
    fn help(self: Arc<Self>) {
        self.active.fetch_add(1, Ordering::SeqCst);
        if !self.closed.load(Ordering::SeqCst) {
            self.recruit();
            // SAFETY: registered (`active`) before `closed` was set, so the caller of
            // `share` is still waiting for us and `body` is alive (see `share`).
            unsafe { self.work() };
        }
        self.active.fetch_sub(1, Ordering::Release);
    }
}

/// Runs `body(k)` once for every `k < n` (`n >= 2`), on the calling thread and on up to
/// `rayon::current_num_threads() - 1` workers of the current pool, and returns when all
/// have run; a panic in any chunk is resumed here once all threads are done.
///
/// The calling thread claims chunks itself from the start, in runs of neighbouring chunks
/// (see `Team::claim`). Helpers are queued on the pool
/// one at a time (each recruits the next when it starts), and each claims chunks from the
/// same counter when it gets to run. A helper that arrives after the last chunk was claimed
/// leaves without touching `body`, and the caller never waits for a helper that has not
/// started, so sleeping workers (slow to wake on a virtual machine) cost the caller only the
/// queueing, and a busy pool (a call from inside a rayon task) costs nothing: the caller
/// then runs every chunk itself.
fn share(n: usize, body: &(dyn Fn(usize) + Sync)) {
    let helpers = rayon::current_num_threads().saturating_sub(1).min(n - 1);
    // SAFETY: only the lifetime changes (same fat-pointer layout). The pointer is used by
    // this thread before `share` returns and by helpers registered before `closed` is set
    // below, and `share` does not return (or unwind) before every such helper has left.
    let body: *const (dyn Fn(usize) + Sync + 'static) = unsafe {
        core::mem::transmute::<*const (dyn Fn(usize) + Sync + '_), *const (dyn Fn(usize) + Sync)>(
            body,
        )
    };
    let team = Arc::new(Team {
        body,
        n,
        next: AtomicUsize::new(0),
        threads: helpers + 1,
        active: AtomicUsize::new(0),
        closed: AtomicBool::new(false),
        recruits: AtomicUsize::new(helpers),
        panic: Mutex::new(None),
    });
    team.recruit();
    // SAFETY: `body` is the caller's own closure, alive for this whole call.
    unsafe { team.work() };
    // Every chunk is claimed. Close the team and wait for the helpers inside: they are
    // running their last chunks (or about to find none). `SeqCst` on both sides: a helper
    // either sees `closed` and leaves without touching `body`, or its registration is seen
    // here and waited for.
    team.closed.store(true, Ordering::SeqCst);
    let mut spins = 0u32;
    while team.active.load(Ordering::SeqCst) != 0 {
        if spins < 1 << 12 {
            core::hint::spin_loop();
            spins += 1;
        } else {
            std::thread::yield_now();
        }
    }
    // Pairs with the helpers' `Release` when they leave: their writes are visible now.
    fence(Ordering::Acquire);
    LAST_END.store(clock(), Ordering::Relaxed);
    let panic = team.panic.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(p) = panic {
        resume_unwind(p);
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
///
/// `#[inline(always)]`: generated code calls it inside a tier's `#[target_feature]`
/// function, and `f`'s vector operations (the templates' online rescale factors) inline
/// only if this does; out of line they were calls to the intrinsics, one per instruction.
#[inline(always)]
pub fn combine_pairwise<R>(parts: Vec<R>, f: impl Fn(R, R) -> R) -> Option<R> {
    // The same tree built as a binary counter, without a vector per level (this is
    // instantiated for every pass of every kernel at every tier): `levels[l]` holds the
    // combination of the last whole `2^l` parts not yet combined further. The levels
    // still held at the end are the bits of `parts.len()`: they combine from the lowest
    // up, each the right operand of the one above, which is where the level-by-level
    // pairing puts a level's odd part out.
    let mut levels: [Option<R>; usize::BITS as usize] = [const { None }; usize::BITS as usize];
    for part in parts {
        let mut carry = part;
        let mut l = 0;
        while let Some(left) = levels[l].take() {
            carry = f(left, carry);
            l += 1;
        }
        levels[l] = Some(carry);
    }
    let mut total = None;
    for level in &mut levels {
        if let Some(left) = level.take() {
            total = Some(match total {
                None => left,
                Some(right) => f(left, right),
            });
        }
    }
    total
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

    /// `try_map_chunks` gives the results in chunk order, or the first error in chunk
    /// order whatever the thread count; on one thread it stops at that error.
    #[test]
    fn try_map_chunks_keeps_chunk_order() {
        let len = 9 * CHUNK + 5;
        let fail = |k: usize| crate::Error::EmptyReduction {
            kernel: "k",
            reduction: "max",
            operand: if k == 3 { "three" } else { "five" },
        };
        for par in [false, true] {
            let ok = try_map_chunks(par, len, |r| Ok::<_, crate::Error>(r.start));
            let starts: Vec<usize> = (0..chunk_count(len)).map(|k| k * CHUNK).collect();
            assert_eq!(ok, Ok(starts));
            let ran = std::sync::atomic::AtomicUsize::new(0);
            let err = try_map_chunks(par, len, |r| {
                ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                match r.start / CHUNK {
                    k @ (3 | 5) => Err(fail(k)),
                    _ => Ok(()),
                }
            });
            assert_eq!(err, Err(fail(3)), "par {par}");
            let ran = ran.into_inner();
            if par {
                assert_eq!(ran, chunk_count(len));
            } else {
                assert_eq!(ran, 4, "one thread stops at the first error");
            }
        }
        assert_eq!(
            try_map_chunks(true, 0, |_| Ok::<_, crate::Error>(())),
            Ok(vec![])
        );
    }

    /// The binary counter builds the tree of pairing level by level (the order the docs
    /// state), for every count up to a few hundred parts.
    #[test]
    fn combine_pairwise_is_level_by_level_pairing() {
        fn by_levels(mut parts: Vec<String>) -> Option<String> {
            while parts.len() > 1 {
                let mut next = Vec::new();
                for pair in parts.chunks(2) {
                    next.push(match pair {
                        [a, b] => format!("({a}{b})"),
                        [a] => a.clone(),
                        _ => unreachable!(),
                    });
                }
                parts = next;
            }
            parts.pop()
        }
        for n in 0..300 {
            let parts: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
            let got = combine_pairwise(parts.clone(), |a, b| format!("({a}{b})"));
            assert_eq!(got, by_levels(parts), "{n} parts");
        }
    }
}
