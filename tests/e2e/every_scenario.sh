#!/usr/bin/env bash
# Runs every scenario file under SCENARIOS through ivsim against the bundled handler, checking its
# state after every delivery and group too (--check-every): all pass.
# Usage: every_scenario.sh HANDLER IVSIM SCENARIOS
set -euo pipefail
handler=$1 ivsim=$2 scenarios=$3
here=$(dirname "$0")
count=0
while IFS= read -r -d '' file; do
  echo "== $file"
  "$here/with_handler.sh" "$handler" "$ivsim" 0 "PASS" -- run "$file" --sut @SUT@ -q --check-every
  count=$((count + 1))
done < <(find "$scenarios" -name '*.json' -print0 | sort -z)
[ "$count" -gt 0 ] || { echo "every_scenario: no scenario files under $scenarios" >&2; exit 1; }
echo "every_scenario: $count scenarios passed"
