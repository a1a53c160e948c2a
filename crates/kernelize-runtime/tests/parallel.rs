//! `parallel`: results do not depend on the pool or the thread count, and the helpers are
//! safe to call from inside rayon tasks and from many threads at once.

mod common;

use common::Child;
use kernelize_runtime::parallel::{
    AWAKE_WINDOW, CHUNK, THRESHOLD, WARM_THRESHOLD, chunk_count, combine_pairwise,
    for_each_chunk_mut, goes_parallel, map_chunks, map_chunks_mut, note_call_end, pool_awake,
};
use rayon::prelude::*;

/// SplitMix64: a seeded, dependency-free generator of test data.
fn random_f64(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            // Mixed signs and magnitudes, so the summation order shows in the last bits.
            let u = (z >> 11) as f64 / (1u64 << 53) as f64;
            (u - 0.3) * 10f64.powi((z % 7) as i32 - 3)
        })
        .collect()
}

/// Lengths around chunk boundaries, where a thread-count dependence would show first.
fn lengths() -> Vec<usize> {
    let mut v = vec![0, 1, 7, CHUNK - 1, CHUNK, CHUNK + 1];
    for k in [2, 3, 5, 8] {
        v.extend([k * CHUNK - 1, k * CHUNK, k * CHUNK + 1]);
    }
    v.push(THRESHOLD + 12_345);
    v.push(37 * CHUNK + 4_321);
    v
}

/// A reduction the way a parallel kernel does it: a partial per chunk, four lanes inside
/// the chunk, combined pairwise.
fn parallel_sum(x: &[f64]) -> f64 {
    let parts = map_chunks(x.len(), |r| {
        let mut lanes = [0.0f64; 4];
        for (i, v) in x[r].iter().enumerate() {
            lanes[i % 4] += v;
        }
        (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
    });
    combine_pairwise(parts, |a, b| a + b).unwrap_or(0.0)
}

/// An elementwise pass plus a reduction over what it wrote, through the `_mut` helpers.
fn parallel_scale_and_sum(x: &[f64]) -> (Vec<f64>, f64) {
    let mut out = vec![0.0; x.len()];
    let parts = map_chunks_mut(&mut out, |start, chunk| {
        let mut s = 0.0;
        for (o, v) in chunk.iter_mut().zip(&x[start..]) {
            *o = v * 3.0 - 1.0;
            s += *o;
        }
        s
    });
    let total = combine_pairwise(parts, |a, b| a + b).unwrap_or(0.0);
    for_each_chunk_mut(&mut out, |_, chunk| {
        chunk.iter_mut().for_each(|v| *v /= 2.0)
    });
    (out, total)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

#[test]
fn bit_identical_across_thread_counts() {
    for (i, len) in lengths().into_iter().enumerate() {
        let x = random_f64(len, 42 + i as u64);
        let (ref_out, ref_sum) = pool(1).install(|| parallel_scale_and_sum(&x));
        let reference = pool(1).install(|| parallel_sum(&x));
        for threads in [2, 3, 7] {
            let p = pool(threads);
            let got = p.install(|| parallel_sum(&x));
            assert_eq!(
                got.to_bits(),
                reference.to_bits(),
                "sum of {len} elements differs on {threads} threads"
            );
            let (out, sum) = p.install(|| parallel_scale_and_sum(&x));
            assert_eq!(
                sum.to_bits(),
                ref_sum.to_bits(),
                "len {len}, {threads} threads"
            );
            assert!(
                out.iter()
                    .zip(&ref_out)
                    .all(|(a, b)| a.to_bits() == b.to_bits())
            );
        }
        // The global pool, whatever its size, agrees too.
        assert_eq!(parallel_sum(&x).to_bits(), reference.to_bits());
    }
}

#[test]
fn chunked_sum_is_accurate() {
    // The fixed order is also a good one: close to an exactly rounded sum.
    let x = random_f64(37 * CHUNK + 4_321, 7);
    let naive: f64 = x.iter().sum();
    let got = parallel_sum(&x);
    assert!((got - naive).abs() <= 1e-9 * x.iter().map(|v| v.abs()).sum::<f64>());
}

#[test]
fn partials_come_in_chunk_order() {
    let len = 5 * CHUNK + 3;
    let starts = pool(3).install(|| map_chunks(len, |r| r.start));
    assert_eq!(
        starts,
        (0..chunk_count(len)).map(|k| k * CHUNK).collect::<Vec<_>>()
    );
    let mut out = vec![0usize; len];
    let starts_mut = pool(3).install(|| map_chunks_mut(&mut out, |s, c| (s, c.len())));
    assert_eq!(starts_mut.len(), 6);
    assert_eq!(starts_mut[5], (5 * CHUNK, 3));
    for_each_chunk_mut(&mut out, |start, chunk| {
        for (i, v) in chunk.iter_mut().enumerate() {
            *v = start + i;
        }
    });
    assert!(out.iter().enumerate().all(|(i, &v)| v == i));
    assert!(map_chunks(0, |r| r.len()).is_empty());
    assert!(map_chunks_mut::<f64, ()>(&mut [], |_, _| ()).is_empty());
}

#[test]
fn threshold_matches_goes_parallel() {
    // Whatever the other tests running at once do to the pool.
    assert!(!goes_parallel(WARM_THRESHOLD - 1));
    assert!(goes_parallel(THRESHOLD));
    assert!(chunk_count(WARM_THRESHOLD) >= 2);
}

const AWAKE_CHILD: &str = "KERNELIZE_PARALLEL_TEST_AWAKE_CHILD";

/// The child, a process of its own (no other test's calls): between [`WARM_THRESHOLD`]
/// and [`THRESHOLD`] a dispatcher goes parallel only right after a parallel run or a
/// counted call.
#[test]
fn child_awake_window() {
    if std::env::var_os(AWAKE_CHILD).is_none() {
        return;
    }
    let mid = WARM_THRESHOLD;
    assert!(!pool_awake() && !goes_parallel(mid), "nothing ran yet");
    // Right after a call ends: awake. Within the window unless this thread is descheduled
    // for all of it, so give it many tries.
    let seen = (0..1000).any(|_| {
        note_call_end(mid);
        goes_parallel(mid)
    });
    assert!(seen, "a call that just ended leaves the pool awake");
    std::thread::sleep(AWAKE_WINDOW * 50);
    assert!(
        !pool_awake() && !goes_parallel(mid),
        "asleep after the window"
    );
    // Small calls do not count.
    note_call_end(WARM_THRESHOLD - 1);
    assert!(!pool_awake());
    // A parallel run counts as well.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a pool");
    let seen = (0..1000).any(|_| {
        pool.install(|| map_chunks(4 * CHUNK, |r| r.len()));
        pool_awake()
    });
    assert!(seen, "a parallel run that just ended leaves the pool awake");
    println!("awake-window=ok");
}

#[test]
fn the_dispatcher_goes_parallel_after_back_to_back_calls_only() {
    let c = Child::run("child_awake_window", AWAKE_CHILD, &[]);
    assert_eq!(c.field("awake-window="), "ok");
}

#[test]
fn a_parallel_call_runs_on_the_calling_thread_in_the_current_pool() {
    let x = random_f64(9 * CHUNK + 3, 9);
    let want = pool(1).install(|| parallel_sum(&x));
    // From outside any pool: on this thread, helped by the global pool.
    let (idx, got) = (rayon::current_thread_index(), parallel_sum(&x));
    assert_eq!(idx, None);
    assert_eq!(got.to_bits(), want.to_bits());
    // Inside an explicit pool: stays in that pool.
    let p = pool(3);
    let (threads, got) = p.install(|| (rayon::current_num_threads(), parallel_sum(&x)));
    assert_eq!(threads, 3);
    assert_eq!(got.to_bits(), want.to_bits());
    // Many callers at once.
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| assert_eq!(parallel_sum(&x).to_bits(), want.to_bits()));
        }
    });
}

/// The threads that ran the chunks of one call, each chunk slow enough (2 ms) for the
/// pool's sleeping workers to wake and join in.
fn threads_that_ran(chunks: usize) -> std::collections::HashSet<std::thread::ThreadId> {
    map_chunks(chunks * CHUNK, |_| {
        std::thread::sleep(std::time::Duration::from_millis(2));
        std::thread::current().id()
    })
    .into_iter()
    .collect()
}

#[test]
fn helpers_from_the_pool_join_the_caller() {
    let me = std::thread::current().id();
    // A pool of 3: the caller (a worker inside `install`) and up to 2 helpers.
    let (caller, ran) = pool(3).install(|| (std::thread::current().id(), threads_that_ran(40)));
    assert!(ran.contains(&caller), "the caller works too: {ran:?}");
    assert!(ran.len() >= 2, "no helper joined: {ran:?}");
    assert!(ran.len() <= 3, "more threads than the pool has: {ran:?}");
    // A pool of 1: the caller alone.
    let ran = pool(1).install(|| threads_that_ran(6));
    assert_eq!(ran.len(), 1);
    // From outside any pool: this thread works, and the global pool helps (when it has
    // more than one thread).
    let ran = threads_that_ran(40);
    assert!(ran.contains(&me));
    if rayon::current_num_threads() > 1 {
        assert!(ran.len() >= 2, "no helper joined: {ran:?}");
    }
}

#[test]
fn a_busy_pool_leaves_the_caller_to_work_alone() {
    // Both workers of a pool of 2 are taken: one blocks until the other's call returns.
    // The call must not wait for a helper that cannot start.
    let x = random_f64(6 * CHUNK + 5, 77);
    let want = pool(1).install(|| parallel_sum(&x));
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let rx = std::sync::Mutex::new(rx);
    let ((), got) = pool(2).install(|| {
        rayon::join(
            || rx.lock().unwrap().recv().unwrap(),
            || {
                let s = parallel_sum(&x);
                tx.send(()).unwrap();
                s
            },
        )
    });
    assert_eq!(got.to_bits(), want.to_bits());
}

#[test]
fn a_panicking_chunk_reaches_the_caller_and_the_pool_survives() {
    let x = random_f64(12 * CHUNK, 3);
    for threads in [1, 2, 3] {
        let p = pool(threads);
        let caught = p.install(|| {
            std::panic::catch_unwind(|| {
                map_chunks(x.len(), |r| {
                    assert!(r.start != 7 * CHUNK, "chunk 7 fails");
                    x[r].iter().sum::<f64>()
                })
            })
        });
        let message = caught.expect_err("the panic propagates");
        let text = message
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| message.downcast_ref::<&str>().map(|s| s.to_string()));
        assert_eq!(text.as_deref(), Some("chunk 7 fails"));
        let mut out = vec![0.0; x.len()];
        let caught = p.install(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                for_each_chunk_mut(&mut out, |start, _| assert!(start != CHUNK, "chunk 1"))
            }))
        });
        assert!(caught.is_err());
        // The same pool still computes the same answers.
        let want = pool(1).install(|| parallel_sum(&x));
        assert_eq!(p.install(|| parallel_sum(&x)).to_bits(), want.to_bits());
    }
}

#[test]
fn from_inside_rayon_tasks() {
    let inputs: Vec<Vec<f64>> = (0..24)
        .map(|i| random_f64(3 * CHUNK + 17 * i, 100 + i as u64))
        .collect();
    let expected: Vec<f64> = pool(1).install(|| inputs.iter().map(|x| parallel_sum(x)).collect());
    for threads in [2, 3] {
        let got: Vec<f64> = pool(threads).install(|| {
            inputs
                .par_iter()
                .map(|x| {
                    // Nested: a kernel calling a kernel from inside a task.
                    let (_, s) = parallel_scale_and_sum(x);
                    assert!(s.is_finite());
                    parallel_sum(x)
                })
                .collect()
        });
        assert_eq!(got, expected);
    }
    // Global pool, nested inside a join.
    let (a, b) = rayon::join(|| parallel_sum(&inputs[0]), || parallel_sum(&inputs[1]));
    assert_eq!((a, b), (expected[0], expected[1]));
}

#[test]
fn from_many_threads_at_once() {
    let inputs: Vec<Vec<f64>> = (0..16)
        .map(|i| random_f64(2 * CHUNK + 999 * i, 500 + i as u64))
        .collect();
    let expected: Vec<(f64, f64)> = pool(1).install(|| {
        inputs
            .iter()
            .map(|x| (parallel_sum(x), parallel_scale_and_sum(x).1))
            .collect()
    });
    let shared = pool(3);
    std::thread::scope(|s| {
        for (i, (x, want)) in inputs.iter().zip(&expected).enumerate() {
            let shared = &shared;
            s.spawn(move || {
                for round in 0..5 {
                    // Half the threads use the global pool, half share one explicit pool.
                    let got = if i % 2 == 0 {
                        (parallel_sum(x), parallel_scale_and_sum(x).1)
                    } else {
                        shared.install(|| (parallel_sum(x), parallel_scale_and_sum(x).1))
                    };
                    assert_eq!(got, *want, "thread {i}, round {round}");
                }
            });
        }
    });
}

#[test]
fn many_short_calls_with_late_helpers() {
    // Thousands of calls of two to three chunks each: most helpers arrive after the caller
    // has claimed every chunk and must leave without touching the finished call's closure
    // or output (which by then belong to the next call). Every result is checked.
    let x = random_f64(2 * CHUNK + 1, 11);
    let want = pool(1).install(|| parallel_sum(&x));
    let mut out = vec![0.0; x.len()];
    for threads in [2, 3, 4] {
        let p = pool(threads);
        p.install(|| {
            for round in 0..400 {
                assert_eq!(parallel_sum(&x).to_bits(), want.to_bits(), "round {round}");
                let scale = round as f64;
                for_each_chunk_mut(&mut out, |start, c| {
                    for (o, v) in c.iter_mut().zip(&x[start..]) {
                        *o = v * scale;
                    }
                });
                assert!(
                    out.iter().zip(&x).all(|(o, v)| *o == v * scale),
                    "round {round}"
                );
            }
        });
    }
    // And from outside any pool.
    for round in 0..400 {
        assert_eq!(parallel_sum(&x).to_bits(), want.to_bits(), "round {round}");
    }
}
