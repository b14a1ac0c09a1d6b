#!/usr/bin/env bash
# pacta on PostgreSQL in its production shape, on one machine (issue 12; docs/deploy.md): a
# PostgreSQL 15 primary and one hot standby fed by streaming replication (pg_basebackup -R, a
# replication slot), `pacta init` on the primary, three `pacta serve` processes on it, and nginx
# in front of them as the load balancer. Nothing listens beyond this machine: PostgreSQL on unix
# sockets in DIR/sock only (trust authentication: DIR is readable by the cluster's user alone),
# the servers and nginx on 127.0.0.1. Run as root, PostgreSQL and nginx run as the unprivileged
# user `postgres` (initdb refuses root; $PG_OS_USER names another), and so does pacta when that
# user can run the binary and read the checkout (else, a clone under /root, pacta runs as root).
# No system configuration is used or touched: nginx runs with `-p DIR/nginx -c DIR/nginx.conf`,
# its pid and logs in DIR.
#
#   scripts/cluster.sh start [DIR]    start, creating what DIR lacks (data kept across stop/start);
#                                     refuses while any part of the cluster in DIR is running
#   scripts/cluster.sh stop [DIR]     nginx, the servers (SIGTERM), the standby, the primary
#   scripts/cluster.sh status [DIR]   what runs, where, replication, the ledger head; exit 0 all
#                                     running, 1 some, 3 none
#
# DIR: default build/cluster-run, or /tmp/pacta-cluster when the checkout is closed to the
# `postgres` user (remove it, stopped, to start afresh). Environment, read by
# `start` and kept in DIR/cluster.env for `stop` and `status`: PACTA (the binary, default
# build/release/pacta), CLUSTER_PORT (nginx, default 8090; the servers take the next three),
# CLUSTER_PG_PORT (the primary's socket port, default 5432; the standby's is the next),
# CLUSTER_PG_OPTS (more server options for both PostgreSQL servers), CLUSTER_SERVE_OPTS (more
# `pacta serve` options). The servers read from the standby (`--read-db`) when the binary has
# that option, and from the primary otherwise (start says which).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/pg_functions.sh
source "$ROOT/scripts/pg_functions.sh"
NGINX=${NGINX:-/usr/sbin/nginx}
SERVERS=3
SLOT=pacta_standby

usage() {
  echo "usage: scripts/cluster.sh start|stop|status [DIR]" >&2
  exit 2
}
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
CMD="$1"
# The default DIR is in the checkout, unless the checkout is closed to $PG_OS_USER (a clone under
# /root, mode 0700): then /tmp/pacta-cluster. Both are worked out the same way by every command.
if [ "$(id -u)" -ne 0 ] || runuser -u "$PG_OS_USER" -- test -x "$ROOT" 2>/dev/null; then
  DEFAULT_DIR="$ROOT/build/cluster-run"
else
  DEFAULT_DIR=/tmp/pacta-cluster
fi
DIR="${2:-$DEFAULT_DIR}"
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
case "${PACTA:-}" in "" | /*) ;; *) [ -e "$PWD/$PACTA" ] && PACTA="$PWD/$PACTA" ;; esac
cd / || exit 1  # every path is absolute from here; a directory closed to $PG_OS_USER is not its cwd
ENV_FILE="$DIR/cluster.env"

say() { echo "cluster: $*"; }
die() {
  echo "cluster: $*" >&2
  exit 1
}

load_env() {  # the settings of the last start, else the environment's
  if [ -f "$ENV_FILE" ]; then
    # shellcheck disable=SC1090
    source "$ENV_FILE"
  fi
  PACTA="${PACTA:-$ROOT/build/release/pacta}"
  case "$PACTA" in /*) ;; *) PACTA="$ROOT/$PACTA" ;; esac
  CLUSTER_PORT="${CLUSTER_PORT:-8090}"
  CLUSTER_PG_PORT="${CLUSTER_PG_PORT:-5432}"
  CLUSTER_PG_OPTS="${CLUSTER_PG_OPTS:-}"
  CLUSTER_SERVE_OPTS="${CLUSTER_SERVE_OPTS:-}"
  SOCK="$DIR/sock"
  PRIMARY_PORT="$CLUSTER_PG_PORT"
  STANDBY_PORT=$((CLUSTER_PG_PORT + 1))
  PRIMARY_URL=$(pg_url pacta "$SOCK" "$PRIMARY_PORT")
  STANDBY_URL=$(pg_url pacta "$SOCK" "$STANDBY_PORT")
}

save_env() {
  {
    printf 'PACTA=%q\n' "$PACTA"
    printf 'CLUSTER_PORT=%q\n' "$CLUSTER_PORT"
    printf 'CLUSTER_PG_PORT=%q\n' "$CLUSTER_PG_PORT"
    printf 'CLUSTER_PG_OPTS=%q\n' "$CLUSTER_PG_OPTS"
    printf 'CLUSTER_SERVE_OPTS=%q\n' "$CLUSTER_SERVE_OPTS"
  } >"$ENV_FILE"
}

# A process that has exited but is not yet reaped (a zombie) is not alive.
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$1/stat"; }
# pacta itself (init, serve) runs as $PG_OS_USER too when that user can run the binary and read
# the tree; otherwise (a checkout under /root) as the caller.
serve_user_ok() {
  [ "$(id -u)" -ne 0 ] || { as_pg test -x "$PACTA" && as_pg test -r "$ROOT/treaties/apmbc.toml"; } 2>/dev/null
}
as_serve() {
  if [ "$(id -u)" -eq 0 ] && [ "${SERVE_AS_CALLER:-0}" = 1 ]; then "$@"; else as_pg "$@"; fi
}
pid_of() { cat "$DIR/run/$1.pid" 2>/dev/null; }
pg_running() { [ -f "$1/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }
psql_at() {  # psql_at PORT SQL: one value per line
  as_pg "$PG_BIN/psql" -X -q -At -h "$SOCK" -p "$1" -U pacta -d "${PSQL_DB:-pacta}" -c "$2" 2>/dev/null
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
serve_port() { echo $((CLUSTER_PORT + $1)); }

# What of the cluster in DIR runs: one line per part, "NAME PID|-".
running_parts() {
  local i p
  for i in $(seq 1 $SERVERS); do
    p=$(pid_of "serve-$i")
    alive "$p" && echo "serve-$i $p"
  done
  p=$(pid_of nginx)
  alive "$p" && echo "nginx $p"
  pg_running "$DIR/standby" && echo "standby $(head -1 "$DIR/standby/postmaster.pid")"
  pg_running "$DIR/primary" && echo "primary $(head -1 "$DIR/primary/postmaster.pid")"
  return 0
}

# ---- stop ---------------------------------------------------------------------------------
stop_pid() {  # stop_pid NAME PID SIGNAL: signal, then wait up to 20 s; SIGKILL only past that
  local name="$1" pid="$2" sig="$3"
  alive "$pid" || return 0
  kill "-$sig" "$pid" 2>/dev/null
  for _ in $(seq 1 200); do
    alive "$pid" || {
      say "stopped $name (pid $pid)"
      return 0
    }
    sleep 0.1
  done
  say "$name (pid $pid) did not stop within 20 s of SIG$sig: killed"
  kill -KILL "$pid" 2>/dev/null
  return 1
}

do_stop() {
  local rc=0 i
  # The load balancer first (no new requests), then the servers (each finishes what it is
  # answering), then the standby, then the primary (a fast shutdown: open transactions roll back).
  stop_pid nginx "$(pid_of nginx)" QUIT || rc=1
  for i in $(seq 1 $SERVERS); do stop_pid "serve-$i" "$(pid_of "serve-$i")" TERM || rc=1; done
  rm -f "$DIR"/run/*.pid
  local pg pm
  for pg in standby primary; do
    if pg_running "$DIR/$pg"; then
      pm=$(head -1 "$DIR/$pg/postmaster.pid" 2>/dev/null)
      if pg_stop_data "$DIR/$pg"; then
        # pg_ctl returns once the pid file is gone; the postmaster exits just after
        for _ in $(seq 1 100); do alive "$pm" || break; sleep 0.1; done
        say "stopped PostgreSQL $pg"
      else
        say "PostgreSQL $pg did not stop (see $DIR/log/$pg.log)"
        rc=1
      fi
    fi
  done
  return $rc
}

# ---- start --------------------------------------------------------------------------------
fail_start() {
  echo "cluster: $*" >&2
  echo "cluster: stopping what was started" >&2
  do_stop >&2
  exit 1
}

start_primary() {
  if [ ! -f "$DIR/primary/PG_VERSION" ]; then
    pg_initdb "$DIR/primary" "$DIR/log/initdb.log" --data-checksums ||
      fail_start "initdb failed: $(tail -5 "$DIR/log/initdb.log")"
    say "created the primary's data directory $DIR/primary"
  fi
  pg_start "$DIR/primary" "$DIR/log/primary.log" "$SOCK" "$PRIMARY_PORT" \
    "-c wal_level=replica -c max_wal_senders=5 -c max_replication_slots=5 -c wal_keep_size=256MB $CLUSTER_PG_OPTS" ||
    fail_start "the primary did not start: $(tail -5 "$DIR/log/primary.log")"
  if [ "$(PSQL_DB=postgres psql_at "$PRIMARY_PORT" "SELECT 1 FROM pg_database WHERE datname = 'pacta'")" != 1 ]; then
    as_pg "$PG_BIN/createdb" -h "$SOCK" -p "$PRIMARY_PORT" -U pacta -E UTF8 pacta || fail_start "createdb pacta failed"
  fi
  say "primary: PostgreSQL 15 on $SOCK port $PRIMARY_PORT (pid $(head -1 "$DIR/primary/postmaster.pid"))"
}

start_standby() {
  if [ ! -f "$DIR/standby/PG_VERSION" ]; then
    local create=(-C)
    [ "$(PSQL_DB=postgres psql_at "$PRIMARY_PORT" "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'")" = 1 ] && create=()
    # -R writes primary_conninfo and standby.signal: the copy starts as a hot standby streaming
    # from the primary through the slot (the primary keeps the WAL the standby has not received).
    as_pg "$PG_BIN/pg_basebackup" -h "$SOCK" -p "$PRIMARY_PORT" -U pacta -D "$DIR/standby" -R -X stream -c fast \
      -S "$SLOT" "${create[@]}" >"$DIR/log/basebackup.log" 2>&1 ||
      fail_start "pg_basebackup failed: $(tail -5 "$DIR/log/basebackup.log")"
    say "created the standby from a base backup of the primary ($DIR/standby)"
  fi
  pg_start "$DIR/standby" "$DIR/log/standby.log" "$SOCK" "$STANDBY_PORT" "-c hot_standby=on $CLUSTER_PG_OPTS" ||
    fail_start "the standby did not start: $(tail -5 "$DIR/log/standby.log")"
  local state=""
  for _ in $(seq 1 300); do
    state=$(psql_at "$PRIMARY_PORT" "SELECT r.state FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = '$SLOT'")
    [ "$state" = streaming ] && break
    sleep 0.1
  done
  [ "$state" = streaming ] || fail_start "the standby does not stream from the primary (state '${state}'): $(tail -5 "$DIR/log/standby.log")"
  [ "$(psql_at "$STANDBY_PORT" "SELECT pg_is_in_recovery()")" = t ] || fail_start "the standby is not in recovery"
  say "standby: hot standby on $SOCK port $STANDBY_PORT, streaming from the primary (slot $SLOT)"
}

start_server() {  # start_server I READ_ARGS...
  local i="$1" port log pid
  shift
  port=$(serve_port "$i")
  log="$DIR/log/serve-$i.log"
  : >"$log"
  pg_own "$log"
  # The shell records its own pid, then becomes the server (exec): the pid file names pacta.
  # --max-per-address 0: behind nginx every client has nginx's address.
  # shellcheck disable=SC2086
  as_serve env PACTA_HOME="$ROOT" setsid sh -c 'echo $$ >"$0"; log=$1; shift; exec "$@" >>"$log" 2>&1 </dev/null' \
    "$DIR/run/serve-$i.pid" "$log" \
    "$PACTA" --db "$PRIMARY_URL" serve "$@" --host 127.0.0.1 --port "$port" --max-per-address 0 \
    --public-url "http://127.0.0.1:$CLUSTER_PORT" $CLUSTER_SERVE_OPTS </dev/null >>"$log" 2>&1 &
  for _ in $(seq 1 300); do
    grep -qs "serving http" "$log" && break
    pid=$(pid_of "serve-$i")
    if [ -n "$pid" ] && ! alive "$pid"; then break; fi
    sleep 0.1
  done
  grep -qs "serving http" "$log" || fail_start "pacta serve $i did not start: $(tail -5 "$log")"
  say "serve-$i: http://127.0.0.1:$port/ (pid $(pid_of "serve-$i"))"
}

write_nginx_conf() {
  local i
  {
    cat <<EOF
# Written by scripts/cluster.sh start: nginx in front of the cluster's pacta servers. Run as
# $NGINX -p $DIR/nginx -c $DIR/nginx.conf (as the cluster's user; nothing of /etc/nginx is read).
worker_processes 2;
pid $DIR/run/nginx.pid;
error_log $DIR/log/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/body;
  proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi;
  scgi_temp_path $DIR/nginx/scgi;
  # The servers are stateless: any one answers any request (least busy first). A server that
  # refuses the connection or does not answer is skipped for reads; a POST is never sent twice.
  upstream pacta {
    least_conn;
EOF
    for i in $(seq 1 $SERVERS); do echo "    server 127.0.0.1:$(serve_port "$i") max_fails=1 fail_timeout=5s;"; done
    cat <<EOF
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$CLUSTER_PORT;
    client_max_body_size 64k;
    location / {
      proxy_pass http://pacta;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout http_502;
      proxy_read_timeout 60s;
    }
  }
}
EOF
  } >"$DIR/nginx.conf"
}

start_nginx() {
  [ -x "$NGINX" ] || fail_start "$NGINX not found (scripts/setup.sh --cluster installs nginx)"
  write_nginx_conf
  mkdir -p "$DIR/nginx"
  pg_own "$DIR/nginx" "$DIR/nginx.conf"
  as_pg "$NGINX" -t -q -p "$DIR/nginx" -c "$DIR/nginx.conf" -e "$DIR/log/nginx-error.log" >"$DIR/log/nginx-start.log" 2>&1 ||
    fail_start "nginx refuses $DIR/nginx.conf: $(cat "$DIR/log/nginx-start.log")"
  as_pg "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx.conf" -e "$DIR/log/nginx-error.log" >>"$DIR/log/nginx-start.log" 2>&1 ||
    fail_start "nginx did not start: $(cat "$DIR/log/nginx-start.log"; tail -3 "$DIR/log/nginx-error.log")"
  local code=""
  for _ in $(seq 1 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$CLUSTER_PORT/api/v1/treaties")
    [ "$code" = 200 ] && break
    sleep 0.1
  done
  [ "$code" = 200 ] || fail_start "nginx answers $code on http://127.0.0.1:$CLUSTER_PORT/api/v1/treaties"
  say "nginx: http://127.0.0.1:$CLUSTER_PORT/ -> serve-1..$SERVERS (pid $(pid_of nginx))"
}

do_start() {
  if [ -d "$DIR" ]; then
    local parts
    parts=$(running_parts)
    [ -z "$parts" ] || die "already running in $DIR ($(echo "$parts" | awk '{print $1}' | tr '\n' ' ')); stop it first: scripts/cluster.sh stop $DIR"
  fi
  pg_check_bins initdb pg_ctl pg_basebackup createdb psql || exit 1
  [ -x "$PACTA" ] || die "$PACTA not found: build it (make build) or name it in \$PACTA"
  command -v curl >/dev/null || die "curl not found (scripts/setup.sh installs it)"
  local i p
  for p in "$CLUSTER_PORT" $(for i in $(seq 1 $SERVERS); do serve_port "$i"; done); do
    port_busy "$p" && die "127.0.0.1:$p is in use: choose other ports with CLUSTER_PORT (nginx; the servers take the next $SERVERS)"
  done
  mkdir -p "$DIR/sock" "$DIR/log" "$DIR/run"
  chmod 700 "$DIR"
  pg_own "$DIR" "$DIR/sock" "$DIR/log" "$DIR/run"
  if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL and nginx run as $PG_OS_USER: it must reach DIR
    as_pg test -w "$DIR" || die "the user $PG_OS_USER cannot write to $DIR (a parent directory is closed to it): choose another DIR, e.g. /tmp/pacta-cluster"
  fi
  save_env
  [ "$SERVE_AS_CALLER" = 1 ] && say "$PG_OS_USER cannot run $PACTA or read $ROOT: the pacta servers run as $(id -un)"

  start_primary
  as_serve env PACTA_HOME="$ROOT" "$PACTA" --db "$PRIMARY_URL" init >"$DIR/log/init.log" 2>&1 ||
    fail_start "pacta init failed: $(tail -5 "$DIR/log/init.log")"
  say "pacta init: $(tail -1 "$DIR/log/init.log")"
  start_standby

  local read_args=()
  if "$PACTA" serve --help 2>&1 | grep -q -- '--read-db'; then
    read_args=(--read-db "$STANDBY_URL")
    say "the servers write to the primary and read from the standby (--read-db)"
  else
    say "this pacta has no --read-db: the servers read from the primary too (the standby only replicates)"
  fi
  for i in $(seq 1 $SERVERS); do start_server "$i" "${read_args[@]}"; done
  start_nginx
  echo
  echo "  API:       http://127.0.0.1:$CLUSTER_PORT/api/v1/treaties (web page: http://127.0.0.1:$CLUSTER_PORT/)"
  echo "  primary:   $PRIMARY_URL"
  echo "  standby:   $STANDBY_URL"
  echo "  a token:   $PACTA --db '$PRIMARY_URL' token create --role recorder"
  echo "  status:    scripts/cluster.sh status $DIR"
  echo "  stop:      scripts/cluster.sh stop $DIR (make cluster-stop)"
}

# ---- status -------------------------------------------------------------------------------
do_status() {
  [ -d "$DIR" ] || {
    say "nothing in $DIR"
    return 3
  }
  local up=0 down=0 i pid
  line() {  # line NAME RUNNING DETAIL
    if [ "$2" = 1 ]; then
      up=$((up + 1))
      printf '  %-8s running  %s\n' "$1" "$3"
    else
      down=$((down + 1))
      printf '  %-8s stopped\n' "$1"
    fi
  }
  echo "cluster in $DIR:"
  if pg_running "$DIR/primary"; then
    line primary 1 "pid $(head -1 "$DIR/primary/postmaster.pid"), $PRIMARY_URL"
  else line primary 0; fi
  if pg_running "$DIR/standby"; then
    local lag
    lag=$(psql_at "$STANDBY_PORT" "SELECT coalesce('last transaction replayed ' || round(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::numeric, 3) || ' s ago', 'no transaction replayed since it started')")
    line standby 1 "pid $(head -1 "$DIR/standby/postmaster.pid"), $STANDBY_URL; $lag"
  else line standby 0; fi
  if pg_running "$DIR/primary"; then
    psql_at "$PRIMARY_PORT" "SELECT application_name || ': ' || state || ', sent ' || sent_lsn || ', replayed ' || coalesce(replay_lsn::text, '-') FROM pg_stat_replication" |
      sed 's/^/           replication /'
  fi
  for i in $(seq 1 $SERVERS); do
    pid=$(pid_of "serve-$i")
    if alive "$pid"; then
      line "serve-$i" 1 "pid $pid, http://127.0.0.1:$(serve_port "$i")/$(grep -qs 'reading from' "$DIR/log/serve-$i.log" && echo ', reads from the standby')"
    else line "serve-$i" 0; fi
  done
  pid=$(pid_of nginx)
  if alive "$pid"; then
    line nginx 1 "pid $pid, http://127.0.0.1:$CLUSTER_PORT/ ($(curl -s -o /dev/null -w 'GET /api/v1/treaties: %{http_code}' --max-time 5 "http://127.0.0.1:$CLUSTER_PORT/api/v1/treaties"))"
  else line nginx 0; fi
  if pg_running "$DIR/primary"; then
    echo "  ledger   $(as_serve env PACTA_HOME="$ROOT" "$PACTA" --db "$PRIMARY_URL" verify 2>&1 | tr '\n' ' ')"
  fi
  [ "$down" = 0 ] && return 0
  [ "$up" = 0 ] && return 3
  return 1
}

load_env
SERVE_AS_CALLER=0
serve_user_ok || SERVE_AS_CALLER=1
case "$CMD" in
start) do_start ;;
stop)
  [ -d "$DIR" ] || {
    say "nothing in $DIR"
    exit 0
  }
  [ -n "$(running_parts)" ] || {
    say "nothing running in $DIR"
    exit 0
  }
  do_stop
  ;;
status) do_status ;;
*) usage ;;
esac
