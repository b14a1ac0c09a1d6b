#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (in build/fuzz) and runs each for N seconds.
#
#   fuzz/run.sh [--seconds N] [--build-dir DIR] [--jobs J] [--skip-without-clang] [HARNESS...]
#
# Default: every harness (fuzz/CMakeLists.txt), 60 seconds each, one after the other. New
# inputs go to DIR/corpus/<harness> (the repository's fuzz/corpus/<harness> and
# fuzz/regressions/<harness> are read, never written); a crash is written to
# DIR/artifacts/<harness>/ and makes the script exit 1 after the other harnesses ran: copy
# the file into fuzz/regressions/<harness>/ once it is fixed, so make test replays it.
# With --skip-without-clang (the ctest test fuzz_brief), a machine without clang++ or
# libclang-rt (the libFuzzer runtime) exits 77, "skipped", saying which is missing.
# CLANGXX=path chooses the compiler (default: clang++, or clang++-14).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="$(dirname "$here")"
seconds=60
build_dir="$source_dir/build/fuzz"
jobs="${JOBS:-2}"
skip_without_clang=0
harnesses=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --skip-without-clang) skip_without_clang=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "fuzz/run.sh: unknown option $1" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
if [ ${#harnesses[@]} -eq 0 ]; then
  read -r -a harnesses <<<"$(sed -n 's/^set(PACTA_FUZZ_HARNESSES \(.*\))$/\1/p' "$here/CMakeLists.txt")"
fi

# clang++ and the libFuzzer runtime (Debian: clang, libclang-rt-14-dev; scripts/setup.sh --test)
missing=""
clangxx="${CLANGXX:-$(command -v clang++ || command -v clang++-14 || true)}"
if [ -z "$clangxx" ] || ! command -v "$clangxx" >/dev/null; then
  missing="clang++ (Debian package clang)"
else
  probe="$(mktemp -d)"
  printf '#include <cstdint>\n#include <cstddef>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' >"$probe/p.cc"
  if ! "$clangxx" -fsanitize=fuzzer,address,undefined "$probe/p.cc" -o "$probe/p" 2>"$probe/err"; then
    missing="the libFuzzer runtime for $clangxx (Debian package libclang-rt-14-dev): $(head -c 300 "$probe/err")"
  fi
  rm -rf "$probe"
fi
if [ -n "$missing" ]; then
  if [ "$skip_without_clang" = 1 ]; then
    echo "fuzz: SKIPPED: missing $missing; run scripts/setup.sh --test" >&2
    exit 77
  fi
  echo "fuzz: missing $missing; run scripts/setup.sh --test" >&2
  exit 2
fi

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
mkdir -p "$build_dir"
cmake -S "$source_dir" -B "$build_dir" -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_BUILD_TYPE= \
  -DCMAKE_CXX_FLAGS="$flags" -DPACTA_FUZZ=ON -DBUILD_TESTING=OFF -DPACTA_WERROR=OFF >"$build_dir/configure.log" 2>&1 ||
  { cat "$build_dir/configure.log" >&2; exit 2; }
targets=()
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
echo "fuzz: building ${targets[*]} in $build_dir (clang, libFuzzer, ASan, UBSan)"
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}" >"$build_dir/build.log" 2>&1 ||
  { tail -50 "$build_dir/build.log" >&2; exit 2; }

failed=()
summary=()
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for h in "${harnesses[@]}"; do
  work="$build_dir/corpus/$h"
  artifacts="$build_dir/artifacts/$h"
  mkdir -p "$work" "$artifacts" "$here/corpus/$h" "$here/regressions/$h"
  dict=()
  [ -f "$here/dict/$h.dict" ] && dict=(-dict="$here/dict/$h.dict")
  # The notification texts: inputs up to 16 KiB (the seeds are 2-6 KiB; long runs are the unit
  # test's), so mutations stay fast; the differential harness reads 2 KiB only.
  max_len=()
  [ "$h" = cn_parser ] && max_len=(-max_len=16384)
  [ "$h" = cn_parser_diff ] && max_len=(-max_len=2048)
  log="$build_dir/$h.log"
  echo "fuzz: $h for ${seconds} s (log: $log)"
  set +e
  "$build_dir/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" "${max_len[@]}" "$work" "$here/corpus/$h" "$here/regressions/$h" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  if [ $rc -ne 0 ]; then
    failed+=("$h")
    summary+=("$h: FAILED (exit $rc) after ${execs:-?} executions; see $log and $artifacts/")
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property failed|.*runtime error)' "$log" | head -5 >&2 || true
  else
    summary+=("$h: ${seconds} s, ${execs:-?} executions, coverage ${cov:-?} edges, no crash")
  fi
done
printf 'fuzz: %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}: fix them, then copy the inputs into fuzz/regressions/<harness>/" >&2
  exit 1
fi
