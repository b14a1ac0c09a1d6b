#!/usr/bin/env bash
# The researcher's exports: the panel (long format, CSV and JSON lines), the status intervals,
# and the whole ledger, whose every hash anyone can recompute from the export alone.
# Usage: export_test.sh PACTA SOURCE_DIR
set -u
PACTA="$1"
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$2" PACTA_TODAY=2026-11-27
"$PACTA" init >/dev/null || { echo "init failed"; exit 1; }
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Panel: one row per participant and date, the columns in the documented order.
"$PACTA" export panel --treaty apmbc --from 2024-01-01 --to 2026-01-01 > "$WORK/panel.csv"
head -1 "$WORK/panel.csv" | tr -d '\r' > "$WORK/header"
[ "$(cat "$WORK/header")" = "treaty,state,name,date,status,party,since,until,consent,entry_into_force,withdrawal_effective,disputed,communications,rules_version" ] &&
  ok || bad "panel header: $(cat "$WORK/header")"
participants=$(tail -n +2 "$WORK/panel.csv" | cut -d, -f2 | sort -u | wc -l)
rows=$(($(wc -l < "$WORK/panel.csv") - 1))
[ "$participants" -gt 160 ] && [ "$rows" -eq $((participants * 3)) ] && ok || bad "panel rows $rows, expected 3 dates x $participants participants"
grep -q $'^apmbc,LTU,Lithuania,2025-01-01,party,true,2003-11-01,,2003-05-12,2003-11-01,,false,false,apmbc@' "$WORK/panel.csv" &&
  ok || bad "Lithuania on 2025-01-01 (no withdrawal yet): $(grep 'LTU,Lithuania,2025' "$WORK/panel.csv")"
grep -q $'^apmbc,LTU,Lithuania,2026-01-01,withdrawn,false,2025-12-27,,2003-05-12,2003-11-01,2025-12-27,' "$WORK/panel.csv" &&
  ok || bad "Lithuania on 2026-01-01: $(grep 'LTU,Lithuania,2026' "$WORK/panel.csv")"
[ "$(tail -c 2 "$WORK/panel.csv" | od -An -c | tr -d ' ')" = '\r\n' ] && ok || bad "CSV lines do not end in CRLF"

# No date in a row is after the row's date, but the effects scheduled by then (until, withdrawal_effective).
"$PACTA" export panel --from 1997-01-01 --to 2026-01-01 --format jsonl > "$WORK/panel.jsonl"
late=$(jq -r 'select((.since // "") > .date or (.consent // "") > .date or (.entry_into_force // "") > .date and .status != "contracting")
             | "\(.treaty) \(.state) \(.date)"' "$WORK/panel.jsonl" | head -3)
[ -z "$late" ] && ok || bad "rows with a date after their own: $late"
jq -se 'map(select(.treaty == "paris" and .state == "USA" and .date == "2020-01-01"))[0]
       | .status == "withdrawing" and .withdrawal_effective == "2020-11-04" and .party == true' "$WORK/panel.jsonl" >/dev/null &&
  ok || bad "USA under Paris on 2020-01-01: the first withdrawal, effective 2020-11-04"
jq -se 'map(select(.treaty == "paris" and .state == "USA" and .date == "2019-01-01"))[0] | .consent == "2016-09-03"' "$WORK/panel.jsonl" >/dev/null &&
  ok || bad "USA under Paris on 2019-01-01 shows a later consent"
# Every state, participants or not.
"$PACTA" export panel --treaty rome --from 2020-01-01 --to 2020-01-01 --states all --bom > "$WORK/all.csv"
[ "$(head -c 3 "$WORK/all.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || bad "--bom: no byte order mark"
states=$(sqlite3 "$PACTA_DB" "SELECT COUNT(*) FROM states")
[ $(($(wc -l < "$WORK/all.csv") - 1)) -eq "$states" ] && ok || bad "--states all: not one row per state ($states)"
grep -q '^rome,CHN,China,2020-01-01,none,false,' "$WORK/all.csv" && ok || bad "a non-participant's row"
"$PACTA" export panel --treaty apmbc --from 2020-01-01 --to 2020-12-31 --step month -o "$WORK/monthly.csv"
[ $(($(wc -l < "$WORK/monthly.csv") - 1)) -eq $((12 * participants)) ] && ok || bad "--step month -o FILE: 12 dates per participant"
check_rc "unknown treaty" 2 "$PACTA" export panel --treaty nope
check "unknown treaty named" "nope" "$PACTA" export panel --treaty nope
check "to before from" "is before its first" "$PACTA" export panel --from 2020-01-01 --to 2019-01-01
check_rc "bad step" 2 "$PACTA" export panel --step week

# Intervals: the United States under the Paris Agreement, both rounds.
"$PACTA" export intervals --treaty paris | grep '^paris,USA,' | tr -d '\r' > "$WORK/usa"
expected='paris,USA,United States,signatory,2016-04-22,2016-09-03
paris,USA,United States,contracting,2016-09-03,2016-11-04
paris,USA,United States,party,2016-11-04,2019-11-04
paris,USA,United States,withdrawing,2019-11-04,2020-11-04
paris,USA,United States,withdrawn,2020-11-04,2021-01-20
paris,USA,United States,contracting,2021-01-20,2021-02-19
paris,USA,United States,party,2021-02-19,2025-01-27
paris,USA,United States,withdrawing,2025-01-27,2026-01-27
paris,USA,United States,withdrawn,2026-01-27,'
[ "$(sed 's/,paris@[0-9a-f]*$//' "$WORK/usa")" = "$expected" ] && ok || bad "USA intervals under Paris: $(cat "$WORK/usa")"

# The ledger: one line per entry, the last hash is the head, and every hash can be recomputed
# from the export with the documented encoding (here with jq and sha256sum).
"$PACTA" export ledger -o "$WORK/ledger.jsonl"
head=$("$PACTA" verify --json | jq -r .head)
[ "$(wc -l < "$WORK/ledger.jsonl")" = "${head%%:*}" ] && ok || bad "ledger export: $(wc -l < "$WORK/ledger.jsonl") lines, head $head"
[ "$(tail -1 "$WORK/ledger.jsonl" | jq -r .hash)" = "${head#*:}" ] && ok || bad "the export's last hash is not the head"
bad_hashes=0
while IFS= read -r line; do
  want=$(jq -r .hash <<<"$line")
  got=$(jq -j '"pacta-ledger-v2" + ([.prev_hash, .entry, .treaty, .state, .kind, .date, .date_to, .later_date, .reference,
        .body, .text, .source, .notes, .known_from, .supersedes, .recorded_at, .recorded_by]
        | map("\(utf8bytelength):\(.),") | join(""))' <<<"$line" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$want" ] || bad_hashes=$((bad_hashes + 1))
done < <(sed -n '1p;2p;500p;$p' "$WORK/ledger.jsonl"; grep -m2 'Côte\|"entry":"rules"' "$WORK/ledger.jsonl")
[ "$bad_hashes" -eq 0 ] && ok || bad "$bad_hashes hashes could not be recomputed from the export"

# Over HTTP: the same panel and intervals.
"$PACTA" serve --port 0 > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do grep -qs "serving http" "$WORK/serve.log" && break; sleep 0.1; done
URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1)
curl -s "$URL/api/v1/panel.csv?treaty=apmbc&from=2024-01-01&to=2026-01-01" > "$WORK/http-panel.csv"
cmp -s "$WORK/http-panel.csv" "$WORK/panel.csv" && ok || bad "GET /api/v1/panel.csv differs from pacta export panel"
curl -s "$URL/api/v1/intervals?treaty=paris" | jq -r 'select(.state == "USA") | .status' | head -1 | grep -qx signatory &&
  ok || bad "GET /api/v1/intervals (JSON lines)"
code=$(curl -s -o "$WORK/err" -w '%{http_code}' "$URL/api/v1/panel.csv?step=day&from=1990-01-01")
[ "$code" = 400 ] && grep -q '"parameter":"step"' "$WORK/err" && ok || bad "a panel of over 400 dates over HTTP: $code $(cat "$WORK/err")"
code=$(curl -s -o "$WORK/err" -w '%{http_code}' "$URL/api/v1/panel.csv?treaty=nope")
[ "$code" = 400 ] && grep -q "unknown treaty 'nope'" "$WORK/err" && ok || bad "unknown treaty over HTTP: $code"

finish export_test
