#!/usr/bin/env bash
# make demo: a local OpenVPN server with three real clients on 127.0.0.1,
# and Terraform applying examples/demo to it through this provider.
#
#   scripts/demo.sh        start (or restart) the demo
#   scripts/demo.sh down   stop the OpenVPN lab (make demo-down); idempotent
#
# Everything lives in .demo/ (git-ignored): bin/ (the provider, the lab
# tool, and Terraform if none was on PATH), lab/ (PKI, configs, logs,
# lab.json), management-password, dev.tfrc (dev_overrides: Terraform uses
# bin/, downloads nothing), env (source it to use terraform by hand) and
# work/ (a copy of examples/demo and its state). Under sudo, .demo/ is
# given back to the user who ran sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
demo="$root/.demo"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# Debian installs openvpn in /usr/sbin, which a user's PATH lacks.
PATH="$PATH:/usr/sbin:/sbin"

# give_back hands .demo/ to the user who ran sudo, so that everything the
# demo tells them to do next works without sudo.
give_back() {
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_UID:-}" ] && [ -d "$demo" ]; then
    chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$demo"
  fi
}
trap give_back EXIT

# down stops the lab's daemons. Whose they are is the lab's to find out,
# from the daemons themselves: when they belong to root (a sudo make demo)
# and this is not root, it says so at once and names the command to run.
# Earlier versions wrote .demo/lab-mode, which outlived the daemons; it is
# removed here.
down() {
  rm -f "$demo/lab-mode"
  if [ -x "$demo/bin/openvpn-lab" ]; then
    "$demo/bin/openvpn-lab" down --dir "$demo/lab"
  elif [ -f "$demo/lab/lab.json" ]; then
    find_go
    go run ./internal/openvpnlab/cmd/openvpn-lab down --dir "$demo/lab"
  else
    echo "OpenVPN lab: nothing to stop"
  fi
}

if [ "${1:-}" = "down" ]; then
  down
  exit 0
fi

step() { printf '\n== %s\n' "$*"; }

# An OpenVPN server opens a tun device (--dev tun): that takes
# CAP_NET_ADMIN (root has it) and a /dev/net/tun this process can open.
# Without them, a user + network namespace of our own gives CAP_NET_ADMIN
# too, where the kernel allows unprivileged ones; the tun device must then
# be open to the user (mode 0666, Debian's default).
cap_net_admin() {
  local hex
  hex="$(awk '/^CapEff:/ { print $2 }' /proc/self/status)"
  [ $(((16#$hex >> 12) & 1)) -eq 1 ]
}
tun_usable() { [ -c /dev/net/tun ] && [ -r /dev/net/tun ] && [ -w /dev/net/tun ]; }
userns_usable() {
  command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
    unshare --user --map-root-user --net true 2>/dev/null
}

# How the lab runs ($mode):
#   root       as root, or a process with CAP_NET_ADMIN
#   sudo       as root through sudo: its daemons belong to root
#   namespace  unprivileged, in a user + network namespace of its own
if [ ! -c /dev/net/tun ]; then
  cat >&2 <<EOF
make demo needs /dev/net/tun for the OpenVPN server's tun device, and this
machine has none. Load the module (sudo modprobe tun), or in a container start
it with --device /dev/net/tun --cap-add NET_ADMIN.
EOF
  exit 1
elif cap_net_admin && tun_usable; then
  mode=root
  [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_UID:-}" ] && mode=sudo
  how="with CAP_NET_ADMIN (uid $(id -u))"
  [ "$mode" = sudo ] && how="as root through sudo; .demo/ is given back to ${SUDO_USER:-uid $SUDO_UID}"
elif tun_usable && userns_usable; then
  mode=namespace
  how="unprivileged, in a user + network namespace of its own (unshare); management on a unix socket"
else
  why="unprivileged user namespaces are not available here (unshare --user --map-root-user --net failed)"
  tun_usable || why="/dev/net/tun is not readable and writable by you ($(stat -c '%A %U' /dev/net/tun)); Debian's default is crw-rw-rw-"
  cat >&2 <<EOF
make demo starts a local OpenVPN server, which opens a tun device: that needs
CAP_NET_ADMIN (root has it) and /dev/net/tun. You are uid $(id -u), without
CAP_NET_ADMIN, and the unprivileged way is closed: $why.

Run it with sudo (it finds Go in /usr/local/go/bin, ~/go/bin or ~/.local/go/bin,
and gives .demo/ back to you afterwards):

    sudo make demo

(Nothing touches the host's addresses or routes: the server runs with
--ifconfig-noexec and --route-noexec on 127.0.0.1, the clients use --dev null.)
EOF
  exit 1
fi

step "Checking for Go 1.$go_min_minor or later"
find_go
echo "$(command -v go): $(go env GOVERSION)"

# Daemons of a sudo make demo that still run belong to root: stopping
# them (below, before the new lab starts) would fail, so let the lab say
# so now rather than after the build.
if [ "$(id -u)" -ne 0 ] && [ -f "$demo/lab/lab.json" ]; then
  pid="$(sed -n 's/.*"server_pid": *\([0-9]*\).*/\1/p' "$demo/lab/lab.json")"
  if [ "${pid:-0}" -ne 0 ] && [ "$(stat -c %u "/proc/$pid" 2>/dev/null)" = 0 ]; then
    down >/dev/null
  fi
fi

# The machine's TF_CLI_CONFIG_FILE may name a missing file; from here on
# Terraform reads the demo's own (written below).
mkdir -p "$demo/bin"
: >"$demo/dev.tfrc"
export TF_CLI_CONFIG_FILE="$demo/dev.tfrc" CHECKPOINT_DISABLE=1

step "Installing what is missing (openvpn, openssl, terraform)"
TERRAFORM_INSTALL_DIR="$demo/bin" ./scripts/install-deps.sh
tf="$(command -v terraform || echo "$demo/bin/terraform")"
tf_version="$("$tf" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')"
echo "Terraform $tf_version ($tf), $(openvpn --version | head -n1 | cut -d' ' -f1-2)"

step "Building the provider and the lab tool into .demo/bin"
n="$(compiles build . ./internal/openvpnlab/cmd/openvpn-lab)"
if [ "$n" -ge 50 ]; then
  echo "(a first build: $n packages to compile, up to 3 minutes on 2 cores; later builds take seconds)"
fi
go build -v -o "$demo/bin/terraform-provider-openvpn" . 2>&1 | progress provider
go build -v -o "$demo/bin/openvpn-lab" ./internal/openvpnlab/cmd/openvpn-lab 2>&1 | progress "lab tool"

step "Starting OpenVPN on 127.0.0.1 with 3 clients (.demo/lab)"
echo "Running $how."
# The address a shell that sourced .demo/env holds (lab.json outlives
# make demo-down); the lab listens there again when it can.
old_address=""
if [ -f "$demo/lab/lab.json" ]; then
  old_address="$(sed -n 's/.*"management_address": *"\([^"]*\)".*/\1/p' "$demo/lab/lab.json")"
fi
down >/dev/null # a rerun starts from a fresh daemon
if [ ! -s "$demo/management-password" ]; then
  (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$demo/management-password" && echo >>"$demo/management-password")
fi
stop="make demo-down"
[ "$mode" = sudo ] && stop="sudo make demo-down"
up=("$demo/bin/openvpn-lab" up --dir "$demo/lab" --clients 3 --password-file "$demo/management-password" --stop-command "$stop")
if [ "$mode" = namespace ]; then
  # A TCP port inside the namespace cannot be reached from outside it; a
  # unix socket in .demo/lab can. The namespace lives as long as its
  # daemons; lo starts down in a new network namespace.
  unshare --user --map-root-user --net sh -c 'ip link set lo up && exec "$@"' sh "${up[@]}" --management-unix
else
  # The lab tries the last lab's TCP port first, so that an
  # already-sourced .demo/env stays valid.
  "${up[@]}"
fi
address="$(sed -n 's/.*"management_address": *"\([^"]*\)".*/\1/p' "$demo/lab/lab.json")"
password="$(head -n1 "$demo/management-password")"

cat >"$demo/dev.tfrc" <<EOF
# Terraform uses the provider built in .demo/bin for vpnops/openvpn and
# downloads nothing (no terraform init needed).
provider_installation {
  dev_overrides {
    "vpnops/openvpn" = "$demo/bin"
  }
  direct {}
}
EOF
path_line=""
if ! command -v terraform >/dev/null 2>&1; then
  path_line="export PATH=\"$(dirname "$tf"):\$PATH\" # the Terraform make demo installed"
fi
(umask 077 && cat >"$demo/env" <<EOF
# source .demo/env: use terraform by hand against the demo's daemon.
$path_line
export TF_CLI_CONFIG_FILE="$demo/dev.tfrc" CHECKPOINT_DISABLE=1
export OPENVPN_MANAGEMENT_ADDRESS="$address"
export OPENVPN_MANAGEMENT_PASSWORD="\$(head -n1 "$demo/management-password")"
EOF
)
export OPENVPN_MANAGEMENT_ADDRESS="$address" OPENVPN_MANAGEMENT_PASSWORD="$password"

step "terraform apply on examples/demo (in .demo/work)"
rm -rf "$demo/work"
mkdir -p "$demo/work"
cp examples/demo/*.tf "$demo/work/"
echo "(dev_overrides in .demo/dev.tfrc: vpnops/openvpn is .demo/bin/terraform-provider-openvpn; no terraform init)"
# Terraform's warning about the overrides is left out, and the outputs,
# shown below more readably; every other message, errors included, is shown.
"$tf" -chdir="$demo/work" apply -auto-approve -no-color 2>&1 | awk '
  /^Warning: Provider development overrides are in effect/ { skip = 1; next }
  skip { if ($0 ~ /releases\.$/) { skip = 0; blank = 1 }; next }
  blank && /^$/ { blank = 0; next }
  { blank = 0 }
  /^Outputs:$/ { exit }
  { print }'

step "Connected clients (terraform output -raw clients_table)"
"$tf" -chdir="$demo/work" output -raw clients_table
echo
echo
for o in version state server verb; do
  printf '%-8s %s\n' "$o:" "$("$tf" -chdir="$demo/work" output -raw "$o")"
done
set +e
"$tf" -chdir="$demo/work" plan -detailed-exitcode -no-color >/dev/null 2>&1
plan_rc=$?
set -e
case $plan_rc in
  0) echo "plan:    no changes (terraform plan -detailed-exitcode: 0)" ;;
  *) echo "plan:    terraform plan -detailed-exitcode says $plan_rc right after apply; run it to see why" ;;
esac

echo
echo "== The daemon keeps running. What to try next:"
if [ -n "$old_address" ] && [ "$old_address" != "$address" ]; then
  cat <<EOF

  The management address changed ($old_address -> $address):
  a shell that sourced .demo/env before still holds the old one, and terraform
  there cannot reach the daemon: re-run  source .demo/env  in it.
EOF
fi
cat <<EOF

  source .demo/env     # PATH, TF_CLI_CONFIG_FILE (dev_overrides), the management address and password

1. Drift: change verb behind Terraform's back, then let Terraform see it and set it back.
     ./scripts/demo-mgmt.sh 'verb 1'
     terraform -chdir=.demo/work plan      # openvpn_verb.this: level 1 -> 4
     terraform -chdir=.demo/work apply

   demo-mgmt.sh sends the password from .demo/management-password, the
   commands, and quit to $address, as an operator with nc would.

2. Kill a client.
   Directly, through the management interface:
     ./scripts/demo-mgmt.sh 'kill bob'
     terraform -chdir=.demo/work plan      # clients_table: bob is gone
   bob's client reconnects after about ten seconds, as a new session with a new
   client ID: plan again to see it.
EOF
if [ "$(printf '%s\n' 1.14.0 "$tf_version" | sort -V | head -n1)" = 1.14.0 ]; then
  cat <<EOF

   With the openvpn_client_kill action (your Terraform is $tf_version), from a
   directory of its own, so that the demo's configuration stays as it is:
     mkdir -p .demo/kill && cat > .demo/kill/kill.tf <<'TF'
     terraform {
       required_providers {
         openvpn = { source = "vpnops/openvpn" }
       }
     }
     provider "openvpn" {}
     action "openvpn_client_kill" "bob" {
       config {
         common_name = "bob"
       }
     }
     TF
     terraform -chdir=.demo/kill apply -invoke=action.openvpn_client_kill.bob
EOF
else
  cat <<EOF

   The openvpn_client_kill action needs Terraform 1.14 or later; this is
   $tf_version, which rejects action blocks (a configuration containing one
   cannot even be planned). With 1.14+ on PATH, run make demo again and it
   shows the step.
EOF
fi
[ "$mode" = sudo ] && stop="$stop   (the daemons belong to root)"
cat <<EOF

3. Read more: docs/index.md, examples/audit (a plan that warns, common name
   first, when a certificate outside an allow-list is connected).

Stop the daemon and its clients with:  $stop
EOF
