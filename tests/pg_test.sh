#!/usr/bin/env bash
# pacta on PostgreSQL, against a throw-away PostgreSQL 15 server started here (pg_lib.sh):
# the same answers as SQLite; `pacta copy` both ways keeps the head; three `pacta serve`
# processes on one database see each other's writes within 1 s; two contradictory writes
# through two servers give exactly one 201; 200 concurrent writes with notify=true give 200
# distinct, gapless C.N. numbers; kill -9 of a server during writes loses nothing acknowledged
# and verify stays ok. Usage: pg_test.sh PACTA SOURCE_DIR
set -u
PACTA="$1"
export PACTA_HOME="$2" PACTA_TODAY=2026-12-05
source "$(dirname "$0")/pg_lib.sh"
WORK=$(mktemp -d)
pass=0
fail=0
SERVER_PIDS=()
cleanup() {
  for p in "${SERVER_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
  for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
  pg_stop
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL $*"
}
pacta_pg() { "$PACTA" --db "$PG_URL" "$@"; }
head_of() { "$PACTA" --db "$1" --json verify | jq -r .head; }

# --- the same answers as SQLite ---------------------------------------------------------
pacta_pg init >/dev/null && ok || bad "init on PostgreSQL"
pacta_pg init | grep -q "already initialised" && ok || bad "init twice on PostgreSQL"
"$PACTA" --db "$WORK/s.db" init >/dev/null || { echo "init on SQLite failed"; exit 1; }
for q in "overview apmbc" "status apmbc LTU --on 2025-12-27" "parties rome --on 2024-01-01" "treaties" "upcoming --from 2025-06-01 --days 400" "state UKR"; do
  # The same answers but for `cite`, which names each ledger's own head (two inits, two
  # recording times, two chains); copy below shows a moved record keeps its head.
  # shellcheck disable=SC2086
  a=$(pacta_pg --json $q | jq -S 'if type == "object" then del(.cite) else . end')
  # shellcheck disable=SC2086
  b=$("$PACTA" --db "$WORK/s.db" --json $q | jq -S 'if type == "object" then del(.cite) else . end')
  [ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "'$q' answers differently on PostgreSQL and SQLite"
done
pacta_pg verify | grep -q "hash chain intact" && ok || bad "verify on PostgreSQL: $(pacta_pg verify)"
pacta_pg migrate | grep -q "schema 2, up to date" && ok || bad "migrate: $(pacta_pg migrate)"

# --- copy both ways ------------------------------------------------------------------------
"$PACTA" --db "$WORK/s.db" token create --role reader --label copied >/dev/null 2>&1
"$PACTA" --db "$WORK/s.db" record apmbc USA accession --date 2026-11-20 --source "copy test" --notify >/dev/null
C1=$(pg_new_db copy1)
"$PACTA" copy --from "sqlite:$WORK/s.db" --to "$C1" >"$WORK/copy.out" 2>&1 && ok || bad "copy SQLite -> PostgreSQL: $(cat "$WORK/copy.out")"
h1=$(head_of "$WORK/s.db")
h2=$(head_of "$C1")
[ -n "$h1" ] && [ "$h1" != null ] && [ "$h1" = "$h2" ] && ok || bad "heads after copy to PostgreSQL: $h1 vs $h2"
[ "$("$PACTA" --db "$C1" --json notifications | md5sum)" = "$("$PACTA" --db "$WORK/s.db" --json notifications | md5sum)" ] && ok ||
  bad "notifications differ after the copy"
"$PACTA" --db "$C1" token list | grep -q copied && ok || bad "token not copied"
"$PACTA" --db "$C1" record apmbc IND accession --date 2026-11-21 --source "copy test" --notify >/dev/null && ok || bad "record on the copy"
"$PACTA" copy --from "$C1" --to "$WORK/back.db" >"$WORK/copy.out" 2>&1 && ok || bad "copy PostgreSQL -> SQLite: $(cat "$WORK/copy.out")"
h3=$(head_of "$C1")
h4=$(head_of "$WORK/back.db")
[ "$h3" = "$h4" ] && [ "$h3" != "$h2" ] && ok || bad "heads after copy back: $h3 vs $h4"
[ "$("$PACTA" --db "$WORK/back.db" --json overview apmbc | md5sum)" = "$("$PACTA" --db "$C1" --json overview apmbc | md5sum)" ] && ok ||
  bad "overview differs after the copy back"
"$PACTA" copy --from "$WORK/s.db" --to "$C1" >"$WORK/copy.out" 2>&1
[ $? -eq 2 ] && grep -q "not empty" "$WORK/copy.out" && ok || bad "copy into a non-empty database: $(cat "$WORK/copy.out")"

# --- three servers on one database ------------------------------------------------------------
REC=$(pacta_pg --json token create --role recorder --label "pg test" | jq -r .token)
BASES=()
start_server() {  # start_server NAME
  local log="$WORK/$1.log"
  "$PACTA" --db "$PG_URL" serve --port 0 --refresh 0.5 >"$log" 2>&1 &
  SERVER_PIDS+=($!)
  for _ in $(seq 1 300); do
    grep -qs "serving http" "$log" && break
    sleep 0.1
  done
  local port
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')
  [ -n "$port" ] || { echo "server $1 did not start:"; cat "$log"; exit 1; }
  BASES+=("http://127.0.0.1:$port/api/v1")
}
start_server one
start_server two
start_server three

post() {  # post BASE PATH BODY OUT: status in OUT.rc
  curl -s -o "$4" -w '%{http_code}' --max-time 60 -X POST "$1$2" -H "Authorization: Bearer $REC" \
    -H 'Content-Type: application/json' --data-binary "$3" >"$4.rc"
}

# A write through each server is seen by all three within 1 s.
i=0
for state in RUS CHN PAK; do
  base="${BASES[$i]}"
  i=$((i + 1))
  post "$base" /actions "{\"treaty\":\"apmbc\",\"state\":\"$state\",\"kind\":\"accession\",\"date\":\"2026-11-20\",\"source\":\"pg test\"}" "$WORK/w"
  [ "$(cat "$WORK/w.rc")" = 201 ] || { bad "accession of $state through server $i: $(cat "$WORK/w.rc") $(cat "$WORK/w")"; continue; }
  start=$(date +%s%N)
  for b in "${BASES[@]}"; do
    seen=0
    while [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 1000 ]; do
      if curl -s "$b/treaties/apmbc/participants/$state" | jq -e '.status == "contracting"' >/dev/null; then seen=1; break; fi
      sleep 0.02
    done
    [ "$seen" = 1 ] && ok || bad "$b does not show $state's accession (made through server $i) within 1 s"
  done
done

# Two contradictory writes (two withdrawals by one state) through two servers at once: one 201.
mapfile -t PARTIES < <(pacta_pg --json parties apmbc --on 2026-12-01 | jq -r '.parties[] | select(.status == "party") | .state')
for t in 0 1 2 3 4 5; do
  state="${PARTIES[$t]}"
  body="{\"treaty\":\"apmbc\",\"state\":\"$state\",\"kind\":\"withdrawal\",\"date\":\"2026-12-01\",\"text\":\"The State withdraws.\",\"source\":\"pg test\"}"
  post "${BASES[$((t % 3))]}" /actions "$body" "$WORK/a" &
  pa=$!
  post "${BASES[$(((t + 1) % 3))]}" /actions "$body" "$WORK/b" &
  pb=$!
  wait $pa $pb
  n201=$(cat "$WORK/a.rc" "$WORK/b.rc" | grep -c 201)
  n422=$(cat "$WORK/a.rc" "$WORK/b.rc" | grep -c 422)
  [ "$n201" = 1 ] && [ "$n422" = 1 ] && ok || bad "two withdrawals of $state at once: $(cat "$WORK/a.rc") $(cat "$WORK/b.rc")"
done

# 200 concurrent writes with notify=true spread over the servers: 200 distinct, gapless numbers.
before=$(pacta_pg --json notifications | jq '[.[] | select(.reference | test("\\.2026\\."))] | length')
mkdir -p "$WORK/n"
t0=$(date +%s%N)
seq 1 200 | xargs -P 24 -I{} bash -c '
  i={}; bases=('"${BASES[*]}"'); states=('"${PARTIES[*]:10:50}"')
  base=${bases[$((i % 3))]}; state=${states[$((i % ${#states[@]}))]}
  curl -s -o "'"$WORK"'/n/$i" -w "%{http_code}" --max-time 120 -X POST "$base/actions?notify=true" \
    -H "Authorization: Bearer '"$REC"'" -H "Content-Type: application/json" \
    --data-binary "{\"treaty\":\"apmbc\",\"state\":\"$state\",\"kind\":\"communication\",\"date\":\"2026-11-20\",\"notes\":\"note $i\",\"source\":\"pg test $i\"}" \
    >"'"$WORK"'/n/$i.rc"'
[ "$(grep -l 201 "$WORK"/n/*.rc | wc -l)" = 200 ] && ok || bad "200 notify writes: $(cat "$WORK"/n/*.rc | fold -w3 | sort | uniq -c | tr '\n' ' ')"
echo "200 concurrent notify writes through 3 servers: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
refs=$(for f in $(seq 1 200); do jq -r .notification "$WORK/n/$f"; done | sort -u | grep -c '^C.N.')
[ "$refs" = 200 ] && ok || bad "200 notify writes gave $refs distinct references"
numbers=$(pacta_pg --json notifications | jq -r '.[] | .reference' | grep '\.2026\.' | sed 's/^C.N.\([0-9]*\)\..*/\1/' | sort -n)
count=$(echo "$numbers" | wc -l)
[ "$count" = $((before + 200)) ] && [ "$(echo "$numbers" | head -1)" = 1 ] && [ "$(echo "$numbers" | tail -1)" = "$count" ] &&
  [ "$(echo "$numbers" | uniq | wc -l)" = "$count" ] && ok || bad "2026 numbers are not 1..$((before + 200)): $(echo "$numbers" | tr '\n' ' ' | head -c 300)"

# kill -9 of one server during writes: every acknowledged write is in the record, verify ok.
mkdir -p "$WORK/k"
victim=${SERVER_PIDS[2]}
seq 1 60 | xargs -P 6 -I{} bash -c '
  i={}; bases=('"${BASES[*]}"')
  base=${bases[$((i % 3))]}
  curl -s -o "'"$WORK"'/k/$i" -w "%{http_code}" --max-time 60 -X POST "$base/steps" \
    -H "Authorization: Bearer '"$REC"'" -H "Content-Type: application/json" \
    --data-binary "{\"state\":\"FRA\",\"date\":\"2026-11-20\",\"kind\":\"statement\",\"description\":\"kill test $i\",\"source\":\"kill test $i\"}" \
    >"'"$WORK"'/k/$i.rc"' &
xargs_pid=$!
sleep 0.4
kill -9 "$victim"
wait $xargs_pid
wait "$victim" 2>/dev/null
acked=$(grep -l 201 "$WORK"/k/*.rc | wc -l)
lost=0
pacta_pg --json log >"$WORK/log.json"
for rc in $(grep -l 201 "$WORK"/k/*.rc); do
  id=$(jq -r .id "${rc%.rc}")
  jq -e ".[] | select(.seq == $id and .kind == \"statement\")" "$WORK/log.json" >/dev/null || lost=$((lost + 1))
done
[ "$acked" -gt 0 ] && [ "$lost" = 0 ] && ok || bad "kill -9: $acked writes acknowledged, $lost of them lost"
pacta_pg verify | grep -q "hash chain intact" && ok || bad "verify after kill -9: $(pacta_pg verify)"
echo "kill -9 during writes: $acked of 60 acknowledged, none lost"

# The servers left stop cleanly on SIGTERM (and, in the sanitizer build, without leaks).
for p in "${SERVER_PIDS[@]}"; do
  [ "$p" = "$victim" ] && continue
  kill "$p" 2>/dev/null
  wait "$p"
  rc=$?
  [ "$rc" -eq 0 ] && ok || bad "server $p exited with $rc on SIGTERM: $(tail -5 "$WORK"/*.log)"
done
SERVER_PIDS=()

echo "pg_test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
