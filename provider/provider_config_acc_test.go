package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// Each failure to reach the daemon has its own diagnostic; none hangs and
// none shows the password.
func TestAccProviderConnectionErrors(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	busy := fakemgmt.Start(t, fakemgmt.Busy)
	start := time.Now()
	resource.Test(t, connectionErrorsCase(srv.ManagementAddress, busy.Addr()))
	if d := time.Since(start); d > 2*time.Minute {
		t.Errorf("connection errors took %s; nothing may hang", d)
	}
}

// connectionErrorsCase reads the version through each way of failing to
// reach the daemon at address (which wants a password) or at busy, and
// expects each one's own diagnostic.
func connectionErrorsCase(address, busy string) resource.TestCase {
	read := `data "openvpn_version" "this" {}`
	step := func(provider, want string) resource.TestStep {
		return resource.TestStep{Config: provider + read, ExpectError: expectError(want)}
	}
	return resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(`provider "openvpn" {
  address  = "`+address+`"
  password = "guessed wrong"
}
`, `OpenVPN management password rejected`),
			step(`provider "openvpn" { address = "`+address+`" }
`, `OpenVPN management password required`),
			step(`provider "openvpn" {
  address = "`+busy+`"
  timeout = "1s"
}
`, `(?s)OpenVPN management interface is busy.*one management client at a time`),
			step(`provider "openvpn" { address = "tcp://127.0.0.1:1" }
`, `OpenVPN management interface refused the connection`),
			step(`provider "openvpn" { address = "http://127.0.0.1:7505" }
`, `(?s)Invalid management address.*unknown scheme "http"`),
			step(`provider "openvpn" {
  address = "127.0.0.1:7505"
  timeout = "soon"
}
`, `(?s)Invalid timeout.*not a duration`),
		},
	}
}

// The password can come from the environment, and never reaches state.
func TestAccProviderPasswordFromEnvironment(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	resource.Test(t, passwordFromEnvironmentCase(t, srv.ManagementAddress, srv.Password, knownvalue.NotNull(), func() settings { return readSettings(t, srv) }))
}

// passwordFromEnvironmentCase puts the daemon's address and password in
// the environment only, reads the version (which version wants) and sets
// the verb to 5 (which read must see), and finds the password nowhere in
// state.
func passwordFromEnvironmentCase(t *testing.T, address, password string, version knownvalue.Check, read func() settings) resource.TestCase {
	t.Setenv(EnvPassword, password)
	t.Setenv(EnvAddress, address)
	return resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `
provider "openvpn" {}
data "openvpn_version" "this" {}
resource "openvpn_verb" "this" { level = 5 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("openvpn_version"), version),
			},
			Check: resource.ComposeTestCheckFunc(
				func(st *terraform.State) error { return noPasswordInState(st, password) },
				func(*terraform.State) error {
					if v := read().verb; v != 5 {
						return fmt.Errorf("the daemon's verb is %d, want 5", v)
					}
					return nil
				},
			),
		}},
	}
}

func noPasswordInState(s *terraform.State, password string) error {
	for addr, rs := range s.RootModule().Resources {
		for k, v := range rs.Primary.Attributes {
			if strings.Contains(v, password) {
				return fmt.Errorf("%s.%s holds the management password", addr, k)
			}
		}
	}
	return nil
}
