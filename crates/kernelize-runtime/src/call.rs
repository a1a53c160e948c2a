//! What a kernel's generated code needs to call functions and other kernels.
//!
//! A kernel knows the signature of each kernel it calls with arrays (the callee answers
//! a question at compile time: `kernelize_codegen::callee`), so what is left here are the
//! conversions between a call's values and the caller's types, written as traits so that
//! the type checker picks the types and a mismatch gets a message in the user's words.

/// Converts a called function's scalar result to the caller's float element type, as
/// NumPy promotes a scalar in float arithmetic (`as` conversion: integers round to the
/// nearest float, `f64` to `f32` rounds to nearest).
#[diagnostic::on_unimplemented(
    message = "a function called with scalar arguments in a kernel must return a number, not `{Self}`",
    label = "this call's value is used as a scalar of the kernel's element type",
    note = "a function returning an array needs a typed `let`: `let m: Vec<f64> = make(n);`"
)]
pub trait IntoElem<T> {
    /// The value as an element of type `T`.
    fn into_elem(self) -> T;
}

macro_rules! into_elem {
    ($($from:ty),*) => {$(
        impl IntoElem<f64> for $from {
            #[inline(always)]
            fn into_elem(self) -> f64 {
                self as f64
            }
        }
        impl IntoElem<f32> for $from {
            #[inline(always)]
            fn into_elem(self) -> f32 {
                self as f32
            }
        }
    )*};
}

into_elem!(f64, f32, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

/// Converts a caller's scalar to the type of the called kernel's parameter, with Rust's
/// `as` (the type checker infers the target from the callee's signature).
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be passed where the called kernel takes a `{T}`",
    label = "this argument"
)]
pub trait Convert<T> {
    /// The value as a `T`.
    fn convert(self) -> T;
}

macro_rules! convert_to {
    ($to:ty: $($from:ty),*) => {$(
        impl Convert<$to> for $from {
            #[inline(always)]
            fn convert(self) -> $to {
                self as $to
            }
        }
    )*};
}

macro_rules! convert_numbers {
    ($($to:ty),*) => {$(
        convert_to!($to: f64, f32, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
    )*};
}

convert_numbers!(f64, f32, i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

impl Convert<bool> for bool {
    #[inline(always)]
    fn convert(self) -> bool {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{Convert, IntoElem};

    #[test]
    fn converts_like_as() {
        assert_eq!(IntoElem::<f64>::into_elem(3i64), 3.0);
        assert_eq!(IntoElem::<f32>::into_elem(0.1f64), 0.1f32);
        assert_eq!(IntoElem::<f64>::into_elem(0.5f32), 0.5);
        assert_eq!(
            IntoElem::<f32>::into_elem(u64::MAX),
            18_446_744_073_709_551_616.0f32
        );
        let n: i32 = Convert::convert(2.75f64);
        assert_eq!(n, 2);
        let x: f64 = Convert::convert(7usize);
        assert_eq!(x, 7.0);
        let b: bool = Convert::convert(true);
        assert!(b);
    }
}
