# On a client-mode daemon: retry with the same credentials when the server
# rejects them, instead of exiting.
resource "openvpn_auth_retry" "this" {
  mode = "nointeract"
}
