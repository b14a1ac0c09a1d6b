#!/usr/bin/env bash
# The treaty bodies' competences in the overview (issue 14), over the bundled records: through
# `pacta overview` (a line per competence, --competence ID, an unknown id refused) and the HTTP
# API (GET /treaties/{t}: competences with accepting, accepted_by, in_force; each row of
# /participants: the ids accepted). The expectations come from the record and the UN page, not
# from pacta: the states accepting ICCPR art. 41 on the page's day are the states the page lists
# under "Declarations recognizing the competence of the Human Rights Committee under article 41"
# (data/untc/iccpr.html.gz), less those data/iccpr/not_recorded.csv says were not recorded and
# those whose last art41 action in the record is a withdrawal; art. 41 is in force from the 10th
# state's declaration (art. 41(2)).
set -u
source "$(dirname "$0")/server_lib.sh" "$1" "$2"
P="$PACTA"
SRC="$2"
ON=2026-02-03
start_server main
A="$BASE/api/v1"

contains() {  # contains NAME EXPECTED-SUBSTRING COMMAND...
  local name="$1" want="$2" out
  shift 2
  out=$("$@" 2>&1)
  if [[ "$out" == *"$want"* ]]; then ok; else bad "$name: expected '$want' in: $(echo "$out" | head -c 600)"; fi
}
same() {  # same NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then ok; else bad "$1: expected <$2>, got <$3>"; fi
}

# --- The expectation from the UN page and the record.
# The page's art. 41 section lists one row per state (its name in a hidden paragraph).
zcat "$SRC/data/untc/iccpr.html.gz" | grep -o "dgDecUnderArticle_ctl[0-9]*_divText\" class=\"content-two\"><p class='invisible'>[^<]*" |
  sed "s/.*invisible'>//" | sort -u >"$WORK/page_names"
[ "$(wc -l <"$WORK/page_names")" -ge 40 ] && ok || bad "the page's art. 41 section read: $(wc -l <"$WORK/page_names") states"
# The UN's names to ISO codes: the status page in the UN's layout names participants as the UN does.
curl -s "$A/treaties/iccpr/status-page?on=$ON" | jq -r '.participants[] | [.name, .state] | @tsv' | sort -t$'\t' -k1,1 >"$WORK/un_names"
join -t$'\t' "$WORK/page_names" "$WORK/un_names" | cut -f2 | sort -u >"$WORK/page_states"
same "every state of the page's art. 41 section is a participant" "$(wc -l <"$WORK/page_names")" "$(wc -l <"$WORK/page_states")"
# Not recorded (the bundle says why), and withdrawn in the record.
grep ',competence-declaration,' "$SRC/data/iccpr/not_recorded.csv" | grep 'under article 41' | cut -d, -f1 | grep . | sort -u >"$WORK/not_recorded"
cat "$SRC"/data/iccpr/actions.csv "$SRC"/data/iccpr/by_hand.csv 2>/dev/null | grep -E ',competence-(declaration|withdrawal),' | grep ',art41,' |
  awk -F, '{print $1 "," $3 "," $2}' | sort -t, -k1,1 -k2,2 >"$WORK/art41_actions"
awk -F, '{last[$1] = $3} END {for (s in last) if (last[s] == "competence-withdrawal") print s}' "$WORK/art41_actions" | sort >"$WORK/withdrawn"
comm -23 "$WORK/page_states" <(sort -u "$WORK/not_recorded" "$WORK/withdrawn") >"$WORK/expected"
N=$(wc -l <"$WORK/expected")
echo "ICCPR art. 41 on $ON: page $(wc -l <"$WORK/page_states"), not recorded $(wc -l <"$WORK/not_recorded"), withdrawn $(wc -l <"$WORK/withdrawn"): $N expected"
# Art. 41(2): in force "when ten States Parties to the present Covenant have made declarations":
# each State's first declaration counts from the later of its date and the State's entry into
# force (the API's participants), and the 10th of those days is the competence's.
curl -s "$A/treaties/iccpr/participants?on=$ON" | jq -r '.participants[] | "\(.state),\(.entry_into_force)"' | sort >"$WORK/eif"
sort -t, -k2,2 "$WORK/art41_actions" | awk -F, '$3 == "competence-declaration" && !seen[$1]++ {print $1 "," $2}' | sort >"$WORK/first_decl"
join -t, "$WORK/first_decl" "$WORK/eif" | awk -F, '{print ($2 > $3 ? $2 : $3)}' | sort >"$WORK/counting"
TENTH=$(sed -n 10p "$WORK/counting")

# --- API: the overview's competences.
call "$A/treaties/iccpr?on=$ON"
cp "$WORK/body" "$WORK/iccpr.json"
same "ICCPR: one competence, art41" "art41" "$(jq -r '[.competences[].id] | join(",")' "$WORK/iccpr.json")"
same "ICCPR art41: accepting = the page less not recorded and withdrawn" "$N" "$(jq -r '.competences[0].accepting' "$WORK/iccpr.json")"
same "ICCPR art41: accepted_by = the page's states less not recorded and withdrawn" "$(tr '\n' ' ' <"$WORK/expected")" \
  "$(jq -r '.competences[0].accepted_by[].state' "$WORK/iccpr.json" | sort | tr '\n' ' ')"
same "ICCPR art41: accepting = length of accepted_by" "$(jq -r '.competences[0].accepted_by | length' "$WORK/iccpr.json")" "$N"
same "ICCPR art41: in force from the 10th declaration ($TENTH)" "true $TENTH 10 Article 41(2)" \
  "$(jq -r '.competences[0] | "\(.in_force) \(.in_force_since) \(.declarations_required) \(.effect_article)"' "$WORK/iccpr.json")"
same "ICCPR art41: accepting + parties not accepting = parties" "$(jq -r '.count.parties' "$WORK/iccpr.json")" \
  "$(jq -r '.competences[0] | .accepting + .parties_not_accepting' "$WORK/iccpr.json")"
# Sweden declared in 1971, before the competence came into force: it accepts from that day.
same "ICCPR art41: Sweden (declared 1971-11-26) accepts from the competence's entry into force" "$TENTH 1971-11-26" \
  "$(jq -r '.competences[0].accepted_by[] | select(.state == "SWE") | "\(.since) \(.declaration)"' "$WORK/iccpr.json")"
same "ICCPR art41: Belgium's since and declaration as in its status answer" \
  "$(curl -s "$A/treaties/iccpr/participants/BEL?on=$ON" | jq -r '.competences[] | select(.id == "art41") | "\(.since) \(.declaration)"')" \
  "$(jq -r '.competences[0].accepted_by[] | select(.state == "BEL") | "\(.since) \(.declaration)"' "$WORK/iccpr.json")"

# Each row of the status table: the ids accepted that day, the same states.
call "$A/treaties/iccpr/participants?on=$ON"
cp "$WORK/body" "$WORK/rows.json"
same "rows accepting art41 = accepted_by" "$(tr '\n' ' ' <"$WORK/expected")" \
  "$(jq -r '.participants[] | select(.competences | index("art41")) | .state' "$WORK/rows.json" | sort | tr '\n' ' ')"
same "a party that made no declaration (France) accepts none" '[]' "$(jq -c '.participants[] | select(.state == "FRA") | .competences' "$WORK/rows.json")"
same "the row agrees with the state's status answer (Belgium)" "true" \
  "$(curl -s "$A/treaties/iccpr/participants/BEL?on=$ON" | jq -r '.competences[] | select(.id == "art41") | .accepted')"

# Before the 10th declaration the competence is not in force: nobody accepts it yet.
EARLY=$(date -u -d "$TENTH -1 day" +%F)
DECLARED=$(awk -v d="$EARLY" '$1 <= d' "$WORK/counting" | wc -l)
expect "ICCPR art41 on $EARLY: not in force, $DECLARED declared, none accepting" 200 \
  ".competences[0] | .in_force == false and .in_force_since == null and .declared == $DECLARED and .accepting == 0 and .accepted_by == []" \
  "$A/treaties/iccpr?on=$EARLY"
expect "rows on $EARLY: no state accepts art41" 200 '[.participants[] | select(.competences | index("art41"))] == []' \
  "$A/treaties/iccpr/participants?on=$EARLY"

# CAT: two opt-in competences and an opt-out one (art. 28(1)): every party accepts art20 unless
# its declaration that it does not recognise it stands (computed from the record here).
call "$A/treaties/cat?on=$ON"
cp "$WORK/body" "$WORK/cat.json"
same "CAT: competences in the profile's order" "art21:opt_in art22:opt_in art20:opt_out" \
  "$(jq -r '[.competences[] | "\(.id):\(.kind)"] | join(" ")' "$WORK/cat.json")"
cat "$SRC"/data/cat/actions.csv "$SRC"/data/cat/by_hand.csv 2>/dev/null | grep -E ',competence-(declaration|withdrawal),' | grep ',art20,' |
  awk -F, '{print $1 "," $3 "," $2}' | sort -t, -k1,1 -k2,2 | awk -F, '{last[$1] = $3} END {for (s in last) if (last[s] == "competence-declaration") print s}' | sort >"$WORK/opted_out"
jq -r '.participants[] | select(.party) | .state' <(curl -s "$A/treaties/cat/participants?on=$ON") | sort >"$WORK/cat_parties"
same "CAT art20: parties not accepting = parties with a standing opt-out" "$(comm -12 "$WORK/opted_out" "$WORK/cat_parties" | wc -l)" \
  "$(jq -r '.competences[] | select(.id == "art20") | .parties_not_accepting' "$WORK/cat.json")"
same "CAT art20: accepting + parties not accepting = parties" "$(jq -r '.count.parties' "$WORK/cat.json")" \
  "$(jq -r '.competences[] | select(.id == "art20") | .accepting + .parties_not_accepting' "$WORK/cat.json")"
same "CAT art22: rows accepting = accepting" "$(jq -r '.competences[] | select(.id == "art22") | .accepting' "$WORK/cat.json")" \
  "$(curl -s "$A/treaties/cat/participants?on=$ON" | jq '[.participants[] | select(.competences | index("art22"))] | length')"

# Expectations read from the CAT page's words (data/untc/cat.html.gz): "does not recognize the
# competence of the Committee ... provided for in article 20" (China, Saudi Arabia), "does not
# consider itself bound by article 20" (Poland, upon signature; its 2025 withdrawal names only
# article 30(1)), "With reservations as to article (20)" (Kuwait) stand; Cuba's declaration only
# qualifies article 20. Withdrawn (end notes): Hungary 13 September 1989, the USSR 1 October
# 1991, Slovakia 17 March 1995 and the Czech Republic 3 September 1996 ("respectively").
art20() {  # art20 STATE DAY -> "accepted since"
  curl -s "$A/treaties/cat/participants/$1?on=$2" | jq -r '.competences[] | select(.id == "art20") | "\(.accepted) \(.since)"'
}
for s in CHN SAU POL KWT; do same "CAT art20: $s opted out (the page's text)" "false null" "$(art20 $s $ON)"; done
same "CAT art20: Cuba's declaration is not an opt-out" "true" "$(art20 CUB $ON | cut -d' ' -f1)"
same "CAT art20: Hungary since its withdrawal" "true 1989-09-13" "$(art20 HUN $ON)"
same "CAT art20: Russian Federation since the USSR's withdrawal" "true 1991-10-01" "$(art20 RUS $ON)"
same "CAT art20: Slovakia, the first date 'respectively'" "true 1995-03-17" "$(art20 SVK $ON)"
same "CAT art20: Czech Republic, the second date 'respectively'" "true 1996-09-03" "$(art20 CZE $ON)"
same "CAT art20 on 1990-06-01: the USSR had not yet withdrawn" "false null" "$(art20 RUS 1990-06-01)"

# CEDAW-OP (art. 10(1), opt-out of articles 8 and 9): Tajikistan ratified "without recognizing
# the competence ... provided in Articles 8 and 9"; Colombia's declaration that it "does not
# recognize the competence of the Committee provided for in articles 8 and 9" was withdrawn on
# 22 November 2022 (end note 6).
art8() {
  curl -s "$A/treaties/cedaw_op/participants/$1?on=$2" | jq -r '.competences[] | select(.id == "art8") | "\(.accepted) \(.since)"'
}
same "CEDAW-OP art8: Tajikistan opted out" "false null" "$(art8 TJK $ON)"
same "CEDAW-OP art8: Colombia since its withdrawal" "true 2022-11-22" "$(art8 COL $ON)"
same "CEDAW-OP art8: Colombia before it" "false null" "$(art8 COL 2022-11-21)"

# ICCPR art. 41, declarations for a period (the page's texts) and renewals: Switzerland's
# "for a period of five years from the present notification" (27 March 2017, to 27 March 2022)
# renewed on 24 January 2022; its declaration "beginning on 16 April 2010" ended 16 April 2015,
# the one "as from 18 September 1997" on 18 September 2002. Germany's (end note 47) expired on
# 10 May 1996, renewed 22 January 1997 and replaced on 27 December 2001 "for an unlimited
# period". Belgium declared twice (1987-03-05 and 1987-06-18): since the first.
art41() {
  curl -s "$A/treaties/iccpr/participants/$1?on=$2" | jq -r '.competences[] | select(.id == "art41") | "\(.accepted) \(.since)"'
}
same "ICCPR art41: Switzerland since the 2017 declaration, renewed without a gap" "true 2017-03-27" "$(art41 CHE $ON)"
same "ICCPR art41: Switzerland on 2005-01-01, between periods" "false null" "$(art41 CHE 2005-01-01)"
same "ICCPR art41: Switzerland on 2015-04-16, the day its period ended" "false null" "$(art41 CHE 2015-04-16)"
same "ICCPR art41: Switzerland on 2015-04-15" "true 2010-05-11" "$(art41 CHE 2015-04-15)"
same "ICCPR art41: Germany since 22 January 1997" "true 1997-01-22" "$(art41 DEU $ON)"
same "ICCPR art41: Germany on 1996-06-01, after the expiry of 10 May 1996" "false null" "$(art41 DEU 1996-06-01)"
same "ICCPR art41: Belgium since its first declaration" "true 1987-03-05" "$(art41 BEL $ON)"

# A treaty without competences: an empty list, and no new field on its rows.
expect "apmbc: no competences" 200 '.competences == []' "$A/treaties/apmbc?on=$ON"
expect "apmbc rows: no competences field" 200 '[.participants[] | select(has("competences"))] == []' "$A/treaties/apmbc/participants?on=$ON"
expect "OpenAPI documents the overview's competences" 200 \
  '.components.schemas.Treaty.properties.competences.items.required | index("accepting") != null' "$A/openapi.json"
expect "OpenAPI documents a row's competences" 200 '.components.schemas.Row.properties.competences != null' "$A/openapi.json"

# --- The command line.
contains "overview: a line for art41 with its count" "art41     Inter-State communications (Human Rights Committee) (Article 41(1), opt_in): in force since $TENTH; $N states accept" \
  "$P" overview iccpr --on "$ON"
contains "overview: CAT's opt-out competence" "art20     Inquiry" "$P" overview cat --on "$ON"
"$P" overview iccpr --on "$ON" --competence art41 >"$WORK/cli" 2>&1
same "--competence art41: a line per state accepting" "$(tr '\n' ' ' <"$WORK/expected")" \
  "$(grep -E '^  [A-Z]{3}  ' "$WORK/cli" | awk '{print $1}' | sort | tr '\n' ' ')"
contains "--competence art41: Belgium with its declaration" "BEL  Belgium" cat "$WORK/cli"
if grep -q "Signatories" "$WORK/cli"; then bad "--competence prints only the competence"; else ok; fi
same "--competence --json" "iccpr $ON $N" "$("$P" --json overview iccpr --on "$ON" --competence art41 | jq -r '"\(.treaty) \(.on) \(.accepted_by | length)"')"
out=$("$P" overview iccpr --competence art99 2>&1)
rc=$?
[ "$rc" -eq 2 ] && [[ "$out" == *"'art99'"* && "$out" == *"its competences: art41"* ]] && ok || bad "unknown competence: rc $rc: $out"
out=$("$P" overview apmbc --competence art41 2>&1)
rc=$?
[ "$rc" -eq 2 ] && [[ "$out" == *"'art41'"* && "$out" == *"no [[competence]]"* ]] && ok || bad "competence of a treaty without any: rc $rc: $out"
if "$P" overview apmbc --on "$ON" | grep -q "Competences"; then bad "apmbc overview prints competences"; else ok; fi

finish "competence_overview_test"
