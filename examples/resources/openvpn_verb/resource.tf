# Hold the daemon's log verbosity at 4. Destroying the resource puts back
# the level found when it was created (previous_level).
resource "openvpn_verb" "this" {
  level = 4
}

# The same on every daemon of a fleet (the provider's daemons): one
# resource per daemon, each restoring its own daemon's level on destroy.
resource "openvpn_verb" "each" {
  for_each = toset(["vpn1-udp", "vpn1-tcp", "vpn2"])
  daemon   = each.key
  level    = 4
}
