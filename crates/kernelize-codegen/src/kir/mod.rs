//! The loop IR (`kir`): a kernel as statements and loops over explicit indices, the layer
//! between the language and the code of each target.
//!
//! A kernel is a tree of [`Stmt`]s over typed variables ([`Var`]): scalars, arrays
//! (arguments and local arrays) and loop indices. Loops carry a domain (a range, a step,
//! a direction) and an [`Order`]: `for` runs its iterations in order, `prange` declares
//! them independent, naming the scalars its body reduces ([`Reduction`]). Every node keeps
//! the user's span (errors) and text (run-time messages, `explain()`).
//!
//! Invariants the [`verify`] pass checks after lowering (a failure is a compiler bug, so
//! it is reported as one):
//! - every variable is declared before it is read, and read where its declaration is in
//!   scope;
//! - types agree: operands of an operator share a type, indices are `usize`, conditions
//!   `bool`, a store's value has the array's element type;
//! - only `mut` variables are assigned, only writable arrays stored to;
//! - `break` and `continue` are inside a loop, and not inside a `prange` body where they
//!   would stop other iterations (`continue` ends one iteration and is allowed);
//! - a `prange` body writes outer scalars only as its declared reductions.

mod print;
pub mod races;
pub mod varying;
mod verify;

pub use print::explain;
pub use verify::verify;

use proc_macro2::Span;

pub use crate::lang::{CompareOp, NamedConst, UnaryOp};
use crate::model::ElemType;

/// Index of a variable in [`Kernel::vars`].
pub type VarId = usize;

/// A kernel in the loop IR.
#[derive(Clone, Debug)]
pub struct Kernel {
    /// Every variable: the arguments first (in order), then locals and loop indices.
    pub vars: Vec<Var>,
    /// The number of arguments (`vars[..params]`).
    pub params: usize,
    /// The statements.
    pub body: Block,
    /// What the kernel returns.
    pub result: ResultTy,
    /// The parts of a [`ResultTy::Tuple`] result (each a scalar or an array).
    pub parts: Vec<ResultTy>,
    /// The array expressions among the statements, each compiled as a kernel of its own
    /// (fused and vectorised as a version-1 body), called where it is written.
    pub helpers: Vec<Helper>,
}

/// An array expression inside a body with statements (`let m = max(x);`,
/// `let e = exp(x - m);`), compiled as a hidden kernel whose arguments are the variables
/// it reads.
#[derive(Clone, Debug)]
pub struct Helper {
    /// The hidden kernel's name (unique in the crate: the kernel's name and a number).
    pub name: syn::Ident,
    /// Its checked declaration.
    pub decl: crate::model::KernelDecl,
    /// Its lowered body.
    pub body: crate::lang::Body,
}

/// What a kernel returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultTy {
    /// Nothing (`void`): it writes into its `&mut` arguments.
    Void,
    /// One value.
    Scalar(ElemType),
    /// An array (a local array returned by `return` or as the final value).
    Array(ElemType),
    /// Several values, a tuple of [`Kernel::parts`].
    Tuple,
}

/// What an array expression's hidden kernel is passed.
#[derive(Clone, Debug)]
pub enum HelperArg {
    /// A variable: a scalar, or a whole array.
    Var(VarId),
    /// A view of an array.
    View(Box<View>),
}

/// A view `array[start..end]` (`x[a..]`, `x[..b]`: an end missing); a bound outside the
/// array is a run-time error.
#[derive(Clone, Debug)]
pub struct View {
    /// The array viewed.
    pub array: VarId,
    /// The first index (0 when `None`).
    pub start: Option<Expr>,
    /// The end, exclusive (the array's length when `None`).
    pub end: Option<Expr>,
}

/// What a [`StmtKind::CallKernel`] passes for one parameter of the callee.
#[derive(Clone, Debug)]
pub enum CallArg {
    /// A scalar, of the parameter's type.
    Value(Expr),
    /// An array the callee reads: a whole array or a view.
    Read(HelperArg),
    /// A writable array, whole, for a `&mut` parameter (the callee may write it).
    Write(VarId),
}

impl HelperArg {
    /// The variable passed or viewed.
    pub fn var(&self) -> VarId {
        match self {
            HelperArg::Var(v) => *v,
            HelperArg::View(view) => view.array,
        }
    }

    /// The bounds' expressions of a view.
    pub fn bounds(&self) -> impl Iterator<Item = &Expr> {
        match self {
            HelperArg::Var(_) => [None, None],
            HelperArg::View(view) => [view.start.as_ref(), view.end.as_ref()],
        }
        .into_iter()
        .flatten()
    }
}

/// The type of a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// One value.
    Scalar(ElemType),
    /// A 1-D array; `writable` for `&mut` arguments and local arrays.
    Array {
        /// The element type.
        elem: ElemType,
        /// Stores allowed.
        writable: bool,
    },
}

impl Ty {
    /// The element type (a scalar's own type).
    pub fn elem(self) -> ElemType {
        match self {
            Ty::Scalar(e) | Ty::Array { elem: e, .. } => e,
        }
    }
}

/// One variable.
#[derive(Clone, Debug)]
pub struct Var {
    /// The user's name (a generated temporary's name starts with `__`).
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Assignments allowed (`let mut`).
    pub mutable: bool,
    /// Where it was declared.
    pub span: Span,
}

/// Statements in order.
pub type Block = Vec<Stmt>;

/// One statement and where it was written.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// What it does.
    pub kind: StmtKind,
    /// The user's tokens.
    pub span: Span,
}

/// What a statement does.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// Declares a scalar: `let [mut] v = value;`, or without a value (assigned on every
    /// path before it is read: an `if` expression's result).
    Let {
        /// The variable.
        var: VarId,
        /// Its first value.
        value: Option<Expr>,
    },
    /// Declares a local array of `len` elements, each `fill`.
    Alloc {
        /// The array variable.
        var: VarId,
        /// Its length, a `usize`.
        len: Expr,
        /// Every element's first value.
        fill: Expr,
    },
    /// `var = value;`
    Assign {
        /// The scalar assigned.
        var: VarId,
        /// The new value.
        value: Expr,
    },
    /// `array[index] = value;`
    Store {
        /// The array written.
        array: VarId,
        /// The index, a `usize`.
        index: Expr,
        /// The value, of the array's element type.
        value: Expr,
    },
    /// `if cond { then } else { otherwise }`
    If {
        /// A `bool`.
        cond: Expr,
        /// Runs when `cond` holds.
        then: Block,
        /// Runs otherwise (maybe empty).
        otherwise: Block,
    },
    /// A counted loop.
    Loop(Box<Loop>),
    /// `while cond { body }`
    While {
        /// A `bool`, tested before each iteration.
        cond: Expr,
        /// The body.
        body: Block,
    },
    /// `break` (of the innermost loop).
    Break,
    /// `continue` (of the innermost loop).
    Continue,
    /// `return value` (the kernel's result; none for `void`).
    Return(Option<Expr>),
    /// `return (a, b, ..)`: a tuple result, one value per part.
    ReturnTuple(Vec<Expr>),
    /// Copies local array `from` into a view of an array (`out[a..b] = e`, `x -= e`):
    /// their lengths must agree.
    CopyInto {
        /// Where it is written (a whole array: no bounds).
        view: Box<View>,
        /// The array copied.
        from: VarId,
    },
    /// `f(args);` or `let v = f(args);`: a call of another kernel that writes arrays (a
    /// `&mut` parameter), once with whole arrays at this kernel's tier (no dispatch); an
    /// error in the callee names both kernels.
    CallKernel {
        /// The callee's path.
        path: syn::Path,
        /// What is passed, one per parameter of the callee.
        args: Vec<CallArg>,
        /// The variable declared to hold its result (a scalar or a local array), if any.
        result: Option<VarId>,
    },
    /// A run-time check before the work (an array kernel's length agreements and
    /// non-empty reductions): its failure is the kernel's `Err`.
    Check(Check),
    /// Declares the kernel's array result `var` of `len` elements: the caller's buffer
    /// (`NAME::into`, its length checked) or a new array of zeros, written in place and
    /// returned by `return var`.
    Output {
        /// The array variable (writable).
        var: VarId,
        /// Its length, a `usize`.
        len: Expr,
    },
    /// Declares a local array holding an array expression's value: `helpers[helper]`
    /// called with `args`.
    LetArray {
        /// The array variable.
        var: VarId,
        /// The index in [`Kernel::helpers`].
        helper: usize,
        /// What is passed, in the helper's parameter order.
        args: Vec<HelperArg>,
    },
}

/// A run-time check of [`StmtKind::Check`].
#[derive(Clone, Debug)]
pub enum Check {
    /// Two arrays combined elementwise have one length (`Error::LengthMismatch`).
    SameLength {
        /// The first array's length, a `usize`, and its name in the message.
        left: (Expr, String),
        /// The second's.
        right: (Expr, String),
    },
    /// A reduction without an identity sees an element (`Error::EmptyReduction`).
    NotEmpty {
        /// The length reduced over, a `usize`.
        len: Expr,
        /// `max`, `min`, `argmax`, `argmin`, `mean`.
        reduction: &'static str,
        /// The operand's source text.
        operand: String,
    },
}

impl Check {
    /// The lengths it compares.
    pub fn exprs(&self) -> Vec<&Expr> {
        match self {
            Check::SameLength { left, right } => vec![&left.0, &right.0],
            Check::NotEmpty { len, .. } => vec![len],
        }
    }
}

/// A counted loop: `for index in domain { body }`.
#[derive(Clone, Debug)]
pub struct Loop {
    /// The index variable, a `usize`, read-only in the body.
    pub index: VarId,
    /// The values the index takes.
    pub domain: Domain,
    /// In order, or independent iterations.
    pub order: Order,
    /// The body.
    pub body: Block,
    /// The outer scalars a `prange` body reduces (empty for `for`).
    pub reductions: Vec<Reduction>,
    /// The outer arrays a `prange` body reduces into at any index (a histogram's
    /// `hist[k] += 1.0`): each chunk into a private copy from the identity, the copies
    /// combined into the array in chunk order.
    pub array_reductions: Vec<Reduction>,
    /// What the code around the loop guarantees and wants (array kernels' passes).
    pub hints: Hints,
}

/// Facts and wishes a `prange` of an array kernel's pass carries to the targets.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    /// Arrays checked, before the loop, to be at least as long as the domain's end: an
    /// access at the loop's own index needs no check.
    pub in_bounds: Vec<VarId>,
    /// The array whose stores go past the caches (streaming stores) when it is large
    /// (`dispatch::stream_min_bytes`): the kernel's result, which it never reads back.
    pub stream: Option<VarId>,
}

/// The values a loop's index takes: `start, start + step, ...` below `end` (or up to
/// it, `inclusive`), visited from the last when `reversed`.
#[derive(Clone, Debug)]
pub struct Domain {
    /// The first value (before reversal), a `usize`.
    pub start: Expr,
    /// The bound, a `usize`.
    pub end: Expr,
    /// `a..=b`.
    pub inclusive: bool,
    /// The step (`step_by`), a `usize` (1 when `None`); zero is a run-time error.
    pub step: Option<Expr>,
    /// `(a..b).rev()`: the same values, last first (`rev` after `step_by` visits the
    /// stepped values backwards, as Rust's iterators do).
    pub reversed: bool,
}

/// How a loop's iterations may run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `for`: one after another, the result exactly Rust's.
    InOrder,
    /// `prange`: independent; reductions combine in the fixed documented order.
    Independent,
}

/// A scalar (or an array, element by element) a `prange` body reduces into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reduction {
    /// The outer scalar.
    pub var: VarId,
    /// What it computes.
    pub op: ReduceOp,
    /// The operator partial values combine with: the body's own (`+` for `-=`).
    pub combine: BinOp,
}

/// How a reduction's partial values combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceOp {
    /// `s += e` (and `s -= e`, adding `-e`).
    Add,
    /// `s *= e`.
    Mul,
    /// `s = max(s, e)` (Python's `max`).
    Max,
    /// `s = min(s, e)`.
    Min,
    /// `s |= e` on bools and integers.
    Or,
    /// `s &= e`.
    And,
    /// The online normaliser of an array kernel's plan: the body's `s += a` means
    /// `s = sum(exp(a - m))` over the loop's values `a`, with `m` (the variable `max`,
    /// declared before the loop, not written in its body) set to their maximum after the
    /// loop; both in one pass (`lanes::OnlineSum`). Only on lanes: a loop holding it must
    /// qualify ([`varying::analyse`]).
    OnlineExpSum {
        /// The variable that receives the maximum.
        max: VarId,
    },
}

/// An expression: its value's type, the user's span and source text.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// The type of its value.
    pub ty: ElemType,
    /// The user's tokens.
    pub span: Span,
    /// The user's source text, for run-time messages.
    pub text: String,
}

/// What an expression computes.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A literal, as decimal text without suffix (`true`/`false` for bools).
    Literal(String),
    /// `pi`, `inf`, `nan`.
    Constant(NamedConst),
    /// A scalar variable's value.
    Var(VarId),
    /// `array[index]`.
    Load {
        /// The array.
        array: VarId,
        /// The index, a `usize`.
        index: Box<Expr>,
    },
    /// `len(array)`, a `usize`.
    Len(VarId),
    /// A math function of one value, or `-x`.
    Unary(UnaryOp, Box<Expr>),
    /// Arithmetic and the two-value functions.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// A comparison, a `bool`.
    Compare(CompareOp, Box<Expr>, Box<Expr>),
    /// `!b` on a bool (`!x` on an integer flips its bits).
    Not(Box<Expr>),
    /// `a && b`: `b` evaluated only when `a` holds.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`: `b` evaluated only when `a` does not hold.
    Or(Box<Expr>, Box<Expr>),
    /// `value as ty` (the expression's type), Rust's `as`.
    Cast(Box<Expr>),
    /// `if cond { a } else { b }` of two values computed without statements.
    Select(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `a * b + c` with one rounding (Rust's `mul_add`), on floats.
    MulAdd(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A call of a Rust function (or another kernel) with scalar arguments, whose result
    /// has the type its use asks for (rustc checks the function's signature).
    RustCall(syn::Path, Vec<Expr>),
    /// A scalar array expression (`sum(x * y)`): `helpers[helper]` called with `args`.
    Helper {
        /// The index in [`Kernel::helpers`].
        helper: usize,
        /// What is passed, in the helper's parameter order.
        args: Vec<HelperArg>,
    },
}

/// Operators and functions of two values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+` (wrapping on integers).
    Add,
    /// `-` (wrapping on integers).
    Sub,
    /// `*` (wrapping on integers).
    Mul,
    /// `/` (truncating on integers; a zero divisor is an error).
    Div,
    /// `%` (the dividend's sign; a zero divisor is an error).
    Rem,
    /// Python's `max(a, b)`.
    PyMax,
    /// Python's `min(a, b)`.
    PyMin,
    /// Rust's `a.max(b)` (a NaN operand is ignored; `Ord::max` on integers).
    RustMax,
    /// Rust's `a.min(b)`.
    RustMin,
    /// NumPy's `maximum` (NaN propagates).
    Maximum,
    /// NumPy's `minimum`.
    Minimum,
    /// `power(x, y)`.
    Power,
    /// `&` on integers and bools (both sides evaluated).
    BitAnd,
    /// `|`.
    BitOr,
    /// `^`.
    BitXor,
}

impl BinOp {
    /// The operator's spelling, for `explain()`.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
            BinOp::PyMax => "max",
            BinOp::PyMin => "min",
            BinOp::RustMax => ".max",
            BinOp::RustMin => ".min",
            BinOp::Maximum => "maximum",
            BinOp::Minimum => "minimum",
            BinOp::Power => "power",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
        }
    }
}

impl Expr {
    /// `true` if `hit` holds for `self` or an expression inside it.
    pub fn any(&self, hit: &impl Fn(&Expr) -> bool) -> bool {
        if hit(self) {
            return true;
        }
        let r = |e: &Expr| e.any(hit);
        match &self.kind {
            ExprKind::Var(_) | ExprKind::Literal(_) | ExprKind::Constant(_) | ExprKind::Len(_) => {
                false
            }
            ExprKind::Load { index, .. } => r(index),
            ExprKind::Unary(_, a) | ExprKind::Not(a) | ExprKind::Cast(a) => r(a),
            ExprKind::Binary(_, a, b)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => r(a) || r(b),
            ExprKind::Select(c, a, b) | ExprKind::MulAdd(c, a, b) => r(c) || r(a) || r(b),
            ExprKind::Helper { args, .. } => args.iter().any(|a| a.bounds().any(&r)),
            ExprKind::RustCall(_, args) => args.iter().any(r),
        }
    }

    /// `true` if `e` reads a variable for which `hit` holds (directly, through an index,
    /// or as an array expression's argument or bound).
    pub fn reads_where(&self, hit: &impl Fn(VarId) -> bool) -> bool {
        self.any(&|e| match &e.kind {
            ExprKind::Var(v) => hit(*v),
            ExprKind::Helper { args, .. } => args.iter().any(|a| hit(a.var())),
            _ => false,
        })
    }
}

impl Kernel {
    /// The variable `id`.
    pub fn var(&self, id: VarId) -> &Var {
        &self.vars[id]
    }

    /// The kernel's [`StmtKind::Output`] array, if it has one.
    pub fn output(&self) -> Option<VarId> {
        self.body.iter().find_map(|s| match s.kind {
            StmtKind::Output { var, .. } => Some(var),
            _ => None,
        })
    }

    /// For each argument, `true` if the body stores into it (or passes it to a kernel
    /// call for a `&mut` parameter).
    pub fn written_params(&self) -> Vec<bool> {
        fn walk(b: &Block, out: &mut [bool]) {
            for s in b {
                match &s.kind {
                    StmtKind::Store { array, .. } => mark(out, *array),
                    StmtKind::CopyInto { view, .. } => mark(out, view.array),
                    StmtKind::CallKernel { args, .. } => {
                        for a in args {
                            if let CallArg::Write(v) = a {
                                mark(out, *v);
                            }
                        }
                    }
                    StmtKind::If {
                        then, otherwise, ..
                    } => {
                        walk(then, out);
                        walk(otherwise, out);
                    }
                    StmtKind::Loop(lp) => walk(&lp.body, out),
                    StmtKind::While { body, .. } => walk(body, out),
                    _ => {}
                }
            }
        }
        fn mark(out: &mut [bool], v: VarId) {
            if let Some(w) = out.get_mut(v) {
                *w = true;
            }
        }
        let mut out = vec![false; self.params];
        walk(&self.body, &mut out);
        out
    }
}

#[cfg(test)]
mod tests;
