#!/usr/bin/env bash
# Tampering with a copy of the database: editing, deleting, truncating, rewriting the chain
# and flipping bytes. `pacta verify` (with the published head) catches every case; commands
# and `pacta serve` refuse to answer from a broken chain, naming the first bad entry.
# Usage: tamper_test.sh PACTA SOURCE_DIR
set -u
PACTA="$1"
HOME_DIR="$2"
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d)
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
export PACTA_HOME="$HOME_DIR" PACTA_TODAY=2026-11-27
BASE="$WORK/base.db"

"$PACTA" --db "$BASE" init >/dev/null || { echo "init failed"; exit 1; }
"$PACTA" --db "$BASE" record apmbc USA accession --date 2026-11-20 --source "tamper test" >/dev/null ||
  { echo "record failed"; exit 1; }
HEAD=$("$PACTA" --db "$BASE" verify --json | jq -r .head)
SEQ=${HEAD%%:*}
CP=$((SEQ - 1))
check "a write moves the checkpoint to the head" "$SEQ" sqlite3 "$BASE" "SELECT seq FROM checkpoint"
# As if the last entry had been appended by a process that did not move the checkpoint.
sqlite3 "$BASE" "UPDATE checkpoint SET seq = $CP, hash = (SELECT hash FROM ledger WHERE seq = $CP)"
echo "published head $HEAD"
check "intact: verify prints the head" "head: $HEAD" "$PACTA" --db "$BASE" verify
check_rc "intact: the published head is found" 0 "$PACTA" --db "$BASE" verify --expect-head "$HEAD"
MIDDLE=$(sqlite3 "$BASE" "SELECT MIN(seq) FROM ledger WHERE treaty = 'apmbc' AND entry = 'action' AND state = 'LTU'")

copy() { cp "$BASE" "$WORK/$1.db"; echo "$WORK/$1.db"; }
sqlx() { sqlite3 "$1" "DROP TRIGGER IF EXISTS ledger_no_update; DROP TRIGGER IF EXISTS ledger_no_delete; $2"; }

# verify fails (exit 1), and a command refuses to answer (exit != 0) saying why.
broken() {  # broken NAME DB VERIFY-SUBSTRING COMMAND-SUBSTRING
  check_rc "$1: verify fails" 1 "$PACTA" --db "$2" verify --expect-head "$HEAD"
  check "$1: verify says why" "$3" "$PACTA" --db "$2" verify --expect-head "$HEAD"
  local out rc
  out=$("$PACTA" --db "$2" overview apmbc 2>&1); rc=$?
  if [ "$rc" -ne 0 ] && [[ "$out" == *"$4"* ]]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL $1: overview answered (rc $rc): ${out:0:300}"; fi
}

db=$(copy edit-middle)
sqlx "$db" "UPDATE ledger SET date = '1999-01-01' WHERE seq = $MIDDLE"
broken "edit before the checkpoint" "$db" "entry $MIDDLE" "entry $MIDDLE does not match its hash"

db=$(copy edit-last)
sqlx "$db" "UPDATE ledger SET text = 'forged' WHERE seq = $SEQ"
broken "edit after the checkpoint" "$db" "entry $SEQ" "hash chain is broken"

db=$(copy edit-checkpoint)
sqlx "$db" "UPDATE ledger SET source = 'forged' WHERE seq = $CP"
broken "edit at the checkpoint" "$db" "entry $CP" "entry $CP"

db=$(copy delete-middle)
sqlx "$db" "DELETE FROM ledger WHERE seq = $MIDDLE"
check "delete a middle entry: verify" "entry $((MIDDLE + 1)) does not follow" "$PACTA" --db "$db" verify

db=$(copy delete-last)
sqlx "$db" "DELETE FROM ledger WHERE seq >= $CP"
broken "delete the last entries" "$db" "truncated" "hash chain is broken"

db=$(copy delete-last-and-counter)
sqlx "$db" "DELETE FROM ledger WHERE seq >= $CP; UPDATE sqlite_sequence SET seq = $((CP - 1)) WHERE name = 'ledger'"
broken "delete the last entries and SQLite's counter" "$db" "entries were removed" "hash chain is broken"

db=$(copy delete-all)
sqlx "$db" "DELETE FROM notifications; DELETE FROM treaties; DELETE FROM ledger; DELETE FROM sqlite_sequence; DELETE FROM checkpoint"
check_rc "delete everything: verify with the published head" 1 "$PACTA" --db "$db" verify --expect-head "$HEAD"

# A rewritten record: a chain that is consistent in itself (every hash recomputed, as an
# attacker with the code would), of the same length; the head published earlier is not in it.
"$PACTA" --db "$WORK/rewritten.db" init >/dev/null
"$PACTA" --db "$WORK/rewritten.db" record apmbc USA accession --date 2026-11-21 --source "rewritten" >/dev/null
check_rc "a rewritten chain verifies on its own" 0 "$PACTA" --db "$WORK/rewritten.db" verify
check "a rewritten chain: the published head is not in it" "the ledger was rewritten" \
  "$PACTA" --db "$WORK/rewritten.db" verify --expect-head "$HEAD"

# Truncated file: SQLite reads fail; verify must not say ok.
db=$(copy truncated)
size=$(stat -c %s "$db")
truncate -s $((size / 2)) "$db"
check_rc "truncated file: verify fails" 1 "$PACTA" --db "$db" verify --expect-head "$HEAD"

# Random byte flips: verify either fails, or finds every entry with the published head (the
# flip hit bytes that hold no data).
flips_caught=0
flips_harmless=0
size=$(stat -c %s "$BASE")
for i in $(seq 1 40); do
  db=$(copy flip)
  off=$(( (RANDOM * 32768 + RANDOM) % size ))
  printf "\\x$(printf %02x $(( (RANDOM % 255) + 1 )))" | dd of="$db" bs=1 seek="$off" conv=notrunc status=none
  out=$("$PACTA" --db "$db" verify --expect-head "$HEAD" 2>&1); rc=$?
  if [ "$rc" -ne 0 ]; then flips_caught=$((flips_caught + 1))
  elif [[ "$out" == *"ok: $SEQ entries"* ]]; then flips_harmless=$((flips_harmless + 1))
  else fail=$((fail + 1)); echo "FAIL flip at $off: verify said ok without every entry: $out"; fi
done
pass=$((pass + 1))
echo "byte flips: $flips_caught caught, $flips_harmless left the record intact"

# The server: started on an intact copy it answers; on a copy edited before the checkpoint it
# starts (the cheap check passes), recomputes the whole chain in the background and then
# answers every request with an error naming the entry.
serve() {  # serve DB -> sets URL, SERVER (or empty URL if it exited)
  local log="$WORK/serve.log"
  URL=""
  "$PACTA" --db "$1" serve --port 0 >"$log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    grep -qs "serving http" "$log" && break
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.1
  done
  URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
}
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""; }

serve "$(copy served-intact)"
check "server on an intact copy answers" '"parties"' curl -s "$URL/api/v1/treaties/npt"
stop

serve "$WORK/edit-middle.db"
code=""
for _ in $(seq 1 50); do
  code=$(curl -s -o "$WORK/body" -w '%{http_code}' "$URL/api/v1/treaties/npt")
  [ "$code" = 500 ] && break
  sleep 0.1
done
check "server: an untouched treaty is refused once the whole chain is checked" 500 echo "$code"
check "server: the refusal names the entry" "entry $MIDDLE" cat "$WORK/body"
check "server: the log says why" "hash chain is broken" cat "$WORK/serve.log"
stop

timeout 20 "$PACTA" --db "$WORK/edit-last.db" serve --port 0 >"$WORK/serve2.log" 2>&1
check "server refuses to start on a chain broken after the checkpoint" "hash chain is broken" cat "$WORK/serve2.log"

finish tamper_test
