package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// With every log at TRACE (Terraform's and the provider's, which the test
// framework writes to TF_ACC_LOG_PATH), the management password appears
// nowhere: not in logs, not in state. It comes from the environment here,
// because the test framework logs the configuration text itself.
func TestAccPasswordNeverLogged(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	passwordNeverLogged(t, srv.ManagementAddress, false)
}

// passwordNeverLogged reads the clients and sets verb through the daemon
// at address (password labPassword, from the environment) with every log
// at TRACE (with resource.UnitTest when unit, a fake daemon's case); the
// password must appear neither in the log nor in state.
func passwordNeverLogged(t *testing.T, address string, unit bool) {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv(EnvPassword, labPassword)
	tc := resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `provider "openvpn" { address = "` + address + `" }
data "openvpn_clients" "this" {}
resource "openvpn_verb" "this" { level = 4 }
`,
			Check: func(s *terraform.State) error { return noPasswordInState(s, labPassword) },
		}},
	}
	if unit {
		resource.UnitTest(t, tc)
	} else {
		resource.Test(t, tc)
	}
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "openvpn management command") {
		t.Fatalf("the trace log (%d bytes) has no provider debug lines; the test would prove nothing", len(b))
	}
	if strings.Contains(string(b), labPassword) {
		t.Errorf("the management password appears in the TRACE log %s", logPath)
	}
}
