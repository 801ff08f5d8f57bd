#!/usr/bin/env bash
# make test: install what a fresh machine lacks, then run every test once,
# with the race detector, against real OpenVPN daemons and the real
# Terraform CLI. Acceptance tests must run: a skipped one fails the run,
# except the action tests gated on Terraform >= 1.14 (each has an
# in-process twin that always runs).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
find_go
echo "== [1/5] what a fresh machine lacks (openvpn, openssl, openssh, stunnel4, terraform)"
./scripts/install-deps.sh --tests

TF_ACC_TERRAFORM_PATH="$(command -v terraform || echo "$(go env GOPATH)/bin/terraform")"
export TF_ACC=1 TF_ACC_TERRAFORM_PATH
# These machines may point TF_CLI_CONFIG_FILE at a file that does not
# exist; an empty one keeps Terraform's output clean. Nothing is downloaded:
# the provider is served in-process.
tfrc="$(mktemp)"; trap 'rm -f "$tfrc"' EXIT
export TF_CLI_CONFIG_FILE="$tfrc" CHECKPOINT_DISABLE=1

echo "== [2/5] gofmt, go vet, golangci-lint, actionlint"
unformatted="$(gofmt -l $(git ls-files '*.go'))"
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...
./scripts/lint.sh
./scripts/actionlint.sh

echo "== [3/5] examples (terraform validate), docs (tfplugindocs; stale docs fail)"
./scripts/validate-examples.sh
./scripts/docs.sh -check

echo "== [4/5] go test -race: unit, replayed-release, real-daemon and acceptance tests"
log="$(mktemp "${TMPDIR:-/tmp}/openvpn-provider-test.XXXXXX")"
echo "(full log: $log; it is removed when every test passes)"
echo "(each package's result shows when it finishes; on a cold cache the -race build alone takes a minute or two)"
set +e
go test -race -count=1 -timeout 15m -v ./... 2>&1 | tee "$log" |
  grep --line-buffered -E '^(ok|FAIL|panic:|--- FAIL|--- SKIP|\?)'
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then
  echo "== failures (full output in $log):"; grep -B2 -A40 -- '--- FAIL' "$log" | head -400
  exit "$rc"
fi
echo "== [5/5] every acceptance test must have run"
skipped="$(grep -- '--- SKIP' "$log" | grep -v 'Terraform1_14' || true)"
if [ -n "$skipped" ]; then
  echo "tests were skipped (acceptance tests must run here; full log: $log):" >&2
  echo "$skipped" >&2
  exit 1
fi
passed=$(grep -c -- '--- PASS' "$log" || true)
rm -f "$log"
echo "$passed passed, 0 failed"
