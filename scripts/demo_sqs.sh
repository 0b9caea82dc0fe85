#!/usr/bin/env bash
# The SQS demo in one command: installs the dependencies, builds ivsim and the bundled handler in
# Release, starts the local SQS server (scripts/sqs_server.sh) and creates a queue on it, starts the
# bundled handler as a consumer of that queue, replays a realistic generated scenario with
# `ivsim run --transport sqs`, prints the report, and stops the handler and the server by pid.
# Extra arguments go to `ivsim run`, e.g.
#   bash scripts/demo_sqs.sh --seed 7 --preset hostile
#   bash scripts/demo_sqs.sh --fifo   # a FIFO queue (events.fifo), one message group per channel
# IVSIM_BUILD=build/dev uses binaries already built there instead of building build/release.
set -euo pipefail
cd "$(dirname "$0")/.."

queue=events
if [ "${1:-}" = "--fifo" ]; then
  queue=events.fifo
  shift
fi

build=${IVSIM_BUILD:-}
if [ -z "$build" ]; then
  bash scripts/install_deps.sh
  build=build/release
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DIVSIM_BUILD_TESTS=OFF -DIVSIM_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target ivsim ivsim_example_handler
fi
ivsim="$build/cli/ivsim"
handler="$build/examples/handler/ivsim_example_handler"

# A local server accepts any credentials; against AWS, export your own and drop --sqs-endpoint.
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-demo} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-demo}
export AWS_REGION=${AWS_REGION:-us-east-1}
export IVSIM_SQS_STATE_DIR="$build/demo-sqs-server"
handler_pid=""
cleanup() {
  [ -n "$handler_pid" ] && kill "$handler_pid" 2>/dev/null || true
  bash scripts/sqs_server.sh stop
}
trap cleanup EXIT

endpoint=$(bash scripts/sqs_server.sh start)
queue_url=$(bash scripts/sqs_server.sh create-queue "$queue")
echo "demo: local SQS server at $endpoint (pid $(cat "$IVSIM_SQS_STATE_DIR/pid")), queue $queue_url"

# The handler prints "listening on 127.0.0.1:PORT" first; wait for that line, not for a timer.
coproc HANDLER { exec "$handler" --port 0 --sqs-queue-url "$queue_url" --sqs-endpoint "$endpoint"; }
handler_pid=$HANDLER_PID
read -r -t 30 line <&"${HANDLER[0]}" || { echo "demo: the handler did not start" >&2; exit 3; }
address=${line##* }
echo "demo: bundled handler consuming $queue, state at http://$address (pid $handler_pid)"

# The embedded default (seed 1, realistic faults), unless the arguments choose their own.
defaults=()
[[ " $* " == *" --seed "* || " $* " == *" --seed="* ]] || defaults+=(--seed 1)
[[ " $* " == *" --preset "* || " $* " == *" --preset="* ]] || defaults+=(--preset realistic)

status=0
"$ivsim" run --transport sqs --queue-name "$queue" --sqs-endpoint "$endpoint" \
  --sut "http://$address" "${defaults[@]}" --out "$build/demo-sqs" "$@" || status=$?
exit "$status"
