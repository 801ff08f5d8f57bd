# Disconnect every session of a revoked certificate and tell the client not
# to reconnect. Run it on demand (Terraform 1.14 or later):
#   terraform apply -invoke=action.openvpn_client_kill.revoked
# The action returns once the server no longer lists the sessions (about
# 5 s), and warns if mallory connects again meanwhile.
action "openvpn_client_kill" "revoked" {
  config {
    common_name     = "mallory"
    message         = "HALT"
    confirm_timeout = "20s" # default 15s
  }
}

# Or fire it from a resource's lifecycle: here, whenever the list of revoked
# certificates changes, the first one's sessions are ended (allow_no_match:
# it is no error when none is connected).
variable "revoked_common_names" {
  type    = list(string)
  default = ["mallory"]
}

resource "terraform_data" "revocations" {
  input = var.revoked_common_names

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.openvpn_client_kill.first_revoked]
    }
  }
}

action "openvpn_client_kill" "first_revoked" {
  config {
    common_name    = var.revoked_common_names[0]
    message        = "HALT"
    allow_no_match = true
  }
}
