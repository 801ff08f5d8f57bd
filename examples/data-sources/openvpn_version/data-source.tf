data "openvpn_version" "this" {}

output "openvpn_version" {
  value = data.openvpn_version.this.openvpn_version
}

check "supported_openvpn" {
  assert {
    condition     = tonumber(split(".", data.openvpn_version.this.openvpn_version)[0]) == 2 && tonumber(split(".", data.openvpn_version.this.openvpn_version)[1]) >= 5
    error_message = "OpenVPN ${data.openvpn_version.this.openvpn_version} is older than 2.5."
  }
}
