#!/usr/bin/env bash
# make fuzz: runs every Fuzz* target of the module for a bounded time each
# (FUZZTIME, default 20s), one after another: go test -fuzz takes one
# target per run. New failing inputs land in the package's testdata/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-20s}"

# Packages whose tests define fuzz targets, then the targets `go test -list` reports.
mapfile -t dirs < <(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -r -n1 dirname | sort -u)
if [ ${#dirs[@]} -eq 0 ]; then
  echo "fuzz: no fuzz targets"
  exit 0
fi
n=0
for dir in "${dirs[@]}"; do
  for target in $(go test -list '^Fuzz' "$dir" | grep '^Fuzz'); do
    echo "== $dir $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$dir"
    n=$((n + 1))
  done
done
echo "fuzz: $n targets ran for $fuzztime each, no failures"
