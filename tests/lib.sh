# Shared by the shell tests: check that a command's output contains a string, count results.
pass=0
fail=0

check() {  # check NAME EXPECTED-SUBSTRING COMMAND...
  local name="$1" want="$2"
  shift 2
  local out
  out=$("$@" 2>&1)
  if [[ "$out" == *"$want"* ]]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "FAIL $name: expected to find: $want"
    echo "$out" | head -20 | sed 's/^/    /'
  fi
}

check_rc() {  # check_rc NAME RC COMMAND...
  local name="$1" want="$2"
  shift 2
  "$@" >/dev/null 2>&1
  local rc=$?
  if [ "$rc" -eq "$want" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "FAIL $name: exit code $rc, expected $want"
  fi
}

finish() {  # finish LABEL: prints the tally in the plain "N passed, N failed" form
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
