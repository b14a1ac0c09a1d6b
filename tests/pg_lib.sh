# Shared by the PostgreSQL tests: starts a throw-away PostgreSQL 15 cluster in a temporary
# directory (unix socket there, no TCP), and stops and removes it at exit. As root, the
# server runs as the `postgres` user (initdb refuses root). Missing binaries are a failure
# (scripts/setup.sh --test installs postgresql-15), never a silent skip. The functions that
# run PostgreSQL are scripts/pg_functions.sh's, shared with scripts/cluster.sh.
# Usage: source pg_lib.sh  -> PG_URL (database "pacta"), pg_new_db NAME -> prints its URL,
# pg_stop (called at exit; a caller with its own EXIT trap calls it there).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/pg_functions.sh"
PG_PORT=5432
pg_check_bins initdb pg_ctl createdb || exit 1
PG_DIR=$(mktemp -d /tmp/pacta-pg.XXXXXX)
chmod 755 "$PG_DIR"
pg_own "$PG_DIR"

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    pg_stop_data "$PG_DIR/data"
    rm -rf "$PG_DIR"
  fi
}
trap pg_stop EXIT

if ! pg_initdb "$PG_DIR/data" "$PG_DIR/initdb.log"; then
  echo "FAIL: initdb failed:"; cat "$PG_DIR/initdb.log"; exit 1
fi
if ! pg_start "$PG_DIR/data" "$PG_DIR/server.log" "$PG_DIR" "$PG_PORT"; then
  echo "FAIL: the PostgreSQL server did not start:"; tail -20 "$PG_DIR/server.log"; exit 1
fi

pg_new_db() {  # pg_new_db NAME: creates database NAME, prints its URL
  as_pg "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U pacta -E UTF8 "$1" || return 1
  pg_url "$1" "$PG_DIR" "$PG_PORT"
}
PG_URL=$(pg_new_db pacta) || { echo "FAIL: createdb failed"; exit 1; }
