//! The generated kernels as data: the same trees the printer writes as Rust source and the
//! reference interpreter evaluates, so the two can never drift apart.
//!
//! Every expression has a [`Ty`] (shape and kind) fixed when the grammar produced it; the
//! tree keeps only what the printer and the interpreter need. Spellings (`exp(x)` or
//! `x.exp()`, `len(x)` or `x.len()`) are recorded in the tree because the compiler must
//! treat them alike, and a failure must reproduce from the printed text.

/// The float element type a kernel computes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Elem {
    /// `f32` (`f4` in signatures).
    F32,
    /// `f64` (`f8`).
    F64,
}

impl Elem {
    /// The Rust type name.
    pub fn rust(self) -> &'static str {
        match self {
            Elem::F32 => "f32",
            Elem::F64 => "f64",
        }
    }

    /// The Numba signature code.
    pub fn numba(self) -> &'static str {
        match self {
            Elem::F32 => "f4",
            Elem::F64 => "f8",
        }
    }
}

/// Scalar or 1-D array. (2-D arrays are a version-2 shape: a new variant here, new
/// productions in the grammar, a new case in the interpreter.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// One value, broadcast against arrays.
    Scalar,
    /// A 1-D array of the kernel's length.
    Array,
}

/// What a value holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The kernel's float element type.
    Float,
    /// An index or a length (`argmax`, `len`, a `usize` argument): converts to the element
    /// type in arithmetic.
    Index,
    /// The result of a comparison: only `select` takes it.
    Mask,
}

/// The type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ty {
    /// Scalar or array.
    pub shape: Shape,
    /// What it holds.
    pub kind: Kind,
}

impl Ty {
    /// A float of the given shape.
    pub const fn float(shape: Shape) -> Ty {
        Ty {
            shape,
            kind: Kind::Float,
        }
    }
}

/// Integer scalar argument and result types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntTy {
    /// `i32` (`i4`).
    I32,
    /// `i64` (`i8`).
    I64,
    /// `usize` (`uintp`).
    Usize,
}

impl IntTy {
    /// The Rust type name.
    pub fn rust(self) -> &'static str {
        match self {
            IntTy::I32 => "i32",
            IntTy::I64 => "i64",
            IntTy::Usize => "usize",
        }
    }

    /// The Numba signature code.
    pub fn numba(self) -> &'static str {
        match self {
            IntTy::I32 => "i4",
            IntTy::I64 => "i8",
            IntTy::Usize => "uintp",
        }
    }
}

/// How an argument is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamTy {
    /// `&[T]` (or `&mut [T]`); `contiguous` writes `T[::1]` in a signature, else `T[:]`.
    Array {
        /// `&mut [T]`.
        mutable: bool,
        /// The signature's layout.
        contiguous: bool,
    },
    /// A scalar of the element type.
    Float,
    /// An integer scalar (converted to the element type in arithmetic).
    Int(IntTy),
}

/// One argument.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: ParamTy,
}

/// What a kernel returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetTy {
    /// `Vec<T>`.
    Array,
    /// `T`.
    Float,
    /// An integer (an index or a length).
    Index(IntTy),
}

/// A `let` annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Annotation {
    /// None.
    None,
    /// `: T` (the element type).
    Scalar,
    /// `: usize` and the other integer types, for indices.
    Index(IntTy),
    /// `: Vec<T>`.
    Vec,
    /// `: &[T]`.
    Slice,
}

/// One `let`.
#[derive(Clone, Debug, PartialEq)]
pub struct Let {
    /// The bound name.
    pub name: String,
    /// Its annotation.
    pub annotation: Annotation,
    /// Its value.
    pub value: Expr,
    /// The value's type.
    pub ty: Ty,
}

/// How a Numba signature string is written, when the kernel has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SigStyle {
    /// `ret(args)`.
    Full,
    /// `(args)`: the result from the Rust fn.
    ArgsOnly,
}

/// The attribute's options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Attrs {
    /// `parallel`.
    pub parallel: bool,
    /// `fastmath`.
    pub fastmath: bool,
    /// `nogil` (accepted, no effect).
    pub nogil: bool,
    /// `cache` (accepted, no effect).
    pub cache: bool,
    /// `signature = "..."`.
    pub signature: Option<SigStyle>,
}

/// Functions of one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unary {
    /// `-x`
    Neg,
    /// `exp`
    Exp,
    /// `exp2`
    Exp2,
    /// `expm1` (`exp_m1`)
    Expm1,
    /// `log` (`ln`)
    Log,
    /// `log2`
    Log2,
    /// `log10`
    Log10,
    /// `log1p` (`ln_1p`)
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

impl Unary {
    /// Every function (not `Neg`), for the grammar's choices.
    pub const FUNCTIONS: [Unary; 15] = [
        Unary::Exp,
        Unary::Exp2,
        Unary::Expm1,
        Unary::Log,
        Unary::Log2,
        Unary::Log10,
        Unary::Log1p,
        Unary::Sqrt,
        Unary::Abs,
        Unary::Sin,
        Unary::Cos,
        Unary::Tan,
        Unary::Tanh,
        Unary::Floor,
        Unary::Ceil,
    ];

    /// The free-function name.
    pub fn function(self) -> &'static str {
        match self {
            Unary::Neg => "-",
            Unary::Exp => "exp",
            Unary::Exp2 => "exp2",
            Unary::Expm1 => "expm1",
            Unary::Log => "log",
            Unary::Log2 => "log2",
            Unary::Log10 => "log10",
            Unary::Log1p => "log1p",
            Unary::Sqrt => "sqrt",
            Unary::Abs => "abs",
            Unary::Sin => "sin",
            Unary::Cos => "cos",
            Unary::Tan => "tan",
            Unary::Tanh => "tanh",
            Unary::Floor => "floor",
            Unary::Ceil => "ceil",
        }
    }

    /// The Rust method name.
    pub fn method(self) -> &'static str {
        match self {
            Unary::Expm1 => "exp_m1",
            Unary::Log => "ln",
            Unary::Log1p => "ln_1p",
            other => other.function(),
        }
    }

    /// `true` for the math library's functions (≤ 2 ULP, not correctly rounded).
    pub fn is_library(self) -> bool {
        !matches!(
            self,
            Unary::Neg | Unary::Sqrt | Unary::Abs | Unary::Floor | Unary::Ceil
        )
    }
}

/// Functions of two values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Binary {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// NumPy `maximum` (`a.max(b)`), NaN propagating.
    Maximum,
    /// NumPy `minimum` (`a.min(b)`), NaN propagating.
    Minimum,
    /// `power` (`a.powf(b)`).
    Power,
}

impl Binary {
    /// The operator, or the free-function name.
    pub fn function(self) -> &'static str {
        match self {
            Binary::Add => "+",
            Binary::Sub => "-",
            Binary::Mul => "*",
            Binary::Div => "/",
            Binary::Maximum => "maximum",
            Binary::Minimum => "minimum",
            Binary::Power => "power",
        }
    }

    /// The Rust method name (functions only).
    pub fn method(self) -> &'static str {
        match self {
            Binary::Maximum => "max",
            Binary::Minimum => "min",
            Binary::Power => "powf",
            other => other.function(),
        }
    }

    /// `true` for `+ - * /`.
    pub fn is_operator(self) -> bool {
        matches!(self, Binary::Add | Binary::Sub | Binary::Mul | Binary::Div)
    }
}

/// Comparisons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmp {
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

impl Cmp {
    /// Every comparison.
    pub const ALL: [Cmp; 6] = [Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge, Cmp::Eq, Cmp::Ne];

    /// The operator.
    pub fn op(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
        }
    }
}

/// Reductions of an array to a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reduce {
    /// `sum`, 0 when empty.
    Sum,
    /// `prod`, 1 when empty.
    Prod,
    /// `max` (NaN propagates), an error when empty.
    Max,
    /// `min` (NaN propagates), an error when empty.
    Min,
    /// `mean`, an error when empty.
    Mean,
}

impl Reduce {
    /// The function name.
    pub fn name(self) -> &'static str {
        match self {
            Reduce::Sum => "sum",
            Reduce::Prod => "prod",
            Reduce::Max => "max",
            Reduce::Min => "min",
            Reduce::Mean => "mean",
        }
    }

    /// `true` when the reduction of an empty array is an error.
    pub fn needs_elements(self) -> bool {
        matches!(self, Reduce::Max | Reduce::Min | Reduce::Mean)
    }
}

/// A function or a method spelling of the same operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Spell {
    /// `exp(x)`
    Function,
    /// `x.exp()`
    Method,
}

/// `pi`, `inf`, `nan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Constant {
    /// π
    Pi,
    /// +∞
    Inf,
    /// A quiet NaN.
    Nan,
}

impl Constant {
    /// The language's name.
    pub fn name(self) -> &'static str {
        match self {
            Constant::Pi => "pi",
            Constant::Inf => "inf",
            Constant::Nan => "nan",
        }
    }
}

/// An expression of the kernel language.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Argument `i`.
    Param(usize),
    /// The `let` number `i`.
    Local(usize),
    /// A numeric literal as written (it takes the element type).
    Lit(String),
    /// `pi`, `inf`, `nan`.
    Const(Constant),
    /// A function of one value.
    Unary(Unary, Spell, Box<Expr>),
    /// A function of two values (`Spell` matters for the non-operators).
    Binary(Binary, Spell, Box<Expr>, Box<Expr>),
    /// `x.recip()`: `1 / x`.
    Recip(Box<Expr>),
    /// `a.mul_add(b, c)`: `a * b + c` with one rounding.
    MulAdd(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `clip(x, lo, hi)` / `x.clamp(lo, hi)`: `minimum(maximum(x, lo), hi)`.
    Clip(Spell, Box<Expr>, Box<Expr>, Box<Expr>),
    /// A comparison: a mask.
    Compare(Cmp, Box<Expr>, Box<Expr>),
    /// `select(mask, a, b)`.
    Select(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A reduction of an array.
    Reduce(Reduce, Box<Expr>),
    /// `dot(x, y)`: `sum(x * y)`.
    Dot(Box<Expr>, Box<Expr>),
    /// `len(x)` / `x.len()`.
    Len(Spell, Box<Expr>),
    /// `argmax(x)` (`true`) or `argmin(x)`.
    ArgExtreme(bool, Box<Expr>),
    /// A call of kernel number `callee` of the corpus (a ufunc-style kernel, applied
    /// elementwise when an argument is an array).
    Call(usize, Vec<Expr>),
    /// Parentheses the printer would not need (they change nothing).
    Paren(Box<Expr>),
}

/// The range of values drawn for a kernel's inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    /// Smallest value.
    pub lo: f64,
    /// Largest value.
    pub hi: f64,
}

/// One generated kernel.
#[derive(Clone, Debug, PartialEq)]
pub struct Kernel {
    /// Its name (unique in the corpus).
    pub name: String,
    /// The element type.
    pub elem: Elem,
    /// The attribute.
    pub attrs: Attrs,
    /// The arguments.
    pub params: Vec<Param>,
    /// The `let`s, in order.
    pub lets: Vec<Let>,
    /// The final expression.
    pub result: Expr,
    /// Its type as declared.
    pub ret: RetTy,
    /// `return e;` rather than a tail expression.
    pub explicit_return: bool,
    /// Where array inputs are drawn from.
    pub array_domain: Domain,
    /// Where float scalar inputs are drawn from.
    pub scalar_domain: Domain,
}

impl Kernel {
    /// `true` for a kernel whose arguments are all scalars: applied to arrays it acts
    /// elementwise (a ufunc).
    pub fn is_ufunc(&self) -> bool {
        self.params
            .iter()
            .all(|p| !matches!(p.ty, ParamTy::Array { .. }))
    }

    /// The argument indices that are arrays.
    pub fn array_params(&self) -> Vec<usize> {
        (0..self.params.len())
            .filter(|&i| matches!(self.params[i].ty, ParamTy::Array { .. }))
            .collect()
    }
}

/// Every kernel generated from one seed. A kernel may call only earlier ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Corpus {
    /// The seed.
    pub seed: u64,
    /// The kernels.
    pub kernels: Vec<Kernel>,
}

impl Expr {
    /// `Box`es `self`.
    pub fn boxed(self) -> Box<Expr> {
        Box::new(self)
    }

    /// The direct subexpressions, in order.
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Param(_) | Expr::Local(_) | Expr::Lit(_) | Expr::Const(_) => vec![],
            Expr::Unary(_, _, a)
            | Expr::Recip(a)
            | Expr::Reduce(_, a)
            | Expr::Len(_, a)
            | Expr::ArgExtreme(_, a)
            | Expr::Paren(a) => vec![a],
            Expr::Binary(_, _, a, b) | Expr::Compare(_, a, b) | Expr::Dot(a, b) => vec![a, b],
            Expr::MulAdd(a, b, c) | Expr::Clip(_, a, b, c) | Expr::Select(a, b, c) => {
                vec![a, b, c]
            }
            Expr::Call(_, args) => args.iter().collect(),
        }
    }

    /// Applies `f` to each direct subexpression, in order.
    pub fn map_children(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        match self {
            Expr::Param(_) | Expr::Local(_) | Expr::Lit(_) | Expr::Const(_) => {}
            Expr::Unary(_, _, a)
            | Expr::Recip(a)
            | Expr::Reduce(_, a)
            | Expr::Len(_, a)
            | Expr::ArgExtreme(_, a)
            | Expr::Paren(a) => f(a),
            Expr::Binary(_, _, a, b) | Expr::Compare(_, a, b) | Expr::Dot(a, b) => {
                f(a);
                f(b);
            }
            Expr::MulAdd(a, b, c) | Expr::Clip(_, a, b, c) | Expr::Select(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            Expr::Call(_, args) => args.iter_mut().for_each(f),
        }
    }

    /// `true` if `pred` holds for `self` or any subexpression (not looking through `let`s).
    pub fn any(&self, pred: &dyn Fn(&Expr) -> bool) -> bool {
        pred(self) || self.children().into_iter().any(|c| c.any(pred))
    }
}
