# Sourced by the end-to-end scripts: starts the bundled handler (or any server whose first line is
# "listening on 127.0.0.1:PORT") on a free loopback port and waits for that line, never for a
# timer. Sets handler_pid and sut (http://127.0.0.1:PORT); the caller stops it by its pid.
# Usage: start_handler CALLER HANDLER [HANDLER_ARGS...]
start_handler() {
  local caller=$1 binary=$2 line
  shift 2
  coproc HANDLER { exec "$binary" --port 0 "$@"; }
  handler_pid=$HANDLER_PID
  if ! read -r -t 30 line <&"${HANDLER[0]}"; then
    echo "$caller: the handler did not print its address" >&2
    kill "$handler_pid" 2>/dev/null || true
    exit 1
  fi
  sut="http://${line##* }"
}
