package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Two names for one management interface (the provider block's own
// address again under daemons, or one address under two keys, as a
// fleet's copy-paste gives) would hold one daemon's setting twice, each
// fighting the other at every apply, and queue for the daemon's one
// management slot: refused at plan, on the second name, before anything
// is sent.
func TestTwoNamesForOneDaemonAreRefused(t *testing.T) {
	srv, _ := startFake26(t)
	step := func(provider, want string) resource.TestStep {
		return resource.TestStep{Config: provider + `
resource "openvpn_verb" "own" { level = 4 }
`, PlanOnly: true, ExpectError: expectError(want)}
	}
	addr := srv.Addr()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(fmt.Sprintf(`provider "openvpn" {
  address  = %q
  password = %q
  daemons  = { "vpn1" = { address = %q, password = %q } }
}`, addr, labPassword, addr, labPassword), `Invalid OpenVPN provider configuration .*daemons\["vpn1"\] reaches the same management interface \(tcp://[^)]+\) as the provider block's own address`),
			step(fmt.Sprintf(`provider "openvpn" {
  address = %q
  password = %q
  daemons = {
    "a" = { address = %q, password = %q }
    "b" = { address = %q, password = %q }
  }
}`, addr, labPassword, "tcp://127.0.0.1:1", labPassword, "127.0.0.1:1", labPassword), `daemons\["b"\] reaches the same management interface \(tcp://127.0.0.1:1\) as daemons\["a"\]`),
		},
	})
	if n := srv.Accepted(); n != 0 {
		t.Errorf("the daemon saw %d management connections; a refused configuration must send nothing", n)
	}
}

// The same address on two SSH hosts is two daemons (each VPN host has its
// /run/openvpn/server.sock); on one SSH host, one.
func TestSameAddressOnTwoSSHHostsIsTwoDaemons(t *testing.T) {
	sock := types.StringValue("unix:///run/openvpn/server.sock")
	on := func(host string, port int64) connectionModel {
		return connectionModel{Address: sock, SSH: &sshModel{hopModel: hopModel{
			Host: types.StringValue(host), Port: types.Int64Value(port), User: types.StringValue("ops")}}}
	}
	home := t.TempDir()
	getenv := func(k string) string {
		return map[string]string{"SSH_AUTH_SOCK": home + "/agent.sock", "HOME": home}[k]
	}
	for _, tc := range []struct {
		named map[string]connectionModel
		same  bool
	}{
		{map[string]connectionModel{"vpn1": on("vpn1.example.com", 22), "vpn2": on("vpn2.example.com", 22)}, false},
		{map[string]connectionModel{"vpn1": on("vpn1.example.com", 22), "vpn1b": on("vpn1.example.com", 2222)}, false},
		{map[string]connectionModel{"vpn1": on("vpn1.example.com", 22), "vpn1b": on("vpn1.example.com", 0)}, true},
	} {
		var diags diag.Diagnostics
		newProviderData(context.Background(), connectionModel{}, tc.named, getenv, &diags)
		if diags.HasError() != tc.same {
			t.Errorf("%v: errors %v, want refused: %v", tc.named, diags, tc.same)
		}
	}
}

// A block's own daemon that comes from OPENVPN_MANAGEMENT_ADDRESS (a shell
// that still exports it) is named as such when a named daemon repeats it.
func TestSameDaemonAsTheEnvironmentsAddressSaysSo(t *testing.T) {
	named := map[string]connectionModel{"vpn1": {Address: types.StringValue("tcp://127.0.0.1:7505")}}
	getenv := func(k string) string { return map[string]string{EnvAddress: "127.0.0.1:7505"}[k] }
	var diags diag.Diagnostics
	newProviderData(context.Background(), connectionModel{}, named, getenv, &diags)
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "which comes from "+EnvAddress) {
		t.Errorf("%v; want the refusal to name %s", diags, EnvAddress)
	}
}
