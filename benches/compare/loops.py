"""Loop kernels against Numba: Mandelbrot (escape-time `while`), a kernel density estimate
(nested loop), pairwise distances, a histogram and Black-Scholes (with `if`), each written
as a Numba user writes it (`@njit(parallel=True)`, a `prange` outer loop) and as the
kernelize kernel in ``driver/src/loops/kernels.rs`` written line for line the same way, on
the same seeded inputs. Prints a markdown table: kernelize's dispatcher, `parallel`,
`simd` (one thread) and `scalar` variants, Numba `parallel=True` and plain `@njit`, the
ratio Numba-parallel / kernelize-dispatcher, and the largest difference of every result
from Numba's parallel one.

Run it through ``benches/compare/run.sh --suite loops`` (which makes the virtual
environment and builds the driver); ``run.sh --suite loops --help`` lists the options.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import numba
from numba import njit, prange

# --------------------------------------------------------------------------------------
# The Numba code, as Numba users write it. Each function has a `parallel=True` form and
# the same body under plain `@njit` (`prange` is `range` there).
# --------------------------------------------------------------------------------------


def mandelbrot_py(xs, ys, max_iter, out):
    w = len(xs)
    for k in prange(len(out)):
        i = k // w
        j = k % w
        c_re = xs[j]
        c_im = ys[i]
        zr = 0.0
        zi = 0.0
        n = 0
        while n < max_iter and zr * zr + zi * zi <= 4.0:
            t = zr * zr - zi * zi + c_re
            zi = 2.0 * zr * zi + c_im
            zr = t
            n += 1
        out[k] = n


def kde_py(xs, data, h, out):
    n = len(data)
    norm = 1.0 / (n * h * np.sqrt(2.0 * np.pi))
    for i in prange(len(xs)):
        s = 0.0
        for j in range(n):
            u = (xs[i] - data[j]) / h
            s += np.exp(-0.5 * u * u)
        out[i] = s * norm


def pairwise_py(px, py, pz, qx, qy, qz, out):
    m = len(qx)
    for i in prange(len(px)):
        s = 0.0
        for j in range(m):
            dx = px[i] - qx[j]
            dy = py[i] - qy[j]
            dz = pz[i] - qz[j]
            s += np.sqrt(dx * dx + dy * dy + dz * dz)
        out[i] = s


# A histogram in a `prange` needs one private histogram per thread: Numba does not make
# `hist[k] += 1` at a computed index a reduction (its docs warn that such updates race),
# so its users split the data into one block per thread and sum the blocks' counts.
def histogram_parallel_py(x, lo, hi, hist):
    nbins = len(hist)
    scale = nbins / (hi - lo)
    nt = numba.get_num_threads()
    local = np.zeros((nt, nbins))
    block = (len(x) + nt - 1) // nt
    for t in prange(nt):
        for i in range(t * block, min(len(x), (t + 1) * block)):
            v = x[i]
            if v >= lo and v < hi:
                k = int((v - lo) * scale)
                local[t, k] += 1.0
    for k in range(nbins):
        hist[k] = 0.0
        for t in range(nt):
            hist[k] += local[t, k]


def histogram_serial_py(x, lo, hi, hist):
    nbins = len(hist)
    scale = nbins / (hi - lo)
    for k in range(nbins):
        hist[k] = 0.0
    for i in range(len(x)):
        v = x[i]
        if v >= lo and v < hi:
            k = int((v - lo) * scale)
            hist[k] += 1.0


# The naive form, `hist[k] += 1` straight in the `prange`: what kernelize's kernel is.
# In Numba it races; run with --naive-histogram to see how many counts it loses.
def histogram_naive_py(x, lo, hi, hist):
    nbins = len(hist)
    scale = nbins / (hi - lo)
    for k in range(nbins):
        hist[k] = 0.0
    for i in prange(len(x)):
        v = x[i]
        if v >= lo and v < hi:
            k = int((v - lo) * scale)
            hist[k] += 1.0


# Black-Scholes as in Numba's example, examples/blackscholes/blackscholes_numba.py.
RISKFREE = 0.02
VOLATILITY = 0.30
A1 = 0.31938153
A2 = -0.356563782
A3 = 1.781477937
A4 = -1.821255978
A5 = 1.330274429
RSQRT2PI = 0.39894228040143267794


@njit
def cnd_numba(d):
    K = 1.0 / (1.0 + 0.2316419 * math.fabs(d))
    ret_val = (RSQRT2PI * math.exp(-0.5 * d * d) *
               (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5))))))
    if d > 0:
        ret_val = 1.0 - ret_val
    return ret_val


def black_scholes_py(callResult, putResult, stockPrice, optionStrike, optionYears, Riskfree, Volatility):
    S = stockPrice
    X = optionStrike
    T = optionYears
    R = Riskfree
    V = Volatility
    for i in prange(len(S)):
        sqrtT = math.sqrt(T[i])
        d1 = (math.log(S[i] / X[i]) + (R + 0.5 * V * V) * T[i]) / (V * sqrtT)
        d2 = d1 - V * sqrtT
        cndd1 = cnd_numba(d1)
        cndd2 = cnd_numba(d2)

        expRT = math.exp((-1. * R) * T[i])
        callResult[i] = (S[i] * cndd1 - X[i] * expRT * cndd2)
        putResult[i] = (X[i] * expRT * (1.0 - cndd2) - S[i] * (1.0 - cndd1))


def par(f):
    return njit(parallel=True)(f)


def ser(f):
    return njit(f)


# --------------------------------------------------------------------------------------
# The cases: inputs (seeded), scalar parameters, outputs, the two Numba forms, tolerance.
# --------------------------------------------------------------------------------------


@dataclass
class Case:
    kernel: str  # the driver's name
    title: str
    inputs: dict[str, np.ndarray]  # in the kernel's argument order
    params: dict[str, float]
    outputs: list[str]
    out_len: int
    numba_parallel: Callable
    numba_serial: Callable
    call: Callable  # (numba function, inputs, params, outputs) -> None
    rtol: float  # |a - b| <= rtol * max(|b|, floor)
    floor: float = 0.0


def make_cases(args) -> dict[str, Case]:
    rng = np.random.default_rng(args.seed)
    s = args.scale
    cases = {}

    w, h = int(1024 * s), int(1024 * s)
    xs = np.linspace(-2.0, 0.6, w)
    ys = np.linspace(-1.2, 1.2, h)
    cases["mandelbrot"] = Case(
        "mandelbrot", f"Mandelbrot, {w} × {h} grid, max_iter 200", {"xs": xs, "ys": ys}, {"max_iter": 200},
        ["out"], w * h, par(mandelbrot_py), ser(mandelbrot_py),
        lambda f, i, p, o: f(i["xs"], i["ys"], int(p["max_iter"]), o[0]), rtol=0.0)

    # A `prange` is cut into chunks of 2^14 iterations, one thread each: the KDE and the
    # pairwise distances run twice, once with 2^15 outer iterations (two chunks) and once
    # with the same work in fewer than 2^14 (one chunk, one thread in kernelize).
    for key, m, n in [("kde", 32768, 512), ("kde_one_chunk", 4096, 4096)]:
        m, n = int(m * s), int(n * s)
        data = rng.standard_normal(n)
        pts = np.linspace(-4.0, 4.0, m)
        cases[key] = Case(
            "kde", f"KDE, {m} points × {n} samples", {"xs": pts, "data": data}, {"h": 0.2},
            ["out"], m, par(kde_py), ser(kde_py),
            lambda f, i, p, o: f(i["xs"], i["data"], p["h"], o[0]), rtol=1e-13)

    n, m = int(32768 * s), int(2048 * s)
    p3 = [rng.uniform(0.0, 1.0, n) for _ in range(3)]
    q3 = [rng.uniform(0.0, 1.0, m) for _ in range(3)]
    cases["pairwise"] = Case(
        "pairwise", f"pairwise distances, {n} × {m} points in 3-D (sum per point)",
        dict(zip(["px", "py", "pz", "qx", "qy", "qz"], p3 + q3)), {},
        ["out"], n, par(pairwise_py), ser(pairwise_py),
        lambda f, i, p, o: f(i["px"], i["py"], i["pz"], i["qx"], i["qy"], i["qz"], o[0]), rtol=1e-13)
    n = int(8192 * s)
    p3 = [rng.uniform(0.0, 1.0, n) for _ in range(3)]
    cases["pairwise_one_chunk"] = Case(
        "pairwise", f"pairwise distances, {n} × {n} points in 3-D, all pairs of one set",
        dict(zip(["px", "py", "pz", "qx", "qy", "qz"], p3 + p3)), {},
        ["out"], n, par(pairwise_py), ser(pairwise_py),
        lambda f, i, p, o: f(i["px"], i["py"], i["pz"], i["qx"], i["qy"], i["qz"], o[0]), rtol=1e-13)

    n, bins = int(2**24 * s), 256
    xh = rng.standard_normal(n)
    cases["histogram"] = Case(
        "histogram", f"histogram, {n} values into {bins} bins", {"x": xh}, {"lo": -4.0, "hi": 4.0, "bins": bins},
        ["hist"], bins, par(histogram_parallel_py), ser(histogram_serial_py),
        lambda f, i, p, o: f(i["x"], p["lo"], p["hi"], o[0]), rtol=0.0)

    n = int(2**22 * s)
    S = rng.uniform(5.0, 30.0, n)
    X = rng.uniform(1.0, 100.0, n)
    T = rng.uniform(0.25, 10.0, n)
    cases["black_scholes"] = Case(
        "black_scholes", f"Black-Scholes, {n} options", {"s": S, "x": X, "t": T},
        {"r": RISKFREE, "v": VOLATILITY}, ["call", "put"], n, par(black_scholes_py), ser(black_scholes_py),
        lambda f, i, p, o: f(o[0], o[1], i["s"], i["x"], i["t"], p["r"], p["v"]), rtol=1e-12, floor=1.0)
    return cases


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------

KFORMS = ["dispatch", "parallel", "simd", "scalar"]


@dataclass
class Result:
    times: dict[str, list[float]] = field(default_factory=dict)
    outputs: dict[str, list[np.ndarray]] = field(default_factory=dict)
    explain: str = ""
    variants: str = ""
    note: str = ""


def time_numba(case: Case, res: Result, warmup: int, runs: int):
    """Numba's two forms take turns, as the driver's forms do: each round calls both, the
    order swapped every round. Outputs are preallocated and faulted in by the warm-up."""
    forms = [("numba parallel", case.numba_parallel), ("numba njit", case.numba_serial)]
    outs = {name: [np.zeros(case.out_len) for _ in case.outputs] for name, _ in forms}
    for round_ in range(warmup + runs):
        for i in range(len(forms)):
            name, f = forms[(i + round_) % len(forms)]
            t = time.perf_counter()
            case.call(f, case.inputs, case.params, outs[name])
            dt = time.perf_counter() - t
            if round_ >= warmup:
                res.times.setdefault(name, []).append(dt)
    for name, _ in forms:
        res.outputs[name] = outs[name]


def time_kernelize(case: Case, res: Result, driver: str, warmup: int, runs: int, tmp: str):
    for name, arr in case.inputs.items():
        np.ascontiguousarray(arr, dtype="<f8").tofile(os.path.join(tmp, f"{name}.bin"))
    cmd = [driver, "--kernel", case.kernel, "--dir", tmp, "--runs", str(runs), "--warmup", str(warmup)]
    for k, v in case.params.items():
        cmd += ["--param", f"{k}={v!r}"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        err = proc.stderr.strip().splitlines()
        res.note = f"driver failed: {err[-1] if err else proc.returncode}"
        return
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    res.explain = data["explain"]
    res.variants = data["variants"]
    for form in KFORMS:
        res.times.setdefault(f"kernelize {form}", []).extend(data[form]["times"])
        res.outputs[f"kernelize {form}"] = [
            np.fromfile(os.path.join(tmp, f"{form}_{o}.bin"), dtype="<f8") for o in case.outputs
        ]


def max_diff(a: list[np.ndarray], b: list[np.ndarray], floor: float) -> float:
    """Largest |a - b| / max(|b|, floor) over all outputs (0/0 counts as 0)."""
    worst = 0.0
    for x, y in zip(a, b):
        d = np.abs(x - y)
        scale = np.maximum(np.abs(y), floor)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(d == 0.0, 0.0, d / scale)
        if np.any(np.isnan(r)):
            return float("nan")
        worst = max(worst, float(r.max()) if r.size else 0.0)
    return worst


def fmt_time(s: float | None) -> str:
    if s is None:
        return "—"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernels", default="mandelbrot,kde,kde_one_chunk,pairwise,pairwise_one_chunk,histogram,black_scholes",
                   help="which cases, comma-separated (default: all: the five kernels, and the KDE and "
                        "the pairwise distances again with fewer than 2^14 outer iterations)")
    p.add_argument("--runs", type=int, default=5, help="timed calls per form in each pass (default 5)")
    p.add_argument("--warmup", type=int, default=2, help="untimed calls per form before each pass (default 2)")
    p.add_argument("--passes", type=int, default=3,
                   help="passes per kernel, each timing Numba's forms, then the driver's (default 3); "
                        "the median is over all passes' calls")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every dimension (points, samples, grid side, values) by this (default 1)")
    p.add_argument("--seed", type=int, default=2024, help="input generator seed (NumPy PCG64)")
    p.add_argument("--naive-histogram", action="store_true",
                   help="also run Numba's racing `hist[k] += 1` in a prange and report the counts it loses")
    p.add_argument("--driver", default="", help="the built kernelize-loops-driver binary (run.sh passes it)")
    p.add_argument("--driver-note", default="", help=argparse.SUPPRESS)
    p.add_argument("--cmdline", default="", help=argparse.SUPPRESS)
    args = p.parse_args()

    driver = args.driver if args.driver and os.path.exists(args.driver) else None
    print("## Loop kernels: kernelize against Numba\n")
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"- machine: {cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}")
    print(f"- Python {platform.python_version()}, NumPy {np.__version__}, Numba {numba.__version__} "
          f"({numba.config.NUMBA_NUM_THREADS} threads, SVML {'on' if numba.config.USING_SVML else 'off'})")
    print(f"- command: `{args.cmdline or 'python loops.py ' + ' '.join(sys.argv[1:])}`")
    if driver is None:
        print(f"- **kernelize columns skipped**: {args.driver_note or 'no driver (run through run.sh)'}")
    print(f"- load average before the run: {os.getloadavg()[0]:.2f}")
    print(f"- {args.passes} passes × {args.runs} timed calls per form after {args.warmup} warm-up calls; "
          "in each pass Numba's two forms take turns, then the driver's four; medians over all passes")

    cases = make_cases(args)
    chosen = [k.strip() for k in args.kernels.split(",") if k.strip()]
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="kernelize-loops-") as tmp:
        for name in chosen:
            case = cases[name]
            res = Result()
            print(f"{case.title} ...", file=sys.stderr, flush=True)
            for _ in range(args.passes):
                time_numba(case, res, args.warmup, args.runs)
                if driver:
                    time_kernelize(case, res, driver, args.warmup, args.runs, tmp)
            results[name] = res
            for f in os.listdir(tmp):
                os.remove(os.path.join(tmp, f))

    cols = ["kernelize dispatch", "kernelize parallel", "kernelize simd", "kernelize scalar",
            "numba parallel", "numba njit"]
    print("\n| kernel | kernelize (dispatcher) | kernelize `parallel` | kernelize `simd` (1 thread) "
          "| kernelize `scalar` | Numba `parallel=True` | Numba `@njit` | Numba parallel / kernelize | "
          "max diff from Numba parallel |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in chosen:
        case, res = cases[name], results[name]
        med = {c: (float(np.median(res.times[c])) if res.times.get(c) else None) for c in cols}
        ratio = "—"
        if med["kernelize dispatch"] and med["numba parallel"]:
            ratio = f"**{med['numba parallel'] / med['kernelize dispatch']:.2f}×**"
        ref = res.outputs["numba parallel"]
        diffs = [max_diff(res.outputs[c], ref, case.floor) for c in cols if c in res.outputs and c != "numba parallel"]
        diff = f"{max(diffs):.1e}" if diffs else "—"
        ok = all(d <= case.rtol for d in diffs)
        diff += "" if ok else f" (**over {case.rtol:.0e}**)"
        cells = [fmt_time(med[c]) if med[c] is not None else (res.note or "—") for c in cols]
        print(f"| {case.title} | " + " | ".join(cells) + f" | {ratio} | {diff} |")

    print("\nHow each kernel's `prange` runs (`NAME::explain()`):\n")
    seen = set()
    for name in chosen:
        res = results[name]
        if cases[name].kernel in seen:
            continue
        seen.add(cases[name].kernel)
        name = cases[name].kernel
        lines = [l.strip() for l in res.explain.splitlines() if l.strip().startswith("for ") and "prange" in l]
        print(f"- `{name}`: " + ("; ".join(lines) if lines else res.note or "—"))
    variants = next((r.variants for r in results.values() if r.variants), "")
    if variants:
        print(f"\nkernelize variants on this CPU: {variants} (`simd` and `parallel` run the best tier)")

    if args.naive_histogram and "histogram" in results:
        case = cases["histogram"]
        f = par(histogram_naive_py)
        out = [np.zeros(case.out_len)]
        case.call(f, case.inputs, case.params, out)
        lost = []
        for _ in range(5):
            case.call(f, case.inputs, case.params, out)
            lost.append(int(results["histogram"].outputs["numba njit"][0].sum() - out[0].sum()))
        print(f"\nNumba's naive `hist[k] += 1.0` in a `prange` lost {lost} of "
              f"{int(results['histogram'].outputs['numba njit'][0].sum())} counts in five calls.")

    print(f"\nLoad average after the run: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
