#!/usr/bin/env bash
# Compile time of a crate of 50 kernels (issue 17's measure): generates the crate once per
# checkout given, builds kernelize's dependencies first (untimed), then times
# `cargo build --release` of the kernel crate alone, alternating the checkouts.
#
#   benches/compile/run.sh [--runs N] CHECKOUT...      (default: this repository)
#
# Each checkout gets its own target directory under ${CARGO_TARGET_DIR:-target}/compile-bench,
# so their builds never share artifacts. Prints one line per build: checkout, run, seconds.
set -euo pipefail
runs=3
if [[ "${1:-}" == "--runs" ]]; then runs=$2; shift 2; fi
here="$(cd "$(dirname "$0")/../.." && pwd)"
checkouts=("$@")
[[ ${#checkouts[@]} -eq 0 ]] && checkouts=("$here")
base="${CARGO_TARGET_DIR:-$here/target}/compile-bench"
mkdir -p "$base"

kernels() {
  # Ten shapes, five copies each: maps, reductions, a two-pass normalisation, softmax
  # (the online plan), a select, statements with `prange` and with `for` and `if`.
  for k in 0 1 2 3 4; do cat <<RS
#[kernel(parallel)]
pub fn axpy$k(a: f64, x: &[f64], y: &[f64]) -> Vec<f64> { a * x + y }
#[kernel(parallel)]
pub fn esum$k(x: &[f64]) -> f64 { sum(exp(x)) }
#[kernel(parallel)]
pub fn norm$k(x: &[f64]) -> Vec<f64> { x / sum(x) }
#[kernel(parallel)]
pub fn softmax$k(z: &[f64]) -> Vec<f64> { let e = exp(z - max(z)); e / sum(e) }
#[kernel]
pub fn clip$k(x: &[f32]) -> Vec<f32> { select(x > 0.0, x * x * 0.5 + x, 0.0) }
#[kernel(parallel)]
pub fn dot$k(x: &[f64], y: &[f64]) -> f64 { sum(x * y) }
#[kernel]
pub fn lse$k(z: &[f64]) -> f64 { let m = max(z); m + log(sum(exp(z - m))) }
#[kernel]
pub fn var$k(x: &[f64]) -> f64 { let m = mean(x); mean((x - m) * (x - m)) }
#[kernel(parallel)]
pub fn psum$k(x: &[f64]) -> f64 { let mut s = 0.0; for i in prange(len(x)) { s += x[i] * x[i]; } s }
#[kernel]
pub fn relu$k(x: &[f64], out: &mut [f64]) { for i in 0..len(x) { if x[i] > 0.0 { out[i] = x[i]; } else { out[i] = 0.0; } } }
RS
  done
}

for co in "${checkouts[@]}"; do
  name=$(basename "$co")-$(git -C "$co" rev-parse --short HEAD)
  dir="$base/$name"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "fifty-kernels"
version = "0.0.0"
edition = "2024"
publish = false
[workspace]
[dependencies]
kernelize = { path = "$co" }
TOML
  { echo "use kernelize::kernel;"; kernels; } > "$dir/src/lib.rs"
  # A first build, untimed: the dependencies (and the kernels, built again below).
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --release -q 2>/dev/null || true)
done
for r in $(seq 1 "$runs"); do
  for co in "${checkouts[@]}"; do
    name=$(basename "$co")-$(git -C "$co" rev-parse --short HEAD)
    dir="$base/$name"
    touch "$dir/src/lib.rs"
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0 cargo build --release -q)
    end=$(date +%s.%N)
    printf '%s run %d: %.1f s\n' "$name" "$r" "$(echo "$end - $start" | bc)"
  done
done
