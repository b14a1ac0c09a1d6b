# Shared by the PostgreSQL tests: starts a throw-away PostgreSQL 15 cluster in a temporary
# directory (unix socket there, no TCP), and stops and removes it at exit. As root, the
# server runs as the `postgres` user (initdb refuses root). Missing binaries are a failure
# (scripts/setup.sh --test installs postgresql-15), never a silent skip.
# Usage: source pg_lib.sh  -> PG_URL (database "pacta"), pg_new_db NAME -> prints its URL,
# pg_stop (called at exit; a caller with its own EXIT trap calls it there).
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT=5432
for b in initdb pg_ctl createdb; do
  if [ ! -x "$PG_BIN/$b" ]; then
    echo "FAIL: $PG_BIN/$b not found: the PostgreSQL tests need PostgreSQL 15 (scripts/setup.sh --test installs postgresql-15)"
    exit 1
  fi
done
PG_DIR=$(mktemp -d /tmp/pacta-pg.XXXXXX)
chmod 755 "$PG_DIR"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; fi

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
}
trap pg_stop EXIT

if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U pacta -A trust -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1; then
  echo "FAIL: initdb failed:"; cat "$PG_DIR/initdb.log"; exit 1
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $PG_DIR -p $PG_PORT -c fsync=on -c synchronous_commit=on -c max_connections=200" \
  start >/dev/null 2>&1; then
  echo "FAIL: the PostgreSQL server did not start:"; tail -20 "$PG_DIR/server.log"; exit 1
fi

pg_new_db() {  # pg_new_db NAME: creates database NAME, prints its URL
  as_pg "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U pacta -E UTF8 "$1" || return 1
  echo "postgresql://pacta@/$1?host=$PG_DIR&port=$PG_PORT"
}
PG_URL=$(pg_new_db pacta) || { echo "FAIL: createdb failed"; exit 1; }
