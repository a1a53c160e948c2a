//! Dispatch: detection, `run_at`, and the `KERNELIZE_ISA` override.
//!
//! The variable is read once per process, so each override case re-runs this test binary
//! as a child with the variable set and a filter selecting `child_reports_selected_tier`,
//! which prints the tier it resolved; the tests never share a resolved choice.

mod common;

use common::Child;
use kernelize_runtime::Tier;
use kernelize_runtime::dispatch::{
    ONLINE_MIN_BYTES, STREAM_MIN_BYTES, available_tiers, best_available, default_online_min_bytes,
    default_stream_min_bytes, detect, last_level_cache_bytes, online_min_bytes, parse_cache_size,
    run_at, selected_tier, set_isa, stream_min_bytes,
};
use kernelize_runtime::simd::{Simd, WithSimd};

/// Marks the child process; without it the child test does nothing.
const CHILD: &str = "KERNELIZE_DISPATCH_TEST_CHILD";

struct WhichTier;

impl WithSimd for WhichTier {
    type Output = Tier;
    #[inline(always)]
    fn with_simd<S: Simd>(self, _: S) -> Tier {
        S::TIER
    }
}

#[test]
fn detection_matches_the_cpu() {
    let tiers = available_tiers();
    assert!(tiers.contains(&Tier::Scalar) && tiers.contains(&Tier::Wide));
    #[cfg(target_arch = "x86_64")]
    {
        let avx2 = is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma");
        let avx512 = is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512dq")
            && is_x86_feature_detected!("avx512vl");
        assert_eq!(detect(Tier::Avx2), avx2);
        assert_eq!(detect(Tier::Avx512), avx512 && avx2);
    }
    assert_eq!(best_available(), *tiers.last().expect("scalar at least"));
}

#[test]
fn run_at_runs_exactly_the_available_tiers() {
    for t in Tier::ALL {
        let ran = run_at(t, WhichTier);
        if detect(t) {
            assert_eq!(ran, Some(t), "{t} is available and must run as itself");
        } else {
            assert_eq!(ran, None, "{t} is not available here");
        }
    }
}

#[test]
fn set_isa_refuses_what_the_cpu_lacks() {
    for t in Tier::ALL.into_iter().filter(|&t| !detect(t)) {
        let err = set_isa(Some(t)).expect_err("a missing tier");
        assert!(err.contains(t.name()), "{err}");
    }
}

/// Not a test on its own: prints what the child resolved for the parent to read.
#[test]
fn child_reports_selected_tier() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    println!("selected={}", selected_tier());
    println!(
        "ran={}",
        run_at(selected_tier(), WhichTier).expect("selected runs")
    );
}

/// Runs the child with `KERNELIZE_ISA=value`; returns (selected tier, stderr).
fn child(value: &str) -> (String, String) {
    let c = Child::run(
        "child_reports_selected_tier",
        CHILD,
        &[("KERNELIZE_ISA", Some(value)), ("KERNELIZE_VARIANT", None)],
    );
    let selected = c.field("selected=");
    assert_eq!(
        c.field("ran="),
        selected,
        "the selected tier is the one that runs"
    );
    (selected, c.stderr)
}

#[test]
fn env_override_picks_each_available_tier() {
    for t in available_tiers() {
        let (got, stderr) = child(t.name());
        assert_eq!(got, t.name());
        assert!(
            !stderr.contains("kernelize:"),
            "no warning expected: {stderr}"
        );
        // Case and surrounding space do not matter.
        let (got, _) = child(&format!(" {} ", t.name().to_uppercase()));
        assert_eq!(got, t.name());
    }
}

#[test]
fn env_override_with_an_unknown_name_warns_and_falls_back() {
    let (got, stderr) = child("avx9000");
    assert_eq!(got, best_available().name());
    assert!(
        stderr.contains("KERNELIZE_ISA=avx9000 is not a tier"),
        "expected a warning naming the value: {stderr}"
    );
}

#[test]
fn env_override_with_a_tier_this_cpu_lacks_warns_and_falls_back() {
    let missing: Vec<Tier> = Tier::ALL.into_iter().filter(|&t| !detect(t)).collect();
    for t in missing {
        let (got, stderr) = child(t.name());
        assert_eq!(got, best_available().name());
        assert!(stderr.contains("cannot run"), "{stderr}");
    }
}

#[test]
fn empty_override_means_automatic() {
    let (got, stderr) = child("");
    assert_eq!(got, best_available().name());
    assert!(!stderr.contains("kernelize:"), "{stderr}");
}

#[test]
fn cache_sizes_parse_as_sysfs_writes_them() {
    assert_eq!(parse_cache_size("48K\n"), Some(48 << 10));
    assert_eq!(parse_cache_size("266240K"), Some(266_240 << 10));
    assert_eq!(parse_cache_size("32M"), Some(32 << 20));
    assert_eq!(parse_cache_size("1G"), Some(1 << 30));
    assert_eq!(parse_cache_size("512"), Some(512));
    for bad in ["", "K", "12Q", "-3K", "99999999999999999999K"] {
        assert_eq!(parse_cache_size(bad), None, "{bad:?}");
    }
}

const SIZES_CHILD: &str = "KERNELIZE_DISPATCH_TEST_SIZES_CHILD";

/// The child: the two size thresholds as this process sees them.
#[test]
fn child_reports_size_thresholds() {
    if std::env::var_os(SIZES_CHILD).is_none() {
        return;
    }
    println!("online={}", online_min_bytes());
    println!("stream={}", stream_min_bytes());
}

/// Without the variables the thresholds are the larger of their constant and half the
/// last-level cache; with them, what they say.
#[test]
fn size_thresholds_follow_the_cache_unless_set() {
    let llc = last_level_cache_bytes();
    if let Some(bytes) = llc {
        assert!(bytes >= 1 << 10, "a last-level cache of {bytes} bytes");
    }
    let half = llc.unwrap_or(0) / 2;
    assert_eq!(default_online_min_bytes(), ONLINE_MIN_BYTES.max(half));
    assert_eq!(default_stream_min_bytes(), STREAM_MIN_BYTES.max(half));
    let unset = [
        ("KERNELIZE_ONLINE_MIN_BYTES", None),
        ("KERNELIZE_STREAM_MIN_BYTES", None),
    ];
    let c = Child::run("child_reports_size_thresholds", SIZES_CHILD, &unset);
    assert_eq!(c.field("online="), default_online_min_bytes().to_string());
    assert_eq!(c.field("stream="), default_stream_min_bytes().to_string());
    let set = [
        ("KERNELIZE_ONLINE_MIN_BYTES", Some("12345")),
        ("KERNELIZE_STREAM_MIN_BYTES", Some("0")),
    ];
    let c = Child::run("child_reports_size_thresholds", SIZES_CHILD, &set);
    assert_eq!(c.field("online="), "12345");
    assert_eq!(c.field("stream="), "0");
}
