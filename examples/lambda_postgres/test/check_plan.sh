#!/usr/bin/env bash
# Generates a plan with ivsim, replays it into a handler file on PostgreSQL (test/replay_plan.mjs),
# reads the state with state.sql and checks it with `ivsim diff`; passes when diff exits with
# EXPECTED_EXIT (0: the handler is correct on this plan, 1: ivsim caught a divergence) and its
# report matches REGEX (grep -E) when one is given.
# Needs PG* variables naming an empty database: run it under scripts/postgres.sh with/run.
#   check_plan.sh IVSIM EXPECTED_EXIT HANDLER_FILE [REGEX] -- GENERATE_ARGS...
# REPLAY_FLAGS (environment) go to replay_plan.mjs, e.g. "--shuffle 7 --workers 8".
set -euo pipefail
ivsim=$1 expected_exit=$2 handler=$3
shift 3
regex=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then regex=$1; shift; fi
[ "${1:-}" = "--" ] && shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -d "$here/node_modules/pg" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
psql_run() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$@"; }

"$ivsim" generate "$@" -o "$work/plan.json" >/dev/null
psql_run -f "$here/schema.sql"
psql_run -f "$here/reset.sql"
# shellcheck disable=SC2086
node "$here/test/replay_plan.mjs" "$work/plan.json" "$handler" ${REPLAY_FLAGS:-}
psql_run -At -f "$here/state.sql" >"$work/state.json"
status=0
"$ivsim" diff "$work/plan.json" "$work/state.json" --scope channels,streams,recordings \
  >"$work/report.txt" || status=$?
cat "$work/report.txt"
if [ "$status" -ne "$expected_exit" ]; then
  echo "check_plan: expected ivsim diff to exit $expected_exit, got $status" >&2
  exit 1
fi
if [ -n "$regex" ] && ! grep -Eq -- "$regex" "$work/report.txt"; then
  echo "check_plan: the report does not match /$regex/" >&2
  exit 1
fi
