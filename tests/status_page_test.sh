#!/usr/bin/env bash
# The status page in the UN's layout (pacta status-page, GET /api/v1/treaties/{t}/status-page):
# rows, UN names, UN order, letters and brackets as the UN Treaty Collection's page of 3 February
# 2026 has them (data/untc/ottawa.html.gz), end notes as of the day asked, --known-on.
# Usage: status_page_test.sh PACTA SOURCE_DIR
set -u
PACTA="$1"
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$2" PACTA_TODAY=2026-11-27
"$PACTA" init >/dev/null || { echo "init failed"; exit 1; }
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
j() { jq -r "$1" "$WORK/page.json"; }

"$PACTA" status-page apmbc --on 2026-02-03 --json > "$WORK/page.json" || bad "status-page --json failed"
[ "$(j '[.participants[0:3][] | [.name, .signature_text, .consent_text] | join("|")] | join(";")')" = \
  "Afghanistan||11 Sep 2002 a;Albania|8 Sep 1998|29 Feb 2000;Algeria|3 Dec 1997|9 Oct 2001" ] && ok || bad "first rows: $(j '.participants[0:3]')"
# The UN's counts on that day's page: "Signatories : 132. Parties : 162".
[ "$(j '.counts | "\(.signatories) \(.parties)"')" = "132 162" ] && ok || bad "counts: $(j .counts)"
[ "$(j '.participants | length')" = 166 ] && ok || bad "rows: $(j '.participants | length')"
# Order: accents ignored (Côte d'Ivoire after Costa Rica, before Croatia; Türkiye between Tunisia and Turkmenistan).
[ "$(j '[.participants[].state] | map(select(. == "CRI" or . == "CIV" or . == "HRV" or . == "TUN" or . == "TUR" or . == "TKM")) | join(",")')" = \
  "CRI,CIV,HRV,TUN,TUR,TKM" ] && ok || bad "UN order"
# The UN's names, letters and brackets, row by row as on the UN's page.
while IFS='|' read -r iso name sig consent; do
  got=$(jq -r --arg s "$iso" '.participants[] | select(.state == $s) | "\(.name)|\(.signature_text)|\(.consent_text)"' "$WORK/page.json")
  [ "$got" = "$name|$sig|$consent" ] && ok || bad "$iso: '$got', expected '$name|$sig|$consent'"
done <<'ROWS'
NLD|Netherlands (Kingdom of the)|3 Dec 1997|12 Apr 1999 A
SVK|Slovakia|3 Dec 1997|25 Feb 1999 AA
SSD|South Sudan||11 Nov 2011 d
KNA|St. Kitts and Nevis|3 Dec 1997|2 Dec 1998
BHS|Bahamas (The)|3 Dec 1997|31 Jul 1998
LTU|Lithuania|[26 Feb 1999]|[12 May 2003]
EST|Estonia||[12 May 2004 a]
POL|Poland|4 Dec 1997|27 Dec 2012
ROWS
# End notes numbered in row order, each row pointing at its own.
[ "$(j '[.participants[].notes[]] | map(tostring) | join(",")')" = "$(j '[.notes[].number] | map(tostring) | join(",")')" ] && ok || bad "note numbers out of order"
ltu=$(j '.participants[] | select(.state == "LTU") | .notes[0]')
note=$(jq -r --argjson n "$ltu" '.notes[] | select(.number == $n)' "$WORK/page.json")
[[ "$(jq -r .text <<<"$note")" == *"On 27 June 2025, the Government of Lithuania deposited with the Secretary-General of the United Nations a notification of withdrawal (see depositary notification C.N.362.2025.TREATIES-XXVI.5). The withdrawal took effect for Lithuania on 27 December 2025 in accordance with article 20(3) of the Convention."* ]] &&
  ok || bad "Lithuania's note: $note"
[ "$(jq -r .url <<<"$note")" = "https://treaties.un.org/doc/Publication/CN/2025/CN.362.2025-Eng.pdf" ] && ok || bad "Lithuania's C.N. link"
[ "$(j .untc_url)" = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en" ] && ok || bad "UNTC link: $(j .untc_url)"
[ "$(j '[.notes[] | select(.kind == "succession") | .state] | join(",")')" = "MNE,SSD" ] && ok || bad "successions: $(j '[.notes[] | select(.kind == "succession")]')"
[[ "$(j '.notes[] | select(.state == "SSD") | .text')" == *"from 9 July 2011, the date of the succession of States"* ]] && ok || bad "South Sudan's note"
[ "$(j '[.notes[] | select(.kind == "communication") | .state] | join(",")')" = "UKR" ] && ok || bad "communications"

# As of a day: only what had happened by then.
"$PACTA" status-page apmbc --on 2025-10-01 --json > "$WORK/page.json"
[ "$(j '.participants[] | select(.state == "LTU") | "\(.consent_text) \(.status)"')" = "12 May 2003 withdrawing" ] && ok || bad "LTU on 2025-10-01"
[[ "$(j '.notes[] | select(.state == "POL") | .text')" == *"will take effect for Poland on 20 February 2026"* ]] && ok || bad "Poland's pending withdrawal"
"$PACTA" status-page apmbc --on 2025-01-01 --json > "$WORK/page.json"
[ "$(j '[.notes[] | select(.kind == "withdrawal")] | length')" = 0 ] && ok || bad "withdrawals noted before any was received"
[ "$(j '.participants | map(select(.state == "MHL" or .state == "TON")) | map(.state) | join(",")')" = "MHL" ] && ok || bad "Marshall Islands (signed 1997) listed, Tonga (2025) not"
[ "$(j '.counts.parties')" = "$("$PACTA" --json parties apmbc --on 2025-01-01 | jq .count.parties)" ] && ok || bad "parties count = pacta parties"

# A succession notified later but effective from the date of the succession of States is part
# of the page for a day in between, with its note.
"$PACTA" status-page apmbc --on 2011-08-01 --json > "$WORK/page.json"
[ "$(j '.participants[] | select(.state == "SSD") | "\(.status) \(.consent_text) \(.notes | length)"')" = "party 11 Nov 2011 d 1" ] && ok || bad "South Sudan on 2011-08-01"
[[ "$(j '.notes[] | select(.state == "SSD") | .text')" == *"from 9 July 2011, the date of the succession of States"* ]] && ok || bad "South Sudan's note on 2011-08-01"

# Other treaties: the Rome Statute's notices of not intending to become a party, revocations,
# an instrument withdrawn; the NPT's disputed withdrawal and its depositary (not the UN: no links).
"$PACTA" status-page rome --on 2026-01-01 --json > "$WORK/page.json"
[ "$(j '[.notes[] | select(.kind == "not_intending") | .state] | index("ISR") != null')" = true ] && ok || bad "Israel's notice under the Rome Statute"
[ "$(j '[.notes[] | select(.kind == "withdrawal_revocation") | .state] | join(",")')" = "GMB,ZAF" ] && ok || bad "revocations: $(j '[.notes[] | select(.kind == "withdrawal_revocation")]')"
[[ "$(j '.notes[] | select(.state == "GMB" and .kind == "withdrawal") | .text')" == *"the Government of the Gambia"* ]] && ok || bad "the Gambia"
[ "$(j '[.notes[] | select(.kind == "instrument_withdrawal") | .state] | join(",")')" = "MYS" ] && ok || bad "Malaysia's instrument withdrawn"
"$PACTA" status-page npt --on 2026-01-01 --json > "$WORK/page.json"
[ -n "$(j .record_note)" ] && ok || bad "the NPT's partial record is not flagged"
[ "$(j '[.notes[].url | select(. != null)] | length')" = 0 ] && [ "$(j .untc_url)" = null ] && ok || bad "links for a treaty the UN does not keep"
[[ "$(j '[.notes[] | select(.state == "PRK" and .kind == "withdrawal")][1].text')" == *"disputed"* ]] && ok || bad "the DPRK's 2003 withdrawal: its effect disputed"

# Known on: the record as it stood that day.
"$PACTA" status-page apmbc --on 2026-01-01 --known-on 2020-01-01 --json > "$WORK/page.json"
[ "$(j '[.notes[] | select(.kind == "withdrawal")] | length')" = 0 ] && [ "$(j .known_on)" = 2020-01-01 ] && ok || bad "known on 2020"

# A correction of the record is an end note, with what changed; as known before it, neither.
seq=$("$PACTA" --json timeline apmbc ALB | jq '.events[] | select(.type == "action" and .kind == "ratification") | .seq')
"$PACTA" correct "$seq" --source "status page test: the instrument's date" --date 2000-03-01 >/dev/null || bad "correct failed"
"$PACTA" status-page apmbc --on 2026-01-01 --json > "$WORK/page.json"
[ "$(j '.participants[] | select(.state == "ALB") | .consent_text')" = "1 Mar 2000" ] && ok || bad "the corrected date in the row"
[[ "$(j '.notes[] | select(.state == "ALB" and .kind == "correction") | .text')" == *"was corrected"*"date 29 February 2000 → 1 March 2000."* ]] && ok || bad "the correction's note: $(j '.notes[] | select(.state == "ALB")')"
"$PACTA" status-page apmbc --on 2026-01-01 --known-on 2026-11-26 --json > "$WORK/page.json"
[ "$(j '[.notes[] | select(.state == "ALB")] | length')" = 0 ] && [ "$(j '.participants[] | select(.state == "ALB") | .consent_text')" = "29 Feb 2000" ] && ok || bad "as known before the correction"

# The terminal layout and errors.
check "text: the UN's heading" "Ratification, Accession (a), Succession (d), Acceptance (A), Approval (AA)" "$PACTA" status-page ottawa --on 2026-02-03
check "text: a row" "Afghanistan" "$PACTA" status-page ottawa --on 2026-02-03
check "text: end notes" "End notes" "$PACTA" status-page ottawa --on 2026-02-03
check "text: the partial record" "Partial record:" "$PACTA" status-page npt
check "bad date" "2025-02-30" "$PACTA" status-page apmbc --on 2025-02-30
check_rc "bad date exit code" 2 "$PACTA" status-page apmbc --on 2025-02-30
check "unknown treaty" "did you mean" "$PACTA" status-page ottowa

# A State that ceased to exist is not a row on the day, as on the UN's page of the ICCPR (IV-4),
# which gives Czechoslovakia's signature and ratification in end note 7: an end note here too;
# on a day before its end it is a row.
check "ceased: no row on the page's day" "<0>" bash -c "echo \"<\$(\"$PACTA\" status-page iccpr --on 2026-02-03 --json | jq '[.participants[] | select(.state == \"CSK\")] | length')>\""
check "ceased: an end note" "Czechoslovakia had signed and ratified the Covenant on 7 October 1968 and 23 December 1975, respectively. It ceased to exist on 1 January 1993" \
  bash -c "\"$PACTA\" status-page iccpr --on 2026-02-03 --json | jq -r '.notes[] | select(.kind == \"ceased\") | .text'"
check "ceased: a row before its end" "23 Dec 1975" bash -c "\"$PACTA\" status-page iccpr --on 1990-01-01 --json | jq -r '.participants[] | select(.state == \"CSK\") | .consent_text'"
check "ceased: the page's counts" "Signatories: 74. Parties: 175" "$PACTA" status-page iccpr --on 2026-02-03
finish status_page
