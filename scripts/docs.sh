#!/usr/bin/env bash
# make docs: regenerates docs/ with tfplugindocs (tools/go.mod pins it),
# offline. The schema comes from the provider itself (tools/cmd/providerschema
# serves it in-process and prints what `terraform providers schema -json`
# prints), because Terraform CLIs before 1.14 leave action schemas out and
# the action pages would be missing.
#
#   scripts/docs.sh           generate docs/, then validate them
#   scripts/docs.sh -check    the same, and fail when that changed docs/
#                             (make test: docs must match the schema and
#                             examples they are generated from)
set -euo pipefail
cd "$(dirname "$0")/.."

tf="$(command -v terraform || echo "$(go env GOPATH)/bin/terraform")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# These machines may point TF_CLI_CONFIG_FILE at a missing file.
printf '' >"$tmp/empty.tfrc"
export TF_CLI_CONFIG_FILE="$tmp/empty.tfrc" CHECKPOINT_DISABLE=1

check=false
if [ "${1:-}" = "-check" ]; then
  check=true
  mkdir -p "$tmp/before" && cp -R docs "$tmp/before/" 2>/dev/null || true
  "$tf" fmt -check -recursive examples/ >/dev/null \
    || { echo "examples/ are not formatted: run 'make docs' (or terraform fmt -recursive examples/)" >&2; exit 1; }
else
  "$tf" fmt -recursive examples/ >/dev/null
fi

(
  cd tools
  # tfplugindocs v0.25.0 finds a schema only under "openvpn" or
  # "registry.terraform.io/hashicorp/openvpn", hence -name.
  # -mod=mod: tools/go.mod builds the provider through a replace of ../,
  # so a dependency the provider adds is added here too (commit the
  # resulting tools/go.mod and go.sum) instead of failing the build.
  go run -mod=mod ./cmd/providerschema -name openvpn -o "$tmp/schema.json"
  go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate \
    --provider-dir .. --provider-name openvpn --providers-schema "$tmp/schema.json" >"$tmp/generate.log" 2>&1 \
    || { cat "$tmp/generate.log" >&2; exit 1; }
  go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs validate \
    --provider-dir .. --provider-name openvpn --providers-schema "$tmp/schema.json" >"$tmp/validate.log" 2>&1 \
    || { cat "$tmp/validate.log" >&2; exit 1; }
)
echo "docs: $(find docs -name '*.md' | wc -l) pages generated and validated ($(find docs/actions -name '*.md' 2>/dev/null | wc -l) actions)"

if $check && ! diff -r -q "$tmp/before/docs" docs >"$tmp/stale" 2>&1; then
  echo "docs/ was stale (regenerated now; review and commit it):" >&2
  sed -e "s|$tmp/before/||" "$tmp/stale" >&2
  exit 1
fi
