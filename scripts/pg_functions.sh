# shellcheck shell=bash
# Shared by tests/pg_lib.sh (the tests' throw-away server) and scripts/cluster.sh (a primary and
# a hot standby on one machine): PostgreSQL 15's own binaries, run as an unprivileged user when
# called as root (initdb refuses root), each server on a unix socket in a directory of its own
# (no TCP), trust authentication (only the socket directory's owner can reach it).
# Usage: source pg_functions.sh; then pg_check_bins NAME... ; as_pg CMD... ; pg_initdb DATA LOG [OPTS];
# pg_start DATA LOG SOCKDIR PORT [SERVER OPTIONS]; pg_stop_data DATA; pg_url DB SOCKDIR PORT.
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
# The user the servers run as when called as root (the Debian package's `postgres`).
PG_OS_USER="${PG_OS_USER:-postgres}"

pg_check_bins() {  # pg_check_bins NAME...: fails naming the first binary that is missing
  local b
  for b in "$@"; do
    if [ ! -x "$PG_BIN/$b" ]; then
      echo "FAIL: $PG_BIN/$b not found: PostgreSQL 15 is needed (scripts/setup.sh --test or --cluster installs postgresql-15)"
      return 1
    fi
  done
}

as_pg() {  # as_pg CMD...: runs CMD as $PG_OS_USER when root, as the caller otherwise
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

pg_own() {  # pg_own PATH...: hands PATH to $PG_OS_USER when root
  if [ "$(id -u)" -eq 0 ]; then chown "$PG_OS_USER" "$@"; fi
}

pg_initdb() {  # pg_initdb DATA LOG [INITDB OPTIONS]: a new cluster, superuser `pacta`, UTF8, C locale
  local data="$1" log="$2"
  shift 2
  as_pg "$PG_BIN/initdb" -D "$data" -U pacta -A trust -E UTF8 --locale=C "$@" >"$log" 2>&1
}

pg_start() {  # pg_start DATA LOG SOCKDIR PORT [SERVER OPTIONS]: waits until it accepts connections
  local data="$1" log="$2" sock="$3" port="$4"
  shift 4
  as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses='' -k $sock -p $port -c fsync=on -c synchronous_commit=on -c max_connections=200 $*" \
    start >/dev/null 2>&1
}

pg_stop_data() {  # pg_stop_data DATA: a fast shutdown (open transactions rolled back), waits for it
  as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null 2>&1
}

pg_url() {  # pg_url DB SOCKDIR PORT: libpq's URI of database DB as user pacta
  echo "postgresql://pacta@/$1?host=$2&port=$3"
}
