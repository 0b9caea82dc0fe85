#!/usr/bin/env bash
# Installs the dependencies, builds everything with AddressSanitizer and UBSan, runs every test, then
# builds the benchmarks in Release and runs them once in quick mode.
# This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
# Every C++ file must be clang-formatted (.clang-format); this fails fast, before the long build.
bash scripts/format.sh --check
# The SQS tests replay into a real local SQS server from npm, pinned by its lockfile.
if [ ! -d scripts/sqs_server/node_modules ]; then
  (cd scripts/sqs_server && npm ci --no-audit --no-fund --loglevel=error)
fi
# The PostgreSQL tests (tests/pg) run the example Node Lambda, which uses `pg`, pinned likewise.
if [ ! -d examples/lambda_postgres/node_modules ]; then
  (cd examples/lambda_postgres && npm ci --no-audit --no-fund --loglevel=error)
fi
jobs=$(nproc)
build=build/asan
# -O1 -g1 is what the sanitizers recommend: it compiles in ~60% of -O2 -g's time, keeps line numbers
# for the reports, and (a Debug build, no NDEBUG) keeps every assert() armed while the tests run.
# A unity build compiles each target's files in batches, so the templates they share (Asio, Beast,
# nlohmann, GoogleTest, RapidCheck) are instantiated once per batch: about 35% less build time.
# So names local to one .cpp (anonymous namespace) must differ from those of the target's other files.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCMAKE_UNITY_BUILD=ON -DIVSIM_SANITIZE=address,undefined -DIVSIM_BUILD_TESTS=ON \
  -DIVSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs"
# Leaks in a test are failures too; halt_on_error keeps the first report readable.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j "$jobs"

# The benchmarks, built in Release and run once in quick mode so they cannot rot: figures printed,
# no thresholds (performance is read from the table, never asserted).
bash bench/run_all.sh --quick
