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

# Or fire it from a resource's lifecycle, for every name on a list: one
# terraform_data per revoked certificate, whose creation (the name joining the
# list) ends that certificate's sessions. allow_no_match: it is no error when
# none is connected.
variable "revoked_common_names" {
  type    = set(string)
  default = ["mallory", "trudy"]
}

resource "terraform_data" "revoked" {
  for_each = var.revoked_common_names
  input    = each.key

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.openvpn_client_kill.revoked_by_name[each.key]]
    }
  }
}

action "openvpn_client_kill" "revoked_by_name" {
  for_each = var.revoked_common_names

  config {
    common_name    = each.key
    message        = "HALT"
    allow_no_match = true
  }
}
