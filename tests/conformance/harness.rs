//! Inputs, references' helpers and tolerance rules.
//!
//! A result `got` matches `want` when both are NaN, or both are the same infinity, or
//! `|got - want| <= rel * |want| + abs`. `rel` is a count of unit roundoffs `u` (2^-53 for
//! `f64`, 2^-24 for `f32`) summed over the operations whose rounding may differ between
//! the kernel and the reference; `abs` carries summation error.
//!
//! Summation bound: the kernel adds vector `j` of a chunk into accumulator `j % 4`, so a
//! lane accumulator sees at most `m = ceil(min(n, CHUNK) / 4)` terms (at one lane, the
//! worst tier); sums cascade, restarting the accumulators every `BLOCK` terms and adding
//! the block partials into a second-level accumulator, so a term passes through at most
//! `min(m, BLOCK)` roundings in its block and `ceil(m / BLOCK)` in the second level;
//! then 2 levels combine the accumulators, at most 6 levels the lanes (64 lanes) and
//! `ceil(log2(chunks))` levels the chunks: every term passes through at most
//! `k = min(m, BLOCK) + ceil(m / BLOCK) + 8 + ceil(log2(chunks))` roundings, so the error is at
//! most `gamma_k * sum|x_i|` with `gamma_k = k u / (1 - k u)` (Higham, Accuracy and
//! Stability, §4.2). The reference sums with Neumaier's compensation (error ≤ 2u|S| +
//! O(n u²) sum|x_i|), so `abs = (gamma_k + 3u) * sum|x_i|`.

#![allow(dead_code)]

use kernelize::Variant;

/// `parallel::CHUNK` (the reduction block): mirrored here so the bound is stated.
pub const CHUNK: usize = 1 << 14;

/// The codegen's cascade block (`backend::kernel::BLOCK`, vectors per accumulator per
/// block): mirrored here so the bound is stated.
pub const BLOCK: usize = 32;

/// Lengths every kernel sees: empty, every small tail shape, vector widths ± 1, chunk
/// boundaries ± 1, and a large odd one.
pub const LENGTHS: &[usize] = &[
    0,
    1,
    2,
    3,
    4,
    5,
    7,
    8,
    9,
    15,
    16,
    17,
    31,
    33,
    63,
    64,
    65,
    127,
    1000,
    4099,
    CHUNK - 1,
    CHUNK + 1,
    3 * CHUNK + 7,
    100_003,
];

/// Offsets of the subslice inside its allocation (odd ones break alignment).
pub const OFFSETS: &[usize] = &[0, 1, 3];

/// Special values injected in the "special" profile.
pub const SPECIALS: &[f64] = &[
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    0.0,
    -0.0,
    5e-324,
    -2.5e-310,
    1e300,
    -1e300,
    1.0,
];

/// A small deterministic generator (xorshift64*), so failures reproduce.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * unit
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The element types kernels compute in.
pub trait Float: Copy + std::fmt::Debug + PartialEq + Send + Sync + 'static {
    const U: f64;
    fn from_f64(x: f64) -> Self;
    fn to_f64(self) -> f64;
}

impl Float for f64 {
    const U: f64 = f64::EPSILON / 2.0;
    fn from_f64(x: f64) -> Self {
        x
    }
    fn to_f64(self) -> f64 {
        self
    }
}

impl Float for f32 {
    const U: f64 = f32::EPSILON as f64 / 2.0;
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// Input arrays of one case: each lives inside a larger allocation at `offset`.
#[derive(Debug)]
pub struct Case<T> {
    storage: Vec<Vec<T>>,
    offset: usize,
    len: usize,
    /// A description for failure messages.
    pub what: String,
}

impl<T: Float> Case<T> {
    pub fn arr(&self, i: usize) -> &[T] {
        &self.storage[i][self.offset..self.offset + self.len]
    }
    pub fn arr64(&self, i: usize) -> Vec<f64> {
        self.arr(i).iter().map(|x| x.to_f64()).collect()
    }
    pub fn len(&self) -> usize {
        self.len
    }
}

/// How inputs are drawn.
#[derive(Clone, Copy, Debug)]
pub struct Domain {
    pub lo: f64,
    pub hi: f64,
    /// Inject [`SPECIALS`] in a second profile.
    pub specials: bool,
}

pub const fn domain(lo: f64, hi: f64) -> Domain {
    Domain {
        lo,
        hi,
        specials: true,
    }
}

/// Every case for `arrays` input arrays: each length × offset, uniform in the domain,
/// plus (if asked) a profile with ~1/6 of the elements special.
pub fn cases<T: Float>(seed: u64, arrays: usize, d: Domain) -> Vec<Case<T>> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for (li, &len) in LENGTHS.iter().enumerate() {
        let profiles: &[bool] = if d.specials { &[false, true] } else { &[false] };
        for &special in profiles {
            let offset = OFFSETS[(li + usize::from(special)) % OFFSETS.len()];
            let storage = (0..arrays)
                .map(|_| {
                    (0..len + offset + 2)
                        .map(|_| {
                            let x = if special && rng.below(6) == 0 {
                                SPECIALS[rng.below(SPECIALS.len())]
                            } else {
                                rng.uniform(d.lo, d.hi)
                            };
                            T::from_f64(x)
                        })
                        .collect()
                })
                .collect();
            out.push(Case {
                storage,
                offset,
                len,
                what: format!("len {len}, offset {offset}, specials {special}"),
            });
        }
    }
    out
}

/// NumPy's `maximum`: NaN if either is NaN.
pub fn np_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// NumPy's `minimum`: NaN if either is NaN.
pub fn np_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

/// Neumaier-compensated sum; plain sum when a term is not finite (IEEE gives the same
/// NaN or infinity in any order then).
pub fn ref_sum(xs: impl IntoIterator<Item = f64>) -> f64 {
    let xs: Vec<f64> = xs.into_iter().collect();
    if xs.iter().any(|x| !x.is_finite()) {
        return xs.iter().sum();
    }
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for &x in &xs {
        let t = s + x;
        c += if s.abs() >= x.abs() {
            (s - t) + x
        } else {
            (x - t) + s
        };
        s = t;
    }
    s + c
}

/// The number of roundings a term of an `n`-element kernel sum passes through at most.
pub fn sum_depth(n: usize) -> f64 {
    let chunks = n.div_ceil(CHUNK).max(1);
    let m = n.min(CHUNK).div_ceil(4);
    (m.min(BLOCK) + m.div_ceil(BLOCK) + 8 + (chunks as f64).log2().ceil() as usize) as f64
}

/// The number of rescales a term of an online max+sum may pass through at most: the
/// running maximum is one for all lanes and grows at most once per block of `4 * BLOCK`
/// vectors (128 elements at the one-lane tier, the smallest blocks), so once per later
/// block of its chunk, the chunk's last partial block included, plus one per level of the
/// chunk partials' pairwise combination.
pub fn rescale_depth(n: usize) -> f64 {
    let chunks = n.div_ceil(CHUNK).max(1);
    (n.min(CHUNK).div_ceil(4 * BLOCK) + 1 + (chunks as f64).log2().ceil() as usize) as f64
}

/// `(gamma_k + 3u) * sum|x|`: the absolute error allowed for a kernel sum of `xs`.
pub fn sum_tol<T: Float>(xs: &[f64]) -> f64 {
    let k = sum_depth(xs.len());
    let gamma = k * T::U / (1.0 - k * T::U);
    (gamma + 3.0 * T::U) * xs.iter().map(|x| x.abs()).sum::<f64>()
}

/// `true` if `got` matches `want` (see the module docs).
pub fn close(got: f64, want: f64, rel: f64, abs: f64) -> bool {
    if want.is_nan() || got.is_nan() {
        return want.is_nan() && got.is_nan();
    }
    if want.is_infinite() || got.is_infinite() {
        return got == want || (got - want).abs() <= abs;
    }
    (got - want).abs() <= rel * want.abs() + abs
}

/// The variants to run: every one this CPU has.
pub fn variants(list: Vec<Variant>) -> Vec<Variant> {
    assert!(
        list.contains(&Variant::Scalar),
        "every kernel has a scalar variant"
    );
    list
}

/// Checks an array result against a reference giving `(want, rel, abs)` per element.
#[track_caller]
pub fn check_array<T: Float>(
    kernel: &str,
    variant: Variant,
    case: &Case<T>,
    got: &[T],
    want: &[(f64, f64, f64)],
) {
    assert_eq!(
        got.len(),
        want.len(),
        "{kernel} [{variant}] {}: length",
        case.what
    );
    for (i, (g, &(w, rel, abs))) in got.iter().zip(want).enumerate() {
        let g = g.to_f64();
        assert!(
            close(g, w, rel, abs),
            "{kernel} [{variant}] {}: element {i}: got {g:e}, want {w:e} (rel {rel:e}, abs {abs:e})",
            case.what
        );
    }
}

/// Checks a scalar result.
#[track_caller]
pub fn check_scalar<T: Float>(
    kernel: &str,
    variant: Variant,
    case: &Case<T>,
    got: f64,
    (want, rel, abs): (f64, f64, f64),
) {
    assert!(
        close(got, want, rel, abs),
        "{kernel} [{variant}] {}: got {got:e}, want {want:e} (rel {rel:e}, abs {abs:e})",
        case.what
    );
}

/// Runs this whole test binary again in a child process with `var=0` (on 2 test threads)
/// and panics, with the child's output, unless every test passed there: how the suite
/// checks itself under a size setting read once per process (the online plans, streaming
/// stores). `what` names the setting in the message.
pub fn rerun_suite_with(var: &str, what: &str) {
    let out = std::process::Command::new(std::env::current_exe().expect("test binary path"))
        .env(var, "0")
        .args(["--test-threads", "2"])
        .output()
        .expect("run the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok"),
        "the suite with {what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
