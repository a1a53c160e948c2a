//! The kernelize side of `benches/compare`: times the softmax crate's allocating and `into`
//! forms on the harness's input and prints the timings as one line of JSON.
//!
//! ```text
//! kernelize-compare-driver --input z.bin --dtype f64 --len N --runs R --warmup W --out-dir D
//! ```
//!
//! The input is `len` raw little-endian `f64` or `f32` values. Timed forms: `alloc` (the
//! dispatching `softmax(&z)`), `simd` (`softmax::simd`, one thread), `parallel`
//! (`softmax::parallel`, all threads) and `into` (`softmax::into` into a preallocated
//! buffer). Timing excludes freeing the previous result, as the Python side does.
//!
//! The forms take turns: each round calls every form once, in an order rotated by one
//! each round, so all forms meet the same host. Timed one form after another instead (all
//! of `alloc`'s calls, then `simd`'s, ...), each form's calls fell into one stretch of a
//! few seconds, and on a 2-vCPU host whose other load comes and goes in stretches that
//! long, two forms running the same code came out up to 2× apart (issue 16's `parallel`
//! 151 ms against the dispatcher's 108 ms; `BENCHMARKS.md`, "The allocating call at
//! 10^8"). The results for the harness's accuracy check are written to `D/<form>.bin`, in
//! the input's format, after the last round, from one more untimed call of each form, so
//! no 800 MB file write falls between timed calls.

use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Read, Write};
use std::time::Instant;

use kernelize_runtime::buffer::alloc_output;

/// The element types the harness runs.
trait Elem: kernelize_runtime::simd::Element {
    const SIZE: usize;
    fn from_le(b: &[u8]) -> Self;
    fn put_le(self, out: &mut [u8]);
    fn softmax(z: &[Self]) -> Vec<Self>;
    fn softmax_into(z: &[Self], out: &mut [Self]);
    fn softmax_simd(z: &[Self]) -> Vec<Self>;
    fn softmax_parallel(z: &[Self]) -> Vec<Self>;
}

impl Elem for f64 {
    const SIZE: usize = 8;
    fn from_le(b: &[u8]) -> Self {
        f64::from_le_bytes(b.try_into().unwrap())
    }
    fn put_le(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_le_bytes());
    }
    fn softmax(z: &[Self]) -> Vec<Self> {
        softmax::softmax(z)
    }
    fn softmax_into(z: &[Self], out: &mut [Self]) {
        softmax::softmax::into(z, out)
    }
    fn softmax_simd(z: &[Self]) -> Vec<Self> {
        softmax::softmax::simd(z)
    }
    fn softmax_parallel(z: &[Self]) -> Vec<Self> {
        softmax::softmax::parallel(z)
    }
}

impl Elem for f32 {
    const SIZE: usize = 4;
    fn from_le(b: &[u8]) -> Self {
        f32::from_le_bytes(b.try_into().unwrap())
    }
    fn put_le(self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_le_bytes());
    }
    fn softmax(z: &[Self]) -> Vec<Self> {
        softmax::softmax_f32(z)
    }
    fn softmax_into(z: &[Self], out: &mut [Self]) {
        softmax::softmax_f32::into(z, out)
    }
    fn softmax_simd(z: &[Self]) -> Vec<Self> {
        softmax::softmax_f32::simd(z)
    }
    fn softmax_parallel(z: &[Self]) -> Vec<Self> {
        softmax::softmax_f32::parallel(z)
    }
}

struct Args {
    input: String,
    dtype: String,
    len: usize,
    runs: usize,
    warmup: usize,
    out_dir: String,
}

fn parse_args() -> Args {
    let mut a = Args {
        input: String::new(),
        dtype: "f64".into(),
        len: 0,
        runs: 7,
        warmup: 2,
        out_dir: ".".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| panic!("`{flag}` needs a value"));
        match flag.as_str() {
            "--input" => a.input = value,
            "--dtype" => a.dtype = value,
            "--len" => a.len = value.parse().expect("`--len` takes a number"),
            "--runs" => a.runs = value.parse().expect("`--runs` takes a number"),
            "--warmup" => a.warmup = value.parse().expect("`--warmup` takes a number"),
            "--out-dir" => a.out_dir = value,
            _ => panic!("unknown flag `{flag}`"),
        }
    }
    assert!(a.runs > 0, "`--runs` must be at least 1");
    a
}

/// Reads the input into a buffer advised for huge pages, as NumPy does for its large
/// arrays (`np.core.multiarray._set_madvise_hugepage`, on by default on Linux), so both
/// sides read their input from the same kind of pages.
fn read_input<T: Elem>(path: &str, len: usize) -> Vec<T> {
    let mut file = File::open(path).unwrap_or_else(|e| panic!("cannot open `{path}`: {e}"));
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    assert_eq!(size, (len * T::SIZE) as u64, "`{path}` has the wrong size");
    let mut z = alloc_output::<T>(len);
    let mut block = vec![0u8; (1 << 20) * T::SIZE];
    for chunk in z.chunks_mut(1 << 20) {
        let bytes = &mut block[..chunk.len() * T::SIZE];
        file.read_exact(bytes)
            .unwrap_or_else(|e| panic!("cannot read `{path}`: {e}"));
        for (v, b) in chunk.iter_mut().zip(bytes.chunks_exact(T::SIZE)) {
            *v = T::from_le(b);
        }
    }
    z
}

fn write_output<T: Elem>(path: &str, y: &[T]) {
    let mut w = BufWriter::new(File::create(path).expect("cannot create the output file"));
    let mut block = vec![0u8; (1 << 16) * T::SIZE];
    for chunk in y.chunks(1 << 16) {
        let bytes = &mut block[..chunk.len() * T::SIZE];
        for (&v, b) in chunk.iter().zip(bytes.chunks_exact_mut(T::SIZE)) {
            v.put_le(b);
        }
        w.write_all(bytes).expect("cannot write the output file");
    }
    w.flush().expect("cannot write the output file");
}

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

/// An allocating softmax entry point.
type Alloc<T> = fn(&[T]) -> Vec<T>;

/// One timed call of an allocating form; the previous result (of whichever form) is
/// freed first, untimed.
fn time_alloc<T: Elem>(f: Alloc<T>, z: &[T], last: &mut Vec<T>) -> f64 {
    drop(std::mem::take(last));
    let t = Instant::now();
    let y = f(black_box(z));
    let dt = t.elapsed().as_secs_f64();
    *last = black_box(y);
    dt
}

fn json(times: &[f64]) -> String {
    let list: Vec<String> = times.iter().map(|v| format!("{v:.9}")).collect();
    format!(
        "{{\"median\":{:.9},\"times\":[{}]}}",
        median(times.to_vec()),
        list.join(",")
    )
}

/// What each round times: the allocating forms, and `into` a preallocated buffer.
#[derive(Clone, Copy)]
enum Form<T> {
    Alloc(&'static str, Alloc<T>),
    Into,
}

impl<T> Form<T> {
    fn name(self) -> &'static str {
        match self {
            Form::Alloc(name, _) => name,
            Form::Into => "into",
        }
    }
}

fn run<T: Elem>(a: &Args) -> String {
    let z: Vec<T> = read_input(&a.input, a.len);
    let forms: [Form<T>; 4] = [
        Form::Alloc("alloc", T::softmax),
        Form::Alloc("simd", T::softmax_simd),
        Form::Alloc("parallel", T::softmax_parallel),
        Form::Into,
    ];
    // A preallocated buffer on huge pages, as NumPy's `np.empty_like` would be; faulted in
    // by an untimed call before the rounds.
    let mut out = alloc_output::<T>(a.len);
    T::softmax_into(&z, &mut out);

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); forms.len()];
    let mut last = Vec::new();
    for round in 0..a.warmup + a.runs {
        for i in 0..forms.len() {
            let k = (i + round) % forms.len();
            let dt = match forms[k] {
                Form::Alloc(_, f) => time_alloc(f, &z, &mut last),
                Form::Into => {
                    let t = Instant::now();
                    T::softmax_into(black_box(&z), black_box(&mut out));
                    t.elapsed().as_secs_f64()
                }
            };
            if round >= a.warmup {
                times[k].push(dt);
            }
        }
    }
    drop(last);

    // The results for the accuracy check, from one more (untimed) call of each form (a
    // form gives the same bits at every call), so that no file write falls between timed
    // calls.
    let mut fields = Vec::new();
    for (k, form) in forms.iter().enumerate() {
        let path = format!("{}/{}.bin", a.out_dir, form.name());
        match *form {
            Form::Alloc(_, f) => write_output(&path, &f(&z)),
            Form::Into => write_output(&path, &out),
        }
        fields.push(format!("\"{}\":{}", form.name(), json(&times[k])));
    }
    format!("{{{}}}", fields.join(","))
}

fn main() {
    let a = parse_args();
    let json = match a.dtype.as_str() {
        "f64" => run::<f64>(&a),
        "f32" => run::<f32>(&a),
        other => panic!("unknown dtype `{other}`"),
    };
    println!("{json}");
}
