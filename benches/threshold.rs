//! Where going parallel pays: one thread (`simd` at the selected tier) against the
//! `parallel` variant at the same tier, for three kernels of different weight, at sizes
//! around `parallel::THRESHOLD`, each in two conditions:
//!
//! - **warm**: calls back to back, so the pool's workers are still spinning from the last
//!   call when the next one starts (a loop of calls);
//! - **cold**: 1 ms of busy work on the calling thread between calls, so the workers have
//!   gone to sleep and must be woken (a call now and then, the usual case in a program).
//!
//! Prints medians as a markdown table, with the dispatcher (`Variant::Auto`) beside the
//! two, and per kernel the smallest size from which the parallel variant is no slower
//! than one thread, warm and cold: the evidence behind
//! `kernelize_runtime::parallel::WARM_THRESHOLD` and `THRESHOLD`.
//!
//! `cargo bench --bench threshold` (`RAYON_NUM_THREADS` sets the pool; the machine should
//! be otherwise idle: another process on a core makes the parallel variant look worse).

use std::hint::black_box;
use std::time::{Duration, Instant};

use kernelize::{Variant, kernel};
use kernelize_runtime::dispatch::selected_tier;
use kernelize_runtime::parallel::{CHUNK, THRESHOLD, WARM_THRESHOLD};
use softmax::reference::SplitMix64;

/// The lightest kernel worth a thread: one multiply-add per element, memory-bound.
#[kernel(signature = "f8[:](f8[:])", parallel)]
fn affine(x: &[f64]) -> Vec<f64> {
    x * 2.0 + 1.0
}

/// Median of `runs` timed calls, each after `gap` of busy work on this thread.
fn median(runs: usize, gap: Duration, mut f: impl FnMut()) -> Duration {
    let mut t = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        while start.elapsed() < gap {
            std::hint::spin_loop();
        }
        let start = Instant::now();
        f();
        t.push(start.elapsed());
    }
    t.sort();
    t[runs / 2]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

type Run<'a> = Box<dyn FnMut(Variant, &[f64], &mut [f64]) + 'a>;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let tier = selected_tier();
    let (one, par) = (Variant::Simd(tier), Variant::Parallel(tier));
    let threads = rayon::current_num_threads();
    let sizes = [
        CHUNK,
        CHUNK + CHUNK / 2,
        2 * CHUNK,
        3 * CHUNK,
        4 * CHUNK,
        8 * CHUNK,
        16 * CHUNK,
        64 * CHUNK,
    ];
    let mut kernels: Vec<(&str, Run<'_>)> = vec![
        (
            "affine `x * 2 + 1`",
            Box::new(|v, z, out| affine::into_with(v, black_box(z), out).expect("runs")),
        ),
        (
            "esum `sum(exp(z))`",
            Box::new(|v, z, _| {
                black_box(softmax::esum::with(v, black_box(z)).expect("runs"));
            }),
        ),
        (
            "softmax",
            Box::new(|v, z, out| softmax::softmax::into_with(v, black_box(z), out).expect("runs")),
        ),
    ];
    println!(
        "one thread (`{one}`) against `{par}` on {threads} threads, and the dispatcher \
         (`auto`); THRESHOLD = {THRESHOLD}, WARM_THRESHOLD = {WARM_THRESHOLD} elements; \
         cold = 1 ms of work between calls"
    );
    println!();
    println!(
        "| kernel | elements | warm: 1 thread | warm: parallel | warm: auto | cold: 1 thread | cold: parallel | cold: auto |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut pays = Vec::new();
    for (name, run) in &mut kernels {
        let (mut warm_from, mut cold_from) = (None, None);
        for &n in &sizes {
            let z = SplitMix64::new(7).uniform(n, 0.0, 10.0);
            let mut out = vec![0.0; n];
            let runs = if quick {
                51
            } else {
                (401 * CHUNK / n).clamp(31, 401)
            };
            let mut cell = |v: Variant, gap: Duration| median(runs, gap, || run(v, &z, &mut out));
            let cold = Duration::from_millis(1);
            let w = [one, par, Variant::Auto].map(|v| cell(v, Duration::ZERO));
            let c = [one, par, Variant::Auto].map(|v| cell(v, cold));
            println!(
                "| {name} | {n} | {} | {} | {} | {} | {} | {} |",
                us(w[0]),
                us(w[1]),
                us(w[2]),
                us(c[0]),
                us(c[1]),
                us(c[2])
            );
            for (from, t) in [(&mut warm_from, &w), (&mut cold_from, &c)] {
                if t[1] <= t[0] {
                    from.get_or_insert(n);
                } else {
                    *from = None;
                }
            }
        }
        pays.push((name.to_string(), warm_from, cold_from));
    }
    println!();
    let show = |from: Option<usize>| match from {
        Some(n) => format!("from {n} elements on"),
        None => "slower at the largest size measured".to_string(),
    };
    for (name, warm, cold) in pays {
        println!(
            "{name}: parallel no slower warm {}, cold {}",
            show(warm),
            show(cold)
        );
    }
}
