#!/usr/bin/env bash
# make test: install what a fresh machine lacks, then run every test once,
# with the race detector, against real OpenVPN daemons and the real Terraform CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
go vet ./...
go test -race -count=1 -timeout 20m ./...
