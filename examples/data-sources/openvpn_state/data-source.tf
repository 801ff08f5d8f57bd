data "openvpn_state" "this" {
  # Also return the last five state transitions.
  history = 5
}

output "state" {
  value = "${data.openvpn_state.this.state} since ${data.openvpn_state.this.timestamp}"
}

output "waiting_for_hold_release" {
  value = data.openvpn_state.this.hold_waiting
}
