# Make the daemon wait for a hold release at its next restart (for example
# after a SIGHUP), so that the restart happens when an operator releases it
# with the openvpn_hold_release action.
resource "openvpn_hold" "this" {
  enabled = true
}
