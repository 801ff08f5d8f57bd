# Hold the daemon's log verbosity at 4. Destroying the resource puts back
# the level found when it was created (previous_level).
resource "openvpn_verb" "this" {
  level = 4
}
