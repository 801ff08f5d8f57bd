import {
  to = openvpn_hold.this
  id = "hold"
}
