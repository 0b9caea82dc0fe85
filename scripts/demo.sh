#!/usr/bin/env bash
# The README's main command: installs the dependencies, builds ivsim in Release, and runs the
# main job on the embedded default. Extra arguments are passed to `ivsim run`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
build=build/release
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DIVSIM_BUILD_TESTS=OFF -DIVSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target ivsim
ivsim="$build/cli/ivsim"

# Until `ivsim run` lands (issue 5): a realistic plan, its timeline and fault summary.
"$ivsim" generate --preset realistic --seed 1 -o "$build/demo-plan.json"
"$ivsim" show "$build/demo-plan.json"
