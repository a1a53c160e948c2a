"""Side-by-side softmax comparison: the blog post's Numba code, a stable Numba softmax,
NumPy, JAX and kernelize, on the same seeded input, with medians, ratios and the largest
relative error of every result against an accurate reference.

Run it through ``benches/compare/run.sh`` (which makes the virtual environment and builds
the kernelize driver); ``run.sh --help`` lists the options.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------
# The contenders. Numba compiles on first call; every contender is warmed up before timing.
# --------------------------------------------------------------------------------------

from numba import jit, njit, prange  # noqa: E402


# The blog post's code ("Speeding up python programs with Numba and Numpy"), exactly as
# written there: the seed of this project. Not numerically stable (exp overflows above
# ~709.78), and its signature admits f8 only.
@jit("f8(f8[:])", cache=False, nopython=True, nogil=True, parallel=True)
def esum(z):
    return np.sum(np.exp(z))


@jit("f8[:](f8[:])", cache=False, nopython=True, nogil=True, parallel=True)
def softmax_optimized(z):
    num = np.exp(z)
    s = num / esum(z)
    return s


# The same code with the f4 signature, so the f32 rows have the seed's form too.
@jit("f4(f4[:])", cache=False, nopython=True, nogil=True, parallel=True)
def esum_f4(z):
    return np.sum(np.exp(z))


@jit("f4[:](f4[:])", cache=False, nopython=True, nogil=True, parallel=True)
def softmax_optimized_f4(z):
    num = np.exp(z)
    s = num / esum_f4(z)
    return s


# A stable Numba softmax, the way one writes it for speed: three prange loops (max; exp
# and sum; scale), accumulating the sum in f64 for either input type.
@njit(parallel=True, nogil=True)
def softmax_numba_stable(z):
    n = z.shape[0]
    m = z[0]
    for i in prange(n):
        m = max(m, z[i])
    out = np.empty_like(z)
    s = 0.0
    for i in prange(n):
        e = np.exp(z[i] - m)
        out[i] = e
        s += e
    inv = 1.0 / s
    for i in prange(n):
        out[i] = out[i] * inv
    return out


def softmax_numpy(z):
    """NumPy's stable softmax, allocating its temporaries."""
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax_numpy_into(z, out):
    """NumPy's stable softmax into a preallocated buffer, no temporaries."""
    np.subtract(z, z.max(), out=out)
    np.exp(out, out=out)
    np.divide(out, out.sum(), out=out)
    return out


# --------------------------------------------------------------------------------------
# Reference and accuracy
# --------------------------------------------------------------------------------------

BLOCK = 1 << 20


def reference(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Softmax of `z` in long double (x87 extended, 64-bit significand), returned as a
    double-double (hi, lo) pair of f64 arrays: ref = hi + lo to ~1e-19 relative."""
    zl_max = np.longdouble(z.max())
    total = np.longdouble(0.0)
    for i in range(0, len(z), BLOCK):
        e = np.exp(z[i : i + BLOCK].astype(np.longdouble) - zl_max)
        total += e.sum()  # pairwise within a block, 128-ish blocks summed in long double
    hi = np.empty(len(z), dtype=np.float64)
    lo = np.empty(len(z), dtype=np.float64)
    for i in range(0, len(z), BLOCK):
        r = np.exp(z[i : i + BLOCK].astype(np.longdouble) - zl_max) / total
        h = r.astype(np.float64)
        hi[i : i + BLOCK] = h
        lo[i : i + BLOCK] = (r - h).astype(np.float64)
    return hi, lo


def max_rel_error(y: np.ndarray, ref: tuple[np.ndarray, np.ndarray]) -> float:
    """max |y - ref| / ref, with ref a double-double; NaN or inf in y is reported as such."""
    hi, lo = ref
    worst = 0.0
    for i in range(0, len(hi), BLOCK):
        yy = y[i : i + BLOCK].astype(np.float64)
        if not np.all(np.isfinite(yy)):
            return float("nan") if np.any(np.isnan(yy)) else float("inf")
        # y - hi is exact (Sterbenz) whenever y is within a factor 2 of hi.
        err = np.abs((yy - hi[i : i + BLOCK]) - lo[i : i + BLOCK]) / hi[i : i + BLOCK]
        worst = max(worst, float(err.max()))
    return worst


# --------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    form: str  # "alloc" or "into"
    median: float | None = None
    times: list[float] = field(default_factory=list)
    error: float | None = None
    note: str = ""


def time_it(call: Callable[[], object], warmup: int, runs: int) -> tuple[float, list[float], object]:
    """Median seconds of `runs` calls after `warmup` calls; the previous result is freed
    before each timed call, so its deallocation is not counted."""
    result = None
    for _ in range(warmup):
        result = None
        result = call()
    times = []
    for _ in range(runs):
        result = None  # reference counting frees it here, before the clock starts
        t = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), times, result


# --------------------------------------------------------------------------------------
# kernelize driver
# --------------------------------------------------------------------------------------


def run_kernelize(driver: str | None, z: np.ndarray, dtype: str, warmup: int, runs: int, tmp: str):
    """Rows for kernelize: the dispatching `softmax` and `softmax::into`, and the one-thread
    `simd` and all-threads `parallel` variants (allocating), from the Rust driver."""
    fn = "softmax" if dtype == "f64" else "softmax_f32"
    forms = [
        ("alloc", f"kernelize `{fn}`", "alloc"),
        ("into", f"kernelize `{fn}::into`", "into"),
        ("simd", f"kernelize `{fn}::simd` (one thread)", "alloc"),
        ("parallel", f"kernelize `{fn}::parallel` (all threads)", "alloc"),
    ]
    rows = [Row(name, form) for _, name, form in forms]
    if driver is None:
        for r in rows:
            r.note = "skipped: the kernelize driver did not build (see the note above)"
        return rows, {}
    inp = os.path.join(tmp, f"z_{dtype}.bin")
    z.astype(z.dtype.newbyteorder("<"), copy=False).tofile(inp)
    cmd = [driver, "--input", inp, "--dtype", dtype, "--len", str(len(z)), "--runs", str(runs),
           "--warmup", str(warmup), "--out-dir", tmp]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    os.remove(inp)
    if proc.returncode != 0:
        err = proc.stderr.strip().splitlines()
        for r in rows:
            r.note = f"driver failed: {err[-1] if err else proc.returncode}"
        return rows, {}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    results = {}
    for (key, _, _), r in zip(forms, rows):
        path = os.path.join(tmp, f"{key}.bin")
        r.median = data[key]["median"]
        r.times = data[key]["times"]
        results[r.name] = np.fromfile(path, dtype=z.dtype)
        os.remove(path)
    return rows, results


# --------------------------------------------------------------------------------------
# One size and type
# --------------------------------------------------------------------------------------


def fmt_time(s: float | None) -> str:
    if s is None:
        return "—"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.1f} µs"


def fmt_err(e: float | None) -> str:
    if e is None:
        return "—"
    if e != e:
        return "NaN"
    return f"{e:.1e}"


def run_case(n: int, dtype: str, args, driver: str | None, tmp: str) -> list[Row]:
    rng = np.random.default_rng(args.seed)
    z64 = rng.uniform(0.0, 10.0, n)
    z = z64 if dtype == "f64" else z64.astype(np.float32)
    del z64
    big = n >= 1_000_000
    runs = args.runs if args.runs else (7 if big else 201)
    warmup = args.warmup if args.warmup is not None else (2 if big else 20)

    print(f"  reference for {n} {dtype} ...", file=sys.stderr, flush=True)
    ref = reference(z.astype(np.float64))

    rows: list[Row] = []

    def measure(name: str, form: str, call: Callable[[], object], skip: str | None = None):
        if skip:
            rows.append(Row(name, form, note=skip))
            return
        print(f"  {name} ...", file=sys.stderr, flush=True)
        try:
            med, times, result = time_it(call, warmup, runs)
        except Exception as e:  # one contender failing must not lose the others' rows
            rows.append(Row(name, form, note=f"failed: {type(e).__name__}: {e}"))
            return
        rows.append(Row(name, form, med, times, max_rel_error(np.asarray(result), ref)))
        del result
        gc.collect()

    want = set(args.only.split(",")) if args.only else None

    def on(key: str) -> bool:
        return want is None or key in want

    if on("seed"):
        if dtype == "f64":
            measure("Numba, the blog post's `softmax_optimized` (seed)", "alloc", lambda: softmax_optimized(z))
        else:
            measure("Numba, the blog post's `softmax_optimized`, f4 signature", "alloc",
                    lambda: softmax_optimized_f4(z))
    if on("numba"):
        measure("Numba stable, 3 × `prange`", "alloc", lambda: softmax_numba_stable(z))
    if on("numpy"):
        measure("NumPy stable `exp(z - z.max()); e / e.sum()`", "alloc", lambda: softmax_numpy(z))
        buf = np.empty_like(z)
        buf.fill(0)  # pre-fault, as the kernelize `into` buffer is
        measure("NumPy stable, in place into a preallocated buffer", "into", lambda: softmax_numpy_into(z, buf))
        del buf
    if on("jax"):
        import jax
        import jax.numpy as jnp

        f = jax.jit(jax.nn.softmax)
        zj = jnp.asarray(z)
        zj.block_until_ready()
        measure("JAX `jit(jax.nn.softmax)`, x64", "alloc", lambda: f(zj).block_until_ready())
        del zj
    if on("kernelize"):
        print("  kernelize driver ...", file=sys.stderr, flush=True)
        krows, results = run_kernelize(driver, z, dtype, warmup, runs, tmp)
        for r in krows:
            if r.name in results:
                r.error = max_rel_error(results[r.name], ref)
        rows.extend(krows)
        del results
    return rows


def print_table(n: int, dtype: str, rows: list[Row]):
    # The reference rows: kernelize's dispatching entry points (the first of each form).
    kz = {}
    for r in rows:
        if r.name.startswith("kernelize") and r.median and r.form not in kz:
            kz[r.form] = r.median
    print(f"\n### softmax of {n:,} × {dtype} (uniform in [0, 10), seed)\n")
    print("| implementation | output | median | × kernelize (same output form) | max rel. error | runs |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        ratio = "—"
        base = kz.get(r.form)
        if r.median and base:
            ratio = f"{r.median / base:.2f}×"
        form = "new array" if r.form == "alloc" else "preallocated"
        med = fmt_time(r.median) if r.median is not None else r.note
        print(f"| {r.name} | {form} | {med} | {ratio} | {fmt_err(r.error)} | {len(r.times) or '—'} |")


def build_driver(args) -> tuple[str | None, str]:
    """The kernelize driver's path, or None and why not."""
    if args.driver:
        return (args.driver if os.path.exists(args.driver) else None), f"`--driver {args.driver}`"
    return None, "not built (run through run.sh, or pass --driver)"


def parse_sizes(s: str) -> list[int]:
    out = []
    for part in s.split(","):
        part = part.strip().lower()
        if "^" in part:
            b, e = part.split("^")
            out.append(int(b) ** int(e))
        elif "e" in part:
            out.append(int(float(part)))
        else:
            out.append(int(part))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1e8,2^16", help="element counts, comma-separated (1e8, 2^16, 4096); default 1e8,2^16")
    p.add_argument("--dtypes", default="f64,f32", help="f64, f32 or both; default f64,f32")
    p.add_argument("--runs", type=int, default=0, help="timed runs per contender (default 7 at ≥ 10^6 elements, else 201)")
    p.add_argument("--warmup", type=int, default=None, help="untimed calls first (default 2 at ≥ 10^6, else 20)")
    p.add_argument("--seed", type=int, default=2024, help="input generator seed (NumPy PCG64)")
    p.add_argument("--only", default="", help="run only these: seed,numba,numpy,jax,kernelize")
    p.add_argument("--driver", default="", help="the built kernelize driver binary (run.sh passes it)")
    p.add_argument("--driver-note", default="", help=argparse.SUPPRESS)
    p.add_argument("--cmdline", default="", help=argparse.SUPPRESS)
    args = p.parse_args()

    import jax

    jax.config.update("jax_enable_x64", True)
    import numba

    driver, how = build_driver(args)
    print("## softmax: kernelize against Numba, NumPy and JAX\n")
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            fl = next(line for line in f if line.startswith("flags"))
        flags = "AVX-512" if "avx512f" in fl else ("AVX2" if "avx2" in fl else "")
    except (OSError, StopIteration):
        pass
    print(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"- machine: {cpu} {flags}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}")
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
            print(f"- transparent huge pages: {f.read().strip()}")
    except OSError:
        pass
    print(f"- Python {platform.python_version()}, NumPy {np.__version__}, Numba {numba.__version__} "
          f"({numba.config.NUMBA_NUM_THREADS} threads), JAX {jax.__version__} (CPU, x64)")
    print(f"- command: `{args.cmdline or 'python compare.py ' + ' '.join(sys.argv[1:])}`")
    if driver is None:
        note = args.driver_note or how
        print(f"- **kernelize rows skipped**: {note}")
    try:
        load = os.getloadavg()[0]
        busy = " — other processes compete for the CPUs: expect noise, worst for Numba, whose OpenMP threads spin-wait" if load > 0.5 else ""
        print(f"- load average before the run: {load:.2f}{busy}")
    except OSError:
        pass
    print("- medians of the timed runs after warm-up calls; the previous result is freed outside the timing; "
          "error = max |y − ref| / ref against a long-double reference")

    with tempfile.TemporaryDirectory(prefix="kernelize-compare-") as tmp:
        for n in parse_sizes(args.sizes):
            for dtype in [d.strip() for d in args.dtypes.split(",") if d.strip()]:
                print(f"{n} {dtype}:", file=sys.stderr, flush=True)
                rows = run_case(n, dtype, args, driver, tmp)
                print_table(n, dtype, rows)
                sys.stdout.flush()
                gc.collect()


if __name__ == "__main__":
    main()
