# The configuration `make demo` applies to a local OpenVPN lab. It reads the
# connected clients, the daemon's version, state and load, and holds the
# log verbosity at 4. The outputs leave out the byte counters, which change
# on every read: a plan right after apply shows no changes, and one that
# does show some is reporting real drift (a setting changed, a client gone).

terraform {
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}

variable "management_address" {
  description = "Where the daemon's management interface listens; null: OPENVPN_MANAGEMENT_ADDRESS."
  type        = string
  default     = null
}

variable "management_password" {
  description = "The management password; null: OPENVPN_MANAGEMENT_PASSWORD."
  type        = string
  default     = null
  sensitive   = true
}

variable "verb" {
  description = "The log verbosity Terraform holds the daemon at."
  type        = number
  default     = 4
}

provider "openvpn" {
  address  = var.management_address
  password = var.management_password
}

data "openvpn_clients" "all" {}

data "openvpn_version" "this" {}

data "openvpn_state" "this" {}

data "openvpn_server" "this" {}

resource "openvpn_verb" "this" {
  level = var.verb
}

locals {
  row = "%-3s  %-14s  %-21s  %-10s  %s"
  client_rows = [
    for c in data.openvpn_clients.all.clients : format(local.row,
      tostring(c.client_id), c.common_name, c.real_address, coalesce(c.virtual_address, "-"), c.connected_since,
    )
  ]
}

output "clients_table" {
  description = "The connected clients, one line each."
  value = join("\n", concat(
    [format(local.row, "ID", "COMMON NAME", "REAL ADDRESS", "VPN IP", "CONNECTED SINCE")],
    local.client_rows,
  ))
}

output "clients" {
  description = "Client ID => common name."
  value       = { for c in data.openvpn_clients.all.clients : tostring(c.client_id) => c.common_name }
}

output "version" {
  value = "OpenVPN ${data.openvpn_version.this.openvpn_version} (management interface v${data.openvpn_version.this.management_version})"
}

output "state" {
  value = "${data.openvpn_state.this.state}${data.openvpn_state.this.description == null ? "" : " (${data.openvpn_state.this.description})"} since ${data.openvpn_state.this.timestamp}, tunnel address ${coalesce(data.openvpn_state.this.local_address, "-")}"
}

output "server" {
  value = "${data.openvpn_server.this.mode} mode, pid ${data.openvpn_server.this.pid}, ${data.openvpn_server.this.clients} client(s)"
}

output "verb" {
  description = "The verbosity Terraform holds, and the one found before (restored by terraform destroy)."
  value       = "verb ${openvpn_verb.this.level} (was ${openvpn_verb.this.previous_level})"
}
