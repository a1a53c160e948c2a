//! Long and deep expressions compile and run in every variant (issue 16): a sum of 120
//! terms and 40 nested calls. (The macro itself is tested on thousands of levels, on
//! a small stack, in `kernelize-codegen`'s `deep_expressions_do_not_overflow`; rustc's
//! time on code that large keeps this file moderate.)
use kernelize::kernel;

#[kernel]
pub fn long_sum(x: &[f64]) -> Vec<f64> {
    x + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
        + x
}

#[kernel]
pub fn deep_calls(x: &[f64]) -> Vec<f64> {
    exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(
        exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(
            exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(exp(
                exp(x),
            ))))))))))))),
        ))))))))))))),
    )))))))))))))
}

fn main() {
    // Unoptimised, every inlined `exp` keeps its temporaries on the stack: 40 nested need
    // more than the main thread's 8 MiB (optimised builds need a few KiB).
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(check)
        .unwrap()
        .join()
        .unwrap();
}

fn check() {
    for v in long_sum::variants() {
        assert_eq!(long_sum::with(v, &[1.0, 0.5]).unwrap(), vec![120.0, 60.0]);
    }
    // exp(-1000) = 0, exp(0) = 1, e, 15.15, 3.8e6, then +inf.
    for v in deep_calls::variants() {
        assert_eq!(
            deep_calls::with(v, &[-1000.0]).unwrap(),
            vec![f64::INFINITY]
        );
    }
}
