#!/usr/bin/env bash
# make lint: golangci-lint v2 with .golangci.yml, on the provider module and
# on tools/. Installs the pinned version from the Go module proxy when it is
# missing (a cold build takes 2 to 5 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."

version=v2.15.0
bin="$(go env GOPATH)/bin/golangci-lint"
if ! { [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "version ${version#v} "; }; then
  echo "lint: installing golangci-lint $version (go install, a few minutes on a cold cache)" >&2
  start=$(date +%s)
  go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
  echo "lint: installed in $(( $(date +%s) - start ))s" >&2
fi

rc=0
"$bin" run ./... || rc=1
(cd tools && "$bin" run --config ../.golangci.yml ./...) || rc=1
if [ $rc -ne 0 ]; then
  echo "lint: issues found (above)" >&2
  exit 1
fi
echo "lint: no issues"
