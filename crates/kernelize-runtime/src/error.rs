//! Run-time errors of kernels. The plain entry points panic with these messages; the
//! `NAME::with` entry point returns them.

use core::fmt;

use crate::Variant;

/// Why a kernel call could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Two arrays in one expression have different lengths.
    LengthMismatch {
        /// The kernel's name.
        kernel: &'static str,
        /// First argument (or expression) name.
        left: &'static str,
        /// Its length.
        left_len: usize,
        /// Second argument name.
        right: &'static str,
        /// Its length.
        right_len: usize,
    },
    /// The output buffer given to `NAME::into` has the wrong length.
    OutputLength {
        /// The kernel's name.
        kernel: &'static str,
        /// The length the result has.
        expected: usize,
        /// The length of the buffer given.
        actual: usize,
    },
    /// A buffer given to `NAME::into` for one array part of a tuple result has the wrong
    /// length.
    OutputPartLength {
        /// The kernel's name.
        kernel: &'static str,
        /// The buffer's parameter name (`out0`, ...).
        buffer: &'static str,
        /// The part's position in the result's tuple.
        part: usize,
        /// The length the part has.
        expected: usize,
        /// The length of the buffer given.
        actual: usize,
    },
    /// A reduction with no identity (`max`, `min`, `argmax`, `argmin`, `mean`) of an empty
    /// array, NumPy's `ValueError`.
    EmptyReduction {
        /// The kernel's name.
        kernel: &'static str,
        /// The reduction (`max`, ...).
        reduction: &'static str,
        /// The argument or expression reduced.
        operand: &'static str,
    },
    /// An index outside its array (`x[i]` with `i >= x.len()`), in a kernel's statements.
    IndexOutOfBounds {
        /// The kernel's name.
        kernel: &'static str,
        /// The array indexed, as written.
        array: &'static str,
        /// The index.
        index: usize,
        /// The array's length.
        len: usize,
    },
    /// A view `x[start..end]` outside its array (or with `start > end`).
    ViewOutOfBounds {
        /// The kernel's name.
        kernel: &'static str,
        /// The array viewed, as written.
        array: &'static str,
        /// The view's first index.
        start: usize,
        /// The view's end (exclusive).
        end: usize,
        /// The array's length.
        len: usize,
    },
    /// An integer division or remainder by zero.
    DivisionByZero {
        /// The kernel's name.
        kernel: &'static str,
        /// The expression divided, as written.
        expression: &'static str,
    },
    /// A loop's `step_by(0)`.
    ZeroStep {
        /// The kernel's name.
        kernel: &'static str,
        /// The step, as written.
        step: &'static str,
    },
    /// An error inside a kernel this kernel called.
    InCall {
        /// The calling kernel's name.
        kernel: &'static str,
        /// The called kernel's error (which names it).
        callee: Box<Error>,
    },
    /// The variant asked for cannot run on this CPU or for this kernel.
    VariantUnavailable {
        /// The kernel's name.
        kernel: &'static str,
        /// The variant asked for.
        variant: Variant,
        /// Why (e.g. "this CPU lacks avx512f").
        reason: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::LengthMismatch {
                kernel,
                left,
                left_len,
                right,
                right_len,
            } => write!(
                f,
                "{kernel}: `{left}` has {left_len} elements but `{right}` has {right_len}"
            ),
            Error::OutputLength {
                kernel,
                expected,
                actual,
            } => write!(
                f,
                "{kernel}: the output buffer has {actual} elements but the result has {expected}"
            ),
            Error::OutputPartLength {
                kernel,
                buffer,
                part,
                expected,
                actual,
            } => write!(
                f,
                "{kernel}: the output buffer `{buffer}` has {actual} elements but part {part} \
                 of the result has {expected}"
            ),
            Error::EmptyReduction {
                kernel,
                reduction,
                operand,
            } => write!(
                f,
                "{kernel}: `{reduction}` of an empty array (`{operand}` has 0 elements); \
                 `{reduction}` has no identity, as NumPy's ValueError"
            ),
            Error::IndexOutOfBounds {
                kernel,
                array,
                index,
                len,
            } => write!(
                f,
                "{kernel}: index {index} is out of bounds for `{array}`, which has {len} elements"
            ),
            Error::ViewOutOfBounds {
                kernel,
                array,
                start,
                end,
                len,
            } => write!(
                f,
                "{kernel}: the view `{array}[{start}..{end}]` is out of bounds for `{array}`, which has {len} elements"
            ),
            Error::DivisionByZero { kernel, expression } => {
                write!(f, "{kernel}: integer division by zero in `{expression}`")
            }
            Error::ZeroStep { kernel, step } => {
                write!(
                    f,
                    "{kernel}: a loop's step `{step}` is 0 (`step_by` needs a positive step)"
                )
            }
            Error::InCall { kernel, callee } => write!(f, "{kernel}, calling {callee}"),
            Error::VariantUnavailable {
                kernel,
                variant,
                reason,
            } => write!(f, "{kernel}: variant `{variant}` is unavailable: {reason}"),
        }
    }
}

impl Error {
    /// The same error, naming `kernel` as the kernel it happened in: for an expression a
    /// kernel computes through a hidden kernel of its own.
    pub fn in_kernel(self, kernel: &'static str) -> Error {
        let mut e = self;
        match &mut e {
            Error::LengthMismatch { kernel: k, .. }
            | Error::OutputLength { kernel: k, .. }
            | Error::OutputPartLength { kernel: k, .. }
            | Error::EmptyReduction { kernel: k, .. }
            | Error::IndexOutOfBounds { kernel: k, .. }
            | Error::ViewOutOfBounds { kernel: k, .. }
            | Error::DivisionByZero { kernel: k, .. }
            | Error::ZeroStep { kernel: k, .. }
            | Error::InCall { kernel: k, .. }
            | Error::VariantUnavailable { kernel: k, .. } => *k = kernel,
        }
        e
    }

    /// `callee`'s error, met while `kernel` called it: the message names both.
    pub fn in_call(kernel: &'static str, callee: Error) -> Error {
        Error::InCall {
            kernel,
            callee: Box::new(callee),
        }
    }
}

impl std::error::Error for Error {}

/// The value, or a panic with the error's message: what a kernel's panicking entry points
/// (`NAME`, `NAME::simd`, `NAME::into`, ...) make of the `Result` their `with` forms return.
#[track_caller]
#[inline]
pub fn or_panic<T>(result: Result<T, Error>) -> T {
    match result {
        Ok(value) => value,
        Err(e) => panic!("{e}"),
    }
}
