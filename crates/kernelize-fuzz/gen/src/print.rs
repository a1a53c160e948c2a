//! Kernels as Rust source: the text the `#[kernel]` macro compiles and failure messages
//! quote. Parentheses are written exactly where the tree needs them (floating-point
//! arithmetic is not associative, so `a + (b + c)` keeps its parentheses), plus the
//! tree's own [`Expr::Paren`]s.

use crate::ast::{
    Annotation, Binary, Corpus, Expr, IntTy, Kernel, ParamTy, RetTy, SigStyle, Spell, Unary,
};

/// Binding strength, as Rust parses it.
fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Binary(Binary::Add | Binary::Sub, ..) => 70,
        Expr::Binary(Binary::Mul | Binary::Div, ..) => 80,
        Expr::Compare(..) => 60,
        Expr::Unary(Unary::Neg, ..) => 90,
        _ => 100,
    }
}

/// Prints kernel `kernel` of `corpus` (callees are named from the corpus).
pub fn kernel_source(corpus: &Corpus, kernel: usize) -> String {
    let k = &corpus.kernels[kernel];
    let p = Printer { corpus, kernel: k };
    let mut out = String::new();
    out.push_str(&p.attribute());
    out.push('\n');
    let params: Vec<String> = k
        .params
        .iter()
        .map(|param| format!("{}: {}", param.name, p.param_type(param.ty)))
        .collect();
    out.push_str(&format!(
        "pub fn {}({}) -> {} {{\n",
        k.name,
        params.join(", "),
        p.ret_type()
    ));
    for l in &k.lets {
        let annotation = match l.annotation {
            Annotation::None => String::new(),
            Annotation::Scalar => format!(": {}", k.elem.rust()),
            Annotation::Index(t) => format!(": {}", t.rust()),
            Annotation::Vec => format!(": Vec<{}>", k.elem.rust()),
            Annotation::Slice => format!(": &[{}]", k.elem.rust()),
        };
        out.push_str(&format!(
            "    let {}{annotation} = {};\n",
            l.name,
            p.expr(&l.value)
        ));
    }
    if k.explicit_return {
        out.push_str(&format!("    return {};\n", p.expr(&k.result)));
    } else {
        out.push_str(&format!("    {}\n", p.expr(&k.result)));
    }
    out.push_str("}\n");
    out
}

/// The Numba signature string of `k` (without quotes), if it has one.
pub fn signature(k: &Kernel) -> Option<String> {
    let style = k.attrs.signature?;
    let args: Vec<String> = k
        .params
        .iter()
        .map(|p| match p.ty {
            ParamTy::Array { contiguous, .. } => {
                format!(
                    "{}{}",
                    k.elem.numba(),
                    if contiguous { "[::1]" } else { "[:]" }
                )
            }
            ParamTy::Float => k.elem.numba().to_string(),
            ParamTy::Int(t) => t.numba().to_string(),
        })
        .collect();
    let ret = match style {
        SigStyle::ArgsOnly => String::new(),
        SigStyle::Full => match k.ret {
            RetTy::Array => format!("{}[:]", k.elem.numba()),
            RetTy::Float => k.elem.numba().to_string(),
            RetTy::Index(t) => t.numba().to_string(),
        },
    };
    Some(format!("{ret}({})", args.join(", ")))
}

struct Printer<'a> {
    corpus: &'a Corpus,
    kernel: &'a Kernel,
}

impl Printer<'_> {
    fn attribute(&self) -> String {
        let a = self.kernel.attrs;
        let mut opts = Vec::new();
        if let Some(sig) = signature(self.kernel) {
            opts.push(format!("signature = \"{sig}\""));
        }
        for (on, name) in [
            (a.parallel, "parallel"),
            (a.fastmath, "fastmath"),
            (a.nogil, "nogil"),
            (a.cache, "cache"),
        ] {
            if on {
                opts.push(name.to_string());
            }
        }
        if opts.is_empty() {
            "#[kernel]".to_string()
        } else {
            format!("#[kernel({})]", opts.join(", "))
        }
    }

    fn param_type(&self, ty: ParamTy) -> String {
        let t = self.kernel.elem.rust();
        match ty {
            ParamTy::Array { mutable: true, .. } => format!("&mut [{t}]"),
            ParamTy::Array { .. } => format!("&[{t}]"),
            ParamTy::Float => t.to_string(),
            ParamTy::Int(i) => i.rust().to_string(),
        }
    }

    fn ret_type(&self) -> String {
        let t = self.kernel.elem.rust();
        match self.kernel.ret {
            RetTy::Array => format!("Vec<{t}>"),
            RetTy::Float => t.to_string(),
            RetTy::Index(i) => IntTy::rust(i).to_string(),
        }
    }

    /// `e` as an operand needing at least `min` binding strength.
    fn operand(&self, e: &Expr, min: u8) -> String {
        if precedence(e) < min {
            format!("({})", self.expr(e))
        } else {
            self.expr(e)
        }
    }

    /// `e` as a method receiver: an atom, never a bare literal (`(2.0).exp()`).
    fn receiver(&self, e: &Expr) -> String {
        if precedence(e) < 100 || matches!(e, Expr::Lit(_)) {
            format!("({})", self.expr(e))
        } else {
            self.expr(e)
        }
    }

    fn list(&self, items: &[&Expr]) -> String {
        items
            .iter()
            .map(|e| self.expr(e))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn expr(&self, e: &Expr) -> String {
        let k = self.kernel;
        match e {
            Expr::Param(i) => k.params[*i].name.clone(),
            Expr::Local(i) => k.lets[*i].name.clone(),
            Expr::Lit(text) => text.clone(),
            Expr::Const(c) => c.name().to_string(),
            Expr::Unary(Unary::Neg, _, a) => {
                // `- -x` and `-(-x)` parse alike; the parentheses read better.
                let inner = if precedence(a) <= 90 {
                    format!("({})", self.expr(a))
                } else {
                    self.expr(a)
                };
                format!("-{inner}")
            }
            Expr::Unary(op, Spell::Function, a) => format!("{}({})", op.function(), self.expr(a)),
            Expr::Unary(op, Spell::Method, a) => format!("{}.{}()", self.receiver(a), op.method()),
            Expr::Binary(op, _, a, b) if op.is_operator() => {
                let p = precedence(e);
                format!(
                    "{} {} {}",
                    self.operand(a, p),
                    op.function(),
                    self.operand(b, p + 1)
                )
            }
            Expr::Binary(op, Spell::Function, a, b) => {
                format!("{}({})", op.function(), self.list(&[a, b]))
            }
            Expr::Binary(op, Spell::Method, a, b) => {
                format!("{}.{}({})", self.receiver(a), op.method(), self.expr(b))
            }
            Expr::Recip(a) => format!("{}.recip()", self.receiver(a)),
            Expr::MulAdd(a, b, c) => {
                format!("{}.mul_add({})", self.receiver(a), self.list(&[b, c]))
            }
            Expr::Clip(Spell::Function, a, lo, hi) => format!("clip({})", self.list(&[a, lo, hi])),
            Expr::Clip(Spell::Method, a, lo, hi) => {
                format!("{}.clamp({})", self.receiver(a), self.list(&[lo, hi]))
            }
            Expr::Compare(op, a, b) => {
                format!(
                    "{} {} {}",
                    self.operand(a, 61),
                    op.op(),
                    self.operand(b, 61)
                )
            }
            Expr::Select(m, a, b) => format!("select({})", self.list(&[m, a, b])),
            Expr::Reduce(r, a) => format!("{}({})", r.name(), self.expr(a)),
            Expr::Dot(a, b) => format!("dot({})", self.list(&[a, b])),
            Expr::Len(Spell::Function, a) => format!("len({})", self.expr(a)),
            Expr::Len(Spell::Method, a) => format!("{}.len()", self.receiver(a)),
            Expr::ArgExtreme(max, a) => {
                format!(
                    "{}({})",
                    if *max { "argmax" } else { "argmin" },
                    self.expr(a)
                )
            }
            Expr::Call(callee, args) => {
                let args: Vec<&Expr> = args.iter().collect();
                format!(
                    "{}({})",
                    self.corpus.kernels[*callee].name,
                    self.list(&args)
                )
            }
            Expr::Paren(a) => format!("({})", self.expr(a)),
        }
    }
}
