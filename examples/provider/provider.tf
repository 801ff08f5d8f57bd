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

# A daemon on another machine, reached through SSH: the address is as seen
# from the SSH host. The key comes from the agent at SSH_AUTH_SOCK (or set
# private_key = file("~/.ssh/id_ed25519")), the host key from
# ~/.ssh/known_hosts (or pin it with host_key = "ssh-ed25519 AAAA...").
provider "openvpn" {
  alias   = "remote"
  address = "unix:///run/openvpn/server.sock"
  ssh = {
    host = "vpn1.example.com"
    user = "ops"
  }
}

# A management port behind stunnel: tls://HOST:PORT, verified with its CA.
provider "openvpn" {
  alias   = "stunnel"
  address = "tls://vpn2.example.com:7506"
  tls = {
    ca_certificate = var.stunnel_ca_pem
  }
}

variable "stunnel_ca_pem" {
  type = string
}

# Many daemons in one provider block: each object picks one with
# daemon = "NAME" (for_each = ... and daemon = each.key for all of them).
# Each daemon has exactly the attributes above; the two on vpn1 share one
# SSH connection.
provider "openvpn" {
  alias = "fleet"
  daemons = {
    "vpn1-udp" = { address = "unix:///run/openvpn/server-udp.sock", ssh = { host = "vpn1.example.com", user = "ops" } }
    "vpn1-tcp" = { address = "unix:///run/openvpn/server-tcp.sock", ssh = { host = "vpn1.example.com", user = "ops" } }
    "vpn2"     = { address = "tcp://127.0.0.1:7505", password = var.management_password, ssh = { host = "vpn2.example.com", user = "ops" } }
  }
}
