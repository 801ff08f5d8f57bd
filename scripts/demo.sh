#!/usr/bin/env bash
# make demo: a local OpenVPN server with three real clients on 127.0.0.1,
# and Terraform applying examples/demo to it through this provider.
#
#   scripts/demo.sh        start (or restart) the demo
#   scripts/demo.sh down   stop the OpenVPN lab (make demo-down); idempotent
#
# Everything lives in .demo/ (git-ignored): bin/ (the provider and the lab
# tool), lab/ (PKI, configs, logs, lab.json), management-password,
# dev.tfrc (dev_overrides: Terraform uses bin/, downloads nothing), env
# (source it to use terraform by hand) and work/ (a copy of examples/demo
# and its state).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
demo="$root/.demo"

down() {
  if [ -x "$demo/bin/openvpn-lab" ]; then
    "$demo/bin/openvpn-lab" down --dir "$demo/lab"
  elif [ -f "$demo/lab/lab.json" ]; then
    go run ./internal/openvpnlab/cmd/openvpn-lab down --dir "$demo/lab"
  else
    echo "OpenVPN lab: nothing to stop"
  fi
}

if [ "${1:-}" = "down" ]; then
  down
  exit 0
fi

# The lab's server opens a tun device (--dev tun): that needs root, or
# CAP_NET_ADMIN, and /dev/net/tun.
if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<EOF
make demo starts a local OpenVPN server, and an OpenVPN server cannot run
without a tun device: opening one needs root (CAP_NET_ADMIN) and /dev/net/tun.
You are uid $(id -u). Run it as root:

    sudo make demo

(Nothing touches the host's addresses or routes: the server runs with
--ifconfig-noexec and --route-noexec on 127.0.0.1, the clients use --dev null.)
EOF
  exit 1
fi
if [ ! -c /dev/net/tun ]; then
  cat >&2 <<EOF
make demo needs /dev/net/tun for the OpenVPN server's tun device, and this
machine has none. Load the module (modprobe tun), or in a container start it
with --device /dev/net/tun --cap-add NET_ADMIN.
EOF
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }

# The machine's TF_CLI_CONFIG_FILE may name a missing file; from here on
# Terraform reads the demo's own (written below).
mkdir -p "$demo/bin"
: >"$demo/dev.tfrc"
export TF_CLI_CONFIG_FILE="$demo/dev.tfrc" CHECKPOINT_DISABLE=1

step "Installing what is missing (openvpn, openssl, terraform)"
./scripts/install-deps.sh
tf="$(command -v terraform || echo "$(go env GOPATH)/bin/terraform")"
echo "$("$tf" version | head -n1), $(openvpn --version | head -n1 | cut -d' ' -f1-2)"

step "Building the provider and the lab tool into .demo/bin"
go build -o "$demo/bin/terraform-provider-openvpn" .
go build -o "$demo/bin/openvpn-lab" ./internal/openvpnlab/cmd/openvpn-lab

step "Starting OpenVPN on 127.0.0.1 with 3 clients (.demo/lab)"
down >/dev/null # a rerun starts from a fresh daemon
if [ ! -s "$demo/management-password" ]; then
  (umask 077 && od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$demo/management-password" && echo >>"$demo/management-password")
fi
"$demo/bin/openvpn-lab" up --dir "$demo/lab" --clients 3 --password-file "$demo/management-password"
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
(umask 077 && cat >"$demo/env" <<EOF
# source .demo/env: use terraform by hand against the demo's daemon.
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

mgmt=".demo/bin/openvpn-lab"
cat <<EOF

== The daemon keeps running. What to try next:

  source .demo/env     # TF_CLI_CONFIG_FILE (dev_overrides) and the management address and password

1. Drift: change verb behind Terraform's back, then let Terraform see it and set it back.
     ./scripts/demo-mgmt.sh 'verb 1'
     terraform -chdir=.demo/work plan      # openvpn_verb.this: level 1 -> 4
     terraform -chdir=.demo/work apply

   demo-mgmt.sh is plain bash (/dev/tcp): it sends the password from
   .demo/management-password, the command, and quit to $address.

2. Kill a client.
   Directly, through the management interface:
     ./scripts/demo-mgmt.sh 'kill bob'
     terraform -chdir=.demo/work plan      # clients_table: bob is gone
   bob's client reconnects after about ten seconds, as a new session with a new
   client ID: plan again to see it.

   With the openvpn_client_kill action (Terraform 1.14 or later):
     cat > .demo/work/kill.tf <<'TF'
     action "openvpn_client_kill" "bob" {
       config {
         common_name = "bob"
       }
     }
     TF
     terraform -chdir=.demo/work apply -invoke=action.openvpn_client_kill.bob

3. Read more: docs/index.md, examples/audit (a plan that fails when an unknown
   certificate is connected).

Stop the daemon and its clients with:  make demo-down
EOF
