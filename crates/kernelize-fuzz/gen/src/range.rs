//! Coarse static value ranges, for the grammar only: they decide where a production needs
//! a guard (`log(abs(e) + 1.0)`, `exp(clip(e, -20.0, 20.0))`) so that most generated
//! values are finite and most checks informative. They are not a correctness argument
//! (the reference interpreter is): a range here may be off by rounding, and NaN is not
//! tracked (the grammar writes `nan` and `inf` only where it means to).

use crate::ast::{Binary, Unary};

/// The most elements any input has (the largest length the harness runs, with margin).
pub const MAX_LEN: f64 = 60_000.0;

/// A closed interval of reals, possibly with infinite ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// Smallest value.
    pub lo: f64,
    /// Largest value.
    pub hi: f64,
}

impl Range {
    /// `[lo, hi]` (ends swapped if needed).
    pub fn new(lo: f64, hi: f64) -> Range {
        if lo <= hi {
            Range { lo, hi }
        } else {
            Range { lo: hi, hi: lo }
        }
    }

    /// One value.
    pub fn point(v: f64) -> Range {
        Range { lo: v, hi: v }
    }

    /// Every real.
    pub fn all() -> Range {
        Range {
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
        }
    }

    /// The smallest range holding both.
    pub fn hull(self, o: Range) -> Range {
        Range {
            lo: self.lo.min(o.lo),
            hi: self.hi.max(o.hi),
        }
    }

    /// The largest magnitude.
    pub fn magnitude(self) -> f64 {
        self.lo.abs().max(self.hi.abs())
    }

    /// `true` if every value is at least `v`.
    pub fn at_least(self, v: f64) -> bool {
        self.lo >= v
    }

    /// `true` if no value is within `margin` of zero.
    pub fn away_from_zero(self, margin: f64) -> bool {
        self.lo > margin || self.hi < -margin
    }

    /// `true` if every value lies in `[-limit, limit]`.
    pub fn within(self, limit: f64) -> bool {
        self.magnitude() <= limit
    }

    fn corners(a: Range, b: Range, f: impl Fn(f64, f64) -> f64) -> Range {
        let c = [f(a.lo, b.lo), f(a.lo, b.hi), f(a.hi, b.lo), f(a.hi, b.hi)];
        if c.iter().any(|v| v.is_nan()) {
            return Range::all();
        }
        let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Range { lo, hi }
    }

    /// The range of `op(a, b)`.
    pub fn binary(op: Binary, a: Range, b: Range) -> Range {
        match op {
            Binary::Add => Range::new(a.lo + b.lo, a.hi + b.hi),
            Binary::Sub => Range::new(a.lo - b.hi, a.hi - b.lo),
            Binary::Mul => Range::corners(a, b, |x, y| x * y),
            Binary::Div if b.lo > 0.0 || b.hi < 0.0 => Range::corners(a, b, |x, y| x / y),
            Binary::Div => Range::all(),
            Binary::Maximum => Range::new(a.lo.max(b.lo), a.hi.max(b.hi)),
            Binary::Minimum => Range::new(a.lo.min(b.lo), a.hi.min(b.hi)),
            Binary::Power if a.lo > 0.0 => Range::corners(a, b, f64::powf),
            Binary::Power => Range::all(),
        }
    }

    /// The range of `op(a)` (the whole line where the argument leaves the domain).
    pub fn unary(op: Unary, a: Range) -> Range {
        let mono = |f: fn(f64) -> f64| Range::new(f(a.lo), f(a.hi));
        match op {
            Unary::Neg => Range::new(-a.hi, -a.lo),
            Unary::Abs if a.lo >= 0.0 => a,
            Unary::Abs if a.hi <= 0.0 => Range::new(-a.hi, -a.lo),
            Unary::Abs => Range::new(0.0, a.magnitude()),
            Unary::Exp => mono(f64::exp),
            Unary::Exp2 => mono(f64::exp2),
            Unary::Expm1 => mono(f64::exp_m1),
            Unary::Tanh => mono(f64::tanh),
            Unary::Floor => mono(f64::floor),
            Unary::Ceil => mono(f64::ceil),
            Unary::Sqrt if a.lo >= 0.0 => mono(f64::sqrt),
            Unary::Log if a.lo > 0.0 => mono(f64::ln),
            Unary::Log2 if a.lo > 0.0 => mono(f64::log2),
            Unary::Log10 if a.lo > 0.0 => mono(f64::log10),
            Unary::Log1p if a.lo > -1.0 => mono(f64::ln_1p),
            Unary::Sin | Unary::Cos => Range::new(-1.0, 1.0),
            Unary::Tan if a.within(1.4) => mono(f64::tan),
            _ => Range::all(),
        }
    }

    /// The range of a sum of up to [`MAX_LEN`] elements of `a` (0 included: the empty
    /// sum).
    pub fn sum_of(a: Range) -> Range {
        Range::new((a.lo * MAX_LEN).min(0.0), (a.hi * MAX_LEN).max(0.0))
    }
}
