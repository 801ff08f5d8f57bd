#!/usr/bin/env bash
# make lint: golangci-lint v2 with .golangci.yml, on the provider module and
# on tools/. Its version is pinned, with the checksums of everything it is
# built from, in tools/golangci-lint/go.mod: `go tool` builds it from the Go
# module proxy once per Go build cache and keeps the binary there, unless a
# golangci-lint of that version is installed already; one of another
# version is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
find_go

modfile="$PWD/tools/golangci-lint/go.mod"
lint=(go tool -modfile="$modfile" golangci-lint)
version="$(sed -n 's|^\t*github.com/golangci/golangci-lint/v2 \(v[^ ]*\).*|\1|p' "$modfile")"

# A golangci-lint of exactly this version, installed the usual way (on
# PATH or in GOPATH/bin), saves building one.
for bin in "$(command -v golangci-lint || true)" "$(go env GOPATH)/bin/golangci-lint"; do
  if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q "version ${version#v} "; then
    lint=("$bin")
    break
  fi
done

n=0
[ "${lint[0]}" = go ] && n="$(compiles build -modfile="$modfile" -o /dev/null github.com/golangci/golangci-lint/v2/cmd/golangci-lint)"
if [ "$n" -gt 0 ]; then
  # With empty Go caches on 2 cores: 61 s idle, 339 s among other builds.
  echo "lint: building golangci-lint $version first: $n packages to compile, 1 to 6 minutes on 2 cores (once per Go build cache)" >&2
  start=$(date +%s)
  "${lint[@]}" version >/dev/null
  echo "lint: built golangci-lint in $(($(date +%s) - start))s" >&2
fi

rc=0
"${lint[@]}" run ./... || rc=1
(cd tools && "${lint[@]}" run --config ../.golangci.yml ./...) || rc=1
if [ $rc -ne 0 ]; then
  echo "lint: issues found (above)" >&2
  exit 1
fi
echo "lint: no issues"
