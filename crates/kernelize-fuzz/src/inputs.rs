//! The inputs every kernel runs on: lengths around the vector widths (1 to 64 lanes) and
//! the reduction chunk (`parallel::CHUNK`), subslices at odd offsets into their
//! allocation, and three profiles of values.

use kernelize_fuzz_gen::ast::{IntTy, Kernel, ParamTy};
use kernelize_fuzz_gen::float::Float;
use kernelize_fuzz_gen::reference::{Arg, CHUNK};
use kernelize_fuzz_gen::rng::Rng;

/// Every small tail shape, vector widths ± 1, chunk boundaries ± 1 and several chunks.
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
    129,
    1000,
    CHUNK - 1,
    CHUNK + 1,
    3 * CHUNK + 7,
];

/// Lengths of the coarse and special profiles (cheaper: their checks are about values,
/// not about where chunks end).
pub const SHORT_LENGTHS: &[usize] = &[1, 2, 3, 7, 8, 9, 16, 17, 33, 65, 129, 1000];

/// Offsets of the subslice inside its allocation, in elements (odd ones break alignment).
pub const OFFSETS: &[usize] = &[1, 3, 0, 5, 7, 2];

/// How values are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Uniform in the kernel's domains.
    Uniform,
    /// Small integers and halves (ties for `argmax`, equal floors, exact zeros of both
    /// signs).
    Coarse,
    /// Uniform, with about one element in six special (NaN, ±∞, ±0, subnormals, huge).
    Special,
}

/// The special values of `T`.
pub fn specials<T: Float>() -> Vec<T> {
    let (tiny, tiny_neg, huge) = if T::NAME == "f32" {
        (1.4e-45, -2.5e-40, 1e38)
    } else {
        (5e-324, -2.5e-310, 1e300)
    };
    [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        tiny,
        tiny_neg,
        huge,
        -huge,
        1.0,
    ]
    .into_iter()
    .map(T::from_f64)
    .collect()
}

/// A scalar argument's value.
#[derive(Clone, Copy, Debug)]
enum Scalar<T> {
    Float(T),
    Int(i64),
}

/// The arguments of one run.
#[derive(Debug)]
pub struct Case<T> {
    /// Per parameter: its allocation (arrays) or nothing.
    storage: Vec<Vec<T>>,
    scalars: Vec<Option<Scalar<T>>>,
    offset: usize,
    len: usize,
    /// The profile.
    pub profile: Profile,
}

impl<T: Float> Case<T> {
    /// The arguments in parameter order.
    pub fn args(&self) -> Vec<Arg<'_, T>> {
        self.scalars
            .iter()
            .zip(&self.storage)
            .map(|(s, st)| match s {
                None => Arg::Array(&st[self.offset..self.offset + self.len]),
                Some(Scalar::Float(v)) => Arg::Float(*v),
                Some(Scalar::Int(i)) => Arg::Int(*i),
            })
            .collect()
    }

    /// The array length.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for empty arrays.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A description for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "length {}, offset {}, {:?} values",
            self.len, self.offset, self.profile
        )
    }
}

fn draw<T: Float>(rng: &mut Rng, lo: f64, hi: f64, profile: Profile, density: usize) -> T {
    match profile {
        Profile::Uniform => T::from_f64(rng.uniform(lo, hi)),
        Profile::Coarse => {
            let v = (rng.range(0, 8) as f64 - 4.0) * 0.5;
            // Both zeros.
            T::from_f64(if v == 0.0 && rng.chance(0.5) { -0.0 } else { v })
        }
        Profile::Special => {
            if rng.below(density) == 0 {
                let s = specials::<T>();
                *rng.pick(&s)
            } else {
                T::from_f64(rng.uniform(lo, hi))
            }
        }
    }
}

/// Every case for `kernel`: each length of each profile at a rotating offset.
pub fn cases<T: Float>(kernel: &Kernel, seed: u64) -> Vec<Case<T>> {
    let mut rng = Rng::new(seed, 0x696e_7075_7473);
    let mut out = Vec::new();
    // A ufunc-style kernel has no arrays: only its scalars vary.
    let (long, short): (&[usize], &[usize]) = if kernel.array_params().is_empty() {
        (&[1; 8], &[1; 8])
    } else {
        (LENGTHS, SHORT_LENGTHS)
    };
    let plan = long
        .iter()
        .map(|&n| (n, Profile::Uniform))
        .chain(short.iter().map(|&n| (n, Profile::Coarse)))
        .chain(short.iter().map(|&n| (n, Profile::Special)));
    for (i, (len, profile)) in plan.enumerate() {
        let offset = OFFSETS[i % OFFSETS.len()];
        let density = if len > 1000 { 2000 } else { 6 };
        let (ad, sd) = (kernel.array_domain, kernel.scalar_domain);
        let mut storage = Vec::new();
        let mut scalars = Vec::new();
        for p in &kernel.params {
            match p.ty {
                ParamTy::Array { .. } => {
                    storage.push(
                        (0..offset + len + 3)
                            .map(|_| draw::<T>(&mut rng, ad.lo, ad.hi, profile, density))
                            .collect(),
                    );
                    scalars.push(None);
                }
                ParamTy::Float => {
                    storage.push(Vec::new());
                    let v = match profile {
                        Profile::Special => draw::<T>(&mut rng, sd.lo, sd.hi, profile, 4),
                        _ => T::from_f64(rng.uniform(sd.lo, sd.hi)),
                    };
                    scalars.push(Some(Scalar::Float(v)));
                }
                ParamTy::Int(ty) => {
                    storage.push(Vec::new());
                    let v = match ty {
                        IntTy::Usize => rng.range(0, 10) as i64,
                        _ => rng.range(0, 10) as i64 - 5,
                    };
                    scalars.push(Some(Scalar::Int(v)));
                }
            }
        }
        out.push(Case {
            storage,
            scalars,
            offset,
            len,
            profile,
        });
    }
    out
}
