import {
  to = openvpn_client_allowlist.this
  id = "client_allowlist"
}
