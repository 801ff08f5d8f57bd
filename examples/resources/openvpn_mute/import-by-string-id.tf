import {
  to = openvpn_mute.this
  id = "mute"
}
