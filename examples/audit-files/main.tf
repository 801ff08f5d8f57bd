# Auditing collected status files, with no management port and no daemon:
# each server writes `--status /var/log/openvpn/status.log`, a job copies
# the files here (one per server, any status version, any release 2.1 to
# 2.7), and `terraform plan` checks them. The provider needs no
# configuration: parse_status is a function over text.
#
#   terraform plan
#   terraform plan -var='status_dir=/srv/audit/2026-11-28' -var='max_sessions_per_common_name=1'
#
# Needs Terraform 1.8+ (or OpenTofu 1.7+) for provider functions.

terraform {
  required_version = ">= 1.8.0"
  required_providers {
    openvpn = {
      source = "vpnops/openvpn"
    }
  }
}

variable "status_dir" {
  description = "The directory of collected status files (*.log). Defaults to the samples in ./status."
  type        = string
  default     = null
}

variable "allowed_common_names" {
  description = "The certificate common names allowed to be connected."
  type        = set(string)
  default     = ["client001", "client002", "Doe, John"]
}

variable "max_sessions_per_common_name" {
  description = "How many sessions one common name may have across all servers (duplicate-cn, shared certificates)."
  type        = number
  default     = 2
}

locals {
  status_dir = coalesce(var.status_dir, "${path.module}/status")

  # File name => what the file says. A file that is empty, not a status
  # report, or cut short while the daemon rewrote it fails the plan with
  # an error naming the file's problem.
  servers = {
    for f in fileset(local.status_dir, "*.log") :
    f => provider::openvpn::parse_status(file("${local.status_dir}/${f}"))
  }

  # One entry per session, whatever the server's release or status version.
  sessions = flatten([
    for f, s in local.servers : [
      for c in s.clients : { server = f, common_name = c.common_name, real_address = c.real_address }
    ]
  ])

  not_allowed = sort(distinct([
    for s in local.sessions : "${s.common_name} (${s.server}, from ${s.real_address})"
    if !contains(var.allowed_common_names, s.common_name)
  ]))

  sessions_per_common_name = {
    for cn, list in { for s in local.sessions : s.common_name => s... } : cn => length(list)
  }

  over_limit = sort([
    for cn, n in local.sessions_per_common_name : "${cn}: ${n}" if n > var.max_sessions_per_common_name
  ])
}

check "only_allowed_common_names" {
  assert {
    condition     = length(local.not_allowed) == 0
    error_message = "Connected but not allowed: ${join("; ", local.not_allowed)}."
  }
}

check "sessions_per_common_name" {
  assert {
    condition     = length(local.over_limit) == 0
    error_message = "More than ${var.max_sessions_per_common_name} sessions: ${join("; ", local.over_limit)}."
  }
}

output "servers" {
  description = "Per file: when the daemon wrote it, its status version, and how many sessions it lists."
  value = {
    for f, s in local.servers : f => {
      updated_at     = s.updated_at
      status_version = s.status_version
      sessions       = length(s.clients)
    }
  }
}

output "sessions_per_common_name" {
  value = local.sessions_per_common_name
}

output "not_allowed" {
  value = local.not_allowed
}

output "over_limit" {
  value = local.over_limit
}
