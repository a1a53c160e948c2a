//! Accuracy of every softmax-crate kernel on every variant this CPU runs, against the
//! compensated references in `softmax::reference`.
//!
//! Bounds (issue 6): the stable softmax within 2e-15 relative for `f64` and 1e-6 for
//! `f32`. Where they come from, per element: the math library's `exp` (≤ 1 ULP,
//! documented and tested in the runtime), the final division (0.5 ULP), and the sum,
//! which the plan accumulates in many lanes over fixed blocks combined pairwise, so its
//! rounding error grows like the square root of a block's length, not the input's
//! (≈ 1e-16·√512 ≲ 3e-15 worst observed by design, ≪ 1e-13 of one sequential accumulator).
//! The reference's own error is ≤ 2 ULP (4.4e-16) and it rounds `z - max(z)` exactly as
//! the `f64` kernels do, so that rounding cancels. The `f32` reference works in `f64`, so
//! there the kernel's rounding of `z - max(z)` counts: an absolute error of up to
//! `|z - max(z)|·2⁻²⁴`, which `exp` turns into that much relative error: 6e-7 for inputs in
//! the showcase's range [0, 10), plus ≈ 2.5 u (u = 6e-8) for `exp` and the division and the
//! sum's share: below 1e-6. (Inputs spanning 20 would need 1.2e-6 on their own.)

use kernelize::Variant;
use softmax::reference::{self, SplitMix64};

const F64_BOUND: f64 = 2e-15;
const F32_BOUND: f64 = 1e-6;

fn lengths() -> Vec<usize> {
    vec![
        1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099, 65_537, 200_003,
    ]
}

fn all(variants: Vec<Variant>) -> Vec<Variant> {
    let mut v = variants;
    v.push(Variant::Auto);
    v
}

#[test]
fn softmax_f64_every_variant() {
    for n in lengths() {
        let z = SplitMix64::new(n as u64).uniform(n, 0.0, 10.0);
        let want = reference::softmax(&z);
        for v in all(softmax::softmax::variants()) {
            let got = softmax::softmax::with(v, &z).expect("listed variants run");
            let err = reference::max_relative_error(&got, &want);
            assert!(
                err <= F64_BOUND,
                "softmax {v} n={n}: relative error {err:e}"
            );
        }
    }
}

#[test]
fn softmax_f32_every_variant() {
    for n in lengths() {
        let z: Vec<f32> = SplitMix64::new(n as u64)
            .uniform(n, 0.0, 10.0)
            .into_iter()
            .map(|x| x as f32)
            .collect();
        let want = reference::softmax_f32(&z);
        for v in all(softmax::softmax_f32::variants()) {
            let got = softmax::softmax_f32::with(v, &z).expect("listed variants run");
            let err = reference::max_relative_error(&got, &want);
            assert!(
                err <= F32_BOUND,
                "softmax_f32 {v} n={n}: relative error {err:e}"
            );
        }
    }
}

#[test]
fn seed_form_matches_stable_form_where_it_does_not_overflow() {
    // For inputs in [0, 10) exp(z) cannot overflow, so the seed's form is as accurate as
    // the stable one: exp(z)/Σexp(z) and exp(z-m)/Σexp(z-m) differ only in rounding.
    let z = SplitMix64::new(3).uniform(10_001, 0.0, 10.0);
    let want = reference::softmax(&z);
    for v in all(softmax::softmax_optimized::variants()) {
        let got = softmax::softmax_optimized::with(v, &z).expect("listed variants run");
        let err = reference::max_relative_error(&got, &want);
        assert!(
            err <= F64_BOUND,
            "softmax_optimized {v}: relative error {err:e}"
        );
    }
    let esum = softmax::esum(&z);
    let want_sum = reference::compensated_sum(z.iter().map(|x| x.exp()));
    assert!(((esum - want_sum) / want_sum).abs() <= F64_BOUND);
}

#[test]
fn seed_form_overflows_and_stable_form_does_not() {
    let z = [1000.0, 1001.0, 1002.0];
    assert!(softmax::softmax_optimized(&z).iter().all(|x| x.is_nan()));
    let p = softmax::softmax(&z);
    let want = reference::softmax(&z);
    assert!(reference::max_relative_error(&p, &want) <= F64_BOUND);
}

#[test]
fn log_softmax_and_logsumexp() {
    for n in [1, 5, 1000, 65_537] {
        let z = SplitMix64::new(11).uniform(n, -50.0, 50.0);
        let want = reference::log_softmax(&z);
        let lse = reference::logsumexp(&z);
        for v in all(softmax::log_softmax::variants()) {
            let got = softmax::log_softmax::with(v, &z).expect("listed variants run");
            // z - lse: absolute error ≈ ulp(|z| + |lse|) ≤ ulp(128); relative to values
            // that may be near zero, so compare absolutely against that scale.
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g - w).abs() <= 128.0 * 4.0 * f64::EPSILON,
                    "{v} n={n}: {g} vs {w}"
                );
            }
            let got_lse = softmax::logsumexp::with(v, &z).expect("listed variants run");
            assert!((got_lse - lse).abs() <= lse.abs() * 4.0 * f64::EPSILON + 1e-15);
        }
    }
}

#[test]
fn empty_input_is_an_error_not_garbage() {
    let empty: [f64; 0] = [];
    assert!(softmax::softmax::with(Variant::Auto, &empty).is_err());
    assert_eq!(softmax::esum(&empty), 0.0);
    let message = std::panic::catch_unwind(|| softmax::softmax(&empty))
        .expect_err("softmax of nothing panics");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| message.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(
        text.contains("softmax"),
        "the message names the kernel: {text}"
    );
}

/// These inputs are far below `ONLINE_MIN_BYTES`, so they run the plans that store the
/// exps; every test runs again in a child process with every input on the online plan
/// (and, from the streaming child below, once more with streaming stores as well).
#[test]
fn every_test_again_with_the_online_plans() {
    if std::env::var_os("KERNELIZE_ONLINE_MIN_BYTES").is_some() {
        return; // the child, or a size the user forced
    }
    rerun_all_with(
        "KERNELIZE_ONLINE_MIN_BYTES",
        "every input on the online plan",
    );
}

/// These outputs are far below `STREAM_MIN_BYTES`, so they are written with plain stores;
/// every test runs again in a child process with every result written by streaming stores
/// (where the tier has them), and that child reruns itself with the online plans.
#[test]
fn every_test_again_with_streaming_stores() {
    if std::env::var_os("KERNELIZE_STREAM_MIN_BYTES").is_some()
        || std::env::var_os("KERNELIZE_ONLINE_MIN_BYTES").is_some()
    {
        return; // a child, or a size the user forced
    }
    rerun_all_with("KERNELIZE_STREAM_MIN_BYTES", "streaming stores");
}

/// Runs this test binary again in a child process with `var=0` and panics, with the
/// child's output, unless every test passed there. `what` names the setting.
fn rerun_all_with(var: &str, what: &str) {
    let out = std::process::Command::new(std::env::current_exe().expect("test binary path"))
        .env(var, "0")
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok"),
        "with {what}:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
