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

work=$(mktemp -d)
coproc HANDLER { exec "$handler" --port 0; }
handler_pid=$HANDLER_PID
trap 'kill "$handler_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
# The handler's first line is "listening on 127.0.0.1:PORT": wait for it, never for a timer.
if ! read -r -t 30 line <&"${HANDLER[0]}"; then
  echo "ivsim_with_pg: the handler did not print its address" >&2
  exit 1
fi
sut="http://${line##* }"
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
