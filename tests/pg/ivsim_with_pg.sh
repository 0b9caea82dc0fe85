#!/usr/bin/env bash
# Starts the bundled handler on a free loopback port, runs one ivsim command whose state source or
# reset hook is SQL (PG* variables name the database: run under scripts/postgres.sh with), and
# checks the exit code and that stdout+stderr match a regex. Stops the handler by its pid.
# Usage: ivsim_with_pg.sh HANDLER IVSIM EXPECTED_EXIT OUTPUT_REGEX -- IVSIM_ARGS...
# "@SUT@" in IVSIM_ARGS becomes http://127.0.0.1:PORT.
set -euo pipefail
handler=$1 ivsim=$2 expected_exit=$3 regex=$4
shift 4
[ "${1:-}" = "--" ] && shift

# shellcheck source=../e2e/start_handler.sh
. "$(dirname "$0")/../e2e/start_handler.sh"
work=$(mktemp -d)
start_handler ivsim_with_pg "$handler"
trap 'kill "$handler_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
args=()
for arg in "$@"; do args+=("${arg//@SUT@/$sut}"); done
status=0
"$ivsim" "${args[@]}" --out "$work/out" >"$work/output" 2>&1 || status=$?
cat "$work/output"
if [ "$status" -ne "$expected_exit" ]; then
  echo "ivsim_with_pg: expected exit $expected_exit, got $status" >&2
  exit 1
fi
if ! grep -Eq -- "$regex" "$work/output"; then
  echo "ivsim_with_pg: output does not match /$regex/" >&2
  exit 1
fi
