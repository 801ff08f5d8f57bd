data "openvpn_log" "recent" {
  last = 20
}

# The warnings and errors among the recent lines.
output "problems" {
  value = [
    for l in data.openvpn_log.recent.lines :
    "${l.timestamp} ${l.message}" if length(regexall("[FNW]", l.flags)) > 0
  ]
}
