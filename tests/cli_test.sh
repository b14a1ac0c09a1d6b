#!/usr/bin/env bash
# The pacta command as a user runs it: real processes, a real database file.
set -u
PACTA="$1"
HOME_DIR="$2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$HOME_DIR"
source "$(dirname "$0")/lib.sh"

check_rc "status before init" 2 "$PACTA" status apmbc LTU
check "status before init says so" "run 'pacta init'" "$PACTA" status apmbc LTU
check "init" "created from the bundled data" "$PACTA" init
check "init again" "already initialised" "$PACTA" init

# Worked cases through the CLI
check "case 1" '"status":"party","party":true,"since":"1999-03-01"' "$PACTA" --json status apmbc CAN --on 1999-03-01
check "case 2" '"entry_into_force":"2003-11-01"' "$PACTA" --json status apmbc LTU --on 2004-01-01
check "case 3 before" '"status":"withdrawing","party":true,"since":"2025-06-27","until":"2025-12-27"' "$PACTA" --json status apmbc LTU --on 2025-12-26
check "case 3 after" '"status":"withdrawn","party":false,"since":"2025-12-27"' "$PACTA" --json status apmbc LTU --on 2025-12-27
check "case 3 explained" "instrument of withdrawal received 2025-06-27 (C.N.362.2025.TREATIES-XXVI.5) + 6 months = 2025-12-27 [Article 20(3)]" "$PACTA" status apmbc Lithuania --on 2025-12-27
check "case 3 condition" "no armed conflict recorded for LTU on 2025-12-27" "$PACTA" status apmbc ltu --on 2025-12-27
check "case 5 party" '"status":"party","party":true' "$PACTA" --json status apmbc UKR --on 2026-11-27
check "case 5 timeline" "communication" "$PACTA" timeline apmbc Ukraine
check "case 5 timeline date" "2025-07-18" "$PACTA" timeline apmbc UKR
check "case 6 deposited" "166 deposited consent and not withdrawn" "$PACTA" parties apmbc --on 2025-07-01
check "case 6 bound" "Parties to apmbc on 2025-07-01: 164 bound that day" "$PACTA" parties apmbc --on 2025-07-01
check "count after withdrawals" '"count":{"parties":161,"deposited":161' "$PACTA" --json parties apmbc --on 2026-03-01
check "known-on" '"status":"party"' "$PACTA" --json status apmbc LTU --on 2026-01-01 --known-on 2025-06-01
check "csv" "LTU,Lithuania,withdrawing,1999-02-26,ratification,2003-05-12,2003-11-01,2025-06-27,2025-12-27" "$PACTA" parties apmbc --on 2025-12-26 --csv
check "upcoming" "2026-01-10  apmbc  withdrawal of FIN takes effect" "$PACTA" upcoming --from 2025-12-01 --days 90
check "upcoming json" '"kind":"withdrawal_effect"' "$PACTA" --json upcoming --from 2025-12-01 --days 90
check "treaties" '"id":"apmbc"' "$PACTA" --json treaties --on 2026-11-27
check "treaties eif" '"entry_into_force":"1999-03-01"' "$PACTA" --json treaties
check "overview" "161 parties bound" "$PACTA" overview apmbc --on 2026-11-27
check "timeline steps" "domestic vote (Seimas)" "$PACTA" timeline apmbc LTU
check "log" "bundle data/apmbc/actions.csv" "$PACTA" log

# What-if (worked case 4): Ukraine notifying withdrawal while engaged in an armed conflict
check "what-if suspended" '"status":"withdrawal_suspended","from":"2026-01-18"' "$PACTA" --json what-if apmbc UKR --withdrawal 2025-07-18
check "what-if conflict ends" "2026-04-30 .. -           withdrawn" "$PACTA" what-if apmbc LTU --withdrawal 2025-06-27 --conflict-from 2025-11-01 --conflict-to 2026-04-30
check "what-if writes nothing" '"status":"party"' "$PACTA" --json status apmbc UKR --on 2026-11-27
check "state" '"treaty":"apmbc","short_title":"Ottawa Convention","record_note":"","status":"withdrawn"' "$PACTA" --json state LTU --on 2026-11-27
check "state ccm" "ccm    withdrawn" "$PACTA" state Lithuania --on 2026-11-27

# As of a past day: only what had happened by then (issue 13); effects scheduled by then marked scheduled
check_not() {  # check_not NAME UNEXPECTED-SUBSTRING COMMAND...
  local name="$1" unwanted="$2"
  shift 2
  local out
  out=$("$@" 2>&1)
  if [[ "$out" != *"$unwanted"* ]]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "FAIL $name: did not expect: $unwanted"
    echo "$out" | head -20 | sed 's/^/    /'
  fi
}
check "as-of USA 2019" '"consent":"2016-09-03","consent_kind":"acceptance","entry_into_force":"2016-11-04","withdrawal_received":null,"withdrawal_effective":null' "$PACTA" --json status paris USA --on 2019-01-01
check "as-of USA 2020 text" "since 2019-11-04, until 2020-11-04 (then withdrawn)" "$PACTA" status paris USA --on 2020-06-01
check "as-of USA 2020" '"withdrawal_received":"2019-11-04","withdrawal_effective":"2020-11-04"' "$PACTA" --json status paris USA --on 2020-06-01
check "as-of USA 2020 scheduled" '"scheduled":["withdrawal_effective"]' "$PACTA" --json status paris USA --on 2020-06-01
check "as-of USA withdrawn 2020" '"status":"withdrawn","party":false,"since":"2020-11-04","until":null' "$PACTA" --json status paris USA --on 2020-12-01
check "as-of overview pending" "USA  United States                       2020-11-04" "$PACTA" overview paris --on 2020-06-01
check_not "as-of overview no later round" "2021-02-19" "$PACTA" overview paris --on 2020-06-01
check_not "as-of overview no later withdrawal" "2026-01-27" "$PACTA" overview paris --on 2020-06-01
check "as-of LTU 2025-01-01" '"withdrawal_received":null,"withdrawal_effective":null' "$PACTA" --json status apmbc LTU --on 2025-01-01
check "as-of overview LTU none" "Withdrawals pending (takes effect on): none" "$PACTA" overview apmbc --on 2025-01-01
check "as-of overview LTU scheduled" "LTU  Lithuania                           2025-12-27" "$PACTA" overview apmbc --on 2025-07-01
check "as-of csv" "LTU,Lithuania,party,1999-02-26,ratification,2003-05-12,2003-11-01,," "$PACTA" parties apmbc --on 2025-01-01 --csv
check "as-of AFG 1998" '"status":"none","party":false,"since":null' "$PACTA" --json status apmbc AFG --on 1998-06-01
check_not "as-of AFG 1998 no accession" "2002-09-11" "$PACTA" --json status apmbc AFG --on 1998-06-01
check "as-of treaty eif unknown" '"entry_into_force":null,"scheduled":[]' "$PACTA" --json treaties --on 1998-06-01
check "as-of treaty eif scheduled" '"entry_into_force":"1999-03-01","scheduled":["entry_into_force"]' "$PACTA" --json treaties --on 1998-10-01

# The same over HTTP: the overview API (the web page's data) on a past day
"$PACTA" serve --port 0 >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 300); do
  grep -qs "serving http" "$WORK/serve.log" && break
  kill -0 "$SERVE_PID" 2>/dev/null || break
  sleep 0.1
done
PORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | sed 's/.*://')
API="http://127.0.0.1:$PORT/api/v1"
check "as-of http overview" '"withdrawal_received":"2019-11-04","withdrawal_effective":"2020-11-04"' curl -s --max-time 20 "$API/treaties/paris?on=2020-06-01"
check "as-of http overview next" "2020-11-04 true" bash -c "curl -s --max-time 20 '$API/treaties/paris?on=2020-06-01' | jq -r '.next[] | select(.state == \"USA\") | \"\\(.date) \\(.scheduled)\"'"
check "as-of http overview nothing later" "0" bash -c "curl -s --max-time 20 '$API/treaties/paris?on=2020-06-01' | jq '[.. | strings | select(test(\"^(2021|2022|2023|2024|2025|2026)-\"))] | length'"
check "as-of http csv" "LTU,Lithuania,party,1999-02-26,ratification,2003-05-12,2003-11-01,,," curl -s --max-time 20 "$API/treaties/apmbc/participants.csv?on=2025-01-01"
kill "$SERVE_PID" 2>/dev/null
wait "$SERVE_PID" 2>/dev/null

# Errors: named, exit code 2
check_rc "unknown state rc" 2 "$PACTA" status apmbc Atlantis
check "unknown state" "unknown state 'Atlantis'" "$PACTA" status apmbc Atlantis
check "unknown treaty" "unknown treaty 'xyz'" "$PACTA" status xyz LTU
check_rc "unknown treaty rc" 2 "$PACTA" status xyz LTU
check "bad date" "'2025-02-30' is not a valid date" "$PACTA" status apmbc LTU --on 2025-02-30
check_rc "bad date rc" 2 "$PACTA" parties apmbc --on 2025-13-01
check_rc "bad known-on rc" 2 "$PACTA" status apmbc LTU --known-on yesterday

# Treaty aliases (profile key `aliases`): any case, hyphens and extra spaces aside
check "alias" '"treaty":"apmbc"' "$PACTA" --json status "Mine-Ban  Treaty" LTU --on 2025-12-27
check "alias of the Rome Statute" '"treaty":"rome"' "$PACTA" --json status "ICC statute" DEU

# On a terminal (a pty from script(1)): the status word in colour, explanations wrapped to its
# width; NO_COLOR, a pipe or a file: plain text on one line
tty_out() { script -qec "$*" /dev/null | tr -d '\r'; }
out=$(tty_out "env TERM=xterm COLUMNS=60 $PACTA status apmbc LTU --on 2025-12-27")
if [[ "$out" == *$'\e[31mwithdrawn\e[0m'* ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL colour on a terminal: $out"; fi
long=$(echo "$out" | awk '/^    / { if (length($0) > 60) n++ } END { print n + 0 }')  # the explanations
wrapped=$(echo "$out" | grep -c '^      [^ -]')
if [ "$long" = 0 ] && [ "$wrapped" -gt 0 ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL wrapped to 60 columns ($long longer lines, $wrapped continuation lines): $out"; fi
out=$(tty_out "env TERM=xterm NO_COLOR=1 $PACTA status apmbc LTU --on 2025-12-27")
if [[ "$out" != *$'\e['* ]] && [[ "$out" == *"withdrawn"* ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL NO_COLOR: $out"; fi
out=$("$PACTA" status apmbc LTU --on 2025-12-27 | cat)
if [[ "$out" != *$'\e['* ]] && [ "$(echo "$out" | grep -c 'Article 20(3)')" -ge 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL piped: $out"; fi
full=$("$PACTA" status apmbc LTU --on 2025-12-27 | grep -c "instrument of withdrawal received 2025-06-27 (C.N.362.2025.TREATIES-XXVI.5) + 6 months = 2025-12-27 \[Article 20(3)\]")
[ "$full" = 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL piped explanation not on one line"; }

# The hash chain
check "verify ok" "hash chain intact" "$PACTA" verify
check_rc "verify ok rc" 0 "$PACTA" verify
sqlite3 "$PACTA_DB" "DROP TRIGGER ledger_no_update; UPDATE ledger SET date='2025-06-28' WHERE treaty='apmbc' AND state='LTU' AND kind='withdrawal';"
seq=$(sqlite3 "$PACTA_DB" "SELECT seq FROM ledger WHERE treaty='apmbc' AND state='LTU' AND kind='withdrawal'")
check "verify broken" "entry $seq " "$PACTA" verify
check_rc "verify broken rc" 1 "$PACTA" verify

finish cli
