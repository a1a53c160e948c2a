//! The five loop kernels of `run.sh --suite loops`, written line for line as their Numba
//! counterparts in `benches/compare/loops.py` are (a `prange` outer loop, `f8` throughout).
//! Where the Numba user's first form does not compile, or compiles but does not run on SIMD
//! lanes, the comment above the kernel says what was written instead and why; the
//! Numba code stays in the user's form.

use kernelize::kernel;

/// Escape time over a `w × h` grid given as 1-D coordinate arrays `xs` (`w`) and `ys` (`h`),
/// one `prange` iteration per pixel, `out` in row-major order.
///
/// Numba's form takes the row and column from the flat index with integers (`i = k // w`,
/// `j = k % w`) and counts with an integer `n`. Here both are floats: with `let i = k / w;`
/// the loop runs one iteration at a time (`explain()`: "not on lanes: `i` is a varying
/// usize"), and with an integer counter `let mut n = 0;` too ("`n` is a varying i64"). A
/// float row and column cast to `usize` at the load are gathers, which run on lanes. The
/// row-loop form (`prange` over rows, `for j in range(w)`, `out[i * w + j] = n`) is
/// refused: "this `prange` iteration writes `out[i * w + j]`, which another iteration may
/// also write".
#[kernel(signature = "void(f8[:], f8[:], i8, f8[:])", parallel)]
pub fn mandelbrot(xs: &[f64], ys: &[f64], max_iter: i64, out: &mut [f64]) {
    let w = len(xs) as f64;
    for k in prange(len(out)) {
        let row = floor(k as f64 / w);
        let col = k as f64 - row * w;
        let c_re = xs[col as usize];
        let c_im = ys[row as usize];
        let mut zr = 0.0;
        let mut zi = 0.0;
        let mut n = 0.0;
        while n < max_iter && zr * zr + zi * zi <= 4.0 {
            let t = zr * zr - zi * zi + c_re;
            zi = 2.0 * zr * zi + c_im;
            zr = t;
            n += 1.0;
        }
        out[k] = n;
    }
}

/// A Gaussian kernel density estimate at the points `xs` of the samples `data` with
/// bandwidth `h`: for each point, a uniform inner loop over the data with `exp`.
#[kernel(signature = "void(f8[:], f8[:], f8, f8[:])", parallel)]
pub fn kde(xs: &[f64], data: &[f64], h: f64, out: &mut [f64]) {
    let n = len(data);
    let norm = 1.0 / (n as f64 * h * sqrt(2.0 * pi));
    for i in prange(len(xs)) {
        let mut s = 0.0;
        for j in range(n) {
            let u = (xs[i] - data[j]) / h;
            s += exp(-0.5 * u * u);
        }
        out[i] = s * norm;
    }
}

/// Pairwise distances of points given as separate coordinate arrays (2-D arrays are not
/// supported yet): for each point `p[i]`, the sum of its Euclidean distances to all points
/// `q[j]` (the same arrays for the distances within one set).
#[kernel(
    signature = "void(f8[:], f8[:], f8[:], f8[:], f8[:], f8[:], f8[:])",
    parallel
)]
pub fn pairwise(
    px: &[f64],
    py: &[f64],
    pz: &[f64],
    qx: &[f64],
    qy: &[f64],
    qz: &[f64],
    out: &mut [f64],
) {
    let m = len(qx);
    for i in prange(len(px)) {
        let mut s = 0.0;
        for j in range(m) {
            let dx = px[i] - qx[j];
            let dy = py[i] - qy[j];
            let dz = pz[i] - qz[j];
            s += sqrt(dx * dx + dy * dy + dz * dz);
        }
        out[i] = s;
    }
}

/// A histogram of `x` over `[lo, hi)` into `len(hist)` equal bins, Numba's usual form (a
/// bin index from the value, `hist[k] += 1`). In a `prange` this is an array reduction:
/// each chunk counts into a private copy, combined in chunk order. It compiles as written
/// and runs on SIMD lanes, the scatter lane by lane (`explain()`: "integers (lane by lane):
/// `k`; scatters (lane by lane, in lane order, into the chunk's private copy): `hist[k]`";
/// until session 12's merge of `lanes-calls` it ran one iteration at a time).
#[kernel(signature = "void(f8[:], f8, f8, f8[:])", parallel)]
pub fn histogram(x: &[f64], lo: f64, hi: f64, hist: &mut [f64]) {
    let nbins = len(hist);
    let scale = nbins as f64 / (hi - lo);
    for k in 0..nbins {
        hist[k] = 0.0;
    }
    for i in prange(len(x)) {
        let v = x[i];
        if v >= lo && v < hi {
            let k = ((v - lo) * scale) as usize;
            hist[k] += 1.0;
        }
    }
}

/// Black-Scholes as in Numba's example (`examples/blackscholes/blackscholes_numba.py`).
///
/// There `cnd` is a separate `@njit` function using module constants `A1..A5`. Here its
/// body is written out twice, with the constants as literals: a `const A1: f64` in scope
/// is not read ("unknown name `A1`: in scope here are `d`, `k` and the constants `pi`,
/// `inf`, `nan`"); and at `b5e041e` a kernel `cnd` called from the `prange` ran one
/// iteration at a time ("`cnd(d1)` has no lane form yet"). Since session 12 such a call
/// runs on lanes, lane by lane.
#[kernel(
    signature = "void(f8[:], f8[:], f8[:], f8[:], f8[:], f8, f8)",
    parallel
)]
pub fn black_scholes(
    call: &mut [f64],
    put: &mut [f64],
    s: &[f64],
    x: &[f64],
    t: &[f64],
    r: f64,
    v: f64,
) {
    for i in prange(len(s)) {
        let sqrt_t = sqrt(t[i]);
        let d1 = (log(s[i] / x[i]) + (r + 0.5 * v * v) * t[i]) / (v * sqrt_t);
        let d2 = d1 - v * sqrt_t;
        // cnd(d1)
        let k1 = 1.0 / (1.0 + 0.2316419 * abs(d1));
        let r1 = 0.39894228040143267794
            * exp(-0.5 * d1 * d1)
            * (k1
                * (0.31938153
                    + k1 * (-0.356563782
                        + k1 * (1.781477937 + k1 * (-1.821255978 + k1 * 1.330274429)))));
        let cndd1 = if d1 > 0.0 { 1.0 - r1 } else { r1 };
        // cnd(d2)
        let k2 = 1.0 / (1.0 + 0.2316419 * abs(d2));
        let r2 = 0.39894228040143267794
            * exp(-0.5 * d2 * d2)
            * (k2
                * (0.31938153
                    + k2 * (-0.356563782
                        + k2 * (1.781477937 + k2 * (-1.821255978 + k2 * 1.330274429)))));
        let cndd2 = if d2 > 0.0 { 1.0 - r2 } else { r2 };
        let exp_rt = exp(-1.0 * r * t[i]);
        call[i] = s[i] * cndd1 - x[i] * exp_rt * cndd2;
        put[i] = x[i] * exp_rt * (1.0 - cndd2) - s[i] * (1.0 - cndd1);
    }
}
