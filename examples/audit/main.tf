# Auditing who is connected, as code: run `terraform plan` on a schedule
# (or let HCP Terraform's health checks run the check block).
#
#   terraform plan -var='allowed_common_names=["alice","bob"]'

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

data "openvpn_clients" "connected" {
  lifecycle {
    # A postcondition is an error: the plan fails while a certificate that
    # is not on the list is connected.
    postcondition {
      condition = alltrue([
        for c in self.clients : contains(var.allowed_common_names, c.common_name)
      ])
      error_message = "Connected but not allowed: ${join(", ", sort(distinct([
        for c in self.clients : c.common_name if !contains(var.allowed_common_names, c.common_name)
      ])))}."
    }
  }
}

# A check block reports the same finding as a warning without stopping the
# run, and is what HCP Terraform's continuous validation evaluates.
check "only_allowed_common_names" {
  assert {
    condition = alltrue([
      for c in data.openvpn_clients.connected.clients : contains(var.allowed_common_names, c.common_name)
    ])
    error_message = "A common name outside allowed_common_names is connected."
  }
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
