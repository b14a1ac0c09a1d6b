#!/usr/bin/env bash
# Hostile clients against a real `pacta serve` on loopback (issue 11): huge trailers and
# trailer floods, slowloris and connection floods (while another client, from 127.0.0.2,
# must still be answered), path traversal, malformed requests, oversized headers and bodies,
# bad JSON, duplicate keys, blank fields, missing, unknown and reader tokens on writes.
# Each case asserts the status code and that the server still answers afterwards; at the
# end every server stops cleanly on SIGTERM (no leak in the sanitizer build).
# Usage: attack_test.sh PACTA SOURCE_DIR ATTACK_CLIENT
set -u
ATTACK="$3"
source "$(dirname "$0")/server_lib.sh" "$1" "$2"
REC=$("$PACTA" --json token create --role recorder --label "attack test" | jq -r .token)
READER=$("$PACTA" --json token create --role reader | jq -r .token)
start_server main
MAIN_PID=$LAST_PID
PORT=${BASE##*:}
A="$BASE/api/v1"
LTU="$A/treaties/apmbc/participants/LTU"

# The server still answers a normal request.
alive() {
  local c
  c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$LTU")
  [ "$c" = 200 ] && ok || bad "the server does not answer after $1 (HTTP $c)"
}
# send NAME WANTED... < request: the request's bytes as they are; the answer's status is one of WANTED.
send() {
  local name="$1" got w
  shift
  got=$("$ATTACK" raw "$PORT" --wait 10)
  for w in "$@"; do
    if [ "$got" = "$w" ]; then
      ok
      alive "$name"
      return
    fi
  done
  bad "$name: got '$got', expected one of: $*"
  alive "$name"
}
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
a_run() { head -c "$1" /dev/zero | tr '\0' "${2:-a}"; }

# --- trailers: they count against the 8 KiB header limit, at any size, and never kill the server
chunked_get() {  # chunked_get TRAILER-BYTES: GET / with an empty chunked body and one trailer of that size
  printf 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: '
  a_run "$1"
  printf '\r\n\r\n'
}
chunked_get 1000 | send "a small trailer" 200
for size in 8150 20000 65535 65536 70000 1000000 18000000; do
  chunked_get "$size" | send "a trailer of $size bytes" 431
done
{
  printf 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n'
  yes 'X-Flood: y' | head -n 20000 | sed 's/$/\r/'
  printf '\r\n'
} | send "a flood of 20,000 trailer fields" 431
{
  printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
  body='{"state":"USA","date":"2026-11-01","kind":"vote","source":"trailer test"}'
  printf '%x\r\n%s\r\n0\r\nAuthorization: Bearer %s\r\n\r\n' "${#body}" "$body" "$REC"
} | send "a token in a trailer is not a header" 401
# Eight connections at once, each with 18 MB of trailers: memory stays bounded.
rss0=$(rss_kib "$MAIN_PID")
chunked_get 18000000 >"$WORK/trailers"
pids=()
for i in $(seq 1 8); do
  "$ATTACK" raw "$PORT" --wait 20 <"$WORK/trailers" >"$WORK/t$i" &
  pids+=($!)
done
wait "${pids[@]}"
[ "$(cat "$WORK"/t? | sort -u)" = 431 ] && ok || bad "8 x 18 MB of trailers: $(cat "$WORK"/t? | tr '\n' ' ')"
rss1=$(rss_kib "$MAIN_PID")
[ $((rss1 - rss0)) -lt 65536 ] && ok || bad "8 x 18 MB of trailers grew the server by $(((rss1 - rss0) / 1024)) MiB"
alive "8 x 18 MB of trailers"

# --- malformed requests
printf 'NOT HTTP AT ALL\r\n\r\n' | send "not HTTP" 400
printf 'GET\r\n\r\n' | send "a request line without a target" 400
printf 'GET / HTTP/9.9\r\nHost: x\r\n\r\n' | send "HTTP/9.9" 400
printf 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n' | send "two spaces in the request line" 400
printf 'GET /\r\nHost: x\r\n\r\n' | send "no version" 400
printf 'G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n' | send "a control character in the method" 400
printf 'GET / HTTP/1.1\r\nNo colon here\r\n\r\n' | send "a header without a colon" 400
printf 'GET / HTTP/1.1\r\nX-Bad: a\x00b\r\n\r\n' | send "a NUL in a header value" 400
printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n' | send "a negative Content-Length" 400
printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef' | send "two Content-Lengths" 400
printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' | send "a bad chunk size" 400
printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n' | send "a huge chunk size" 400 413
head -c 30000 /dev/urandom | send "random bytes" 400 431 closed reset
{ printf 'GET /'; a_run 20000; printf ' HTTP/1.1\r\nHost: x\r\n\r\n'; } | send "a 20 KB request line" 431
{ printf 'GET / HTTP/1.1\r\nHost: x\r\nX-Big: '; a_run 20000; printf '\r\n\r\n'; } | send "a 20 KB header" 431
{ printf 'GET / HTTP/1.1\r\nHost: x\r\n'; yes 'X-H: y' | head -n 2000 | sed 's/$/\r/'; printf '\r\n'; } | send "2,000 headers" 431
printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n' | send "a declared 1 TB body" 413
{ printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n'; a_run 100000; } | send "a 100 KB body" 413
{
  printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
  for _ in $(seq 1 10); do printf '2710\r\n'; a_run 10000; printf '\r\n'; done
  printf '0\r\n\r\n'
} | send "a 100 KB chunked body" 413
{
  printf 'POST /api/v1/steps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
  ext=$(a_run 20 e)
  for _ in $(seq 1 3000); do printf '1;ext=%s\r\nx\r\n' "$ext"; done
  printf '0\r\n\r\n'
} | send "chunk framing beyond the allowance" 413

# --- the web page's files: nothing outside web/public, however the path is spelled
for path in '/../CMakeLists.txt' '/%2e%2e/CMakeLists.txt' '/%2E%2E/%2e%2e/etc/passwd' '/..%2fCMakeLists.txt' \
  '/vendor/../../package.json' '//etc/passwd' '/.git/config' '/%2e%2e%5c%2e%2e%5cCMakeLists.txt'; do
  call "$BASE$path" --path-as-is
  [ "$STATUS" = 404 ] && ! grep -q 'cmake_minimum_required\|root:' "$WORK/body" && ok || bad "traversal $path: $STATUS"
done
for path in '/index.html%00.js' '/api/v1/treaties/apmbc%00' '/%00'; do
  expect "an encoded NUL in $path" 400 '.error.code == "bad_request"' "$BASE$path" --path-as-is
done
expect "an encoded NUL in a parameter" 400 '.error.parameter == "on"' "$A/treaties?on=%00"
printf 'GET /index.html\x00 HTTP/1.1\r\nHost: x\r\n\r\n' | send "a raw NUL in the target" 400
alive "traversal"

# --- writes: tokens first, then the body
n0=$("$PACTA" --json log | jq length)
JSON=(-H 'Content-Type: application/json')
GOOD='{"state":"USA","date":"2026-11-01","kind":"vote","source":"attack test"}'
post() {  # post NAME STATUS JQ TOKEN BODY [curl args]
  local name="$1" want="$2" filter="$3" token="$4" body="$5"
  shift 5
  local auth=()
  [ -n "$token" ] && auth=(-H "Authorization: $token")
  expect "$name" "$want" "$filter" "$A/steps" -X POST "${auth[@]}" --data-binary "$body" "$@"
}
post "no token" 401 '.error.code == "unauthorized"' "" "$GOOD" "${JSON[@]}"
post "an unknown token" 401 '.error.code == "unauthorized"' "Bearer pacta_0000000000" "$GOOD" "${JSON[@]}"
post "an empty bearer" 401 '.error.code == "unauthorized"' "Bearer " "$GOOD" "${JSON[@]}"
post "Basic, not Bearer" 401 '.error.code == "unauthorized"' "Basic $(printf 'a:b' | base64)" "$GOOD" "${JSON[@]}"
post "a 4 KB token" 401 '.error.code == "unauthorized"' "Bearer $(a_run 4000 t)" "$GOOD" "${JSON[@]}"
post "a reader token" 403 '.error.code == "forbidden"' "Bearer $READER" "$GOOD" "${JSON[@]}"
post "not JSON" 400 '.error.code == "bad_body"' "Bearer $REC" '{"state":' "${JSON[@]}"
post "JSON, not an object" 400 '.error.code == "bad_body"' "Bearer $REC" '["USA"]' "${JSON[@]}"
post "nested too deep" 400 '.error.code == "bad_body"' "Bearer $REC" "$(a_run 60000 '[')" "${JSON[@]}"
post "a duplicate key" 400 '.error.parameter == "source" and (.error.message | test("source"))' "Bearer $REC" \
  '{"state":"USA","date":"2026-11-01","kind":"vote","source":"a","source":"b"}' "${JSON[@]}"
post "a blank source" 400 '.error.parameter == "source" and (.error.message | test("blank"))' "Bearer $REC" \
  '{"state":"USA","date":"2026-11-01","kind":"vote","source":" \t "}' "${JSON[@]}"
post "an empty source" 400 '.error.parameter == "source"' "Bearer $REC" '{"state":"USA","date":"2026-11-01","kind":"vote","source":""}' "${JSON[@]}"
post "no source" 400 '.error.parameter == "source"' "Bearer $REC" '{"state":"USA","date":"2026-11-01","kind":"vote"}' "${JSON[@]}"
post "a text/plain body" 415 '.error.code == "unsupported_media_type"' "Bearer $REC" "$GOOD" -H 'Content-Type: text/plain'
[ "$("$PACTA" --json log | jq length)" = "$n0" ] && ok || bad "refused writes wrote entries"
post "APPLICATION/JSON is JSON" 201 '.kind == "vote"' "Bearer $REC" "$GOOD" -H 'Content-Type: APPLICATION/JSON'
expect "upcoming past 9999" 400 '.error.parameter == "days"' "$A/upcoming?from=9999-01-01&days=36600"
curl -s -H 'Host: evil.example' "$A/notifications.atom" | grep -q evil && bad "the Host header reached the feed" || ok
alive "bad writes"

# --- slowloris: 300 connections from 127.0.0.1 sending one header line a second; another
# client, from 127.0.0.2, must be answered normally (at least 95 % of its requests).
curl -s -o /dev/null --max-time 5 --interface 127.0.0.2 "$LTU" || { bad "cannot connect from 127.0.0.2"; finish attack; exit 1; }
other_client() {  # other_client NAME REQUESTS: a request every 0.05 s from 127.0.0.2, each on a new connection
  local name="$1" n="$2" good=0 i c start=$EPOCHREALTIME
  for i in $(seq 1 "$n"); do
    c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --interface 127.0.0.2 "$LTU")
    [ "$c" = 200 ] && good=$((good + 1))
    sleep 0.05
  done
  [ $((good * 100)) -ge $((n * 95)) ] && ok || bad "$name: only $good of $n requests from 127.0.0.2 answered 200"
  echo "$name: $good of $n requests from 127.0.0.2 answered 200 (in $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}') s)"
}
# The attackers run until the other client is done (SIGTERM), at most a minute.
"$ATTACK" hold "$PORT" --connections 300 --seconds 60 >"$WORK/slowloris" &
attacker=$!
sleep 1.5
other_client "slowloris, default options" 40
kill -TERM $attacker
wait $attacker
read -r _ opened _ _ _ closed <"$WORK/slowloris"
[ "$opened" -gt 300 ] && [ "$closed" -gt 0 ] && ok || bad "the slowloris connections were not cut: $(cat "$WORK/slowloris")"
echo "slowloris attacker: $(cat "$WORK/slowloris")"
alive "slowloris"

# The same without a per-address limit and with a small table and a long header time-out:
# a full table makes room by closing the connection waiting longest.
start_server evict --max-per-address 0 --max-connections 64 --header-timeout 60
EVICT="$BASE"
"$ATTACK" hold "${EVICT##*:}" --connections 300 --seconds 60 >"$WORK/slowloris2" &
attacker=$!
sleep 1.5
LTU_MAIN="$LTU"
LTU="$EVICT/api/v1/treaties/apmbc/participants/LTU"
other_client "slowloris, a full table" 25
kill -TERM $attacker
wait $attacker
read -r _ _ _ _ _ closed <"$WORK/slowloris2"
[ "$closed" -gt 0 ] && ok || bad "a full table made no room: $(cat "$WORK/slowloris2")"
echo "slowloris attacker on a full table: $(cat "$WORK/slowloris2")"
alive "slowloris on a full table"
LTU="$LTU_MAIN"

# A flood of idle connections (nothing sent): others are still answered.
"$ATTACK" hold "$PORT" --connections 500 --idle --seconds 60 >"$WORK/flood" &
attacker=$!
sleep 1
other_client "a flood of 500 idle connections" 10
kill -TERM $attacker
wait $attacker
alive "the idle flood"

# 503 only when every connection in the way is being answered: with --max-connections 1,
# a client that asks for a large answer and reads nothing holds it.
start_server busy --max-connections 1
BIG="$BASE/api/v1/treaties/apmbc/series?from=1900-01-01&to=2009-06-01&step=day"
"$ATTACK" slowread "${BASE##*:}" --path "${BIG#"$BASE"}" --seconds 3 >/dev/null &
attacker=$!
sleep 1
expect "503 when every connection is being answered" 503 '.error.code == "busy"' "$BASE/api/v1/treaties"
wait $attacker
sleep 0.3
expect "served once it is free" 200 '.treaties | length >= 1' "$BASE/api/v1/treaties"

# No connection ended in an exception; nothing else went wrong in the event loop.
if grep -h "after an error" "$WORK"/*.log; then bad "a connection ended in an error (above)"; else ok; fi
finish attack
