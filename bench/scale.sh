#!/usr/bin/env bash
# How pacta's figures grow with the record (`make bench-scale`; see bench/README.md).
#
#   bench/scale.sh [--un [TREATIES ACTIONS]] [--sizes 1,10,100,1000] [pacta_scale options...]
#
# Builds the release binaries (pacta, pacta_gen_scale, pacta_scale) in $RELEASE_DIR
# (default build/release), then runs pacta_scale: synthetic records at 1x, 10x, 100x and
# 1000x the bundled one, and with --un also a UN-like record (default 250,000 treaties,
# 2,000,000 actions), each generated in a temporary directory, measured and deleted.
# $NO_BUILD=1 uses the binaries already built.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${RELEASE_DIR:-build/release}
case "$DIR" in /*) ;; *) DIR="$ROOT/$DIR" ;; esac
if [ "${NO_BUILD:-0}" != 1 ]; then
  cmake -S "$ROOT" -B "$DIR" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DPACTA_BENCH=ON > /dev/null
  cmake --build "$DIR" -j "${JOBS:-2}" --target pacta pacta_gen_scale pacta_scale
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
exec "$DIR/pacta_scale" --pacta "$DIR/pacta" --gen "$DIR/pacta_gen_scale" "$@"
