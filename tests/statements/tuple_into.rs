//! `NAME::into` / `into_with` of tuple results: each array part written into a buffer of
//! the caller's (`out0`, `out1`, ... by the part's position), the scalar parts returned
//! as a tuple, the same bits as the allocating call in every variant.

use kernelize::{Error, Variant, kernel};

/// Two arrays (Numba's `UniTuple(f8[:], 2)`), written at the `prange` index.
#[kernel(signature = "UniTuple(f8[:], 2)(f8[:], f8)", parallel)]
fn plus_minus(x: &[f64], s: f64) -> (Vec<f64>, Vec<f64>) {
    let mut up = zeros(len(x));
    let mut down = zeros(len(x));
    for i in prange(len(x)) {
        up[i] = x[i] + s;
        down[i] = x[i] - s;
    }
    (up, down)
}

/// A scalar, an array, a count: `into` takes `out1` and returns `(f64, usize)`.
#[kernel(signature = "Tuple((f8, f8[:], uintp))(f8[:])", parallel)]
fn running_total(x: &[f64]) -> (f64, Vec<f64>, usize) {
    let mut sums = zeros(len(x));
    let mut s = 0.0;
    let mut positive = 0;
    for i in range(len(x)) {
        s += x[i];
        sums[i] = s;
        if x[i] > 0.0 {
            positive += 1;
        }
    }
    (s, sums, positive)
}

/// Early returns of the tuple (inside a loop, and at the end) and an argument named
/// `out0`, so the first buffer is `out0_buffer`.
#[kernel(signature = "Tuple((f8[:], f8))(f8[:], f8)")]
fn until_above(out0: &[f64], t: f64) -> (Vec<f64>, f64) {
    let mut seen = zeros(len(out0));
    for i in range(len(out0)) {
        if out0[i] > t {
            return (seen, out0[i]);
        }
        seen[i] = 1.0;
    }
    (seen, t)
}

/// No array argument: `into` still takes the buffer (the kernel runs without dispatch).
#[kernel]
fn ramp(n: usize, step: f64) -> (Vec<f64>, f64) {
    let mut r = zeros(n);
    let mut last = 0.0;
    for i in range(n) {
        last = step * i as f64;
        r[i] = last;
    }
    (r, last)
}

fn data(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| (((i * 7919) % 101) as f64 - 50.0) / 7.0)
        .collect()
}

fn bits(x: &[f64]) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn two_arrays_go_into_two_buffers_in_every_variant() {
    for n in [0, 1, 17, 3 * 16384 + 5] {
        let x = data(n);
        for v in plus_minus::variants() {
            let (up, down) = plus_minus::with(v, &x, 0.25).unwrap();
            let (mut out0, mut out1) = (vec![f64::NAN; n], vec![f64::NAN; n]);
            let kept: () = plus_minus::into_with(v, &x, 0.25, &mut out0, &mut out1).unwrap();
            assert_eq!(kept, ());
            assert_eq!(
                (bits(&out0), bits(&out1)),
                (bits(&up), bits(&down)),
                "{v} {n}"
            );
        }
        let (mut out0, mut out1) = (vec![0.0; n], vec![0.0; n]);
        plus_minus::into(&x, 0.25, &mut out0, &mut out1);
        assert_eq!((out0, out1), plus_minus(&x, 0.25), "{n}");
    }
}

#[test]
fn an_array_part_goes_into_its_buffer_and_scalars_come_back() {
    for n in [0, 1, 17, 1000] {
        let x = data(n);
        for v in running_total::variants() {
            let (total, sums, positive) = running_total::with(v, &x).unwrap();
            let mut out1 = vec![f64::NAN; n];
            let (got_total, got_positive) = running_total::into_with(v, &x, &mut out1).unwrap();
            assert_eq!(got_total.to_bits(), total.to_bits(), "{v} {n}");
            assert_eq!(got_positive, positive, "{v} {n}");
            assert_eq!(bits(&out1), bits(&sums), "{v} {n}");
        }
        let mut out1 = vec![0.0; n];
        let (total, positive) = running_total::into(&x, &mut out1);
        assert_eq!((total, out1, positive), running_total(&x), "{n}");
    }
}

#[test]
fn every_return_delivers_into_the_buffer() {
    let x = [1.0, 2.0, 5.0, 3.0];
    for (t, want) in [
        (4.0, (vec![1.0, 1.0, 0.0, 0.0], 5.0)),
        (9.0, (vec![1.0; 4], 9.0)),
    ] {
        assert_eq!(until_above(&x, t), want);
        for v in until_above::variants() {
            let mut out0_buffer = vec![7.0; 4];
            let (stop,) = until_above::into_with(v, &x, t, &mut out0_buffer).unwrap();
            assert_eq!((out0_buffer, stop), want, "{v} {t}");
        }
    }
    let mut empty: [f64; 0] = [];
    assert_eq!(until_above::into(&[], 0.0, &mut empty), (0.0,));
    let mut out0 = [0.0; 3];
    assert_eq!(ramp::into(3, 0.5, &mut out0), (1.0,));
    assert_eq!((out0.to_vec(), 1.0), ramp(3, 0.5));
    assert_eq!(ramp::into(0, 0.5, &mut []), (0.0,));
}

#[test]
fn a_buffer_of_the_wrong_length_is_an_error_naming_kernel_and_buffer() {
    let x = data(5);
    let (mut good, mut short) = (vec![0.0; 5], vec![0.0; 4]);
    let err = plus_minus::into_with(Variant::Scalar, &x, 1.0, &mut good, &mut short).unwrap_err();
    let want = Error::OutputPartLength {
        kernel: "plus_minus",
        buffer: "out1",
        part: 1,
        expected: 5,
        actual: 4,
    };
    assert_eq!(err, want);
    assert_eq!(
        err.to_string(),
        "plus_minus: the output buffer `out1` has 4 elements but part 1 of the result has 5"
    );
    let mut long = vec![0.0; 6];
    let err = running_total::into_with(Variant::Auto, &x, &mut long).unwrap_err();
    assert!(
        matches!(
            err,
            Error::OutputPartLength {
                kernel: "running_total",
                buffer: "out1",
                ..
            }
        ),
        "{err}"
    );
    let mut empty: [f64; 0] = [];
    let err = until_above::into_with(Variant::Scalar, &x, 0.0, &mut empty).unwrap_err();
    assert!(err.to_string().contains("`out0_buffer`"), "{err}");
}

#[test]
fn into_panics_with_the_error_message() {
    let x = data(3);
    let panic = std::panic::catch_unwind(|| {
        let (mut out0, mut out1) = (vec![0.0; 2], vec![0.0; 3]);
        plus_minus::into(&x, 1.0, &mut out0, &mut out1);
    })
    .unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert_eq!(
        message,
        "plus_minus: the output buffer `out0` has 2 elements but part 0 of the result has 3"
    );
}
