//! Where going parallel pays: one thread (`simd` at the selected tier) against the
//! `parallel` variant at the same tier, for three kernels of different weight, at sizes
//! around `parallel::THRESHOLD`, each in two conditions:
//!
//! - **warm**: calls back to back, so the pool's workers are still spinning from the last
//!   call when the next one starts (a loop of calls);
//! - **cold**: 1 ms of busy work on the calling thread between calls, so the workers have
//!   gone to sleep and must be woken (a call now and then, the usual case in a program).
//!
//! Prints medians as a markdown table and, per kernel, the smallest size from which the
//! parallel variant is no slower than one thread in both conditions: the evidence behind
//! `kernelize_runtime::parallel::THRESHOLD`.
//!
//! `cargo bench --bench threshold` (`RAYON_NUM_THREADS` sets the pool; the machine should
//! be otherwise idle: another process on a core makes the parallel variant look worse).

use std::hint::black_box;
use std::time::{Duration, Instant};

use kernelize::{Variant, kernel};
use kernelize_runtime::dispatch::selected_tier;
use kernelize_runtime::parallel::{CHUNK, THRESHOLD};
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
        "one thread (`{one}`) against `{par}` on {threads} threads; THRESHOLD = {THRESHOLD} \
         elements; cold = 1 ms of work between calls"
    );
    println!();
    println!(
        "| kernel | elements | warm: 1 thread | warm: parallel | cold: 1 thread | cold: parallel |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut pays = Vec::new();
    for (name, run) in &mut kernels {
        let mut from = None;
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
            let (w1, wp) = (cell(one, Duration::ZERO), cell(par, Duration::ZERO));
            let (c1, cp) = (cell(one, cold), cell(par, cold));
            println!(
                "| {name} | {n} | {} | {} | {} | {} |",
                us(w1),
                us(wp),
                us(c1),
                us(cp)
            );
            if wp <= w1 && cp <= c1 {
                from.get_or_insert(n);
            } else {
                from = None;
            }
        }
        pays.push((name.to_string(), from));
    }
    println!();
    for (name, from) in pays {
        match from {
            Some(n) => println!("{name}: parallel no slower from {n} elements on"),
            None => println!("{name}: parallel slower at the largest size measured"),
        }
    }
}
