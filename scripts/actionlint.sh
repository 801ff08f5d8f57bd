#!/usr/bin/env bash
# Checks .github/workflows/ with actionlint (github.com/rhysd/actionlint),
# pinned in tools/actionlint/go.mod and built by `go tool`, which caches the
# binary: a cold build takes about half a minute, later runs a second.
#
# Shell scripts in run: steps are not handed to shellcheck, even where one
# is installed: the result must not depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
go -C tools/actionlint tool actionlint -shellcheck= -pyflakes= "${workflows[@]/#/../../}"
echo "actionlint: ${#workflows[@]} workflows clean"
