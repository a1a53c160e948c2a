//! A differential fuzzer of the kernel language (issue 16).
//!
//! The build script generates a few hundred random well-typed kernels from the grammar
//! in `kernelize-fuzz-gen` (seeded: `KERNELIZE_FUZZ_SEED`, `KERNELIZE_FUZZ_KERNELS`,
//! `KERNELIZE_FUZZ_ENABLE`) into `$OUT_DIR/kernels.rs`, each with a wrapper that calls it
//! through a uniform [`RunFn`]. The test `differential` runs every variant of every kernel
//! on every input this crate's [`inputs`] draws and checks it with [`check`]:
//!
//! - against the reference interpreter (`kernelize_fuzz_gen::reference`, whose docs state
//!   the tolerance rules: interval arithmetic with the library's documented error bounds);
//! - `simd` against `parallel` at one tier, bit for bit, and the parallel variant under
//!   rayon pools of 1, 2, 3 and 4 threads, bit for bit;
//! - every variant against every other bit for bit when the kernel has no sum, product or
//!   mean (the math library gives the same bits at every tier; only a reduction's order
//!   differs between tiers);
//! - `into_with` against `with`, bit for bit; `Variant::Auto` against the variants;
//! - empty inputs: `Err` exactly where a reduction without identity meets them;
//! - the same checks again in a child process with the plans chosen by input size forced
//!   (the online normaliser, streaming stores), for the kernels and cases those plans
//!   change (test `forced_plans`).
//!
//! The test `malformed` mutates the generated kernels' tokens and checks the compiler
//! never panics and points its errors into the user's tokens.
//!
//! See README.md for the commands and the tolerance rules.

pub mod check;
pub mod inputs;

use kernelize::{Error, Variant};
use kernelize_fuzz_gen::float::Float;
pub use kernelize_fuzz_gen::reference::Arg;

/// What a kernel returned, in a form the harness compares.
#[derive(Clone, Debug, PartialEq)]
pub enum Out<T> {
    /// An array result.
    Array(Vec<T>),
    /// A float result.
    Float(T),
    /// An integer result (an index, a length, an integer argument), widened.
    Int(i64),
}

/// Runs one variant of one kernel on arguments in parameter order.
pub type RunFn<T> = fn(Variant, &[Arg<'_, T>]) -> Result<Out<T>, Error>;

/// `NAME::into_with` for kernels with an array result.
pub type IntoFn<T> = fn(Variant, &[Arg<'_, T>], &mut [T]) -> Result<(), Error>;

/// A kernel's entry points, by element type.
#[derive(Clone, Copy, Debug)]
pub enum Runner {
    /// An `f64` kernel.
    F64(RunFn<f64>, Option<IntoFn<f64>>),
    /// An `f32` kernel.
    F32(RunFn<f32>, Option<IntoFn<f32>>),
}

/// One generated kernel as the harness sees it.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// Its index in the corpus.
    pub index: usize,
    /// Its name.
    pub name: &'static str,
    /// Its source, as compiled.
    pub source: &'static str,
    /// How to call it.
    pub run: Runner,
    /// `NAME::variants`.
    pub variants: fn() -> Vec<Variant>,
}

/// The array in an argument (the wrappers know which arguments are arrays).
pub fn arr<'a, T>(a: &Arg<'a, T>) -> &'a [T] {
    match *a {
        Arg::Array(x) => x,
        _ => panic!("argument is not an array"),
    }
}

/// The float in an argument.
pub fn flt<T: Float>(a: &Arg<'_, T>) -> T {
    match *a {
        Arg::Float(x) => x,
        _ => panic!("argument is not a float"),
    }
}

/// The integer in an argument.
pub fn int<T>(a: &Arg<'_, T>) -> i64 {
    match *a {
        Arg::Int(x) => x,
        _ => panic!("argument is not an integer"),
    }
}

/// A mutable copy of an array argument at the same misalignment, for `&mut [T]`
/// parameters (the kernels only read them).
#[derive(Debug)]
pub struct Scratch<T> {
    buf: Vec<T>,
    offset: usize,
}

impl<T: Float> Scratch<T> {
    /// Copies `x` to an allocation at the same offset modulo 8 elements as `x` has.
    pub fn new(x: &[T]) -> Self {
        let offset = (x.as_ptr() as usize / std::mem::size_of::<T>()) % 8;
        let mut buf = vec![T::ZERO; offset + x.len()];
        buf[offset..].copy_from_slice(x);
        Scratch { buf, offset }
    }

    /// The copy.
    pub fn slice(&mut self) -> &mut [T] {
        &mut self.buf[self.offset..]
    }
}
