# Auditing who is connected, as code: run `terraform plan` on a schedule
# (or let HCP Terraform's health checks run the check block).
#
#   terraform plan -var='allowed_common_names=["alice","bob"]'
#
# A certificate outside the list shows as a warning that names it first:
#   Warning: Check block assertion failed
#   mallory: connected, but not in allowed_common_names.
#
# Read-only by default. enforce.tf holds the enforcing twin,
# openvpn_client_allowlist, which only exists with -var enforce=true: then
# `terraform apply` ends the sessions outside the list.

terraform {
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}

# Address and password come from OPENVPN_MANAGEMENT_ADDRESS and
# OPENVPN_MANAGEMENT_PASSWORD.
provider "openvpn" {}

variable "allowed_common_names" {
  description = "The certificate common names allowed to be connected."
  type        = set(string)
}

data "openvpn_clients" "connected" {}

locals {
  # The offending common names, each once, sorted.
  not_allowed = sort(distinct([
    for c in data.openvpn_clients.connected.clients : c.common_name
    if !contains(var.allowed_common_names, c.common_name)
  ]))
}

# The check block reports a connected certificate outside the list as a
# warning that starts with its common name, without stopping the run; HCP
# Terraform's health checks evaluate it too. (A postcondition on the data
# source would fail the plan before this warning is shown.)
check "only_allowed_common_names" {
  assert {
    condition     = length(local.not_allowed) == 0
    error_message = "${join(", ", local.not_allowed)}: connected, but not in allowed_common_names."
  }
}

# The same list as an output, for scripts:
#   terraform output -json not_allowed_common_names
output "not_allowed_common_names" {
  value = local.not_allowed
}

# Sessions per user: common name => number of sessions (duplicate-cn
# servers allow several).
output "sessions_per_common_name" {
  value = {
    for cn, ids in {
      for c in data.openvpn_clients.connected.clients : c.common_name => c.client_id...
    } : cn => length(ids)
  }
}

output "total_sessions" {
  value = length(data.openvpn_clients.connected.clients)
}
