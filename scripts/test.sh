#!/usr/bin/env bash
# make test: install what a fresh machine lacks, then run every test once,
# with the race detector, against real OpenVPN daemons and the real
# Terraform CLI. Acceptance tests must run: a skipped one fails the run,
# except the action tests gated on Terraform >= 1.14 (each has an
# in-process twin that always runs).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh

TF_ACC_TERRAFORM_PATH="$(command -v terraform || echo "$(go env GOPATH)/bin/terraform")"
export TF_ACC=1 TF_ACC_TERRAFORM_PATH
# These machines may point TF_CLI_CONFIG_FILE at a file that does not
# exist; an empty one keeps Terraform's output clean. Nothing is downloaded:
# the provider is served in-process.
tfrc="$(mktemp)"; trap 'rm -f "$tfrc"' EXIT
export TF_CLI_CONFIG_FILE="$tfrc" CHECKPOINT_DISABLE=1

echo "== gofmt, go vet, golangci-lint"
unformatted="$(gofmt -l $(git ls-files '*.go'))"
if [ -n "$unformatted" ]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi
go vet ./...
./scripts/lint.sh

echo "== examples (terraform validate), docs (tfplugindocs; stale docs fail)"
./scripts/validate-examples.sh
./scripts/docs.sh -check

echo "== go test -race (unit, real-daemon and acceptance tests)"
log="$(mktemp)"
set +e
go test -race -count=1 -timeout 15m -v ./... >"$log" 2>&1
rc=$?
set -e
# Show package results and every failure; the full log is long.
grep -E '^(ok|FAIL|---|panic:|\?)' "$log" | grep -v -- '--- PASS' || true
if [ $rc -ne 0 ]; then
  echo "== failures (full output):"; grep -B2 -A40 -- '--- FAIL' "$log" | head -400
  exit $rc
fi
skipped="$(grep -- '--- SKIP' "$log" | grep -v 'Terraform1_14' || true)"
if [ -n "$skipped" ]; then
  echo "tests were skipped (acceptance tests must run here):" >&2
  echo "$skipped" >&2
  exit 1
fi
passed=$(grep -c -- '--- PASS' "$log" || true)
echo "$passed passed, 0 failed"
