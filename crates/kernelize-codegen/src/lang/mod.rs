//! The kernel body (syn) lowered into an IR: a list of nodes in SSA form, each with its
//! span, value type and shape (scalar, or an array of some length class).
//!
//! Lowering is also the type and shape checker: every construct LANGUAGE.md lists is
//! accepted and everything else is refused with a spanned message saying what is
//! supported. Errors are accumulated so one compile shows every problem in a body.
//!
//! Identical pure sub-expressions are shared (hash-consing), so `max(z)` written twice is
//! computed once and two reductions of the same `let` array read it in one pass.

mod lower;
mod sign;
pub mod stmt;

pub use lower::{lower, tidy, value_of};

use proc_macro2::Span;

use crate::model::ElemType;

/// Index of a node in [`Body::nodes`].
pub type NodeId = usize;

/// A class of arrays that must have equal lengths (arrays combined elementwise), after
/// union-find: an index into [`Body::classes`].
pub type LenClass = usize;

/// Scalar or array, for values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// One value, broadcast against arrays.
    Scalar,
    /// A 1-D array whose length is that of its class.
    Array(LenClass),
}

/// The type a node's values have in generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// The kernel's float element type (lanes of `V`).
    Float,
    /// A scalar of its own Rust type (a non-float scalar argument, `len`, an index).
    Native(ElemType),
    /// The result of a comparison: usable only as `select`'s first argument.
    Mask,
}

/// Named constants of the language (shadowed by `let` names and arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NamedConst {
    /// π
    Pi,
    /// +∞
    Inf,
    /// A quiet NaN.
    Nan,
}

/// Elementwise functions of one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `exp`
    Exp,
    /// `exp` of an argument that cannot be positive (`lang::sign`): `math::exp_nonpositive`,
    /// without the overflow handling. Only the plan's lowering writes it.
    ExpNonPositive,
    /// `exp2`
    Exp2,
    /// `expm1`
    Expm1,
    /// `log` (natural)
    Log,
    /// `log2`
    Log2,
    /// `log10`
    Log10,
    /// `log1p`
    Log1p,
    /// `sqrt`
    Sqrt,
    /// `abs`
    Abs,
    /// `sin`
    Sin,
    /// `cos`
    Cos,
    /// `tan`
    Tan,
    /// `tanh`
    Tanh,
    /// `floor`
    Floor,
    /// `ceil`
    Ceil,
}

impl UnaryOp {
    /// The math library function implementing it, or `None` for a `Vector` method.
    pub fn math_fn(self) -> Option<&'static str> {
        Some(match self {
            UnaryOp::Exp => "exp",
            UnaryOp::ExpNonPositive => "exp_nonpositive",
            UnaryOp::Exp2 => "exp2",
            UnaryOp::Expm1 => "expm1",
            UnaryOp::Log => "log",
            UnaryOp::Log2 => "log2",
            UnaryOp::Log10 => "log10",
            UnaryOp::Log1p => "log1p",
            UnaryOp::Sin => "sin",
            UnaryOp::Cos => "cos",
            UnaryOp::Tan => "tan",
            UnaryOp::Tanh => "tanh",
            UnaryOp::Neg | UnaryOp::Sqrt | UnaryOp::Abs | UnaryOp::Floor | UnaryOp::Ceil => {
                return None;
            }
        })
    }

    /// The language's name, for `explain()`; for the functions without a math-library
    /// one (`math_fn` is `None`), also the `Vector` method computing it.
    pub fn name(self) -> &'static str {
        match self {
            UnaryOp::Neg => "neg",
            UnaryOp::Sqrt => "sqrt",
            UnaryOp::Abs => "abs",
            UnaryOp::Floor => "floor",
            UnaryOp::Ceil => "ceil",
            UnaryOp::ExpNonPositive => "exp",
            other => other.math_fn().unwrap_or("?"),
        }
    }

    /// Relative cost per element in the plan's cost rule (an add is 1).
    pub fn cost(self) -> u32 {
        match self {
            UnaryOp::Neg | UnaryOp::Abs | UnaryOp::Floor | UnaryOp::Ceil => 1,
            UnaryOp::Sqrt => 4,
            _ => 20,
        }
    }
}

/// Elementwise functions of two values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// NumPy `maximum` (NaN propagates).
    Maximum,
    /// NumPy `minimum` (NaN propagates).
    Minimum,
    /// `power(x, y)`
    Power,
}

impl BinaryOp {
    /// Relative cost per element in the plan's cost rule.
    pub fn cost(self) -> u32 {
        match self {
            BinaryOp::Div => 4,
            BinaryOp::Power => 40,
            _ => 1,
        }
    }
}

/// Comparisons, giving masks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CompareOp {
    /// The `Vector` method.
    pub fn method(self) -> &'static str {
        match self {
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
        }
    }
}

/// Reductions computed by accumulating over a pass (`mean` and `dot` are lowered to
/// `sum`; `argmax`/`argmin` to a `max`/`min` plus a search pass).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reduction {
    /// `sum`, identity 0.
    Sum,
    /// `prod`, identity 1.
    Prod,
    /// `max` (NaN propagates), identity −∞.
    Max,
    /// `min` (NaN propagates), identity +∞.
    Min,
}

impl Reduction {
    /// The language's name.
    pub fn name(self) -> &'static str {
        match self {
            Reduction::Sum => "sum",
            Reduction::Prod => "prod",
            Reduction::Max => "max",
            Reduction::Min => "min",
        }
    }
}

/// What a call to another kernel with an array argument does, from the callee's
/// signature (`callee`): the caller knows it exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallKind {
    /// A kernel taking only scalars of the element type (a ufunc): applied to every
    /// element, fused into the caller's loop through its `__lanes`.
    Ufunc,
    /// A kernel taking arrays: called once with whole arrays (array expressions among the
    /// arguments materialised first) through its `__whole`, before the loops that read
    /// its result, an array or one value.
    Whole,
}

/// One IR operation. Operands are [`NodeId`]s of earlier nodes.
#[derive(Clone, Debug)]
pub enum Op {
    /// The kernel's argument number `i`.
    Arg(usize),
    /// A numeric literal, as decimal text without suffix (it takes the element type).
    Literal(String),
    /// `pi`, `inf`, `nan`.
    Constant(NamedConst),
    /// Elementwise unary function.
    Unary(UnaryOp, NodeId),
    /// Elementwise binary function.
    Binary(BinaryOp, NodeId, NodeId),
    /// `a * b + c` with one rounding (Rust's `mul_add`).
    MulAdd(NodeId, NodeId, NodeId),
    /// Elementwise comparison, a mask.
    Compare(CompareOp, NodeId, NodeId),
    /// `select(mask, a, b)`.
    Select(NodeId, NodeId, NodeId),
    /// `a & b` (`true`) or `a | b` (`false`) of two masks, elementwise.
    MaskLogic(bool, NodeId, NodeId),
    /// `!m` of a mask, elementwise (NumPy's `~`).
    MaskNot(NodeId),
    /// A reduction of an array to a scalar.
    Reduce(Reduction, NodeId),
    /// `argmax` (`is_max`) or `argmin` of the array `.1`, whose `max`/`min` is node `.2`:
    /// the first index holding that value (or the first NaN).
    ArgFind(bool, NodeId, NodeId),
    /// The length of a length class, a `usize`.
    Len(LenClass),
    /// An ordinary Rust call with scalar arguments, evaluated once: one value, or an
    /// array when a typed `let` says so (`let m: Vec<f64> = make(n);`).
    RustCall(syn::Path, Vec<NodeId>),
    /// A call to another kernel with at least one array argument.
    KernelCall(CallKind, syn::Path, Vec<NodeId>),
}

impl Op {
    /// Operands in order.
    pub fn operands(&self) -> Vec<NodeId> {
        match self {
            Op::Arg(_) | Op::Literal(_) | Op::Constant(_) | Op::Len(_) => vec![],
            Op::Unary(_, a) | Op::Reduce(_, a) | Op::MaskNot(a) => vec![*a],
            Op::Binary(_, a, b)
            | Op::Compare(_, a, b)
            | Op::ArgFind(_, a, b)
            | Op::MaskLogic(_, a, b) => vec![*a, *b],
            Op::MulAdd(a, b, c) | Op::Select(a, b, c) => vec![*a, *b, *c],
            Op::RustCall(_, args) | Op::KernelCall(_, _, args) => args.clone(),
        }
    }
}

/// One IR node.
#[derive(Clone, Debug)]
pub struct Node {
    /// What it computes.
    pub op: Op,
    /// Scalar or array.
    pub shape: Shape,
    /// The type of its values.
    pub ty: ValueType,
    /// The user's tokens it came from.
    pub span: Span,
    /// The user's source text, for run-time messages and `explain()`.
    pub text: String,
}

/// The outcome of lowering a body.
#[derive(Debug)]
pub enum Lowered {
    /// The body, checked.
    Body(Box<Body>),
    /// The body calls these kernels with arrays and their signatures are not known yet:
    /// ask them (`callee`), then lower again.
    Ask(Vec<syn::Path>),
    /// A callee failed to compile (and reported it): compile to the fallback quietly.
    CalleeFailed,
    /// The body's errors, all of them.
    Error(syn::Error),
}

impl Lowered {
    /// The body, or an error saying what it waits for.
    pub fn into_body(self) -> syn::Result<Body> {
        let waiting = |what: String| Err(syn::Error::new(Span::call_site(), what));
        match self {
            Lowered::Body(body) => Ok(*body),
            Lowered::Ask(paths) => waiting(format!(
                "waits for the signatures of {}",
                paths
                    .iter()
                    .map(crate::callee::path_key)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Lowered::CalleeFailed => waiting("a callee failed".into()),
            Lowered::Error(err) => Err(err),
        }
    }
}

/// Where the length of a length class is read at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LenSource {
    /// An array argument (its index).
    Arg(usize),
    /// The array result of a call (its node): a kernel's whole-array call or a Rust
    /// function's `Vec`.
    Call(NodeId),
}

/// A run-time check that two length sources agree (arrays combined elementwise).
#[derive(Clone, Debug)]
pub struct LengthCheck {
    /// First source and its name in messages.
    pub left: (LenSource, String),
    /// Second source and its name in messages.
    pub right: (LenSource, String),
}

/// A reduction without identity that must not see an empty array.
#[derive(Clone, Debug)]
pub struct EmptyCheck {
    /// The class reduced.
    pub class: LenClass,
    /// `max`, `min`, `argmax`, `argmin`, `mean`.
    pub reduction: &'static str,
    /// The operand's source text.
    pub operand: String,
}

/// A lowered kernel body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Nodes in SSA order: operands precede their users.
    pub nodes: Vec<Node>,
    /// The body's value.
    pub result: NodeId,
    /// The float element type arrays and float scalars compute in.
    pub elem: ElemType,
    /// The length source of each length class.
    pub classes: Vec<LenSource>,
    /// Length agreement checks, in source order.
    pub length_checks: Vec<LengthCheck>,
    /// Empty-reduction checks, in source order.
    pub empty_checks: Vec<EmptyCheck>,
    /// The `let` name each bound node was given (the first, when several).
    pub let_names: std::collections::HashMap<NodeId, String>,
}

impl Body {
    /// The node `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }
}

#[cfg(test)]
pub(crate) mod tests;
