# Against a client's own management interface (openvpn --client ... --management ...).
data "openvpn_remotes" "this" {}

output "servers_tried_in_order" {
  value = [for r in data.openvpn_remotes.this.remotes : "${r.protocol}://${r.host}:${r.port}" if r.enabled]
}
