# The other way to a fleet: a module per daemon, each given its own aliased
# provider block. ../main.tf (one provider block with daemons, and daemon =
# each.key) is the usual choice: one plugin process, one SSH connection per
# SSH host, daemons read in parallel. Prefer this form when
#
#   - a module is written for one daemon and must stay so (it takes a
#     provider, not a daemon name), or
#   - the daemons must be configured apart: a configuration error in one
#     (a key that does not parse) then fails only its own provider block,
#     and each block can come from a different team's variables.
#
# It costs one plugin process, one management session and one SSH login
# per daemon: several daemons on one VPN host (one OpenVPN process per
# profile and protocol, each with its own management socket) reached
# through the same SSH host each keep their own SSH connection.
#
# The SSH key comes from the agent at SSH_AUTH_SOCK (or set private_key =
# file("~/.ssh/id_ed25519")), the host keys from ~/.ssh/known_hosts (or set
# host_key). Run:
#
#   export OPENVPN_MANAGEMENT_PASSWORD=...   # same password on every daemon here
#   terraform plan -var='allowed_common_names=["alice","bob"]'
#
# On OpenTofu 1.9 or later, provider for_each replaces the repetition of
# this form (still a plugin process and an SSH connection per daemon):
#
#   variable "daemons" {
#     type = map(object({ address = string, ssh_host = string }))
#   }
#   provider "openvpn" {
#     alias    = "by_daemon"
#     for_each = var.daemons
#     address  = each.value.address
#     ssh      = { host = each.value.ssh_host, user = "ops" }
#   }
#   module "daemon" {
#     source    = "./daemon"
#     for_each  = var.daemons
#     providers = { openvpn = openvpn.by_daemon[each.key] }
#     allowed_common_names = var.allowed_common_names
#   }

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

# vpn1 runs two daemons (UDP and TCP profiles) with unix-socket management:
#   --management /run/openvpn/server-udp.sock unix
#   --management /run/openvpn/server-tcp.sock unix
provider "openvpn" {
  alias   = "vpn1_udp"
  address = "unix:///run/openvpn/server-udp.sock"
  ssh = {
    host = "vpn1.example.com"
    user = "ops"
  }
}

provider "openvpn" {
  alias   = "vpn1_tcp"
  address = "unix:///run/openvpn/server-tcp.sock"
  ssh = {
    host = "vpn1.example.com"
    user = "ops"
  }
}

# vpn2 is only reachable through a bastion.
provider "openvpn" {
  alias   = "vpn2"
  address = "unix:///run/openvpn/server.sock"
  ssh = {
    host = "vpn2.internal"
    user = "ops"
    bastion = {
      host = "bastion.example.com"
    }
  }
}

module "vpn1_udp" {
  source               = "./daemon"
  providers            = { openvpn = openvpn.vpn1_udp }
  allowed_common_names = var.allowed_common_names
}

module "vpn1_tcp" {
  source               = "./daemon"
  providers            = { openvpn = openvpn.vpn1_tcp }
  allowed_common_names = var.allowed_common_names
}

module "vpn2" {
  source               = "./daemon"
  providers            = { openvpn = openvpn.vpn2 }
  allowed_common_names = var.allowed_common_names
}

output "connected" {
  description = "Common names connected, per daemon."
  value = {
    vpn1_udp = module.vpn1_udp.connected
    vpn1_tcp = module.vpn1_tcp.connected
    vpn2     = module.vpn2.connected
  }
}
