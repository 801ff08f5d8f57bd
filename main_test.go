package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// TestBinaryServesOneDaemonPerProviderBlock runs the built provider binary
// the way an operator does (dev_overrides, the real Terraform CLI) with
// two provider blocks for two daemons: Terraform starts one plugin process
// per provider block, so each reads its own daemon. The in-process
// acceptance tests cannot show this: there every alias shares one server.
func TestBinaryServesOneDaemonPerProviderBlock(t *testing.T) {
	openvpnlab.Require(t)
	a := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: "pass a"})
	b := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{ManagementUnix: true})
	openvpnlab.StartClientT(t, b, openvpnlab.ClientConfig{CommonName: "only-on-b"})

	w := newCLIWorkspace(t)
	write(t, filepath.Join(w.dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    openvpn = { source = "vpnops/openvpn" }
  }
}
provider "openvpn" {
  address  = %q
  password = %q
}
provider "openvpn" {
  alias   = "b"
  address = %q
}
data "openvpn_server" "a" {}
data "openvpn_server" "b" { provider = openvpn.b }
data "openvpn_clients" "b" { provider = openvpn.b }
output "pids" { value = [data.openvpn_server.a.pid, data.openvpn_server.b.pid] }
output "b_clients" { value = [for c in data.openvpn_clients.b.clients : c.common_name] }
`, a.ManagementAddress, a.Password, b.ManagementAddress))

	w.must(t, "apply", "-auto-approve", "-no-color")
	var outputs struct {
		Pids     struct{ Value []int }
		BClients struct{ Value []string } `json:"b_clients"`
	}
	if err := json.Unmarshal([]byte(w.must(t, "output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if len(outputs.Pids.Value) != 2 || outputs.Pids.Value[0] != a.PID || outputs.Pids.Value[1] != b.PID {
		t.Errorf("pids = %v, want [%d %d]: each provider block must reach its own daemon", outputs.Pids.Value, a.PID, b.PID)
	}
	if len(outputs.BClients.Value) != 1 || outputs.BClients.Value[0] != "only-on-b" {
		t.Errorf("clients of b = %v, want [only-on-b]", outputs.BClients.Value)
	}
}
