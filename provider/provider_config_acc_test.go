package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
		return resource.TestStep{Config: provider + read, ExpectError: regexp.MustCompile(want)}
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
	t.Setenv(EnvPassword, labPassword)
	t.Setenv(EnvAddress, srv.ManagementAddress)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `
provider "openvpn" {}
data "openvpn_version" "this" {}
resource "openvpn_verb" "this" { level = 3 }
`,
			Check: func(s *terraform.State) error { return noPasswordInState(s, labPassword) },
		}},
	})
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
