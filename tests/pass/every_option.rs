//! Every attribute option at once, and the whole generated API on a kernel written from
//! the language reference alone.
use kernelize::{Variant, kernel};

#[kernel(signature = "f8[:](f8[:], f8)", parallel, nogil, fastmath, cache)]
pub fn damped(x: &[f64], k: f64) -> Vec<f64> {
    let centred = x - mean(x);
    centred * k + tanh(centred) / len(x)
}

fn main() {
    let x = [1.0f64, 2.0, 3.0, 4.0];
    let want: Vec<f64> = x
        .iter()
        .map(|v| {
            let c = v - 2.5;
            c.mul_add(0.5, c.tanh() / 4.0)
        })
        .collect();
    for v in damped::variants() {
        let got = damped::with(v, &x, 0.5).unwrap();
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-15 * w.abs().max(1.0), "{v}: {g} vs {w}");
        }
    }
    let mut out = [0.0; 4];
    damped::into(&x, 0.5, &mut out);
    assert_eq!(out.to_vec(), damped(&x, 0.5));
    assert!(
        damped::with(Variant::Auto, &[], 1.0).is_err(),
        "mean of empty"
    );
    assert_eq!(damped::SIGNATURE, "f8[:](f8[:], f8)");
    assert!(damped::explain().contains("pass"));
}
