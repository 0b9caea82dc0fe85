#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and demos: initdb into a temp dir (as the `postgres`
# user when run as root, since initdb refuses root), trust auth, listening on 127.0.0.1 only on a
# free port, fsync off; started with pg_ctl -w (which waits until it accepts connections) and
# stopped by pg_ctl on its data dir. Nothing of the system's own cluster is touched.
#
#   scripts/postgres.sh start ENV_FILE        # start one; ENV_FILE gets `export PG...=` lines
#   scripts/postgres.sh stop ENV_FILE         # stop it and delete its files
#   scripts/postgres.sh with ENV_FILE -- CMD  # run CMD against a fresh database of that cluster
#   scripts/postgres.sh run -- CMD            # start a private cluster, run CMD, stop it
#
# CMD sees PGHOST, PGPORT, PGUSER and PGDATABASE, which libpq, psql, `ivsim --state-sql` and
# node's `pg` all read. `start`/`stop` suit CTest's FIXTURES_SETUP/FIXTURES_CLEANUP; `with` gives
# each test its own database, so tests sharing the cluster cannot see each other's rows.
set -euo pipefail

pgbin="${IVSIM_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Runs a PostgreSQL server program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local env_file=$1
  stop "$env_file" # a cluster left by an interrupted session
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/ivsim-pg.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  as_owner "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    return 1
  }
  # A port another process holds makes the start fail: try another random one. pg_ctl -w returns
  # once the server accepts connections (or has failed), so nothing here waits on a timer.
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    if as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off" start >/dev/null; then
      cat >"$env_file" <<EOF
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
export IVSIM_PG_DIR=$dir
EOF
      cat "$env_file"
      return 0
    fi
    echo "postgres.sh: start on port $port failed (attempt $attempt); see $dir/log" >&2
  done
  rm -rf "$dir"
  return 1
}

stop() {
  local env_file=$1
  [ -f "$env_file" ] || return 0
  local dir
  dir=$(sed -n 's/^export IVSIM_PG_DIR=//p' "$env_file")
  if [ -n "$dir" ] && [ -d "$dir/data" ]; then
    as_owner "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
      echo "postgres.sh: pg_ctl stop failed; see $dir/log" >&2
    rm -rf "$dir"
  fi
  rm -f "$env_file"
}

# Runs "$@" with PG* pointing at a new database of the cluster in $1, dropped afterwards.
with() {
  local env_file=$1
  shift
  [ "${1:-}" = "--" ] && shift
  # shellcheck disable=SC1090
  source "$env_file"
  local database="t_$$_${RANDOM}"
  psql -X -q -d postgres -c "CREATE DATABASE $database" >/dev/null
  local status=0
  PGDATABASE=$database "$@" || status=$?
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null || true
  return "$status"
}

run() {
  [ "${1:-}" = "--" ] && shift
  # Global, not local: the EXIT trap runs after this function has returned.
  run_env_file=$(mktemp "${TMPDIR:-/tmp}/ivsim-pg-env.XXXXXX")
  start "$run_env_file" >/dev/null
  trap 'stop "$run_env_file"' EXIT
  # shellcheck disable=SC1090
  source "$run_env_file"
  local status=0
  "$@" || status=$?
  return "$status"
}

case "${1:-}" in
start) start "${2:?usage: $0 start ENV_FILE}" ;;
stop) stop "${2:?usage: $0 stop ENV_FILE}" ;;
with) with "${2:?usage: $0 with ENV_FILE -- CMD...}" "${@:3}" ;;
run) run "${@:2}" ;;
*)
  echo "usage: $0 start ENV_FILE | stop ENV_FILE | with ENV_FILE -- CMD... | run -- CMD..." >&2
  exit 2
  ;;
esac
