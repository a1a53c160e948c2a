//! Sign facts about float nodes, proved from their structure: what lets the backend call
//! `math::exp_nonpositive` (one instruction shorter than `exp`) for `exp(z - max(z))`,
//! `exp(-abs(x))` or `exp(-(x * x))`.
//!
//! A fact holds for every lane of every element, whatever the inputs: NaN lanes are
//! allowed (the math functions pass NaN through either way), and both zeros count as
//! "not positive" and "not negative" alike. Division is never used as evidence: a
//! non-negative value divided by `-0.0` is `-∞`.

use super::{BinaryOp, Body, NodeId, Op, Reduction, UnaryOp, ValueType};

/// How deep the proofs look through operands (the DAG can share nodes, so an unbounded
/// search could take exponential time; real bodies need a handful of levels).
const DEPTH: u32 = 12;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sign {
    /// `≤ 0` or NaN.
    NonPositive,
    /// `≥ 0` or NaN.
    NonNegative,
}

impl Sign {
    fn flip(self) -> Sign {
        match self {
            Sign::NonPositive => Sign::NonNegative,
            Sign::NonNegative => Sign::NonPositive,
        }
    }
}

impl Body {
    /// `true` if no lane of node `id` can be positive (each is `≤ 0`, either zero, or NaN).
    pub fn never_positive(&self, id: NodeId) -> bool {
        self.has_sign(id, Sign::NonPositive, DEPTH)
    }

    /// `true` if no lane of node `id` can be negative (each is `≥ 0`, either zero, or NaN).
    pub fn never_negative(&self, id: NodeId) -> bool {
        self.has_sign(id, Sign::NonNegative, DEPTH)
    }

    fn has_sign(&self, id: NodeId, sign: Sign, depth: u32) -> bool {
        let node = self.node(id);
        if depth == 0 || node.ty != ValueType::Float {
            return false;
        }
        let is = |o: NodeId, s: Sign| self.has_sign(o, s, depth - 1);
        let (pos, neg) = (Sign::NonNegative, Sign::NonPositive);
        match &node.op {
            Op::Literal(text) => text.parse::<f64>().is_ok_and(|v| match sign {
                Sign::NonPositive => v <= 0.0,
                Sign::NonNegative => v >= 0.0,
            }),
            Op::Constant(c) => match c {
                super::NamedConst::Nan => true,
                super::NamedConst::Pi | super::NamedConst::Inf => sign == pos,
            },
            Op::Unary(op, a) => match op {
                UnaryOp::Neg => is(*a, sign.flip()),
                UnaryOp::Abs | UnaryOp::Sqrt | UnaryOp::Exp | UnaryOp::Exp2 => sign == pos,
                // Rounding to an integer keeps the sign (`floor(0.5) = 0`, `ceil(-0.5) = -0`).
                UnaryOp::Floor | UnaryOp::Ceil => is(*a, sign),
                _ => false,
            },
            Op::Binary(op, a, b) => {
                let (a, b) = (*a, *b);
                match op {
                    BinaryOp::Add => is(a, sign) && is(b, sign),
                    // `a - max(a)` and `min(a) - a` over the same array: every element
                    // lies between the two, and the rounded difference of `x ≤ y` is
                    // `≤ 0`. (`a - min(a)` and `max(a) - a` likewise `≥ 0`.)
                    BinaryOp::Sub
                        if sign == neg && (self.is_max_of(b, a) || self.is_min_of(a, b)) =>
                    {
                        true
                    }
                    BinaryOp::Sub
                        if sign == pos && (self.is_min_of(b, a) || self.is_max_of(a, b)) =>
                    {
                        true
                    }
                    BinaryOp::Sub => is(a, sign) && is(b, sign.flip()),
                    BinaryOp::Mul if sign == pos && a == b => true,
                    BinaryOp::Mul => {
                        (is(a, sign) && is(b, pos)) || (is(a, sign.flip()) && is(b, neg))
                    }
                    // NaN propagates, so one operand of the right sign decides.
                    BinaryOp::Maximum if sign == pos => is(a, pos) || is(b, pos),
                    BinaryOp::Minimum if sign == neg => is(a, neg) || is(b, neg),
                    BinaryOp::Maximum | BinaryOp::Minimum => is(a, sign) && is(b, sign),
                    BinaryOp::Div | BinaryOp::Power => false,
                }
            }
            Op::Select(_, a, b) => is(*a, sign) && is(*b, sign),
            Op::MulAdd(a, b, c) => {
                let product = (is(*a, sign) && is(*b, pos)) || (is(*a, sign.flip()) && is(*b, neg));
                product && is(*c, sign)
            }
            // Sums, maxima and minima of values of one sign keep it (an empty sum is 0).
            Op::Reduce(Reduction::Sum | Reduction::Max | Reduction::Min, a) => is(*a, sign),
            _ => false,
        }
    }

    /// `true` if `m` is `max(a)` over the same array node.
    fn is_max_of(&self, m: NodeId, a: NodeId) -> bool {
        matches!(self.node(m).op, Op::Reduce(Reduction::Max, x) if x == a)
    }

    /// `true` if `m` is `min(a)` over the same array node.
    fn is_min_of(&self, m: NodeId, a: NodeId) -> bool {
        matches!(self.node(m).op, Op::Reduce(Reduction::Min, x) if x == a)
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::{Op, UnaryOp, lower, tests::test_decl};

    /// Whether the outermost (last) `exp` in `body` gets the non-positive form.
    fn exp_arg_never_positive(body: &str) -> bool {
        let src = format!("fn f(z: &[f64], c: f64) -> Vec<f64> {{ {body} }}");
        let b = lower(&test_decl(&src, false), &Default::default())
            .into_body()
            .unwrap();
        let arg = b
            .nodes
            .iter()
            .rev()
            .find_map(|n| match n.op {
                Op::Unary(UnaryOp::Exp, a) => Some(a),
                _ => None,
            })
            .expect("the body calls exp");
        b.never_positive(arg)
    }

    #[test]
    fn proves_the_shapes_that_cannot_be_positive() {
        for body in [
            "exp(z - max(z))",
            "let e = exp(z - max(z)); e / sum(e)",
            "exp(2.0 * z - max(2.0 * z))",
            "exp(-abs(z))",
            "exp(-(z * z))",
            "exp(-(z * z) * 0.5)",
            "exp(0.5 * -(z * z))",
            "exp(minimum(z, 0.0))",
            "exp(minimum(z - max(z), c))",
            "exp(-abs(z) - sqrt(abs(z)))",
            "exp(-exp(z))",
            "exp(floor(z - max(z)))",
            "exp(min(z) - z)",
            "exp(-abs(z) + (z - max(z)))",
            "exp(select(z > 0.0, -abs(z), z - max(z)))",
        ] {
            assert!(exp_arg_never_positive(body), "{body}");
        }
    }

    #[test]
    fn refuses_what_can_be_positive() {
        for body in [
            "exp(z)",
            "exp(z - 1.0)",
            "exp(max(z) - z)",
            "exp(z - min(z))",
            "exp(z - max(z) + 1.0)",
            "exp(z - max(z) + c)",
            "exp(-(z * z) * c)",
            "exp(abs(z) / -0.0)",
            "exp(-abs(z) / -2.0)",
            "exp(maximum(z - max(z), c))",
            "exp(select(z > 0.0, z, z - max(z)))",
            "exp((z - max(z)) * (z - max(z)))",
            "exp(-sin(z) * sin(z))",
            "exp(c) + z",
        ] {
            assert!(!exp_arg_never_positive(body), "{body}");
        }
    }
}
