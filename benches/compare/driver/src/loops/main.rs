//! The kernelize side of `benches/compare/run.sh --suite loops`: times one loop kernel
//! (`kernels.rs`) in four forms on the harness's inputs and prints the timings as one line
//! of JSON.
//!
//! ```text
//! kernelize-loops-driver --kernel NAME --dir D --runs R --warmup W [--param NAME=VALUE ...]
//! kernelize-loops-driver --explain
//! ```
//!
//! The inputs are `D/<argument>.bin`, raw little-endian `f64` (the names per kernel are in
//! `spec` below); scalars come as `--param`. Every output is written into a preallocated
//! buffer (the kernels take `&mut [f64]` outputs, as the Numba functions take `out`
//! arrays). Forms: `dispatch` (`NAME(args)`, the dispatcher), `parallel`
//! (`NAME::parallel`), `simd` (`NAME::simd`, one thread), `scalar` (`NAME::scalar`). They
//! take turns as in the softmax driver: each round calls every form once, the order
//! rotated by one each round. After the last round, one more untimed call of each form
//! writes its outputs to `D/<form>_<output>.bin` for the harness's check.

mod kernels;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::time::Instant;

use kernelize_runtime::buffer::alloc_output;

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Dispatch,
    Parallel,
    Simd,
    Scalar,
}

const FORMS: [(Form, &str); 4] = [
    (Form::Dispatch, "dispatch"),
    (Form::Parallel, "parallel"),
    (Form::Simd, "simd"),
    (Form::Scalar, "scalar"),
];

/// Calls one kernel in one form: array inputs, scalar parameters, outputs.
type Call = fn(Form, &[Vec<f64>], &HashMap<String, f64>, &mut [Vec<f64>]);

struct Spec {
    /// The array arguments read from `D/<name>.bin`, in order.
    inputs: &'static [&'static str],
    /// The outputs and the length of each, from the inputs and parameters.
    outputs: &'static [&'static str],
    out_len: fn(&[Vec<f64>], &HashMap<String, f64>) -> usize,
    call: Call,
    explain: &'static str,
    variants: String,
}

macro_rules! by_form {
    ($form:expr, $k:path, ($($arg:expr),* $(,)?)) => {{
        use $k as k;
        match $form {
            Form::Dispatch => k($($arg),*),
            Form::Parallel => k::parallel($($arg),*),
            Form::Simd => k::simd($($arg),*),
            Form::Scalar => k::scalar($($arg),*),
        }
    }};
}

fn param(p: &HashMap<String, f64>, name: &str) -> f64 {
    *p.get(name)
        .unwrap_or_else(|| panic!("missing `--param {name}=...`"))
}

fn variants(v: Vec<kernelize::Variant>) -> String {
    let names: Vec<String> = v.iter().map(|v| v.to_string()).collect();
    names.join(", ")
}

fn spec(name: &str) -> Spec {
    match name {
        "mandelbrot" => Spec {
            inputs: &["xs", "ys"],
            outputs: &["out"],
            out_len: |i, _| i[0].len() * i[1].len(),
            call: |f, i, p, o| {
                by_form!(
                    f,
                    kernels::mandelbrot,
                    (&i[0], &i[1], param(p, "max_iter") as i64, &mut o[0])
                )
            },
            explain: kernels::mandelbrot::explain(),
            variants: variants(kernels::mandelbrot::variants()),
        },
        "kde" => Spec {
            inputs: &["xs", "data"],
            outputs: &["out"],
            out_len: |i, _| i[0].len(),
            call: |f, i, p, o| by_form!(f, kernels::kde, (&i[0], &i[1], param(p, "h"), &mut o[0])),
            explain: kernels::kde::explain(),
            variants: variants(kernels::kde::variants()),
        },
        "pairwise" => Spec {
            inputs: &["px", "py", "pz", "qx", "qy", "qz"],
            outputs: &["out"],
            out_len: |i, _| i[0].len(),
            call: |f, i, _, o| {
                by_form!(
                    f,
                    kernels::pairwise,
                    (&i[0], &i[1], &i[2], &i[3], &i[4], &i[5], &mut o[0])
                )
            },
            explain: kernels::pairwise::explain(),
            variants: variants(kernels::pairwise::variants()),
        },
        "histogram" => Spec {
            inputs: &["x"],
            outputs: &["hist"],
            out_len: |_, p| param(p, "bins") as usize,
            call: |f, i, p, o| {
                by_form!(
                    f,
                    kernels::histogram,
                    (&i[0], param(p, "lo"), param(p, "hi"), &mut o[0])
                )
            },
            explain: kernels::histogram::explain(),
            variants: variants(kernels::histogram::variants()),
        },
        "black_scholes" => Spec {
            inputs: &["s", "x", "t"],
            outputs: &["call", "put"],
            out_len: |i, _| i[0].len(),
            call: |f, i, p, o| {
                let (call, put) = o.split_at_mut(1);
                by_form!(
                    f,
                    kernels::black_scholes,
                    (
                        &mut call[0],
                        &mut put[0],
                        &i[0],
                        &i[1],
                        &i[2],
                        param(p, "r"),
                        param(p, "v"),
                    )
                )
            },
            explain: kernels::black_scholes::explain(),
            variants: variants(kernels::black_scholes::variants()),
        },
        other => panic!("unknown kernel `{other}`"),
    }
}

const KERNELS: [&str; 5] = [
    "mandelbrot",
    "kde",
    "pairwise",
    "histogram",
    "black_scholes",
];

/// Reads `path` (raw little-endian `f64`) into a buffer advised for huge pages, as NumPy
/// allocates its large arrays.
fn read_f64(path: &str) -> Vec<f64> {
    let mut file = File::open(path).unwrap_or_else(|e| panic!("cannot open `{path}`: {e}"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("cannot read `{path}`: {e}"));
    assert_eq!(bytes.len() % 8, 0, "`{path}` is not a whole number of f64s");
    let mut v = alloc_output::<f64>(bytes.len() / 8);
    for (x, b) in v.iter_mut().zip(bytes.chunks_exact(8)) {
        *x = f64::from_le_bytes(b.try_into().unwrap());
    }
    v
}

fn write_f64(path: &str, y: &[f64]) {
    let mut w = BufWriter::new(File::create(path).expect("cannot create the output file"));
    for v in y {
        w.write_all(&v.to_le_bytes())
            .expect("cannot write the output file");
    }
    w.flush().expect("cannot write the output file");
}

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let mut kernel = String::new();
    let mut dir = String::from(".");
    let mut runs = 7usize;
    let mut warmup = 2usize;
    let mut params = HashMap::new();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--explain" {
            for k in KERNELS {
                println!("{}", spec(k).explain);
            }
            return;
        }
        let value = it
            .next()
            .unwrap_or_else(|| panic!("`{flag}` needs a value"));
        match flag.as_str() {
            "--kernel" => kernel = value,
            "--dir" => dir = value,
            "--runs" => runs = value.parse().expect("`--runs` takes a number"),
            "--warmup" => warmup = value.parse().expect("`--warmup` takes a number"),
            "--param" => {
                let (k, v) = value.split_once('=').expect("`--param` takes NAME=VALUE");
                params.insert(k.to_string(), v.parse::<f64>().expect("a number"));
            }
            _ => panic!("unknown flag `{flag}`"),
        }
    }
    assert!(runs > 0, "`--runs` must be at least 1");
    let spec = spec(&kernel);
    let inputs: Vec<Vec<f64>> = spec
        .inputs
        .iter()
        .map(|name| read_f64(&format!("{dir}/{name}.bin")))
        .collect();
    let len = (spec.out_len)(&inputs, &params);
    // Preallocated outputs, faulted in by the first (warm-up) call.
    let mut outputs: Vec<Vec<f64>> = spec
        .outputs
        .iter()
        .map(|_| alloc_output::<f64>(len))
        .collect();

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); FORMS.len()];
    for round in 0..warmup + runs {
        for i in 0..FORMS.len() {
            let k = (i + round) % FORMS.len();
            let t = Instant::now();
            (spec.call)(FORMS[k].0, &inputs, &params, &mut outputs);
            let dt = t.elapsed().as_secs_f64();
            std::hint::black_box(&mut outputs);
            if round >= warmup {
                times[k].push(dt);
            }
        }
    }

    let mut fields = Vec::new();
    for (k, &(form, name)) in FORMS.iter().enumerate() {
        for o in outputs.iter_mut() {
            o.fill(f64::NAN);
        }
        (spec.call)(form, &inputs, &params, &mut outputs);
        for (o, oname) in outputs.iter().zip(spec.outputs) {
            write_f64(&format!("{dir}/{name}_{oname}.bin"), o);
        }
        let list: Vec<String> = times[k].iter().map(|v| format!("{v:.9}")).collect();
        fields.push(format!(
            "\"{name}\":{{\"median\":{:.9},\"times\":[{}]}}",
            median(times[k].clone()),
            list.join(",")
        ));
    }
    fields.push(format!("\"explain\":{}", json_str(spec.explain)));
    fields.push(format!("\"variants\":{}", json_str(&spec.variants)));
    println!("{{{}}}", fields.join(","));
}
