# What the fleet checks on each daemon. The caller passes the provider block
# that reaches it (providers = { openvpn = openvpn.ALIAS }).

terraform {
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}

variable "allowed_common_names" {
  description = "The certificate common names allowed to be connected."
  type        = set(string)
}

data "openvpn_version" "this" {}

data "openvpn_clients" "this" {}

check "only_allowed_common_names" {
  assert {
    condition = alltrue([
      for c in data.openvpn_clients.this.clients : contains(var.allowed_common_names, c.common_name)
    ])
    error_message = "Connected but not allowed on this daemon: ${join(", ", sort(distinct([
      for c in data.openvpn_clients.this.clients : c.common_name if !contains(var.allowed_common_names, c.common_name)
    ])))}."
  }
}

output "connected" {
  description = "The common names connected to this daemon."
  value       = sort(distinct([for c in data.openvpn_clients.this.clients : c.common_name]))
}

output "version" {
  description = "The daemon's OpenVPN release."
  value       = data.openvpn_version.this.openvpn_version
}
