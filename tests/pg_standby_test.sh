#!/usr/bin/env bash
# pacta on a PostgreSQL primary with a hot standby (pg_basebackup, streaming replication), both
# started here (pg_lib.sh): a server reading from the standby (`serve --read-db`) answers with a
# write made through another server within 1 s, also while the standby's replay is paused; a
# client's own write is in the very next answer (X-Pacta-Head never older); while the database
# is down, reads of what a server holds are answered marked stale (X-Pacta-Stale) and writes
# are 503; kill -9 of the primary during writes loses nothing acknowledged, and verify stays ok
# on the primary and the standby. Usage: pg_standby_test.sh PACTA SOURCE_DIR
set -u
PACTA="$1"
export PACTA_HOME="$2" PACTA_TODAY=2026-12-05
source "$(dirname "$0")/pg_lib.sh"
WORK=$(mktemp -d)
pass=0
fail=0
SERVER_PIDS=()
STANDBY="$PG_DIR/standby"
cleanup() {
  for p in "${SERVER_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  [ -d "$STANDBY" ] && as_pg "$PG_BIN/pg_ctl" -D "$STANDBY" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$WORK"
  pg_stop
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL $*"
}
ms() { echo $(($(date +%s%N) / 1000000)); }
primary_start() { pg_start "$PG_DIR/data" "$PG_DIR/server.log" "$PG_DIR" "$PG_PORT"; }
psql_at() {  # psql_at PORT SQL
  as_pg "$PG_BIN/psql" -X -q -t -A -h "$PG_DIR" -p "$1" -U pacta -d pacta -c "$2"
}

"$PACTA" --db "$PG_URL" init >/dev/null || { echo "init failed"; exit 1; }
REC=$("$PACTA" --db "$PG_URL" --json token create --role recorder --label "standby test" | jq -r .token)

# --- the standby ------------------------------------------------------------------------------
as_pg "$PG_BIN/pg_basebackup" -h "$PG_DIR" -p "$PG_PORT" -U pacta -D "$STANDBY" -R -X stream -c fast >"$WORK/basebackup.log" 2>&1 ||
  { echo "FAIL pg_basebackup: $(cat "$WORK/basebackup.log")"; exit 1; }
pg_start "$STANDBY" "$PG_DIR/standby.log" "$PG_DIR" 5433 -c hot_standby=on ||
  { echo "FAIL the standby did not start: $(tail -20 "$PG_DIR/standby.log")"; exit 1; }
STANDBY_URL=$(pg_url pacta "$PG_DIR" 5433)
[ "$(psql_at 5433 'SELECT pg_is_in_recovery()')" = t ] && ok || bad "the standby is not in recovery"
"$PACTA" --db "$STANDBY_URL" verify | grep -q "hash chain intact" && ok || bad "verify on the standby: $("$PACTA" --db "$STANDBY_URL" verify 2>&1)"
"$PACTA" --db "$STANDBY_URL" record apmbc USA accession --date 2026-11-20 --source x >"$WORK/ro.out" 2>&1
[ $? -ne 0 ] && ok || bad "a write on the standby was accepted: $(cat "$WORK/ro.out")"
"$PACTA" --db "$WORK/x.db" serve --read-db "$STANDBY_URL" --port 0 >"$WORK/mixed.out" 2>&1
grep -q "both --db and --read-db must be postgresql" "$WORK/mixed.out" && ok || bad "--read-db with SQLite: $(cat "$WORK/mixed.out")"

BASES=()
start_server() {  # start_server NAME ARGS...
  local name=$1
  shift
  local log="$WORK/$name.log"
  "$PACTA" --db "$PG_URL" serve --port 0 --refresh 0.5 "$@" >"$log" 2>&1 &
  SERVER_PIDS+=($!)
  for _ in $(seq 1 300); do
    grep -qs "serving http" "$log" && break
    sleep 0.1
  done
  local port
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')
  [ -n "$port" ] || { echo "server $name did not start:"; cat "$log"; exit 1; }
  BASES+=("http://127.0.0.1:$port/api/v1")
}
start_server reader --read-db "$STANDBY_URL"  # BASES[0]: reads from the standby
start_server plain                            # BASES[1]: reads from the primary
READER=${BASES[0]}
PLAIN=${BASES[1]}
grep -q "reading from postgresql" "$WORK/reader.log" && ok || bad "the reader's start-up line: $(cat "$WORK/reader.log")"

post() {  # post BASE PATH BODY OUT: status in OUT.rc, headers in OUT.h
  curl -s -o "$4" -D "$4.h" -w '%{http_code}' --max-time 60 -X POST "$1$2" -H "Authorization: Bearer $REC" \
    -H 'Content-Type: application/json' --data-binary "$3" >"$4.rc"
}
header() { grep -i "^$1:" "$2" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
seen_within() {  # seen_within BASE STATE STATUS MS: 0 when the participant shows STATUS in time
  local start
  start=$(ms)
  while [ $(($(ms) - start)) -lt "$4" ]; do
    curl -s "$1/treaties/apmbc/participants/$2" | jq -e ".status == \"$3\"" >/dev/null && return 0
    sleep 0.02
  done
  return 1
}

# --- a write made through the other server is seen through the standby within 1 s -------------
for state in RUS CHN; do
  post "$PLAIN" /actions "{\"treaty\":\"apmbc\",\"state\":\"$state\",\"kind\":\"accession\",\"date\":\"2026-11-20\",\"source\":\"standby test\"}" "$WORK/w"
  [ "$(cat "$WORK/w.rc")" = 201 ] || { bad "accession of $state: $(cat "$WORK/w.rc") $(cat "$WORK/w")"; continue; }
  t0=$(ms)
  seen_within "$READER" "$state" contracting 1000 && ok || bad "the standby reader does not show $state's accession within 1 s"
  echo "a write through the primary server seen through the standby reader after $(($(ms) - t0)) ms"
done

# --- read your own writes through the standby reader -------------------------------------------
mapfile -t PARTIES < <("$PACTA" --db "$PG_URL" --json parties apmbc --on 2026-12-01 | jq -r '.parties[] | select(.status == "party") | .state')
stale_reads=0
for i in $(seq 0 19); do
  state=${PARTIES[$i]}
  post "$READER" /steps "{\"state\":\"$state\",\"treaty\":\"apmbc\",\"date\":\"2026-11-2$((i % 10))\",\"kind\":\"statement\",\"description\":\"own write $i\",\"source\":\"standby test\"}" "$WORK/o"
  [ "$(cat "$WORK/o.rc")" = 201 ] || { bad "own write $i: $(cat "$WORK/o.rc") $(cat "$WORK/o")"; continue; }
  id=$(jq -r .id "$WORK/o")
  curl -s -D "$WORK/o.gh" -o "$WORK/o.g" "$READER/treaties/apmbc/participants/$state/timeline"
  h=$(header X-Pacta-Head "$WORK/o.gh")
  if [ -z "$h" ] || [ "$h" -lt "$id" ] || ! grep -q "own write $i" "$WORK/o.g"; then stale_reads=$((stale_reads + 1)); fi
done
[ "$stale_reads" = 0 ] && ok || bad "$stale_reads of 20 reads right after the client's own write showed an older head"

# --- replay paused on the standby: own writes and others' still show within 1 s ----------------
psql_at 5433 'SELECT pg_wal_replay_pause()' >/dev/null
post "$READER" /actions '{"treaty":"apmbc","state":"PAK","kind":"accession","date":"2026-11-20","source":"standby test"}' "$WORK/p"
[ "$(cat "$WORK/p.rc")" = 201 ] && ok || bad "a write through the reader while replay is paused: $(cat "$WORK/p.rc") $(cat "$WORK/p")"
curl -s "$READER/treaties/apmbc/participants/PAK" | jq -e '.status == "contracting"' >/dev/null && ok ||
  bad "the reader's own write is not in its next answer while the standby lags"
post "$PLAIN" /actions '{"treaty":"apmbc","state":"IND","kind":"accession","date":"2026-11-20","source":"standby test"}' "$WORK/p"
t0=$(ms)
seen_within "$READER" IND contracting 1000 && ok || bad "another server's write is not seen through a lagging standby within 1 s"
echo "a write seen through a paused standby's reader (from the primary) after $(($(ms) - t0)) ms"
psql_at 5433 'SELECT pg_wal_replay_resume()' >/dev/null

# --- the database down: stale reads, 503 writes, nothing lost ----------------------------------
curl -s "$PLAIN/treaties/apmbc" >/dev/null  # held by the plain server
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
code=$(curl -s -D "$WORK/s.h" -o "$WORK/s" -w '%{http_code}' "$PLAIN/treaties/apmbc")
[ "$code" = 200 ] && [ -n "$(header X-Pacta-Stale "$WORK/s.h")" ] && ok ||
  bad "a read of what the server holds while the database is down: $code, stale '$(header X-Pacta-Stale "$WORK/s.h")'"
code=$(curl -s -o "$WORK/s" -w '%{http_code}' "$PLAIN/treaties/rome")
[ "$code" = 503 ] && ok || bad "a read of what the server does not hold while the database is down: $code (expected 503)"
post "$PLAIN" /actions '{"treaty":"apmbc","state":"ISR","kind":"accession","date":"2026-11-20","source":"standby test"}' "$WORK/d"
[ "$(cat "$WORK/d.rc")" = 503 ] && ok || bad "a write while the database is down: $(cat "$WORK/d.rc") (expected 503)"
primary_start || { echo "FAIL the primary did not start again: $(tail -20 "$PG_DIR/server.log")"; exit 1; }
ok_again=0
for _ in $(seq 1 100); do
  post "$PLAIN" /actions '{"treaty":"apmbc","state":"ISR","kind":"accession","date":"2026-11-20","source":"standby test"}' "$WORK/d"
  [ "$(cat "$WORK/d.rc")" = 201 ] && { ok_again=1; break; }
  sleep 0.1
done
[ "$ok_again" = 1 ] && ok || bad "writes do not work again once the database is back: $(cat "$WORK/d.rc") $(cat "$WORK/d")"
code=$(curl -s -D "$WORK/s.h" -o /dev/null -w '%{http_code}' "$PLAIN/treaties/apmbc")
[ "$code" = 200 ] && [ -z "$(header X-Pacta-Stale "$WORK/s.h")" ] && ok || bad "reads still stale once the database is back"

# --- kill -9 of the primary during writes --------------------------------------------------------
# Two writers (one per server) write until told to stop; the primary is killed and started
# again while they run. Every acknowledged write must be in the record afterwards.
mkdir -p "$WORK/k"
writer() {  # writer N BASE
  local i=0
  while [ ! -e "$WORK/k/stop" ]; do
    i=$((i + 1))
    curl -s -o "$WORK/k/$1-$i" -w "%{http_code}" --max-time 30 -X POST "$2/steps" \
      -H "Authorization: Bearer $REC" -H "Content-Type: application/json" \
      --data-binary "{\"state\":\"FRA\",\"date\":\"2026-11-20\",\"kind\":\"statement\",\"description\":\"primary kill $1-$i\",\"source\":\"primary kill\"}" \
      >"$WORK/k/$1-$i.rc"
    sleep 0.02
  done
}
writer 1 "$READER" &
w1=$!
writer 2 "$PLAIN" &
w2=$!
sleep 1
kill -9 "$(head -1 "$PG_DIR/data/postmaster.pid")"
# Its backends exit when they notice; until then (and until the dead postmaster is reaped) a
# new one refuses to start on the same data directory: try again for up to 20 s.
started=0
for _ in $(seq 1 100); do
  sleep 0.2
  primary_start && { started=1; break; }
done
[ "$started" = 1 ] || { echo "FAIL the primary did not start after kill -9: $(tail -20 "$PG_DIR/server.log")"; exit 1; }
sleep 2
touch "$WORK/k/stop"
wait $w1 $w2
acked=$(grep -l 201 "$WORK"/k/*.rc | wc -l)
refused=$(grep -L 201 "$WORK"/k/*.rc | wc -l)
"$PACTA" --db "$PG_URL" --json log >"$WORK/log.json"
lost=0
for rc in $(grep -l 201 "$WORK"/k/*.rc); do
  id=$(jq -r .id "${rc%.rc}")
  jq -e ".[] | select(.seq == $id and .kind == \"statement\")" "$WORK/log.json" >/dev/null || lost=$((lost + 1))
done
[ "$acked" -gt 10 ] && [ "$refused" -gt 0 ] && [ "$lost" = 0 ] && ok ||
  bad "kill -9 of the primary: $acked writes acknowledged, $refused refused, $lost acknowledged ones lost"
echo "kill -9 of the primary during writes: $acked acknowledged, $refused refused while it was down, none lost"
"$PACTA" --db "$PG_URL" verify | grep -q "hash chain intact" && ok || bad "verify on the primary after kill -9: $("$PACTA" --db "$PG_URL" verify 2>&1)"
# The standby follows the restarted primary: it shows the same head within a few seconds.
want=$("$PACTA" --db "$PG_URL" --json verify | jq -r .head)
same=0
for _ in $(seq 1 100); do
  [ "$("$PACTA" --db "$STANDBY_URL" --json verify 2>/dev/null | jq -r .head)" = "$want" ] && { same=1; break; }
  sleep 0.1
done
[ "$same" = 1 ] && ok || bad "the standby does not reach the primary's head $want after the restart"

for p in "${SERVER_PIDS[@]}"; do
  kill "$p" 2>/dev/null
  wait "$p"
  rc=$?
  [ "$rc" -eq 0 ] && ok || bad "server $p exited with $rc on SIGTERM: $(tail -5 "$WORK"/*.log)"
done
SERVER_PIDS=()

echo "pg_standby_test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
