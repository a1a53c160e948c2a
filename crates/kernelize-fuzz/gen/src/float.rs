//! The element types as the reference interpreter needs them: IEEE arithmetic in the
//! kernel's own type (so a correctly rounded operation on exact operands gives the
//! kernel's exact result) and directed conversions from `f64` (so bounds computed in
//! `f64` round outward onto the type's grid).

use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// `f32` or `f64`.
pub trait Float:
    Copy
    + Debug
    + PartialEq
    + PartialOrd
    + Send
    + Sync
    + 'static
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// The unit roundoff `u` (half an ULP of 1).
    const U: f64;
    /// The smallest positive subnormal, as an `f64`.
    const DENORM: f64;
    /// The largest finite value.
    const MAX: Self;
    /// Zero.
    const ZERO: Self;
    /// One.
    const ONE: Self;
    /// +∞.
    const INFINITY: Self;
    /// A quiet NaN.
    const NAN: Self;
    /// The type's name.
    const NAME: &'static str;

    /// Exact widening.
    fn to_f64(self) -> f64;
    /// Round to nearest.
    fn from_f64(x: f64) -> Self;
    /// The largest value `≤ x` (`-∞` below the range).
    fn down(x: f64) -> Self;
    /// The smallest value `≥ x` (`+∞` above the range).
    fn up(x: f64) -> Self;
    /// A literal's value in this type, as Rust reads it (a suffix, hexadecimal, a
    /// trailing dot).
    fn parse(text: &str) -> Self;
    /// `self * a + b` with one rounding.
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// Correctly rounded square root.
    fn sqrt(self) -> Self;
    /// Rounds down to an integer.
    fn floor(self) -> Self;
    /// Rounds up to an integer.
    fn ceil(self) -> Self;
    /// `|self|`.
    fn abs(self) -> Self;
    /// NaN test.
    fn is_nan(self) -> bool;
    /// `±∞` test.
    fn is_infinite(self) -> bool;
    /// The raw bits (widened).
    fn bits(self) -> u64;
    /// `π` rounded to this type.
    fn pi() -> Self;
    /// The next value towards `-∞`.
    fn next_down(self) -> Self;
    /// The next value towards `+∞`.
    fn next_up(self) -> Self;
    /// `n as Self` (exact for the lengths the harness uses).
    fn from_usize(n: usize) -> Self;
    /// `true` for a negative sign bit.
    fn is_sign_negative(self) -> bool;
}

macro_rules! float_impl {
    ($t:ident, $denorm:expr) => {
        impl Float for $t {
            const U: f64 = $t::EPSILON as f64 / 2.0;
            const DENORM: f64 = $denorm;
            const MAX: Self = $t::MAX;
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const INFINITY: Self = $t::INFINITY;
            const NAN: Self = $t::NAN;
            const NAME: &'static str = stringify!($t);

            fn to_f64(self) -> f64 {
                self as f64
            }
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            fn down(x: f64) -> Self {
                let y = x as $t;
                if (y as f64) > x { y.next_down() } else { y }
            }
            fn up(x: f64) -> Self {
                let y = x as $t;
                if (y as f64) < x { y.next_up() } else { y }
            }
            fn parse(text: &str) -> Self {
                let digits = text.trim_end_matches("f32").trim_end_matches("f64");
                let value = match digits.strip_prefix("0x") {
                    Some(hex) => u64::from_str_radix(hex, 16).map(|v| v as $t).ok(),
                    None => digits.parse::<$t>().ok(),
                };
                value.unwrap_or_else(|| panic!("literal `{text}` does not parse"))
            }
            fn mul_add(self, a: Self, b: Self) -> Self {
                $t::mul_add(self, a, b)
            }
            fn sqrt(self) -> Self {
                $t::sqrt(self)
            }
            fn floor(self) -> Self {
                $t::floor(self)
            }
            fn ceil(self) -> Self {
                $t::ceil(self)
            }
            fn abs(self) -> Self {
                $t::abs(self)
            }
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            fn is_infinite(self) -> bool {
                $t::is_infinite(self)
            }
            fn bits(self) -> u64 {
                u64::from(self.to_bits())
            }
            fn pi() -> Self {
                core::$t::consts::PI
            }
            fn next_down(self) -> Self {
                $t::next_down(self)
            }
            fn next_up(self) -> Self {
                $t::next_up(self)
            }
            fn from_usize(n: usize) -> Self {
                n as $t
            }
            fn is_sign_negative(self) -> bool {
                $t::is_sign_negative(self)
            }
        }
    };
}

float_impl!(f64, 5e-324);
float_impl!(f32, 1.401_298_464_324_817e-45);
