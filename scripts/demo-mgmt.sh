#!/usr/bin/env bash
# Sends management commands to the demo's OpenVPN daemon, as an operator
# with nc would, and prints the daemon's replies:
#
#   scripts/demo-mgmt.sh 'verb 1'
#   scripts/demo-mgmt.sh 'status 3' 'kill bob'
#
# It runs the demo's lab tool (.demo/bin/openvpn-lab send), which reaches
# the daemon over TCP or, when the demo runs in a user namespace, over its
# unix socket, sends the password from .demo/management-password, waits
# for the replies, then says quit.
#
# OpenVPN serves one management client at a time: while this runs, the
# provider waits (and the reverse).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then
  echo "usage: $0 'COMMAND' ..." >&2
  exit 2
fi
if [ ! -f .demo/lab/lab.json ] || [ ! -x .demo/bin/openvpn-lab ]; then
  echo "no demo is running: run make demo first" >&2
  exit 1
fi
# A shell that sourced .demo/env before make demo moved the daemon (a new
# port, or sudo and unprivileged runs in turn) holds the old address: this
# script still reaches the daemon (it reads lab.json), terraform would not.
address="$(sed -n 's/.*"management_address": *"\([^"]*\)".*/\1/p' .demo/lab/lab.json)"
if [ -n "${OPENVPN_MANAGEMENT_ADDRESS:-}" ] && [ "$OPENVPN_MANAGEMENT_ADDRESS" != "$address" ]; then
  cat >&2 <<EOF
note: this shell's OPENVPN_MANAGEMENT_ADDRESS ($OPENVPN_MANAGEMENT_ADDRESS) is stale:
the demo's daemon listens on $address,
which terraform run from this shell would not reach. Re-run:  source .demo/env
EOF
fi
exec .demo/bin/openvpn-lab send --dir .demo/lab "$@"
