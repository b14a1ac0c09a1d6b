#!/usr/bin/env bash
# The bundled records of the eighteen UN human-rights treaties (data/<id>/, written from the UN
# status pages of 3 February 2026 by `pacta ingest-untc --bundle`): on the page's day pacta's
# party and signatory counts are the page's own (or the exception data/README.md explains),
# the entry into force computed from the bundled deposits is the page's, the page holds nothing
# the bundle lacks, --apply on a record without the bundle records once, and the legal cases of
# issue 14 (ICCPR-OP1: Jamaica, Trinidad and Tobago, Guyana; the DPRK under the ICCPR).
set -u
PACTA="$1"
HOME_DIR="$2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$HOME_DIR" PACTA_TODAY=2026-12-06
source "$(dirname "$0")/lib.sh"
UNTC="$HOME_DIR/data/untc"
ON=2026-02-03
"$PACTA" init >/dev/null

# Exceptions, each explained in data/README.md ("The records of the eighteen human-rights
# treaties"), as TREATY:what -> what pacta computes. None today: the entry into force counts the
# instruments of predecessor States that the end notes state (by_hand.csv, with their end in
# data/facts.csv), and the Protocols wait for their parent treaty ([entry_into_force] subject_to).
declare -A EXPECT=()

treaties=$("$PACTA" treaties --on "$ON" --json)
while read -r id page; do
  rep=$("$PACTA" ingest-untc --json --treaty "$id" "$UNTC/$page.html.gz")
  # The page's own counts ("Signatories: N. Parties: N."), pacta's from the record on its day
  # (parties: consent deposited and not withdrawn, as the UN counts them), and pacta treaties'.
  for what in parties signatories; do
    on_page=$(jq -r ".[0].counts.page.$what" <<<"$rep")
    want=${EXPECT[$id:$what]:-$on_page}
    check "$id: $what on $ON (page $on_page)" "<$want>" echo "<$(jq -r ".[0].counts.pacta.$what" <<<"$rep")>"
  done
  check "$id: pacta treaties: deposited = page's parties" "<${EXPECT[$id:parties]:-$(jq -r '.[0].counts.page.parties' <<<"$rep")}>" \
    echo "<$(jq -r ".[] | select(.id == \"$id\") | .count.deposited" <<<"$treaties")>"
  check "$id: no count differs by state" "<0>" echo "<$(jq -r '.[0].counts.differences | length' <<<"$rep")>"
  # The entry into force computed from the bundled deposits is the page's.
  eif=$(jq -r ".[0].entry_into_force" <<<"$rep")
  check "$id: entry into force (page $eif)" "<${EXPECT[$id:eif]:-$eif}>" echo "<$(jq -r ".[] | select(.id == \"$id\") | .entry_into_force" <<<"$treaties")>"
  # The bundle is the page: nothing new, nothing differing, except the page's actions
  # data/<id>/left_out.csv leaves out (re-dated by hand in by_hand.csv) and those `pacta record`
  # refuses, which not_recorded.csv lists ("pacta record refuses it").
  left=0
  [ -f "$HOME_DIR/data/$id/left_out.csv" ] && left=$(($(grep -c "" "$HOME_DIR/data/$id/left_out.csv") - 1))
  refused=$(grep -c "pacta record refuses it" "$HOME_DIR/data/$id/not_recorded.csv")
  check "$id: nothing new on the page" "new=$((left + refused)) differs=0" jq -r '.[0].summary | "new=\(.new) differs=\(.differs)"' <<<"$rep"
done <"$UNTC/hr_treaties.txt"

# The generator: writing a bundle again from the same page gives the same files.
for id in iccpr_op1; do
  page=$(awk -v id="$id" '$1 == id {print $2}' "$UNTC/hr_treaties.txt")
  mkdir -p "$WORK/gen/$id"
  cp -r "$HOME_DIR/data/$id/." "$WORK/gen/$id/"
  rm -f "$WORK/gen/$id/actions.csv"
  check "$id: --bundle writes" "rows from" "$PACTA" ingest-untc "$UNTC/$page.html.gz" --treaty "$id" --bundle "$WORK/gen/$id"
  check "$id: the same files again" "same" bash -c "diff -r '$HOME_DIR/data/$id' '$WORK/gen/$id' >/dev/null && echo same"
done
check_rc "--bundle needs --treaty" 2 "$PACTA" ingest-untc "$UNTC/cat.html.gz" --bundle "$WORK/x"

# --apply on a home without a treaty's bundle (for ICCPR-OP1, with only its rows by hand, which
# the page states in prose): every action the page states is recorded through the checks of
# `pacta record`, none refused (the bundle holds nothing they refuse: ingest-untc --bundle leaves
# such rows to not_recorded.csv), and a second --apply records nothing.
mkdir -p "$WORK/home/data/iccpr_op1"
cp -r "$HOME_DIR/treaties" "$WORK/home/"
for f in "$HOME_DIR"/data/*; do
  b=$(basename "$f")
  case "$b" in iccpr_op1|ced) ;; *) ln -s "$f" "$WORK/home/data/$b" ;; esac
done
cp "$HOME_DIR/data/iccpr_op1/by_hand.csv" "$WORK/home/data/iccpr_op1/actions.csv"
cp -r "$HOME_DIR/data/iccpr_op1/texts" "$WORK/home/data/iccpr_op1/"
for id in iccpr_op1 ced; do
  page=$(awk -v id="$id" '$1 == id {print $2}' "$UNTC/hr_treaties.txt")
  db="$WORK/apply-$id.db"
  PACTA_HOME="$WORK/home" PACTA_DB="$db" "$PACTA" init >/dev/null
  out=$(PACTA_HOME="$WORK/home" PACTA_DB="$db" "$PACTA" ingest-untc --apply --treaty "$id" "$UNTC/$page.html.gz")
  check "$id: first --apply refuses nothing" " 0 refused" echo "$out"
  # Recorded, or differing from a consent recorded by hand (Trinidad and Tobago's accession of
  # 1980, Guyana's of 1999, beside the by-hand ones): the bundle's page rows and those left out.
  n=$(sed -n 's/^  summary        \([0-9]*\) recorded, [0-9]* already recorded, [0-9]* new (not applied), \([0-9]*\) differ.*/\1+\2/p' <<<"$out")
  rows=$(($(grep -c "" "$HOME_DIR/data/$id/actions.csv") - 1))
  hand=0 left=0
  [ -f "$HOME_DIR/data/$id/by_hand.csv" ] && hand=$(($(grep -c "" "$HOME_DIR/data/$id/by_hand.csv") - 1))
  [ -f "$HOME_DIR/data/$id/left_out.csv" ] && left=$(($(grep -c "" "$HOME_DIR/data/$id/left_out.csv") - 1))
  check "$id: first --apply: recorded + differing = the bundle's page rows + left out ($((rows - hand + left)))" "<$((rows - hand + left))>" echo "<$((n))>"
  check "$id: second --apply records nothing" "  summary        0 recorded," env PACTA_HOME="$WORK/home" PACTA_DB="$db" "$PACTA" ingest-untc --apply --treaty "$id" "$UNTC/$page.html.gz"
done

# ICCPR-OP1 (art. 12(1): a denunciation takes effect three months after receipt), end notes 1-3.
st() { "$PACTA" status "$1" "$2" --on "$3" --json | jq -r '"\(.status) since \(.since)"'; }
# Jamaica: denounced 23 October 1997 (note 3), effective 23 January 1998.
# Ratified 3 October 1975, before the Covenant was in force: bound from the Covenant's entry into
# force, 23 March 1976 (art. 9(1): "Subject to the entry into force of the Covenant").
check "JAM party before" "party since 1976-03-23" st iccpr_op1 JAM 1997-10-22
check "JAM contracting until the Covenant is in force" "contracting since 1975-10-03" st iccpr_op1 JAM 1976-03-22
check "JAM withdrawing" "withdrawing since 1997-10-23" st iccpr_op1 JAM 1998-01-22
check "JAM withdrawn 1998-01-23" "withdrawn since 1998-01-23" st iccpr_op1 JAM 1998-01-23
check "JAM timeline: article 12(1)" "instrument of withdrawal received 1997-10-23 + 3 months = 1998-01-23 [Article 12(1)]" "$PACTA" timeline iccpr_op1 JAM
# Trinidad and Tobago (note 1): acceded 14 November 1980; denounced 26 May 1998 and re-acceded
# the same day with a reservation (both effective 26 August 1998: no gap); denounced again
# 27 March 2000, effective 27 June 2000.
check "TTO party from 1981" "party since 1981-02-14" st iccpr_op1 TTO 1990-01-01
check "TTO withdrawing" "withdrawing since 1998-05-26" st iccpr_op1 TTO 1998-08-25
check "TTO party again, no gap" "party since 1998-08-26" st iccpr_op1 TTO 1998-08-26
check "TTO withdrawing again" "withdrawing since 2000-03-27" st iccpr_op1 TTO 2000-06-26
check "TTO withdrawn 2000-06-27" "withdrawn since 2000-06-27" st iccpr_op1 TTO 2000-06-27
check "TTO withdrawn on the page's day" "withdrawn since 2000-06-27" st iccpr_op1 TTO "$ON"
check "TTO reservation from the new accession" '"date":"1998-05-26","reference":"","since":"1998-08-26"' "$PACTA" status iccpr_op1 TTO --on 1999-01-01 --json
check "TTO no reservation before" "<[]>" bash -c "echo \"<\$('$PACTA' status iccpr_op1 TTO --on 1998-08-25 --json | jq -c .reservations)>\""
check "NLD objects to TTO's reservation, not precluding" "not_applicable_to_extent" "$PACTA" relation iccpr_op1 NLD TTO --on 1999-09-01 --json
check "DNK's objection (the section) too" "not_applicable_to_extent" "$PACTA" relation iccpr_op1 DNK TTO --on 1999-09-01 --json
check "not in force between NLD and TTO after 2000" '"in_force":false' "$PACTA" relation iccpr_op1 NLD TTO --on "$ON" --json
# Guyana (note 2): acceded 10 May 1993; denounced 5 January 1999 and re-acceded the same day
# with a reservation, both effective 5 April 1999.
check "GUY party from 1993" "party since 1993-08-10" st iccpr_op1 GUY 1998-01-01
check "GUY withdrawing" "withdrawing since 1999-01-05" st iccpr_op1 GUY 1999-04-04
check "GUY party again, no gap" "party since 1999-04-05" st iccpr_op1 GUY 1999-04-05
check "GUY a party on the page's day" "party since 1999-04-05" st iccpr_op1 GUY "$ON"
check "GUY reservation since 1999-04-05" '"date":"1999-01-05","reference":"","since":"1999-04-05"' "$PACTA" status iccpr_op1 GUY --on "$ON" --json
check "FIN objects to GUY's reservation (note 2)" "not_applicable_to_extent" "$PACTA" relation iccpr_op1 FIN GUY --on "$ON" --json
check "ESP's objection dated 1999-12-01" '"date":"1999-12-01"' bash -c "'$PACTA' timeline iccpr_op1 ESP --json | jq -c '.events[] | select(.kind == \"objection\")'"
# The DPRK under the ICCPR (note 8): its notification of 1997 is a communication; it stays a party.
check "PRK a party" "party since 1981-12-14" st iccpr PRK "$ON"
check "PRK communication" "communication received 1997-08-25 (C.N.467.1997.TREATIES-10) is recorded" "$PACTA" status iccpr PRK --on "$ON"
check "PRK: the depositary's position" "would not appear possible unless all States Parties agree" "$PACTA" timeline iccpr PRK
# A competence declaration from the page: Denmark accepts ICCPR art. 41.
check "DNK art. 41 accepted" '"id":"art41"' bash -c "'$PACTA' status iccpr DNK --on '$ON' --json | jq -c '.competences[] | select(.accepted)'"
# Statements under headings that do not separate declarations from reservations (data/README.md):
# ICERD, Yemen's unheaded statement (the objections' headings call it reservations) is a
# reservation with declarations, and Sweden's objection of 1989-07-05 answers it.
check "YEM reservation with declarations" '"qualifier":"with-declarations"' bash -c "'$PACTA' timeline cerd YEM --json | jq -c '.events[] | select(.kind == \"reservation\")'"
check "SWE objects to YEM's reservation" '"objection":"1989-07-05"' "$PACTA" relation cerd SWE YEM --on 2000-01-01 --json
check "relation says it is not separated from declarations" "listed by the depositary with declarations" "$PACTA" relation cerd SWE YEM --on 2000-01-01
check "status says so too" "listed by the depositary with declarations" "$PACTA" status cerd YEM --on 2000-01-01
# A statement split at its text's labels: ICRMW, Nicaragua ("Declaration" ... "Reservations:").
check "NIC declaration and reservation, split" "declaration reservation" bash -c "'$PACTA' timeline icrmw NIC --json | jq -r '[.events[] | select(.kind == \"declaration\" or .kind == \"reservation\") | .kind] | join(\" \")'"
# A reservation stated only in the end note reporting its withdrawal (CRC, Djibouti, note 32):
# in effect before 7 December 2009, not after; the objections to it are recorded.
check "DJI reservation before its withdrawal" '"date":"1990-12-06"' "$PACTA" status crc DJI --on 2000-01-01 --json
check "DJI no reservation after" "<[]>" bash -c "echo \"<\$('$PACTA' status crc DJI --on 2010-01-01 --json | jq -c .reservations)>\""
check "NOR objects to DJI's reservation" "not_applicable_to_extent" "$PACTA" relation crc NOR DJI --on 2000-01-01 --json
# ICCPR art. 41, Zimbabwe: the page's "20 August 1991*".
check "ZWE art. 41 from 1991-08-20" '"since":"1991-08-20"' bash -c "'$PACTA' status iccpr ZWE --on '$ON' --json | jq -c '.competences[] | select(.id == \"art41\")'"
# init stays fast with the eighteen records (the tests run it often).
start=$(date +%s%N)
PACTA_DB="$WORK/fast.db" "$PACTA" init >/dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "init under 20 s ($ms ms)" "yes" bash -c "[ $ms -lt 20000 ] && echo yes"

finish hr_records_test
