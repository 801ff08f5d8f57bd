# Log at most 20 consecutive messages of the same category.
resource "openvpn_mute" "this" {
  level = 20
}
