//! Compile-fail UI tests: one file per diagnostic under `tests/ui/<category>/`, with the
//! compiler's expected output beside it in a `.stderr` file (regenerate with
//! `TRYBUILD=overwrite cargo test --test ui`, then review the diff). Programs under
//! `tests/pass/` must compile and run (their `main` asserts).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
    t.pass("tests/pass/*.rs");
}
