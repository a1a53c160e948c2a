//! What a kernel's generated code needs to call another kernel it cannot see.
//!
//! A proc macro sees only its own item, so a caller does not know whether an unannotated
//! call `f(x)` with an array argument reaches a ufunc-style kernel (elementwise), a
//! kernel returning an array, or a kernel returning one value. The callee exports consts
//! saying which (`f::__SCALAR_RESULT`, `f::__TAKES_ARRAYS`); the caller compiles its body
//! under each assumption that lowers, and the consts pick one at compile time.

/// Converts a called kernel's scalar result to the caller's float element type, as
/// NumPy promotes a scalar in float arithmetic (`as` conversion: integers round to the
/// nearest float, `f64` to `f32` rounds to nearest).
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

#[cfg(test)]
mod tests {
    use super::IntoElem;

    #[test]
    fn converts_like_as() {
        assert_eq!(IntoElem::<f64>::into_elem(3i64), 3.0);
        assert_eq!(IntoElem::<f32>::into_elem(0.1f64), 0.1f32);
        assert_eq!(IntoElem::<f64>::into_elem(0.5f32), 0.5);
        assert_eq!(
            IntoElem::<f32>::into_elem(u64::MAX),
            18_446_744_073_709_551_616.0f32
        );
    }
}
