#!/usr/bin/env bash
# Recording with the treaty's checks, notifications and their numbering, reading C.N.s back.
set -u
PACTA="$1"
HOME_DIR="$2"
SHARED="$3"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$HOME_DIR" PACTA_TODAY=2026-11-27
source "$(dirname "$0")/lib.sh"
db_sum() { "$PACTA" verify >/dev/null 2>&1; cat "$PACTA_DB"* 2>/dev/null | sha256sum; }
refused() {  # refused NAME EXPECTED-SUBSTRING COMMAND...: refused, exit 2, database unchanged byte for byte
  local name="$1" want="$2"
  shift 2
  local before after out rc
  before=$(db_sum)
  out=$("$@" 2>&1)
  rc=$?
  after=$(db_sum)
  if [[ "$out" == *"$want"* && $rc -eq 2 && "$before" == "$after" ]]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "FAIL $name: rc=$rc, unchanged=$([ "$before" == "$after" ] && echo yes || echo no), expected: $want"
    echo "$out" | head -10 | sed 's/^/    /'
  fi
}

"$PACTA" init >/dev/null
echo "The Government has decided to withdraw, for reasons of national security set out in this instrument." > "$WORK/reasons.txt"

# Refusals, each naming the rule and the article, writing nothing
refused "signature after EIF" "Article 15" "$PACTA" record apmbc USA signature --date 2026-01-05 --source test
refused "ratification by non-signatory" "has not signed" "$PACTA" record apmbc USA ratification --date 2026-01-05 --source test
refused "ratification cites art 16" "Article 16" "$PACTA" record apmbc USA ratification --date 2026-01-05 --source test
refused "accession by a signatory" "a signatory consents by ratification" "$PACTA" record apmbc LTU accession --date 2026-02-02 --source test
refused "second consent" "has already consented" "$PACTA" record apmbc FRA accession --date 2026-02-02 --source test
refused "blank source" "source is blank" "$PACTA" record apmbc USA accession --date 2026-02-02 --source "   "
printf 'withdraws \033[31mred\033[0m' > "$WORK/escape.txt"
refused "control characters in text" "field 'text' holds a control character (U+001B)" "$PACTA" record apmbc FRA withdrawal --date 2026-02-02 --source test --text-file "$WORK/escape.txt"
refused "withdrawal by non-party" "only a state that has deposited consent" "$PACTA" record apmbc USA withdrawal --date 2026-02-02 --source test --text-file "$WORK/reasons.txt"
refused "withdrawal without reasons" "Article 20(2)" "$PACTA" record apmbc FRA withdrawal --date 2026-03-02 --source test
refused "withdrawal already pending" "already has a withdrawal pending" "$PACTA" record apmbc LTU withdrawal --date 2025-07-02 --source test --text-file "$WORK/reasons.txt"
refused "revocation of an effective withdrawal" "not yet taken effect" "$PACTA" record apmbc LTU withdrawal-revocation --date 2026-01-05 --source test
refused "future date" "after the day of recording" "$PACTA" record apmbc USA accession --date 2026-12-01 --source test
refused "before adoption" "before the treaty was adopted" "$PACTA" record apmbc USA accession --date 1990-01-01 --source test
refused "malformed date" "'2026-02-30' is not a valid date" "$PACTA" record apmbc USA accession --date 2026-02-30 --source test
refused "unknown state" "unknown state 'Narnia'" "$PACTA" record apmbc Narnia accession --date 2026-01-05 --source test
refused "unknown kind" "unknown kind 'adhesion'" "$PACTA" record apmbc USA adhesion --date 2026-01-05 --source test
refused "not-intending by non-signatory" "only a signatory" "$PACTA" record apmbc USA not-intending --date 2026-01-05 --source test
refused "fact without end before start" "before it starts" "$PACTA" record-fact FRA --from 2026-05-01 --to 2026-04-01 --source test
refused "succession of States with an end" "single day" "$PACTA" record-fact XKX --kind state_succession --from 2008-02-17 --to 2008-03-01 --source test
refused "unknown fact kind" "unknown fact kind 'weather'" "$PACTA" record-fact FRA --kind weather --from 2026-05-01 --source test

# Accepted, with the consequences computed
check "accession" "in force for USA on 2026-07-01" env PACTA_TODAY=2026-01-05 "$PACTA" record apmbc USA accession --date 2026-01-05 --source "test source"
check "status after accession" '"status":"party"' "$PACTA" --json status apmbc USA --on 2026-07-01
check "rejoin by ratification" "in force for LTU on 2026-08-01" "$PACTA" record apmbc LTU ratification --date 2026-02-02 --source test
check "withdrawal" "withdrawal of FRA takes effect on 2026-09-02 unless FRA is then engaged in an armed conflict" \
  "$PACTA" record apmbc France withdrawal --date 2026-03-02 --source test --text-file "$WORK/reasons.txt"
fra_wd=$("$PACTA" --json log | grep -o '"seq":[0-9]*,"entry":"action","treaty":"apmbc","state":"FRA","kind":"withdrawal"' | grep -o '[0-9]*' | head -1)
check "conflict fact" "recorded as entry" "$PACTA" record-fact FRA --from 2026-08-01 --source "constructed test fact"
# A succession takes effect from the recorded date of the succession of States (constructed).
check "succession without its date" "no date of the succession of States is recorded for XKX" "$PACTA" record ccm XKX succession --date 2026-03-04 --source test
check "succession fact" "state_succession XKX from 2008-02-17" "$PACTA" record-fact XKX --kind state_succession --from 2008-02-17 --source "constructed test fact"
check "succession with effect from that date" "in force for XKX on 2008-02-17" "$PACTA" record apmbc XKX succession --date 2026-03-03 --source test
check "bound before the notification" '"status":"party"' "$PACTA" --json status apmbc XKX --on 2010-01-01
check "withdrawal suspended" '"status":"withdrawal_suspended","party":true,"since":"2026-09-02"' "$PACTA" --json status apmbc FRA --on 2026-10-01
check "revocation" "status on 2026-10-05: party" "$PACTA" record apmbc FRA withdrawal-revocation --date 2026-10-05 --source test
check "after revocation" '"status":"party"' "$PACTA" --json status apmbc FRA --on 2026-11-27
check "step" "recorded as entry" "$PACTA" record-step FRA --treaty apmbc --date 2026-02-20 --kind vote --body "Assemblée nationale" --description "vote on withdrawal" --source test
check "step on timeline" "domestic vote (Assemblée nationale)" "$PACTA" timeline apmbc FRA
check "no source is visible" "no source given" "$PACTA" record apmbc DEU reservation --date 2026-04-01
check "no source in log" '"source":"(no source given when recorded)"' "$PACTA" --json timeline apmbc DEU
check "communication changes nothing" "status on 2026-04-01: party" "$PACTA" record apmbc DEU communication --date 2026-04-01 --source test

# Corrections keep history
usa=$("$PACTA" --json log | grep -o '"seq":[0-9]*,"entry":"action","treaty":"apmbc","state":"USA","kind":"accession"' | grep -o '[0-9]*' | head -1)
check "correct" "supersedes entry $usa" "$PACTA" correct "$usa" --date 2026-01-07 --source "corrected by the depositary"
check "corrected value" '"consent":"2026-01-07"' "$PACTA" --json status apmbc USA
check "old value known before" '"consent":"2026-01-05"' "$PACTA" --json status apmbc USA --known-on 2026-06-01
check "log shows both" "supersedes $usa" "$PACTA" log
refused "correction checked like a record" "has not signed" "$PACTA" correct "$usa" --kind ratification --source "a wrong correction"
check "log --since" "correct" "$PACTA" log --since 2026-11-27
[ -z "$("$PACTA" log --since 2099-01-01)" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL log --since 2099 lists entries"; }
check_rc "log --since bad date" 2 "$PACTA" log --since 2026-13-01
check "chain intact" "hash chain intact" "$PACTA" verify

# Notifications: numbering per year across treaties, stable, text in the UN's layout
check "notify" "Reference: C.N.1.2026.TREATIES-XXVI.5 (Depositary Notification)" "$PACTA" notify "$fra_wd" --date 2026-03-05
check "notify again: same number" "C.N.1.2026.TREATIES-XXVI.5" "$PACTA" notify "$fra_wd"
check "notify text effect" "the withdrawal would take effect for France on 2 September 2026, subject to the condition" "$PACTA" notify "$fra_wd"
check "notify text article" "In accordance with paragraph 3 of article 20 of the Convention" "$PACTA" notify "$fra_wd"
check "notify html" "<article class=\"cn\"><pre>" "$PACTA" notify "$fra_wd" --html
check "record --notify" "notification C.N.2.2026.TREATIES-XXVI.5" "$PACTA" record apmbc DEU declaration --date 2026-04-02 --source test --notify
check "notifications" "C.N.2.2026.TREATIES-XXVI.5" "$PACTA" notifications --treaty apmbc --since 2026-01-01
check "notifications json as the API" '"title":"C.N.2.2026.TREATIES-XXVI.5: Germany: Declaration (Ottawa Convention)"' "$PACTA" --json notifications --treaty apmbc
since_list=$("$PACTA" notifications --since 2026-03-06)
[[ "$since_list" == *"C.N.2.2026"* && "$since_list" != *"C.N.1.2026"* ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL notifications --since filters: $since_list"; }
check_rc "notifications unknown treaty" 2 "$PACTA" notifications --treaty nope
check "notify unknown" "no action with id 999999" "$PACTA" notify 999999

# Concurrent numbering: two processes issue 2025 notifications at once; no number is shared
( for i in 1 3 5 7 9 11 13 15; do "$PACTA" notify $i --date 2025-12-31 >/dev/null 2>&1 || echo "notify $i failed"; done ) > "$WORK/a.log" 2>&1 &
( for i in 2 4 6 8 10 12 14 16; do "$PACTA" notify $i --date 2025-12-31 >/dev/null 2>&1 || echo "notify $i failed"; done ) > "$WORK/b.log" 2>&1 &
wait
numbers=$(sqlite3 "$PACTA_DB" "SELECT number FROM notifications WHERE year = 2025 ORDER BY number" | tr '\n' ' ')
if [ "$numbers" == "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 " ] && [ ! -s "$WORK/a.log" ] && [ ! -s "$WORK/b.log" ]; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL concurrent numbering: $numbers"; cat "$WORK/a.log" "$WORK/b.log"; fi

# Tokens: the secret is shown once, only its hash is stored
secret=$("$PACTA" token create --role recorder --label "test office" 2>/dev/null)
[[ "$secret" == pacta_* && ${#secret} -eq 70 ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL token format: $secret"; }
stored=$(sqlite3 "$PACTA_DB" "SELECT COUNT(*) FROM tokens WHERE secret_hash = '$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)'")
[ "$stored" == "1" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL token hash stored: $stored"; }
leaked=$(sqlite3 "$PACTA_DB" "SELECT COUNT(*) FROM tokens WHERE secret_hash = '$secret' OR label LIKE '%$secret%'")
[ "$leaked" == "0" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL token secret stored"; }
check "token list" "recorder" "$PACTA" token list
check_rc "token bad role" 2 "$PACTA" token create --role admin

# Reading C.N.s back
check "ingest seed" "already recorded as entry" "$PACTA" ingest-cn "$SHARED/seeds/002_0b0a2e4d531a23f4.txt"
check "ingest agrees" "2025-12-27  (agrees)" "$PACTA" ingest-cn "$SHARED/seeds/002_0b0a2e4d531a23f4.txt"
check "ingest json" '"reference":"C.N.362.2025.TREATIES-XXVI.5"' "$PACTA" --json ingest-cn "$SHARED/cn/CN.362.2025.TREATIES-XXVI.5.txt"
check "ingest partial" "MISSING        the 'STATE: ACTION' heading" "$PACTA" ingest-cn "$SHARED/cn/CN.464.2017.TREATIES-XXVII.7.d.txt"
check "ingest not a CN" "not a depositary notification" "$PACTA" ingest-cn "$SHARED/seeds/000_dc1762482440a3dc.txt"
"$PACTA" notify "$fra_wd" > "$WORK/fra.txt"
# Round trip into a database that does not yet have France's withdrawal: recorded once.
export PACTA_DB="$WORK/other.db"
"$PACTA" init >/dev/null
check "round trip parse" "action         withdrawal" "$PACTA" ingest-cn "$WORK/fra.txt"
check "round trip apply" "applied        recorded as entry" "$PACTA" ingest-cn "$WORK/fra.txt" --apply
check "round trip twice" "applied        already recorded" "$PACTA" ingest-cn "$WORK/fra.txt" --apply
check "round trip status" '"status":"withdrawing"' "$PACTA" --json status apmbc FRA --on 2026-05-01
check "round trip same text" "national security set out in this instrument" "$PACTA" --json timeline apmbc FRA
count=$(sqlite3 "$PACTA_DB" "SELECT COUNT(*) FROM ledger WHERE state='FRA' AND kind='withdrawal'")
[ "$count" == "1" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL recorded once: $count"; }

# An action the depositary already notified is not notified again without --force.
cn_action=$("$PACTA" --json log --treaty apmbc | jq -r '[.[] | select(.state == "LTU" and .kind == "ratification")][0].seq')
refused "notify an action with a real C.N." "already notified by the depositary as C.N.381.2003" "$PACTA" notify "$cn_action"
check "notify --force issues it anyway" "C.N." "$PACTA" notify "$cn_action" --force --date 2026-11-27
check "notifications list the state and the action" "Lithuania (LTU)  ratification of 2003-05-12  [action $cn_action]" "$PACTA" notifications
check "a notification long after its action says so" "days after the action it notifies" "$PACTA" notify 1 --date 2026-11-27

# Names as people type them.
check "did you mean (state)" "did you mean Lithuania (LTU)?" "$PACTA" status apmbc Lituania
check "Cote d'Ivoire without accents" "(CIV)" "$PACTA" status apmbc "Cote d'Ivoire"
check "a curly apostrophe" "(CIV)" "$PACTA" status apmbc "Côte d’Ivoire"
check "a word of the short title names the treaty" "Ottawa Convention (apmbc)" "$PACTA" overview ottawa
check "did you mean (treaty)" "did you mean apmbc (Ottawa Convention)?" "$PACTA" overview otawa
check "several treaties" "names several treaties: apmbc, cat, ccm, ccw, crc, cwc, enmod, icrmw" "$PACTA" overview convention
check "global options after the command" '"status"' "$PACTA" status apmbc LTU --json

# Sources a reader can follow: the depositary first, its C.N. as a link, no repository paths.
"$PACTA" --json timeline apmbc LTU > "$WORK/ltu.json"
jq -e '[.events[] | select(.type == "action" and .kind == "withdrawal")][0].sources[0]
       | .kind == "depositary" and .url == "https://treaties.un.org/doc/Publication/CN/2025/CN.362.2025-Eng.pdf"' "$WORK/ltu.json" >/dev/null &&
  pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL sources: the withdrawal's first source is not the depositary's C.N."; }
jq -e '[.events[] | select(.sources) | .sources[] | .title, .url] | map(select(. != null and test("shared/"))) | length == 0' "$WORK/ltu.json" >/dev/null &&
  pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL sources: a repository path is cited"; }
jq -e '[.events[] | select(.type == "action" and .kind == "signature")][0].sources[0]
       | .title == "UN Treaty Collection, status of treaty XXVI-5" and (.via | test("github.com/zmjones/untreaties"))' "$WORK/ltu.json" >/dev/null &&
  pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL sources: a saved copy of the UN page is not cited as the UN page"; }

# "Cite this": treaty, state, day, known-on, rules version and the ledger head verify prints.
head=$("$PACTA" verify --json | jq -r .head)
check "status cites the ledger head" "ledger head $head" "$PACTA" --json status apmbc LTU --on 2025-07-01 --known-on 2025-08-01
check "status cites day and known-on" "status of Lithuania (LTU) on 1 July 2025, as known on 1 August 2025; rules apmbc@" \
  "$PACTA" --json status apmbc LTU --on 2025-07-01 --known-on 2025-08-01

check_rc "a token label with a control character" 2 "$PACTA" token create --label $'evil\x1b[31m'

finish depositary
