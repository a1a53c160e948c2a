//! The blog post "Speeding up python programs with Numba and Numpy", in Rust: softmax over
//! 10^8 random doubles, first with the plain scalar variant ("the pure version"), then with
//! the dispatched kernel, then every variant this CPU runs side by side.
//!
//! ```sh
//! cargo run --release --example softmax
//! cargo run --release --example softmax -- --size 1000000 --threads 2 --variant parallel-avx512
//! ```

use std::time::{Duration, Instant};

use kernelize::Variant;
use softmax::reference;

const HELP: &str = "\
softmax: the blog post's experiment in Rust

USAGE:
    cargo run --release --example softmax -- [OPTIONS]

OPTIONS:
    --size N        number of doubles (default 100000000; 1000000 in a debug build);
                    accepts 1e8, 2^16, 100_000_000
    --variant V     time only this variant besides the two headline runs: auto, scalar,
                    simd-<tier>, parallel-<tier> (tiers: scalar, wide, avx2, avx512)
    --threads T     run inside a rayon pool of T threads (default: rayon's choice,
                    RAYON_NUM_THREADS respected)
    --reps R        timed repetitions per variant after one warm-up (default 3)
    --seed S        seed of the input generator (default 42)
    -h, --help      print this help
";

struct Options {
    size: usize,
    variant: Option<Variant>,
    threads: Option<usize>,
    reps: usize,
    seed: u64,
}

fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.replace('_', "");
    let bad = || format!("--size: `{text}` is not a size (try 100000000, 1e8 or 2^16)");
    if let Some((base, exp)) = t.split_once('^') {
        let base: u32 = base.parse().map_err(|_| bad())?;
        let exp: u32 = exp.parse().map_err(|_| bad())?;
        return usize::try_from(u64::from(base).pow(exp)).map_err(|_| bad());
    }
    if let Ok(n) = t.parse::<usize>() {
        return Ok(n);
    }
    let f: f64 = t.parse().map_err(|_| bad())?;
    if f.is_finite() && f >= 0.0 && f.fract() == 0.0 {
        Ok(f as usize)
    } else {
        Err(bad())
    }
}

fn parse_variant(text: &str) -> Result<Variant, String> {
    let bad = || {
        format!(
            "--variant: `{text}` is not a variant (auto, scalar, simd-<tier>, parallel-<tier>; \
             tiers: scalar, wide, avx2, avx512)"
        )
    };
    let tier = |name: &str| kernelize::Tier::from_name(name).ok_or_else(bad);
    match text {
        "auto" => Ok(Variant::Auto),
        "scalar" => Ok(Variant::Scalar),
        _ => match text.split_once('-') {
            Some(("simd", t)) => Ok(Variant::Simd(tier(t)?)),
            Some(("parallel", t)) => Ok(Variant::Parallel(tier(t)?)),
            _ => Err(bad()),
        },
    }
}

fn parse_options() -> Result<Options, String> {
    let mut o = Options {
        size: if cfg!(debug_assertions) {
            1_000_000
        } else {
            100_000_000
        },
        variant: None,
        threads: None,
        reps: 3,
        seed: 42,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            "--size" => o.size = parse_size(&value("--size")?)?,
            "--variant" => o.variant = Some(parse_variant(&value("--variant")?)?),
            "--threads" => {
                let v = value("--threads")?;
                o.threads = Some(
                    v.parse()
                        .ok()
                        .filter(|&t| t > 0)
                        .ok_or_else(|| format!("--threads: `{v}` is not a positive number"))?,
                );
            }
            "--reps" => {
                let v = value("--reps")?;
                o.reps = v
                    .parse()
                    .ok()
                    .filter(|&r| r > 0)
                    .ok_or_else(|| format!("--reps: `{v}` is not a positive number"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                o.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            other => return Err(format!("unknown option `{other}` (see --help)")),
        }
    }
    if o.size == 0 {
        return Err("--size: softmax of an empty array is undefined (max of nothing)".into());
    }
    Ok(o)
}

/// One warm-up call, then the median of `reps` timed calls; returns the last result too.
fn time<R>(reps: usize, mut f: impl FnMut() -> R) -> (Duration, R) {
    let mut result = f();
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        drop(result);
        let start = Instant::now();
        result = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[times.len() / 2], result)
}

fn run(o: &Options) {
    if cfg!(debug_assertions) {
        println!(
            "note: this is a debug build, so timings mean little and the default size is 10^6; \
             use `cargo run --release --example softmax` for the real experiment"
        );
    }
    println!(
        "softmax over {} doubles uniform in [0, 10) (seed {}), {} rayon threads, tier `{}`",
        o.size,
        o.seed,
        rayon::current_num_threads(),
        kernelize::__private::dispatch::selected_tier()
    );
    let z = reference::SplitMix64::new(o.seed).uniform(o.size, 0.0, 10.0);

    let (t_pure, _) = time(o.reps, || softmax::softmax::scalar(&z));
    println!(
        "Ran pure scalar softmax calculations in {} seconds",
        seconds(t_pure)
    );
    let (t_opt, _) = time(o.reps, || softmax::softmax(&z));
    println!(
        "Ran optimized softmax calculations in {} seconds",
        seconds(t_opt)
    );

    let want = reference::softmax(&z);
    let variants: Vec<Variant> = match o.variant {
        Some(v) => vec![v],
        None => {
            let mut v = softmax::softmax::variants();
            v.push(Variant::Auto);
            v
        }
    };
    println!();
    println!("| variant | time | speed-up vs scalar | max relative error |");
    println!("| --- | ---: | ---: | ---: |");
    for v in variants {
        match softmax::softmax::with(v, &z) {
            Err(e) => println!("| {v} | skipped: {e} | | |"),
            Ok(_) => {
                let (t, got) = time(o.reps, || softmax::softmax::with(v, &z).expect("ran once"));
                println!(
                    "| {v} | {} | {:.1}x | {:.2e} |",
                    human(t),
                    t_pure.as_secs_f64() / t.as_secs_f64(),
                    reference::max_relative_error(&got, &want)
                );
            }
        }
    }
}

/// Seconds with four significant digits (the blog's unit, readable at 2^10 elements too).
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    let digits = if s > 0.0 {
        (3 - s.log10().floor() as i32).max(0) as usize
    } else {
        0
    };
    format!("{s:.digits$}")
}

/// A duration in the unit that suits it: `1.234 s`, `73.0 ms`, `38.2 µs`, `950 ns`.
fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    match s {
        s if s >= 1.0 => format!("{s:.3} s"),
        s if s >= 1e-3 => format!("{:.1} ms", s * 1e3),
        s if s >= 1e-6 => format!("{:.1} µs", s * 1e6),
        s => format!("{:.0} ns", s * 1e9),
    }
}

fn main() {
    let options = match parse_options() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };
    match options.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .expect("a rayon pool")
            .install(|| run(&options)),
        None => run(&options),
    }
}
