package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// testProviders serves the provider in-process; Terraform attaches to it,
// so nothing is downloaded.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"openvpn": NewProtocolServer(Build{Version: "test"}),
}

// inProcessProvider serves the provider in-process, unconfigured, and
// returns it with its schemas.
func inProcessProvider(t testing.TB) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	ps, err := testProviders["openvpn"]()
	if err != nil {
		t.Fatal(err)
	}
	return ps, providerSchema(t, ps)
}

// providerSchema asks ps for its schemas.
func providerSchema(t testing.TB, ps tfprotov6.ProviderServer) *tfprotov6.GetProviderSchemaResponse {
	t.Helper()
	sch, err := ps.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// labPassword has a space: the management password line is raw.
const labPassword = "s3cret pass"

// testAccPreCheck fails (never skips) when the acceptance environment is
// incomplete: CI installs OpenVPN and Terraform, so a gap is a bug there.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return // resource.Test reports the skip itself
	}
	testAccTerraformPreCheck(t)
	openvpnlab.Require(t)
}

// testAccTerraformPreCheck is the part of testAccPreCheck that tests
// against the fake daemon need: a Terraform CLI. Those tests run with
// resource.UnitTest, in every go test (no TF_ACC, no root), so a missing
// CLI fails them instead of letting plugin-testing download one.
func testAccTerraformPreCheck(t *testing.T) {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p == "" {
		if _, err := exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (make test does)")
		}
	}
}

// providerBlock is the provider configuration for a lab server.
func providerBlock(srv *openvpnlab.Server) string {
	return providerBlockAt(srv.ManagementAddress, srv.Password)
}

// providerBlockAt is the provider configuration for any address.
func providerBlockAt(address, password string) string {
	return fmt.Sprintf(`
provider "openvpn" {
  address  = %q
  password = %q
  timeout  = "10s"
}
`, address, password)
}

// countInLog counts lines of the daemon's log containing s; at the lab's
// verb 3 the daemon logs every management command and connection.
func countInLog(t *testing.T, srv *openvpnlab.Server, s string) int {
	t.Helper()
	b, err := os.ReadFile(srv.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), s)
}

// directClient talks to the lab daemon behind Terraform's back, to check
// what the provider did or to change a setting. Its timeout covers the
// provider's idle window: the daemon serves one management client, so a
// direct query waits until the provider has let the port go.
func directClient(t *testing.T, srv *openvpnlab.Server) *management.Client {
	t.Helper()
	return directClientAt(t, srv.ManagementAddress, srv.Password)
}

func directClientAt(t *testing.T, address, password string) *management.Client {
	t.Helper()
	c, err := management.New(management.Config{Address: address, Password: password, Timeout: 15 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// direct runs f on a fresh direct connection and closes it at once, so
// the provider's next command is not kept waiting.
func direct(t *testing.T, srv *openvpnlab.Server, f func(ctx context.Context, c *management.Client) error) error {
	t.Helper()
	return withClient(t, directClient(t, srv), f)
}

// withClient runs f on c and closes it at once, so the provider's next
// command is not kept waiting.
func withClient(t *testing.T, c *management.Client, f func(ctx context.Context, c *management.Client) error) error {
	t.Helper()
	defer func() { _ = c.Close() }()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return f(ctx, c)
}
