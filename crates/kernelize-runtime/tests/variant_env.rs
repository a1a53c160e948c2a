//! What automatic calls run: [`auto_choice`], with the `KERNELIZE_VARIANT` override and
//! [`set_variant`]. The variable is read once per process, so each case re-runs this test
//! binary as a child with it set (as `dispatch_env.rs` does for `KERNELIZE_ISA`).

mod common;

use common::Child;
use kernelize_runtime::dispatch::{
    auto_choice, best_available, forced_backend, parse_variant, selected_tier, set_variant,
};
use kernelize_runtime::parallel::THRESHOLD;
use kernelize_runtime::{Backend, Tier, Variant};

const CHILD: &str = "KERNELIZE_VARIANT_TEST_CHILD";

/// Not a test on its own: prints what the child resolved for the parent to read.
#[test]
fn child_reports_auto_choice() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let show = |(t, p): (Tier, bool)| format!("{t}/{}", if p { "parallel" } else { "one" });
    println!("small={}", show(auto_choice(true, 10)));
    println!("large={}", show(auto_choice(true, THRESHOLD)));
    println!("undeclared={}", show(auto_choice(false, THRESHOLD)));
}

/// `(small, large, undeclared, stderr)` from a child with `KERNELIZE_VARIANT=value`.
fn child(value: Option<&str>) -> (String, String, String, String) {
    let c = Child::run(
        "child_reports_auto_choice",
        CHILD,
        &[("KERNELIZE_ISA", None), ("KERNELIZE_VARIANT", value)],
    );
    (
        c.field("small="),
        c.field("large="),
        c.field("undeclared="),
        c.stderr,
    )
}

#[test]
fn without_override_the_size_decides() {
    let best = best_available();
    let (small, large, undeclared, stderr) = child(None);
    assert_eq!(small, format!("{best}/one"));
    assert_eq!(large, format!("{best}/parallel"));
    assert_eq!(undeclared, format!("{best}/one"));
    assert!(!stderr.contains("kernelize:"), "{stderr}");
}

#[test]
fn each_backend_can_be_forced() {
    let best = best_available();
    let (small, large, undeclared, _) = child(Some("scalar"));
    assert_eq!(
        (small, large, undeclared),
        (
            "scalar/one".into(),
            "scalar/one".into(),
            "scalar/one".into()
        )
    );
    let (small, large, _, _) = child(Some("simd"));
    assert_eq!(
        (small, large),
        (format!("{best}/one"), format!("{best}/one"))
    );
    let (small, large, undeclared, _) = child(Some(" Parallel "));
    assert_eq!(small, format!("{best}/parallel"));
    assert_eq!(large, format!("{best}/parallel"));
    // A kernel not declared `parallel` runs its SIMD variant.
    assert_eq!(undeclared, format!("{best}/one"));
    let (small, _, _, _) = child(Some("auto"));
    assert_eq!(small, format!("{best}/one"));
}

#[test]
fn a_tier_in_the_variant_selects_it() {
    // `wide` runs everywhere.
    let (small, large, _, stderr) = child(Some("parallel-wide"));
    assert_eq!(
        (small.as_str(), large.as_str()),
        ("wide/parallel", "wide/parallel")
    );
    assert!(!stderr.contains("kernelize:"), "{stderr}");
    let (small, _, _, _) = child(Some("simd-scalar"));
    assert_eq!(small, "scalar/one");
}

#[test]
fn an_unknown_variant_warns_and_chooses_automatically() {
    let best = best_available();
    let (small, large, _, stderr) = child(Some("turbo"));
    assert_eq!(
        (small, large),
        (format!("{best}/one"), format!("{best}/parallel"))
    );
    assert!(
        stderr.contains("KERNELIZE_VARIANT=turbo is not a variant"),
        "{stderr}"
    );
    let (small, _, _, stderr) = child(Some("simd-avx9000"));
    assert_eq!(small, format!("{best}/one"), "{stderr}");
}

#[test]
fn parse_variant_reads_every_form() {
    assert_eq!(parse_variant("auto"), Some((None, None)));
    assert_eq!(parse_variant("scalar"), Some((Some(Backend::Scalar), None)));
    assert_eq!(parse_variant("SIMD"), Some((Some(Backend::Simd), None)));
    assert_eq!(
        parse_variant("parallel-avx2"),
        Some((Some(Backend::Parallel), Some(Tier::Avx2)))
    );
    assert_eq!(
        parse_variant("simd-wide"),
        Some((Some(Backend::Simd), Some(Tier::Wide)))
    );
    for bad in [
        "",
        "fast",
        "simd-",
        "auto-avx2",
        "scalar-wide",
        "parallel-avx9000",
    ] {
        assert_eq!(parse_variant(bad), None, "{bad:?}");
    }
}

#[test]
fn set_variant_forces_and_releases() {
    // The only test in this process that changes the choice (the others run children).
    set_variant(Some(Variant::Scalar)).unwrap();
    assert_eq!(forced_backend(), Some(Backend::Scalar));
    assert_eq!(auto_choice(true, THRESHOLD), (Tier::Scalar, false));
    set_variant(Some(Variant::Parallel(Tier::Wide))).unwrap();
    assert_eq!(auto_choice(true, 1), (Tier::Wide, true));
    assert_eq!(selected_tier(), Tier::Wide);
    set_variant(None).unwrap();
    kernelize_runtime::dispatch::set_isa(None).unwrap();
    assert_eq!(forced_backend(), None);
    assert_eq!(auto_choice(true, 1), (best_available(), false));
    for t in Tier::ALL
        .into_iter()
        .filter(|&t| !kernelize_runtime::dispatch::detect(t))
    {
        assert!(set_variant(Some(Variant::Simd(t))).is_err());
    }
}
