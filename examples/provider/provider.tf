terraform {
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}

# The daemon was started with, for example:
#   openvpn --config server.conf --management 127.0.0.1 7505 /etc/openvpn/management-password
provider "openvpn" {
  address = "tcp://127.0.0.1:7505"
  # The first line of the daemon's password file. Leave it out and set
  # OPENVPN_MANAGEMENT_PASSWORD instead to keep it out of the configuration.
  password = var.management_password
  timeout  = "10s"
}

variable "management_password" {
  type      = string
  sensitive = true
}

# A daemon started with `--management /run/openvpn/server.sock unix`.
provider "openvpn" {
  alias   = "socket"
  address = "unix:///run/openvpn/server.sock"
}
