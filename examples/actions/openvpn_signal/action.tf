# Make the daemon write its statistics to its log (Terraform 1.14 or later):
#   terraform apply -invoke=action.openvpn_signal.stats
action "openvpn_signal" "stats" {
  config {
    signal = "SIGUSR2"
  }
}

# Restart the daemon so it rereads its config file whenever the revision of
# that file, written by your configuration management, changes.
variable "server_conf_revision" {
  type    = string
  default = "1"
}

resource "terraform_data" "server_conf" {
  input = var.server_conf_revision

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.openvpn_signal.reload]
    }
  }
}

action "openvpn_signal" "reload" {
  config {
    signal = "SIGHUP"
  }
}
