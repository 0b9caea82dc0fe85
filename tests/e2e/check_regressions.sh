#!/usr/bin/env bash
# `ivsim check --regressions DIR` end to end: a search against a known-bad handler saves a shrunk
# regression in DIR; re-running with --regressions DIR against the same bad handler fails fast on
# it (before any search run), and against the correct handler replays it and passes.
# Usage: check_regressions.sh HANDLER IVSIM
set -euo pipefail
handler=$1 ivsim=$2
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir" "$dir.out"' EXIT
common=(--seed 5 --runs 120 --shrink-time 20s --max-attempts 2 -q)

"$here/with_handler.sh" "$handler" "$ivsim" 1 "shrunk: [0-9]+ -> [1-6] deliveries" \
  --bug start-reopens-stream -- check "${common[@]}" --sut @SUT@ --regressions "$dir"
saved=$(find "$dir" -name '*.json' | wc -l)
[ "$saved" -eq 1 ] || { echo "check_regressions: expected 1 saved regression, got $saved" >&2; exit 1; }

# The regression that fails again leaves its run in --out, for the CI job to upload.
KEEP_OUT="$dir.out" "$here/with_handler.sh" "$handler" "$ivsim" 1 "^regression .* fails again" \
  --bug start-reopens-stream -- check "${common[@]}" --sut @SUT@ --regressions "$dir"
[ -s "$dir.out/plan.json" ] && [ -s "$dir.out/report.txt" ] ||
  { echo "check_regressions: the failing regression's run was not saved in --out" >&2; exit 1; }
rm -rf "$dir.out"

"$here/with_handler.sh" "$handler" "$ivsim" 0 "regressions: 1 replayed.*all pass" \
  -- check --seed 5 --runs 20 -q --sut @SUT@ --regressions "$dir"
echo "check_regressions: ok"
