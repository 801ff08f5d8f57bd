import {
  to = openvpn_auth_retry.this
  id = "auth_retry"
}
