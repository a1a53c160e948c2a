//! The measurement behind `buffer::alloc_output`: what first-touching a fresh 800 MB output
//! costs with 4 KiB pages and with transparent huge pages, on one thread and on all.
//! Prints a table; asserts nothing.
//!
//! `cargo test --release -p kernelize-runtime --test buffer_faults -- --ignored --nocapture`

use std::hint::black_box;
use std::time::{Duration, Instant};

use kernelize_runtime::buffer::alloc_output;
use kernelize_runtime::parallel::for_each_chunk_mut;

const LEN: usize = 100_000_000;

fn fill(chunk: &mut [f64]) {
    chunk.iter_mut().for_each(|v| *v = 1.0);
}

/// Median of 5 runs of: allocate, write every element (the first touch), free.
fn first_touch(alloc: impl Fn() -> Vec<f64>, threads: bool) -> (Duration, Duration) {
    let mut fresh = Vec::new();
    let mut again = Vec::new();
    for _ in 0..5 {
        let mut y = alloc();
        let t = Instant::now();
        if threads {
            for_each_chunk_mut(&mut y, |_, c| fill(c));
        } else {
            fill(&mut y);
        }
        fresh.push(t.elapsed());
        // The same write again, pages now present: the cost of the write alone.
        let t = Instant::now();
        if threads {
            for_each_chunk_mut(&mut y, |_, c| fill(c));
        } else {
            fill(&mut y);
        }
        again.push(t.elapsed());
        black_box(&y);
    }
    fresh.sort();
    again.sort();
    (fresh[2], again[2])
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn fault_cost_table() {
    let thp = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
        .unwrap_or_else(|_| "unknown".into());
    println!("THP: {}", thp.trim());
    println!("rayon threads: {}", rayon::current_num_threads());
    println!("| 800 MB output | threads | first write | second write |");
    println!("| --- | ---: | ---: | ---: |");
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
    for threads in [false, true] {
        let n = if threads {
            rayon::current_num_threads()
        } else {
            1
        };
        let (f, a) = first_touch(|| vec![0.0f64; LEN], threads);
        println!(
            "| `vec![0.0; n]` (4 KiB pages) | {n} | {} | {} |",
            ms(f),
            ms(a)
        );
        let (f, a) = first_touch(|| alloc_output::<f64>(LEN), threads);
        println!(
            "| `alloc_output` (huge pages) | {n} | {} | {} |",
            ms(f),
            ms(a)
        );
    }
}
