#!/usr/bin/env bash
# Sends management commands to the demo's OpenVPN daemon, as an operator
# with nc would, and prints the daemon's replies. Plain bash (/dev/tcp), so
# nothing needs installing.
#
#   scripts/demo-mgmt.sh 'verb 1'
#   scripts/demo-mgmt.sh 'status 3' 'kill bob'
#
# OpenVPN serves one management client at a time: while this runs, the
# provider waits (and the reverse).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -eq 0 ]; then
  echo "usage: $0 'COMMAND' ..." >&2
  exit 2
fi
if [ ! -f .demo/lab/lab.json ]; then
  echo "no demo is running: run make demo first" >&2
  exit 1
fi
address="$(sed -n 's/.*"management_address": *"\([^"]*\)".*/\1/p' .demo/lab/lab.json)"
hostport="${address#tcp://}"
host="${hostport%:*}" port="${hostport##*:}"

exec 3<>"/dev/tcp/$host/$port"
{
  head -n1 .demo/management-password
  printf '%s\n' "$@"
  echo quit
} >&3
# The daemon closes the connection after quit. Leave out the password
# prompt and the >INFO banner.
sed -u -e 's/^ENTER PASSWORD://' -e '/^$/d' -e '/^>INFO:/d' <&3
exec 3<&-
