# Release a daemon started with --management-hold and wait until it is
# connected (Terraform 1.14 or later):
#   terraform apply -invoke=action.openvpn_hold_release.start
action "openvpn_hold_release" "start" {
  config {
    wait_connected = true
    wait_timeout   = "1m"
  }
}

# Or release it right after Terraform has set the settings it must start
# with: the verb is applied while the daemon waits, then it is released.
resource "openvpn_verb" "this" {
  level = 3

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.openvpn_hold_release.start]
    }
  }
}
