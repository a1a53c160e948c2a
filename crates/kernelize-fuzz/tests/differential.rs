//! The differential fuzzer: every generated kernel, in every variant this CPU runs,
//! against the reference interpreter and against each other (see the crate docs and
//! README.md). Four tests share the corpus so the test harness runs them side by side.

use std::sync::OnceLock;

use kernelize_fuzz::check::{Context, Tally, check_entry};
use kernelize_fuzz_gen::{Config, Switches, generate, print};

#[allow(unused_imports)]
mod generated {
    use kernelize::{Error, Variant, kernel};
    use kernelize_fuzz::{Arg, Entry, Out, Runner, Scratch, arr, flt, int};

    include!(concat!(env!("OUT_DIR"), "/config.rs"));
    include!(concat!(env!("OUT_DIR"), "/kernels.rs"));
}

use generated::{ENABLE, ENTRIES, KERNELS, SEED};

/// Tests sharing the corpus.
const SHARDS: usize = 4;

fn corpus() -> &'static kernelize_fuzz_gen::ast::Corpus {
    static CORPUS: OnceLock<kernelize_fuzz_gen::ast::Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let switches = Switches::ci_plus(ENABLE).expect("the build script checked them");
        generate(&Config {
            seed: SEED,
            kernels: KERNELS,
            switches,
        })
    })
}

/// The stack every thread running kernels gets: the kernels are compiled without
/// optimisation (to keep the build short), and some then need more than the 2 MiB a
/// spawned thread has by default (see README.md, "bugs found").
const STACK: usize = 64 << 20;

/// Pools of 1, 2, 3 and 4 threads; also sets up rayon's global pool (the one the
/// parallel variants use outside any pool) with [`STACK`].
fn pools() -> &'static [rayon::ThreadPool] {
    static POOLS: OnceLock<Vec<rayon::ThreadPool>> = OnceLock::new();
    POOLS.get_or_init(|| {
        // Fails only if the global pool exists already, which nothing here builds.
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(STACK)
            .build_global();
        (1..=4)
            .map(|n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .stack_size(STACK)
                    .build()
                    .expect("a rayon pool")
            })
            .collect()
    })
}

/// Runs [`check_shard`] on a thread with [`STACK`].
fn shard(index: usize) {
    std::thread::Builder::new()
        .name(format!("differential_{index}"))
        .stack_size(STACK)
        .spawn(move || check_shard(index))
        .expect("spawn")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

/// Checks the kernels of one shard (all of them named in `KERNELIZE_FUZZ_ONLY`, when set).
fn check_shard(index: usize) {
    let corpus = corpus();
    let only = std::env::var("KERNELIZE_FUZZ_ONLY").ok();
    let forced_plans = std::env::var_os(FORCED).is_some();
    let mut rerun = format!(
        "KERNELIZE_FUZZ_SEED={SEED} KERNELIZE_FUZZ_KERNELS={KERNELS} KERNELIZE_FUZZ_ONLY={{name}} \
         cargo test -p kernelize-fuzz --test differential"
    );
    if !ENABLE.is_empty() {
        rerun = format!("KERNELIZE_FUZZ_ENABLE={ENABLE} {rerun}");
    }
    if forced_plans {
        rerun =
            format!("{FORCED}=1 KERNELIZE_ONLINE_MIN_BYTES=0 KERNELIZE_STREAM_MIN_BYTES=0 {rerun}");
    }
    let cx = Context {
        corpus,
        pools: pools(),
        rerun,
        forced_plans,
    };
    let mut failures = Vec::new();
    let mut tally = Tally::default();
    let mut kernels = 0;
    for e in ENTRIES.iter().filter(|e| e.index % SHARDS == index) {
        if let Some(only) = &only
            && !only.split(',').any(|n| n.trim() == e.name)
        {
            continue;
        }
        assert_eq!(
            e.source,
            print::kernel_source(corpus, e.index),
            "the build script and the test generated different corpora"
        );
        if forced_plans
            && !kernelize_fuzz_gen::reference::has_online_sum(corpus, e.index)
            && corpus.kernels[e.index].ret != kernelize_fuzz_gen::ast::RetTy::Array
        {
            continue;
        }
        kernels += 1;
        if std::env::var_os("KERNELIZE_FUZZ_VERBOSE").is_some() {
            eprintln!("checking `{}`", e.name);
        }
        match check_entry(&cx, e) {
            Ok(t) => tally += t,
            Err(report) => failures.push(report),
        }
    }
    eprintln!(
        "shard {index}: {kernels} kernels, {} runs ({} elements) against the reference, {} bitwise \
         comparisons; {:.1} s in the reference, {:.1} s in the kernels",
        tally.runs,
        tally.elements,
        tally.bitwise,
        tally.reference.as_secs_f64(),
        tally.kernels.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {kernels} kernels failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn differential_0() {
    shard(0);
}

#[test]
fn differential_1() {
    shard(1);
}

#[test]
fn differential_2() {
    shard(2);
}

#[test]
fn differential_3() {
    shard(3);
}

/// Set in the child process [`forced_plans`] runs.
const FORCED: &str = "KERNELIZE_FUZZ_FORCED_PLANS";

/// The shards again in a child process with the plans chosen by input size forced on
/// (settings read once per process): every `sum(exp(A - max(A)))` computed online and
/// every result written with streaming stores, as `tests/conformance` does for its own
/// kernels. Only the kernels and cases those plans change run there.
#[test]
fn forced_plans() {
    if std::env::var_os(FORCED).is_some() {
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .env("KERNELIZE_ONLINE_MIN_BYTES", "0")
        .env("KERNELIZE_STREAM_MIN_BYTES", "0")
        .env(FORCED, "1")
        .args(["differential_", "--test-threads", "2"])
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok"),
        "with the size-chosen plans forced:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The runtime's chunk is the one the reference's sum bound assumes.
#[test]
fn chunk_matches_the_runtime() {
    assert_eq!(
        kernelize_fuzz_gen::reference::CHUNK,
        kernelize::__private::parallel::CHUNK
    );
}
