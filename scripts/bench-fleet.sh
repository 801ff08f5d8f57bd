#!/usr/bin/env bash
# make bench-fleet: one `terraform plan` of a 16-daemon fleet, two ways, as
# whole processes: one provider block with daemons (and for_each) against
# 16 aliased provider blocks, the same reads (openvpn_clients and
# openvpn_version of each daemon). The daemons are scripted fake
# management ports on 127.0.0.1 (internal/fakemgmt/cmd/fakeport, a 2.6
# server with SESSIONS sessions each), so the figures are the provider's
# and Terraform's, not OpenVPN's.
#
# Reported per plan (the median of RUNS runs, the two forms alternating):
# wall time and CPU of the whole terraform plan (terraform and its
# plugins), and the plugin processes' summed peak RSS and CPU. Each plugin
# runs under /usr/bin/time (a wrapper the dev_overrides point at), which
# records the plugin's own peak RSS and CPU when it exits. Terraform starts
# the plugin once for the schemas and once per provider block in each of
# its walks (validate, plan): 3 processes for the one block, 33 for 16
# blocks, of which the 16 of the plan walk run at the same time.
#
#   scripts/bench-fleet.sh                 prepare, measure, stop
#   scripts/bench-fleet.sh -prepare DIR    prepare in DIR and leave the fakes
#                                          running; print the two plan commands
#   scripts/bench-fleet.sh -stop DIR       stop DIR's fakes
#
# RUNS (default 5), DAEMONS (default 16) and SESSIONS (default 200) change
# the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-5}"
daemons="${DAEMONS:-16}"
sessions="${SESSIONS:-200}"
tf="$(command -v terraform || echo "$(go env GOPATH)/bin/terraform")"
[ -x /usr/bin/time ] || { echo "bench-fleet: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }

stop() {
  local dir="$1"
  if [ -f "$dir/fakes.pid" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$dir/fakes.pid"
    rm -f "$dir/fakes.pid"
  fi
}

prepare() {
  local dir="$1"
  mkdir -p "$dir/bin" "$dir/real" "$dir/one" "$dir/aliases" "$dir/plugin-times"
  go build -o "$dir/real/terraform-provider-openvpn" .
  go build -o "$dir/fakeport" ./internal/fakemgmt/cmd/fakeport
  # The plugin Terraform starts: the real one under /usr/bin/time, which
  # appends "peakKiB userSec sysSec" to a file per plugin process.
  cat >"$dir/bin/terraform-provider-openvpn" <<EOF
#!/bin/sh
exec /usr/bin/time -f '%M %U %S' -o "$dir/plugin-times/\$\$" "$dir/real/terraform-provider-openvpn" "\$@"
EOF
  chmod +x "$dir/bin/terraform-provider-openvpn"
  cat >"$dir/dev.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "vpnops/openvpn" = "$dir/bin"
  }
  direct {}
}
EOF
  : >"$dir/fakes.pid"
  local addrs=()
  for i in $(seq -w 1 "$daemons"); do
    "$dir/fakeport" -clients "$sessions" -addr-file "$dir/addr-$i" >/dev/null 2>&1 &
    echo $! >>"$dir/fakes.pid"
  done
  for i in $(seq -w 1 "$daemons"); do
    for _ in $(seq 1 100); do [ -s "$dir/addr-$i" ] && break; sleep 0.1; done
    addrs+=("$(cat "$dir/addr-$i")")
  done

  local header='terraform {
  required_providers {
    openvpn = { source = "vpnops/openvpn" }
  }
}
'
  {
    echo "$header"
    echo 'provider "openvpn" {'
    echo '  daemons = {'
    for i in $(seq -w 1 "$daemons"); do
      echo "    \"d$i\" = { address = \"${addrs[$((10#$i - 1))]}\" }"
    done
    echo '  }'
    echo '}'
    echo 'data "openvpn_clients" "each" {'
    echo '  for_each = toset([for i in range(1, '"$((daemons + 1))"') : format("d%02d", i)])'
    echo '  daemon   = each.key'
    echo '}'
    echo 'data "openvpn_version" "each" {'
    echo '  for_each = toset([for i in range(1, '"$((daemons + 1))"') : format("d%02d", i)])'
    echo '  daemon   = each.key'
    echo '}'
    echo 'output "sessions" { value = sum([for c in data.openvpn_clients.each : length(c.clients)]) }'
  } >"$dir/one/main.tf"
  {
    echo "$header"
    for i in $(seq -w 1 "$daemons"); do
      echo "provider \"openvpn\" {"
      echo "  alias   = \"d$i\""
      echo "  address = \"${addrs[$((10#$i - 1))]}\""
      echo "}"
      echo "data \"openvpn_clients\" \"d$i\" { provider = openvpn.d$i }"
      echo "data \"openvpn_version\" \"d$i\" { provider = openvpn.d$i }"
    done
    echo "output \"sessions\" { value = sum([$(for i in $(seq -w 1 "$daemons"); do printf 'length(data.openvpn_clients.d%s.clients), ' "$i"; done)]) }"
  } >"$dir/aliases/main.tf"
  TF_CLI_CONFIG_FILE="$dir/dev.tfrc" "$tf" fmt "$dir/one" "$dir/aliases" >/dev/null
}

# plan DIR FORM: one plan; prints "wall cpu pluginKiB pluginCPU plugins".
plan() {
  local dir="$1" form="$2"
  rm -f "$dir/plugin-times/"*
  TF_CLI_CONFIG_FILE="$dir/dev.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
    /usr/bin/time -f '%e %U %S' -o "$dir/$form.time" "$tf" -chdir="$dir/$form" plan -no-color -input=false >"$dir/$form.out" 2>&1
  local t
  t="$(cat "$dir/$form.time")"
  grep -q "sessions = $((daemons * sessions))" "$dir/$form.out" || { echo "bench-fleet: the $form plan failed:" >&2; cat "$dir/$form.out" >&2; exit 1; }
  # go-plugin asks a plugin to stop and reaps it, so every record is there
  # once terraform has exited; allow the last one a moment.
  sleep 0.2
  awk -v t="$t" 'BEGIN { split(t, a, " ") } { kib += $1; cpu += $2 + $3; n++ }
    END { printf "%.2f %.2f %d %.2f %d\n", a[1], a[2] + a[3], kib, cpu, n }' "$dir/plugin-times/"*
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {
  local dir="$1"
  plan "$dir" one >/dev/null && plan "$dir" aliases >/dev/null # warm-up
  : >"$dir/one.runs" && : >"$dir/aliases.runs"
  for _ in $(seq 1 "$runs"); do
    plan "$dir" one >>"$dir/one.runs"
    plan "$dir" aliases >>"$dir/aliases.runs"
  done
  echo "terraform plan of $daemons daemons x $sessions sessions (openvpn_clients + openvpn_version each), median of $runs runs:"
  printf '%-26s %10s %10s %16s %14s %8s\n' form "wall s" "cpu s" "plugin RSS MiB" "plugin cpu s" plugins
  for form in one aliases; do
    local label="one block with daemons"
    [ "$form" = aliases ] && label="$daemons aliased blocks"
    printf '%-26s %10s %10s %16s %14s %8s\n' "$label" \
      "$(cut -d' ' -f1 "$dir/$form.runs" | median)" "$(cut -d' ' -f2 "$dir/$form.runs" | median)" \
      "$(cut -d' ' -f3 "$dir/$form.runs" | median | awk '{ printf "%.1f", $1 / 1024 }')" \
      "$(cut -d' ' -f4 "$dir/$form.runs" | median)" "$(cut -d' ' -f5 "$dir/$form.runs" | median)"
  done
}

case "${1:-}" in
-prepare)
  dir="$(realpath -m "${2:?-prepare DIR}")"
  prepare "$dir"
  echo "fakes running (scripts/bench-fleet.sh -stop $dir stops them); the two plans:"
  for form in one aliases; do
    echo "  TF_CLI_CONFIG_FILE=$dir/dev.tfrc CHECKPOINT_DISABLE=1 $tf -chdir=$dir/$form plan -no-color -input=false"
  done
  ;;
-stop)
  stop "$(realpath -m "${2:?-stop DIR}")"
  ;;
"")
  dir="$(mktemp -d)"
  trap 'stop "$dir"; rm -rf "$dir"' EXIT
  prepare "$dir"
  measure "$dir"
  ;;
*)
  echo "usage: $0 [-prepare DIR | -stop DIR]" >&2
  exit 2
  ;;
esac
