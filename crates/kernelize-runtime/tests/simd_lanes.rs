//! Lane operations on every tier this CPU runs: loads and stores (full and partial),
//! comparisons and selects, NumPy NaN semantics of `max`/`min` and their order of signed
//! zeros, the fixed reduction order, rounding, the bit-level helpers the math library
//! uses, and streaming stores at every alignment.

use kernelize_runtime::dispatch::{available_tiers, run_at};
use kernelize_runtime::math::MathElement;
use kernelize_runtime::simd::{Element, Mask, PairTable16, Simd, Vector, WithSimd};

fn e<V: Vector>(x: f64) -> V::Elem {
    V::Elem::from_f64(x)
}

fn sp<V: Vector>(t: V::Token, x: f64) -> V {
    V::splat(t, e::<V>(x))
}

fn lanes<V: Vector>(v: V) -> Vec<f64> {
    (0..V::LANES).map(|i| v.extract(i).to_f64()).collect()
}

fn from_fn<V: Vector>(t: V::Token, f: impl Fn(usize) -> f64) -> V {
    let data: Vec<V::Elem> = (0..V::LANES).map(|i| e::<V>(f(i))).collect();
    V::load(t, &data)
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn assert_lanes<V: Vector>(what: &str, v: V, want: impl Fn(usize) -> f64) {
    for (i, got) in lanes(v).into_iter().enumerate() {
        let w = want(i);
        assert!(
            same(got, w),
            "{what}: lane {i} of {} is {got:e}, want {w:e} ({:?})",
            V::LANES,
            <V::Token as Simd>::TIER
        );
    }
}

/// The documented pairwise order, on plain scalars.
fn pairwise(mut a: Vec<f64>, op: impl Fn(f64, f64) -> f64) -> f64 {
    let mut len = a.len();
    while len > 1 {
        let half = len / 2;
        for i in 0..half {
            a[i] = op(a[i], a[i + half]);
        }
        len = half;
    }
    a[0]
}

fn lane_checks<V: Vector>(t: V::Token) {
    let n = V::LANES;
    // Loads and stores.
    let src: Vec<V::Elem> = (0..n + 3).map(|i| e::<V>(i as f64 * 1.5 - 2.0)).collect();
    let v = V::load(t, &src[1..]);
    assert_lanes("load", v, |i| (i + 1) as f64 * 1.5 - 2.0);
    assert_lanes("iota", V::iota(t), |i| i as f64);
    let mut dst = vec![e::<V>(-7.0); n + 2];
    v.store(&mut dst[1..]);
    assert_eq!(dst[0].to_f64(), -7.0);
    assert_eq!(dst[n + 1].to_f64(), -7.0);
    for i in 0..n {
        assert_eq!(dst[i + 1].to_f64(), (i + 1) as f64 * 1.5 - 2.0);
    }
    for len in 0..n {
        let p = V::load_partial(t, &src[..len], e::<V>(9.0));
        assert_lanes("load_partial", p, |i| {
            if i < len { i as f64 * 1.5 - 2.0 } else { 9.0 }
        });
        let mut out = vec![e::<V>(-7.0); n];
        V::iota(t).store_partial(&mut out[..len]);
        for (i, o) in out.iter().enumerate() {
            let want = if i < len { i as f64 } else { -7.0 };
            assert_eq!(o.to_f64(), want, "store_partial len {len} lane {i}");
        }
    }

    // Arithmetic, comparisons, select.
    let a = from_fn::<V>(t, |i| i as f64 - 1.5);
    let b = from_fn::<V>(t, |i| 2.0 - i as f64 * 0.25);
    assert_lanes("add", a.add(b), |i| {
        (i as f64 - 1.5) + (2.0 - i as f64 * 0.25)
    });
    assert_lanes("mul", a.mul(b), |i| {
        (i as f64 - 1.5) * (2.0 - i as f64 * 0.25)
    });
    assert_lanes("neg zero", sp::<V>(t, 0.0).neg(), |_| -0.0);
    let lt = a.lt(b);
    let want_lt: u64 = (0..n)
        .filter(|&i| (i as f64 - 1.5) < (2.0 - i as f64 * 0.25))
        .fold(0, |m, i| m | 1 << i);
    assert_eq!(lt.bitmask(), want_lt, "lt bitmask");
    assert_eq!(lt.not().bitmask(), !want_lt & ((1u128 << n) - 1) as u64);
    assert_eq!(a.ge(b).bitmask(), !want_lt & ((1u128 << n) - 1) as u64);
    assert_lanes("select", V::select(lt, a, b), |i| {
        let (x, y) = (i as f64 - 1.5, 2.0 - i as f64 * 0.25);
        if x < y { x } else { y }
    });
    // Fused: (1 + 2^-20)(1 - 2^-20) - 1 = -2^-40 exactly only with one rounding... in f32
    // use 2^-12.
    let eps = if V::Elem::from_f64(1.0 + 1e-10).to_f64() == 1.0 {
        2f64.powi(-12)
    } else {
        2f64.powi(-30)
    };
    let fused = sp::<V>(t, 1.0 + eps).mul_add(sp(t, 1.0 - eps), sp(t, -1.0));
    assert_lanes("mul_add is fused", fused, |_| -eps * eps);

    // NaN semantics.
    let nan = from_fn::<V>(t, |i| if i % 2 == 0 { f64::NAN } else { i as f64 });
    let one = sp::<V>(t, 1.0);
    for (what, v) in [
        ("max(nan, 1)", nan.max(one)),
        ("max(1, nan)", one.max(nan)),
        ("min(nan, 1)", nan.min(one)),
        ("min(1, nan)", one.min(nan)),
    ] {
        assert_lanes(what, v, |i| {
            if i % 2 == 0 {
                f64::NAN
            } else if what.starts_with("max") {
                (i as f64).max(1.0)
            } else {
                (i as f64).min(1.0)
            }
        });
    }
    assert_eq!(
        nan.is_nan().bitmask(),
        (0..n).step_by(2).fold(0, |m, i| m | 1 << i)
    );
    assert_eq!(nan.ne(nan).bitmask(), nan.is_nan().bitmask());
    assert!(nan.reduce_max().is_nan() && nan.reduce_min().is_nan());

    // Reductions in the fixed pairwise order.
    let r = from_fn::<V>(t, |i| 1.0 / (i as f64 + 3.0) + (i as f64) * 1e7);
    let vals = lanes(r);
    let as_elem = |x: f64| e::<V>(x).to_f64();
    assert_eq!(
        r.reduce_sum().to_f64(),
        pairwise(vals.clone(), |a, b| as_elem(a + b))
    );
    assert_eq!(
        r.reduce_prod().to_f64(),
        pairwise(vals.clone(), |a, b| as_elem(a * b))
    );
    assert_eq!(
        r.reduce_max().to_f64(),
        vals.iter().cloned().fold(f64::MIN, f64::max)
    );
    assert_eq!(
        r.reduce_min().to_f64(),
        vals.iter().cloned().fold(f64::MAX, f64::min)
    );

    // Rounding.
    let h = from_fn::<V>(t, |i| [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7, -3.7][i % 8]);
    assert_lanes("round ties even", h.round(), |i| {
        [-2.0, -2.0, -0.0, 0.0, 2.0, 2.0, 4.0, -4.0][i % 8]
    });
    assert_lanes("floor", h.floor(), |i| {
        [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -4.0][i % 8]
    });
    assert_lanes("ceil", h.ceil(), |i| {
        [-2.0, -1.0, -0.0, 1.0, 2.0, 3.0, 4.0, -3.0][i % 8]
    });
    let big = sp::<V>(t, 2f64.powi(60) + 2f64.powi(10));
    assert_lanes("round big", big.round(), |_| {
        as_elem(2f64.powi(60) + 2f64.powi(10))
    });
    assert_lanes("sqrt", sp::<V>(t, 2.0).sqrt(), |_| as_elem(2f64.sqrt()));
    assert_lanes("abs", sp::<V>(t, -0.0).abs(), |_| 0.0);

    // Bit-level helpers.
    let ints = from_fn::<V>(t, |i| {
        [-126.0, -20.0, -1.0, 0.0, 1.0, 7.0, 100.0, 127.0][i % 8]
    });
    assert_lanes("pow2i", ints.pow2i(), |i| {
        2f64.powi([-126, -20, -1, 0, 1, 7, 100, 127][i % 8])
    });
    let xs = from_fn::<V>(t, |i| {
        [3.0, -0.75, 1e-30, 6e30, 1.0, -5.5, 1e20, 0.1][i % 8]
    });
    assert_lanes("exponent", xs.exponent(), |i| {
        let x = as_elem([3.0, -0.75, 1e-30, 6e30, 1.0, -5.5, 1e20, 0.1][i % 8]);
        x.abs().log2().floor()
    });
    assert_lanes("mantissa", xs.mantissa(), |i| {
        let x = as_elem([3.0, -0.75, 1e-30, 6e30, 1.0, -5.5, 1e20, 0.1][i % 8]).abs();
        x / 2f64.powf(x.log2().floor())
    });
    let table: [V::Elem; 16] = core::array::from_fn(|j| e::<V>(j as f64 * 10.0 + 0.5));
    let idx = from_fn::<V>(t, |i| ((i * 7 + 3) % 16) as f64);
    assert_lanes("lookup16", idx.lookup16(&table), |i| {
        ((i * 7 + 3) % 16) as f64 * 10.0 + 0.5
    });
    // Out-of-range indices must read some entry, not out of bounds.
    for bad in [f64::NAN, f64::INFINITY, -1.0, 1e30, 16.0] {
        let got = lanes(sp::<V>(t, bad).lookup16(&table));
        assert!(got.iter().all(|g| table.iter().any(|x| x.to_f64() == *g)));
    }
    // `lookup16_bits` and `lookup16_pair_bits` read the low 4 bits of the lane's bit
    // pattern: after adding `ROUND_SHIFT` that is the rounded integer mod 16, negative
    // integers included.
    let lo_table: [V::Elem; 16] = core::array::from_fn(|j| e::<V>(-(j as f64) - 0.25));
    let pairs = PairTable16::new(table, lo_table);
    let shift = <V::Elem as MathElement>::ROUND_SHIFT;
    let ks = [-37.0, -16.0, -1.0, 0.0, 5.0, 15.0, 16.0, 2399.0];
    let shifted = from_fn::<V>(t, |i| ks[i % 8]).add(sp(t, shift));
    let want_j = |i: usize| (ks[i % 8] as i64).rem_euclid(16) as f64;
    assert_lanes("lookup16_bits", shifted.lookup16_bits(&table), |i| {
        want_j(i) * 10.0 + 0.5
    });
    let (hi, lo) = shifted.lookup16_pair_bits(&pairs);
    assert_lanes("lookup16_pair_bits hi", hi, |i| want_j(i) * 10.0 + 0.5);
    assert_lanes("lookup16_pair_bits lo", lo, |i| -want_j(i) - 0.25);
    for bad in [f64::NAN, f64::INFINITY, -1.0, 1e30, 16.5] {
        let got = lanes(sp::<V>(t, bad).lookup16_bits(&table));
        assert!(got.iter().all(|g| table.iter().any(|x| x.to_f64() == *g)));
    }
    // `magnitude_outside`: non-zero and below `lo`, or above `hi`; zeros and NaN neither.
    let probe = [
        0.0,
        -0.0,
        1e-3,
        -1e-3,
        0.25,
        -0.25,
        8.0,
        -9.0,
        f64::INFINITY,
        f64::NAN,
        4.0,
    ];
    let outside = [
        false, false, true, true, false, false, true, true, true, false, false,
    ];
    let pv = from_fn::<V>(t, |i| probe[i % probe.len()]);
    let got = pv.magnitude_outside(sp(t, 0.25), sp(t, 4.0)).bitmask();
    for i in 0..n {
        assert_eq!(
            got >> i & 1 == 1,
            outside[i % probe.len()],
            "magnitude_outside lane {i} ({}) on {:?}",
            probe[i % probe.len()],
            <V::Token as Simd>::TIER
        );
    }
    // `clamp` keeps NaN lanes NaN.
    let raw = from_fn::<V>(t, |i| {
        [
            -5.0,
            5.0,
            f64::NAN,
            0.5,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.0,
        ][i % 8]
    });
    assert_lanes("clamp", raw.clamp(sp(t, -1.0), sp(t, 2.0)), |i| {
        [-1.0, 2.0, f64::NAN, 0.5, -0.0, 2.0, -1.0, 1.0][i % 8]
    });
    assert_lanes("at_least", raw.at_least(sp(t, -1.0)), |i| {
        [-1.0, 5.0, f64::NAN, 0.5, -0.0, f64::INFINITY, -1.0, 1.0][i % 8]
    });
    assert_lanes("copysign", sp::<V>(t, 2.0).copysign(sp(t, -0.0)), |_| -2.0);
    assert_lanes("copysign", sp::<V>(t, -2.0).copysign(sp(t, 1.0)), |_| 2.0);
    let scale = from_fn::<V>(t, |i| {
        [-140.0, -200.0, 0.0, 3.0, 130.0, -1080.0, 1030.0, -20.0][i % 8]
    });
    let m = sp::<V>(t, 1.75);
    assert_lanes("scale_by_pow2", m.scale_by_pow2(scale), |i| {
        let n = [-140, -200, 0, 3, 130, -1080, 1030, -20][i % 8];
        as_elem(1.75 * 2f64.powi(n.clamp(-1100, 1100)))
    });
    // The `_floor` forms scale by `2^floor(n)`.
    let frac = from_fn::<V>(t, |i| {
        [-140.25, -0.5, 0.0, 3.9, 126.5, -1.0, 2.0625, -20.1][i % 8]
    });
    let floors = [-141, -1, 0, 3, 126, -1, 2, -21];
    assert_lanes("scale_by_pow2_floor", m.scale_by_pow2_floor(frac), |i| {
        as_elem(1.75 * 2f64.powi(floors[i % 8]))
    });
    // `k + 1.5·2^mantissa` holds `k` in its low bits: shifted into the exponent field,
    // it multiplies by `2^k` (negative `k` wraps, as two's complement).
    let shift = <V::Elem as MathElement>::ROUND_SHIFT;
    let mant = <V::Elem as MathElement>::MANT_BITS;
    let ks = [-100, -1, 0, 3, 100, -20, 2, 7];
    let s = from_fn::<V>(t, |i| ks[i % 8] as f64 + shift);
    assert_lanes("add_shifted_bits", m.add_shifted_bits(s, mant), |i| {
        as_elem(1.75 * 2f64.powi(ks[i % 8]))
    });
    // `exp`'s use: `k = 16n + j` shifted by `mantissa - 4` onto the table's adjusted
    // bits gives `2^n·2^(j/16)` (rounded as the table holds it).
    let table = <V::Elem as MathElement>::EXP_SCALE_TAIL;
    let kj: [i32; 8] = [-1600 + 5, -17, 0, 15, 1600 + 9, -321, 47, 8];
    let s = from_fn::<V>(t, |i| kj[i % 8] as f64 + shift);
    let bits = s.lookup16_bits(&table.hi);
    assert_lanes(
        "add_shifted_bits (exp scale)",
        bits.add_shifted_bits(s, mant - 4),
        |i| {
            let k = kj[i % 8];
            let hi = <V::Elem as MathElement>::EXP_TABLE_HI[k.rem_euclid(16) as usize];
            hi.to_f64() * 2f64.powi(k.div_euclid(16))
        },
    );
    let mapped = xs.map_lanes(|x| x + x);
    assert_lanes("map_lanes", mapped, |i| {
        2.0 * as_elem([3.0, -0.75, 1e-30, 6e30, 1.0, -5.5, 1e20, 0.1][i % 8])
    });
}

struct LaneChecks;

impl WithSimd for LaneChecks {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        lane_checks::<S::F64>(s);
        lane_checks::<S::F32>(s);
    }
}

#[test]
fn lane_ops_on_every_tier() {
    let tiers = available_tiers();
    assert!(
        tiers.len() >= 2,
        "scalar and wide run everywhere: {tiers:?}"
    );
    for tier in tiers {
        run_at(tier, LaneChecks).expect("an available tier runs");
    }
}

/// `store_stream` (then `stream_fence`) writes exactly what `store` writes, at every
/// element offset from a 64-byte boundary: the register-aligned (streaming) and the
/// misaligned (plain) paths of the tiers that have non-temporal stores, and the default.
fn stream_checks<V: Vector>(t: V::Token) {
    let n = V::LANES;
    let size = core::mem::size_of::<V::Elem>();
    let v = from_fn::<V>(t, |i| i as f64 * 0.75 - 3.0);
    // Room for one element before the first 64-byte boundary after the start.
    let per_line = 64 / size;
    let mut plain = vec![e::<V>(-7.0); 3 * per_line + n + 1];
    let mut streamed = plain.clone();
    let base = per_line + plain[per_line..].as_ptr().align_offset(64);
    let base_s = per_line + streamed[per_line..].as_ptr().align_offset(64);
    for k in 0..per_line {
        let (at, at_s) = (base + k, base_s + k);
        v.store(&mut plain[at..]);
        v.store_stream(&mut streamed[at_s..at_s + n]);
        V::stream_fence(t);
        assert_eq!(
            streamed[at_s..at_s + n],
            plain[at..at + n],
            "store_stream at byte offset {} ({:?})",
            k * size,
            <V::Token as Simd>::TIER
        );
        assert_eq!(
            streamed[at_s - 1].to_f64(),
            -7.0,
            "nothing before the vector"
        );
        assert_eq!(
            streamed[at_s + n].to_f64(),
            -7.0,
            "nothing after the vector"
        );
        plain.fill(e::<V>(-7.0));
        streamed.fill(e::<V>(-7.0));
    }
    // A longer slice: only its first `LANES` elements are written.
    let mut long = vec![e::<V>(-7.0); 2 * n + 1];
    v.store_stream(&mut long[1..]);
    V::stream_fence(t);
    assert_lanes(
        "store_stream into a longer slice",
        V::load(t, &long[1..]),
        |i| i as f64 * 0.75 - 3.0,
    );
    assert!(long[n + 1..].iter().all(|x| x.to_f64() == -7.0));
}

struct StreamChecks;

impl WithSimd for StreamChecks {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        stream_checks::<S::F64>(s);
        stream_checks::<S::F32>(s);
    }
}

#[test]
fn streaming_stores_match_plain_stores_on_every_tier() {
    for tier in available_tiers() {
        run_at(tier, StreamChecks).expect("an available tier runs");
    }
}

/// IEEE 754-2019 `maximum`, the rule `Vector::max` documents, written independently of the
/// runtime's: NaN if either is NaN; of equal values the AND of their bits (two zeros give
/// −0 only when both are −0).
fn ieee_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == b {
        f64::from_bits(a.to_bits() & b.to_bits())
    } else if a > b {
        a
    } else {
        b
    }
}

/// IEEE 754-2019 `minimum`: as [`ieee_max`], with the OR of equal values' bits (−0 unless
/// both are +0).
fn ieee_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == b {
        f64::from_bits(a.to_bits() | b.to_bits())
    } else if a < b {
        a
    } else {
        b
    }
}

/// The sign of a zero lane, shown in a failure message.
fn show(x: f64) -> String {
    if x == 0.0 && x.is_sign_negative() {
        "-0".into()
    } else {
        format!("{x:e}")
    }
}

/// `max`, `min`, `reduce_max` and `reduce_min` with zeros of both signs (and NaN, ±1, ±∞
/// beside them) in every lane position and both operand orders, against [`ieee_max`] and
/// [`ieee_min`] bit for bit (NaN lanes: a NaN). Every tier, the scalar one included, is
/// held to the same reference, so the tiers agree with each other.
fn signed_zero_checks<V: Vector>(t: V::Token) {
    let n = V::LANES;
    let tier = <V::Token as Simd>::TIER;
    let check = |what: &str, got: f64, want: f64, detail: &dyn Fn() -> String| {
        assert!(
            same(got, want),
            "{what}: got {}, want {} ({}; {n} lanes, {tier:?})",
            show(got),
            show(want),
            detail()
        );
    };

    // Every ordered pair of these values in every lane position.
    let vals = [
        0.0,
        -0.0,
        f64::NAN,
        1.0,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    let pairs: Vec<(f64, f64)> = vals
        .iter()
        .flat_map(|&a| vals.iter().map(move |&b| (a, b)))
        .collect();
    for shift in 0..pairs.len() {
        let pair = |i: usize| pairs[(i + shift) % pairs.len()];
        let a = from_fn::<V>(t, |i| pair(i).0);
        let b = from_fn::<V>(t, |i| pair(i).1);
        for (what, got, rule) in [
            ("max", a.max(b), ieee_max as fn(f64, f64) -> f64),
            ("min", a.min(b), ieee_min),
        ] {
            for (i, g) in lanes(got).into_iter().enumerate() {
                let (x, y) = pair(i);
                check(what, g, rule(x, y), &|| {
                    format!("lane {i}: {what}({}, {})", show(x), show(y))
                });
            }
        }
    }

    // Reductions over every pattern of signs of zeros (up to 2^16 of them), alone and with
    // one lane replaced by NaN, -1 or 1 in a position that moves with the pattern.
    let zero = |negative: bool| if negative { -0.0 } else { 0.0 };
    for pattern in 0u64..1 << n {
        let z = |i: usize| zero(pattern >> i & 1 == 1);
        let zeros: Vec<f64> = (0..n).map(z).collect();
        let at = pattern as usize % n;
        for other in [None, Some(f64::NAN), Some(-1.0), Some(1.0)] {
            let mut xs = zeros.clone();
            if let Some(o) = other {
                xs[at] = o;
            }
            let v = from_fn::<V>(t, |i| xs[i]);
            let want_max = xs.iter().copied().fold(f64::NEG_INFINITY, ieee_max);
            let want_min = xs.iter().copied().fold(f64::INFINITY, ieee_min);
            let detail = || {
                let shown: Vec<String> = xs.iter().map(|&x| show(x)).collect();
                format!("lanes [{}]", shown.join(", "))
            };
            check("reduce_max", v.reduce_max().to_f64(), want_max, &detail);
            check("reduce_min", v.reduce_min().to_f64(), want_min, &detail);
        }
    }

    // A whole reduction as kernels run one: lane-wise `max`/`min` into an accumulator, a
    // partial last vector filled with the identity, then the horizontal step. Signs of
    // zeros from a fixed pseudo-random sequence; the answer depends only on whether a +0
    // (for `max`) or a −0 (for `min`) occurs.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for len in [1, n - 1, n, n + 1, 3 * n + 2, 64] {
        let len = len.max(1);
        for round in 0..24 {
            let xs: Vec<V::Elem> = (0..len)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Some rounds all of one sign, so both answers occur.
                    let negative = match round % 6 {
                        0 => true,
                        1 => false,
                        _ => state >> 40 & 1 == 1,
                    };
                    e::<V>(zero(negative ^ (round % 6 == 2 && i == len / 2)))
                })
                .collect();
            let (mut hi, mut lo) = (sp::<V>(t, f64::NEG_INFINITY), sp::<V>(t, f64::INFINITY));
            let mut chunks = xs.chunks_exact(n);
            for c in &mut chunks {
                let x = V::load(t, c);
                hi = hi.max(x);
                lo = lo.min(x);
            }
            let rest = chunks.remainder();
            if !rest.is_empty() {
                hi = hi.max(V::load_partial(t, rest, e::<V>(f64::NEG_INFINITY)));
                lo = lo.min(V::load_partial(t, rest, e::<V>(f64::INFINITY)));
            }
            let as_f64: Vec<f64> = xs.iter().map(|x| x.to_f64()).collect();
            let any_pos = as_f64.iter().any(|x| !x.is_sign_negative());
            let any_neg = as_f64.iter().any(|x| x.is_sign_negative());
            let detail = || format!("{len} zeros, round {round}");
            check(
                "max reduction",
                hi.reduce_max().to_f64(),
                zero(!any_pos),
                &detail,
            );
            check(
                "min reduction",
                lo.reduce_min().to_f64(),
                zero(any_neg),
                &detail,
            );
        }
    }
}

struct SignedZeroChecks;

impl WithSimd for SignedZeroChecks {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        signed_zero_checks::<S::F64>(s);
        signed_zero_checks::<S::F32>(s);
    }
}

/// Issue 16: `maximum(-0.0, 0.0)` was −0 on the scalar tier and +0 on the SIMD tiers.
#[test]
fn max_and_min_order_signed_zeros_alike_on_every_tier() {
    for tier in available_tiers() {
        run_at(tier, SignedZeroChecks).expect("an available tier runs");
    }
}
