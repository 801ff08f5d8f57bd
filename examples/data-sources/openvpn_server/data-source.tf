data "openvpn_server" "this" {}

output "load" {
  value = {
    mode      = data.openvpn_server.this.mode
    pid       = data.openvpn_server.this.pid
    clients   = data.openvpn_server.this.clients
    bytes_in  = data.openvpn_server.this.bytes_in
    bytes_out = data.openvpn_server.this.bytes_out
  }
}
