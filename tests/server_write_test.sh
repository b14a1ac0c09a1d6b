#!/usr/bin/env bash
# Writing over HTTP: POST /api/v1/actions, /facts, /steps with bearer tokens, through the
# same checks and code as `pacta record`; notifications as JSON and Atom; entries recorded
# by another process are picked up. A refused or unauthorised request writes nothing.
set -u
source "$(dirname "$0")/server_lib.sh" "$1" "$2"
REC=$("$PACTA" --json token create --role recorder --label "write test" | jq -r .token)
READER=$("$PACTA" --json token create --role reader | jq -r .token)
start_server main --refresh 0.3
A="$BASE/api/v1"
entries() { "$PACTA" --json log | jq length; }
JSON=(-H 'Content-Type: application/json')
post() {  # post PATH TOKEN BODY [curl args...]
  local path="$1" token="$2" body="$3"
  shift 3
  local auth=()
  [ -n "$token" ] && auth=(-H "Authorization: Bearer $token")
  call "$A$path" -X POST "${auth[@]}" --data-binary "$body" "$@"
}
n0=$(entries)
ACCESSION='{"treaty":"apmbc","state":"USA","kind":"accession","date":"2026-11-20","source":"write test"}'

# --- refused before anything is written
post /actions "" "$ACCESSION" "${JSON[@]}"
[ "$STATUS" = 401 ] && jq -e '.error.code == "unauthorized"' "$WORK/body" >/dev/null && ok || bad "no token: $STATUS"
curl -s -D - -o /dev/null -X POST "$A/actions" | grep -qi '^www-authenticate: Bearer' && ok || bad "401 without WWW-Authenticate"
post /actions "pacta_0000" "$ACCESSION" "${JSON[@]}"
[ "$STATUS" = 401 ] && jq -e '.error.message | test("not known")' "$WORK/body" >/dev/null && ok || bad "wrong token: $STATUS"
post /actions "$READER" "$ACCESSION" "${JSON[@]}"
[ "$STATUS" = 403 ] && jq -e '.error.code == "forbidden"' "$WORK/body" >/dev/null && ok || bad "reader token: $STATUS"
post /actions "$REC" "$ACCESSION" -H 'Content-Type: text/plain'
[ "$STATUS" = 415 ] && ok || bad "not JSON: $STATUS"
post /actions "$REC" '{"treaty":"apmbc","kind":"accession"}' "${JSON[@]}"
[ "$STATUS" = 400 ] && jq -e '.error.code == "bad_body" and (.error.message | test("state"))' "$WORK/body" >/dev/null && ok || bad "missing field: $STATUS $(cat "$WORK/body")"
post /actions "$REC" '{"treaty":' "${JSON[@]}"
[ "$STATUS" = 400 ] && ok || bad "malformed JSON: $STATUS"
post /actions "$REC" '{"treaty":"apmbc","state":"Atlantis","kind":"accession","date":"2026-11-20","source":"x"}' "${JSON[@]}"
[ "$STATUS" = 400 ] && jq -e '.error.message | test("Atlantis")' "$WORK/body" >/dev/null && ok || bad "unknown state in body: $STATUS"
post /actions "$REC" '{"treaty":"apmbc","state":"USA","kind":"ratification","date":"2026-11-20","source":"x"}' "${JSON[@]}"
[ "$STATUS" = 422 ] && jq -e '.error.code == "refused" and (.error.message | test("Article 16"))' "$WORK/body" >/dev/null && ok || bad "ratification by a non-signatory: $STATUS $(cat "$WORK/body")"
post /actions "$REC" '{"treaty":"apmbc","state":"CAN","kind":"signature","date":"2026-11-20","source":"x"}' "${JSON[@]}"
[ "$STATUS" = 422 ] && jq -e '.error.message | test("Article 15")' "$WORK/body" >/dev/null && ok || bad "signature after EIF: $STATUS"
post /actions "$REC" '{"treaty":"apmbc","state":"USA","kind":"accession","date":"2027-01-01","source":"x"}' "${JSON[@]}"
[ "$STATUS" = 422 ] && ok || bad "a date after today: $STATUS"
post "/actions?notify=maybe" "$REC" "$ACCESSION" "${JSON[@]}"
[ "$STATUS" = 400 ] && jq -e '.error.parameter == "notify"' "$WORK/body" >/dev/null && ok || bad "notify=maybe: $STATUS"
expect "GET on actions" 405 '.error.code == "method_not_allowed"' "$A/actions"
curl -s -D - -o /dev/null "$A/facts" | grep -qi '^allow: POST' && ok || bad "405 without Allow: POST"
[ "$(entries)" = "$n0" ] && ok || bad "refused requests wrote entries: $n0 -> $(entries)"
"$PACTA" verify | grep -q "hash chain intact" && ok || bad "verify after refusals"

# --- recorded, with consequences and a notification
post "/actions?notify=true" "$REC" "$ACCESSION" "${JSON[@]}"
[ "$STATUS" = 201 ] && ok || bad "accession: $STATUS $(cat "$WORK/body")"
jq -e '.state == "USA" and .kind == "accession" and (.id > 0) and (.consequences | map(test("in force for USA on 2027-05-01")) | any) and (.notification | test("^C\\.N\\.[0-9]+\\.2026\\.TREATIES-XXVI\\.5$")) and (.recorded_by | test("write test"))' "$WORK/body" >/dev/null && ok || bad "accession reply: $(cat "$WORK/body")"
ref=$(jq -r .notification "$WORK/body")
id=$(jq -r .id "$WORK/body")
[ "$(entries)" = "$((n0 + 1))" ] && ok || bad "one entry written"
"$PACTA" --json log | jq -e --argjson id "$id" '.[] | select(.seq == $id) | .recorded_by | test("pacta serve")' >/dev/null && ok || bad "the ledger says who recorded it"
expect "served at once" 200 '.status == "contracting" and .until == "2027-05-01" and .next_status == "party"' "$A/treaties/apmbc/participants/USA"
cli=$("$PACTA" --json status apmbc USA | jq -c '{status, since, until}')
expect "the CLI sees the same" 200 "{status, since, until} == $cli" "$A/treaties/apmbc/participants/USA"
expect "notifications" 200 "[.notifications[].reference] | index(\"$ref\") != null" "$A/notifications"
cli=$("$PACTA" --json notifications | jq -c '[.[].reference] | sort')
expect "notifications = CLI" 200 "[.notifications[].reference] | sort == $cli" "$A/notifications"
expect "notifications by treaty" 200 '(.notifications | length) >= 1 and .treaty == "apmbc"' "$A/notifications?treaty=apmbc&since=2026-01-01"
expect "notifications since later" 200 '.notifications | length == 0' "$A/notifications?since=2027-01-01"
expect "notifications bad treaty" 400 '.error.parameter == "treaty"' "$A/notifications?treaty=xyz"
expect "notifications bad since" 400 '.error.parameter == "since"' "$A/notifications?since=2026-02-30"
call "$A/notifications.atom"
[ "$STATUS" = 200 ] && [[ "$CTYPE" == application/atom+xml* ]] && ok || bad "atom: $STATUS $CTYPE"
grep -q '<feed xmlns="http://www.w3.org/2005/Atom">' "$WORK/body" && grep -q "<entry>" "$WORK/body" && grep -q "$ref" "$WORK/body" && ok || bad "atom body"
grep -q '<link rel="self" href="/api/v1/notifications.atom"/>' "$WORK/body" && ok || bad "atom self link (relative without --public-url)"
curl -s -H 'Host: evil.example' "$A/notifications.atom" | grep -q 'evil' && bad "the Host header reached the feed" || ok
expect "atom only for notifications" 404 '.error.code == "not_found"' "$A/treaties.atom"

post /facts "$REC" '{"state":"USA","from":"2026-11-01","source":"write test fact"}' "${JSON[@]}"
[ "$STATUS" = 201 ] && jq -e '.kind == "armed_conflict" and .from == "2026-11-01"' "$WORK/body" >/dev/null && ok || bad "fact: $STATUS $(cat "$WORK/body")"
post /facts "$REC" '{"state":"USA","from":"2026-11-01"}' "${JSON[@]}"
[ "$STATUS" = 400 ] && jq -e '.error.parameter == "source"' "$WORK/body" >/dev/null && ok || bad "fact without a source: $STATUS $(cat "$WORK/body")"
post /facts "$REC" '{"state":"XKX","kind":"state_succession","from":"2008-02-17","to":"2008-03-01","source":"x"}' "${JSON[@]}"
[ "$STATUS" = 400 ] && jq -e '.error.message | test("single day")' "$WORK/body" >/dev/null && ok || bad "succession with an end: $STATUS $(cat "$WORK/body")"
post /facts "$REC" '{"state":"XKX","kind":"state_succession","from":"2008-02-17","source":"write test succession"}' "${JSON[@]}"
[ "$STATUS" = 201 ] && jq -e '.kind == "state_succession"' "$WORK/body" >/dev/null && ok || bad "succession fact: $STATUS $(cat "$WORK/body")"
post /steps "$REC" '{"state":"USA","treaty":"apmbc","kind":"vote","date":"2026-11-02","body":"Senate","description":"advice and consent","source":"write test step"}' "${JSON[@]}"
[ "$STATUS" = 201 ] && ok || bad "step: $STATUS $(cat "$WORK/body")"
expect "timeline shows them" 200 '([.events[] | select(.type == "fact" and .source == "write test fact")] | length) == 1 and ([.events[] | select(.type == "step" and .body == "Senate")] | length) == 1' "$A/treaties/apmbc/participants/USA/timeline"

# Two writers at once: both recorded, distinct entries, chain intact.
post_bg() { curl -s -o "$WORK/w$1" -w '%{http_code}' -X POST -H "Authorization: Bearer $REC" "${JSON[@]}" --data-binary "$2" "$A/steps" >"$WORK/c$1"; }
post_bg 1 '{"state":"FIN","date":"2026-11-03","kind":"statement","description":"one","source":"a"}' &
p1=$!
post_bg 2 '{"state":"EST","date":"2026-11-03","kind":"statement","description":"two","source":"b"}' &
p2=$!
wait $p1 $p2
[ "$(cat "$WORK/c1")$(cat "$WORK/c2")" = "201201" ] && [ "$(jq .id "$WORK/w1")" != "$(jq .id "$WORK/w2")" ] && ok || bad "concurrent writes: $(cat "$WORK"/c1 "$WORK"/c2)"
"$PACTA" verify | grep -q "hash chain intact" && ok || bad "verify after writes"

# Another process records; the server picks it up (--refresh 0.3 s here).
"$PACTA" record-step USA --treaty apmbc --date 2026-11-04 --kind vote --body House --description "from the CLI" --source "cli" >/dev/null || bad "CLI record-step"
seen=0
for _ in $(seq 1 50); do
  curl -s "$A/treaties/apmbc/participants/USA/timeline" | jq -e '[.events[] | select(.type == "step" and .source == "cli")] | length == 1' >/dev/null && { seen=1; break; }
  sleep 0.1
done
[ "$seen" = 1 ] && ok || bad "an entry recorded by the CLI was not picked up"

# Absolute links only from --public-url (never from Host): the feed's self link, Location.
start_server public --public-url https://treaties.example.org/pacta/ --refresh 0
P="$BASE/api/v1"
curl -s -H 'Host: evil.example' "$P/notifications.atom" | grep -q '<link rel="self" href="https://treaties.example.org/pacta/api/v1/notifications.atom"/>' && ok || bad "atom self link from --public-url"
loc=$(curl -s -D - -o /dev/null -X POST -H "Authorization: Bearer $REC" "${JSON[@]}" -H 'Host: evil.example' \
  --data-binary '{"state":"USA","date":"2026-11-05","kind":"vote","source":"public url test"}' "$P/steps" | grep -i '^location:' | tr -d '\r')
[ "$loc" = "Location: https://treaties.example.org/pacta/api/v1/states/USA" ] && ok || bad "Location with --public-url: $loc"
out=$("$PACTA" serve --port 0 --public-url 'https://x/"><script>' 2>&1)
rc=$?
[ "$rc" = 2 ] && [[ "$out" == *"--public-url"* ]] && ok || bad "a bad --public-url: rc $rc: $out"

finish write
