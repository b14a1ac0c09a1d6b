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
node "$WEB/tests/browser_test.mjs" "$BASE" "$SHOTS" && ok || bad "browser test"
echo "screenshots: $SHOTS"
finish web
