#!/usr/bin/env bash
# The rules are part of the record: every version of a treaty's profile is a hash-chained
# ledger entry; a changed profile is a new version (nothing rewritten); --known-on computes
# with the rules known then; every answer names its rules version; a bad profile is refused
# naming file, table and key, and writes nothing.
set -u
PACTA="$1"
HOME_DIR="$2"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export PACTA_DB="$WORK/pacta.db" PACTA_TODAY=2026-12-05
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/home"
cp -r "$HOME_DIR/treaties" "$HOME_DIR/data" "$WORK/home/"
check "init" "created from the bundled data" "$PACTA" init --home "$WORK/home"
v1=$("$PACTA" --json rules list apmbc | jq -r '.[0].rules_version')
[[ "$v1" =~ ^apmbc@[0-9a-f]{12}$ ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL rules version: $v1"; }
check "first version known from adoption" '"known_from":"1997-09-18"' "$PACTA" --json rules list apmbc
check "status names its rules" "\"rules_version\":\"$v1\"" "$PACTA" --json status apmbc LTU
check "status text names its rules" "rules: $v1" "$PACTA" status apmbc LTU
check "parties name their rules" "\"rules_version\":\"$v1\"" "$PACTA" --json parties apmbc
check "lithuania withdrawn under the first rules" '"status":"withdrawn","party":false,"since":"2025-12-27"' \
  "$PACTA" --json status apmbc LTU --on 2026-01-01
check "init again changes nothing" "profiles unchanged" "$PACTA" init --home "$WORK/home"

# A changed profile (12-month notice) becomes a second version, known from today.
sed -i 's/^notice = { months = 6, rounding = "down" }/notice = { months = 12, rounding = "down" }/' "$WORK/home/treaties/apmbc.toml"
grep -q "months = 12" "$WORK/home/treaties/apmbc.toml" || { echo "test setup: the notice line was not found"; exit 1; }
before=$("$PACTA" --json log | jq length)
check "changed profile recorded" "1 changed profile(s) recorded as new rules versions" "$PACTA" init --home "$WORK/home"
[ "$("$PACTA" --json log | jq length)" = $((before + 1)) ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL one entry appended"; }
v2=$("$PACTA" --json rules list apmbc | jq -r '.[1].rules_version')
[ "$v2" != "$v1" ] && [[ "$v2" =~ ^apmbc@ ]] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL second version: $v2"; }
check "second version known from today" '"known_from":"2026-12-05"' "$PACTA" --json rules list apmbc
check "the new rules apply now" '"status":"withdrawing","party":true,"since":"2025-06-27","until":"2026-06-27"' \
  "$PACTA" --json status apmbc LTU --on 2026-01-01
check "and name themselves" "\"rules_version\":\"$v2\"" "$PACTA" --json status apmbc LTU --on 2026-01-01
check "known on before the change: the first rules" '"status":"withdrawn","party":false,"since":"2025-12-27"' \
  "$PACTA" --json status apmbc LTU --on 2026-01-01 --known-on 2025-12-01
check "... and they are named" "\"rules_version\":\"$v1\"" "$PACTA" --json status apmbc LTU --on 2026-01-01 --known-on 2025-12-01
check "the chain covers the rules" "hash chain intact" "$PACTA" verify

# Loading the same rules again records nothing; back to the first text is a third version.
check "rules load unchanged" "unchanged" "$PACTA" rules load "$WORK/home/treaties/apmbc.toml" --source "same text"
cp "$HOME_DIR/treaties/apmbc.toml" "$WORK/apmbc.toml"
check "rules load back" "recorded rules $v1" "$PACTA" rules load "$WORK/apmbc.toml" --source "the 6-month notice restored"
check "three versions" '3' bash -c "\"$PACTA\" --json rules list apmbc | jq length"

# Strict profiles: an unknown key, a wrong type, a missing key: exit 2, naming file, table and key.
n=$("$PACTA" --json log | jq length)
sed 's/^notice = { months = 6, rounding = "down" }/notice = { months = 6, rounding = "down" }\nnotcie = 3/' "$WORK/apmbc.toml" >"$WORK/typo.toml"
check_rc "unknown key refused" 2 "$PACTA" rules load "$WORK/typo.toml" --source typo
check "unknown key named" "notcie" "$PACTA" rules load "$WORK/typo.toml" --source typo
check "its table named" "[withdrawal]" "$PACTA" rules load "$WORK/typo.toml" --source typo
check "its file named" "typo.toml" "$PACTA" rules load "$WORK/typo.toml" --source typo
sed 's/^non_signatories_from_entry_into_force = .*/non_signatories_from_entry_into_force = "yes"/' "$HOME_DIR/treaties/att.toml" >"$WORK/att.toml"
grep -q '"yes"' "$WORK/att.toml" && check "wrong type named" "non_signatories_from_entry_into_force" "$PACTA" rules load "$WORK/att.toml" --source t
grep -v '^adopted' "$WORK/apmbc.toml" >"$WORK/noadopt.toml"
check "missing key named" "adopted" "$PACTA" rules load "$WORK/noadopt.toml" --source t
[ "$("$PACTA" --json log | jq length)" = "$n" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL a refused profile wrote something"; }
check_rc "rules load needs a source" 2 "$PACTA" rules load "$WORK/apmbc.toml"
finish rules
