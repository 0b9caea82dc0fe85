#!/usr/bin/env bash
# Starts the bundled handler on a free loopback port, runs one ivsim command against it, checks
# the exit code and the output, and stops the handler by its pid.
# Usage: with_handler.sh HANDLER IVSIM EXPECTED_EXIT OUTPUT_REGEX [HANDLER_ARGS...] -- IVSIM_ARGS...
# "@SUT@" in IVSIM_ARGS becomes http://127.0.0.1:PORT; OUTPUT_REGEX (grep -E, "" for none) must
# match ivsim's stdout. With KEEP_OUT=DIR in the environment, ivsim's --out directory is copied
# there for the caller to inspect; with REPLAY_CHECK=0 the saved plan is not replayed (for runs
# whose verdict depends on flags other than --sut). JUNIT_REGEX, STDOUT_ABSENT and STDERR_REGEX
# add checks (below).
set -euo pipefail
handler=$1 ivsim=$2 expected_exit=$3 regex=$4
shift 4
handler_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do handler_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift

# shellcheck source=start_handler.sh
. "$(dirname "$0")/start_handler.sh"
work=$(mktemp -d)
start_handler with_handler "$handler" "${handler_args[@]}"
trap 'kill "$handler_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

args=()
for arg in "$@"; do args+=("${arg//@SUT@/$sut}"); done
# The flags that change how a plan is checked or retried also apply to its replay.
replay_flags=()
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
  --check-every) replay_flags+=("${args[i]}") ;;
  --max-attempts | --retry-budget | --request-timeout | --scope)
    replay_flags+=("${args[i]}" "${args[i + 1]}")
    i=$((i + 1))
    ;;
  esac
done
status=0
"$ivsim" "${args[@]}" --out "$work/out" >"$work/stdout" 2>"$work/stderr" || status=$?
cat "$work/stdout"
cat "$work/stderr" >&2
if [ "$status" -ne "$expected_exit" ]; then
  echo "with_handler: expected exit $expected_exit, got $status" >&2
  exit 1
fi
if [ -n "$regex" ] && ! grep -Eq -- "$regex" "$work/stdout"; then
  echo "with_handler: stdout does not match /$regex/" >&2
  exit 1
fi
# STDOUT_ABSENT (environment): what stdout must not match.
if [ -n "${STDOUT_ABSENT:-}" ] && grep -Eq -- "$STDOUT_ABSENT" "$work/stdout"; then
  echo "with_handler: stdout matches /$STDOUT_ABSENT/, which it must not" >&2
  exit 1
fi
# STDERR_REGEX (environment): what stderr must match too, for warnings.
if [ -n "${STDERR_REGEX:-}" ] && ! grep -Eq -- "$STDERR_REGEX" "$work/stderr"; then
  echo "with_handler: stderr does not match /$STDERR_REGEX/" >&2
  exit 1
fi
# JUNIT_REGEX (environment): what the file ivsim's --junit names must match.
if [ -n "${JUNIT_REGEX:-}" ]; then
  junit=""
  for ((i = 0; i < ${#args[@]}; i++)); do
    [ "${args[i]}" = "--junit" ] && junit=${args[i + 1]}
  done
  if [ -z "$junit" ] || ! grep -Eq -- "$JUNIT_REGEX" "$junit"; then
    echo "with_handler: the --junit file ${junit:-(none given)} does not match /$JUNIT_REGEX/" >&2
    exit 1
  fi
fi
if [ -n "${KEEP_OUT:-}" ]; then
  cp -r "$work/out" "$KEEP_OUT"
fi
# The saved plan must replay to the same verdict: what a user would do next.
if [ "${REPLAY_CHECK:-1}" = 1 ] && [ -f "$work/out/plan.json" ]; then
  replay_status=0
  "$ivsim" replay "$work/out/plan.json" --sut "$sut" --out "$work/replay" -q \
    ${replay_flags[@]+"${replay_flags[@]}"} >"$work/replay_stdout" 2>&1 || replay_status=$?
  if [ "$replay_status" -ne "$expected_exit" ]; then
    cat "$work/replay_stdout" >&2
    echo "with_handler: the saved plan replayed with exit $replay_status, not $expected_exit" >&2
    exit 1
  fi
fi
