//! First kernels with statements: each construct once, against plain Rust.

use kernelize::{Error, Variant, kernel};

#[kernel(parallel)]
fn running_sum(x: &[f64], out: &mut [f64]) {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i];
        out[i] = s;
    }
}

#[kernel]
fn first_above(x: &[f64], t: f64) -> i64 {
    for i in 0..x.len() {
        if x[i] > t {
            return i as i64;
        }
    }
    -1
}

#[kernel(parallel)]
fn psum(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in prange(x.len()) {
        s += x[i];
    }
    s
}

#[kernel]
fn newton_sqrt(a: f64) -> f64 {
    let mut x = a;
    let mut k = 0;
    while k < 60 && (x * x - a).abs() > 1e-12 * a {
        x = 0.5 * (x + a / x);
        k += 1;
    }
    x
}

#[kernel]
fn reversed(x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut out = zeros(n);
    for i in (0..n).rev() {
        out[n - 1 - i] = x[i];
    }
    out
}

#[kernel]
fn next_diff(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..x.len() {
        s += x[i + 1] - x[i];
    }
    s
}

fn data(n: usize) -> Vec<f64> {
    (0..n).map(|i| ((i * 7919) % 101) as f64 - 50.0).collect()
}

#[test]
fn basics_match_plain_rust() {
    for n in [0, 1, 2, 17, 1000] {
        let x = data(n);
        for v in running_sum::variants() {
            let mut out = vec![0.0; n];
            running_sum::with(v, &x, &mut out).unwrap();
            let mut s = 0.0;
            let want: Vec<f64> = x
                .iter()
                .map(|a| {
                    s += a;
                    s
                })
                .collect();
            assert_eq!(out, want, "{v:?}");
        }
        let want = x.iter().position(|&a| a > 30.0).map_or(-1, |i| i as i64);
        assert_eq!(first_above(&x, 30.0), want);
        let got = psum::with(Variant::Auto, &x).unwrap();
        assert!((got - x.iter().sum::<f64>()).abs() < 1e-9);
        let mut r = x.clone();
        r.reverse();
        assert_eq!(reversed(&x), r);
    }
    assert!((newton_sqrt(2.0) - 2f64.sqrt()).abs() < 1e-12);
}

#[test]
fn an_index_out_of_bounds_is_an_error() {
    let x = data(5);
    for v in next_diff::variants() {
        assert_eq!(
            next_diff::with(v, &x),
            Err(Error::IndexOutOfBounds {
                kernel: "next_diff",
                array: "x",
                index: 5,
                len: 5
            })
        );
    }
    println!("{}", psum::explain());
}
