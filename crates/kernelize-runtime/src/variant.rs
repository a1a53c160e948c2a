//! Names for the variants a kernel has: a backend times an instruction-set tier.

use core::fmt;

/// An instruction-set tier of the SIMD code. Ordered from least to most capable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// One lane, plain scalar instructions; runs everywhere.
    Scalar,
    /// The `wide` crate's portable vectors (their instruction set is fixed when `wide` is
    /// compiled: SSE2 in a default x86-64 build, native with `-C target-cpu=native`).
    Wide,
    /// x86-64 AVX2 + FMA.
    Avx2,
    /// x86-64 AVX-512 F/DQ/VL with masked tails.
    Avx512,
}

impl Tier {
    /// Every tier, least capable first.
    pub const ALL: [Tier; 4] = [Tier::Scalar, Tier::Wide, Tier::Avx2, Tier::Avx512];

    /// The lower-case name used by `KERNELIZE_ISA` and in printed tables.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Scalar => "scalar",
            Tier::Wide => "wide",
            Tier::Avx2 => "avx2",
            Tier::Avx512 => "avx512",
        }
    }

    /// Parses a tier name as `KERNELIZE_ISA` spells it.
    pub fn from_name(name: &str) -> Option<Tier> {
        Tier::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the work is spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Backend {
    /// Plain scalar loops on one thread (the SIMD code at [`Tier::Scalar`]).
    Scalar,
    /// One thread, SIMD at the variant's tier.
    Simd,
    /// rayon across threads, SIMD at the variant's tier inside every chunk.
    Parallel,
}

/// One runnable variant of a kernel, or [`Variant::Auto`] for the dispatcher's choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variant {
    /// Whatever the dispatcher picks for this CPU and this input size.
    Auto,
    /// Plain scalar loops, one thread.
    Scalar,
    /// SIMD at the given tier, one thread.
    Simd(Tier),
    /// rayon-parallel with SIMD at the given tier in every chunk.
    Parallel(Tier),
}

impl Variant {
    /// The backend, or `None` for [`Variant::Auto`].
    pub fn backend(self) -> Option<Backend> {
        match self {
            Variant::Auto => None,
            Variant::Scalar => Some(Backend::Scalar),
            Variant::Simd(_) => Some(Backend::Simd),
            Variant::Parallel(_) => Some(Backend::Parallel),
        }
    }

    /// The tier, or `None` for [`Variant::Auto`].
    pub fn tier(self) -> Option<Tier> {
        match self {
            Variant::Auto => None,
            Variant::Scalar => Some(Tier::Scalar),
            Variant::Simd(t) | Variant::Parallel(t) => Some(t),
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Variant::Auto => f.write_str("auto"),
            Variant::Scalar => f.write_str("scalar"),
            Variant::Simd(t) => write!(f, "simd-{t}"),
            Variant::Parallel(t) => write!(f, "parallel-{t}"),
        }
    }
}
