#!/usr/bin/env bash
# The README's main command: installs the dependencies, builds ivsim in Release, starts the
# bundled reference handler on a free loopback port, replays a realistic generated scenario to
# it, prints the report, and stops the handler. Extra arguments go to `ivsim run`, e.g.
#   bash scripts/demo.sh --seed 7 --preset hostile
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
build=build/release
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DIVSIM_BUILD_TESTS=OFF -DIVSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target ivsim ivsim_example_handler
ivsim="$build/cli/ivsim"
handler="$build/examples/handler/ivsim_example_handler"

# The handler prints "listening on 127.0.0.1:PORT" first; wait for that line, not for a timer.
coproc HANDLER { exec "$handler" --port 0; }
handler_pid=$HANDLER_PID
trap 'kill "$handler_pid" 2>/dev/null || true' EXIT
read -r -t 30 line <&"${HANDLER[0]}" || { echo "demo: the handler did not start" >&2; exit 3; }
address=${line##* }
echo "demo: bundled handler listening on $address (pid $handler_pid)"

# The embedded default (seed 1, realistic faults), unless the arguments choose their own.
defaults=()
[[ " $* " == *" --seed "* || " $* " == *" --seed="* ]] || defaults+=(--seed 1)
[[ " $* " == *" --preset "* || " $* " == *" --preset="* ]] || defaults+=(--preset realistic)

status=0
"$ivsim" run --sut "http://$address" "${defaults[@]}" --out "$build/demo" "$@" || status=$?
kill "$handler_pid" 2>/dev/null || true
wait "$handler_pid" 2>/dev/null || true
exit "$status"
