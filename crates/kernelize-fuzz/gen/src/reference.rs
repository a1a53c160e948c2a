//! The reference interpreter: interval arithmetic over the set of results a correct
//! kernel may return.
//!
//! Every value is a [`Val`]: either one exact value (`Point`) or an interval `[lo, hi]` of
//! the kernel's element type that contains every result the kernel may compute, with a
//! flag saying whether NaN is possible. A kernel result passes when it lies in the
//! interval (or equals the point bit for bit, sign of zero included; NaN where NaN is
//! possible). The rules are derived from what the language documents, never tuned:
//!
//! - **Correctly rounded operations** (`+ - * /`, `sqrt`, `mul_add`, negation, `abs`,
//!   `floor`, `ceil`, `maximum`/`minimum` (NaN propagating, +0 above −0, the runtime's
//!   documented order), comparisons, `select`): on points, the
//!   IEEE result in the kernel's type (computed in that type: exact). On intervals, the
//!   operation on the interval's corners in the kernel's type: rounding to nearest is
//!   monotone, so the kernel's result on any operands inside the intervals lies between
//!   the rounded corner results (no widening at all). Without `fastmath` nothing is
//!   contracted; with it, `a * b ± c` and `c ± a * b` are one fused multiply-add, exactly
//!   as the compiler's rule (`lang::lower::contract`) writes them.
//! - **Library functions** (`exp exp2 expm1 log log2 log10 log1p sin cos tan tanh power`):
//!   at most 2 ULP of the exact result in the kernel's type (the runtime's documented
//!   bound, `kernelize_runtime::math`), where one ULP of `y` is at most `2u|y|` for normal
//!   `y` and the smallest subnormal below; the exact result is bracketed by the reference's
//!   `f64` libm value ± 2 ULP of `f64` (glibc's documented worst cases are ≤ 2 ULP). On an
//!   interval, the function's extreme values over it (monotone functions at the ends;
//!   `sin`/`cos` at the ends and every critical point inside) get those margins, then
//!   round outward onto the type's grid. Special arguments (±0, ±∞, NaN) give the C99
//!   Annex F values exactly, as the runtime documents.
//! - **Sums** (`sum`, `mean`, `dot`): the kernel adds in a fixed blocked order where every
//!   term passes through at most `k = sum_depth(n)` roundings (the bound
//!   `tests/conformance/harness.rs` states for the cascade), so the result is within
//!   `γ_k · Σ|t_i|` of the exact sum of the terms it added, `γ_k = k u / (1 - k u)`
//!   (Higham, *Accuracy and Stability*, §4.2). The exact sum of terms in their intervals
//!   lies between the sums of the ends, which the reference adds in `f64` with a
//!   compensated sum (Ogita, Rump and Oishi's Sum2: error ≤ `u|S| + γ²_{n-1} Σ|t|`), widened
//!   by that error. When partial sums could overflow the result may be anything.
//! - **Online softmax sums** `sum(exp(A - max(A)))`: the compiler may compute them with a
//!   running maximum that rescales partial sums (`plan::find_online`). A term then is
//!   `exp(A_i - m_r)` times at most `R = rescale_depth(n)` factors `exp(m_j - m_{j+1})`,
//!   each argument rounded once (error ≤ `u·D`, `D = max(A) - min(A)`), each `exp` ≤ 2
//!   ULP and each product one rounding: relative to `exp(A_i - max(A))`, within
//!   `ρ₁ = e^{(R+1)uD}(1+4u)^{R+1}(1+u)^R - 1`; the reference's own term is within
//!   `ρ₀ = e^{uD}(1+4u) - 1` of it; so terms widen by `(1+ρ₀)(1+ρ₁) - 1` before the sum.
//! - **Products** (`prod`): any order of `n` factors rounds `n - 1` times, so within `γ_n
//!   |P|`; each rounding in the subnormal range adds at most half a subnormal times the
//!   largest later partial product, bounded by `Π max(1, |t_i|)`; partial products that
//!   could overflow make the result anything (NaN included, as `0 · ∞`).
//! - **`max`, `min`, `argmax`, `argmin`, `len`**: exact (NaN propagates; +0 counts as
//!   larger than −0, as in `maximum`; `argmax` returns the first NaN's index, else the
//!   first index of the extreme). On intervals, every index that could hold the extreme
//!   is a candidate and the result is their hull.
//! - **Empty arrays**: `max min mean argmax argmin` of an empty array are an error
//!   (NumPy's `ValueError`), wherever they appear in the kernel (NumPy evaluates every
//!   operand, `select`'s untaken branch included); `sum` is 0 and `prod` 1.

use crate::ast::{Binary, Cmp, Constant, Corpus, Expr, Kernel, Reduce, Shape, Unary};
use crate::float::Float;

/// `parallel::CHUNK`, the reduction chunk (mirrored; the harness checks it equals the
/// runtime's).
pub const CHUNK: usize = 1 << 14;

/// `backend::kernel::BLOCK`, the sum cascade's block in vectors per accumulator
/// (mirrored, as `tests/conformance/harness.rs` does).
pub const BLOCK: usize = 32;

/// The library functions' documented bound, in ULP.
const LIBRARY_ULPS: f64 = 2.0;

/// The reference libm's error allowance, in ULP of `f64`.
const REFERENCE_ULPS: f64 = 2.0;

/// The number of roundings a term of an `n`-element kernel sum passes through at most
/// (`tests/conformance/harness.rs`'s `sum_depth`): at one lane, an accumulator sees `m =
/// ceil(min(n, CHUNK) / 4)` terms, at most `BLOCK` in a block and `ceil(m / BLOCK)` block
/// partials; 2 levels combine the accumulators, at most 6 the lanes, `ceil(log2(chunks))`
/// the chunks.
pub fn sum_depth(n: usize) -> f64 {
    let chunks = n.div_ceil(CHUNK).max(1);
    let m = n.min(CHUNK).div_ceil(4);
    (m.min(BLOCK) + m.div_ceil(BLOCK) + 8 + (chunks as f64).log2().ceil() as usize) as f64
}

/// The number of rescales a term of an online max+sum passes through at most
/// (`tests/conformance/harness.rs`'s `rescale_depth`).
pub fn rescale_depth(n: usize) -> f64 {
    let chunks = n.div_ceil(CHUNK).max(1);
    (n.min(CHUNK).div_ceil(4 * BLOCK) + 1 + (chunks as f64).log2().ceil() as usize) as f64
}

/// `γ_k = k u / (1 - k u)`.
fn gamma(k: f64, u: f64) -> f64 {
    k * u / (1.0 - k * u)
}

// ---------------------------------------------------------------------------------------
// Values.

/// What the kernel may return for one element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val<T> {
    /// Exactly this value (NaN: exactly NaN).
    Point(T),
    /// Any value in `[lo, hi]` (as reals: both zeros alike), and NaN if `nan`.
    Span {
        /// Smallest value.
        lo: T,
        /// Largest value.
        hi: T,
        /// NaN is possible.
        nan: bool,
    },
}

impl<T: Float> Val<T> {
    fn span(lo: T, hi: T, nan: bool) -> Val<T> {
        debug_assert!(!lo.is_nan() && !hi.is_nan(), "span ends are numbers");
        Val::Span { lo, hi, nan }
    }

    fn nan() -> Val<T> {
        Val::Point(T::NAN)
    }

    fn everything() -> Val<T> {
        Val::span(-T::INFINITY, T::INFINITY, true)
    }

    /// `true` if the value is NaN for certain.
    pub fn is_nan(&self) -> bool {
        matches!(self, Val::Point(p) if p.is_nan())
    }

    /// `true` if NaN is possible.
    pub fn may_be_nan(&self) -> bool {
        match *self {
            Val::Point(p) => p.is_nan(),
            Val::Span { nan, .. } => nan,
        }
    }

    /// The numeric ends, or `None` if the value is NaN for certain.
    pub fn ends(&self) -> Option<(T, T)> {
        match *self {
            Val::Point(p) if p.is_nan() => None,
            Val::Point(p) => Some((p, p)),
            Val::Span { lo, hi, .. } => Some((lo, hi)),
        }
    }

    fn point(&self) -> Option<T> {
        match *self {
            Val::Point(p) => Some(p),
            Val::Span { .. } => None,
        }
    }

    /// `true` if `got` is a result the kernel may return.
    pub fn admits(&self, got: T) -> bool {
        match *self {
            Val::Point(p) if p.is_nan() => got.is_nan(),
            Val::Point(p) => got.bits() == p.bits(),
            Val::Span { lo, hi, nan } => {
                if got.is_nan() {
                    nan
                } else {
                    lo <= got && got <= hi
                }
            }
        }
    }

    /// The smallest value holding both.
    fn hull(a: &Val<T>, b: &Val<T>) -> Val<T> {
        if let (Val::Point(x), Val::Point(y)) = (a, b)
            && (x.bits() == y.bits() || (x.is_nan() && y.is_nan()))
        {
            return *a;
        }
        let nan = a.may_be_nan() || b.may_be_nan();
        match (a.ends(), b.ends()) {
            (None, None) => Val::nan(),
            (Some((l, h)), None) | (None, Some((l, h))) => Val::span(l, h, true),
            (Some((l1, h1)), Some((l2, h2))) => Val::span(
                if l1 < l2 { l1 } else { l2 },
                if h1 > h2 { h1 } else { h2 },
                nan,
            ),
        }
    }

    fn can_be_pos_inf(&self) -> bool {
        self.ends().is_some_and(|(_, h)| h == T::INFINITY)
    }

    fn can_be_neg_inf(&self) -> bool {
        self.ends().is_some_and(|(l, _)| l == -T::INFINITY)
    }

    fn can_be_inf(&self) -> bool {
        self.can_be_pos_inf() || self.can_be_neg_inf()
    }

    fn can_be_zero(&self) -> bool {
        self.ends()
            .is_some_and(|(l, h)| l <= T::ZERO && h >= T::ZERO)
    }
}

/// A comparison's outcome for one element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    /// True for certain.
    True,
    /// False for certain.
    False,
    /// Either.
    Unknown,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// A value of any shape: a scalar is one element broadcast.
#[derive(Clone, Debug)]
enum Value<T> {
    Float(Shape, Vec<Val<T>>),
    Mask(Shape, Vec<Tri>),
}

impl<T: Float> Value<T> {
    fn floats(&self) -> (Shape, &[Val<T>]) {
        match self {
            Value::Float(s, v) => (*s, v),
            Value::Mask(..) => unreachable!("a mask where a float was expected"),
        }
    }
}

/// One argument as the reference receives it.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a, T> {
    /// An array.
    Array(&'a [T]),
    /// A float scalar.
    Float(T),
    /// An integer scalar.
    Int(i64),
}

/// The kernel's result as the reference predicts it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// One value per element.
    Array(Vec<Val<T>>),
    /// One value (an index result converted to the element type).
    Scalar(Val<T>),
}

/// A reduction without identity met an empty array: the kernel must return `Err`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmptyReduction {
    /// `max`, `min`, `mean`, `argmax` or `argmin`.
    pub reduction: &'static str,
}

/// Evaluates kernel `kernel` of `corpus` on `args` (one per parameter, in order; arrays
/// of one length).
pub fn evaluate<T: Float>(
    corpus: &Corpus,
    kernel: usize,
    args: &[Arg<'_, T>],
) -> Result<Outcome<T>, EmptyReduction> {
    let k = &corpus.kernels[kernel];
    assert_eq!(args.len(), k.params.len(), "one argument per parameter");
    let n = args
        .iter()
        .find_map(|a| match a {
            Arg::Array(x) => Some(x.len()),
            _ => None,
        })
        .unwrap_or(1);
    let values = args
        .iter()
        .map(|a| match *a {
            Arg::Array(x) => {
                assert_eq!(x.len(), n, "arrays of one length");
                Value::Float(Shape::Array, x.iter().map(|&v| Val::Point(v)).collect())
            }
            Arg::Float(v) => Value::Float(Shape::Scalar, vec![Val::Point(v)]),
            Arg::Int(i) => Value::Float(Shape::Scalar, vec![Val::Point(T::from_f64(i as f64))]),
        })
        .collect();
    let mut ev = Evaluator {
        corpus,
        kernel: k,
        n,
        params: values,
        lets: Vec::new(),
    };
    ev.run_lets()?;
    let result = ev.eval(&k.result)?;
    Ok(match result {
        Value::Float(Shape::Array, v) => Outcome::Array(v),
        Value::Float(Shape::Scalar, v) => Outcome::Scalar(v[0]),
        Value::Mask(..) => unreachable!("a kernel does not return a mask"),
    })
}

struct Evaluator<'a, T> {
    corpus: &'a Corpus,
    kernel: &'a Kernel,
    n: usize,
    params: Vec<Value<T>>,
    lets: Vec<Value<T>>,
}

type Eval<T> = Result<Value<T>, EmptyReduction>;

impl<T: Float> Evaluator<'_, T> {
    fn run_lets(&mut self) -> Result<(), EmptyReduction> {
        for l in &self.kernel.lets {
            let v = self.eval(&l.value)?;
            self.lets.push(v);
        }
        Ok(())
    }

    fn resolve<'e>(&'e self, e: &'e Expr) -> &'e Expr {
        resolve(self.kernel, e)
    }

    fn online_operand<'e>(&'e self, e: &'e Expr) -> Option<&'e Expr> {
        online_operand(self.kernel, e)
    }

    /// The operands of `e` if it is a product (through `let`s and parentheses).
    fn product<'e>(&'e self, e: &'e Expr) -> Option<(&'e Expr, &'e Expr)> {
        match self.resolve(e) {
            Expr::Binary(Binary::Mul, _, a, b) => Some((a, b)),
            _ => None,
        }
    }

    fn eval(&self, e: &Expr) -> Eval<T> {
        match e {
            Expr::Param(i) => Ok(self.params[*i].clone()),
            Expr::Local(i) => Ok(self.lets[*i].clone()),
            Expr::Paren(a) => self.eval(a),
            Expr::Lit(text) => Ok(scalar(Val::Point(T::parse(text)))),
            Expr::Const(c) => Ok(scalar(Val::Point(match c {
                Constant::Pi => T::pi(),
                Constant::Inf => T::INFINITY,
                Constant::Nan => T::NAN,
            }))),
            Expr::Unary(op, _, a) => {
                let a = self.eval(a)?;
                Ok(map1(&a, |x| unary(*op, x)))
            }
            Expr::Binary(op @ (Binary::Add | Binary::Sub), _, a, b)
                if self.kernel.attrs.fastmath =>
            {
                self.contracted(*op, a, b)
            }
            Expr::Binary(op, _, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                Ok(map2(&a, &b, |x, y| binary(*op, x, y)))
            }
            Expr::Recip(a) => {
                let a = self.eval(a)?;
                Ok(map1(&a, |x| binary(Binary::Div, &Val::Point(T::ONE), x)))
            }
            Expr::MulAdd(a, b, c) => {
                let (a, b, c) = (self.eval(a)?, self.eval(b)?, self.eval(c)?);
                Ok(map3(&a, &b, &c, mul_add))
            }
            Expr::Clip(_, a, lo, hi) => {
                let (a, lo, hi) = (self.eval(a)?, self.eval(lo)?, self.eval(hi)?);
                Ok(map3(&a, &lo, &hi, |x, l, h| {
                    binary(Binary::Minimum, &binary(Binary::Maximum, x, l), h)
                }))
            }
            Expr::Compare(op, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                let (sa, va) = a.floats();
                let (sb, vb) = b.floats();
                let shape = combine(sa, sb);
                let len = self.len_of(shape);
                let out = (0..len)
                    .map(|i| compare(*op, at(va, sa, i), at(vb, sb, i)))
                    .collect();
                Ok(Value::Mask(shape, out))
            }
            Expr::Select(m, a, b) => {
                let (m, a, b) = (self.eval(m)?, self.eval(a)?, self.eval(b)?);
                let Value::Mask(sm, vm) = &m else {
                    unreachable!("select's first argument is a mask")
                };
                let (sa, va) = a.floats();
                let (sb, vb) = b.floats();
                let shape = combine(combine(*sm, sa), sb);
                let len = self.len_of(shape);
                let out = (0..len)
                    .map(|i| {
                        let mi = if *sm == Shape::Array { vm[i] } else { vm[0] };
                        match mi {
                            Tri::True => *at(va, sa, i),
                            Tri::False => *at(vb, sb, i),
                            Tri::Unknown => Val::hull(at(va, sa, i), at(vb, sb, i)),
                        }
                    })
                    .collect();
                Ok(Value::Float(shape, out))
            }
            Expr::Reduce(r, a) => self.reduce(*r, a),
            Expr::Dot(a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                let p = map2(&a, &b, |x, y| binary(Binary::Mul, x, y));
                Ok(scalar(sum(p.floats().1, None)))
            }
            Expr::Len(_, a) => {
                // NumPy evaluates the operand (an empty `max` inside it is an error).
                self.eval(a)?;
                Ok(scalar(Val::Point(T::from_usize(self.n))))
            }
            Expr::ArgExtreme(max, a) => {
                let a = self.eval(a)?;
                if self.n == 0 {
                    return Err(EmptyReduction {
                        reduction: if *max { "argmax" } else { "argmin" },
                    });
                }
                Ok(scalar(arg_extreme(a.floats().1, *max)))
            }
            Expr::Call(callee, args) => {
                let k = &self.corpus.kernels[*callee];
                let mut params = Vec::new();
                for a in args {
                    params.push(self.eval(a)?);
                }
                let mut ev = Evaluator {
                    corpus: self.corpus,
                    kernel: k,
                    n: self.n,
                    params,
                    lets: Vec::new(),
                };
                ev.run_lets()?;
                // Applied to arrays, a ufunc's result is an array even where its body
                // does not read every argument. (A kernel taking arrays returns what it
                // returns: an array or one value.)
                let arrays = ev.params.iter().any(|p| p.floats().0 == Shape::Array);
                match ev.eval(&k.result)? {
                    Value::Float(Shape::Scalar, v) if k.is_ufunc() && arrays => {
                        Ok(Value::Float(Shape::Array, vec![v[0]; self.n]))
                    }
                    other => Ok(other),
                }
            }
        }
    }

    fn len_of(&self, shape: Shape) -> usize {
        match shape {
            Shape::Scalar => 1,
            Shape::Array => self.n,
        }
    }

    /// `fastmath`'s contraction, as the compiler writes it: the left operand's product
    /// first.
    fn contracted(&self, op: Binary, a: &Expr, b: &Expr) -> Eval<T> {
        let neg = |v: &Value<T>| map1(v, |x| unary(Unary::Neg, x));
        match (op, self.product(a), self.product(b)) {
            (Binary::Add, Some((x, y)), _) => {
                let (x, y, c) = (self.eval(x)?, self.eval(y)?, self.eval(b)?);
                Ok(map3(&x, &y, &c, mul_add))
            }
            (Binary::Add, None, Some((x, y))) => {
                let (x, y, c) = (self.eval(x)?, self.eval(y)?, self.eval(a)?);
                Ok(map3(&x, &y, &c, mul_add))
            }
            (Binary::Sub, Some((x, y)), _) => {
                let (x, y, c) = (self.eval(x)?, self.eval(y)?, self.eval(b)?);
                Ok(map3(&x, &y, &neg(&c), mul_add))
            }
            (Binary::Sub, None, Some((x, y))) => {
                let (x, y, c) = (self.eval(x)?, self.eval(y)?, self.eval(a)?);
                Ok(map3(&neg(&x), &y, &c, mul_add))
            }
            _ => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                Ok(map2(&a, &b, |x, y| binary(op, x, y)))
            }
        }
    }

    fn reduce(&self, r: Reduce, a: &Expr) -> Eval<T> {
        let v = self.eval(a)?;
        let vals = v.floats().1;
        if self.n == 0 && r.needs_elements() {
            return Err(EmptyReduction {
                reduction: r.name(),
            });
        }
        // `mean` is a sum divided by the length, so its sum may run online too.
        let online = match (r, self.online_operand(a)) {
            (Reduce::Sum | Reduce::Mean, Some(arr)) => Some(spread(self.eval(arr)?.floats().1)),
            _ => None,
        };
        Ok(scalar(match r {
            Reduce::Sum => sum(vals, online),
            Reduce::Mean => binary(
                Binary::Div,
                &sum(vals, online),
                &Val::Point(T::from_usize(self.n)),
            ),
            Reduce::Prod => prod(vals),
            Reduce::Max => extreme(vals, true),
            Reduce::Min => extreme(vals, false),
        }))
    }
}

/// `e` through `let`s and parentheses.
fn resolve<'e>(k: &'e Kernel, mut e: &'e Expr) -> &'e Expr {
    loop {
        match e {
            Expr::Local(i) => e = &k.lets[*i].value,
            Expr::Paren(a) => e = a,
            _ => return e,
        }
    }
}

/// Structural equality through `let`s and parentheses (spellings alike), at least as
/// coarse as the compiler's sharing of identical nodes.
fn same(k: &Kernel, a: &Expr, b: &Expr) -> bool {
    let (a, b) = (resolve(k, a), resolve(k, b));
    let shallow = match (a, b) {
        (Expr::Param(x), Expr::Param(y)) => x == y,
        (Expr::Lit(x), Expr::Lit(y)) => x == y,
        (Expr::Const(x), Expr::Const(y)) => x == y,
        (Expr::Unary(x, ..), Expr::Unary(y, ..)) => x == y,
        (Expr::Binary(x, ..), Expr::Binary(y, ..)) => x == y,
        (Expr::Compare(x, ..), Expr::Compare(y, ..)) => x == y,
        (Expr::Reduce(x, _), Expr::Reduce(y, _)) => x == y,
        (Expr::ArgExtreme(x, _), Expr::ArgExtreme(y, _)) => x == y,
        (Expr::Call(x, _), Expr::Call(y, _)) => x == y,
        (Expr::Recip(_), Expr::Recip(_))
        | (Expr::MulAdd(..), Expr::MulAdd(..))
        | (Expr::Clip(..), Expr::Clip(..))
        | (Expr::Select(..), Expr::Select(..))
        | (Expr::Dot(..), Expr::Dot(..))
        | (Expr::Len(..), Expr::Len(..)) => true,
        _ => false,
    };
    shallow && {
        let (ca, cb) = (a.children(), b.children());
        ca.len() == cb.len() && ca.iter().zip(&cb).all(|(x, y)| same(k, x, y))
    }
}

/// `A` if `e` is `exp(A - max(A))` (the online normaliser's term).
fn online_operand<'e>(k: &'e Kernel, e: &'e Expr) -> Option<&'e Expr> {
    let Expr::Unary(Unary::Exp, _, d) = resolve(k, e) else {
        return None;
    };
    let Expr::Binary(Binary::Sub, _, a, m) = resolve(k, d) else {
        return None;
    };
    let Expr::Reduce(Reduce::Max, a2) = resolve(k, m) else {
        return None;
    };
    same(k, a, a2).then_some(a)
}

/// `true` if kernel `kernel` (or a kernel it calls) sums `exp(A - max(A))`, which the
/// compiler may compute with the online normaliser (a plan chosen by input size).
pub fn has_online_sum(corpus: &Corpus, kernel: usize) -> bool {
    let k = &corpus.kernels[kernel];
    let found = |e: &Expr| match e {
        Expr::Reduce(Reduce::Sum | Reduce::Mean, a) => online_operand(k, a).is_some(),
        Expr::Call(c, _) => has_online_sum(corpus, *c),
        _ => false,
    };
    std::iter::once(&k.result)
        .chain(k.lets.iter().map(|l| &l.value))
        .any(|e| e.any(&found))
}

fn scalar<T>(v: Val<T>) -> Value<T> {
    Value::Float(Shape::Scalar, vec![v])
}

fn combine(a: Shape, b: Shape) -> Shape {
    if a == Shape::Array || b == Shape::Array {
        Shape::Array
    } else {
        Shape::Scalar
    }
}

fn at<T>(v: &[Val<T>], s: Shape, i: usize) -> &Val<T> {
    match s {
        Shape::Scalar => &v[0],
        Shape::Array => &v[i],
    }
}

/// The length of an elementwise combination: its arrays' (1 for scalars alone).
fn array_len(operands: &[(Shape, usize)]) -> usize {
    operands
        .iter()
        .find(|(s, _)| *s == Shape::Array)
        .map_or(1, |&(_, n)| n)
}

fn map1<T: Float>(a: &Value<T>, f: impl Fn(&Val<T>) -> Val<T>) -> Value<T> {
    let (s, v) = a.floats();
    Value::Float(s, v.iter().map(f).collect())
}

fn map2<T: Float>(a: &Value<T>, b: &Value<T>, f: impl Fn(&Val<T>, &Val<T>) -> Val<T>) -> Value<T> {
    let (sa, va) = a.floats();
    let (sb, vb) = b.floats();
    let s = combine(sa, sb);
    let len = array_len(&[(sa, va.len()), (sb, vb.len())]);
    Value::Float(
        s,
        (0..len).map(|i| f(at(va, sa, i), at(vb, sb, i))).collect(),
    )
}

fn map3<T: Float>(
    a: &Value<T>,
    b: &Value<T>,
    c: &Value<T>,
    f: impl Fn(&Val<T>, &Val<T>, &Val<T>) -> Val<T>,
) -> Value<T> {
    let (sa, va) = a.floats();
    let (sb, vb) = b.floats();
    let (sc, vc) = c.floats();
    let s = combine(combine(sa, sb), sc);
    let len = array_len(&[(sa, va.len()), (sb, vb.len()), (sc, vc.len())]);
    Value::Float(
        s,
        (0..len)
            .map(|i| f(at(va, sa, i), at(vb, sb, i), at(vc, sc, i)))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// Elementwise operations.

fn min_t<T: Float>(a: T, b: T) -> T {
    if b < a { b } else { a }
}

fn max_t<T: Float>(a: T, b: T) -> T {
    if b > a { b } else { a }
}

/// The result of a correctly rounded operation on the corners of two intervals: every
/// result on operands inside them lies between the smallest and largest corner result,
/// the caller adding the NaN rule for operands inside. A NaN corner (∞ − ∞, 0 · ∞,
/// ∞ / ∞) says nothing about the values near it (`[1, ∞] / ∞` holds 0 and NaN), so then
/// the result may be anything.
fn corners<T: Float>(a: (T, T), b: (T, T), f: impl Fn(T, T) -> T, nan: bool) -> Val<T> {
    let cs = [f(a.0, b.0), f(a.0, b.1), f(a.1, b.0), f(a.1, b.1)];
    if cs.iter().any(|c| c.is_nan()) {
        return Val::everything();
    }
    let lo = cs.iter().copied().fold(cs[0], min_t);
    let hi = cs.iter().copied().fold(cs[0], max_t);
    Val::span(lo, hi, nan)
}

fn binary<T: Float>(op: Binary, a: &Val<T>, b: &Val<T>) -> Val<T> {
    if let (Some(x), Some(y)) = (a.point(), b.point()) {
        return binary_point(op, x, y);
    }
    if op == Binary::Power {
        return power_span(a, b);
    }
    let (Some(ea), Some(eb)) = (a.ends(), b.ends()) else {
        return Val::nan();
    };
    let nan_in = a.may_be_nan() || b.may_be_nan();
    match op {
        Binary::Add => {
            let nan = nan_in
                || (a.can_be_pos_inf() && b.can_be_neg_inf())
                || (a.can_be_neg_inf() && b.can_be_pos_inf());
            corners(ea, eb, |x, y| x + y, nan)
        }
        Binary::Sub => {
            let nan = nan_in
                || (a.can_be_pos_inf() && b.can_be_pos_inf())
                || (a.can_be_neg_inf() && b.can_be_neg_inf());
            corners(ea, eb, |x, y| x - y, nan)
        }
        Binary::Mul => {
            let nan = nan_in
                || (a.can_be_zero() && b.can_be_inf())
                || (a.can_be_inf() && b.can_be_zero());
            corners(ea, eb, |x, y| x * y, nan)
        }
        Binary::Div => {
            if b.can_be_zero() {
                let nan = nan_in || a.can_be_zero() || (a.can_be_inf() && b.can_be_inf());
                return Val::span(-T::INFINITY, T::INFINITY, nan);
            }
            let nan = nan_in || (a.can_be_inf() && b.can_be_inf());
            corners(ea, eb, |x, y| x / y, nan)
        }
        Binary::Maximum => Val::span(max_t(ea.0, eb.0), max_t(ea.1, eb.1), nan_in),
        Binary::Minimum => Val::span(min_t(ea.0, eb.0), min_t(ea.1, eb.1), nan_in),
        Binary::Power => unreachable!("handled above"),
    }
}

fn binary_point<T: Float>(op: Binary, x: T, y: T) -> Val<T> {
    match op {
        Binary::Add => Val::Point(x + y),
        Binary::Sub => Val::Point(x - y),
        Binary::Mul => Val::Point(x * y),
        Binary::Div => Val::Point(x / y),
        Binary::Maximum | Binary::Minimum => {
            if x.is_nan() || y.is_nan() {
                return Val::nan();
            }
            let pick = if op == Binary::Maximum {
                above(y, x)
            } else {
                above(x, y)
            };
            Val::Point(if pick { y } else { x })
        }
        Binary::Power => power_point(x, y),
    }
}

/// `a > b` where +0 counts as larger than −0: the order of the runtime's `maximum` and
/// `minimum` (IEEE 754-2019 `maximum`; `Vector::max`'s docs give the reasons).
fn above<T: Float>(a: T, b: T) -> bool {
    a > b || (a == T::ZERO && b == T::ZERO && !a.is_sign_negative() && b.is_sign_negative())
}

fn mul_add<T: Float>(a: &Val<T>, b: &Val<T>, c: &Val<T>) -> Val<T> {
    if let (Some(x), Some(y), Some(z)) = (a.point(), b.point(), c.point()) {
        return Val::Point(x.mul_add(y, z));
    }
    let (Some(ea), Some(eb), Some(ec)) = (a.ends(), b.ends(), c.ends()) else {
        return Val::nan();
    };
    let nan = a.may_be_nan()
        || b.may_be_nan()
        || c.may_be_nan()
        || a.can_be_inf()
        || b.can_be_inf()
        || c.can_be_inf();
    // `a·b + c` is bilinear in (a, b) and increasing in c: its extremes over the box are
    // at corners with `c` at the matching end, and rounding is monotone.
    let lo = corners(ea, eb, |x, y| x.mul_add(y, ec.0), nan);
    let hi = corners(ea, eb, |x, y| x.mul_add(y, ec.1), nan);
    match (lo.ends(), hi.ends()) {
        (Some((l, _)), Some((_, h))) => Val::span(l, h, nan),
        _ => Val::everything(),
    }
}

/// An ULP bound of `y` in `T`: `2u|y|` (normal) plus a subnormal, slightly widened so it
/// also covers an exact value a few `f64` ULP away in the next binade.
fn ulp_bound<T: Float>(y: f64) -> f64 {
    2.0 * T::U * y.abs() * (1.0 + 1e-6) + T::DENORM
}

/// An ULP of `y` in `f64`, bounded the same way.
fn ulp64(y: f64) -> f64 {
    2.0 * f64::EPSILON / 2.0 * y.abs() * (1.0 + 1e-6) + 5e-324
}

/// The values a library function may return when the reference's `f64` result for the
/// extreme argument is `y`: `y` ± the reference's and the kernel's errors, outward onto
/// `T`'s grid.
fn library_bounds<T: Float>(ylo: f64, yhi: f64) -> (T, T) {
    let lo = if ylo == f64::NEG_INFINITY {
        -T::INFINITY
    } else if ylo == f64::INFINITY {
        // An overflow in the reference may be a value just below the largest one.
        T::down(f64::MAX).next_down().next_down()
    } else {
        let m = REFERENCE_ULPS * ulp64(ylo) + LIBRARY_ULPS * ulp_bound::<T>(ylo);
        T::down((ylo - m).next_down())
    };
    let hi = if yhi == f64::INFINITY {
        T::INFINITY
    } else if yhi == f64::NEG_INFINITY {
        -T::down(f64::MAX).next_down().next_down()
    } else {
        let m = REFERENCE_ULPS * ulp64(yhi) + LIBRARY_ULPS * ulp_bound::<T>(yhi);
        T::up((yhi + m).next_up())
    };
    (lo, hi)
}

fn libm(op: Unary) -> fn(f64) -> f64 {
    match op {
        Unary::Exp => f64::exp,
        Unary::Exp2 => f64::exp2,
        Unary::Expm1 => f64::exp_m1,
        Unary::Log => f64::ln,
        Unary::Log2 => f64::log2,
        Unary::Log10 => f64::log10,
        Unary::Log1p => f64::ln_1p,
        Unary::Sin => f64::sin,
        Unary::Cos => f64::cos,
        Unary::Tan => f64::tan,
        Unary::Tanh => f64::tanh,
        _ => unreachable!("not a library function: {op:?}"),
    }
}

/// The smallest argument of a function's domain (NaN below it; the end itself is in).
fn domain_start(op: Unary) -> f64 {
    match op {
        Unary::Log | Unary::Log2 | Unary::Log10 => 0.0,
        Unary::Log1p => -1.0,
        _ => f64::NEG_INFINITY,
    }
}

/// A library function of one exact argument.
fn library_point<T: Float>(op: Unary, x: T) -> Val<T> {
    if x.is_nan() {
        return Val::nan();
    }
    let xf = x.to_f64();
    let y = libm(op)(xf);
    if y.is_nan() {
        // Outside the domain (`log(-1)`, `sin(∞)`): NaN for certain.
        return Val::nan();
    }
    if x.is_infinite() || x == T::ZERO || (op == Unary::Log1p && xf == -1.0) {
        // C99 Annex F's special values (`exp(-∞) = 0`, `log(±0) = -∞`, `sin(-0) = -0`,
        // `log1p(-1) = -∞`), which the runtime returns exactly.
        return Val::Point(T::from_f64(y));
    }
    let (lo, hi) = library_bounds::<T>(y, y);
    Val::span(lo, hi, false)
}

fn unary<T: Float>(op: Unary, a: &Val<T>) -> Val<T> {
    if let Some(x) = a.point() {
        return match op {
            Unary::Neg => Val::Point(-x),
            Unary::Abs => Val::Point(x.abs()),
            Unary::Floor => Val::Point(x.floor()),
            Unary::Ceil => Val::Point(x.ceil()),
            Unary::Sqrt => Val::Point(x.sqrt()),
            _ => library_point(op, x),
        };
    }
    let Some((lo, hi)) = a.ends() else {
        return Val::nan();
    };
    let nan = a.may_be_nan();
    match op {
        Unary::Neg => Val::span(-hi, -lo, nan),
        Unary::Abs if lo >= T::ZERO => Val::span(lo, hi, nan),
        Unary::Abs if hi <= T::ZERO => Val::span(-hi, -lo, nan),
        Unary::Abs => Val::span(T::ZERO, max_t(-lo, hi), nan),
        Unary::Floor => Val::span(lo.floor(), hi.floor(), nan),
        Unary::Ceil => Val::span(lo.ceil(), hi.ceil(), nan),
        Unary::Sqrt => {
            if hi < T::ZERO {
                return Val::nan();
            }
            let nan = nan || lo < T::ZERO;
            Val::span(max_t(lo, T::ZERO).sqrt(), hi.sqrt(), nan)
        }
        Unary::Sin | Unary::Cos => trig_span(op, lo, hi, nan),
        Unary::Tan => tan_span(lo, hi, nan),
        _ => {
            // Increasing on its domain.
            let start = domain_start(op);
            if hi.to_f64() < start {
                return Val::nan();
            }
            let nan = nan || lo.to_f64() < start;
            let lo = if lo.to_f64() < start {
                T::from_f64(start)
            } else {
                lo
            };
            match (library_point(op, lo).ends(), library_point(op, hi).ends()) {
                (Some((l, _)), Some((_, h))) => Val::span(l, h, nan),
                _ => Val::everything(),
            }
        }
    }
}

/// `sin` or `cos` over `[lo, hi]`: the ends and every critical point inside.
fn trig_span<T: Float>(op: Unary, lo: T, hi: T, nan: bool) -> Val<T> {
    let (l, h) = (lo.to_f64(), hi.to_f64());
    if l.is_infinite() || h.is_infinite() {
        let (a, b) = library_bounds::<T>(-1.0, 1.0);
        return Val::span(a, b, true);
    }
    let f = libm(op);
    let mut ylo = f(l).min(f(h));
    let mut yhi = f(l).max(f(h));
    // Critical points: sin at π/2 + kπ, cos at kπ. Slack makes the test conservative.
    let phase = if op == Unary::Sin {
        std::f64::consts::FRAC_PI_2
    } else {
        0.0
    };
    let pi = std::f64::consts::PI;
    // The quotient's rounding grows with the argument: slack to match.
    let slack = 1e-6 + (l.abs() + h.abs()) * 1e-15;
    let kmin = ((l - phase) / pi - slack).ceil();
    let kmax = ((h - phase) / pi + slack).floor();
    if kmax - kmin > 4.0 || kmin.abs() > 2f64.powi(52) {
        // A wide interval, or arguments too large for the critical points' parity.
        ylo = -1.0;
        yhi = 1.0;
    } else {
        let count = (kmax - kmin + 1.0).max(0.0) as i64;
        for j in 0..count {
            // cos(kπ) = (-1)^k and sin(π/2 + kπ) = (-1)^k alike.
            if (kmin as i64 + j).rem_euclid(2) == 0 {
                yhi = 1.0;
            } else {
                ylo = -1.0;
            }
        }
    }
    let (a, b) = library_bounds::<T>(ylo, yhi);
    Val::span(a, b, nan)
}

/// `tan` over `[lo, hi]`: increasing between poles, anything across one.
fn tan_span<T: Float>(lo: T, hi: T, nan: bool) -> Val<T> {
    let (l, h) = (lo.to_f64(), hi.to_f64());
    if l.is_infinite() || h.is_infinite() {
        return Val::everything();
    }
    let pi = std::f64::consts::PI;
    let branch = |x: f64| ((x + std::f64::consts::FRAC_PI_2) / pi).floor();
    let same = branch(l * (1.0 - 1e-9) - 1e-9) == branch(h * (1.0 + 1e-9) + 1e-9)
        && branch(l) == branch(h);
    if !same {
        return Val::span(-T::INFINITY, T::INFINITY, nan);
    }
    match (
        library_point(Unary::Tan, lo).ends(),
        library_point(Unary::Tan, hi).ends(),
    ) {
        (Some((a, _)), Some((_, b))) => Val::span(a, b, nan),
        _ => Val::everything(),
    }
}

/// `power` of two exact values: C99's special cases exactly (`x^±0 = 1`, `1^y = 1`, NaN
/// for a negative base with a non-integer exponent, zeros and infinities), else the
/// library bound around libm's `pow`.
fn power_point<T: Float>(x: T, y: T) -> Val<T> {
    let (xf, yf) = (x.to_f64(), y.to_f64());
    let r = xf.powf(yf);
    if yf == 0.0 || xf == 1.0 {
        return Val::Point(T::ONE);
    }
    if x.is_nan() || y.is_nan() || r.is_nan() {
        return Val::nan();
    }
    if xf == 0.0 || xf.is_infinite() || yf.is_infinite() {
        return Val::Point(T::from_f64(r));
    }
    if r == 0.0 || r.is_infinite() {
        // Underflow or overflow of a finite power: within the bound of the tiny or huge
        // exact value.
        let (lo, hi) = library_bounds::<T>(r, r);
        return Val::span(lo, hi, false);
    }
    let (lo, hi) = library_bounds::<T>(r, r);
    Val::span(lo, hi, false)
}

/// `power` over intervals: for a base in `(0, ∞)` and a finite exponent, `x^y` is
/// monotone in each argument, so its extremes are at corners; anything else may be
/// anything.
fn power_span<T: Float>(a: &Val<T>, b: &Val<T>) -> Val<T> {
    let (Some((xl, xh)), Some((yl, yh))) = (a.ends(), b.ends()) else {
        // A NaN argument still gives 1 with a zero exponent or a base of 1.
        return Val::everything();
    };
    let nan = a.may_be_nan() || b.may_be_nan();
    let finite = |v: T| !v.is_infinite();
    if !(xl > T::ZERO && finite(xh) && finite(yl) && finite(yh)) {
        return Val::everything();
    }
    let mut lo: Option<T> = None;
    let mut hi: Option<T> = None;
    for x in [xl, xh] {
        for y in [yl, yh] {
            if let Some((l, h)) = power_point(x, y).ends() {
                lo = Some(lo.map_or(l, |v| min_t(v, l)));
                hi = Some(hi.map_or(h, |v| max_t(v, h)));
            }
        }
    }
    match (lo, hi) {
        (Some(l), Some(h)) => Val::span(l, h, nan),
        _ => Val::everything(),
    }
}

fn compare<T: Float>(op: Cmp, a: &Val<T>, b: &Val<T>) -> Tri {
    if let (Some(x), Some(y)) = (a.point(), b.point()) {
        let r = match op {
            Cmp::Lt => x < y,
            Cmp::Le => x <= y,
            Cmp::Gt => x > y,
            Cmp::Ge => x >= y,
            Cmp::Eq => x == y,
            Cmp::Ne => x != y,
        };
        return if r { Tri::True } else { Tri::False };
    }
    if op == Cmp::Ne {
        return compare(Cmp::Eq, a, b).not();
    }
    let (Some((al, ah)), Some((bl, bh))) = (a.ends(), b.ends()) else {
        // NaN for certain: every comparison but `!=` is false.
        return Tri::False;
    };
    let nan = a.may_be_nan() || b.may_be_nan();
    // `sure`: true for every pair of numbers; `never`: false for every pair.
    let (sure, never) = match op {
        Cmp::Lt => (ah < bl, al >= bh),
        Cmp::Le => (ah <= bl, al > bh),
        Cmp::Gt => (al > bh, ah <= bl),
        Cmp::Ge => (al >= bh, ah < bl),
        Cmp::Eq => (al == ah && bl == bh && al == bl, ah < bl || bh < al),
        Cmp::Ne => unreachable!("handled above"),
    };
    if never {
        Tri::False
    } else if sure && !nan {
        Tri::True
    } else {
        Tri::Unknown
    }
}

// ---------------------------------------------------------------------------------------
// Reductions.

/// `max(A) - min(A)` over the numeric ends (∞ if unbounded).
fn spread<T: Float>(vals: &[Val<T>]) -> f64 {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in vals {
        if let Some((l, h)) = v.ends() {
            lo = lo.min(l.to_f64());
            hi = hi.max(h.to_f64());
        }
    }
    if lo > hi { 0.0 } else { hi - lo }
}

/// Two-sum accumulation (Ogita, Rump and Oishi's Sum2): `(sum, bound on its error)`.
fn accurate_sum(xs: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut s, mut c, mut abs, mut n) = (0.0f64, 0.0f64, 0.0f64, 0usize);
    for x in xs {
        let t = s + x;
        let z = t - s;
        c += (s - (t - z)) + (x - z);
        s = t;
        abs += x.abs();
        n += 1;
    }
    let r = s + c;
    let u = f64::EPSILON / 2.0;
    let g = gamma(n as f64, u);
    (r, 2.0 * u * r.abs() + 2.0 * g * g * abs + 5e-324)
}

/// A kernel sum of terms in `vals`; `online` is `D = max(A) - min(A)` when the terms
/// are `exp(A - max(A))` and may be computed by the online normaliser.
fn sum<T: Float>(vals: &[Val<T>], online: Option<f64>) -> Val<T> {
    let n = vals.len();
    if n == 0 {
        // The identity (its sign is not promised).
        return Val::span(T::ZERO, T::ZERO, false);
    }
    if vals.iter().any(Val::is_nan) {
        return Val::nan();
    }
    let mut nan = vals.iter().any(Val::may_be_nan);
    let pos_inf = vals.iter().any(Val::can_be_pos_inf);
    let neg_inf = vals.iter().any(Val::can_be_neg_inf);
    nan |= pos_inf && neg_inf;
    let sure_pos_inf = vals
        .iter()
        .any(|v| v.ends().is_some_and(|(l, _)| l == T::INFINITY));
    let sure_neg_inf = vals
        .iter()
        .any(|v| v.ends().is_some_and(|(_, h)| h == -T::INFINITY));
    if sure_pos_inf && sure_neg_inf {
        return Val::nan();
    }
    // Finite terms whose partial sums may overflow can meet an infinite term of the other
    // sign in the kernel's order (∞ - ∞: NaN), so the result may be anything.
    let finite: f64 = vals
        .iter()
        .filter_map(Val::ends)
        .map(|(l, h)| (l.to_f64(), h.to_f64()))
        .filter(|(l, h)| l.is_finite() && h.is_finite())
        .map(|(l, h)| l.abs().max(h.abs()))
        .sum();
    if (pos_inf || neg_inf)
        && finite * (1.0 + gamma(sum_depth(n), T::U)) >= T::MAX.to_f64() * (1.0 - 1e-6)
    {
        return Val::everything();
    }
    if pos_inf || neg_inf {
        let lo = if neg_inf {
            -T::INFINITY
        } else {
            T::down(f64::MIN)
        };
        let hi = if pos_inf {
            T::INFINITY
        } else {
            T::up(f64::MAX)
        };
        return match (sure_pos_inf, sure_neg_inf) {
            (true, _) if !nan => Val::Point(T::INFINITY),
            (_, true) if !nan => Val::Point(-T::INFINITY),
            _ => Val::span(lo, hi, nan),
        };
    }
    // Term ends in f64, widened for the online normaliser.
    let (widen, abs_extra) = match online {
        None => (0.0, 0.0),
        Some(d) if d.is_finite() => {
            let u = T::U;
            let r = rescale_depth(n);
            let rho1 =
                ((r + 1.0) * u * d).exp() * (1.0 + 4.0 * u).powf(r + 1.0) * (1.0 + u).powf(r) - 1.0;
            let rho0 = (u * d).exp() * (1.0 + 4.0 * u) - 1.0;
            (
                ((1.0 + rho0) * (1.0 + rho1) - 1.0) * (1.0 + 1e-9),
                (r + 1.0) * LIBRARY_ULPS * T::DENORM,
            )
        }
        Some(_) => return Val::span(T::down(f64::MIN), T::up(f64::MAX), nan),
    };
    let ends: Vec<(f64, f64)> = vals
        .iter()
        .filter_map(Val::ends)
        .map(|(l, h)| {
            let (l, h) = (l.to_f64(), h.to_f64());
            (
                l - widen * l.abs() - abs_extra,
                h + widen * h.abs() + abs_extra,
            )
        })
        .collect();
    let a: f64 = ends.iter().map(|(l, h)| l.abs().max(h.abs())).sum();
    let k = sum_depth(n);
    let g = gamma(k, T::U);
    if a * (1.0 + g) >= T::MAX.to_f64() * (1.0 - 1e-6) {
        // Partial sums may overflow: ±∞, or NaN from ∞ - ∞.
        return Val::everything();
    }
    let (slo, elo) = accurate_sum(ends.iter().map(|e| e.0));
    let (shi, ehi) = accurate_sum(ends.iter().map(|e| e.1));
    let m = g * a * (1.0 + 1e-9);
    let lo = T::down((slo - elo - m).next_down());
    let hi = T::up((shi + ehi + m).next_up());
    Val::span(lo, hi, nan)
}

/// A kernel product of `vals` (any order).
fn prod<T: Float>(vals: &[Val<T>]) -> Val<T> {
    let n = vals.len();
    if n == 0 {
        return Val::Point(T::ONE);
    }
    if vals.iter().any(Val::is_nan) {
        return Val::nan();
    }
    let mut nan = vals.iter().any(Val::may_be_nan);
    let any_zero = vals.iter().any(Val::can_be_zero);
    let any_inf = vals.iter().any(Val::can_be_inf);
    nan |= any_zero && any_inf;
    if any_inf {
        return Val::span(-T::INFINITY, T::INFINITY, nan);
    }
    // Interval product in f64, rounded outward at every step.
    let (mut plo, mut phi) = (1.0f64, 1.0f64);
    let mut big = 1.0f64;
    for v in vals {
        let (l, h) = v.ends().expect("not NaN");
        let (l, h) = (l.to_f64(), h.to_f64());
        let c = [plo * l, plo * h, phi * l, phi * h];
        plo = c.iter().copied().fold(f64::INFINITY, f64::min).next_down();
        phi = c
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
            .next_up();
        big *= l.abs().max(h.abs()).max(1.0);
    }
    if big >= T::MAX.to_f64() / 4.0 {
        // A partial product may overflow (and meet a zero: NaN).
        return Val::span(-T::INFINITY, T::INFINITY, nan || any_zero);
    }
    let rel = gamma(n as f64, T::U);
    let mag = plo.abs().max(phi.abs());
    let abs = n as f64 * T::DENORM * big;
    let lo = T::down((plo - rel * mag - abs).next_down());
    let hi = T::up((phi + rel * mag + abs).next_up());
    Val::span(lo, hi, nan)
}

/// `max` (`is_max`) or `min` of `vals`, NaN propagating.
fn extreme<T: Float>(vals: &[Val<T>], is_max: bool) -> Val<T> {
    if vals.iter().any(Val::is_nan) {
        return Val::nan();
    }
    let nan = vals.iter().any(Val::may_be_nan);
    let better = |a: T, b: T| if is_max { a > b } else { a < b };
    let (mut lo, mut hi) = vals[0].ends().expect("not NaN");
    for v in &vals[1..] {
        let (l, h) = v.ends().expect("not NaN");
        if better(l, lo) {
            lo = l;
        }
        if better(h, hi) {
            hi = h;
        }
    }
    if !nan && vals.iter().all(|v| v.point().is_some()) {
        // Exact, +0 above −0 (so the order does not matter).
        let mut best = vals[0].point().expect("checked");
        for v in &vals[1..] {
            let p = v.point().expect("checked");
            if if is_max {
                above(p, best)
            } else {
                above(best, p)
            } {
                best = p;
            }
        }
        return Val::Point(best);
    }
    Val::span(lo, hi, nan)
}

/// `argmax` (`is_max`) or `argmin`: the first NaN's index, else the first index of the
/// extreme; on intervals the hull of every index that could be the answer.
fn arg_extreme<T: Float>(vals: &[Val<T>], is_max: bool) -> Val<T> {
    let index = |i: usize| Val::Point(T::from_usize(i));
    let hull = |c: &[usize]| match (c.first(), c.last()) {
        (Some(&f), Some(&l)) if f == l => index(f),
        (Some(&f), Some(&l)) => Val::span(T::from_usize(f), T::from_usize(l), false),
        _ => unreachable!("a non-empty array has a candidate"),
    };
    if let Some(limit) = vals.iter().position(Val::is_nan) {
        // The first NaN: this one, or an earlier element that may be NaN.
        let mut c: Vec<usize> = (0..limit).filter(|&i| vals[i].may_be_nan()).collect();
        c.push(limit);
        return hull(&c);
    }
    let better = |a: T, b: T| if is_max { a > b } else { a < b };
    if vals.iter().all(|v| v.point().is_some()) {
        let mut best = 0;
        for (i, v) in vals.iter().enumerate() {
            if better(v.point().unwrap(), vals[best].point().unwrap()) {
                best = i;
            }
        }
        return index(best);
    }
    // The extreme is at least as good as every element's worst end: an element whose
    // best end falls short of that cannot hold it.
    let mut floor: Option<T> = None;
    for v in vals {
        if let Some((l, h)) = v.ends() {
            let worst = if is_max { l } else { h };
            if floor.is_none_or(|f| better(worst, f)) {
                floor = Some(worst);
            }
        }
    }
    let c: Vec<usize> = (0..vals.len())
        .filter(|&i| {
            vals[i].may_be_nan()
                || vals[i].ends().is_some_and(|(l, h)| {
                    let best = if is_max { h } else { l };
                    floor.is_none_or(|f| !better(f, best))
                })
        })
        .collect();
    hull(&c)
}
