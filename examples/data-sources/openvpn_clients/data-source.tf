# Every connected session.
data "openvpn_clients" "all" {}

# Only the sessions of one certificate.
data "openvpn_clients" "alice" {
  common_name = "alice"
}

output "connected" {
  value = {
    for c in data.openvpn_clients.all.clients :
    c.client_id => "${c.common_name} from ${c.real_address} as ${coalesce(c.virtual_address, "-")}"
  }
}

output "alice_sessions" {
  value = length(data.openvpn_clients.alice.clients)
}

# Every session of every daemon of a fleet (the provider's daemons).
data "openvpn_clients" "fleet" {
  for_each = toset(["vpn1-udp", "vpn1-tcp", "vpn2"])
  daemon   = each.key
}

output "sessions_per_daemon" {
  value = { for d, c in data.openvpn_clients.fleet : d => length(c.clients) }
}
