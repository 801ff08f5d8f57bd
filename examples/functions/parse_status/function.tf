# Who is on a server, from the status file the daemon writes
# (--status /var/log/openvpn/status.log): no management port needed.
# In practice the argument is file("status/vpn-eu.log"); the text is
# inline here so the example runs as it is.
locals {
  status = provider::openvpn::parse_status(<<-EOT
    OpenVPN CLIENT LIST
    Updated,2026-11-28 18:30:29
    Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since
    client001,203.0.113.10:38484,1904,2009,2026-11-28 18:30:28
    Doe, John,198.51.100.7:51234,48213,51772,2026-11-28 17:02:11
    ROUTING TABLE
    Virtual Address,Common Name,Real Address,Last Ref
    10.8.0.2,client001,203.0.113.10:38484,2026-11-28 18:30:28
    10.8.0.3,Doe, John,198.51.100.7:51234,2026-11-28 18:30:01
    GLOBAL STATS
    Max bcast/mcast queue length,0
    END
  EOT
  )
}

output "common_names" {
  value = sort(distinct([for c in local.status.clients : c.common_name])) # ["Doe, John", "client001"]
}

output "status_written_at" {
  value = local.status.updated_at # "2026-11-28T18:30:29Z"
}
