#!/usr/bin/env bash
# examples/lambda_postgres end to end the way a user runs it: the handler file as is, through
# ivsim's Lambda transport, state read back with the example's SQL. Run under
# `scripts/postgres.sh with` (PG* variables name a fresh database), it creates the example's
# schema, runs ivsim, and checks the exit code and that the output matches a regex.
# Usage: lambda_transport_on_pg.sh IVSIM EXAMPLE_DIR HANDLER_FILE EXPECTED_EXIT REGEX -- ARGS...
set -euo pipefail
ivsim=$1 example=$2 handler=$3 expected_exit=$4 regex=$5
shift 5
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

psql -q -v ON_ERROR_STOP=1 -f "$example/schema.sql" >/dev/null
status=0
"$ivsim" "$@" --transport lambda --handler "$example/$handler:handler" \
  --state-sql-file "$example/state.sql" --reset-sql-file "$example/reset.sql" \
  --scope channels,streams,recordings --out "$work/out" -q >"$work/output" 2>&1 || status=$?
cat "$work/output"
if [ "$status" -ne "$expected_exit" ]; then
  echo "lambda_transport_on_pg: expected exit $expected_exit, got $status" >&2
  exit 1
fi
grep -Eq -- "$regex" "$work/output" || {
  echo "lambda_transport_on_pg: output does not match /$regex/" >&2
  exit 1
}
