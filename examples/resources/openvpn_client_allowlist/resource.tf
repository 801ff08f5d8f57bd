# Only alice and bob may be connected, once each. `terraform plan` lists
# any other session (and a second session of alice or bob) in violations,
# going to []; `terraform apply` ends exactly those sessions and waits until
# the server no longer lists them. Declare one per daemon.
resource "openvpn_client_allowlist" "this" {
  common_names                 = ["alice", "bob"] # who may be connected
  max_sessions_per_common_name = 1                # the oldest session is kept
  kill_mode                    = "HALT"           # the ended client exits (default)

  # On a daemon with username authentication, require usernames too:
  # usernames = ["alice@example.com", "bob@example.com"]
}

# Audit in CI: `terraform plan -detailed-exitcode` exits 2 while a session
# violates the allow-list.
output "violations" {
  value = openvpn_client_allowlist.this.violations
}
