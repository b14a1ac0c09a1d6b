#!/usr/bin/env bash
# The OpenAPI document against the server: every documented GET path is called with the
# examples the document gives; it must answer 200 with a documented content type and the
# fields its schema requires (top level and the first item of required arrays). Where the
# document promises 400 or 404, a bad date parameter or an unknown treaty/state must get
# it, with the error shape documented; any other method must get 405. Every documented POST
# path must answer 401 without a token (as documented) and 405 to GET.
set -u
source "$(dirname "$0")/server_lib.sh" "$1" "$2"
start_server main
A="$BASE/api/v1"
curl -s "$A/openapi.json" >"$WORK/openapi.json"
jq -e '.openapi == "3.1.0"' "$WORK/openapi.json" >/dev/null && ok || bad "not OpenAPI 3.1"

DEFS='def deref($root): if type == "object" and has("$ref") then (.["$ref"] | ltrimstr("#/") | split("/")) as $p | $root | getpath($p) else . end;'
q() { jq -r "$DEFS . as \$root | $1" "$WORK/openapi.json"; }

# url_for PATH [override-name override-value]: the path with every parameter set to its example
url_for() {
  local path="$1" oname="${2:-}" ovalue="${3:-}"
  jq -r --arg p "$path" --arg on "$oname" --arg ov "$ovalue" "$DEFS"'
    . as $root | [(.paths[$p].get.parameters // [])[] | deref($root)] as $ps
    | reduce ($ps[] | select(.in == "path")) as $x ($p;
        sub("\\{" + $x.name + "\\}"; (if $x.name == $on then $ov else ($x.example | tostring) end)))
    + ([$ps[] | select(.in == "query") | .name + "=" + (if .name == $on then $ov else (.example | tostring) end)]
       | if length > 0 then "?" + join("&") else "" end)' "$WORK/openapi.json"
}

check_required() {  # check_required PATH STATUS [METHOD]: body fields against the documented schema
  local path="$1" code="$2" method="${3:-get}" missing
  missing=$(jq -r --arg p "$path" --arg c "$code" --arg m "$method" --slurpfile body "$WORK/body" "$DEFS"'
    . as $root | (.paths[$p][$m].responses[$c] | deref($root) | .content["application/json"].schema | deref($root)) as $s
    | ($body[0]) as $b
    | [($s.required // [])[] as $k | select(($b | has($k)) | not) | $k]
      + [($s.required // [])[] as $k | ($s.properties[$k] // {} | deref($root)) as $ps
         | select($ps.type == "array" and ($b[$k] | length) > 0)
         | ($ps.items | deref($root)) as $is
         | ($is.required // [])[] as $f | select(($b[$k][0] | has($f)) | not) | $k + "[0]." + $f]
    | join(", ")' "$WORK/openapi.json") || missing="(the schema check failed)"
  [ -z "$missing" ] && ok || bad "$path $code: missing fields: $missing"
}

paths=$(q '.paths | keys[]')
[ "$(wc -l <<<"$paths")" -ge 10 ] && ok || bad "only $(wc -l <<<"$paths") paths documented"
for path in $(q '.paths | to_entries[] | select(.value.post) | .key'); do
  codes=$(q ".paths[\"$path\"].post.responses | keys | join(\" \")")
  [[ " $codes " == *" 401 "* ]] && ok || bad "$path: POST documents no 401"
  call "$A$path" -X POST -H 'Content-Type: application/json' --data-binary '{}'
  [ "$STATUS" = 401 ] && ok || bad "$path: POST without a token -> $STATUS"
  check_required "$path" 401 post
  call "$A$path"
  [ "$STATUS" = 405 ] && ok || bad "$path: GET -> $STATUS"
done

for path in $(q '.paths | to_entries[] | select(.value.get) | .key'); do
  codes=$(q ".paths[\"$path\"].get.responses | keys | join(\" \")")
  url=$(url_for "$path")
  call "$A$url"
  [ "$STATUS" = 200 ] && ok || bad "$path: GET $url -> $STATUS"
  types=$(q ".paths[\"$path\"].get.responses[\"200\"].content | keys | join(\" \")")
  [[ " $types " == *" ${CTYPE%%;*} "* ]] && ok || bad "$path: content type $CTYPE not among: $types"
  [[ "$CTYPE" == application/json* ]] && check_required "$path" 200

  if [[ " $codes " == *" 400 "* ]]; then
    pname=$(jq -r --arg p "$path" "$DEFS"'. as $root | [(.paths[$p].get.parameters // [])[] | deref($root)
              | select(.in == "query" and .schema.format == "date")][0].name' "$WORK/openapi.json")
    call "$A$(url_for "$path" "$pname" 2025-02-30)"
    [ "$STATUS" = 400 ] && ok || bad "$path: bad $pname -> $STATUS"
    check_required "$path" 400
    jq -e --arg n "$pname" '.error.parameter == $n and (.error.message | startswith($n + ":"))' "$WORK/body" >/dev/null && ok ||
      bad "$path: the 400 does not name $pname: $(cat "$WORK/body")"
  fi
  if [[ " $codes " == *" 404 "* ]]; then
    for p in treaty state; do
      [[ "$path" == *"{$p}"* ]] || continue
      call "$A$(url_for "$path" "$p" "no-such-$p")"
      [ "$STATUS" = 404 ] && ok || bad "$path: unknown $p -> $STATUS"
      check_required "$path" 404
      grep -q "no-such-$p" "$WORK/body" && ok || bad "$path: the 404 does not name the $p"
    done
  fi
  for m in POST PUT DELETE PATCH; do
    call "$A$url" -X "$m"
    [ "$STATUS" = 405 ] && ok || bad "$path: $m -> $STATUS"
  done
done

finish openapi
