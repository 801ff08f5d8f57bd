#!/usr/bin/env bash
# test-summary.sh LOG: make test's closing lines, from the output of
# `go test -v` in LOG: the skipped tests by name, then
#
#   N passed, N failed, N skipped
#
# (subtests count too). Acceptance tests must run here, so a skip fails
# the run, except the allowed ones: the action tests gated on Terraform
# >= 1.14 (each has an in-process twin that always runs), and those that
# ALLOW_SKIP (a regular expression of test names) names: a CI job on a CLI
# that lacks a feature says which tests need it. Exits 1 when a test
# failed or one that may not skip did.
set -euo pipefail
log="$1"
allowed='_Terraform1_14$'
if [ -n "${ALLOW_SKIP:-}" ]; then allowed="$allowed|$ALLOW_SKIP"; fi

# names RESULT: the tests with that result, one a line.
names() { sed -n "s/^ *--- $1: \([^ ]*\) (.*/\1/p" "$log"; }
count() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l; fi; }
passed="$(names PASS)"
failed="$(names FAIL)"
skipped="$(names SKIP)"
let_skip="$(printf '%s\n' "$skipped" | grep -E "$allowed" || true)"
bad_skip="$(printf '%s\n' "$skipped" | grep -vE "$allowed" | grep . || true)"

rc=0
if [ -n "$let_skip" ]; then
  echo "skipped, as allowed (they need a newer Terraform CLI: the action tests 1.14, each with an in-process twin that ran): $(printf '%s\n' "$let_skip" | paste -sd' ')"
fi
if [ -n "$bad_skip" ]; then
  echo "skipped, which fails the run (acceptance tests must run here; each with its reason):" >&2
  # The reason is what the test logged with t.Skip: the line just above
  # (go test -v streams it), or just below (a parallel test's log).
  awk -v names="$(printf '%s\n' "$bad_skip" | paste -sd' ')" '
    BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) bad[a[i]] = 1 }
    function logged(l) { return l ~ /^ +[^ -].*\.go:[0-9]+: / }
    show && logged($0) { print }
    { show = 0 }
    /^ *--- SKIP: / && ($3 in bad) { if (logged(prev)) print prev; print; show = 1 }
    { prev = $0 }' "$log" >&2
  rc=1
fi
[ -n "$failed" ] && rc=1
echo "$(count "$passed") passed, $(count "$failed") failed, $(count "$skipped") skipped"
exit "$rc"
