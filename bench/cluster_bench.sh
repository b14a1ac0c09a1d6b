#!/usr/bin/env bash
# `make bench-cluster`: pacta on PostgreSQL in its production shape (scripts/cluster.sh: a
# primary, a hot standby, three `pacta serve`, nginx), measured on this machine. A benchmark,
# not a test: it prints figures, with ratios between figures measured in the same run.
#
#   1. reads through nginx, 1 server behind it against 3 (wrk, keep-alive, one state's status):
#      requests/s, latency p50/p99, and CPU per request of the pacta servers, nginx and
#      PostgreSQL (utime+stime from /proc/PID/stat, before and after each run);
#   2. writes (POST /api/v1/actions with a recorder token, `pacta_cluster_probe write`): the same
#      workload on PostgreSQL (one server of the cluster) and on SQLite (one `pacta serve` on a
#      fresh SQLite file): latency p50/p95 of one client, then durable writes/s of C clients at
#      once; and through nginx to the three servers on PostgreSQL, C clients, then 24 clients
#      with notify=true (tests/pg_test.sh's workload, without its process per write);
#   3. the delay until another server sees a write (`pacta_cluster_probe visibility`: write
#      through server 1, poll server 2);
#   4. PostgreSQL's own account of the writes (pg_stat_statements): the statements that took
#      the most time, their calls and mean time.
#
# Environment: RELEASE_DIR (default build/release; built there with -DPACTA_BENCH=ON unless
# NO_BUILD=1), BENCH_PORT (nginx of the bench's cluster, default 18090; the servers take the
# next three, the 1-server nginx +10, the SQLite server +20), BENCH_SECONDS (each read run,
# default 5), BENCH_ROUNDS (read runs per shape, interleaved; the median is printed; default 3),
# BENCH_WRITES (writes per write figure, default 200), BENCH_CLIENTS (default 8),
# BENCH_CONNECTIONS (wrk's connections, default 32). The cluster, its data and the SQLite file
# live in a temporary directory, removed at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/pg_functions.sh
source "$ROOT/scripts/pg_functions.sh"
DIR=${RELEASE_DIR:-build/release}
case "$DIR" in /*) ;; *) DIR="$ROOT/$DIR" ;; esac
if [ "${NO_BUILD:-0}" != 1 ]; then
  cmake -S "$ROOT" -B "$DIR" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DPACTA_BENCH=ON >/dev/null
  cmake --build "$DIR" -j "${JOBS:-2}" --target pacta pacta_cluster_probe
fi
PACTA="$DIR/pacta"
PROBE="$DIR/pacta_cluster_probe"
for b in "$PACTA" "$PROBE"; do [ -x "$b" ] || { echo "bench-cluster: $b not built"; exit 1; }; done
for c in wrk nginx jq curl; do
  command -v "$c" >/dev/null || [ -x "/usr/sbin/$c" ] || { echo "bench-cluster: $c not found (scripts/setup.sh --cluster)"; exit 1; }
done
PORT=${BENCH_PORT:-18090}
SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
WRITES=${BENCH_WRITES:-200}
CLIENTS=${BENCH_CLIENTS:-8}
CONNS=${BENCH_CONNECTIONS:-32}
PG_PORT=5442
READ_PATH="/api/v1/treaties/apmbc/participants/LTU?on=2025-12-27"
HZ=$(getconf CLK_TCK)

WORK=$(mktemp -d /tmp/pacta-bench-cluster.XXXXXX)
chmod 755 "$WORK"
pg_own "$WORK"
CL="$WORK/cluster"
cd "$WORK"  # PostgreSQL and nginx may run as another user: a cwd they can reach
SQLITE_PID=""
cleanup() {
  [ -n "$SQLITE_PID" ] && kill "$SQLITE_PID" 2>/dev/null && wait "$SQLITE_PID" 2>/dev/null
  [ -f "$CL/run/nginx1.pid" ] && kill -QUIT "$(cat "$CL/run/nginx1.pid")" 2>/dev/null
  [ -d "$CL" ] && bash "$ROOT/scripts/cluster.sh" stop "$CL" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shares its cores)"
echo "pacta: $PACTA; $("$PG_BIN/postgres" --version); $(/usr/sbin/nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -c1-20)"

# ---- the cluster ------------------------------------------------------------------------------
CLUSTER_PORT=$PORT CLUSTER_PG_PORT=$PG_PORT PACTA="$PACTA" \
  CLUSTER_PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" \
  bash "$ROOT/scripts/cluster.sh" start "$CL" >"$WORK/start.log" 2>&1 || {
  echo "bench-cluster: the cluster did not start:"
  cat "$WORK/start.log"
  exit 1
}
PRIMARY=$(pg_url pacta "$CL/sock" "$PG_PORT")
READ_MODE=$(grep -q 'read from the standby' "$WORK/start.log" && echo "the servers read from the standby (--read-db)" ||
  echo "the servers read from the primary (no --read-db in this pacta)")
echo "cluster: primary + hot standby (PostgreSQL 15, unix sockets), 3 pacta serve, nginx; $READ_MODE"
psql_primary() { as_pg "$PG_BIN/psql" -X -q -At -h "$CL/sock" -p "$PG_PORT" -U pacta -d pacta -c "$1"; }
psql_primary "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
TOKEN=$("$PACTA" --db "$PRIMARY" --json token create --role recorder --label bench | jq -r .token)
mapfile -t PARTIES < <("$PACTA" --db "$PRIMARY" --json parties apmbc --on 2026-12-01 | jq -r '.parties[] | select(.status == "party") | .state')
STATES=$(printf '%s,' "${PARTIES[@]:0:40}")
S1=$((PORT + 1))
S2=$((PORT + 2))

# ---- CPU accounting ------------------------------------------------------------------------------
ticks() {  # ticks PID...: utime+stime of these processes, in clock ticks
  local t=0 p f
  for p in "$@"; do
    f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    f=${f##*) }  # the fields after the command name
    # shellcheck disable=SC2086
    set -- $f
    t=$((t + ${12} + ${13}))
  done
  echo "$t"
}
children() { cat "/proc/$1/task/$1/children" 2>/dev/null || true; }
serve_pids() { cat "$CL"/run/serve-*.pid; }
nginx_pids() { local m; m=$(cat "$1"); echo "$m $(children "$m")"; }
pg_pids() { local m; m=$(head -1 "$CL/$1/postmaster.pid"); echo "$m $(children "$m")"; }

# ---- 1. reads through nginx, 1 server against 3 ----------------------------------------------------
sed -e "s/listen 127.0.0.1:$PORT;/listen 127.0.0.1:$((PORT + 10));/" -e "s#run/nginx.pid#run/nginx1.pid#" \
  -e "/server 127.0.0.1:$((PORT + 2)) /d" -e "/server 127.0.0.1:$((PORT + 3)) /d" "$CL/nginx.conf" >"$WORK/nginx1.conf"
pg_own "$WORK/nginx1.conf"
as_pg /usr/sbin/nginx -p "$CL/nginx" -c "$WORK/nginx1.conf" -e "$CL/log/nginx1-error.log"
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$((PORT + 10))$READ_PATH" && break; sleep 0.1; done

declare -A R  # R[shape,field] = "v1 v2 v3" over the rounds
read_run() {  # read_run SHAPE NGINX_PORT NGINX_PIDFILE
  local shape="$1" port="$2" pidfile="$3" out sp np pp s0 n0 p0 s1 n1 p1 reqs
  sp=$(serve_pids)
  np=$(nginx_pids "$pidfile")
  pp="$(pg_pids primary) $(pg_pids standby)"
  # shellcheck disable=SC2086
  s0=$(ticks $sp) n0=$(ticks $np) p0=$(ticks $pp)
  out=$(wrk -t1 -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$port$READ_PATH")
  # shellcheck disable=SC2086
  s1=$(ticks $sp) n1=$(ticks $np) p1=$(ticks $pp)
  if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then
    echo "bench-cluster: errors in the read run ($shape):"
    echo "$out"
    exit 1
  fi
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  R[$shape,rps]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
  R[$shape,p50]+="$(awk '$1 == "50%" {print $2}' <<<"$out") "
  R[$shape,p99]+="$(awk '$1 == "99%" {print $2}' <<<"$out") "
  R[$shape,serve_us]+="$(awk -v t=$((s1 - s0)) -v n="$reqs" -v hz="$HZ" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}') "
  R[$shape,nginx_us]+="$(awk -v t=$((n1 - n0)) -v n="$reqs" -v hz="$HZ" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}') "
  R[$shape,pg_us]+="$(awk -v t=$((p1 - p0)) -v n="$reqs" -v hz="$HZ" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}') "
}
ms() {  # wrk's "812.00us" / "1.20ms" / "1.01s" in ms
  awk '{v = $1; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.2f", v}' <<<"$1"
}
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
median_ms() {
  local v out=""
  for v in $1; do out+="$(ms "$v") "; done
  median "$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else print "-"}'; }

wrk -t1 -c"$CONNS" -d2s "http://127.0.0.1:$((PORT + 10))$READ_PATH" >/dev/null  # warm-up: views built, connections open
wrk -t1 -c"$CONNS" -d2s "http://127.0.0.1:$PORT$READ_PATH" >/dev/null
for _ in $(seq 1 "$ROUNDS"); do
  read_run one $((PORT + 10)) "$CL/run/nginx1.pid"
  read_run three "$PORT" "$CL/run/nginx.pid"
done
echo
echo "reads through nginx: GET $READ_PATH, wrk -t1 -c$CONNS, ${SECS} s x $ROUNDS rounds (median); CPU per request from /proc"
printf '  %-52s %12s %12s %9s\n' "" "1 server" "3 servers" "3 vs 1"
for f in rps p50 p99 serve_us nginx_us pg_us; do
  case $f in
  rps) label="requests/s" a=$(median "${R[one,rps]}") b=$(median "${R[three,rps]}") ;;
  p50) label="latency p50 (ms)" a=$(median_ms "${R[one,p50]}") b=$(median_ms "${R[three,p50]}") ;;
  p99) label="latency p99 (ms)" a=$(median_ms "${R[one,p99]}") b=$(median_ms "${R[three,p99]}") ;;
  serve_us) label="CPU per request, pacta serve (us)" a=$(median "${R[one,serve_us]}") b=$(median "${R[three,serve_us]}") ;;
  nginx_us) label="CPU per request, nginx (us)" a=$(median "${R[one,nginx_us]}") b=$(median "${R[three,nginx_us]}") ;;
  pg_us) label="CPU per request, PostgreSQL (us)" a=$(median "${R[one,pg_us]}") b=$(median "${R[three,pg_us]}") ;;
  esac
  printf '  %-52s %12s %12s %9s\n' "$label" "$a" "$b" "$(ratio "$b" "$a")"
done
printf '  %-52s %12s %12s\n' "requests/s, each round" "${R[one,rps]}" "${R[three,rps]}"
as_pg /usr/sbin/nginx -p "$CL/nginx" -c "$WORK/nginx1.conf" -e "$CL/log/nginx1-error.log" -s quit

# ---- 2. writes: PostgreSQL against SQLite ----------------------------------------------------------
declare -A W
probe_write() {  # probe_write KEY PORT TOKEN CLIENTS COUNT [NOTIFY]
  local out
  out=$("$PROBE" write --port "$2" --token "$3" --clients "$4" --count "$5" --states "$STATES" --notify "${6:-false}") || {
    echo "bench-cluster: writes failed ($1): $out"
    exit 1
  }
  while IFS='=' read -r k v; do W[$1,$k]=$v; done <<<"$out"
}
# SQLite: the same record (pacta init), one server, the same workload.
"$PACTA" --db "$WORK/s.db" init >/dev/null
SQLITE_TOKEN=$("$PACTA" --db "$WORK/s.db" --json token create --role recorder --label bench | jq -r .token)
"$PACTA" --db "$WORK/s.db" serve --port $((PORT + 20)) >"$WORK/sqlite-serve.log" 2>&1 &
SQLITE_PID=$!
for _ in $(seq 1 100); do grep -qs "serving http" "$WORK/sqlite-serve.log" && break; sleep 0.1; done

psql_primary "SELECT pg_stat_statements_reset()" >/dev/null
PG_SEQ0=$("$PACTA" --db "$PRIMARY" --json verify | jq .head_seq)
cpu_ms_per_write() {  # cpu_ms_per_write TICKS_BEFORE TICKS_AFTER
  awk -v t=$(($2 - $1)) -v n="$WRITES" -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz * 1000 / n}'
}
S1_PID=$(cat "$CL/run/serve-1.pid")
# shellcheck disable=SC2046
s0=$(ticks "$S1_PID") p0=$(ticks $(pg_pids primary))
probe_write pg1 "$S1" "$TOKEN" 1 "$WRITES"
# shellcheck disable=SC2046
s1=$(ticks "$S1_PID") p1=$(ticks $(pg_pids primary))
W[pg1,serve_cpu]=$(cpu_ms_per_write "$s0" "$s1")
W[pg1,pg_cpu]=$(cpu_ms_per_write "$p0" "$p1")
s0=$(ticks "$SQLITE_PID")
probe_write sq1 $((PORT + 20)) "$SQLITE_TOKEN" 1 "$WRITES"
s1=$(ticks "$SQLITE_PID")
W[sq1,serve_cpu]=$(cpu_ms_per_write "$s0" "$s1")
W[sq1,pg_cpu]=0
probe_write pgc "$S1" "$TOKEN" "$CLIENTS" "$WRITES"
probe_write sqc $((PORT + 20)) "$SQLITE_TOKEN" "$CLIENTS" "$WRITES"
probe_write pgn "$PORT" "$TOKEN" "$CLIENTS" "$WRITES"
# As tests/pg_test.sh's 200 writes: 24 clients at once, each write with its notification.
probe_write pgt "$PORT" "$TOKEN" 24 "$WRITES" true
PG_SEQ1=$("$PACTA" --db "$PRIMARY" --json verify | jq .head_seq)
[ $((PG_SEQ1 - PG_SEQ0)) = $((4 * WRITES)) ] || { echo "bench-cluster: PostgreSQL holds $((PG_SEQ1 - PG_SEQ0)) new entries, not $((4 * WRITES))"; exit 1; }
echo
echo "writes: POST /api/v1/actions (apmbc, a communication; every one a 201, checked in the ledger), $WRITES per figure"
printf '  %-52s %12s %12s %9s\n' "" "PostgreSQL" "SQLite" "PG vs SQLite"
row() { printf '  %-52s %12s %12s %9s\n' "$1" "${W[$2,$4]}" "${W[$3,$4]}" "$(ratio "${W[$2,$4]}" "${W[$3,$4]}")"; }
row "1 client: latency p50 (ms)" pg1 sq1 p50_ms
row "1 client: latency p95 (ms)" pg1 sq1 p95_ms
row "1 client: durable writes/s" pg1 sq1 per_s
row "1 client: CPU per write, pacta serve (ms)" pg1 sq1 serve_cpu
printf '  %-52s %12s %12s\n' "1 client: CPU per write, PostgreSQL (ms)" "${W[pg1,pg_cpu]}" "-"
row "$CLIENTS clients: durable writes/s" pgc sqc per_s
row "$CLIENTS clients: latency p50 (ms)" pgc sqc p50_ms
row "$CLIENTS clients: latency p95 (ms)" pgc sqc p95_ms
printf '  %-52s %12s\n' "$CLIENTS clients through nginx, 3 servers: writes/s" "${W[pgn,per_s]}"
printf '  %-52s %12s %12s\n' "  ... latency p50 / p95 (ms)" "${W[pgn,p50_ms]}" "${W[pgn,p95_ms]}"
printf '  %-52s %12s\n' "24 clients, notify=true, nginx, 3 servers: writes/s" "${W[pgt,per_s]}"
printf '  %-52s %12s %12s\n' "  ... latency p50 / p95 (ms)" "${W[pgt,p50_ms]}" "${W[pgt,p95_ms]}"

# ---- 3. how soon another server sees a write ---------------------------------------------------------
V=$("$PROBE" visibility --port "$S1" --read-port "$S2" --token "$TOKEN" --state "${PARTIES[0]}" --count 50) || {
  echo "bench-cluster: visibility: $V"
  exit 1
}
declare -A VIS
while IFS='=' read -r k v; do VIS[$k]=$v; done <<<"$V"
echo
echo "a write through server 1 seen by server 2 (its status answer cites the new head), ${VIS[samples]} writes; $READ_MODE:"
echo "  after the write's 201: p50 ${VIS[p50_ms]} ms, p95 ${VIS[p95_ms]} ms, max ${VIS[max_ms]} ms (from sending the write: p50 ${VIS[from_send_p50_ms]} ms); GETs until seen: p50 ${VIS[polls_p50]}, max ${VIS[polls_max]}"

# ---- 4. where PostgreSQL's time went during the writes ---------------------------------------------------
echo
echo "PostgreSQL during the writes (pg_stat_statements, $((4 * WRITES)) writes + the visibility run): the statements that took the most time"
psql_primary "SELECT to_char(total_exec_time, 'FM999990.0') || ' ms total, ' || calls || ' calls, ' ||
    to_char(mean_exec_time, 'FM9990.000') || ' ms mean: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110)
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'pacta')
  ORDER BY total_exec_time DESC LIMIT 8" | sed 's/^/  /'
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
