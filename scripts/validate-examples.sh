#!/usr/bin/env bash
# Checks every example under examples/: `terraform fmt -check` on all of
# them, and `terraform validate` on each directory against a provider built
# from this checkout (dev_overrides: nothing is downloaded, no init).
#
# Action blocks need Terraform 1.14 or later: older CLIs fail validate with
# "Unsupported block type". With such a CLI the directories that use them
# (examples/actions) get the fmt check only, and the script says so.
#
# The per-type snippets (data-sources/, resources/, actions/) have no
# required_providers, as on the docs pages; they are validated in a copy
# that adds one, so that "openvpn" means vpnops/openvpn.
set -euo pipefail
cd "$(dirname "$0")/.."

# TERRAFORM=/path/to/terraform picks another CLI (e.g. a 1.14 build, to
# validate the action examples too).
tf="${TERRAFORM:-$(command -v terraform || echo "$(go env GOPATH)/bin/terraform")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

go build -o "$work/bin/terraform-provider-openvpn" .
cat >"$work/dev.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "vpnops/openvpn" = "$work/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/dev.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

version="$("$tf" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')"
actions_ok=false
if [ "$(printf '%s\n' "1.14.0" "${version%%-*}" | sort -V | head -n1)" = "1.14.0" ]; then
  actions_ok=true
fi

echo "== terraform fmt -check examples/ (Terraform $version)"
"$tf" fmt -check -diff -recursive examples/

failed=0 validated=0 fmt_only=()
while IFS= read -r dir; do
  if grep -qsE '^\s*action\s+"' "$dir"/*.tf && ! $actions_ok; then
    fmt_only+=("$dir")
    continue
  fi
  copy="$work/cfg/$dir"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy/"
  # A configuration that calls local modules (examples/fleet/aliases) gets them
  # copied too, and installed with `terraform get`, which touches no
  # provider and no network.
  if grep -qsE '^\s*module\s+"' "$dir"/*.tf; then
    cp -R "$dir"/. "$copy/"
    "$tf" -chdir="$copy" get -no-color >/dev/null
  fi
  if ! grep -qs required_providers "$dir"/*.tf; then
    cat >"$copy/zz_required_providers.tf" <<'EOF'
terraform {
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}
EOF
  fi
  if out="$("$tf" -chdir="$copy" validate -no-color 2>&1)"; then
    validated=$((validated + 1))
  else
    echo "FAIL terraform validate $dir:" >&2
    # From the first error on: the dev_overrides warning before it is noise.
    echo "$out" | sed -n '/Error:/,$p' >&2
    failed=$((failed + 1))
  fi
done < <(find examples -name '*.tf' -printf '%h\n' | sort -u)

echo "terraform validate: $validated example directories valid, $failed invalid"
if [ ${#fmt_only[@]} -gt 0 ]; then
  echo "Terraform $version is older than 1.14, which action blocks need: only fmt-checked ${fmt_only[*]}"
fi
[ "$failed" -eq 0 ]
