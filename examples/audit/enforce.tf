# Enforcing instead of only auditing: the same allow-list as a resource,
# off unless asked for (-var enforce=true), so that a scheduled plan or
# apply of this folder stays read-only by default.
#
# With enforce = true, `terraform plan -detailed-exitcode` exits 2 while a
# session outside the list is connected (its violations go to []), and
# `terraform apply` ends exactly those sessions by Client ID, confirms the
# server dropped them and reports each one. Sessions of allowed common names
# are never touched.
variable "enforce" {
  description = "End the sessions that violate the allow-list on apply (openvpn_client_allowlist)."
  type        = bool
  default     = false
}

resource "openvpn_client_allowlist" "enforced" {
  count = var.enforce ? 1 : 0

  common_names = var.allowed_common_names
  kill_mode    = "HALT" # the client exits; RESTART would let it reconnect

  # One session per certificate: the oldest is kept, newer ones are ended.
  max_sessions_per_common_name = 1
}

output "violations" {
  description = "Sessions that violated the allow-list at the last refresh (enforce = true only)."
  value = flatten([
    for a in openvpn_client_allowlist.enforced : [
      for v in a.violations : "${v.common_name} (client ${v.client_id}, ${v.real_address}): ${v.reason}"
    ]
  ])
}
