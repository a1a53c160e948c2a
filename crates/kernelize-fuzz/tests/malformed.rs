//! Malformed kernels: the generated kernels' tokens, mutated at random (a token deleted,
//! duplicated, swapped with its neighbour or replaced; an identifier misspelt; a `;` or a
//! keyword inserted; a literal changed; a group's delimiters changed; the attribute's
//! options and signature string edited), go through the compiler as a library
//! (`kernelize_codegen::expand_kernel`, which never runs rustc, so thousands run in
//! seconds). Groups stay balanced: mutations work on the token tree.
//!
//! Checked for every mutation:
//! - the compiler returns, never panics (a panic fails with the mutated source);
//!
//! and where the mutated item still parses as a Rust item (rustc gives an attribute macro
//! nothing else; the other mutations only test robustness):
//! - its output parses as Rust items (`syn::File`), errors or not;
//! - every `compile_error!` it emits carries a span inside the user's tokens: the
//!   attribute and the item are parsed from strings (proc-macro2's `span-locations`), so
//!   a span there has source text, and `Span::call_site()` (or any span the macro made up)
//!   has none. That is what can be checked robustly; whether an error points at the
//!   *best* token is a judgement, left to the UI tests.
//! - every error message starts in lower case (or with a backtick), as STYLE.md asks.
//!
//! And the deep expressions the compiler must survive on a small stack: a sum of 3000
//! terms and 600 nested calls.

use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

use kernelize_fuzz_gen::rng::Rng;
use kernelize_fuzz_gen::{Config, Switches, generate, print};

#[allow(dead_code)]
mod config {
    include!(concat!(env!("OUT_DIR"), "/config.rs"));
}

/// Mutated kernels per run (spread over the corpus).
const MUTATIONS: usize = 4000;

/// A token tree with groups kept as vectors, so mutations keep them balanced.
#[derive(Clone, Debug)]
enum Tok {
    Leaf(TokenTree),
    Group(Delimiter, Vec<Tok>),
}

fn to_toks(ts: TokenStream) -> Vec<Tok> {
    ts.into_iter()
        .map(|tt| match tt {
            TokenTree::Group(g) => Tok::Group(g.delimiter(), to_toks(g.stream())),
            other => Tok::Leaf(other),
        })
        .collect()
}

fn from_toks(toks: &[Tok]) -> TokenStream {
    toks.iter()
        .map(|t| match t {
            Tok::Leaf(tt) => tt.clone(),
            Tok::Group(d, inner) => TokenTree::Group(Group::new(*d, from_toks(inner))),
        })
        .collect()
}

/// Every token list in the tree (the root and each group's contents), by path.
fn lists(toks: &[Tok], path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(path.clone());
    for (i, t) in toks.iter().enumerate() {
        if let Tok::Group(_, inner) = t {
            path.push(i);
            lists(inner, path, out);
            path.pop();
        }
    }
}

fn list_at<'a>(toks: &'a mut Vec<Tok>, path: &[usize]) -> &'a mut Vec<Tok> {
    match path.split_first() {
        None => toks,
        Some((&i, rest)) => match &mut toks[i] {
            Tok::Group(_, inner) => list_at(inner, rest),
            Tok::Leaf(_) => unreachable!("paths lead through groups"),
        },
    }
}

/// Names a misspelling may become: built-ins, keywords, and near misses.
const NAMES: &[&str] = &[
    "exp",
    "expp",
    "sum",
    "summ",
    "max",
    "maximum",
    "select",
    "selct",
    "len",
    "argmax",
    "dot",
    "let",
    "fn",
    "for",
    "if",
    "return",
    "mut",
    "pub",
    "x",
    "y",
    "pi",
    "nan",
    "inf",
    "f64",
    "f32",
    "usize",
    "Vec",
    "kernel",
    "parallel",
    "fastmath",
    "signature",
    "sqrt",
    "log",
    "ln",
    "powf",
    "mul_add",
    "clamp",
    "clip",
    "prange",
    "self",
    "crate",
    "super",
    "match",
    "loop",
];

/// Literals a literal may become.
const LITERALS: &[&str] = &[
    "0",
    "1",
    "0.0",
    "1e308",
    "1e400",
    "2.5e-320",
    "1.",
    "0x1F",
    "1_000.5",
    "3f32",
    "3f64",
    "7u8",
    "'c'",
    "\"text\"",
    "b'x'",
    "1e-3",
    "-1",
    "18446744073709551616",
];

/// Punctuation a punctuation may become or that may be inserted.
const PUNCTS: &[char] = &[
    '+', '-', '*', '/', '<', '>', '=', '!', '&', '|', '%', '^', ',', ';', '.', ':', '#', '?', '@',
];

/// Tokens that may be inserted.
const INSERTS: &[&str] = &[
    ";", ",", "let", "for", "if", "return", "mut", "&", "x", "1.0", ".", "?", "match", "loop",
    "unsafe", "move", "=", "+", "sum", "as", "f64",
];

fn misspell(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut c = chars.clone();
    match rng.below(5) {
        0 if c.len() > 1 => {
            c.remove(rng.below(c.len()));
        }
        1 => {
            let i = rng.below(c.len());
            c.insert(i, chars[i]);
        }
        2 if c.len() > 1 => {
            let i = rng.below(c.len() - 1);
            c.swap(i, i + 1);
        }
        3 => c.push(*rng.pick(&['s', '_', '2', 'x'])),
        _ => return (*rng.pick(NAMES)).to_string(),
    }
    let s: String = c.into_iter().collect();
    let valid = s
        .chars()
        .next()
        .is_some_and(|f| f.is_alphabetic() || f == '_')
        && s.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
        && s != "_";
    if valid { s } else { format!("{name}_") }
}

fn one_token(text: &str) -> TokenTree {
    let ts: TokenStream = text.parse().expect("the lists hold valid tokens");
    ts.into_iter().next().expect("one token")
}

/// Edits a signature string: a character deleted, duplicated or inserted.
fn mutate_string(rng: &mut Rng, lit: &Literal) -> TokenTree {
    let text = lit.to_string();
    let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
        return TokenTree::Literal(lit.clone());
    };
    let mut c: Vec<char> = inner.chars().collect();
    let pool = [
        'f', '8', '4', 'i', '[', ']', ':', '(', ')', ',', ' ', '1', 'u', 'b',
    ];
    match rng.below(3) {
        0 if !c.is_empty() => {
            c.remove(rng.below(c.len()));
        }
        1 if !c.is_empty() => {
            let i = rng.below(c.len());
            c.insert(i, c[i]);
        }
        _ => {
            let i = rng.below(c.len() + 1);
            c.insert(i, *rng.pick(&pool));
        }
    }
    let s: String = c.into_iter().collect();
    TokenTree::Literal(Literal::string(&s))
}

/// One random mutation of `toks`; a description of it.
fn mutate(rng: &mut Rng, toks: &mut Vec<Tok>) -> String {
    let mut paths = Vec::new();
    lists(toks, &mut Vec::new(), &mut paths);
    // Mostly inside the body (the last group), where a mutation usually leaves an item
    // rustc would still hand to the macro.
    let body = toks
        .iter()
        .rposition(|t| matches!(t, Tok::Group(Delimiter::Brace, _)));
    let inside: Vec<Vec<usize>> = paths
        .iter()
        .filter(|p| body.is_some() && p.first() == body.as_ref())
        .cloned()
        .collect();
    let path = if !inside.is_empty() && rng.chance(0.75) {
        rng.pick(&inside).clone()
    } else {
        rng.pick(&paths).clone()
    };
    let list = list_at(toks, &path);
    if list.is_empty() {
        list.push(Tok::Leaf(one_token(rng.pick::<&str>(INSERTS))));
        return "inserted a token into an empty group".into();
    }
    let i = rng.below(list.len());
    match rng.below(10) {
        0 => {
            list.remove(i);
            "deleted a token".into()
        }
        1 => {
            let t = list[i].clone();
            list.insert(i, t);
            "duplicated a token".into()
        }
        2 if i + 1 < list.len() => {
            list.swap(i, i + 1);
            "swapped two tokens".into()
        }
        3 => {
            let t = one_token(rng.pick::<&str>(INSERTS));
            list.insert(i, Tok::Leaf(t));
            "inserted a token".into()
        }
        4 => {
            list.insert(
                i,
                Tok::Leaf(TokenTree::Punct(Punct::new(';', Spacing::Alone))),
            );
            "inserted `;`".into()
        }
        _ => match list[i].clone() {
            Tok::Leaf(TokenTree::Ident(id)) => {
                let new = misspell(rng, &id.to_string());
                list[i] = Tok::Leaf(TokenTree::Ident(Ident::new(&new, Span::call_site())));
                format!("misspelt `{id}` as `{new}`")
            }
            Tok::Leaf(TokenTree::Literal(l)) => {
                let new = if l.to_string().starts_with('"') && rng.chance(0.7) {
                    mutate_string(rng, &l)
                } else {
                    one_token(rng.pick::<&str>(LITERALS))
                };
                let d = format!("changed literal `{l}` to `{new}`");
                list[i] = Tok::Leaf(new);
                d
            }
            Tok::Leaf(TokenTree::Punct(p)) => {
                let new = *rng.pick(PUNCTS);
                let d = format!("changed `{}` to `{new}`", p.as_char());
                list[i] = Tok::Leaf(TokenTree::Punct(Punct::new(new, p.spacing())));
                d
            }
            Tok::Group(d, inner) => {
                let new =
                    *rng.pick(&[Delimiter::Parenthesis, Delimiter::Bracket, Delimiter::Brace]);
                let desc = format!("changed a group's delimiters {d:?} to {new:?}");
                list[i] = Tok::Group(new, inner);
                desc
            }
            Tok::Leaf(TokenTree::Group(_)) => unreachable!("groups are `Tok::Group`"),
        },
    }
}

/// Splits a printed kernel into its attribute's arguments and its item.
fn split(source: &str) -> (String, String) {
    let (attr_line, item) = source.split_once('\n').expect("an attribute line");
    let args = attr_line
        .strip_prefix("#[kernel(")
        .and_then(|a| a.strip_suffix(")]"))
        .unwrap_or("");
    (args.to_string(), item.to_string())
}

/// A `compile_error!` in the output: its start span and its message.
fn compile_errors(ts: TokenStream, out: &mut Vec<(Span, String)>) {
    let tokens: Vec<TokenTree> = ts.into_iter().collect();
    for (i, tt) in tokens.iter().enumerate() {
        match tt {
            TokenTree::Ident(id) if id == "compile_error" => {
                let message = match tokens.get(i + 2) {
                    Some(TokenTree::Group(g)) => g.stream().to_string(),
                    _ => String::new(),
                };
                out.push((id.span(), message));
            }
            TokenTree::Group(g) => compile_errors(g.stream(), out),
            _ => {}
        }
    }
}

/// `true` for an error a known bug leaves without a span, when its switch is off.
fn known_unspanned(switches: &Switches, item: &str, message: &str) -> bool {
    !switches.empty_statement_span
        && (item.contains("; ;") || item.contains("{ ;"))
        && message.contains("an expression statement has no effect")
}

/// What one mutated kernel did wrong, if anything: `Ok((reachable, errors))`.
fn check_one(switches: &Switches, attr: &str, item: &str) -> Result<(bool, usize), String> {
    let (Ok(attr_ts), Ok(item_ts)) = (attr.parse::<TokenStream>(), item.parse::<TokenStream>())
    else {
        // Not lexable (a mutation cannot make that, but a printed literal might).
        return Ok((false, 0));
    };
    // rustc hands an attribute macro only an item that parses; the compiler must survive
    // anything, but its output and spans matter only for what can reach it.
    let reachable = syn::parse2::<syn::Item>(item_ts.clone()).is_ok();
    let out = catch_unwind(AssertUnwindSafe(|| {
        kernelize_codegen::expand_kernel(attr_ts, item_ts)
    }))
    .map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("the compiler panicked: {msg}")
    })?;
    if !reachable {
        return Ok((false, 0));
    }
    if let Err(e) = syn::parse2::<syn::File>(out.clone()) {
        return Err(format!("the expansion is not valid Rust: {e}"));
    }
    let mut errors = Vec::new();
    compile_errors(out, &mut errors);
    for (span, message) in &errors {
        if span.source_text().is_none() && !known_unspanned(switches, item, message) {
            return Err(format!(
                "an error has no span in the user's tokens ({span:?}): {message}"
            ));
        }
        let first = message.trim_start_matches('"').chars().next();
        if first.is_some_and(char::is_uppercase) {
            return Err(format!("an error message starts in upper case: {message}"));
        }
    }
    Ok((true, errors.len()))
}

#[test]
fn mutated_kernels_never_crash_the_compiler() {
    let switches = Switches::ci_plus(config::ENABLE).expect("checked by the build script");
    let corpus = generate(&Config {
        seed: config::SEED,
        kernels: config::KERNELS,
        switches,
    });
    let mut rng = Rng::new(config::SEED, 0x6d75_7461_7465);
    let mut failures = Vec::new();
    let (mut reachable, mut with_errors, mut errors) = (0, 0, 0);
    for m in 0..MUTATIONS {
        let index = m % corpus.kernels.len();
        let source = print::kernel_source(&corpus, index);
        let (attr, item) = split(&source);
        let mut attr_toks = to_toks(attr.parse().expect("printed attributes lex"));
        let mut item_toks = to_toks(item.parse().expect("printed kernels lex"));
        let mut done = Vec::new();
        for _ in 0..rng.range(1, 3) {
            if !attr_toks.is_empty() && rng.chance(0.15) {
                done.push(format!("attribute: {}", mutate(&mut rng, &mut attr_toks)));
            } else {
                done.push(mutate(&mut rng, &mut item_toks));
            }
        }
        // Printed and parsed again, so every span has a line, a column and source text.
        let attr_text = from_toks(&attr_toks).to_string();
        let item_text = from_toks(&item_toks).to_string();
        match check_one(&switches, &attr_text, &item_text) {
            Ok((r, e)) => {
                reachable += usize::from(r);
                errors += e;
                with_errors += usize::from(e > 0);
            }
            Err(what) => failures.push(format!(
                "mutation {m} of `{}` ({}): {what}\n  #[kernel({attr_text})]\n  {item_text}\n",
                corpus.kernels[index].name,
                done.join("; ")
            )),
        }
    }
    eprintln!(
        "{MUTATIONS} mutations, {reachable} of them items rustc would pass to the macro: \
         {with_errors} gave errors ({errors} in all), {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {MUTATIONS} mutated kernels failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The unmutated kernels expand without errors (the corpus is valid, and the test above
/// starts from valid code).
#[test]
fn generated_kernels_expand_cleanly() {
    let switches = Switches::ci_plus(config::ENABLE).expect("checked by the build script");
    let corpus = generate(&Config {
        seed: config::SEED,
        kernels: config::KERNELS,
        switches,
    });
    for i in 0..corpus.kernels.len() {
        let source = print::kernel_source(&corpus, i);
        let (attr, item) = split(&source);
        let out = kernelize_codegen::expand_kernel(attr.parse().unwrap(), item.parse().unwrap());
        let mut errors = Vec::new();
        compile_errors(out, &mut errors);
        assert!(errors.is_empty(), "{source}\n{errors:?}");
    }
}

/// Runs `f` on a thread with a small stack (the compiler must not need a large one).
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(512 << 10)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the compiler survived");
}

fn expands_without_panic(attr: &str, item: &str) {
    let out = kernelize_codegen::expand_kernel(attr.parse().unwrap(), item.parse().unwrap());
    let mut errors = Vec::new();
    compile_errors(out, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_sum_of_3000_terms() {
    on_small_stack(|| {
        let body = vec!["x"; 3000].join(" + ");
        expands_without_panic(
            "",
            &format!("pub fn deep_sum(x: &[f64]) -> Vec<f64> {{ {body} }}"),
        );
    });
}

#[test]
fn six_hundred_nested_calls() {
    on_small_stack(|| {
        let body = format!("{}x{}", "exp(".repeat(600), ")".repeat(600));
        expands_without_panic(
            "",
            &format!("pub fn deep_exp(x: &[f64]) -> Vec<f64> {{ {body} }}"),
        );
    });
}
