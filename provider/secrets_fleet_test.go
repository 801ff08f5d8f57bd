package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// The passwords of named daemons, from a variable, appear nowhere with
// every log at TRACE (Terraform's and the provider's, the INFO build line
// and the "daemon "NAME":" errors included): not in the log, not in state,
// not in the error of a daemon that rejects its password, whose wrong
// password is a secret too.
func TestFleetPasswordsNeverLogged(t *testing.T) {
	testAccTerraformPreCheck(t)
	passwords := map[string]string{"vpn1": "fleet-pw-one 7Q", "vpn2": "fleet-pw-two 9Z"}
	const wrong = "fleet-pw-wrong 4K"
	addrs := map[string]string{}
	for name, pw := range passwords {
		d := fakemgmt.Daemon26()
		d.Password = pw
		addrs[name] = fakemgmt.Start(t, d.Handle).Addr()
	}
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	cfg := fmt.Sprintf(`variable "pw" {
  type      = map(string)
  sensitive = true
}
provider "openvpn" {
  daemons = {
    "vpn1" = { address = %q, password = var.pw["vpn1"] }
    "vpn2" = { address = %q, password = var.pw["vpn2"] }
  }
}
data "openvpn_clients" "vpn1" { daemon = "vpn1" }
data "openvpn_clients" "vpn2" { daemon = "vpn2" }
resource "openvpn_verb" "vpn1" {
  daemon = "vpn1"
  level  = 4
}
`, addrs["vpn1"], addrs["vpn2"])
	noSecretInState := func(s *terraform.State) error {
		for _, pw := range passwords {
			if err := noPasswordInState(s, pw); err != nil {
				return err
			}
		}
		return nil
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: config.Variables{"pw": config.MapVariable(map[string]config.Variable{
				"vpn1": config.StringVariable(passwords["vpn1"]), "vpn2": config.StringVariable(passwords["vpn2"]),
			})}, Check: noSecretInState},
			{Config: cfg, ConfigVariables: config.Variables{"pw": config.MapVariable(map[string]config.Variable{
				"vpn1": config.StringVariable(passwords["vpn1"]), "vpn2": config.StringVariable(wrong),
			})}, ExpectError: expectError(`OpenVPN management password rejected .*daemon "vpn2": `)},
		},
	})
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	for _, want := range []string{"openvpn management command", "terraform-provider-openvpn ", `daemon "vpn2": `} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log (%d bytes) lacks %q; the test would prove nothing", len(b), want)
		}
	}
	for _, secret := range []string{passwords["vpn1"], passwords["vpn2"], wrong} {
		if strings.Contains(log, secret) {
			t.Errorf("a daemon's password (%q) appears in the TRACE log %s", secret, logPath)
		}
	}
}
