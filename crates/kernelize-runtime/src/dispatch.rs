//! Which tier runs: CPU feature detection once, cached in an atomic, with the
//! `KERNELIZE_ISA` environment override and [`set_isa`] for code; which backend an
//! automatic call runs ([`auto_choice`]), with the `KERNELIZE_VARIANT` override and
//! [`set_variant`].
//!
//! This is the one list of tiers: adding a tier is a module in [`crate::simd`] plus an arm
//! in [`run_at`] and in [`detect`].

use core::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

use crate::parallel::goes_parallel;
#[cfg(target_arch = "x86_64")]
use crate::simd::{Avx2Tier, Avx512Tier};
use crate::simd::{ScalarTier, Simd, WideTier, WithSimd};
use crate::{Backend, Tier, Variant};

const UNRESOLVED: u8 = u8::MAX;
static SELECTED: AtomicU8 = AtomicU8::new(UNRESOLVED);

/// Settles a setting read once per process: stores `value` in `cell` if it still holds
/// `unread`, and returns what `cell` holds then (a `set_*` call racing with the first read
/// wins over the value read).
fn first_read(cell: &AtomicU8, unread: u8, value: u8) -> u8 {
    match cell.compare_exchange(unread, value, Ordering::Relaxed, Ordering::Relaxed) {
        Ok(_) => value,
        Err(now) => now,
    }
}

fn encode(t: Tier) -> u8 {
    t as u8
}

fn decode(b: u8) -> Tier {
    Tier::ALL[b as usize]
}

/// `true` if this CPU can run tier `t`.
pub fn detect(t: Tier) -> bool {
    match t {
        Tier::Scalar => ScalarTier::detect().is_some(),
        Tier::Wide => WideTier::detect().is_some(),
        #[cfg(target_arch = "x86_64")]
        Tier::Avx2 => Avx2Tier::detect().is_some(),
        #[cfg(target_arch = "x86_64")]
        Tier::Avx512 => Avx512Tier::detect().is_some(),
        #[cfg(not(target_arch = "x86_64"))]
        Tier::Avx2 | Tier::Avx512 => false,
    }
}

/// Tiers this CPU can run, least capable first.
pub fn available_tiers() -> Vec<Tier> {
    Tier::ALL.into_iter().filter(|&t| detect(t)).collect()
}

/// The most capable tier this CPU runs, ignoring overrides.
pub fn best_available() -> Tier {
    Tier::ALL
        .into_iter()
        .rev()
        .find(|&t| detect(t))
        .unwrap_or(Tier::Scalar)
}

/// The tier kernels run at: resolved on the first call (from `KERNELIZE_ISA` if set,
/// else the best this CPU has) and then one atomic load.
#[inline]
pub fn selected_tier() -> Tier {
    let b = SELECTED.load(Ordering::Relaxed);
    if b != UNRESOLVED {
        return decode(b);
    }
    resolve()
}

#[cold]
fn resolve() -> Tier {
    // A tier named by `KERNELIZE_VARIANT` (`simd-avx2`) wins over `KERNELIZE_ISA`.
    let from_variant = std::env::var("KERNELIZE_VARIANT")
        .ok()
        .and_then(|v| v.trim().split_once('-').map(|(_, t)| t.to_string()));
    let var = if from_variant.is_some() {
        "the tier of KERNELIZE_VARIANT"
    } else {
        "KERNELIZE_ISA"
    };
    let isa = from_variant.map_or_else(|| std::env::var("KERNELIZE_ISA"), Ok);
    let tier = match isa {
        Ok(name) if !name.trim().is_empty() => match Tier::from_name(&name) {
            Some(t) if detect(t) => t,
            Some(t) => {
                let best = best_available();
                eprintln!(
                    "kernelize: {var}={name}: this CPU cannot run the `{t}` tier; \
                     using `{best}`"
                );
                best
            }
            None => {
                let best = best_available();
                let known: Vec<_> = Tier::ALL.iter().map(|t| t.name()).collect();
                eprintln!(
                    "kernelize: {var}={name} is not a tier (known: {}); using `{best}`",
                    known.join(", ")
                );
                best
            }
        },
        _ => best_available(),
    };
    // Another thread may have resolved concurrently; both computed the same answer unless
    // `set_isa` raced, and then the explicit choice wins.
    decode(first_read(&SELECTED, UNRESOLVED, encode(tier)))
}

/// Forces every kernel to run at `tier` (`None` returns to the automatic choice, which
/// re-reads `KERNELIZE_ISA`). An `Err` naming the tier when this CPU cannot run it.
pub fn set_isa(tier: Option<Tier>) -> Result<(), String> {
    match tier {
        Some(t) if !detect(t) => Err(format!("this CPU cannot run the `{t}` tier")),
        Some(t) => {
            SELECTED.store(encode(t), Ordering::Relaxed);
            Ok(())
        }
        None => {
            SELECTED.store(UNRESOLVED, Ordering::Relaxed);
            Ok(())
        }
    }
}

/// Bit `t` set when this CPU runs tier `t`, plus [`DETECTED`] once filled in: detection
/// (several `cpuid`-backed checks per tier) runs once, then `run_at` costs one load.
static AVAILABLE: AtomicU8 = AtomicU8::new(0);
const DETECTED: u8 = 0x80;

#[inline]
fn available_bits() -> u8 {
    let bits = AVAILABLE.load(Ordering::Relaxed);
    if bits & DETECTED != 0 {
        return bits;
    }
    detect_all()
}

#[cold]
fn detect_all() -> u8 {
    let bits = Tier::ALL
        .into_iter()
        .filter(|&t| detect(t))
        .fold(DETECTED, |b, t| b | 1 << encode(t));
    AVAILABLE.store(bits, Ordering::Relaxed);
    bits
}

/// Runs `op` at tier `t`, or `None` if this CPU cannot.
#[inline]
pub fn run_at<Op: WithSimd>(t: Tier, op: Op) -> Option<Op::Output> {
    if available_bits() & (1 << encode(t)) == 0 {
        return None;
    }
    Some(match t {
        Tier::Scalar => ScalarTier.vectorize(op),
        Tier::Wide => WideTier.vectorize(op),
        // SAFETY: the bit for this tier is set only after `detect` confirmed its features.
        #[cfg(target_arch = "x86_64")]
        Tier::Avx2 => unsafe { Avx2Tier::new_unchecked() }.vectorize(op),
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Tier::Avx512 => unsafe { Avx512Tier::new_unchecked() }.vectorize(op),
        #[cfg(not(target_arch = "x86_64"))]
        Tier::Avx2 | Tier::Avx512 => return None,
    })
}

/// Inputs of at least this many bytes (the largest array argument) run a kernel's online
/// normaliser plan (`sum(exp(A - max(A)))` beside `max(A)`: fewest passes over memory, two
/// exps per element); smaller ones run the plan that stores the exps (one exp per element,
/// one more pass, in cache). Only kernels whose plan has an online normaliser have both.
///
/// Measured crossover for the stable softmax on the development machine (AVX-512 Zen 4,
/// 32 MiB L3), medians in µs, one thread / two threads:
///
/// | f64 elements | stored exps | online | stored, 2 threads | online, 2 threads |
/// | ---: | ---: | ---: | ---: | ---: |
/// | 2^16 | 38 | 58 | 26 | 33 |
/// | 2^20 | 702 | 1000 | 339 | 557 |
/// | 2^21 | 1812 | 1986 | 934 | 1874 |
/// | 2^22 (32 MiB) | 4075 | 4200 | 2369 | 2420 |
/// | 2^23 (64 MiB) | 8146 | 8116 | 6514 | 5164 |
/// | 2^24 | 17367 | 16416 | 13545 | 10495 |
///
/// so the boundary sits between 32 and 64 MiB.
///
/// It moves with the last-level cache, because what the stored-exps plan's extra passes
/// cost depends on whether they are served from it: on an Intel host with a 260 MiB L3
/// (Emerald Rapids, 2 vCPUs of a shared socket; 2026-12-01, `softmax::softmax::into`, 2
/// threads, AVX-512, medians in ms of two processes each, `KERNELIZE_ONLINE_MIN_BYTES` 0
/// and `usize::MAX`):
///
/// | f64 elements | stored exps | online |
/// | ---: | ---: | ---: |
/// | 2^22 (32 MiB) | 3.12, 3.03 | 4.97, 3.86 |
/// | 3·2^21 (48 MiB) | 4.81, 5.54 | 7.94, 5.81 |
/// | 2^23 (64 MiB) | 6.19, 7.08 | 11.13, 9.54 |
/// | 2^24 (128 MiB) | 21.55, 21.91 | 21.66, 21.39 |
/// | 2^25 (256 MiB) | 46.75, 45.31 | 44.09, 45.68 |
/// | 10^8 (763 MiB) | 151.9, 133.9 | 124.4, 128.2 |
///
/// so there the boundary sits near 128 MiB, half the L3. The size used is therefore the
/// larger of this constant and half the last-level cache ([`last_level_cache_bytes`]):
/// 48 MiB on the Zen 4 host, 130 MiB on the Intel one. Not measured for `f32`, whose
/// cheaper `exp` may move it lower. `KERNELIZE_ONLINE_MIN_BYTES` overrides it (read once).
pub const ONLINE_MIN_BYTES: usize = 48 << 20;

/// The size from which kernels run their online-normaliser plan: the larger of
/// [`ONLINE_MIN_BYTES`] and half of [`last_level_cache_bytes`], or
/// `KERNELIZE_ONLINE_MIN_BYTES` if set (0: always online; a bad value warns once on
/// stderr and is ignored). One atomic load after the first call.
#[inline]
pub fn online_min_bytes() -> usize {
    ONLINE_MIN.get()
}

/// Sets the size from which kernels run their online-normaliser plan, as
/// `KERNELIZE_ONLINE_MIN_BYTES` does (`Some(0)`: always; `Some(usize::MAX)`: never); `None`
/// returns to the default, re-reading the variable. For benchmarks comparing both plans in
/// one process.
pub fn set_online_min_bytes(bytes: Option<usize>) {
    ONLINE_MIN.set(bytes);
}

/// [`online_min_bytes`] without the variable: [`ONLINE_MIN_BYTES`] or half the last-level
/// cache, whichever is larger.
pub fn default_online_min_bytes() -> usize {
    at_least_half_the_cache(ONLINE_MIN_BYTES)
}

/// The larger of `bytes` and half of [`last_level_cache_bytes`]: the rule both size
/// thresholds follow.
fn at_least_half_the_cache(bytes: usize) -> usize {
    bytes.max(last_level_cache_bytes().unwrap_or(0) / 2)
}

static ONLINE_MIN: ByteSetting =
    ByteSetting::new("KERNELIZE_ONLINE_MIN_BYTES", default_online_min_bytes);

/// The size in bytes of the CPU's last-level cache as the operating system reports it
/// (Linux: the highest-level data or unified cache of CPU 0 in
/// `/sys/devices/system/cpu/cpu0/cache`), read once; `None` where it cannot be read. On a
/// virtual machine it is the host socket's cache, shared with other guests.
pub fn last_level_cache_bytes() -> Option<usize> {
    static LLC: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *LLC.get_or_init(read_last_level_cache)
}

fn read_last_level_cache() -> Option<usize> {
    let dir = std::path::Path::new("/sys/devices/system/cpu/cpu0/cache");
    let mut best: Option<(u32, usize)> = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let read = |name: &str| std::fs::read_to_string(entry.path().join(name)).ok();
        let (Some(level), Some(kind), Some(size)) = (read("level"), read("type"), read("size"))
        else {
            continue;
        };
        let (Ok(level), Some(size)) = (level.trim().parse::<u32>(), parse_cache_size(&size)) else {
            continue;
        };
        if kind.trim() != "Instruction" && best.is_none_or(|(l, _)| level > l) {
            best = Some((level, size));
        }
    }
    best.map(|(_, size)| size)
}

/// A cache size as sysfs writes it (`48K`, `2048K`, `266240K`, `32M`) in bytes.
#[doc(hidden)]
pub fn parse_cache_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => t.split_at(i),
        None => (t, ""),
    };
    let n: usize = digits.parse().ok()?;
    let scale = match unit.trim() {
        "" => 1,
        "K" | "k" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(scale)
}

/// Outputs of at least this many bytes are written with non-temporal (streaming) stores by
/// the pass that writes them last, where the tier has them (AVX-512 and AVX2 on x86-64;
/// elsewhere the stores stay plain) and the output is aligned to the register's width
/// (64 bytes for AVX-512; `calloc`/`malloc` return large buffers 16 bytes past a 64-byte
/// boundary, and those get plain stores): the output's cache lines are not read before
/// they are overwritten. Smaller outputs stay in cache for the caller to read.
/// `KERNELIZE_STREAM_MIN_BYTES` (read once) or [`set_stream_min_bytes`] overrides it (0:
/// always stream, `18446744073709551615`: never).
///
/// Measured on the development machine (AVX-512 Zen, 2 CPUs, 32 MiB L3), 2026-11-25
/// 16:00–16:03 UTC, load average 3.7 → 2.8 (shared machine): `softmax::softmax::into` at
/// the AVX-512 tier, 2 threads, pre-faulted output, streaming forced off and on in turn in
/// one process (a scratch program calling [`set_stream_min_bytes`]; 11 rounds, medians in
/// ms). Two runs where there are two figures:
///
/// | f64 elements (output) | 64-byte aligned, plain | streaming | ratio | 16 mod 64 (plain both: noise) |
/// | ---: | ---: | ---: | ---: | ---: |
/// | 2^21 (16 MiB) | 0.890 | 0.974 | 1.09 | 0.97 |
/// | 2^22 (32 MiB) | 2.29, 2.57 | 2.32, 2.76 | 1.01, 1.07 | 0.99, 1.01 |
/// | 3·2^21 (48 MiB) | 4.18 | 3.82 | 0.91 | 1.01 |
/// | 2^23 (64 MiB) | 5.68, 6.08 | 5.17, 5.34 | 0.91, 0.88 | 1.00, 1.02 |
/// | 2^24 (128 MiB) | 12.29 | 10.93 | 0.89 | 1.00 |
/// | 2^25 (256 MiB) | 24.80 | 22.40 | 0.90 | 0.99 |
/// | 10^8 (800 MB) | 59.6, 61.1, 75.6 | 57.8, 58.3, 63.7 | 0.97, 0.95, 0.84 | 1.01, 1.00, 1.05 |
///
/// so streaming pays from between 32 and 48 MiB (the last-level cache is 32 MiB): 48 MiB.
/// At the AVX2 tier (compute-bound here) it is neutral at 10^8: 0.997 and 1.017.
/// Streaming a 16-byte-aligned output in four 16-byte pieces per vector was slower than
/// plain stores at 10^8 (1.03–1.06, and 1.04–1.09 in `cargo bench --bench floor` under
/// load 5–6), so the tiers store those plainly. Not measured for `f32`.
///
/// Like [`ONLINE_MIN_BYTES`] it moves with the last-level cache. On the Intel host with a
/// 260 MiB L3 (2026-12-01, the same program, 64-byte-aligned output, 15 rounds, 7 from
/// 256 MiB; the plan the default thresholds pick at each size), streaming / plain:
///
/// | f64 elements (output) | plain | streaming | ratio |
/// | ---: | ---: | ---: | ---: |
/// | 2^21 (16 MiB) | 1.52 | 2.59 | 1.70 |
/// | 2^22 (32 MiB) | 3.13 | 5.29 | 1.69 |
/// | 3·2^21 (48 MiB) | 5.36 | 8.10 | 1.51 |
/// | 2^23 (64 MiB) | 8.00 | 10.54 | 1.32 |
/// | 2^24 (128 MiB) | 22.11 | 26.63 | 1.20 |
/// | 2^25 (256 MiB) | 54.76 | 39.47 | 0.72 |
/// | 10^8 (763 MiB) | 134.9 | 111.5 | 0.83 |
///
/// (The stored-exps plan's last pass reads the output before overwriting it, so a
/// streaming store there throws away a line the L3 holds.) So the size used is the larger
/// of this constant and half the last-level cache ([`last_level_cache_bytes`]): 48 MiB on
/// the Zen host, 130 MiB on the Intel one.
pub const STREAM_MIN_BYTES: usize = 48 << 20;

/// [`stream_min_bytes`] without the variable: [`STREAM_MIN_BYTES`] or half the last-level
/// cache, whichever is larger.
pub fn default_stream_min_bytes() -> usize {
    at_least_half_the_cache(STREAM_MIN_BYTES)
}

static STREAM_MIN: ByteSetting =
    ByteSetting::new("KERNELIZE_STREAM_MIN_BYTES", default_stream_min_bytes);

/// The output size from which kernels use streaming stores: the larger of
/// [`STREAM_MIN_BYTES`] and half of [`last_level_cache_bytes`], or
/// `KERNELIZE_STREAM_MIN_BYTES` if set (a bad value warns once on stderr and is ignored).
/// One atomic load after the first call.
#[inline]
pub fn stream_min_bytes() -> usize {
    STREAM_MIN.get()
}

/// Sets the output size from which kernels use streaming stores, as
/// `KERNELIZE_STREAM_MIN_BYTES` does (`Some(0)`: always; `Some(usize::MAX)`: never); `None`
/// returns to the default, re-reading the variable. For benchmarks comparing both in one
/// process, and for programs that know their outputs are read back at once.
pub fn set_stream_min_bytes(bytes: Option<usize>) {
    STREAM_MIN.set(bytes);
}

/// A size threshold in bytes with an environment override, read once per process (a
/// value that is not a byte count warns on stderr and the default holds), then cached in
/// an atomic.
struct ByteSetting {
    var: &'static str,
    default: fn() -> usize,
    value: AtomicUsize,
}

/// What [`ByteSetting::value`] holds before the variable has been read; a setting of
/// `usize::MAX` is stored as `usize::MAX - 1`, which no size in bytes reaches either.
const UNREAD: usize = usize::MAX;

impl ByteSetting {
    const fn new(var: &'static str, default: fn() -> usize) -> Self {
        ByteSetting {
            var,
            default,
            value: AtomicUsize::new(UNREAD),
        }
    }

    #[inline]
    fn get(&self) -> usize {
        let v = self.value.load(Ordering::Relaxed);
        if v != UNREAD {
            return v;
        }
        self.resolve()
    }

    fn set(&self, bytes: Option<usize>) {
        self.value.store(
            bytes.map_or(UNREAD, |b| b.min(UNREAD - 1)),
            Ordering::Relaxed,
        );
    }

    #[cold]
    fn resolve(&self) -> usize {
        let var = self.var;
        let default = (self.default)();
        let v = match std::env::var(var) {
            Ok(text) if !text.trim().is_empty() => match text.trim().parse::<usize>() {
                Ok(v) => v.min(UNREAD - 1),
                Err(_) => {
                    eprintln!("kernelize: {var}={text}: not a byte count; using {default}");
                    default
                }
            },
            _ => default,
        };
        // A `set` racing with the first read wins.
        let _ = self
            .value
            .compare_exchange(UNREAD, v, Ordering::Relaxed, Ordering::Relaxed);
        self.value.load(Ordering::Relaxed)
    }
}

/// How kernels divide an array by a scalar (`e / sum(e)`): [`math::Divisor`]'s exact
/// reciprocal-and-corrections path, or the hardware division. Both give the same bits.
///
/// [`math::Divisor`]: crate::math::Divisor
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Division {
    /// Whichever measured faster at the tier and element type, timed once per process at
    /// the first division (25–50 µs measured): the default.
    Measured,
    /// Always the reciprocal and corrections (for divisors in range).
    Reciprocal,
    /// Always the hardware division.
    Hardware,
}

const DIVISION_UNREAD: u8 = u8::MAX;
static DIVISION: AtomicU8 = AtomicU8::new(DIVISION_UNREAD);

/// Per tier, per element type (`f32`, `f64`): 0 not yet timed, 1 division faster,
/// 2 corrections faster.
static RECIPROCAL_FASTER: [[AtomicU8; 2]; Tier::ALL.len()] =
    [const { [const { AtomicU8::new(0) }; 2] }; Tier::ALL.len()];

fn encode_division(d: Division) -> u8 {
    d as u8
}

fn decode_division(b: u8) -> Division {
    [Division::Measured, Division::Reciprocal, Division::Hardware][b as usize]
}

/// Parses a `KERNELIZE_DIVISION` value: `measured`, `reciprocal` or `hardware`.
pub fn parse_division(text: &str) -> Option<Division> {
    match text.trim() {
        "measured" => Some(Division::Measured),
        "reciprocal" => Some(Division::Reciprocal),
        "hardware" => Some(Division::Hardware),
        _ => None,
    }
}

/// The division setting: [`Division::Measured`], or `KERNELIZE_DIVISION` if set (read
/// once; an unknown value warns once on stderr and is ignored), or what [`set_division`]
/// set.
pub fn division() -> Division {
    let b = DIVISION.load(Ordering::Relaxed);
    if b != DIVISION_UNREAD {
        return decode_division(b);
    }
    let d = match std::env::var("KERNELIZE_DIVISION") {
        Ok(text) if !text.trim().is_empty() => parse_division(&text).unwrap_or_else(|| {
            eprintln!(
                "kernelize: KERNELIZE_DIVISION={text} is not a division (measured, reciprocal, \
                 hardware); using measured"
            );
            Division::Measured
        }),
        _ => Division::Measured,
    };
    decode_division(first_read(&DIVISION, DIVISION_UNREAD, encode_division(d)))
}

/// Sets how kernels divide by a scalar, as `KERNELIZE_DIVISION` does; `None` returns to
/// the variable (or the default). For tests and benchmarks comparing both ways.
pub fn set_division(d: Option<Division>) {
    DIVISION.store(
        d.map_or(DIVISION_UNREAD, encode_division),
        Ordering::Relaxed,
    );
}

/// `true` if kernels at tier `t` dividing `f64` (`wide`) or `f32` elements by a scalar
/// take [`crate::math::Divisor`]'s reciprocal path: per [`division`], and when that is
/// [`Division::Measured`], per a timing of both ways at the first call for this tier and
/// type (two atomic loads afterwards).
///
/// Why measured rather than fixed: the division's cost differs by CPU far more than the
/// multiply-adds'. `cargo bench -p kernelize-runtime --bench divide` (one thread,
/// 2026-12-01, Intel Xeon with AVX-512): 2^16 `f64` divided by a scalar took 45 µs by
/// `vdivpd` at every tier and 15.6 µs by the corrections at AVX-512 (25 µs at AVX2);
/// `f32` in L1 at AVX-512 4.7 against 8.5 G elements/s; the scalar tier, 1.44 G/s either
/// way. On the AMD Zen 4 of earlier sessions `vdivpd zmm` is about twice as fast and the
/// corrections (then with a costlier check) lost: 25.8 against 21 µs.
/// `docs/benchmarks-history.md` has the runs (session 5, "Division by a scalar"; the AMD
/// host's in session 4, "Where the 2^16 one-thread time goes, and division").
#[inline]
pub fn divides_by_reciprocal(t: Tier, wide: bool) -> bool {
    match division() {
        Division::Reciprocal => true,
        Division::Hardware => false,
        Division::Measured => {
            match RECIPROCAL_FASTER[encode(t) as usize][wide as usize].load(Ordering::Relaxed) {
                0 => time_division(t, wide),
                b => b == 2,
            }
        }
    }
}

#[cold]
#[inline(never)]
fn time_division(t: Tier, wide: bool) -> bool {
    struct Time(bool);
    impl WithSimd for Time {
        type Output = bool;
        #[inline(always)]
        fn with_simd<S: Simd>(self, s: S) -> bool {
            if self.0 {
                crate::math::reciprocal_is_faster::<S::F64>(s)
            } else {
                crate::math::reciprocal_is_faster::<S::F32>(s)
            }
        }
    }
    let faster = run_at(t, Time(wide)).unwrap_or(false);
    RECIPROCAL_FASTER[encode(t) as usize][wide as usize]
        .store(if faster { 2 } else { 1 }, Ordering::Relaxed);
    faster
}

const BACKEND_UNREAD: u8 = u8::MAX;
const BACKEND_AUTO: u8 = 0;
static FORCED: AtomicU8 = AtomicU8::new(BACKEND_UNREAD);

fn encode_backend(b: Option<Backend>) -> u8 {
    match b {
        None => BACKEND_AUTO,
        Some(Backend::Scalar) => 1,
        Some(Backend::Simd) => 2,
        Some(Backend::Parallel) => 3,
    }
}

fn decode_backend(b: u8) -> Option<Backend> {
    match b {
        1 => Some(Backend::Scalar),
        2 => Some(Backend::Simd),
        3 => Some(Backend::Parallel),
        _ => None,
    }
}

/// Parses a `KERNELIZE_VARIANT` value: `auto`, `scalar`, `simd`, `parallel`, or
/// `simd-<tier>` / `parallel-<tier>` (the tier as `KERNELIZE_ISA` names it).
pub fn parse_variant(text: &str) -> Option<(Option<Backend>, Option<Tier>)> {
    let text = text.trim().to_ascii_lowercase();
    let (backend, tier) = match text.split_once('-') {
        Some((b, t)) => (b.to_string(), Some(Tier::from_name(t)?)),
        None => (text, None),
    };
    let backend = match backend.as_str() {
        "auto" if tier.is_none() => None,
        "scalar" if tier.is_none() => Some(Backend::Scalar),
        "simd" => Some(Backend::Simd),
        "parallel" => Some(Backend::Parallel),
        _ => return None,
    };
    Some((backend, tier))
}

/// The backend automatic calls are forced onto (`None`: the dispatcher decides by size):
/// `KERNELIZE_VARIANT` read once (an unknown value warns once on stderr and is ignored),
/// or [`set_variant`]. One atomic load after the first call.
#[inline]
pub fn forced_backend() -> Option<Backend> {
    let b = FORCED.load(Ordering::Relaxed);
    if b != BACKEND_UNREAD {
        return decode_backend(b);
    }
    resolve_backend()
}

#[cold]
fn resolve_backend() -> Option<Backend> {
    let backend = match std::env::var("KERNELIZE_VARIANT") {
        Ok(text) if !text.trim().is_empty() => match parse_variant(&text) {
            Some((b, _)) => b,
            None => {
                eprintln!(
                    "kernelize: KERNELIZE_VARIANT={text} is not a variant (auto, scalar, simd, \
                     parallel, simd-<tier>, parallel-<tier>); choosing automatically"
                );
                None
            }
        },
        _ => None,
    };
    decode_backend(first_read(&FORCED, BACKEND_UNREAD, encode_backend(backend)))
}

/// Forces what automatic calls (`NAME(..)`, `NAME::into`, `Variant::Auto`) run, as
/// `KERNELIZE_VARIANT` does: `Variant::Scalar`, `Variant::Simd(tier)` or
/// `Variant::Parallel(tier)` (the tier as [`set_isa`] sets it); `None` or `Some(Auto)`
/// returns to the automatic choice. An `Err` when this CPU cannot run the tier. A kernel
/// not declared `parallel` runs its SIMD variant when parallel is forced.
pub fn set_variant(variant: Option<Variant>) -> Result<(), String> {
    let (backend, tier) = match variant {
        None | Some(Variant::Auto) => (None, None),
        Some(Variant::Scalar) => (Some(Backend::Scalar), None),
        Some(Variant::Simd(t)) => (Some(Backend::Simd), Some(t)),
        Some(Variant::Parallel(t)) => (Some(Backend::Parallel), Some(t)),
    };
    if let Some(t) = tier {
        set_isa(Some(t))?;
    }
    FORCED.store(encode_backend(backend), Ordering::Relaxed);
    Ok(())
}

/// What an automatic call runs: the selected tier, and whether in parallel. By default a
/// kernel declared `parallel` goes parallel where [`crate::parallel::goes_parallel`] says
/// (from [`crate::parallel::THRESHOLD`] elements of `size`, its largest array, and from
/// [`crate::parallel::WARM_THRESHOLD`] while calls come back to back); a forced backend
/// ([`forced_backend`]) overrides that.
#[inline]
pub fn auto_choice(declared_parallel: bool, size: usize) -> (Tier, bool) {
    match forced_backend() {
        None => (selected_tier(), declared_parallel && goes_parallel(size)),
        Some(Backend::Scalar) => (Tier::Scalar, false),
        Some(Backend::Simd) => (selected_tier(), false),
        Some(Backend::Parallel) => (selected_tier(), declared_parallel),
    }
}
