#!/usr/bin/env bash
# The web page in Debian's chromium (playwright-core from web/node_modules, installed by
# `make test`), against a real `pacta serve` on loopback. Screenshots: $3 (build dir).
set -u
SHOTS="$3"
source "$(dirname "$0")/server_lib.sh" "$1" "$2"
WEB="$HOME_DIR/web"
if [ ! -d "$WEB/node_modules/playwright-core" ] || [ ! -f "$WEB/public/vendor/d3-geo.min.js" ]; then
  echo "web/node_modules or web/public/vendor missing: run 'make test' (it runs npm ci and the vendor step)"
  exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "chromium missing: run 'make test' (scripts/setup.sh --test installs Debian's chromium)"
  exit 1
fi
start_server web --web "$WEB/public"
# One notification to show: an accession recorded and notified over the API.
TOKEN=$("$PACTA" --json token create --role recorder --label "web test" | jq -r .token)
curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data-binary '{"treaty":"apmbc","state":"USA","kind":"accession","date":"2026-11-20","source":"web test"}' \
  "$BASE/api/v1/actions?notify=true" | grep -q 201 && ok || bad "recording the notified accession"
node "$WEB/tests/browser_test.mjs" "$BASE" "$SHOTS" && ok || bad "browser test"
echo "screenshots: $SHOTS"
finish web
