#!/usr/bin/env bash
# Two contradictory writes at once: exactly one is accepted, the other refused naming the
# rule, whether both come from the CLI, one from the CLI and one over HTTP, or both over
# HTTP (two servers on one database). The checks run at the head the write appends to.
# Also: an Idempotency-Key retried is recorded once; notify=true for a treaty without
# notifications is refused before anything is written; the hash chain stays intact.
set -u
source "$(dirname "$0")/server_lib.sh" "$1" "$2"
PACTA_TODAY=2026-12-05
export PACTA_TODAY
TRIALS="${TRIALS:-12}"
REC=$("$PACTA" --json token create --role recorder --label "concurrency" | jq -r .token)
start_server one
ONE="$BASE/api/v1"
start_server two
TWO="$BASE/api/v1"
echo "The State hereby withdraws, for the reasons stated." > "$WORK/text.txt"
mapfile -t PARTIES < <("$PACTA" --json parties apmbc --on 2026-12-01 | jq -r '.parties[] | select(.status == "party") | .state')
[ "${#PARTIES[@]}" -gt $((TRIALS * 3)) ] && ok || bad "not enough parties for the trials: ${#PARTIES[@]}"
next=0

cli_withdraw() {  # cli_withdraw STATE OUTFILE: exit code in OUTFILE.rc
  "$PACTA" record apmbc "$1" withdrawal --date 2026-12-01 --text-file "$WORK/text.txt" --source "concurrency test" \
    >"$2" 2>&1
  echo $? >"$2.rc"
}
http_withdraw() {  # http_withdraw BASE STATE OUTFILE: status in OUTFILE.rc
  curl -s -o "$3" -w '%{http_code}' --max-time 30 -X POST "$1/actions" -H "Authorization: Bearer $REC" \
    -H 'Content-Type: application/json' \
    --data-binary "{\"treaty\":\"apmbc\",\"state\":\"$2\",\"kind\":\"withdrawal\",\"date\":\"2026-12-01\",\"text\":\"The State withdraws.\",\"source\":\"concurrency test\"}" \
    >"$3.rc"
}
accepted() { [ "$(cat "$1.rc")" = 0 ] || [ "$(cat "$1.rc")" = 201 ]; }
refused_by_rule() {  # the refusal names the rule: a withdrawal already pending
  { [ "$(cat "$1.rc")" = 2 ] || [ "$(cat "$1.rc")" = 422 ]; } && grep -q "already has a withdrawal pending" "$1"
}

trial() {  # trial MODE: two writers at once on a fresh state
  local mode="$1" state="${PARTIES[$next]}"
  next=$((next + 1))
  local pids=()
  case "$mode" in
    cli-cli) cli_withdraw "$state" "$WORK/a" & pids+=($!); cli_withdraw "$state" "$WORK/b" & pids+=($!) ;;
    cli-http) cli_withdraw "$state" "$WORK/a" & pids+=($!); http_withdraw "$ONE" "$state" "$WORK/b" & pids+=($!) ;;
    http-http) http_withdraw "$ONE" "$state" "$WORK/a" & pids+=($!); http_withdraw "$TWO" "$state" "$WORK/b" & pids+=($!) ;;
  esac
  wait "${pids[@]}"
  local ok_a=0 ok_b=0
  accepted "$WORK/a" && ok_a=1
  accepted "$WORK/b" && ok_b=1
  if [ $((ok_a + ok_b)) -eq 1 ] && { refused_by_rule "$WORK/a" || refused_by_rule "$WORK/b"; }; then ok; else
    bad "$mode on $state: accepted $((ok_a + ok_b)) of 2"
    head -c 300 "$WORK/a"; echo; head -c 300 "$WORK/b"; echo
  fi
  local n
  n=$("$PACTA" --json log --treaty apmbc | jq "[.[] | select(.state == \"$state\" and .kind == \"withdrawal\")] | length")
  [ "$n" = 1 ] && ok || bad "$mode on $state: $n withdrawals recorded"
}

for mode in cli-cli cli-http http-http; do
  for _ in $(seq "$TRIALS"); do trial "$mode"; done
done

# Server two answers (and keeps serialized) the USA's status before the accession below.
call "$TWO/treaties/apmbc/participants/USA"
jq -e '.status == "none"' "$WORK/body" >/dev/null && ok || bad "the USA before its accession: $(head -c 200 "$WORK/body")"

# Idempotency-Key: the same request twice is recorded once and answered as the first.
BODY='{"treaty":"apmbc","state":"USA","kind":"accession","date":"2026-11-20","source":"idempotency test"}'
post_key() {  # post_key KEY BODY -> STATUS, headers in $WORK/headers, body in $WORK/body
  STATUS=$(curl -s -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' -X POST "$ONE/actions" \
    -H "Authorization: Bearer $REC" -H 'Content-Type: application/json' -H "Idempotency-Key: $1" --data-binary "$2")
}
post_key usa-1 "$BODY"
first=$(jq .id "$WORK/body")
[ "$STATUS" = 201 ] && ok || bad "idempotent first: $STATUS $(cat "$WORK/body")"
post_key usa-1 "$BODY"
[ "$STATUS" = 201 ] && [ "$(jq .id "$WORK/body")" = "$first" ] && grep -qi '^idempotent-replayed: true' "$WORK/headers" && ok ||
  bad "idempotent retry: $STATUS $(cat "$WORK/body")"
n=$("$PACTA" --json log --treaty apmbc | jq '[.[] | select(.state == "USA" and .kind == "accession")] | length')
[ "$n" = 1 ] && ok || bad "idempotent retry recorded $n accessions"
post_key usa-1 "${BODY/2026-11-20/2026-11-21}"
[ "$STATUS" = 409 ] && jq -e '.error.code == "conflict"' "$WORK/body" >/dev/null && ok || bad "key reused for another body: $STATUS"
# Without a key, the second accession is refused by the rule (422), not by the key.
STATUS=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST "$TWO/actions" -H "Authorization: Bearer $REC" \
  -H 'Content-Type: application/json' --data-binary "$BODY")
[ "$STATUS" = 422 ] && jq -e '.error.code == "refused"' "$WORK/body" >/dev/null && ok || bad "second accession: $STATUS"

# notify=true for a treaty without notifications: refused before anything is written.
before=$("$PACTA" --json log | jq length)
STATUS=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST "$ONE/actions?notify=true" -H "Authorization: Bearer $REC" \
  -H 'Content-Type: application/json' \
  --data-binary '{"treaty":"npt","state":"SSD","kind":"accession","date":"2026-11-20","source":"notify test"}')
[ "$STATUS" = 422 ] && jq -e '.error.message | test("no UN chapter")' "$WORK/body" >/dev/null && ok || bad "notify on npt: $STATUS $(cat "$WORK/body")"
[ "$("$PACTA" --json log | jq length)" = "$before" ] && ok || bad "notify on npt wrote something"
# An action and its notification are one write: the number is taken in the same transaction.
STATUS=$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST "$TWO/actions?notify=true" -H "Authorization: Bearer $REC" \
  -H 'Content-Type: application/json' \
  --data-binary '{"treaty":"apmbc","state":"IND","kind":"accession","date":"2026-11-20","source":"notify test"}')
[ "$STATUS" = 201 ] && jq -e '.notification | test("^C.N.[0-9]+.2026.TREATIES-XXVI.5$")' "$WORK/body" >/dev/null && ok ||
  bad "accession with notification: $STATUS $(cat "$WORK/body")"

# Both servers answer with what the other recorded (each read checks the head; the answer
# kept for the old head is not served again).
call "$TWO/treaties/apmbc/participants/USA"
jq -e '.status == "contracting"' "$WORK/body" >/dev/null && ok || bad "server two does not see the accession made through one"

"$PACTA" verify | grep -q "hash chain intact" && ok || bad "verify: $("$PACTA" verify)"
finish concurrency
