//! The generator: a grammar of the kernel language whose productions are typed.
//!
//! Each production is asked for a value of one [`Ty`] (a float array, a float scalar, an
//! index, a mask of some shape) and returns an expression of that type with a coarse
//! static [`Range`] of its values. Productions choose among alternatives by weight, spend
//! one level of a depth budget per level of nesting, and call *guards* where an operand
//! must satisfy a condition (`log` wants positive arguments, `exp` bounded ones, a divisor
//! must stay away from zero): a guard returns its operand unchanged when its range already
//! satisfies the condition, and otherwise wraps it in language constructs that do
//! (`abs(e) + 1.0`, `clip(e, -20.0, 20.0)`, `tanh(e) * 3.0`, `e / (max(abs(e)) + 1.0)`).
//!
//! Growing the language means adding a type (a shape such as `Array2`, a kind such as
//! `Int(IntTy)`) and the productions that make and consume it; a kernel-level construct
//! (loops, `if`) is a new statement form beside [`Let`]. The reference interpreter gets
//! the matching cases.

use crate::ast::{
    Annotation, Attrs, Binary, Cmp, Constant, Corpus, Domain, Elem, Expr, IntTy, Kernel, Kind, Let,
    Param, ParamTy, Reduce, RetTy, Shape, SigStyle, Spell, Ty, Unary,
};
use crate::range::{MAX_LEN, Range};
use crate::rng::Rng;

/// Constructs the generator can produce but a run may leave out: known compiler bugs
/// (each switch cites its minimal repro) and optional features. `KERNELIZE_FUZZ_ENABLE`
/// turns switches on by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Switches {
    /// Ufunc-style kernels (scalar arguments only) and calls to them with array
    /// arguments (`sigmoid(x * 2.0)`).
    pub ufunc_calls: bool,
    /// Calls to kernels taking arrays (`esum(x * 2.0)`, `softmax(x)`).
    pub array_calls: bool,
    /// A kernel call among the arguments of another kernel call (`f(g(x))`). Was a known
    /// bug (issue 16's brief), fixed in 406fb94.
    pub nested_calls: bool,
    /// A scalar comparison as `select`'s mask (`select(a > 0.0, x, y)` with a scalar
    /// `a`) in a `parallel` kernel. Was a known bug, fixed in 406fb94.
    pub scalar_mask_in_parallel: bool,
    /// `nan` and `inf` in `select` branches.
    pub special_constants: bool,
    /// The malformed-kernel test requires a spanned error for an empty statement (a
    /// stray `;`). Was a bug the fuzzer found (fixed in 0ca019b: now accepted, as Rust
    /// does): `pub fn f(x: &[f64]) -> f64 { let s = sum(x);; s }` got "an expression
    /// statement has no effect in a kernel" at `Span::call_site()`.
    pub empty_statement_span: bool,
    /// `len` of an array whose length comes from a call's result. Was a bug the fuzzer
    /// found (fixed in 0ca019b): `#[kernel] pub fn twice(a: &[f64]) -> Vec<f64> { a * 2.0
    /// }` and `#[kernel] pub fn n(x: &[f64]) -> f64 { len(twice(x)) }` failed to compile
    /// with "cannot find value `__len1` in this scope".
    pub len_of_call: bool,
    /// Two array arguments of one call to a kernel taking arrays where one is part of the
    /// other. Was a bug the fuzzer found (fixed in b92c802): with `#[kernel] pub fn
    /// pair(a: &[f64], b: &[f64]) -> Vec<f64> { a + b }`, `pair(x * 2.0, x * 2.0 + 1.0) +
    /// max(x * 2.0 + 1.0)` failed to compile with "cannot find value `__t8` in this
    /// scope". Off, such an argument becomes an array argument of the caller instead.
    pub overlapping_call_arguments: bool,
    /// Float literals with a trailing dot (`2.`). Was a bug the fuzzer found (fixed in
    /// 2eecdde): `#[kernel] pub fn f(x: &[f64]) -> Vec<f64> { x * 2. }` failed to compile
    /// with "error[E0610]: `{integer}` is a primitive type and therefore doesn't have
    /// fields" (the literal's digits and suffix, `2.` and `f64`, lexed as `2 . f64`).
    pub trailing_dot_literals: bool,
    /// `len` of an array expression holding a kernel call. Was a bug the fuzzer found
    /// (fixed in 869ad5d: every call written is made): only the length was needed, so the
    /// call was not made and its empty-array error was lost, while the same computation
    /// written inline raised it (NumPy evaluates every operand): with `#[kernel] pub fn
    /// centred(a: &[f64]) -> Vec<f64> { a - max(a) }`, `#[kernel] pub fn n(x: &[f64]) ->
    /// f64 { len(x + centred(x)) }` gave `Ok(0.0)` for an empty `x`, where `len(x + (x -
    /// max(x)))` gives `Err(EmptyReduction)`.
    pub call_under_len: bool,
}

impl Switches {
    /// What the fixed CI seed runs: everything but open bugs.
    pub const CI: Switches = Switches::ALL;

    /// Every construct, open bugs included.
    pub const ALL: Switches = Switches {
        ufunc_calls: true,
        array_calls: true,
        nested_calls: true,
        scalar_mask_in_parallel: true,
        special_constants: true,
        empty_statement_span: true,
        len_of_call: true,
        overlapping_call_arguments: true,
        trailing_dot_literals: true,
        call_under_len: true,
    };

    /// Every construct off (the grammar's core).
    pub const NONE: Switches = Switches {
        ufunc_calls: false,
        array_calls: false,
        nested_calls: false,
        scalar_mask_in_parallel: false,
        special_constants: false,
        empty_statement_span: false,
        len_of_call: false,
        overlapping_call_arguments: false,
        trailing_dot_literals: false,
        call_under_len: false,
    };

    /// [`Switches::CI`] with the switches named in `list` (comma-separated; `all` for
    /// every one; a name with a `-` in front turns it off) changed, as
    /// `KERNELIZE_FUZZ_ENABLE` spells them.
    pub fn ci_plus(list: &str) -> Result<Switches, String> {
        let mut s = Switches::CI;
        for item in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let (on, name) = match item.strip_prefix('-') {
                Some(name) => (false, name),
                None => (true, item),
            };
            let flag = match name {
                "all" => {
                    s = if on { Switches::ALL } else { Switches::NONE };
                    continue;
                }
                "ufunc_calls" => &mut s.ufunc_calls,
                "array_calls" => &mut s.array_calls,
                "nested_calls" => &mut s.nested_calls,
                "scalar_mask_in_parallel" => &mut s.scalar_mask_in_parallel,
                "special_constants" => &mut s.special_constants,
                "empty_statement_span" => &mut s.empty_statement_span,
                "len_of_call" => &mut s.len_of_call,
                "overlapping_call_arguments" => &mut s.overlapping_call_arguments,
                "trailing_dot_literals" => &mut s.trailing_dot_literals,
                "call_under_len" => &mut s.call_under_len,
                other => return Err(format!("unknown switch `{other}`")),
            };
            *flag = on;
        }
        Ok(s)
    }
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// The seed: the same seed gives the same corpus.
    pub seed: u64,
    /// How many kernels.
    pub kernels: usize,
    /// Which constructs.
    pub switches: Switches,
}

/// Values above this magnitude get a guard (so products and sums stay finite).
const CAP: f64 = 1e12;

/// Literal spellings by value: the text is what the kernel source contains.
const SMALL_LITERALS: &[&str] = &[
    "0.5", "1.0", "2.0", "3", "0.25", "1.5", "0.1", "2", "0.75", "4.0", "1e-3", "10.0",
];

/// Names for arguments; `let`s take theirs from [`LET_NAMES`].
const PARAM_NAMES: &[&str] = &["x", "y", "z", "w", "v", "xs", "data", "a", "b", "c", "k"];
const LET_NAMES: &[&str] = &[
    "e", "m", "s", "t", "d", "u", "q", "r", "acc", "scale", "mx", "lo", "hi", "g", "h", "p",
];

/// Generates a corpus.
pub fn generate(config: &Config) -> Corpus {
    let mut rng = Rng::new(config.seed, 0x6b65_726e_656c);
    let mut corpus = Corpus {
        seed: config.seed,
        kernels: Vec::new(),
    };
    let mut result_ranges = Vec::new();
    for index in 0..config.kernels {
        let ufunc = config.switches.ufunc_calls && rng.chance(0.12);
        // Retry kernels too trivial to be worth their compile time.
        let mut attempt = 0;
        let (kernel, range) = loop {
            let (kernel, range) =
                Gen::new(&mut rng, &config.switches, &corpus, &result_ranges).kernel(index, ufunc);
            attempt += 1;
            if worth_compiling(&kernel) || attempt == 50 {
                break (kernel, range);
            }
        };
        corpus.kernels.push(kernel);
        result_ranges.push(range);
    }
    corpus
}

/// `true` if `k` does some work: its result has a few operations and reads an array (a
/// ufunc: an argument).
fn worth_compiling(k: &Kernel) -> bool {
    fn reads(e: &Expr, k: &Kernel, array: bool) -> bool {
        e.any(&|x| match x {
            Expr::Param(i) => !array || matches!(k.params[*i].ty, ParamTy::Array { .. }),
            Expr::Local(i) => reads(&k.lets[*i].value, k, array),
            _ => false,
        })
    }
    let ops: usize = size(&k.result) + k.lets.iter().map(|l| size(&l.value)).sum::<usize>();
    ops >= 4 && reads(&k.result, k, !k.is_ufunc())
}

/// The number of nodes of `e`.
pub fn size(e: &Expr) -> usize {
    1 + e.children().into_iter().map(size).sum::<usize>()
}

/// An expression with its type and static range.
#[derive(Clone, Debug)]
struct Typed {
    e: Expr,
    ty: Ty,
    r: Range,
}

impl Typed {
    fn new(e: Expr, shape: Shape, kind: Kind, r: Range) -> Typed {
        Typed {
            e,
            ty: Ty { shape, kind },
            r,
        }
    }

    fn shape(&self) -> Shape {
        self.ty.shape
    }
}

/// The shape of an elementwise combination: an array if any operand is one.
fn combined(shapes: &[Shape]) -> Shape {
    if shapes.contains(&Shape::Array) {
        Shape::Array
    } else {
        Shape::Scalar
    }
}

fn lit(text: &str) -> Expr {
    Expr::Lit(text.to_string())
}

fn lit_value(text: &str) -> f64 {
    text.parse().expect("literal texts parse")
}

struct Gen<'a> {
    rng: &'a mut Rng,
    sw: &'a Switches,
    corpus: &'a Corpus,
    result_ranges: &'a [Range],
    elem: Elem,
    parallel: bool,
    params: Vec<Param>,
    param_ranges: Vec<Range>,
    lets: Vec<Let>,
    let_ranges: Vec<Range>,
}

impl<'a> Gen<'a> {
    fn new(
        rng: &'a mut Rng,
        sw: &'a Switches,
        corpus: &'a Corpus,
        result_ranges: &'a [Range],
    ) -> Self {
        Gen {
            rng,
            sw,
            corpus,
            result_ranges,
            elem: Elem::F64,
            parallel: false,
            params: Vec::new(),
            param_ranges: Vec::new(),
            lets: Vec::new(),
            let_ranges: Vec::new(),
        }
    }

    // -----------------------------------------------------------------------------------
    // The kernel: attribute, arguments, `let`s, result.

    fn kernel(mut self, index: usize, ufunc: bool) -> (Kernel, Range) {
        self.elem = if self.rng.chance(0.6) {
            Elem::F64
        } else {
            Elem::F32
        };
        let attrs = Attrs {
            parallel: !ufunc && self.rng.chance(0.4),
            fastmath: self.rng.chance(0.15),
            nogil: self.rng.chance(0.1),
            cache: self.rng.chance(0.05),
            signature: match self.rng.below(8) {
                0 | 1 => Some(SigStyle::Full),
                2 => Some(SigStyle::ArgsOnly),
                _ => None,
            },
        };
        self.parallel = attrs.parallel;
        let array_domain = *self.rng.pick(&[
            Domain { lo: -4.0, hi: 4.0 },
            Domain { lo: -1.0, hi: 1.0 },
            Domain { lo: 0.25, hi: 4.0 },
            Domain {
                lo: -50.0,
                hi: 50.0,
            },
            Domain {
                lo: -1000.0,
                hi: 1000.0,
            },
            Domain { lo: 0.0, hi: 10.0 },
        ]);
        let scalar_domain = *self
            .rng
            .pick(&[Domain { lo: -4.0, hi: 4.0 }, Domain { lo: 0.5, hi: 3.0 }]);
        self.make_params(ufunc, array_domain, scalar_domain);

        let n_lets = [0, 1, 1, 2, 2, 2, 3, 3, 4][self.rng.below(9)];
        for _ in 0..n_lets {
            self.make_let(ufunc);
        }
        let (result, ret) = self.make_result(ufunc);
        let explicit_return = self.rng.chance(0.15);
        let name = if ufunc {
            format!("uf{index}")
        } else {
            format!("fz{index}")
        };
        let mut kernel = Kernel {
            name,
            elem: self.elem,
            attrs,
            params: self.params,
            lets: self.lets,
            result: result.e,
            ret,
            explicit_return,
            array_domain,
            scalar_domain,
        };
        prune_lets(&mut kernel);
        (kernel, result.r)
    }

    /// `true` if an argument or a `let` so far is called `name` (and shadows the constant
    /// of that name from here on).
    fn shadowed(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name) || self.lets.iter().any(|l| l.name == name)
    }

    fn fresh_name(&mut self, pool: &[&str]) -> String {
        let taken = |n: &str, g: &Gen<'_>| g.shadowed(n);
        // Now and then a constant's name, which the binding shadows.
        let constant = *self.rng.pick(&["pi", "inf", "nan"]);
        if self.rng.chance(0.03) && !taken(constant, self) {
            return constant.to_string();
        }
        for _ in 0..20 {
            let n = *self.rng.pick(pool);
            if !taken(n, self) {
                return n.to_string();
            }
        }
        let mut i = 0;
        loop {
            let n = format!("{}{i}", pool[0]);
            if !taken(&n, self) {
                return n;
            }
            i += 1;
        }
    }

    fn make_params(&mut self, ufunc: bool, arrays: Domain, scalars: Domain) {
        let n_arrays = if ufunc {
            0
        } else {
            [1, 1, 1, 2, 2, 2, 3, 3][self.rng.below(8)]
        };
        let n_floats = if ufunc {
            self.rng.range(1, 3)
        } else {
            [0, 0, 1, 1, 1, 2][self.rng.below(6)]
        };
        let n_ints = usize::from(!ufunc && self.rng.chance(0.2));
        let mut kinds: Vec<ParamTy> = Vec::new();
        for _ in 0..n_arrays {
            kinds.push(ParamTy::Array {
                mutable: self.rng.chance(0.1),
                contiguous: self.rng.chance(0.5),
            });
        }
        kinds.extend(std::iter::repeat_n(ParamTy::Float, n_floats));
        for _ in 0..n_ints {
            kinds.push(ParamTy::Int(*self.rng.pick(&[
                IntTy::I32,
                IntTy::I64,
                IntTy::Usize,
            ])));
        }
        // Shuffle (Fisher-Yates): arrays need not come first.
        for i in (1..kinds.len()).rev() {
            let j = self.rng.below(i + 1);
            kinds.swap(i, j);
        }
        for ty in kinds {
            let name = self.fresh_name(PARAM_NAMES);
            let r = match ty {
                ParamTy::Array { .. } => Range::new(arrays.lo, arrays.hi),
                ParamTy::Float => Range::new(scalars.lo, scalars.hi),
                ParamTy::Int(IntTy::Usize) => Range::new(0.0, 10.0),
                ParamTy::Int(_) => Range::new(-5.0, 5.0),
            };
            self.params.push(Param { name, ty });
            self.param_ranges.push(r);
        }
    }

    fn make_let(&mut self, ufunc: bool) {
        let depth = self.rng.range(1, 3) as u32;
        let choice = if ufunc {
            1
        } else {
            self.rng.weighted(&[45, 35, 12, 8])
        };
        let (t, annotation) = match choice {
            0 => {
                let t = self.float(Shape::Array, depth);
                let a = *self.rng.pick(&[
                    Annotation::None,
                    Annotation::None,
                    Annotation::None,
                    Annotation::Vec,
                    Annotation::Slice,
                ]);
                (t, a)
            }
            1 => {
                let t = self.float(Shape::Scalar, depth);
                let a = if self.rng.chance(0.3) {
                    Annotation::Scalar
                } else {
                    Annotation::None
                };
                (t, a)
            }
            2 => {
                let t = self.index(depth);
                let a = if self.rng.chance(0.4) {
                    Annotation::Index(IntTy::Usize)
                } else {
                    Annotation::None
                };
                (t, a)
            }
            _ => (self.mask(Shape::Array, depth), Annotation::None),
        };
        // An integer argument is not an index: annotate only what is one.
        let annotation = match (annotation, &t.e) {
            (Annotation::Index(_), Expr::Param(i))
                if self.params[*i].ty != ParamTy::Int(IntTy::Usize) =>
            {
                Annotation::None
            }
            (a, _) => a,
        };
        let name = self.fresh_name(LET_NAMES);
        self.lets.push(Let {
            name,
            annotation,
            value: t.e,
            ty: t.ty,
        });
        self.let_ranges.push(t.r);
    }

    fn make_result(&mut self, ufunc: bool) -> (Typed, RetTy) {
        let depth = self.rng.range(1, 4) as u32;
        if ufunc {
            return (self.float(Shape::Scalar, depth), RetTy::Float);
        }
        match self.rng.weighted(&[50, 40, 10]) {
            0 => (self.float(Shape::Array, depth), RetTy::Array),
            1 => (self.float(Shape::Scalar, depth), RetTy::Float),
            _ => {
                let t = self.index(depth);
                let ret = match &t.e {
                    // An integer argument returned as is keeps its own type.
                    Expr::Param(i) => match self.params[*i].ty {
                        ParamTy::Int(ty) => RetTy::Index(ty),
                        _ => RetTy::Float,
                    },
                    _ if self.rng.chance(0.3) => RetTy::Index(IntTy::I64),
                    _ => RetTy::Index(IntTy::Usize),
                };
                (t, ret)
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Leaves.

    fn has_arrays(&self) -> bool {
        self.params
            .iter()
            .any(|p| matches!(p.ty, ParamTy::Array { .. }))
    }

    /// An array argument or an array `let`.
    fn array_leaf(&mut self) -> Typed {
        let mut options: Vec<(Expr, Range)> = Vec::new();
        for (i, p) in self.params.iter().enumerate() {
            if matches!(p.ty, ParamTy::Array { .. }) {
                options.push((Expr::Param(i), self.param_ranges[i]));
            }
        }
        for (i, l) in self.lets.iter().enumerate() {
            if l.ty == Ty::float(Shape::Array) {
                // `let`s are preferred: they are what makes values shared.
                options.push((Expr::Local(i), self.let_ranges[i]));
                options.push((Expr::Local(i), self.let_ranges[i]));
            }
        }
        let (e, r) = self.rng.pick(&options).clone();
        Typed::new(e, Shape::Array, Kind::Float, r)
    }

    /// A float argument, a scalar `let`, a literal or `pi`.
    fn scalar_leaf(&mut self) -> Typed {
        let mut options: Vec<(Expr, Range, Kind)> = Vec::new();
        for (i, p) in self.params.iter().enumerate() {
            match p.ty {
                ParamTy::Float => options.push((Expr::Param(i), self.param_ranges[i], Kind::Float)),
                ParamTy::Int(_) => {
                    options.push((Expr::Param(i), self.param_ranges[i], Kind::Index))
                }
                ParamTy::Array { .. } => {}
            }
        }
        for (i, l) in self.lets.iter().enumerate() {
            if l.ty.shape == Shape::Scalar && l.ty.kind != Kind::Mask {
                options.push((Expr::Local(i), self.let_ranges[i], l.ty.kind));
            }
        }
        if options.is_empty() || self.rng.chance(0.35) {
            if self.rng.chance(0.05) && !self.shadowed("pi") {
                return Typed::new(
                    Expr::Const(Constant::Pi),
                    Shape::Scalar,
                    Kind::Float,
                    Range::point(std::f64::consts::PI),
                );
            }
            let text = *self.rng.pick(SMALL_LITERALS);
            let spelt = self.respell(text);
            return Typed::new(
                Expr::Lit(spelt),
                Shape::Scalar,
                Kind::Float,
                Range::point(lit_value(text)),
            );
        }
        let (e, r, kind) = self.rng.pick(&options).clone();
        Typed::new(e, Shape::Scalar, kind, r)
    }

    /// Another spelling of the literal `text` now and then: the element type's suffix
    /// (`0.5f64`), an exponent (`0.5e0`), hexadecimal (`0x2`), a trailing dot (`2.`).
    fn respell(&mut self, text: &str) -> String {
        let integral = !text.contains(['.', 'e']);
        match self.rng.below(20) {
            0 | 1 => format!("{text}{}", self.elem.rust()),
            2 if !integral && !text.contains('e') => format!("{text}e0"),
            3 if integral => format!("{:#x}", text.parse::<u64>().expect("integral")),
            4 if integral && self.sw.trailing_dot_literals => format!("{text}."),
            _ => text.to_string(),
        }
    }

    fn leaf(&mut self, shape: Shape) -> Typed {
        match shape {
            Shape::Array => self.array_leaf(),
            Shape::Scalar => self.scalar_leaf(),
        }
    }

    // -----------------------------------------------------------------------------------
    // Floats.

    /// A float (or an index, which converts) of exactly `shape`.
    fn float(&mut self, shape: Shape, depth: u32) -> Typed {
        if depth == 0 {
            return self.leaf(shape);
        }
        let arrays = self.has_arrays();
        let callee = !self.callees(shape).is_empty();
        let array = shape == Shape::Array;
        let weights = [
            3,                                    // leaf
            5,                                    // unary function
            7,                                    // arithmetic
            2,                                    // maximum, minimum, power
            1,                                    // clip
            1,                                    // mul_add
            3,                                    // select
            1,                                    // recip
            1,                                    // negation
            if callee { 2 } else { 0 },           // call of an earlier kernel
            if array { 3 } else { 0 },            // centred, normalised
            if !array && arrays { 6 } else { 0 }, // reduction
            if !array && arrays { 1 } else { 0 }, // index as a float
            1,                                    // parentheses
        ];
        let d = depth - 1;
        let t = match self.rng.weighted(&weights) {
            0 => self.leaf(shape),
            1 => self.unary(shape, d),
            2 => self.arith(shape, d),
            3 => self.binary_fn(shape, d),
            4 => self.clip(shape, d),
            5 => self.mul_add(shape, d),
            6 => self.select(shape, d),
            7 => {
                let a = self.float(shape, d);
                let a = self.nonzero(a);
                let r = Range::binary(Binary::Div, Range::point(1.0), a.r);
                Typed::new(Expr::Recip(a.e.boxed()), shape, Kind::Float, r)
            }
            8 => {
                let a = self.float(shape, d);
                let r = Range::unary(Unary::Neg, a.r);
                Typed::new(
                    Expr::Unary(Unary::Neg, Spell::Function, a.e.boxed()),
                    shape,
                    Kind::Float,
                    r,
                )
            }
            9 => self.call(shape, d),
            10 => self.centred(d),
            11 => self.reduction(d),
            12 => self.index(d),
            _ => {
                let a = self.float(shape, d);
                Typed::new(Expr::Paren(a.e.boxed()), shape, a.ty.kind, a.r)
            }
        };
        self.capped(t)
    }

    /// `t` within [`CAP`].
    fn capped(&mut self, t: Typed) -> Typed {
        if t.r.within(CAP) {
            t
        } else {
            self.bounded(t, 1e3)
        }
    }

    /// Two operand shapes combining to `shape`.
    fn operand_shapes(&mut self, shape: Shape) -> [Shape; 2] {
        match shape {
            Shape::Scalar => [Shape::Scalar; 2],
            Shape::Array => *self.rng.pick(&[
                [Shape::Array, Shape::Array],
                [Shape::Array, Shape::Array],
                [Shape::Array, Shape::Scalar],
                [Shape::Scalar, Shape::Array],
            ]),
        }
    }

    fn spell(&mut self) -> Spell {
        if self.rng.chance(0.3) {
            Spell::Method
        } else {
            Spell::Function
        }
    }

    fn unary(&mut self, shape: Shape, d: u32) -> Typed {
        let op = *self.rng.pick(&Unary::FUNCTIONS);
        let a = self.float(shape, d);
        let a = match op {
            Unary::Exp | Unary::Expm1 => self.bounded(a, 20.0),
            Unary::Exp2 => self.bounded(a, 30.0),
            Unary::Log | Unary::Log2 | Unary::Log10 => self.positive(a),
            Unary::Log1p if !a.r.at_least(-0.5) => self.absolute(a),
            Unary::Sqrt if !a.r.at_least(0.0) => self.absolute(a),
            Unary::Sin | Unary::Cos => self.bounded(a, 1e5),
            Unary::Tan => self.bounded(a, 1.4),
            _ => a,
        };
        let spell = self.spell();
        let r = Range::unary(op, a.r);
        Typed::new(Expr::Unary(op, spell, a.e.boxed()), shape, Kind::Float, r)
    }

    fn arith(&mut self, shape: Shape, d: u32) -> Typed {
        let op = *self
            .rng
            .pick(&[Binary::Add, Binary::Sub, Binary::Mul, Binary::Div]);
        let [sa, sb] = self.operand_shapes(shape);
        let a = self.float(sa, d);
        let b = self.float(sb, d);
        let (a, b) = match op {
            Binary::Mul if !Range::binary(op, a.r, b.r).within(CAP) => {
                (self.bounded(a, 1e3), self.bounded(b, 1e3))
            }
            Binary::Div => (self.bounded(a, 1e6), self.nonzero(b)),
            _ => (a, b),
        };
        self.binary_node(op, Spell::Function, a, b)
    }

    fn binary_node(&mut self, op: Binary, spell: Spell, a: Typed, b: Typed) -> Typed {
        let shape = combined(&[a.shape(), b.shape()]);
        let r = Range::binary(op, a.r, b.r);
        Typed::new(
            Expr::Binary(op, spell, a.e.boxed(), b.e.boxed()),
            shape,
            Kind::Float,
            r,
        )
    }

    fn binary_fn(&mut self, shape: Shape, d: u32) -> Typed {
        let op = *self
            .rng
            .pick(&[Binary::Maximum, Binary::Minimum, Binary::Power]);
        let [sa, sb] = self.operand_shapes(shape);
        let a = self.float(sa, d);
        let b = self.float(sb, d);
        let (a, b) = if op == Binary::Power {
            let base = self.bounded(a, 50.0);
            let base = if base.r.at_least(0.25) {
                base
            } else {
                let a = self.abs_of(base);
                self.plus_literal(a, &["0.5", "1.0", "0.25"])
            };
            (base, self.bounded(b, 3.0))
        } else {
            (a, b)
        };
        let spell = self.spell();
        self.binary_node(op, spell, a, b)
    }

    fn clip(&mut self, shape: Shape, d: u32) -> Typed {
        let a = self.float(shape, d);
        let lo_text = *self.rng.pick(&["0.5", "1.0", "2.0", "0.0", "3"]);
        let hi_text = *self.rng.pick(&["0.5", "1.0", "2.0", "4.0"]);
        // Usually `lo <= hi`; sometimes a scalar expression for `lo`.
        let lo = if self.rng.chance(0.2) && d > 0 {
            self.float(Shape::Scalar, d - 1)
        } else {
            Typed::new(
                Expr::Unary(Unary::Neg, Spell::Function, lit(lo_text).boxed()),
                Shape::Scalar,
                Kind::Float,
                Range::point(-lit_value(lo_text)),
            )
        };
        let hi = Typed::new(
            lit(hi_text),
            Shape::Scalar,
            Kind::Float,
            Range::point(lit_value(hi_text)),
        );
        let r = Range::binary(
            Binary::Minimum,
            Range::binary(Binary::Maximum, a.r, lo.r),
            hi.r,
        );
        let spell = self.spell();
        Typed::new(
            Expr::Clip(spell, a.e.boxed(), lo.e.boxed(), hi.e.boxed()),
            shape,
            Kind::Float,
            r,
        )
    }

    fn mul_add(&mut self, shape: Shape, d: u32) -> Typed {
        let [sa, sb] = self.operand_shapes(shape);
        let sc = if self.rng.chance(0.5) {
            shape
        } else {
            Shape::Scalar
        };
        let a = self.float(sa, d);
        let a = self.bounded(a, 1e4);
        let b = self.float(sb, d);
        let b = self.bounded(b, 1e4);
        let c = self.float(sc, d);
        let r = Range::binary(Binary::Add, Range::binary(Binary::Mul, a.r, b.r), c.r);
        Typed::new(
            Expr::MulAdd(a.e.boxed(), b.e.boxed(), c.e.boxed()),
            shape,
            Kind::Float,
            r,
        )
    }

    fn select(&mut self, shape: Shape, d: u32) -> Typed {
        // The mask's shape: an array where the result is one, except now and then a
        // scalar mask choosing between arrays (in `parallel` kernels only with the switch
        // of that once known bug).
        let scalar_mask_ok = !self.parallel || self.sw.scalar_mask_in_parallel;
        let mask_shape = match shape {
            Shape::Array if scalar_mask_ok && self.rng.chance(0.2) => Shape::Scalar,
            other => other,
        };
        if shape == Shape::Scalar && !scalar_mask_ok {
            // No scalar select at all in a parallel kernel with that switch off.
            return self.arith(shape, d);
        }
        let m = self.mask(mask_shape, d);
        let [sa, sb] = if mask_shape == Shape::Array {
            self.operand_shapes(Shape::Array)
        } else {
            self.operand_shapes(shape)
        };
        let constant = *self.rng.pick(&[Constant::Nan, Constant::Inf]);
        let special =
            self.sw.special_constants && self.rng.chance(0.05) && !self.shadowed(constant.name());
        // With a constant for `b`, `a` alone must give the result its shape.
        let a = if special && mask_shape == Shape::Scalar {
            self.float(shape, d)
        } else {
            self.float(sa, d)
        };
        let b = if special {
            let c = constant;
            Typed::new(Expr::Const(c), Shape::Scalar, Kind::Float, a.r)
        } else {
            self.float(sb, d)
        };
        let (a, b) = if self.rng.chance(0.5) { (a, b) } else { (b, a) };
        let shape = combined(&[m.shape(), a.shape(), b.shape()]);
        Typed::new(
            Expr::Select(m.e.boxed(), a.e.boxed(), b.e.boxed()),
            shape,
            Kind::Float,
            a.r.hull(b.r),
        )
    }

    /// Earlier kernels of this element type a call can produce a `shape` value with:
    /// ufunc-style ones (an array when an argument is one) and, in a kernel that has
    /// arrays, kernels taking arrays whose result has that shape.
    fn callees(&self, shape: Shape) -> Vec<usize> {
        (0..self.corpus.kernels.len())
            .filter(|&i| {
                let k = &self.corpus.kernels[i];
                if k.elem != self.elem {
                    return false;
                }
                if k.is_ufunc() {
                    return self.sw.ufunc_calls && k.ret == RetTy::Float;
                }
                let result = if k.ret == RetTy::Array {
                    Shape::Array
                } else {
                    Shape::Scalar
                };
                self.sw.array_calls && self.has_arrays() && result == shape
            })
            .collect()
    }

    /// `t` clipped into `[lo, hi]` where its range leaves it (a callee's guards assume its
    /// arguments lie in its domains).
    fn clipped_into(&mut self, t: Typed, d: Domain) -> Typed {
        if t.r.lo >= d.lo && t.r.hi <= d.hi {
            return t;
        }
        let lo = if d.lo < 0.0 {
            Expr::Unary(
                Unary::Neg,
                Spell::Function,
                lit(&format!("{:?}", -d.lo)).boxed(),
            )
        } else {
            lit(&format!("{:?}", d.lo))
        };
        let spell = self.spell();
        let shape = t.shape();
        Typed::new(
            Expr::Clip(
                spell,
                t.e.boxed(),
                lo.boxed(),
                lit(&format!("{:?}", d.hi)).boxed(),
            ),
            shape,
            Kind::Float,
            Range::new(d.lo, d.hi),
        )
    }

    /// A call of an earlier kernel giving a `shape` value.
    fn call(&mut self, shape: Shape, d: u32) -> Typed {
        let callees = self.callees(shape);
        let callee = *self.rng.pick(&callees);
        let k = &self.corpus.kernels[callee];
        let (params, ufunc) = (k.params.clone(), k.is_ufunc());
        let (array_domain, scalar_domain) = (k.array_domain, k.scalar_domain);
        let kind = match k.ret {
            RetTy::Index(_) => Kind::Index,
            _ => Kind::Float,
        };
        // A ufunc gives an array when one of its arguments is one.
        let array_arg = self.rng.below(params.len());
        let mut args = Vec::new();
        for (i, p) in params.iter().enumerate() {
            let arg_shape = match p.ty {
                ParamTy::Array { .. } => Shape::Array,
                _ if !ufunc => Shape::Scalar,
                _ if shape == Shape::Array && (i == array_arg || self.rng.chance(0.4)) => {
                    Shape::Array
                }
                _ => Shape::Scalar,
            };
            if let ParamTy::Int(ty) = p.ty {
                // Converted with `as`: an integral literal keeps it exact.
                let text = if ty == IntTy::Usize { "3" } else { "2" };
                args.push(lit(text));
                continue;
            }
            let mut a = self.float(arg_shape, d);
            if !self.sw.nested_calls && a.e.any(&|e| matches!(e, Expr::Call(..))) {
                a = self.leaf(arg_shape);
            }
            let domain = match p.ty {
                ParamTy::Array { .. } => array_domain,
                _ => scalar_domain,
            };
            args.push(self.clipped_into(a, domain).e);
        }
        if !ufunc && !self.sw.overlapping_call_arguments {
            self.separate_array_arguments(&params, &mut args);
        }
        Typed::new(
            Expr::Call(callee, args),
            shape,
            kind,
            self.result_ranges[callee],
        )
    }

    /// `e` as the compiler shares it: `let`s replaced by their values, parentheses gone,
    /// method spellings as functions.
    fn inlined(&self, e: &Expr) -> Expr {
        let mut copy = match e {
            Expr::Local(i) => return self.inlined(&self.lets[*i].value),
            Expr::Paren(a) => return self.inlined(a),
            other => other.clone(),
        };
        match &mut copy {
            Expr::Unary(_, s, _)
            | Expr::Binary(_, s, _, _)
            | Expr::Clip(s, ..)
            | Expr::Len(s, _) => {
                *s = Spell::Function;
            }
            _ => {}
        }
        copy.map_children(&mut |c| *c = self.inlined(c));
        copy
    }

    /// With `overlapping_call_arguments` off: an array argument that is part of another
    /// array argument of the same call becomes an argument of the caller instead.
    fn separate_array_arguments(&mut self, params: &[Param], args: &mut [Expr]) {
        let arrays: Vec<usize> = (0..params.len())
            .filter(|&i| matches!(params[i].ty, ParamTy::Array { .. }))
            .collect();
        for &i in &arrays {
            for &j in &arrays {
                let (inner, outer) = (self.inlined(&args[j]), self.inlined(&args[i]));
                let leaf = matches!(inner, Expr::Param(_));
                if i != j && !leaf && outer.any(&|e| *e == inner) {
                    args[j] = self.array_param_leaf();
                }
            }
        }
    }

    /// An array argument of the kernel being generated.
    fn array_param_leaf(&mut self) -> Expr {
        let params: Vec<usize> = (0..self.params.len())
            .filter(|&i| matches!(self.params[i].ty, ParamTy::Array { .. }))
            .collect();
        Expr::Param(*self.rng.pick(&params))
    }

    /// `A - max(A)`, `A - min(A)`, `A - mean(A)`, `exp(A - max(A))`, `A / (max(abs(A)) +
    /// 1.0)`, `B / sum(B)`: one array used twice, which the compiler shares (and, for
    /// `sum(exp(A - max(A)))`, computes online).
    fn centred(&mut self, d: u32) -> Typed {
        let a = self.float(Shape::Array, d);
        // `A` is written two or three times: a large one would bloat the kernel.
        let a = if size(&a.e) > 8 { self.array_leaf() } else { a };
        let arr = |e: Expr, r: Range| Typed::new(e, Shape::Array, Kind::Float, r);
        let reduce = |r: Reduce, e: &Expr| Expr::Reduce(r, e.clone().boxed());
        let sub = |x: &Expr, y: Expr| {
            Expr::Binary(Binary::Sub, Spell::Function, x.clone().boxed(), y.boxed())
        };
        let width = a.r.hi - a.r.lo;
        match self.rng.below(6) {
            0 => arr(
                sub(&a.e, reduce(Reduce::Max, &a.e)),
                Range::new(-width, 0.0),
            ),
            1 => arr(sub(&a.e, reduce(Reduce::Min, &a.e)), Range::new(0.0, width)),
            2 => arr(
                sub(&a.e, reduce(Reduce::Mean, &a.e)),
                Range::new(-width, width),
            ),
            3 | 4 => {
                // `exp(A - max(A))`: in (0, 1], and its largest element is 1, so its sum
                // is at least 1 (the static range says "positive" for the guards).
                let e = Expr::Unary(
                    Unary::Exp,
                    self.spell(),
                    sub(&a.e, reduce(Reduce::Max, &a.e)).boxed(),
                );
                if self.rng.chance(0.5) {
                    let s = reduce(Reduce::Sum, &e);
                    arr(
                        Expr::Binary(Binary::Div, Spell::Function, e.boxed(), s.boxed()),
                        Range::new(0.0, 1.0),
                    )
                } else {
                    arr(e, Range::new(1e-300, 1.0))
                }
            }
            _ => {
                let abs = Expr::Unary(Unary::Abs, Spell::Function, a.e.clone().boxed());
                let den = Expr::Binary(
                    Binary::Add,
                    Spell::Function,
                    reduce(Reduce::Max, &abs).boxed(),
                    lit("1.0").boxed(),
                );
                arr(
                    Expr::Binary(Binary::Div, Spell::Function, a.e.boxed(), den.boxed()),
                    Range::new(-1.0, 1.0),
                )
            }
        }
    }

    /// A reduction of an array to a float.
    fn reduction(&mut self, d: u32) -> Typed {
        let scalar = |e: Expr, r: Range| Typed::new(e, Shape::Scalar, Kind::Float, r);
        match self.rng.weighted(&[5, 2, 3, 3, 2, 2]) {
            0 => {
                let a = self.float(Shape::Array, d);
                let a = self.bounded(a, 1e6);
                let r = Range::sum_of(a.r);
                scalar(Expr::Reduce(Reduce::Sum, a.e.boxed()), r)
            }
            1 => {
                // A product of up to 60 000 values stays finite near 1: `1.0 + tanh(e) *
                // 0.0001`; now and then a raw product of values in [-1, 1] (it underflows).
                let a = self.float(Shape::Array, d);
                let a = if self.rng.chance(0.85) {
                    let t = Expr::Unary(Unary::Tanh, self.spell(), a.e.boxed());
                    let small = Expr::Binary(
                        Binary::Mul,
                        Spell::Function,
                        t.boxed(),
                        lit(self.rng.pick::<&str>(&["0.0001", "1e-4"])).boxed(),
                    );
                    Typed::new(
                        Expr::Binary(
                            Binary::Add,
                            Spell::Function,
                            lit("1.0").boxed(),
                            small.boxed(),
                        ),
                        Shape::Array,
                        Kind::Float,
                        Range::new(0.9999, 1.0001),
                    )
                } else {
                    self.bounded(a, 1.0)
                };
                let r = if a.r.within(1.0) {
                    Range::new(-1.0, 1.0)
                } else {
                    Range::new(0.0, 500.0)
                };
                scalar(Expr::Reduce(Reduce::Prod, a.e.boxed()), r)
            }
            2 | 3 => {
                let max = self.rng.chance(0.5);
                let a = self.float(Shape::Array, d);
                let r = a.r;
                let op = if max { Reduce::Max } else { Reduce::Min };
                scalar(Expr::Reduce(op, a.e.boxed()), r)
            }
            4 => {
                let a = self.float(Shape::Array, d);
                let a = self.bounded(a, 1e6);
                let r = a.r;
                scalar(Expr::Reduce(Reduce::Mean, a.e.boxed()), r)
            }
            _ => {
                let a = self.float(Shape::Array, d);
                let a = self.bounded(a, 1e3);
                let b = self.float(Shape::Array, d);
                let b = self.bounded(b, 1e3);
                let r = Range::sum_of(Range::binary(Binary::Mul, a.r, b.r));
                scalar(Expr::Dot(a.e.boxed(), b.e.boxed()), r)
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Indices and masks.

    /// A scalar index: `argmax`, `argmin`, `len`, a `usize` argument or an index `let`.
    fn index(&mut self, depth: u32) -> Typed {
        let index = |e: Expr, r: Range| Typed::new(e, Shape::Scalar, Kind::Index, r);
        let mut lets = Vec::new();
        for (i, l) in self.lets.iter().enumerate() {
            if l.ty
                == (Ty {
                    shape: Shape::Scalar,
                    kind: Kind::Index,
                })
            {
                lets.push(i);
            }
        }
        let usize_params: Vec<usize> = (0..self.params.len())
            .filter(|&i| self.params[i].ty == ParamTy::Int(IntTy::Usize))
            .collect();
        let weights = [
            4,
            3,
            if lets.is_empty() { 0 } else { 2 },
            if usize_params.is_empty() { 0 } else { 1 },
        ];
        let d = depth.saturating_sub(1);
        match self.rng.weighted(&weights) {
            0 => {
                let a = self.float(Shape::Array, d);
                let max = self.rng.chance(0.5);
                index(Expr::ArgExtreme(max, a.e.boxed()), Range::new(0.0, MAX_LEN))
            }
            1 => {
                let mut a = if self.rng.chance(0.7) {
                    self.array_leaf()
                } else {
                    self.float(Shape::Array, d)
                };
                let calls = self.inlined(&a.e).any(&|e| matches!(e, Expr::Call(..)));
                if (!self.sw.len_of_call && !self.reads_array_param(&a.e))
                    || (!self.sw.call_under_len && calls)
                {
                    // Switched off: the operand's length would come from a call's result, or
                    // the operand calls a kernel only `len` reads.
                    let params: Vec<usize> = (0..self.params.len())
                        .filter(|&i| matches!(self.params[i].ty, ParamTy::Array { .. }))
                        .collect();
                    let i = *self.rng.pick(&params);
                    a = Typed::new(
                        Expr::Param(i),
                        Shape::Array,
                        Kind::Float,
                        self.param_ranges[i],
                    );
                }
                let spell = self.spell();
                index(Expr::Len(spell, a.e.boxed()), Range::new(1.0, MAX_LEN))
            }
            2 => {
                let i = *self.rng.pick(&lets);
                index(Expr::Local(i), self.let_ranges[i])
            }
            _ => {
                let i = *self.rng.pick(&usize_params);
                index(Expr::Param(i), self.param_ranges[i])
            }
        }
    }

    /// `true` if `e` reads an array argument outside any call's arguments (through
    /// `let`s): its length class is then rooted at an argument.
    fn reads_array_param(&self, e: &Expr) -> bool {
        match e {
            Expr::Param(i) => matches!(self.params[*i].ty, ParamTy::Array { .. }),
            Expr::Local(i) => self.reads_array_param(&self.lets[*i].value),
            Expr::Call(..) => false,
            other => other.children().iter().any(|c| self.reads_array_param(c)),
        }
    }

    /// A comparison (or a mask `let`) of exactly `shape`.
    fn mask(&mut self, shape: Shape, d: u32) -> Typed {
        let lets: Vec<usize> = (0..self.lets.len())
            .filter(|&i| {
                self.lets[i].ty
                    == (Ty {
                        shape,
                        kind: Kind::Mask,
                    })
            })
            .collect();
        if !lets.is_empty() && self.rng.chance(0.5) {
            let i = *self.rng.pick(&lets);
            return Typed::new(Expr::Local(i), shape, Kind::Mask, Range::new(0.0, 1.0));
        }
        let op = *self.rng.pick(&Cmp::ALL);
        let [sa, sb] = self.operand_shapes(shape);
        let mut a = self.float(sa, d);
        let mut b = self.float(sb, d);
        if matches!(op, Cmp::Eq | Cmp::Ne) && self.rng.chance(0.6) {
            // Equality of floors: ties are common.
            let floor = |t: Typed, s: Spell| {
                let r = Range::unary(Unary::Floor, t.r);
                let shape = t.shape();
                Typed::new(
                    Expr::Unary(Unary::Floor, s, t.e.boxed()),
                    shape,
                    Kind::Float,
                    r,
                )
            };
            let (s1, s2) = (self.spell(), self.spell());
            a = floor(a, s1);
            b = floor(b, s2);
        }
        Typed::new(
            Expr::Compare(op, a.e.boxed(), b.e.boxed()),
            shape,
            Kind::Mask,
            Range::new(0.0, 1.0),
        )
    }

    // -----------------------------------------------------------------------------------
    // Guards.

    fn literal_at_most(&mut self, limit: f64) -> &'static str {
        let fits: Vec<&'static str> = ["1.0", "2.0", "3.0", "10.0", "20.0", "100.0", "1000.0"]
            .into_iter()
            .filter(|t| lit_value(t) <= limit)
            .collect();
        if fits.is_empty() {
            "0.5"
        } else {
            // The larger ones keep more of the operand's spread.
            fits[fits.len() - 1 - self.rng.below(fits.len().min(2))]
        }
    }

    /// `t` with every value in `[-limit, limit]`.
    fn bounded(&mut self, t: Typed, limit: f64) -> Typed {
        if t.r.within(limit) {
            return t;
        }
        let c = self.literal_at_most(limit);
        let cv = lit_value(c);
        let shape = t.shape();
        let float = |e: Expr| Typed::new(e, shape, Kind::Float, Range::new(-cv, cv));
        let neg_c = Expr::Unary(Unary::Neg, Spell::Function, lit(c).boxed());
        // The last two repeat `t`: only for small `t`, or guards would nest exponentially.
        let choices = match (size(&t.e) <= 6, shape) {
            (false, _) => 2,
            (true, Shape::Array) => 4,
            (true, Shape::Scalar) => 3,
        };
        match self.rng.below(choices) {
            0 => {
                let th = Expr::Unary(Unary::Tanh, self.spell(), t.e.boxed());
                float(Expr::Binary(
                    Binary::Mul,
                    Spell::Function,
                    th.boxed(),
                    lit(c).boxed(),
                ))
            }
            1 => {
                let spell = self.spell();
                float(Expr::Clip(
                    spell,
                    t.e.boxed(),
                    neg_c.boxed(),
                    lit(c).boxed(),
                ))
            }
            2 => {
                // `t / (abs(t) + 1.0) * c`: in (-c, c).
                let den = Expr::Binary(
                    Binary::Add,
                    Spell::Function,
                    Expr::Unary(Unary::Abs, Spell::Function, t.e.clone().boxed()).boxed(),
                    lit("1.0").boxed(),
                );
                let q = Expr::Binary(Binary::Div, Spell::Function, t.e.boxed(), den.boxed());
                float(Expr::Binary(
                    Binary::Mul,
                    Spell::Function,
                    q.boxed(),
                    lit(c).boxed(),
                ))
            }
            _ => {
                // `t / (max(abs(t)) + 1.0) * c`: scaled by the array's own extreme.
                let m = Expr::Reduce(
                    Reduce::Max,
                    Expr::Unary(Unary::Abs, Spell::Function, t.e.clone().boxed()).boxed(),
                );
                let den = Expr::Binary(Binary::Add, Spell::Function, m.boxed(), lit("1.0").boxed());
                let q = Expr::Binary(Binary::Div, Spell::Function, t.e.boxed(), den.boxed());
                float(Expr::Binary(
                    Binary::Mul,
                    Spell::Function,
                    q.boxed(),
                    lit(c).boxed(),
                ))
            }
        }
    }

    fn abs_of(&mut self, t: Typed) -> Typed {
        let r = Range::unary(Unary::Abs, t.r);
        let shape = t.shape();
        let spell = self.spell();
        Typed::new(
            Expr::Unary(Unary::Abs, spell, t.e.boxed()),
            shape,
            Kind::Float,
            r,
        )
    }

    fn plus_literal(&mut self, t: Typed, choices: &[&str]) -> Typed {
        let c = *self.rng.pick(choices);
        let r = Range::binary(Binary::Add, t.r, Range::point(lit_value(c)));
        let shape = t.shape();
        Typed::new(
            Expr::Binary(Binary::Add, Spell::Function, t.e.boxed(), lit(c).boxed()),
            shape,
            Kind::Float,
            r,
        )
    }

    /// `t` where it is not negative, else `abs(t)`.
    fn absolute(&mut self, t: Typed) -> Typed {
        if t.r.at_least(0.0) { t } else { self.abs_of(t) }
    }

    /// `t` with every value positive (for logarithms).
    fn positive(&mut self, t: Typed) -> Typed {
        if t.r.at_least(1e-3) {
            return t;
        }
        // `t * t` repeats `t`: only for small `t`.
        let choice = match self.rng.below(3) {
            1 if size(&t.e) > 6 => 2,
            c => c,
        };
        match choice {
            0 => {
                let b = self.bounded(t, 20.0);
                let shape = b.shape();
                let r = Range::unary(Unary::Exp, b.r);
                let spell = self.spell();
                Typed::new(
                    Expr::Unary(Unary::Exp, spell, b.e.boxed()),
                    shape,
                    Kind::Float,
                    r,
                )
            }
            1 => {
                let b = self.bounded(t, 1e6);
                let shape = b.shape();
                let sq = Typed::new(
                    Expr::Binary(
                        Binary::Mul,
                        Spell::Function,
                        b.e.clone().boxed(),
                        b.e.boxed(),
                    ),
                    shape,
                    Kind::Float,
                    Range::binary(Binary::Mul, b.r, b.r).hull(Range::point(0.0)),
                );
                self.plus_literal(sq, &["1.0", "0.5"])
            }
            _ => {
                let a = self.abs_of(t);
                self.plus_literal(a, &["1.0", "0.5", "2.0"])
            }
        }
    }

    /// `t` away from zero (for divisors).
    fn nonzero(&mut self, t: Typed) -> Typed {
        if t.r.away_from_zero(0.1) {
            return t;
        }
        if self.rng.chance(0.3) {
            let b = self.bounded(t, 20.0);
            let shape = b.shape();
            let r = Range::unary(Unary::Exp, b.r);
            let spell = self.spell();
            return Typed::new(
                Expr::Unary(Unary::Exp, spell, b.e.boxed()),
                shape,
                Kind::Float,
                r,
            );
        }
        let a = self.abs_of(t);
        self.plus_literal(a, &["1.0", "0.5", "2.0"])
    }
}

/// Removes `let`s nothing uses (directly or through other `let`s) and renumbers the
/// rest, so every `let` the kernel has is evaluated for a reason (an unused `max(x)`
/// would make an empty input an error that NumPy's eager evaluation and a lazy compiler
/// could disagree about).
pub fn prune_lets(k: &mut Kernel) {
    fn mark(e: &Expr, used: &mut [bool]) {
        if let Expr::Local(i) = e {
            used[*i] = true;
        }
        for c in e.children() {
            mark(c, used);
        }
    }
    let mut used = vec![false; k.lets.len()];
    mark(&k.result, &mut used);
    for i in (0..k.lets.len()).rev() {
        if used[i] {
            let value = k.lets[i].value.clone();
            mark(&value, &mut used);
        }
    }
    let mut renumber = vec![usize::MAX; k.lets.len()];
    let mut next = 0;
    for (i, u) in used.iter().enumerate() {
        if *u {
            renumber[i] = next;
            next += 1;
        }
    }
    fn rewrite(e: &mut Expr, map: &[usize]) {
        if let Expr::Local(i) = e {
            *i = map[*i];
        }
        e.map_children(&mut |c| rewrite(c, map));
    }
    let lets = std::mem::take(&mut k.lets);
    for (i, mut l) in lets.into_iter().enumerate() {
        if used[i] {
            rewrite(&mut l.value, &renumber);
            k.lets.push(l);
        }
    }
    rewrite(&mut k.result, &renumber);
}
