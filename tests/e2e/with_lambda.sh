#!/usr/bin/env bash
# Runs one `ivsim run --transport lambda` whose handler file keeps its state in the bundled
# reference handler (started on a free loopback port, stopped by its pid): the Lambda's runtime
# processes get FORWARD_URL through ivsim's environment, ivsim resets and reads state over HTTP.
# Usage: with_lambda.sh HANDLER IVSIM EXPECTED_EXIT OUTPUT_REGEX -- IVSIM_ARGS...
set -euo pipefail
handler=$1 ivsim=$2 expected_exit=$3 regex=$4
shift 4
[ "${1:-}" = "--" ] && shift

# shellcheck source=start_handler.sh
. "$(dirname "$0")/start_handler.sh"
work=$(mktemp -d)
start_handler with_lambda "$handler"
trap 'kill "$handler_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

status=0
FORWARD_URL="$sut" "$ivsim" "$@" --transport lambda --state-url "$sut/state" \
  --reset-url "$sut/reset" --out "$work/out" >"$work/stdout" 2>"$work/stderr" || status=$?
cat "$work/stdout"
cat "$work/stderr" >&2
if [ "$status" -ne "$expected_exit" ]; then
  echo "with_lambda: expected exit $expected_exit, got $status" >&2
  exit 1
fi
if [ -n "$regex" ] && ! grep -Eq -- "$regex" "$work/stdout"; then
  echo "with_lambda: stdout does not match /$regex/" >&2
  exit 1
fi
