#!/usr/bin/env bash
# Tests of test-summary.sh, on go test -v output in the shape go test
# prints (nested subtests, a skip's reason on the line below): make test
# runs it.
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # NAME WANT_RC WANT_LAST_LINE LOG [WANT_IN_OUTPUT]
  local out rc=0
  printf '%s\n' "$4" >"$tmp/log"
  out="$(./test-summary.sh "$tmp/log" 2>&1)" || rc=$?
  if [ "$rc" -ne "$2" ] || [ "$(printf '%s\n' "$out" | tail -n1)" != "$3" ] ||
    { [ -n "${5:-}" ] && [[ "$out" != *"$5"* ]]; }; then
    printf 'test-summary: %s: exit %s, said:\n%s\nwant exit %s, last line %q, containing %q\n' "$1" "$rc" "$out" "$2" "$3" "${5:-}" >&2
    fails=$((fails + 1))
  fi
}

check "allowed skips are counted and named" 0 "3 passed, 0 failed, 1 skipped" '=== RUN   TestA
--- PASS: TestA (0.00s)
=== RUN   TestB
=== RUN   TestB/one
    --- PASS: TestB/one (0.01s)
--- PASS: TestB (0.01s)
=== RUN   TestAccSignalAction_Terraform1_14
    actions_acc_test.go:97: skipping: Terraform CLI version 1.11.4 is below minimum version 1.14.0
--- SKIP: TestAccSignalAction_Terraform1_14 (0.11s)
PASS
ok  	example.com/p	0.2s' "skipped, as allowed (they need a newer Terraform CLI: the action tests 1.14, each with an in-process twin that ran): TestAccSignalAction_Terraform1_14"

ALLOW_SKIP='^TestFunction' check "ALLOW_SKIP allows more" 0 "0 passed, 0 failed, 2 skipped" '=== RUN   TestFunctionA
    f_test.go:9: skipping: Terraform CLI version 1.5.7 is below minimum version 1.8.0
--- SKIP: TestFunctionA (0.11s)
=== RUN   TestAccSignalAction_Terraform1_14
--- SKIP: TestAccSignalAction_Terraform1_14 (0.11s)' "TestFunctionA TestAccSignalAction_Terraform1_14"

ALLOW_SKIP='^TestFunction' check "ALLOW_SKIP allows only what it names" 1 "0 passed, 0 failed, 1 skipped" '=== RUN   TestReal
    labtest.go:20: real-daemon test: needs OpenVPN: not found
--- SKIP: TestReal (0.00s)' "labtest.go:20: real-daemon test: needs OpenVPN: not found"

check "another skip fails the run, with its reason" 1 "1 passed, 0 failed, 1 skipped" '=== RUN   TestReal
    labtest.go:20: real-daemon test: needs OpenVPN: not found
--- SKIP: TestReal (0.00s)
=== RUN   TestA
--- PASS: TestA (0.00s)' "labtest.go:20: real-daemon test: needs OpenVPN: not found"

check "failures are counted" 1 "0 passed, 2 failed, 0 skipped" '=== RUN   TestF
=== RUN   TestF/sub
    --- FAIL: TestF/sub (0.00s)
--- FAIL: TestF (0.00s)
FAIL'

if [ "$fails" -gt 0 ]; then exit 1; fi
echo "test-summary: 5 checks passed"
