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
build=build/release
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
benches=$(cmake --build "$build" --target help | grep -o '[a-z_]*_bench' | sort -u)
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $benches >/dev/null

rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
for bench in $benches; do
  binary=$(find "$build" -type f -name "$bench" -perm -u+x | head -1)
  echo "== $bench ${quick[*]}"
  if ! "$binary" "${quick[@]}" | tee /dev/stderr | grep '^TABLE|' >>"$rows"; then
    echo "run_all: $bench failed" >&2
    exit 1
  fi
done 2>&1

echo
echo "Performance ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores${quick:+, quick mode})"
{
  echo "figure|value|baseline|ratio|target"
  sed 's/^TABLE|//' "$rows"
} | column -t -s '|'
