# Shared by the server tests: starts a real `pacta serve` on a free loopback port over a
# fresh database (after `pacta init`), and small helpers to call it with curl.
# Usage: source server_lib.sh PACTA HOME_DIR [extra serve options...]
PACTA="$1"
HOME_DIR="$2"
shift 2
WORK=$(mktemp -d)
export PACTA_DB="$WORK/pacta.db" PACTA_HOME="$HOME_DIR" PACTA_TODAY="${PACTA_TODAY:-2026-11-27}"
pass=0
fail=0
SERVER_PIDS=()

cleanup() {
  for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

"$PACTA" init >/dev/null || { echo "pacta init failed"; exit 1; }

# start_server LOGNAME [serve options...] -> sets BASE (http://127.0.0.1:PORT) and LAST_PID
start_server() {
  local log="$WORK/$1.log"
  shift
  "$PACTA" serve --port 0 "$@" >"$log" 2>&1 &
  LAST_PID=$!
  SERVER_PIDS+=("$LAST_PID")
  for _ in $(seq 1 300); do
    grep -qs "serving http" "$log" && break
    kill -0 "$LAST_PID" 2>/dev/null || break
    sleep 0.1
  done
  local port
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')
  if [ -z "$port" ]; then
    echo "server did not start:"
    cat "$log"
    exit 1
  fi
  BASE="http://127.0.0.1:$port"
}

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL $*"
}

# call URL [curl args...] -> STATUS, CTYPE, and the body in $WORK/body
call() {
  local url="$1"
  shift
  local out
  out=$(curl -s -o "$WORK/body" -w '%{http_code} %{content_type}' --max-time 20 "$@" "$url")
  STATUS="${out%% *}"
  CTYPE="${out#* }"
}

# expect NAME STATUS JQ-FILTER URL [curl args...]: the status matches and the filter is true
expect() {
  local name="$1" want="$2" filter="$3" url="$4"
  shift 4
  call "$url" "$@"
  if [ "$STATUS" != "$want" ]; then
    bad "$name: HTTP $STATUS, expected $want ($url)"
    head -c 400 "$WORK/body" | sed 's/^/    /'
    echo
    return
  fi
  if [ -n "$filter" ] && ! jq -e "$filter" "$WORK/body" >/dev/null 2>&1; then
    bad "$name: $filter is not true for $url"
    head -c 400 "$WORK/body" | sed 's/^/    /'
    echo
    return
  fi
  ok
}

finish() {
  # Every server stops cleanly on SIGTERM (and, in the sanitizer build, without leaks).
  local p rc
  for p in "${SERVER_PIDS[@]}"; do
    kill "$p" 2>/dev/null
    wait "$p"
    rc=$?
    [ "$rc" -eq 0 ] && ok || bad "server $p exited with $rc on SIGTERM: $(tail -5 "$WORK"/*.log)"
  done
  SERVER_PIDS=()
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
