#!/usr/bin/env bash
# Shows that run_doc_commands.sh can fail: each small document below breaks one rule and the
# harness must reject it with the matching message; a well-marked document must pass.
# Usage: harness_catches_bad_docs.sh RUN_DOC_COMMANDS HANDLER IVSIM
set -euo pipefail
harness=$1 handler=$2 ivsim=$3
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/docs" "$root/scenarios"
fence='```'
failures=0

# expect NAME EXIT REGEX: the harness on docs/NAME.md exits EXIT and its output matches REGEX.
expect() {
  local name=$1 expected=$2 regex=$3 status=0
  "$harness" "$handler" "$ivsim" "$root" "docs/$name.md" >"$root/out" 2>&1 || status=$?
  if [ "$status" -ne "$expected" ] || ! grep -Eq -- "$regex" "$root/out"; then
    echo "harness_catches_bad_docs: $name: expected exit $expected and /$regex/, got $status:" >&2
    sed 's/^/    /' "$root/out" >&2
    failures=$((failures + 1))
  else
    echo "ok $name"
  fi
}

printf '%s\n' "Text." "" "${fence}sh" "ivsim --version" "$fence" >"$root/docs/unmarked.md"
expect unmarked 1 "docs/unmarked.md:3: a block with an ivsim command has no"

printf '%s\n' "<!-- test: run -->" "${fence}sh" "ivsim show --seed 1 --frobnicate 2" "$fence" \
  >"$root/docs/wrong_exit.md"
expect wrong_exit 1 "expected exit 0, got 2"

printf '%s\n' "<!-- test: run expect-exit 1 -->" "${fence}sh" "ivsim show --seed 1 --channels 1" \
  "$fence" >"$root/docs/wrong_expectation.md"
expect wrong_expectation 1 "expected exit 1, got 0"

printf '%s\n' "<!-- test: run -->" "${fence}sh" "ivsim --version; echo 'ivsim: error: oops'" \
  "$fence" >"$root/docs/prints_error.md"
expect prints_error 1 'printed "error"'

printf '%s\n' "<!-- test: run -->" "$fence" "ivsim: PASS" "$fence" >"$root/docs/stray_marker.md"
expect stray_marker 1 "a test marker on a block without an ivsim command"

printf '%s\n' "<!-- test: skip -->" "${fence}sh" "ivsim --version" "$fence" \
  >"$root/docs/skip_without_reason.md"
expect skip_without_reason 1 "neither"

printf '%s\n' "<!-- test: run -->" "${fence}sh" "ivsim --version" "$fence" "" \
  "<!-- test: output -->" "${fence}text" "ivsim 0.0.0-drifted" "$fence" >"$root/docs/output_drifted.md"
expect output_drifted 1 "output_drifted.md:7: the output shown is not what the command before it printed"

printf '%s\n' "<!-- test: output -->" "${fence}text" "ivsim 0.1.0" "$fence" \
  >"$root/docs/output_before_any_command.md"
expect output_before_any_command 1 "an output block with no command run before it"

# A good document: a run against the handler (its URL rewritten), a continued line, an expected
# exit 2 whose "error" is allowed and whose output is shown elided, a replacement, and a skip
# with its reason.
cat >"$root/docs/good.md" <<EOF
<!-- test: run replace 999 1 -->
${fence}sh
ivsim show --seed 7 --channels 999 \\
  --stages 0 --duration 1h
ivsim run --sut http://127.0.0.1:8080 --seed 7 --channels 1 --stages 0 --duration 1h -q
${fence}

<!-- test: run expect-exit 2 -->
${fence}sh
ivsim show --late-max soon
${fence}

<!-- test: output -->
${fence}text
ivsim: error: ...
...
${fence}

<!-- test: skip needs a real SQS queue -->
${fence}sh
ivsim run --transport sqs
${fence}
EOF
expect good 0 "3 commands run, 1 not run .*, 1 outputs checked, 0 failures"

[ "$failures" -eq 0 ]
