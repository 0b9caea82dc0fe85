#!/usr/bin/env bash
# Builds the benchmarks in Release, runs every one, and prints one table: figure, value, the
# baseline measured in the same run, their ratio, and the issue's target. No thresholds: the
# table is for reading. --quick shrinks each benchmark's work (what CI runs so they cannot rot).
# Usage: bench/run_all.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
quick=()
[ "${1:-}" = "--quick" ] && quick=(--quick)

bash scripts/install_deps.sh
[ -d scripts/sqs_server/node_modules ] || (cd scripts/sqs_server && npm ci --silent)
# IVSIM_BENCH_BUILD names another build tree to use (for a quick look with a dev build).
build=${IVSIM_BENCH_BUILD:-build/release}
if [ -z "${IVSIM_BENCH_BUILD:-}" ]; then
  # A unity build, as in scripts/test.sh: the same code, built in about two thirds of the time.
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON -DIVSIM_BUILD_TESTS=OFF \
    -DIVSIM_BUILD_BENCH=ON >/dev/null
fi
benches=$(cmake --build "$build" --target help | grep -o '[a-z_]*_bench' | sort -u)
echo "run_all: building the benchmarks in $build (Release; a few minutes from scratch)"
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $benches >/dev/null

rows=$(mktemp) out=$(mktemp)
trap 'rm -f "$rows" "$out"' EXIT
for bench in $benches; do
  binary=$(find "$build" -type f -name "$bench" -perm -u+x | head -1)
  echo "== $bench ${quick[*]}"
  status=0
  "$binary" "${quick[@]}" >"$out" 2>&1 || status=$?
  grep -v '^TABLE|' "$out" || true
  if [ "$status" -ne 0 ]; then
    echo "run_all: $bench exited with $status" >&2
    exit 1
  fi
  grep '^TABLE|' "$out" >>"$rows" || true
done

echo
echo "Performance ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores${quick:+, quick mode})"
{
  echo "figure|value|baseline|ratio|target"
  sed 's/^TABLE|//' "$rows"
} | column -t -s '|'
