#!/usr/bin/env bash
# The softmax comparison in one command: kernelize against the blog post's Numba code,
# a stable Numba softmax, NumPy and JAX, on the same input. With `--suite loops`, five
# loop kernels (Mandelbrot, KDE, pairwise distances, histogram, Black-Scholes) against
# Numba's `parallel=True` and `@njit` forms instead (loops.py).
#
#   benches/compare/run.sh                       # 10^8 and 2^16 elements, f64 and f32
#   benches/compare/run.sh --sizes 1e6 --dtypes f64 --runs 5   # a quick run
#   benches/compare/run.sh --suite loops         # the loop kernels
#   benches/compare/run.sh --help                # every option (--suite loops --help too)
#
# It makes its own virtual environment (benches/compare/.venv, from requirements.txt),
# builds the kernelize driver (benches/compare/driver, release, with the same
# RUSTFLAGS as you give it), and prints a markdown table. If the driver does not build,
# the kernelize rows are skipped with a note and the rest still runs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
PY="${PYTHON:-python3}"

# `--suite softmax` (the default) runs compare.py, `--suite loops` loops.py; the other
# arguments go to that script.
suite=softmax
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --suite) suite="${2:?--suite takes softmax or loops}"; shift 2 ;;
        --suite=*) suite="${1#--suite=}"; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
case "$suite" in
    softmax) script="$HERE/compare.py"; bin=kernelize-compare-driver; suite_arg="" ;;
    loops) script="$HERE/loops.py"; bin=kernelize-loops-driver; suite_arg=" --suite loops" ;;
    *) echo "unknown suite \`$suite\` (softmax or loops)" >&2; exit 2 ;;
esac
set -- ${args[@]+"${args[@]}"}

for a in "$@"; do
    if [[ "$a" == "-h" || "$a" == "--help" ]]; then
        if [[ -x "$VENV/bin/python" ]]; then
            exec "$VENV/bin/python" "$script" --help
        fi
        sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
    fi
done

# 1. The Python side.
if [[ ! -x "$VENV/bin/python" ]]; then
    echo "making $VENV ..." >&2
    "$PY" -m venv "$VENV"
fi
stamp="$VENV/.requirements-installed"
if [[ ! -f "$stamp" ]] || ! cmp -s "$HERE/requirements.txt" "$stamp"; then
    echo "installing NumPy, Numba and JAX into $VENV ..." >&2
    "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet -r "$HERE/requirements.txt" >&2
    cp "$HERE/requirements.txt" "$stamp"
fi

# 2. The kernelize side: a standalone package, built into the repository's ignored
# target directory unless CARGO_TARGET_DIR says otherwise.
target="${CARGO_TARGET_DIR:-$ROOT/target}/compare-driver"
log="$target/build.log"
mkdir -p "$target"
driver_args=()
echo "building the kernelize driver (log: $log) ..." >&2
if cargo build --release --quiet --manifest-path "$HERE/driver/Cargo.toml" \
        --target-dir "$target" >"$log" 2>&1; then
    driver_args=(--driver "$target/release/$bin")
else
    first_error="$(grep -m1 -E '^error' "$log" | tr -d '`' || true)"
    echo "the kernelize driver did not build; its rows are skipped (${first_error:-see $log})" >&2
    driver_args=(--driver-note "the driver in benches/compare/driver did not build: \`${first_error:-see $log}\`")
fi

# 3. Everything else, in one go.
exec "$VENV/bin/python" "$script" "${driver_args[@]}" \
    --cmdline "benches/compare/run.sh$suite_arg${*:+ $*}" "$@"
