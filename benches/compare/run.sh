#!/usr/bin/env bash
# The softmax comparison in one command: kernelize against the blog post's Numba code,
# a stable Numba softmax, NumPy and JAX, on the same input.
#
#   benches/compare/run.sh                       # 10^8 and 2^16 elements, f64 and f32
#   benches/compare/run.sh --sizes 1e6 --dtypes f64 --runs 5   # a quick run
#   benches/compare/run.sh --help                # every option
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

for a in "$@"; do
    if [[ "$a" == "-h" || "$a" == "--help" ]]; then
        if [[ -x "$VENV/bin/python" ]]; then
            exec "$VENV/bin/python" "$HERE/compare.py" --help
        fi
        sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
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
    driver_args=(--driver "$target/release/kernelize-compare-driver")
else
    first_error="$(grep -m1 -E '^error' "$log" | tr -d '`' || true)"
    echo "the kernelize driver did not build; its rows are skipped (${first_error:-see $log})" >&2
    driver_args=(--driver-note "the driver in benches/compare/driver did not build: \`${first_error:-see $log}\`")
fi

# 3. Everything else, in one go.
exec "$VENV/bin/python" "$HERE/compare.py" "${driver_args[@]}" \
    --cmdline "benches/compare/run.sh${*:+ $*}" "$@"
