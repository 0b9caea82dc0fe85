#!/usr/bin/env bash
# Starts the local SQS server (scripts/sqs_server.sh) and creates a queue on it, starts the bundled
# handler on a free loopback port, runs one ivsim command, checks its exit code and output, replays
# the saved plan the same way, and stops the handler and the server by pid.
# Usage: with_sqs_handler.sh SCRIPTS HANDLER IVSIM QUEUE_NAME EXPECTED_EXIT OUTPUT_REGEX
#                            [HANDLER_ARGS...] -- RUN_ARGS... -- SUT_ARGS...
# runs `IVSIM RUN_ARGS... SUT_ARGS...`, then `IVSIM replay PLAN SUT_ARGS...`.
# In the argument lists "@SUT@" becomes http://127.0.0.1:PORT (the handler), "@SQS_ENDPOINT@" the
# SQS server's endpoint and "@QUEUE_URL@" the queue's URL. OUTPUT_REGEX (grep -E, "" for none) must
# match ivsim's stdout.
set -euo pipefail
# shellcheck source=start_handler.sh
source "$(dirname "$0")/start_handler.sh"
scripts=$1 handler=$2 ivsim=$3 queue_name=$4 expected_exit=$5 regex=$6
shift 6
handler_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do handler_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
run_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do run_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift

work=$(mktemp -d)
export IVSIM_SQS_STATE_DIR="$work/sqs" # this test's own server, so tests can run in parallel
handler_pid=""
cleanup() {
  [ -n "$handler_pid" ] && kill "$handler_pid" 2>/dev/null || true
  bash "$scripts/sqs_server.sh" stop
  rm -rf "$work"
}
trap cleanup EXIT
# The local server takes any credentials; the handler's consumer reads them from these.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1

endpoint=$(bash "$scripts/sqs_server.sh" start)
queue_url=$(bash "$scripts/sqs_server.sh" create-queue "$queue_name")

substitute() { # substitute NAME ARGS...: NAME=(ARGS with the placeholders replaced)
  local -n out=$1
  shift
  out=()
  for arg in "$@"; do
    arg=${arg//@SQS_ENDPOINT@/$endpoint}
    arg=${arg//@QUEUE_URL@/$queue_url}
    out+=("${arg//@SUT@/${sut:-}}")
  done
}

substitute handler_argv "${handler_args[@]}"
start_handler with_sqs_handler "$handler" "${handler_argv[@]}"
substitute sut_argv "$@"

status=0
"$ivsim" "${run_args[@]}" "${sut_argv[@]}" --out "$work/out" >"$work/stdout" 2>"$work/stderr" || status=$?
cat "$work/stdout"
cat "$work/stderr" >&2
if [ "$status" -ne "$expected_exit" ]; then
  echo "with_sqs_handler: expected exit $expected_exit, got $status" >&2
  exit 1
fi
if [ -n "$regex" ] && ! grep -Eq -- "$regex" "$work/stdout"; then
  echo "with_sqs_handler: stdout does not match /$regex/" >&2
  exit 1
fi
# The saved plan must replay to the same verdict over the same queue: what a user would do next.
replay_status=0
# SUT_ARGS carry the run's own flags (-q included): add none, a repeated flag is bad input.
"$ivsim" replay "$work/out/plan.json" "${sut_argv[@]}" --out "$work/replay" \
  >"$work/replay.stdout" 2>&1 || replay_status=$?
if [ "$replay_status" -ne "$expected_exit" ]; then
  cat "$work/replay.stdout" >&2
  echo "with_sqs_handler: the saved plan replayed with exit $replay_status, not $expected_exit" >&2
  exit 1
fi
