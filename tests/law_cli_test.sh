#!/usr/bin/env bash
# The law of issue 14 through the command line and the HTTP API, on a record made here with
# `pacta record`: subject and qualifier checks (exit 2, the field named), denunciation and
# re-accession the same day (ICCPR-OP1, Trinidad and Tobago's dates from the UN page's end
# note 1), `pacta relation` and GET .../relation with a simple and a precluding objection,
# competences in status answers (CAT), and a withdrawal refused for the ICCPR (no clause).
set -u
# The record is made here, so the home has every bundled record but the human-rights
# treaties' (data/<id>/ of data/untc/hr_treaties.txt, which hold these actions from the UN pages).
LAW_HOME=$(mktemp -d)
for f in "$2"/*; do [ "$(basename "$f")" = data ] || ln -s "$f" "$LAW_HOME/"; done
mkdir "$LAW_HOME/data"
for f in "$2"/data/*; do grep -q "^$(basename "$f") " "$2/data/untc/hr_treaties.txt" || ln -s "$f" "$LAW_HOME/data/"; done
source "$(dirname "$0")/server_lib.sh" "$1" "$LAW_HOME"
P="$PACTA"
rec() { "$P" record "$@" --source "law_cli_test" >/dev/null 2>&1 || bad "record $*"; }
refused() {  # refused NAME EXPECTED-SUBSTRING ARGS...: exit 2 and the message names it
  local name="$1" want="$2" out rc
  shift 2
  out=$("$P" record "$@" --source "law_cli_test" 2>&1)
  rc=$?
  if [ "$rc" -eq 2 ] && [[ "$out" == *"$want"* ]]; then ok; else bad "$name: rc $rc, expected 2 and '$want' in: $out"; fi
}

# The Covenant: 35 accessions on 1975-12-23 bring it into force on 1976-03-23 (art. 49(1)); the
# Protocol is "subject to the entry into force of the Covenant" (art. 9(1)).
for s in AUT BEL COL CRI DNK ECU FIN ISL ITA SWE TTO NOR CAN CYP JAM MUS URY MDG BGR HUN \
         CHL IRQ IRN JOR KEN LBN MLI MNG ROU RWA SYR TZA TUN UKR BLR; do
  rec iccpr "$s" accession --date 1975-12-23
done
# ICCPR-OP1: ten accessions on 1975-12-23 bring it into force on 1976-03-23 (art. 9(1)).
for s in AUT BEL COL CRI DNK ECU FIN ISL ITA SWE; do rec iccpr_op1 "$s" accession --date 1975-12-23; done
rec iccpr_op1 TTO accession --date 1980-11-14
rec iccpr_op1 TTO withdrawal --date 1998-05-26
rec iccpr_op1 TTO accession --date 1998-05-26
rec iccpr_op1 TTO reservation --date 1998-05-26
refused "objection without subject" "subject is missing" iccpr_op1 DNK objection --date 1999-08-06
refused "objection to a state without reservation" "has made no reservation" iccpr_op1 DNK objection --date 1999-08-06 --subject ISL
refused "objection by the reserving state" "objecting state itself" iccpr_op1 TTO objection --date 1999-08-06 --subject TTO
refused "bad qualifier" "qualifier 'partial'" iccpr_op1 DNK objection --date 1999-08-06 --subject TTO --qualifier partial
refused "subject on a signature" "takes none" iccpr_op1 NOR signature --date 1999-08-06 --subject TTO
rec iccpr_op1 DNK objection --date 1999-08-06 --subject TTO
rec iccpr_op1 SWE objection --date 1999-09-01 --subject TTO --qualifier precludes

contains() {  # contains NAME EXPECTED-SUBSTRING COMMAND...
  local name="$1" want="$2" out
  shift 2
  out=$("$@" 2>&1)
  if [[ "$out" == *"$want"* ]]; then ok; else bad "$name: expected '$want' in: $(echo "$out" | head -c 600)"; fi
}
exits() {  # exits NAME RC COMMAND...
  local name="$1" want="$2"
  shift 2
  "$@" >/dev/null 2>&1
  local rc=$?
  if [ "$rc" -eq "$want" ]; then ok; else bad "$name: exit code $rc, expected $want"; fi
}
check_json() {  # check_json NAME JQ-FILTER ARGS...
  local name="$1" filter="$2"
  shift 2
  if "$P" --json "$@" 2>/dev/null | jq -e "$filter" >/dev/null 2>&1; then ok; else bad "$name: $filter on: $("$P" --json "$@" 2>&1 | head -c 400)"; fi
}
check_json "TTO withdrawing the day before" '.status == "withdrawing"' status iccpr_op1 TTO --on 1998-08-25
check_json "TTO party the day both take effect" '.status == "party" and .since == "1998-08-26"' status iccpr_op1 TTO --on 1998-08-26
check_json "TTO reservation from the new accession" '.reservations | length == 1 and .[0].since == "1998-08-26"' status iccpr_op1 TTO --on 1998-08-26
check_json "no reservation under the first accession" '.reservations == []' status iccpr_op1 TTO --on 1998-08-25
check_json "relation before the objection" '.in_force and .reservations[0].effect == "modifies_reciprocally"' relation iccpr_op1 DNK TTO --on 1999-08-05
check_json "relation, simple objection" '.in_force and .reservations[0].effect == "not_applicable_to_extent" and .reservations[0].objection == "1999-08-06"' relation iccpr_op1 DNK TTO --on 1999-08-06
check_json "relation, precluding objection" '(.in_force | not) and .reservations[0].effect == "treaty_not_in_force_between_them" and ([.explanation[].article] | index("Vienna Convention on the Law of Treaties, Article 20(4)(b)") != null)' relation iccpr_op1 TTO SWE --on 1999-09-01
contains "relation text quotes art. 21(3)" 'do not apply as between the two States to the extent of the reservation' "$P" relation iccpr_op1 DNK TTO --on 1999-09-01
exits "relation of a state with itself" 2 "$P" relation iccpr_op1 TTO TTO

# ICCPR: no denunciation clause.
out=$("$P" record iccpr PRK withdrawal --date 1997-08-25 --source law_cli_test 2>&1); rc=$?
if [ "$rc" -eq 2 ] && [[ "$out" == *"Article 56(1)"* ]] && [[ "$out" == *"General Comment No. 26"* ]]; then ok; else bad "ICCPR withdrawal: rc $rc: $out"; fi

# CAT: twenty accessions (in force 1987-06-26), five art. 21 declarations, one art. 28 opt-out.
for s in AFG ARG BLR BLZ BGR CMR DNK EGY FRA HUN LUX MEX NOR PAN PHL SEN SWE CHE UGA URY; do rec cat "$s" accession --date 1987-05-27; done
for s in ARG DNK FRA LUX NOR; do rec cat "$s" competence-declaration --date 1988-01-10 --subject art21; done
refused "competence id unknown" "is not a competence" cat SWE competence-declaration --date 1990-01-01 --subject art99
refused "opt-out after consent" "Article 28(1)" cat SWE competence-declaration --date 1990-01-01 --subject art20
check_json "CAT art21 accepted" '.competences[] | select(.id == "art21") | .accepted and .since == "1988-01-10" and .kind == "opt_in"' status cat NOR --on 1990-01-01
check_json "CAT art21 not declared" '.competences[] | select(.id == "art21") | (.accepted | not)' status cat SWE --on 1990-01-01
check_json "CAT art20 opt-out applies" '.competences[] | select(.id == "art20") | .accepted and .since == "1987-06-26" and .article == "Article 28(1)"' status cat SWE --on 1990-01-01
contains "status text names the competence" "competence art21 (Inter-State communications (Committee against Torture), Article 21(1)): accepted since 1988-01-10" "$P" status cat NOR --on 1990-01-01

start_server main
A="$BASE/api/v1"
expect "API relation" 200 '.in_force and .a == "DNK" and .b == "TTO" and .reservations[0].effect == "not_applicable_to_extent"' "$A/treaties/iccpr_op1/relation?a=DNK&b=TTO&on=1999-08-06"
expect "API relation precluded" 200 '(.in_force | not)' "$A/treaties/iccpr_op1/relation?a=SWE&b=Trinidad%20and%20Tobago&on=2000-01-01"
expect "API relation needs b" 400 '.error.parameter == "b" or (tostring | test("b"))' "$A/treaties/iccpr_op1/relation?a=DNK"
expect "API relation unknown state" 404 '' "$A/treaties/iccpr_op1/relation?a=DNK&b=XXQ"
expect "API status competences" 200 '[.competences[].id] == ["art21", "art22", "art20"]' "$A/treaties/cat/participants/NOR?on=1990-01-01"
expect "API state competences" 200 '.treaties[] | select(.treaty == "cat") | .competences[0].accepted' "$A/states/NOR?on=1990-01-01"
expect "OpenAPI names the relation path" 200 '.paths["/treaties/{treaty}/relation"].get != null' "$A/openapi.json"
rm -rf "$LAW_HOME"
finish "law_cli_test"
