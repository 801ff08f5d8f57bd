import {
  to = openvpn_verb.this
  id = "verb"
}
