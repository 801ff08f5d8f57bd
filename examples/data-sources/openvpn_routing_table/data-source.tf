data "openvpn_routing_table" "this" {}

# Which session each VPN address leads to.
output "routes" {
  value = {
    for r in data.openvpn_routing_table.this.routes :
    r.virtual_address => r.common_name
  }
}
