//! The reference interpreter on its own: it evaluates every generated kernel on every
//! length without panicking, and its rules hold on hand-checked cases.

use kernelize_fuzz_gen::ast::{IntTy, ParamTy};
use kernelize_fuzz_gen::reference::{Arg, evaluate};
use kernelize_fuzz_gen::rng::Rng;
use kernelize_fuzz_gen::{Config, Switches, generate, print};

#[test]
fn evaluates_every_generated_kernel() {
    let corpus = generate(&Config {
        seed: 7,
        kernels: 300,
        switches: Switches::ALL,
    });
    let mut rng = Rng::new(1, 2);
    for (i, k) in corpus.kernels.iter().enumerate() {
        for n in [0usize, 1, 5, 70] {
            let arrays: Vec<Vec<f64>> = k
                .params
                .iter()
                .map(|_| (0..n).map(|_| rng.uniform(-3.0, 3.0)).collect())
                .collect();
            let args: Vec<Arg<'_, f64>> = k
                .params
                .iter()
                .zip(&arrays)
                .map(|(p, a)| match p.ty {
                    ParamTy::Array { .. } => Arg::Array(a),
                    ParamTy::Float => Arg::Float(0.5),
                    ParamTy::Int(IntTy::Usize) => Arg::Int(3),
                    ParamTy::Int(_) => Arg::Int(-2),
                })
                .collect();
            let r = std::panic::catch_unwind(|| evaluate(&corpus, i, &args));
            assert!(
                r.is_ok(),
                "length {n}:\n{}",
                print::kernel_source(&corpus, i)
            );
        }
    }
}
