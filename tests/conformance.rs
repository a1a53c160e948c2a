//! Conformance: every construct of the kernel language, checked against plain-Rust
//! references on random inputs of many lengths (subslices at odd offsets included) and on
//! special values, in EVERY variant this machine runs (`NAME::variants()`, so a new tier
//! or backend is covered with no change here).
//!
//! Tolerances are derived, not tuned (see `harness` for the rules and each kernel's
//! comment for its budget): pure arithmetic in the reference's order is bit-exact; each
//! math-library call is ≤ 2 ULP (its documented bound) against the reference's libm (≤ 1
//! ULP), and sums carry the worst-case bound of the kernel's fixed blocked order.

mod conformance {
    pub mod harness;
    mod kernels;
}
