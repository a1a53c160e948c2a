//! Prints the kernels a seed generates: `cargo run -p kernelize-fuzz-gen --example show --
//! SEED COUNT [SWITCHES]` (switches as `KERNELIZE_FUZZ_ENABLE` spells them).

use kernelize_fuzz_gen::{Config, Switches, generate, print};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed = args.first().map_or(16, |s| s.parse().expect("a seed"));
    let kernels = args.get(1).map_or(20, |s| s.parse().expect("a count"));
    let switches = Switches::ci_plus(args.get(2).map_or("", String::as_str)).expect("switches");
    let corpus = generate(&Config {
        seed,
        kernels,
        switches,
    });
    for i in 0..corpus.kernels.len() {
        println!("{}", print::kernel_source(&corpus, i));
    }
}
