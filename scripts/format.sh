#!/usr/bin/env bash
# Formats every tracked C++ file with clang-format; with --check, fails if that changed anything.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files '*.cpp' '*.hpp' | xargs -r clang-format -i
if [ "${1:-}" = "--check" ]; then
  git diff --exit-code --stat -- '*.cpp' '*.hpp'
fi
