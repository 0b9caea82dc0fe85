#!/usr/bin/env bash
# Starts or stops the local SQS-compatible server (local-aws-sqs, pinned in scripts/sqs_server).
#   scripts/sqs_server.sh start [PORT]   # prints the endpoint; PORT 0 (default) picks a free one
#   scripts/sqs_server.sh create-queue NAME   # prints the queue URL; NAME.fifo makes a FIFO queue
#   scripts/sqs_server.sh stop
# The pid and endpoint are kept in $IVSIM_SQS_STATE_DIR (default: /tmp/ivsim-sqs-server).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/sqs_server" && pwd)"
state="${IVSIM_SQS_STATE_DIR:-/tmp/ivsim-sqs-server}"
# Absolute: the server is started from its own directory, where a relative path means nothing.
[[ "$state" = /* ]] || state="$PWD/$state"

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

# CreateQueue in the AWS JSON protocol with node's fetch (node runs the server anyway). The local
# server does not check signatures, so the request is not signed.
create_queue() {
  local name="$1"
  [ -f "$state/endpoint" ] || { echo "sqs_server.sh: no server running; start one first" >&2; return 1; }
  node -e '
    const [endpoint, name] = process.argv.slice(1);
    const body = { QueueName: name };
    if (name.endsWith(".fifo")) body.Attributes = { FifoQueue: "true" };
    fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.CreateQueue" },
      body: JSON.stringify(body),
    })
      .then((answer) => answer.json())
      .then((json) => {
        if (!json.QueueUrl) throw new Error(JSON.stringify(json));
        console.log(json.QueueUrl);
      })
      .catch((error) => {
        console.error(`sqs_server.sh: CreateQueue ${name}: ${error.message}`);
        process.exit(1);
      });
  ' "$(cat "$state/endpoint")" "$name"
}

stop() {
  if [ -f "$state/pid" ]; then
    kill "$(cat "$state/pid")" 2>/dev/null || true
    rm -f "$state/pid" "$state/endpoint" "$state/fifo"
  fi
}

case "${1:-}" in
start) start "${2:-0}" ;;
create-queue) create_queue "${2:?usage: $0 create-queue NAME}" ;;
stop) stop ;;
*)
  echo "usage: $0 start [PORT] | create-queue NAME | stop" >&2
  exit 2
  ;;
esac
