//! The differential fuzzer's generator and reference interpreter, kept free of
//! dependencies so the fuzzer's build script can run the generator, and compiled with
//! the test profile's optimisation (the fuzzer's own crate, which holds hundreds of
//! generated kernels, is compiled without, to keep its build short).
//!
//! - [`grammar`]: random well-typed kernels from a grammar of typed productions.
//! - [`ast`]: the kernels as trees; [`print`] writes them as Rust source.
//! - [`reference`]: what each kernel may return, by interval arithmetic with the
//!   library's documented error bounds (the tolerance rules are in its docs).
//! - [`range`]: coarse static ranges the grammar uses to place guards.
//!
//! See `crates/kernelize-fuzz/README.md` for what is checked and how to run it.

pub mod ast;
pub mod float;
pub mod grammar;
pub mod print;
pub mod range;
pub mod reference;
pub mod rng;

pub use grammar::{Config, Switches, generate};
