#!/usr/bin/env bash
# Installs what pacta needs to build and test, from Debian bookworm packages, if missing.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libtomlplusplus-dev libsqlite3-dev sqlite3 libssl-dev libcsv-dev
  libpq-dev  # the PostgreSQL store (libpq)
  libboost1.81-dev libboost-json1.81-dev libcli11-dev
  libgtest-dev libbenchmark-dev iso-codes
  zlib1g-dev  # gzip for the server's responses
  libxml2-dev  # ingest-untc: libxml2's HTML parser reads saved UN Treaty Collection status pages
  curl jq  # the server tests call the API with curl and read JSON with jq
)

# `--test`: what only the tests need. The browser test drives Debian's chromium (never a
# browser downloaded by a test tool).
# The fuzzing harnesses (fuzz/) build with clang and its libFuzzer runtime.
# The PostgreSQL tests start a throw-away PostgreSQL 15 server (tests/pg_lib.sh).
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium clang libclang-rt-14-dev postgresql-15)
fi
# `--cluster`: what scripts/cluster.sh and `make bench-cluster` need: PostgreSQL 15 (a primary
# and a hot standby), nginx as the load balancer (the script runs its own nginx, unprivileged,
# with a configuration in the cluster's directory; the package's own configuration and service
# are not used) and wrk, the HTTP load generator of the read benchmark.
if [[ " $* " == *" --cluster "* ]]; then
  packages+=(postgresql-15 nginx wrk)
fi
# tests/cluster_test.sh (make test) starts that cluster too: nginx for `--test` as well.
if [[ " $* " == *" --test "* ]]; then
  packages+=(nginx)
fi
# Node.js and npm install the web page's libraries. The machine image may already carry a
# Node.js from elsewhere (with its own npm); add Debian's only when either is missing.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: missing packages (${missing[*]}) and not root; install them with apt-get" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
