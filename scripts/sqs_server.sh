#!/usr/bin/env bash
# Starts or stops the local SQS-compatible server (local-aws-sqs, pinned in scripts/sqs_server).
#   scripts/sqs_server.sh start [PORT]   # prints the endpoint; PORT 0 (default) picks a free one
#   scripts/sqs_server.sh stop
# The pid and endpoint are kept in $IVSIM_SQS_STATE_DIR (default: /tmp/ivsim-sqs-server).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/sqs_server" && pwd)"
state="${IVSIM_SQS_STATE_DIR:-/tmp/ivsim-sqs-server}"

start() {
  local port="${1:-0}"
  if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
    cat "$state/endpoint"
    return 0
  fi
  mkdir -p "$state"
  [ -d "$here/node_modules/local-aws-sqs" ] || (cd "$here" && npm ci --no-audit --no-fund >&2)
  rm -f "$state/fifo" && mkfifo "$state/fifo"
  (cd "$here" && exec node server.cjs "$port" >"$state/fifo" 2>"$state/log") &
  echo $! >"$state/pid"
  # Wait on the server's "ready 127.0.0.1:PORT" line (read blocks until it comes), not a sleep.
  local line
  exec 3<"$state/fifo"
  if ! read -r -t 60 -u 3 line || [[ "$line" != ready\ * ]]; then
    echo "sqs_server.sh: the server did not start; see $state/log" >&2
    stop
    return 1
  fi
  # Keep draining the server's stdout so it never writes to a pipe without a reader.
  cat <&3 >>"$state/log" &
  exec 3<&-
  echo "http://${line#ready }" | tee "$state/endpoint"
}

stop() {
  if [ -f "$state/pid" ]; then
    kill "$(cat "$state/pid")" 2>/dev/null || true
    rm -f "$state/pid" "$state/endpoint" "$state/fifo"
  fi
}

case "${1:-}" in
start) start "${2:-0}" ;;
stop) stop ;;
*)
  echo "usage: $0 start [PORT] | stop" >&2
  exit 2
  ;;
esac
