//! What a kernel's statements call when they run in order (loops, `if`, indexing):
//! indexing that returns the kernel's [`Error`] instead of panicking, the math library on
//! one value (the same bits every tier's lanes give), and the language's scalar rules
//! where Rust's operators differ (Python's two-argument `max`/`min`, integer division by
//! zero as an error).
//!
//! Every function here is `#[inline(always)]` and its error path `#[cold]`, so a checked
//! read in a loop compiles to a compare and a branch, as Rust's own indexing does.

use core::marker::PhantomData;
use core::ops::Range;

use crate::Error;
use crate::math;
use crate::parallel;
use crate::simd::{One, Vector};

/// `x[i]`, or the kernel's error naming the array and the index.
#[inline(always)]
pub fn load<T: Copy>(
    kernel: &'static str,
    array: &'static str,
    x: &[T],
    i: usize,
) -> Result<T, Error> {
    match x.get(i) {
        Some(v) => Ok(*v),
        None => Err(out_of_bounds(kernel, array, i, x.len())),
    }
}

/// `&mut x[i]` (a store's place), or the kernel's error naming the array and the index.
#[inline(always)]
pub fn slot<'a, T>(
    kernel: &'static str,
    array: &'static str,
    x: &'a mut [T],
    i: usize,
) -> Result<&'a mut T, Error> {
    let len = x.len();
    match x.get_mut(i) {
        Some(v) => Ok(v),
        None => Err(out_of_bounds(kernel, array, i, len)),
    }
}

/// The view `x[start..end]` (`end` the length when `None`), or the kernel's error naming
/// the array and the bounds.
#[inline(always)]
pub fn view<'a, T>(
    kernel: &'static str,
    array: &'static str,
    x: &'a [T],
    start: usize,
    end: Option<usize>,
) -> Result<&'a [T], Error> {
    let end = end.unwrap_or(x.len());
    match x.get(start..end) {
        Some(v) => Ok(v),
        None => Err(Error::ViewOutOfBounds {
            kernel,
            array,
            start,
            end,
            len: x.len(),
        }),
    }
}

/// `x[start..end] = from` (`end` the length when `None`): the view must be inside `x`
/// and as long as `from`, else the kernel's error.
pub fn copy_into<T: Copy>(
    kernel: &'static str,
    array: &'static str,
    x: &mut [T],
    start: usize,
    end: Option<usize>,
    from: &[T],
) -> Result<(), Error> {
    let len = x.len();
    let end = end.unwrap_or(len);
    let Some(dst) = x.get_mut(start..end) else {
        return Err(Error::ViewOutOfBounds {
            kernel,
            array,
            start,
            end,
            len,
        });
    };
    if dst.len() != from.len() {
        return Err(Error::LengthMismatch {
            kernel,
            left: array,
            left_len: dst.len(),
            right: "the value assigned",
            right_len: from.len(),
        });
    }
    dst.copy_from_slice(from);
    Ok(())
}

#[cold]
#[inline(never)]
fn out_of_bounds(kernel: &'static str, array: &'static str, index: usize, len: usize) -> Error {
    Error::IndexOutOfBounds {
        kernel,
        array,
        index,
        len,
    }
}

/// The iterations of a `prange` whose chunks run as one batch: a multiple of
/// `parallel::CHUNK`, so batches end where chunks end; it bounds the private copies an
/// array reduction keeps alive at once (one per chunk of a batch).
pub const PRANGE_BATCH: usize = 64 * parallel::CHUNK;

/// Runs a `prange`'s chunks (`parallel::chunk_range` over `count` iterations): on the
/// caller's rayon pool when `par`, else in order on this thread, stopping at the first
/// error. Either way the results come back in chunk order and the error is the first in
/// chunk order, so the outcome does not depend on the thread count.
pub fn run_chunks<R: Send>(
    par: bool,
    count: usize,
    f: impl Fn(Range<usize>) -> Result<R, Error> + Sync,
) -> Result<Vec<R>, Error> {
    parallel::try_map_chunks(par, count, f)
}

/// An array a `prange` body writes, shared by the threads that run its chunks.
///
/// The macro builds one only for an array every iteration writes and reads at its own
/// loop index alone (its race check refuses any other access), and a `prange`'s indices
/// are distinct, so no element is touched by two threads; indices are still checked
/// against the length.
#[derive(Debug)]
pub struct Shared<'a, T> {
    ptr: *mut T,
    len: usize,
    _borrow: PhantomData<&'a mut [T]>,
}

// SAFETY: a `Shared` hands out element accesses from several threads; `new`'s contract
// makes them disjoint, so sharing it is sharing `&mut` pieces of the slice, which needs
// `T: Send`.
unsafe impl<T: Send> Sync for Shared<'_, T> {}
// SAFETY: as for `Sync`: it stands for a `&mut [T]`.
unsafe impl<T: Send> Send for Shared<'_, T> {}

impl<'a, T: Copy> Shared<'a, T> {
    /// Shares `x` for the iterations of one `prange`.
    ///
    /// # Safety
    /// While the result lives, no two threads may access one element (at least one of
    /// them writing): each element belongs to one iteration at a time.
    #[inline(always)]
    pub unsafe fn new(x: &'a mut [T]) -> Self {
        Shared {
            ptr: x.as_mut_ptr(),
            len: x.len(),
            _borrow: PhantomData,
        }
    }

    /// `x[i]`, or the kernel's error naming the array and the index.
    #[inline(always)]
    pub fn load(&self, kernel: &'static str, array: &'static str, i: usize) -> Result<T, Error> {
        if i >= self.len {
            return Err(out_of_bounds(kernel, array, i, self.len));
        }
        // SAFETY: `i < len`, so the element is inside the borrowed slice, and `new`'s
        // contract says no other thread writes it now.
        Ok(unsafe { *self.ptr.add(i) })
    }

    /// `x[i] = v`, or the kernel's error naming the array and the index.
    #[inline(always)]
    pub fn store(
        &self,
        kernel: &'static str,
        array: &'static str,
        i: usize,
        v: T,
    ) -> Result<(), Error> {
        if i >= self.len {
            return Err(out_of_bounds(kernel, array, i, self.len));
        }
        // SAFETY: `i < len`, so the element is inside the borrowed slice, and `new`'s
        // contract says no other thread reads or writes it now.
        unsafe { *self.ptr.add(i) = v };
        Ok(())
    }

    /// The array's length.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for an empty array.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements `at..at + n`, or `None` past the end.
    ///
    /// # Safety
    /// While the slice lives no other thread touches these elements (`new`'s contract,
    /// for a vector of iterations writing at their own indices).
    #[inline(always)]
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn window(&self, at: usize, n: usize) -> Option<&mut [T]> {
        if at > self.len || self.len - at < n {
            return None;
        }
        // SAFETY: `at + n <= len`, so the range is inside the borrowed slice, and the
        // caller guarantees no other thread touches it meanwhile.
        Some(unsafe { core::slice::from_raw_parts_mut(self.ptr.add(at), n) })
    }

    /// Element `i`, or `None` past the end.
    ///
    /// # Safety
    /// No other thread writes element `i` meanwhile.
    #[inline(always)]
    pub(crate) unsafe fn get(&self, i: usize) -> Option<T> {
        // SAFETY: `i < len` is checked first; the caller excludes concurrent writes.
        (i < self.len).then(|| unsafe { *self.ptr.add(i) })
    }

    /// Sets element `i` (`false` past the end).
    ///
    /// # Safety
    /// No other thread touches element `i` meanwhile.
    #[inline(always)]
    pub(crate) unsafe fn set(&self, i: usize, v: T) -> bool {
        if i >= self.len {
            return false;
        }
        // SAFETY: `i < len`; the caller excludes concurrent access.
        unsafe { *self.ptr.add(i) = v };
        true
    }
}

/// A loop's step, or the kernel's error when it is 0 (Rust's `step_by` would panic).
#[inline(always)]
pub fn step(kernel: &'static str, step: &'static str, k: usize) -> Result<usize, Error> {
    if k == 0 {
        return Err(Error::ZeroStep { kernel, step });
    }
    Ok(k)
}

/// Where a kernel writes its array result of `len` elements: the caller's buffer
/// (`NAME::into`), which must have that length, or a new array put in `owned` (what the
/// kernel returns).
#[inline]
pub fn output<'a, T: crate::simd::Element>(
    kernel: &'static str,
    user_out: Option<&'a mut [T]>,
    len: usize,
    owned: &'a mut Vec<T>,
) -> Result<&'a mut [T], Error> {
    match user_out {
        Some(out) if out.len() != len => Err(Error::OutputLength {
            kernel,
            expected: len,
            actual: out.len(),
        }),
        Some(out) => Ok(out),
        None => {
            *owned = crate::buffer::alloc_output(len);
            Ok(&mut owned[..])
        }
    }
}

/// A kernel's array result: the array itself, or copied into the caller's buffer
/// (`NAME::into`), which must have its length.
#[inline]
pub fn deliver<T: Copy>(
    kernel: &'static str,
    array: Vec<T>,
    out: Option<&mut [T]>,
) -> Result<Vec<T>, Error> {
    copy_out(array, out).map_err(|(expected, actual)| Error::OutputLength {
        kernel,
        expected,
        actual,
    })
}

/// Part `part` of a kernel's tuple result, an array: the array itself, or copied into
/// the caller's buffer `buffer` (`NAME::into` of a tuple result), which must have its
/// length. A delivered part is returned empty (no allocation).
#[inline]
pub fn deliver_part<T: Copy>(
    kernel: &'static str,
    buffer: &'static str,
    part: usize,
    array: Vec<T>,
    out: Option<&mut [T]>,
) -> Result<Vec<T>, Error> {
    copy_out(array, out).map_err(|(expected, actual)| Error::OutputPartLength {
        kernel,
        buffer,
        part,
        expected,
        actual,
    })
}

/// `array` itself without a buffer, else copied into `out` (an empty `Vec` returned);
/// `Err((array's length, out's length))` when they differ.
#[inline]
fn copy_out<T: Copy>(array: Vec<T>, out: Option<&mut [T]>) -> Result<Vec<T>, (usize, usize)> {
    match out {
        None => Ok(array),
        Some(out) if out.len() == array.len() => {
            out.copy_from_slice(&array);
            Ok(Vec::new())
        }
        Some(out) => Err((array.len(), out.len())),
    }
}

/// Python's `max(a, b)` (Numba's too): `b` if `b > a`, else `a`. A NaN compares false,
/// so `max(nan, 1)` is NaN and `max(1, nan)` is 1, as in Python.
#[inline(always)]
pub fn py_max<T: PartialOrd>(a: T, b: T) -> T {
    if b > a { b } else { a }
}

/// Python's `min(a, b)`: `b` if `b < a`, else `a`.
#[inline(always)]
pub fn py_min<T: PartialOrd>(a: T, b: T) -> T {
    if b < a { b } else { a }
}

/// Integer division and remainder as the language defines them: Rust's (truncating,
/// the remainder takes the dividend's sign), wrapping on overflow (`MIN / -1`), and an
/// error naming the kernel and the expression on a zero divisor.
pub trait IntDiv: Sized + Copy {
    /// `self / d`.
    fn div_checked(self, d: Self, kernel: &'static str, expr: &'static str) -> Result<Self, Error>;
    /// `self % d`.
    fn rem_checked(self, d: Self, kernel: &'static str, expr: &'static str) -> Result<Self, Error>;
}

macro_rules! int_div {
    ($($t:ty)*) => {$(
        impl IntDiv for $t {
            #[inline(always)]
            fn div_checked(self, d: Self, kernel: &'static str, expr: &'static str) -> Result<Self, Error> {
                if d == 0 {
                    return Err(division_by_zero(kernel, expr));
                }
                Ok(self.wrapping_div(d))
            }
            #[inline(always)]
            fn rem_checked(self, d: Self, kernel: &'static str, expr: &'static str) -> Result<Self, Error> {
                if d == 0 {
                    return Err(division_by_zero(kernel, expr));
                }
                Ok(self.wrapping_rem(d))
            }
        }
    )*};
}

int_div!(i8 i16 i32 i64 isize u8 u16 u32 u64 usize);

#[cold]
#[inline(never)]
fn division_by_zero(kernel: &'static str, expression: &'static str) -> Error {
    Error::DivisionByZero { kernel, expression }
}

/// The math library's functions of one value, through the one-lane tier: bit-identical
/// to what every SIMD tier computes on its lanes.
macro_rules! one_value {
    ($($(#[$doc:meta])* $name:ident => $body:expr;)*) => {$(
        $(#[$doc])*
        #[inline(always)]
        pub fn $name<T: Copy>(x: T) -> T
        where
            One<T>: Vector<Elem = T>,
        {
            let f: fn(One<T>) -> One<T> = $body;
            f(One(x)).0
        }
    )*};
}

one_value! {
    /// `exp(x)`.
    exp => math::exp;
    /// `exp(x)` for `x ≤ 0` (or NaN).
    exp_nonpositive => math::exp_nonpositive;
    /// `exp2(x)`.
    exp2 => math::exp2;
    /// `expm1(x)`.
    expm1 => math::expm1;
    /// `log(x)`, natural.
    log => math::log;
    /// `log2(x)`.
    log2 => math::log2;
    /// `log10(x)`.
    log10 => math::log10;
    /// `log1p(x)`.
    log1p => math::log1p;
    /// `sin(x)`.
    sin => math::sin;
    /// `cos(x)`.
    cos => math::cos;
    /// `tan(x)`.
    tan => math::tan;
    /// `tanh(x)`.
    tanh => math::tanh;
    /// `sqrt(x)`, correctly rounded.
    sqrt => |v| v.sqrt();
    /// `abs(x)`.
    abs => |v| v.abs();
    /// `floor(x)`.
    floor => |v| v.floor();
    /// `ceil(x)`.
    ceil => |v| v.ceil();
    /// `-x`.
    neg => |v| v.neg();
}

/// NumPy's `maximum(a, b)`: NaN propagates, `+0 > -0`.
#[inline(always)]
pub fn maximum<T: Copy>(a: T, b: T) -> T
where
    One<T>: Vector<Elem = T>,
{
    One(a).max(One(b)).0
}

/// NumPy's `minimum(a, b)`: NaN propagates, `-0 < +0`.
#[inline(always)]
pub fn minimum<T: Copy>(a: T, b: T) -> T
where
    One<T>: Vector<Elem = T>,
{
    One(a).min(One(b)).0
}

/// `a * b + c` with one rounding.
#[inline(always)]
pub fn mul_add<T: Copy>(a: T, b: T, c: T) -> T
where
    One<T>: Vector<Elem = T>,
{
    One(a).mul_add(One(b), One(c)).0
}

/// `power(x, y)`.
#[inline(always)]
pub fn power<T: Copy>(x: T, y: T) -> T
where
    One<T>: Vector<Elem = T>,
{
    math::power(One(x), One(y)).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_slots_check_the_index() {
        let mut x = [1.0, 2.0];
        assert_eq!(load("k", "x", &x, 1), Ok(2.0));
        assert_eq!(
            load("k", "x", &x, 2),
            Err(Error::IndexOutOfBounds {
                kernel: "k",
                array: "x",
                index: 2,
                len: 2
            })
        );
        *slot("k", "x", &mut x, 0).unwrap() = 5.0;
        assert_eq!(x[0], 5.0);
        assert!(slot("k", "x", &mut x, usize::MAX).is_err());
    }

    #[test]
    fn shared_arrays_take_disjoint_writes_from_threads() {
        let mut y = vec![0.0f64; 3 * parallel::CHUNK + 5];
        let n = y.len();
        {
            // SAFETY: iteration `i` touches element `i` only.
            let shared = unsafe { Shared::new(&mut y) };
            let sums = run_chunks(true, n, |r| {
                let mut s = 0.0;
                for i in r {
                    shared.store("k", "y", i, i as f64)?;
                    s += shared.load("k", "y", i)?;
                }
                Ok(s)
            })
            .unwrap();
            assert_eq!(sums.len(), parallel::chunk_count(n));
            assert_eq!(
                shared.store("k", "y", n, 0.0),
                Err(Error::IndexOutOfBounds {
                    kernel: "k",
                    array: "y",
                    index: n,
                    len: n
                })
            );
        }
        assert!(y.iter().enumerate().all(|(i, &v)| v == i as f64));
    }

    #[test]
    fn chunks_report_the_first_error_in_chunk_order() {
        let n = 4 * parallel::CHUNK;
        for par in [false, true] {
            let got = run_chunks(par, n, |r| {
                if r.start >= parallel::CHUNK {
                    return Err(out_of_bounds("k", "x", r.start, 0));
                }
                Ok(r.len())
            });
            assert_eq!(got, Err(out_of_bounds("k", "x", parallel::CHUNK, 0)));
        }
    }

    #[test]
    fn parts_are_delivered_into_buffers_of_their_length() {
        assert_eq!(
            deliver_part("k", "out0", 0, vec![1.0, 2.0], None),
            Ok(vec![1.0, 2.0])
        );
        let mut out = [0.0; 2];
        let got = deliver_part("k", "out0", 0, vec![1.0, 2.0], Some(&mut out));
        assert_eq!((got, out), (Ok(Vec::new()), [1.0, 2.0]));
        let err = deliver_part("k", "out1", 2, vec![1.0, 2.0], Some(&mut out[..1])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "k: the output buffer `out1` has 1 elements but part 2 of the result has 2"
        );
    }

    #[test]
    fn python_max_keeps_the_first_unless_the_second_is_larger() {
        assert_eq!(py_max(1.0, 2.0), 2.0);
        assert!(py_max(f64::NAN, 1.0).is_nan());
        assert_eq!(py_max(1.0, f64::NAN), 1.0);
        assert_eq!(py_min(3, 2), 2);
    }

    #[test]
    fn integer_division_wraps_and_refuses_zero() {
        assert_eq!(i64::MIN.div_checked(-1, "k", "a / b"), Ok(i64::MIN));
        assert_eq!((-7i64).rem_checked(2, "k", "a % b"), Ok(-1));
        assert_eq!(
            5usize.div_checked(0, "k", "a / b"),
            Err(Error::DivisionByZero {
                kernel: "k",
                expression: "a / b"
            })
        );
    }

    #[test]
    fn one_value_math_is_the_lanes_math() {
        for x in [-3.5f64, 0.0, 0.5, 10.0, 700.0] {
            assert_eq!(exp(x).to_bits(), math::exp(One(x)).0.to_bits());
            assert_eq!(sqrt(x.abs()), x.abs().sqrt());
        }
        assert_eq!(maximum(-0.0f64, 0.0).to_bits(), 0.0f64.to_bits());
        assert!(maximum(f64::NAN, 1.0).is_nan());
        assert!((log(1.0f32)).abs() == 0.0);
    }
}
