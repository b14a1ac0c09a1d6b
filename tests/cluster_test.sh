#!/usr/bin/env bash
# scripts/cluster.sh for real (issue 12): a PostgreSQL 15 primary and hot standby, three `pacta
# serve` and nginx, started in a temporary directory. Checks that `status` finds every part;
# that a second `start` is refused; that a write through nginx is seen by every server within
# 1 s and replayed by the standby within 5 s; that nginx's pid, logs and configuration are in
# DIR; that as root PostgreSQL and nginx do not run as root; that `stop` ends every process;
# and that `start` again keeps the record (the same head).
# Usage: cluster_test.sh PACTA SOURCE_DIR
set -u
PACTA="$1"
SRC="$2"
CLUSTER="$SRC/scripts/cluster.sh"
# shellcheck source=scripts/pg_functions.sh
source "$SRC/scripts/pg_functions.sh"
pg_check_bins initdb pg_ctl pg_basebackup psql || exit 1
[ -x /usr/sbin/nginx ] || {
  echo "FAIL: /usr/sbin/nginx not found (scripts/setup.sh --test installs nginx)"
  exit 1
}
WORK=$(mktemp -d /tmp/pacta-cluster-test.XXXXXX)
chmod 755 "$WORK"
DIR="$WORK/c"
pass=0
fail=0
cleanup() {
  bash "$CLUSTER" stop "$DIR" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL $*"
}

# Four free ports in a row (nginx, then the three servers).
free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 50); do
  p=$((20000 + RANDOM % 20000))
  if free "$p" && free $((p + 1)) && free $((p + 2)) && free $((p + 3)); then
    PORT=$p
    break
  fi
done
[ -n "$PORT" ] || { echo "FAIL: no four free ports"; exit 1; }
cl() { CLUSTER_PORT=$PORT CLUSTER_PG_PORT=5432 PACTA="$PACTA" bash "$CLUSTER" "$@" "$DIR"; }

if ! cl start >"$WORK/start.log" 2>&1; then
  echo "FAIL: start:"
  cat "$WORK/start.log"
  tail -20 "$DIR"/log/*.log 2>/dev/null
  exit 1
fi
ok
PRIMARY=$(pg_url pacta "$DIR/sock" 5432)
STANDBY=$(pg_url pacta "$DIR/sock" 5433)

cl status >"$WORK/status.out" 2>&1
rc=$?
[ "$rc" = 0 ] && [ "$(grep -c ' running ' "$WORK/status.out")" = 6 ] && grep -q 'streaming' "$WORK/status.out" && ok ||
  bad "status after start (exit $rc): $(cat "$WORK/status.out")"

cl start >"$WORK/again.out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q 'already running' "$WORK/again.out" && ok || bad "a second start: exit $rc, $(cat "$WORK/again.out")"

# nginx: configuration, pid and logs in DIR; nothing of the system's.
grep -q "pid $DIR/run/nginx.pid" "$DIR/nginx.conf" && [ -s "$DIR/run/nginx.pid" ] && [ -f "$DIR/log/nginx-error.log" ] && ok ||
  bad "nginx's pid and logs are not in $DIR"
NGINX_PID=$(cat "$DIR/run/nginx.pid")
tr '\0' ' ' <"/proc/$NGINX_PID/cmdline" | grep -q -- "-c $DIR/nginx.conf" && ok || bad "nginx does not run with $DIR/nginx.conf"
if [ "$(id -u)" -eq 0 ]; then
  for pid in "$NGINX_PID" "$(head -1 "$DIR/primary/postmaster.pid")" "$(head -1 "$DIR/standby/postmaster.pid")"; do
    [ "$(ps -o user= -p "$pid")" != root ] && ok || bad "process $pid runs as root"
  done
fi

# A write through nginx: every server answers with it within 1 s, the standby replays it.
TOKEN=$("$PACTA" --db "$PRIMARY" --json token create --role recorder --label "cluster test" | jq -r .token)
code=$(curl -s -o "$WORK/w" -w '%{http_code}' --max-time 30 -X POST "http://127.0.0.1:$PORT/api/v1/actions" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary '{"treaty":"apmbc","state":"USA","kind":"accession","date":"2026-11-20","source":"cluster test"}')
[ "$code" = 201 ] && ok || bad "a write through nginx: $code $(cat "$WORK/w")"
start=$(date +%s%N)
for i in 1 2 3; do
  seen=0
  while [ $((($(date +%s%N) - start) / 1000000)) -lt 1000 ]; do
    if curl -s "http://127.0.0.1:$((PORT + i))/api/v1/treaties/apmbc/participants/USA" | jq -e '.status == "contracting"' >/dev/null; then
      seen=1
      break
    fi
    sleep 0.02
  done
  [ "$seen" = 1 ] && ok || bad "server $i does not show the write made through nginx within 1 s"
done
HEAD=$("$PACTA" --db "$PRIMARY" --json verify | jq -r .head)
replayed=""
for _ in $(seq 1 50); do
  replayed=$("$PACTA" --db "$STANDBY" --json verify 2>/dev/null | jq -r .head)
  [ "$replayed" = "$HEAD" ] && break
  sleep 0.1
done
[ -n "$HEAD" ] && [ "$HEAD" != null ] && [ "$replayed" = "$HEAD" ] && ok || bad "the standby's head is '$replayed', the primary's '$HEAD'"

# stop ends every process; status then finds none.
PIDS="$NGINX_PID $(cat "$DIR"/run/serve-*.pid) $(head -1 "$DIR/primary/postmaster.pid") $(head -1 "$DIR/standby/postmaster.pid")"
cl stop >"$WORK/stop.out" 2>&1 && ok || bad "stop: $(cat "$WORK/stop.out")"
left=""
for pid in $PIDS; do  # a zombie (exited, not yet reaped by its parent) is not running
  kill -0 "$pid" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z' "/proc/$pid/stat" && left="$left $pid($(ps -o stat=,args= -p "$pid" | cut -c1-60))"
done
[ -z "$left" ] && ok || bad "still running after stop:$left"
grep -q 'killed' "$WORK/stop.out" && bad "stop had to kill: $(cat "$WORK/stop.out")" || ok
cl status >/dev/null 2>&1
rc=$?
[ "$rc" = 3 ] && ok || bad "status after stop: exit $rc"

# start again: the same record.
if cl start >"$WORK/start2.log" 2>&1; then
  ok
  [ "$("$PACTA" --db "$PRIMARY" --json verify | jq -r .head)" = "$HEAD" ] && ok || bad "the head changed across stop and start"
  cl stop >/dev/null 2>&1 && ok || bad "second stop"
else
  bad "start after stop: $(cat "$WORK/start2.log")"
fi

echo "cluster_test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
