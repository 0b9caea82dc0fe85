#!/usr/bin/env bash
# An interrupted ivsim saves what it found. `run`: SIGINT mid-run stops sending, and the reports
# say so (verdict unknown, exit 130, a JUnit error). `check`: SIGINT while it shrinks a failure
# keeps the smallest failure so far as a regression (exit 1).
# Usage: interrupted.sh HANDLER IVSIM
set -euo pipefail
handler=$1 ivsim=$2
# shellcheck source=start_handler.sh
. "$(dirname "$0")/start_handler.sh"
work=$(mktemp -d)
trap 'kill "$handler_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

fail() {
  echo "interrupted: $*" >&2
  for file in "$work"/*.out "$work"/*.err; do echo "--- $file" >&2; cat "$file" >&2; done
  exit 1
}

# Waits (up to 60 s, polling) until FILE holds a line matching REGEX: the point to interrupt at.
wait_for() {
  local file=$1 regex=$2
  for _ in $(seq 600); do
    grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "no line matching /$regex/ in $file"
}

# Interrupts the background ivsim (pid $1) with SIGINT; sets `status` to its exit status (not
# through $(...): a subshell cannot wait for this shell's child).
interrupt() {
  kill -INT "$1" 2>/dev/null || true # it may have just ended by itself
  status=0
  wait "$1" || status=$?
}

# `run`: a world large enough to take many seconds; interrupted once its progress line shows.
start_handler interrupted "$handler"
"$ivsim" run --seed 1 --channels 120 --stages 30 --duration 48h --sut "$sut" \
  --junit "$work/run.xml" --out "$work/run" >"$work/run.out" 2>"$work/run.err" &
wait_for "$work/run.err" "deliveries, virtual time"
interrupt $!
[ "$status" -eq 130 ] || fail "run: expected exit 130, got $status"
grep -Eq "^ivsim: UNKNOWN: interrupted by SIGINT after [0-9]+ of [0-9]+ deliveries" \
  "$work/run.out" || fail "run: no interruption in the report"
grep -q 'errors="1"' "$work/run.xml" || fail "run: the JUnit report has no error"
[ -s "$work/run/plan.json" ] || fail "run: plan.json was not saved"
kill "$handler_pid"

# `check`: the racy variant waits on every delivery, so shrinking takes seconds; interrupted
# once the failure is printed (before it is shrunk).
start_handler interrupted "$handler" --bug unlocked-update
"$ivsim" check --seed 3 --runs 30 --duration 2h --channels 2 --stages 0 --sut "$sut" \
  --regressions-dir "$work/regressions" --out "$work/check" >"$work/check.out" 2>"$work/check.err" &
wait_for "$work/check.out" "^FAIL at run"
interrupt $!
[ "$status" -eq 1 ] || fail "check: expected exit 1, got $status"
grep -Eq "not minimal: interrupted|^FLAKY|minimal$" "$work/check.out" ||
  fail "check: no shrink outcome"
saved=$(find "$work/regressions" -name '*.json' | wc -l)
[ "$saved" -eq 1 ] || fail "check: expected one saved regression, found $saved"
echo "interrupted: run and check saved what they had"
