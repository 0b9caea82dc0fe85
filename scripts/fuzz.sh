#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan in build/fuzz and fuzzes each
# for SECONDS (default 60). New crashes go to fuzz/crashes/<target>/; inputs that found new
# coverage go to build/fuzz/corpus/<target>/ (the committed seeds stay in fuzz/corpus/).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   targets: event_parser scenario_loader
# state_document (default: all). Exit code 0 when no target crashed, 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(event_parser scenario_loader state_document)
fi

# clang and its libFuzzer runtime come from Debian, like everything else the scripts install.
packages=(clang-14 libclang-rt-14-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "fuzz.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$root/scripts/install_deps.sh"

build="$root/build/fuzz"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# Every ivsim library is instrumented for coverage (fuzzer-no-link); only the fuzz targets link
# libFuzzer's main. Tests, benches and the coroutine code are not built (clang 14 cannot compile
# coroutines against libstdc++ 12).
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  "${launcher[@]}" -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link -DIVSIM_SANITIZE=address,undefined \
  -DIVSIM_FUZZ_ENGINE=libfuzzer -DIVSIM_BUILD_TESTS=OFF -DIVSIM_BUILD_BENCH=OFF >/dev/null
binaries=()
for target in "${targets[@]}"; do
  binaries+=("ivsim_${target}_fuzz")
done
cmake --build "$build" -j2 --target "${binaries[@]}"

status=0
summary=()
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  crashes="$root/fuzz/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  log="$build/$target.log"
  echo "fuzz.sh: fuzzing $target for ${seconds}s (log: $log)"
  # A parser must never take seconds or gigabytes on one input: both count as crashes.
  if "$build/fuzz/ivsim_${target}_fuzz" "$corpus" "$root/fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1; then
    result="no crash"
  else
    result="CRASH (see $log and $crashes)"
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  summary+=("$target: $runs executions, $result")
done

printf 'fuzz.sh: %s\n' "${summary[@]}"
exit "$status"
