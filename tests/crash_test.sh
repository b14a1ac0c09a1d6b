#!/usr/bin/env bash
# Crashes during writes: two CLI writers and one HTTP writer record withdrawals with their
# notifications (`--notify`, `?notify=true`) at once; after a random moment the server and
# the writers are killed with SIGKILL. After each trial: `verify` ok, every acknowledged write
# present, notification numbers unique and gapless, and no action without the notification
# asked for with it. Then the server restarts on the same database and the next trial runs.
# Usage: crash_test.sh PACTA SOURCE_DIR   (TRIALS=N, default 8)
set -u
PACTA="$1"
WORK=$(mktemp -d)
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$2" PACTA_TODAY=2026-12-05
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
server=""
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
"$PACTA" init >/dev/null || { echo "pacta init failed"; exit 1; }
start_server() {  # start_server LOG -> BASE, server
  "$PACTA" serve --port 0 >"$WORK/$1.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do
    grep -qs "serving http" "$WORK/$1.log" && break
    sleep 0.05
  done
  BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/$1.log" | head -1)
  [ -n "$BASE" ] || { echo "server did not start"; cat "$WORK/$1.log"; exit 1; }
}
TRIALS="${TRIALS:-8}"
REC=$("$PACTA" --json token create --role recorder --label "crash test" | jq -r .token)
echo "The State hereby withdraws, for the reasons stated." > "$WORK/text.txt"
mapfile -t PARTIES < <("$PACTA" --json parties apmbc --on 2026-12-01 | jq -r '.parties[] | select(.status == "party") | .state')
[ "${#PARTIES[@]}" -ge 120 ] && ok || bad "not enough parties: ${#PARTIES[@]}"
: > "$WORK/acked"
next=0

# writer NAME STATES...: records each state's withdrawal; appends the state to acked once acknowledged.
cli_writer() {
  for s in "$@"; do
    "$PACTA" record apmbc "$s" withdrawal --date 2026-12-01 --text-file "$WORK/text.txt" --source "crash test" --notify \
      >>"$WORK/cli.log" 2>&1 && echo "$s" >> "$WORK/acked"
  done
}
http_writer() {
  local url="$1"
  shift
  for s in "$@"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$url/api/v1/actions?notify=true" \
      -H "Authorization: Bearer $REC" -H 'Content-Type: application/json' \
      --data-binary "{\"treaty\":\"apmbc\",\"state\":\"$s\",\"kind\":\"withdrawal\",\"date\":\"2026-12-01\",\"text\":\"The State withdraws.\",\"source\":\"crash test\"}")
    [ "$code" = 201 ] && echo "$s" >> "$WORK/acked"
  done
}
export -f cli_writer http_writer
export PACTA WORK REC

take() {  # take N: the next N states, space separated, in TAKEN
  local out=()
  for _ in $(seq 1 "$1"); do out+=("${PARTIES[$next]}"); next=$((next + 1)); done
  TAKEN="${out[*]}"
}

for t in $(seq 1 "$TRIALS"); do
  start_server "crash$t"
  pids=()
  take 4; setsid bash -c "cli_writer $TAKEN" & pids+=($!)
  take 4; setsid bash -c "cli_writer $TAKEN" & pids+=($!)
  take 6; setsid bash -c "http_writer $BASE $TAKEN" & pids+=($!)
  sleep "$((RANDOM % 2)).$((RANDOM % 10))$((RANDOM % 10))"
  kill -9 "$server"
  for p in "${pids[@]}"; do kill -9 -- "-$p" 2>/dev/null; done
  wait "$server" "${pids[@]}" 2>/dev/null
  server=""
  # What survived the crash.
  rep=$("$PACTA" verify 2>&1)
  [[ "$rep" == *"hash chain intact"* ]] && ok || bad "trial $t: verify: $rep"
  while read -r s; do
    n=$(sqlite3 "$PACTA_DB" "SELECT COUNT(*) FROM ledger WHERE state = '$s' AND kind = 'withdrawal' AND source = 'crash test'")
    [ "$n" = 1 ] && ok || bad "trial $t: the acknowledged withdrawal of $s is recorded $n times"
  done < "$WORK/acked"
  gaps=$(sqlite3 "$PACTA_DB" "SELECT year FROM notifications GROUP BY year HAVING COUNT(*) != MAX(number) OR COUNT(DISTINCT number) != COUNT(*)")
  [ -z "$gaps" ] && ok || bad "trial $t: notification numbers with gaps or duplicates in $gaps"
  orphans=$(sqlite3 "$PACTA_DB" "SELECT state FROM ledger WHERE source = 'crash test' AND entry = 'action' AND seq NOT IN (SELECT action_seq FROM notifications)")
  [ -z "$orphans" ] && ok || bad "trial $t: actions recorded without their notification: $orphans"
done
grep -h "pacta:" "$WORK/cli.log" 2>/dev/null | sort | uniq -c | head -5
acked=$(wc -l < "$WORK/acked")
recorded=$(sqlite3 "$PACTA_DB" "SELECT COUNT(*) FROM ledger WHERE source = 'crash test' AND entry = 'action'")
echo "$TRIALS trials: $acked writes acknowledged, $recorded recorded (a write killed before its answer may be either)"
[ "$acked" -gt 0 ] && ok || bad "no write was acknowledged: the trials proved nothing"
[ "$recorded" -ge "$acked" ] && ok || bad "fewer writes recorded ($recorded) than acknowledged ($acked)"
echo "crash: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
