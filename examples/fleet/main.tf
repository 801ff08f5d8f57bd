# One provider block for a fleet of OpenVPN daemons: each daemon is a key of
# daemons, and every data source, resource and action picks one with
# daemon = each.key, so for_each covers the fleet on Terraform (1.5+) and
# OpenTofu alike.
#
# vpn1 runs two daemons (UDP and TCP profiles, each with its own unix
# management socket) reached through the same SSH host: they share one SSH
# connection, with one channel per management session. vpn2 is reached
# through a bastion. Every daemon has its own management session, is read
# in parallel with the others, and one that fails (frozen, wrong password)
# costs one timeout and is named in the error, without holding up the
# rest.
#
# The SSH key comes from the agent at SSH_AUTH_SOCK (or set private_key =
# file("~/.ssh/id_ed25519")), the host keys from ~/.ssh/known_hosts (or set
# host_key). Run:
#
#   terraform plan -var='allowed_common_names=["alice","bob"]'
#
# The alias/module form, and OpenTofu's provider for_each, are in
# aliases/main.tf, with when to prefer them.

terraform {
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}

variable "allowed_common_names" {
  description = "The certificate common names allowed to be connected anywhere in the fleet."
  type        = set(string)
}

variable "management_passwords" {
  description = "The management password of each daemon, by daemon name."
  type        = map(string)
  sensitive   = true
  default     = {}
}

locals {
  vpn1 = { host = "vpn1.example.com", user = "ops" }
}

provider "openvpn" {
  # The map may as well come from a variable: daemons = var.daemons.
  daemons = {
    "vpn1-udp" = {
      address  = "unix:///run/openvpn/server-udp.sock"
      password = lookup(var.management_passwords, "vpn1-udp", null)
      ssh      = local.vpn1
    }
    "vpn1-tcp" = {
      address  = "unix:///run/openvpn/server-tcp.sock"
      password = lookup(var.management_passwords, "vpn1-tcp", null)
      ssh      = local.vpn1
    }
    "vpn2" = {
      address  = "unix:///run/openvpn/server.sock"
      password = lookup(var.management_passwords, "vpn2", null)
      ssh = {
        host    = "vpn2.internal"
        user    = "ops"
        bastion = { host = "bastion.example.com" }
      }
    }
  }
}

locals {
  daemons = toset(["vpn1-udp", "vpn1-tcp", "vpn2"])
}

data "openvpn_version" "each" {
  for_each = local.daemons
  daemon   = each.key
}

data "openvpn_clients" "each" {
  for_each = local.daemons
  daemon   = each.key
}

check "only_allowed_common_names" {
  assert {
    condition = alltrue(flatten([
      for d, clients in data.openvpn_clients.each : [
        for c in clients.clients : contains(var.allowed_common_names, c.common_name)
      ]
    ]))
    error_message = "Connected but not allowed: ${join(", ", sort(distinct(flatten([
      for d, clients in data.openvpn_clients.each : [
        for c in clients.clients : "${c.common_name} on ${d}" if !contains(var.allowed_common_names, c.common_name)
      ]
    ]))))}."
  }
}

# Held on every daemon: a resource per daemon, each with its own state (and
# import ID: terraform import 'openvpn_verb.each["vpn2"]' vpn2/verb).
resource "openvpn_verb" "each" {
  for_each = local.daemons
  daemon   = each.key
  level    = 3
}

output "connected" {
  description = "Common names connected, per daemon."
  value = {
    for d, clients in data.openvpn_clients.each : d => sort(distinct([for c in clients.clients : c.common_name]))
  }
}

output "versions" {
  description = "The OpenVPN release of each daemon."
  value       = { for d, v in data.openvpn_version.each : d => v.openvpn_version }
}
