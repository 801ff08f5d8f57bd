#!/usr/bin/env bash
# make lint: golangci-lint v2 with .golangci.yml, on the provider module and
# on tools/. Its version is pinned, with the checksums of everything it is
# built from, in tools/golangci-lint/go.mod: `go tool` builds it from the Go
# module proxy once per Go build cache, keeps the binary there, and leaves
# any golangci-lint of yours on PATH alone.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
find_go

modfile="$PWD/tools/golangci-lint/go.mod"
lint=(go tool -modfile="$modfile" golangci-lint)
version="$(sed -n 's|^\t*github.com/golangci/golangci-lint/v2 \(v[^ ]*\).*|\1|p' "$modfile")"

n="$(compiles build -modfile="$modfile" -o /dev/null github.com/golangci/golangci-lint/v2/cmd/golangci-lint)"
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
