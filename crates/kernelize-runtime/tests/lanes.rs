//! What `prange` bodies on lanes call (`kernelize_runtime::lanes`), on every tier this CPU
//! runs, `f64` and `f32`, every count of valid lanes: checked loads (in bounds, past
//! either end, wrapped, inactive lanes skipped), the own-index loads and stores through a
//! `Shared` view and its chunk window, masked stores, the index as a float (exact at
//! every magnitude), index comparisons on both paths, `any_in`, Python's `max`/`min`
//! folds, and `each_vector`'s order against `loops::fixed_order`.

use kernelize_runtime::dispatch::{available_tiers, run_at};
use kernelize_runtime::inorder::Shared;
use kernelize_runtime::lanes::{self, Step};
use kernelize_runtime::loops::{self, Accumulators, Fold};
use kernelize_runtime::simd::{Element, Mask, Simd, Vector, WithSimd};
use kernelize_runtime::{Error, parallel};

fn e<V: Vector>(x: f64) -> V::Elem {
    V::Elem::from_f64(x)
}

fn lanes_of<V: Vector>(v: V) -> Vec<f64> {
    (0..V::LANES).map(|i| v.extract(i).to_f64()).collect()
}

/// The mask with lane `l` set where `f(l)`.
fn mask_where<V: Vector>(t: V::Token, f: impl Fn(usize) -> bool) -> V::Mask {
    let bits: Vec<V::Elem> = (0..V::LANES)
        .map(|l| e::<V>(if f(l) { 1.0 } else { 0.0 }))
        .collect();
    V::load(t, &bits).ne(V::splat(t, V::Elem::ZERO))
}

fn oob(index: usize, len: usize) -> Error {
    Error::IndexOutOfBounds {
        kernel: "k",
        array: "x",
        index,
        len,
    }
}

fn loads<V: Vector>(t: V::Token) {
    let n = V::LANES;
    let src: Vec<V::Elem> = (0..3 * n).map(|i| e::<V>(i as f64 + 0.5)).collect();
    for valid in 1..=n {
        for start in 0..=2 * n {
            let got = lanes::load::<V>(t, "k", "x", &src, start, valid, None).unwrap();
            for (l, g) in lanes_of(got).into_iter().enumerate() {
                let want = if l < valid {
                    (start + l) as f64 + 0.5
                } else {
                    0.0
                };
                assert_eq!(g, want, "load at {start}, {valid} valid, lane {l}");
            }
        }
        // Past the end: the first index outside, unless only inactive lanes reach it.
        let start = 3 * n - valid + 1;
        let err = lanes::load::<V>(t, "k", "x", &src, start, valid, None).unwrap_err();
        assert_eq!(err, oob(3 * n, 3 * n), "{valid} valid");
        let inside = mask_where::<V>(t, |l| start + l < 3 * n);
        let got = lanes::load::<V>(t, "k", "x", &src, start, valid, Some(inside)).unwrap();
        for (l, g) in lanes_of(got).into_iter().enumerate().take(valid) {
            let want = if start + l < 3 * n {
                (start + l) as f64 + 0.5
            } else {
                0.0
            };
            assert_eq!(g, want, "masked load past the end, lane {l}");
        }
        // Before the start (`i - 1` at 0 wraps): lane 0 is out of bounds.
        let start = 0usize.wrapping_sub(1);
        let err = lanes::load::<V>(t, "k", "x", &src, start, valid, None).unwrap_err();
        assert_eq!(err, oob(usize::MAX, 3 * n));
        let not_first = mask_where::<V>(t, |l| l > 0);
        let got = lanes::load::<V>(t, "k", "x", &src, start, valid, Some(not_first)).unwrap();
        for (l, g) in lanes_of(got).into_iter().enumerate().take(valid).skip(1) {
            assert_eq!(g, (l - 1) as f64 + 0.5, "wrapped load, lane {l}");
        }
    }
}

fn own_accesses<V: Vector>(t: V::Token) {
    let n = V::LANES;
    let len = 2 * n + 3;
    for valid in 1..=n {
        for at in [0, n - valid + 1, len - valid] {
            let mut data: Vec<V::Elem> = (0..len).map(|i| e::<V>(i as f64)).collect();
            // SAFETY: one thread touches the array while the view lives.
            let shared = unsafe { Shared::new(&mut data) };
            // SAFETY: one thread, so the lanes are this call's own.
            let got = unsafe { lanes::load_own::<V>(t, &shared, "k", "x", at, valid, None) };
            let got = got.unwrap();
            for (l, g) in lanes_of(got).into_iter().enumerate().take(valid) {
                assert_eq!(g, (at + l) as f64, "load_own at {at}, lane {l}");
            }
            let value = V::splat(t, e::<V>(-1.0));
            let odd = mask_where::<V>(t, |l| l % 2 == 1);
            // SAFETY: as above.
            unsafe { lanes::store_own::<V>(&shared, "k", "x", at, valid, value, Some(odd)) }
                .unwrap();
            for (i, d) in data.iter().enumerate() {
                let lane = i.wrapping_sub(at);
                let want = if lane < valid && lane % 2 == 1 {
                    -1.0
                } else {
                    i as f64
                };
                assert_eq!(
                    d.to_f64(),
                    want,
                    "store_own at {at}, {valid} valid, element {i}"
                );
            }
        }
        // Past the end: an active lane outside is the error, an inactive one is not.
        let mut data: Vec<V::Elem> = vec![e::<V>(0.0); len];
        // SAFETY: one thread touches the array while the view lives.
        let shared = unsafe { Shared::new(&mut data) };
        let at = len - valid + 1;
        let value = V::splat(t, e::<V>(2.0));
        // SAFETY: as above.
        let err = unsafe { lanes::store_own::<V>(&shared, "k", "x", at, valid, value, None) };
        assert_eq!(err.unwrap_err(), oob(len, len));
        let inside = mask_where::<V>(t, |l| at + l < len);
        // SAFETY: as above.
        unsafe { lanes::store_own::<V>(&shared, "k", "x", at, valid, value, Some(inside)) }
            .unwrap();
        // SAFETY: as above (the windows are dropped at once).
        assert!(unsafe { lanes::own_window(&shared, at, valid) }.is_none());
        // SAFETY: as above.
        assert!(unsafe { lanes::own_window(&shared, at - 1, valid) }.is_some());
        for (i, d) in data.iter().enumerate() {
            let want = if i >= at { 2.0 } else { 0.0 };
            assert_eq!(d.to_f64(), want, "masked store past the end, element {i}");
        }
    }
}

fn indices<V: Vector>(t: V::Token) {
    let n = V::LANES;
    // Both paths of `index` and `index_mask`: below 2^24 (floats) and far above (integers).
    for at in [
        0,
        5,
        (1 << 24) - n - 1,
        (1 << 24) - 3,
        1 << 40,
        usize::MAX - n,
    ] {
        let got = lanes_of(lanes::index::<V>(t, at));
        for (l, g) in got.into_iter().enumerate() {
            let want = V::Elem::from_usize(at.wrapping_add(l)).to_f64();
            assert_eq!(g, want, "index at {at}, lane {l}");
        }
        for other in [0, at.wrapping_add(2), usize::MAX] {
            let lt = lanes::index_mask::<V>(t, at, other, |a, b| a.lt(b), |a, b| a < b);
            let ge = lanes::index_mask::<V>(t, at, other, |a, b| a.ge(b), |a, b| a >= b);
            for l in 0..n {
                let i = at.wrapping_add(l);
                assert_eq!(lt.bitmask() >> l & 1 == 1, i < other, "{i} < {other}");
                assert_eq!(ge.bitmask() >> l & 1 == 1, i >= other, "{i} >= {other}");
            }
        }
    }
    let all = lanes::all::<V>(t);
    for valid in 0..=n {
        assert_eq!(lanes::any_in(all, valid), valid > 0);
        let last = mask_where::<V>(t, |l| l == n - 1);
        assert_eq!(lanes::any_in(last, valid), valid == n, "{valid} valid");
    }
    assert!(!lanes::mask_of::<V>(t, false).any());
    assert_eq!(lanes::mask_of::<V>(t, true).bitmask(), all.bitmask());
    let ones = lanes_of(lanes::ones::<V>(t, mask_where::<V>(t, |l| l % 3 == 0)));
    for (l, o) in ones.into_iter().enumerate() {
        assert_eq!(o, if l % 3 == 0 { 1.0 } else { 0.0 });
    }
}

fn python_folds<V: Vector>(t: V::Token) {
    let n = V::LANES;
    let nan = f64::NAN;
    // `max(a, b)` takes `b` only where `b > a`: a NaN `a` stays, a NaN `b` is not taken.
    let a = V::load(
        t,
        &(0..n)
            .map(|l| e::<V>(if l == 0 { nan } else { l as f64 }))
            .collect::<Vec<_>>(),
    );
    let b = V::load(
        t,
        &(0..n)
            .map(|l| e::<V>(if l == 1 { nan } else { 2.0 }))
            .collect::<Vec<_>>(),
    );
    let hi = lanes_of(lanes::py_max(a, b));
    let lo = lanes_of(lanes::py_min(a, b));
    for l in 0..n {
        let (x, y) = (lanes_of(a)[l], lanes_of(b)[l]);
        let want_hi = if y > x { y } else { x };
        let want_lo = if y < x { y } else { x };
        assert!(
            hi[l] == want_hi || hi[l].is_nan() && want_hi.is_nan(),
            "max lane {l}"
        );
        assert!(
            lo[l] == want_lo || lo[l].is_nan() && want_lo.is_nan(),
            "min lane {l}"
        );
    }
    // The lanes fold pairwise (lane i with lane i + n/2, halving).
    let v = V::load(
        t,
        &(0..n)
            .map(|l| e::<V>(((l * 5) % 7) as f64))
            .collect::<Vec<_>>(),
    );
    let mut want: Vec<f64> = lanes_of(v);
    let mut len = n;
    while len > 1 {
        len /= 2;
        for i in 0..len {
            want[i] = if want[i + len] > want[i] {
                want[i + len]
            } else {
                want[i]
            };
        }
    }
    assert_eq!(<lanes::PyMax as Fold<V>>::lanes(v).to_f64(), want[0]);
    assert_eq!(
        lanes_of(lanes::or_identity::<V, lanes::PyMax>(
            v,
            Some(mask_where::<V>(t, |l| l == 0))
        )),
        (0..n)
            .map(|l| if l == 0 { 0.0 } else { f64::NEG_INFINITY })
            .collect::<Vec<_>>()
    );
}

/// `each_vector` visits what `fixed_order` visits (with and without blocks), with each vector's loop index, chunk
/// offset and slot, and a sum through it is `reduce_chunk`'s, bit for bit.
fn skeleton<V: Vector>(t: V::Token) {
    let n = V::LANES;
    for len in [0, 1, n - 1, n + 1, 4 * n + 3, 200 * n + 7] {
        let (lo, c0) = (1000, 3);
        let range = c0..c0 + len;
        for cascade in [true, false] {
            let mut seen = Vec::new();
            lanes::each_vector(lo, range.clone(), n, cascade, |s| {
                seen.push(s);
                Ok(())
            })
            .unwrap();
            let mut want = Vec::new();
            loops::fixed_order(range.start, range.end, n, cascade, |v| match v {
                loops::Visit::Vector {
                    slot, at, valid, ..
                } => want.push(Step::Vector {
                    at: lo + at,
                    w: at - c0,
                    valid,
                    slot,
                }),
                loops::Visit::BlockEnd => want.push(Step::BlockEnd),
                loops::Visit::BlockStart { at, end } => want.push(Step::BlockStart {
                    w: at - c0,
                    end: end - c0,
                }),
                loops::Visit::Group(_) => {}
            });
            assert_eq!(seen, want, "{len} iterations, cascade {cascade}");
        }
        let x: Vec<V::Elem> = (0..len + c0)
            .map(|i| e::<V>((i % 13) as f64 * 0.37))
            .collect();
        let mut acc = Accumulators::new(t, loops::Sum);
        lanes::each_vector(0, range.clone(), n, true, |s| {
            match s {
                Step::Vector {
                    at, valid, slot, ..
                } => acc.add(
                    slot,
                    lanes::load::<V>(t, "k", "x", &x, at, valid, None)?,
                    valid,
                ),
                Step::BlockEnd => acc.end_block(),
                Step::BlockStart { .. } => {}
            }
            Ok(())
        })
        .unwrap();
        let want = loops::reduce_chunk(t, loops::Sum, range.start, range.end, |at, valid| {
            lanes::load::<V>(t, "k", "x", &x, at, valid, None).unwrap()
        });
        assert_eq!(
            acc.finish().to_f64().to_bits(),
            want.to_f64().to_bits(),
            "{len}"
        );
        // The first error ends the chunk.
        let mut calls = 0;
        let err = lanes::each_vector(0, range, n, true, |s| {
            if let Step::Vector { .. } = s {
                calls += 1;
                if calls == 2 {
                    return Err(oob(7, 7));
                }
            }
            Ok(())
        });
        if len > n {
            assert_eq!(err, Err(oob(7, 7)));
            assert_eq!(calls, 2);
        }
    }
    assert!(parallel::CHUNK.is_multiple_of(n));
}

/// What runs lane by lane: only the active lanes below `valid`, in lane order; `Indices`
/// arithmetic, casts, selects and comparisons; gathers and scatters at per-lane indices,
/// conflicting lanes each counted, an active lane's index past the end named.
/// The online normaliser on lanes (`OnlineSum` through `each_vector`, the block maxima by
/// `block_max`, chunks combined by `combine_online`) against the two-pass formula
/// `sum(exp(x - max(x)))` in `f64`: the maximum exact, the sum within 64 ULP of the
/// element type relative (each term's `exp` within 1 ULP and the rescales' within 1 ULP
/// each, the terms added in runs of at most 32 per lane and then pairwise, so the rounding
/// of the sum grows with `32 + log2(n)` ulps, below 64 for every length here), and
/// every lane past a chunk's end ignored. Spreads from 1 to 1400 make the running maximum
/// grow in many blocks and overflow `exp` without the rescale; ±∞ make the sum NaN.
fn online<V: Vector>(t: V::Token)
where
    kernelize_runtime::simd::One<V::Elem>:
        Vector<Elem = V::Elem, Token = kernelize_runtime::simd::ScalarTier>,
{
    let n = V::LANES;
    let eps = if std::mem::size_of::<V::Elem>() == 4 {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    };
    for len in [1, n, 4 * n + 3, 200 * n + 7, 3000 * n + 5] {
        for spread in [1.0, 30.0, 1400.0] {
            // Rising on average, so the maximum grows block after block.
            let x: Vec<V::Elem> = (0..len)
                .map(|i| {
                    e::<V>(((i * 7919) % 101) as f64 / 101.0 * spread + i as f64 * spread * 1e-3)
                })
                .collect();
            let half = len / 2;
            let chunk = |r: std::ops::Range<usize>| {
                let mut acc = lanes::OnlineSum::<V>::new(t);
                lanes::each_vector(0, r.clone(), n, true, |s| {
                    match s {
                        Step::Vector { w, valid, slot, .. } => {
                            let a = lanes::load::<V>(t, "k", "x", &x[r.start..], w, valid, None)?;
                            acc.add(slot, a, valid);
                        }
                        Step::BlockEnd => acc.end_block(),
                        Step::BlockStart { w, end } => {
                            let m = lanes::block_max::<V>(t, w, end, |w, valid| {
                                lanes::load::<V>(t, "k", "x", &x[r.start..], w, valid, None)
                            })?;
                            acc.grow(m);
                        }
                    }
                    Ok(())
                })
                .unwrap();
                acc.finish()
            };
            let (m, s) = lanes::combine_online(chunk(0..half), chunk(half..len));
            let want_m = x
                .iter()
                .map(|v| v.to_f64())
                .fold(f64::NEG_INFINITY, f64::max);
            let want_s: f64 = x.iter().map(|v| (v.to_f64() - want_m).exp()).sum();
            assert_eq!(m.to_f64(), want_m, "{len} {spread}");
            let rel = (s.to_f64() - want_s).abs() / want_s;
            assert!(
                rel <= 64.0 * eps,
                "{len} {spread}: {} against {want_s} ({rel:e})",
                s.to_f64()
            );
        }
    }
    let inf = lanes::online_total((e::<V>(f64::INFINITY), e::<V>(3.0)));
    assert!(inf.1.to_f64().is_nan());
    let empty = lanes::online_total((e::<V>(f64::NEG_INFINITY), e::<V>(0.0)));
    assert!(empty.1.to_f64().is_nan());
    let fine = lanes::online_total((e::<V>(2.0), e::<V>(3.0)));
    assert_eq!(fine.1.to_f64(), 3.0);
}

fn lane_by_lane<V: Vector>(t: V::Token) {
    use lanes::Indices;
    let n = V::LANES;
    for valid in 0..=n {
        for pattern in [0u64, u64::MAX, 0b0101_0101_0101_0101, 0b1100_1100_1100_1100] {
            let active = mask_where::<V>(t, |l| pattern >> l & 1 != 0);
            assert_eq!(
                lanes::mask_from_bits::<V>(t, pattern).bitmask(),
                active.bitmask()
            );
            let live: Vec<usize> = (0..valid).filter(|l| pattern >> l & 1 != 0).collect();
            for l in 0..n {
                assert_eq!(lanes::lane_bit(active, l), pattern >> l & 1 != 0);
            }
            // Only the live lanes are called, in order; the others hold zero.
            let mut seen = Vec::new();
            let got = lanes::map::<V>(t, valid, Some(active), |l| {
                seen.push(l);
                Ok(e::<V>(l as f64 + 1.0))
            })
            .unwrap();
            assert_eq!(seen, live, "{valid} valid, {pattern:b}");
            for (l, g) in lanes_of(got).into_iter().enumerate() {
                let want = if live.contains(&l) {
                    l as f64 + 1.0
                } else {
                    0.0
                };
                assert_eq!(g, want);
            }
            let m = lanes::map_mask::<V>(t, valid, Some(active), |l| Ok(l % 3 == 0)).unwrap();
            let k = Indices::map::<V>(valid, Some(active), |l| Ok(10 * l + 1)).unwrap();
            for l in 0..n {
                assert_eq!(lanes::lane_bit(m, l), live.contains(&l) && l % 3 == 0);
                assert_eq!(k.lane(l), if live.contains(&l) { 10 * l + 1 } else { 0 });
            }
            // The first error, in lane order, ends it.
            if let Some(&bad) = live.get(1) {
                let mut calls = 0;
                let err = lanes::map::<V>(t, valid, Some(active), |l| {
                    calls += 1;
                    if l >= bad {
                        Err(oob(l, 0))
                    } else {
                        Ok(e::<V>(0.0))
                    }
                });
                assert_eq!(err.unwrap_err(), oob(bad, 0));
                assert_eq!(calls, 2);
            }
            scatters::<V>(t, valid, active, &live);
        }
        let all = lanes::map::<V>(t, valid, None, |l| Ok(e::<V>(l as f64))).unwrap();
        assert_eq!(
            lanes_of(all),
            (0..n)
                .map(|l| if l < valid { l as f64 } else { 0.0 })
                .collect::<Vec<_>>()
        );
    }
}

/// `Indices`: from floats (saturating, NaN 0) and masks, to floats, lane by lane
/// arithmetic, selects and comparisons.
fn indices_ops<V: Vector>(t: V::Token) {
    use lanes::Indices;
    let n = V::LANES;
    let src = [2.7, -1.0, f64::NAN, 1e30, 0.0, 5.5, 1.0, 3.0];
    let floats: Vec<V::Elem> = (0..n).map(|l| e::<V>(src[l % src.len()])).collect();
    let v = V::load(t, &floats);
    let k = Indices::of::<V>(v);
    for l in 0..n {
        assert_eq!(k.lane(l), src[l % src.len()] as usize, "lane {l}");
    }
    let back: V = k.to_floats::<V>(t);
    assert_eq!(
        lanes_of(back),
        (0..n).map(|l| k.lane(l) as f64).collect::<Vec<_>>()
    );
    let iota = Indices::iota(usize::MAX - 1);
    assert_eq!(
        (iota.lane(0), iota.lane(1), iota.lane(2)),
        (usize::MAX - 1, usize::MAX, 0)
    );
    let odd = mask_where::<V>(t, |l| l % 2 == 1);
    let ones = Indices::of_mask(odd);
    let sel = Indices::select(odd, Indices::splat(7), Indices::iota(100));
    let lt = Indices::iota(0).compare::<V>(t, Indices::splat(3), |a, b| a < b);
    for l in 0..n {
        assert_eq!(ones.lane(l), l % 2);
        assert_eq!(sel.lane(l), if l % 2 == 1 { 7 } else { 100 + l });
        assert_eq!(lanes::lane_bit(lt, l), l < 3);
    }
}

/// Scatters and gathers at per-lane indices under `active` (`live` its lanes below `valid`).
fn scatters<V: Vector>(t: V::Token, valid: usize, active: V::Mask, live: &[usize]) {
    use lanes::Indices;
    let n = V::LANES;
    // Every lane at index 1 (all conflict), then at `l % 3`.
    let cases: [fn(usize) -> usize; 2] = [|_| 1, |l| l % 3];
    for at in cases {
        let index = Indices::map::<V>(n, None, |l| Ok(at(l))).unwrap();
        let mut dst = vec![0.5f64; 4];
        let mut order = Vec::new();
        lanes::scatter::<V, f64>("k", "x", &mut dst, index, valid, Some(active), |d, l| {
            order.push(l);
            *d += 1.0;
            Ok(())
        })
        .unwrap();
        assert_eq!(order, live);
        let mut want = vec![0.5f64; 4];
        for &l in live {
            want[at(l)] += 1.0;
        }
        assert_eq!(dst, want);
    }
    // An active lane past the end is the error naming the index; the lanes before it count.
    let index =
        Indices::map::<V>(n, None, |l| Ok(if Some(&l) == live.last() { 9 } else { 0 })).unwrap();
    let mut dst = vec![0.0f64; 4];
    let got = lanes::scatter::<V, f64>("k", "x", &mut dst, index, valid, Some(active), |d, _| {
        *d += 1.0;
        Ok(())
    });
    if live.is_empty() {
        assert_eq!(got, Ok(()));
    } else {
        assert_eq!(got, Err(oob(9, 4)));
        assert_eq!(dst[0], (live.len() - 1) as f64);
    }
    let src: Vec<V::Elem> = (0..4).map(|i| e::<V>(i as f64 + 0.25)).collect();
    let got = lanes::gather_at::<V>(t, "k", "x", &src, index, valid, Some(active));
    if live.is_empty() {
        assert_eq!(lanes_of(got.unwrap()), vec![0.0; n]);
    } else {
        assert_eq!(got.unwrap_err(), oob(9, 4));
    }
    let index = Indices::map::<V>(n, None, |l| Ok(3 - l % 4)).unwrap();
    let got = lanes::gather_at::<V>(t, "k", "x", &src, index, valid, Some(active)).unwrap();
    for (l, g) in lanes_of(got).into_iter().enumerate() {
        let want = if live.contains(&l) {
            (3 - l % 4) as f64 + 0.25
        } else {
            0.0
        };
        assert_eq!(g, want);
    }
}

struct Checks;

impl WithSimd for Checks {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        loads::<S::F64>(s);
        loads::<S::F32>(s);
        own_accesses::<S::F64>(s);
        own_accesses::<S::F32>(s);
        indices::<S::F64>(s);
        indices::<S::F32>(s);
        python_folds::<S::F64>(s);
        python_folds::<S::F32>(s);
        skeleton::<S::F64>(s);
        skeleton::<S::F32>(s);
        online::<S::F64>(s);
        online::<S::F32>(s);
        lane_by_lane::<S::F64>(s);
        lane_by_lane::<S::F32>(s);
        indices_ops::<S::F64>(s);
        indices_ops::<S::F32>(s);
    }
}

#[test]
fn lane_accesses_and_folds_on_every_tier() {
    for tier in available_tiers() {
        run_at(tier, Checks).expect("an available tier runs");
    }
}
