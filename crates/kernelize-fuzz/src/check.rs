//! Runs every variant of a generated kernel on every case and checks the results (see
//! the crate docs for the list); a failure is a message with everything needed to
//! reproduce it: the kernel's source, the variant, the case, the first differing element
//! and the inputs there.

use std::panic::{AssertUnwindSafe, catch_unwind};

use kernelize::{Error, Tier, Variant};
use kernelize_fuzz_gen::ast::{Corpus, Expr, Kernel, Reduce};
use kernelize_fuzz_gen::float::Float;
use kernelize_fuzz_gen::reference::{self, Arg, EmptyReduction, Outcome, Val};

use crate::inputs::{Case, Profile, cases};
use crate::{Entry, IntoFn, Out, RunFn, Runner};

/// What every check of one corpus shares.
#[derive(Debug)]
pub struct Context<'a> {
    /// The kernels as trees.
    pub corpus: &'a Corpus,
    /// A rayon pool of 1, 2, 3 and 4 threads.
    pub pools: &'a [rayon::ThreadPool],
    /// The command that reruns one kernel (`{name}` is replaced).
    pub rerun: String,
    /// Run with every size-chosen plan forced (`KERNELIZE_ONLINE_MIN_BYTES=0`,
    /// `KERNELIZE_STREAM_MIN_BYTES=0`): only the kernels and cases those plans change.
    pub forced_plans: bool,
}

/// What was checked, for the summary.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally {
    /// Kernel runs compared with the reference.
    pub runs: usize,
    /// Elements compared with the reference.
    pub elements: usize,
    /// Runs compared bit for bit with another run.
    pub bitwise: usize,
    /// Time in the reference interpreter.
    pub reference: std::time::Duration,
    /// Time in the kernels' variants, checks included.
    pub kernels: std::time::Duration,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.runs += o.runs;
        self.elements += o.elements;
        self.bitwise += o.bitwise;
        self.reference += o.reference;
        self.kernels += o.kernels;
    }
}

/// Checks one kernel; `Err` carries the first failure's report.
pub fn check_entry(cx: &Context<'_>, e: &Entry) -> Result<Tally, String> {
    match e.run {
        Runner::F64(run, into) => Checker::<f64> { cx, e, run, into }.run(),
        Runner::F32(run, into) => Checker::<f32> { cx, e, run, into }.run(),
    }
}

/// `true` if `pred` holds somewhere in `k`, its `let`s or the kernels it calls.
pub fn kernel_has(corpus: &Corpus, k: &Kernel, pred: &dyn Fn(&Expr) -> bool) -> bool {
    let calls = |e: &Expr| match e {
        Expr::Call(c, _) => kernel_has(corpus, &corpus.kernels[*c], pred),
        _ => false,
    };
    std::iter::once(&k.result)
        .chain(k.lets.iter().map(|l| &l.value))
        .any(|e| e.any(pred) || e.any(&calls))
}

/// `true` for an empty reduction's error, in this kernel or one it called.
fn is_empty_reduction(e: &Error) -> bool {
    match e {
        Error::EmptyReduction { .. } => true,
        Error::InCall { callee, .. } => is_empty_reduction(callee),
        _ => false,
    }
}

/// `true` if `e` reduces in an order that differs between tiers (a sum or a product).
fn ordered_reduction(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Reduce(Reduce::Sum | Reduce::Prod | Reduce::Mean, _) | Expr::Dot(..)
    )
}

/// `true` if the two values are the same bits (any NaN alike: payloads are not part of
/// the promise).
fn same<T: Float>(a: T, b: T) -> bool {
    (a.is_nan() && b.is_nan()) || a.bits() == b.bits()
}

fn show<T: Float>(x: T) -> String {
    format!("{:e} ({:#x})", x.to_f64(), x.bits())
}

fn show_val<T: Float>(v: &Val<T>) -> String {
    match v {
        Val::Point(p) if p.is_nan() => "NaN".to_string(),
        Val::Point(p) => format!("exactly {}", show(*p)),
        Val::Span { lo, hi, nan } => format!(
            "[{:e}, {:e}]{}",
            lo.to_f64(),
            hi.to_f64(),
            if *nan { " or NaN" } else { "" }
        ),
    }
}

fn show_out<T: Float>(o: &Result<Out<T>, Error>) -> String {
    match o {
        Ok(Out::Array(v)) => format!("an array of {} elements", v.len()),
        Ok(Out::Float(x)) => show(*x),
        Ok(Out::Int(i)) => format!("{i}"),
        Err(e) => format!("Err({e})"),
    }
}

/// The value a result has as the reference predicts it (integers convert).
fn scalar_of<T: Float>(o: &Out<T>) -> Option<T> {
    match *o {
        Out::Float(x) => Some(x),
        Out::Int(i) => Some(T::from_f64(i as f64)),
        Out::Array(_) => None,
    }
}

/// The sequential variant at `v`'s tier (`simd` at its tier, `scalar` for the one-lane
/// tier), which `parallel` must equal bit for bit.
fn sequential(v: Variant) -> Option<Variant> {
    match v {
        Variant::Parallel(Tier::Scalar) => Some(Variant::Scalar),
        Variant::Parallel(t) => Some(Variant::Simd(t)),
        _ => None,
    }
}

struct Checker<'a, T: Float> {
    cx: &'a Context<'a>,
    e: &'a Entry,
    run: RunFn<T>,
    into: Option<IntoFn<T>>,
}

/// One result of one variant.
type Got<T> = Result<Out<T>, Error>;

impl<T: Float> Checker<'_, T> {
    fn kernel(&self) -> &Kernel {
        &self.cx.corpus.kernels[self.e.index]
    }

    fn call(&self, v: Variant, args: &[Arg<'_, T>]) -> Result<Got<T>, String> {
        catch_unwind(AssertUnwindSafe(|| (self.run)(v, args))).map_err(|p| {
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        })
    }

    /// A failure report.
    fn report(&self, v: Variant, case: &Case<T>, what: &str, at: Option<usize>) -> String {
        let k = self.kernel();
        let mut inputs = Vec::new();
        for (p, a) in k.params.iter().zip(case.args()) {
            let text = match a {
                Arg::Array(x) => match at {
                    Some(i) if i < x.len() => format!("{}[{i}] = {}", p.name, show(x[i])),
                    _ => format!("{} = [{} elements]", p.name, x.len()),
                },
                Arg::Float(x) => format!("{} = {}", p.name, show(x)),
                Arg::Int(i) => format!("{} = {i}", p.name),
            };
            inputs.push(text);
        }
        // Short inputs in full, as a call that reproduces the run.
        let call = (case.len() <= 64).then(|| {
            let args: Vec<String> = case
                .args()
                .iter()
                .map(|a| match a {
                    Arg::Array(x) => format!("&{x:?}"),
                    Arg::Float(x) => format!("{x:?}"),
                    Arg::Int(i) => format!("{i}"),
                })
                .collect();
            format!(
                "  call: {}::with(Variant::{v:?}, {})\n",
                self.e.name,
                args.join(", ")
            )
            .replace("NaN", &format!("{}::NAN", T::NAME))
            .replace("-inf", &format!("{}::NEG_INFINITY", T::NAME))
            .replace("inf", &format!("{}::INFINITY", T::NAME))
        });
        format!(
            "kernel `{}` (corpus seed {}, kernel {}), variant {v}, {}:\n  {what}\n  inputs: {}\n\
             {}source:\n{}\nrerun: {}\n",
            self.e.name,
            self.cx.corpus.seed,
            self.e.index,
            case.describe(),
            inputs.join(", "),
            call.unwrap_or_default(),
            self.e.source,
            self.cx.rerun.replace("{name}", self.e.name),
        )
    }

    fn run(&self) -> Result<Tally, String> {
        let k = self.kernel();
        let variants = (self.e.variants)();
        if !variants.contains(&Variant::Scalar) {
            return Err(format!("`{}::variants()` lacks `scalar`", self.e.name));
        }
        let order_free = !kernel_has(self.cx.corpus, k, &ordered_reduction);
        let seed = self.cx.corpus.seed ^ (self.e.index as u64).wrapping_mul(0x9E37_79B9);
        let mut tally = Tally::default();
        let online = reference::has_online_sum(self.cx.corpus, self.e.index);
        for case in cases::<T>(k, seed) {
            // Forced plans change the online sums (any length) and the result's stores
            // (streamed from the first aligned vector: the longest input suffices).
            if self.cx.forced_plans
                && (case.profile != Profile::Uniform
                    || (!online && case.len() < 2 * reference::CHUNK))
            {
                continue;
            }
            let args = case.args();
            let clock = std::time::Instant::now();
            let want = reference::evaluate(self.cx.corpus, self.e.index, &args);
            tally.reference += clock.elapsed();
            let clock = std::time::Instant::now();
            let mut results: Vec<(Variant, Out<T>)> = Vec::new();
            for &v in &variants {
                let got = self
                    .call(v, &args)
                    .map_err(|m| self.report(v, &case, &format!("panicked: {m}"), None))?;
                let out = self.against_reference(v, &case, &want, got)?;
                tally.runs += 1;
                tally.elements += case.len().max(1);
                if let Some(out) = out {
                    results.push((v, out));
                }
            }
            if results.is_empty() {
                continue;
            }
            tally.bitwise += self.across_variants(&case, &results, order_free)?;
            if case.profile == Profile::Uniform {
                tally.bitwise += self.auto_variant(&case, &args, &want, &results)?;
            }
            if case.profile == Profile::Uniform {
                tally.bitwise += self.buffer_write_matches(&case, &args, &results)?;
                tally.bitwise += self.thread_counts(&case, &args, &results)?;
            }
            tally.kernels += clock.elapsed();
        }
        Ok(tally)
    }

    /// Checks `got` against the reference; the result when there is one to compare.
    fn against_reference(
        &self,
        v: Variant,
        case: &Case<T>,
        want: &Result<Outcome<T>, EmptyReduction>,
        got: Got<T>,
    ) -> Result<Option<Out<T>>, String> {
        match (want, got) {
            (Err(_), Err(err)) if is_empty_reduction(&err) => Ok(None),
            (Err(EmptyReduction { reduction }), got) => Err(self.report(
                v,
                case,
                &format!(
                    "`{reduction}` of an empty array must be `Err(EmptyReduction)`, got {}",
                    show_out(&got)
                ),
                None,
            )),
            (Ok(_), Err(err)) => {
                Err(self.report(v, case, &format!("unexpected `Err({err})`"), None))
            }
            (Ok(Outcome::Array(w)), Ok(Out::Array(g))) => {
                if w.len() != g.len() {
                    return Err(self.report(
                        v,
                        case,
                        &format!("{} elements, want {}", g.len(), w.len()),
                        None,
                    ));
                }
                if let Some(i) = (0..g.len()).find(|&i| !w[i].admits(g[i])) {
                    return Err(self.report(
                        v,
                        case,
                        &format!(
                            "element {i}: got {}, the reference admits {}",
                            show(g[i]),
                            show_val(&w[i])
                        ),
                        Some(i),
                    ));
                }
                Ok(Some(Out::Array(g)))
            }
            (Ok(Outcome::Scalar(w)), Ok(g)) if scalar_of(&g).is_some() => {
                let x = scalar_of(&g).expect("checked");
                if !w.admits(x) {
                    return Err(self.report(
                        v,
                        case,
                        &format!("got {}, the reference admits {}", show(x), show_val(w)),
                        None,
                    ));
                }
                Ok(Some(g))
            }
            (Ok(_), got) => Err(self.report(
                v,
                case,
                &format!("the result has the wrong shape: {}", show_out(&got)),
                None,
            )),
        }
    }

    /// The first element where `a` and `b` differ.
    fn first_difference(a: &Out<T>, b: &Out<T>) -> Option<(usize, String, String)> {
        match (a, b) {
            (Out::Array(x), Out::Array(y)) => {
                if x.len() != y.len() {
                    return Some((
                        0,
                        format!("{} elements", x.len()),
                        format!("{} elements", y.len()),
                    ));
                }
                (0..x.len())
                    .find(|&i| !same(x[i], y[i]))
                    .map(|i| (i, show(x[i]), show(y[i])))
            }
            (Out::Float(x), Out::Float(y)) => (!same(*x, *y)).then(|| (0, show(*x), show(*y))),
            (Out::Int(x), Out::Int(y)) => (x != y).then(|| (0, x.to_string(), y.to_string())),
            _ => Some((0, format!("{a:?}"), format!("{b:?}"))),
        }
    }

    /// `parallel` equals `simd` at its tier; with no ordered reduction every variant
    /// equals `scalar`.
    fn across_variants(
        &self,
        case: &Case<T>,
        results: &[(Variant, Out<T>)],
        order_free: bool,
    ) -> Result<usize, String> {
        let find = |v: Variant| results.iter().find(|(w, _)| *w == v).map(|(_, o)| o);
        let mut compared = 0;
        for (v, out) in results {
            let partner = match sequential(*v) {
                Some(s) => Some((s, "its tier's sequential variant")),
                None if order_free && *v != Variant::Scalar => Some((
                    Variant::Scalar,
                    "`scalar` (no sum or product: every tier gives the same bits)",
                )),
                None => None,
            };
            let Some((s, why)) = partner else { continue };
            let Some(other) = find(s) else { continue };
            compared += 1;
            if let Some((i, a, b)) = Self::first_difference(out, other) {
                return Err(self.report(
                    *v,
                    case,
                    &format!("differs from {s} ({why}) at element {i}: {a} against {b}"),
                    Some(i),
                ));
            }
        }
        Ok(compared)
    }

    /// `Variant::Auto` runs one of the variants: within the reference and the same bits
    /// as one of them.
    fn auto_variant(
        &self,
        case: &Case<T>,
        args: &[Arg<'_, T>],
        want: &Result<Outcome<T>, EmptyReduction>,
        results: &[(Variant, Out<T>)],
    ) -> Result<usize, String> {
        let got = self
            .call(Variant::Auto, args)
            .map_err(|m| self.report(Variant::Auto, case, &format!("panicked: {m}"), None))?;
        let Some(out) = self.against_reference(Variant::Auto, case, want, got)? else {
            return Ok(0);
        };
        if results
            .iter()
            .any(|(_, o)| Self::first_difference(&out, o).is_none())
        {
            Ok(1)
        } else {
            Err(self.report(
                Variant::Auto,
                case,
                "`auto` gives bits no listed variant gives",
                None,
            ))
        }
    }

    /// `into_with` writes what `with` returns, into a buffer at an odd offset.
    fn buffer_write_matches(
        &self,
        case: &Case<T>,
        args: &[Arg<'_, T>],
        results: &[(Variant, Out<T>)],
    ) -> Result<usize, String> {
        let Some(into) = self.into else { return Ok(0) };
        if ![17, 1000, reference::CHUNK + 1].contains(&case.len()) {
            return Ok(0);
        }
        let mut compared = 0;
        for (v, out) in results {
            if !matches!(out, Out::Array(_)) {
                continue;
            }
            let mut buf = vec![T::NAN; case.len() + 3];
            let dst = &mut buf[3..];
            let r = catch_unwind(AssertUnwindSafe(|| into(*v, args, dst)));
            match r {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    return Err(self.report(
                        *v,
                        case,
                        &format!("`into_with` returned `Err({e})`"),
                        None,
                    ));
                }
                Err(_) => return Err(self.report(*v, case, "`into_with` panicked", None)),
            }
            compared += 1;
            let got = Out::Array(buf[3..].to_vec());
            if let Some((i, a, b)) = Self::first_difference(&got, out) {
                return Err(self.report(
                    *v,
                    case,
                    &format!("`into_with` differs from `with` at element {i}: {a} against {b}"),
                    Some(i),
                ));
            }
        }
        Ok(compared)
    }

    /// The parallel variant at the best tier gives the same bits under pools of 1 to 4
    /// threads as in the default pool, on inputs of several chunks.
    fn thread_counts(
        &self,
        case: &Case<T>,
        args: &[Arg<'_, T>],
        results: &[(Variant, Out<T>)],
    ) -> Result<usize, String> {
        // Several chunks and a partial one: the largest length only (the one-lane tier's
        // `parallel` is compared with `scalar` on every case already).
        if case.len() < 2 * reference::CHUNK {
            return Ok(0);
        }
        let best = results
            .iter()
            .rfind(|(v, _)| matches!(v, Variant::Parallel(_)));
        let mut compared = 0;
        if let Some((v, want)) = best {
            for (threads, pool) in self.cx.pools.iter().enumerate() {
                let got = pool.install(|| self.call(*v, args));
                let got =
                    got.map_err(|m| self.report(*v, case, &format!("panicked: {m}"), None))?;
                let got = got.map_err(|e| {
                    self.report(
                        *v,
                        case,
                        &format!("`Err({e})` on {} threads", threads + 1),
                        None,
                    )
                })?;
                compared += 1;
                if let Some((i, a, b)) = Self::first_difference(&got, want) {
                    return Err(self.report(
                        *v,
                        case,
                        &format!(
                            "on {} threads differs from the default pool at element {i}: {a} against {b}",
                            threads + 1
                        ),
                        Some(i),
                    ));
                }
            }
        }
        Ok(compared)
    }
}
