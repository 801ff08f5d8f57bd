package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// startClientsLab starts a server with four real clients: two share the
// common name "alice" (one with a username), one is "Doe, John #1", one "bob".
func startClientsLab(t *testing.T) *openvpnlab.Server {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, UsernameAuth: true})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice", Username: "alice@example.com"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "Doe, John #1"})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "bob"})
	return srv
}

func TestAccClientsDataSource(t *testing.T) {
	testAccPreCheck(t)
	srv := startClientsLab(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "openvpn_clients" "all" {}
data "openvpn_clients" "alice" { common_name = "alice" }
data "openvpn_clients" "john"  { common_name = "Doe, John #1" }
data "openvpn_clients" "user"  { username = "alice@example.com" }
data "openvpn_clients" "none"  { common_name = "nobody" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_clients.all", tfjsonpath.New("clients"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue("data.openvpn_clients.alice", tfjsonpath.New("clients"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.openvpn_clients.john", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("common_name"), knownvalue.StringExact("Doe, John #1")),
				statecheck.ExpectKnownValue("data.openvpn_clients.john", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("username"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.openvpn_clients.user", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("username"), knownvalue.StringExact("alice@example.com")),
				statecheck.ExpectKnownValue("data.openvpn_clients.user", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("real_address"), knownvalue.StringRegexp(srv.Release.RealAddressPattern())),
				statecheck.ExpectKnownValue("data.openvpn_clients.user", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("data_channel_cipher"), expectCipher(srv.Release)),
				statecheck.ExpectKnownValue("data.openvpn_clients.user", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("connected_since"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				statecheck.ExpectKnownValue("data.openvpn_clients.none", tfjsonpath.New("clients"), knownvalue.ListExact([]knownvalue.Check{})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkUniqueSortedClientIDs("data.openvpn_clients.all", 4),
				resource.TestMatchResourceAttr("data.openvpn_clients.all", "updated_at", regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)),
			),
		}},
	})
}

// expectCipher is the lab's negotiated cipher, or null before 2.5, whose
// status has no Data Channel Cipher column.
func expectCipher(r openvpnlab.Release) knownvalue.Check {
	if !r.HasCipherColumn() {
		return knownvalue.Null()
	}
	return knownvalue.StringExact("AES-256-GCM")
}

// checkUniqueSortedClientIDs asserts n sessions with strictly increasing
// (so unique) client IDs.
func checkUniqueSortedClientIDs(addr string, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		prev := int64(-1)
		for i := 0; i < n; i++ {
			var id int64
			if _, err := fmt.Sscan(rs.Primary.Attributes[fmt.Sprintf("clients.%d.client_id", i)], &id); err != nil {
				return fmt.Errorf("clients.%d.client_id: %v", i, err)
			}
			if id <= prev {
				return fmt.Errorf("client IDs not unique and sorted: %d after %d", id, prev)
			}
			prev = id
		}
		return nil
	}
}

// Forty data sources at parallelism 20 share the provider's one
// management connection: no busy errors, and one status 3 per Terraform
// command thanks to the shared read cache.
func TestAccFortyDataSourcesShareOneConnection(t *testing.T) {
	testAccPreCheck(t)
	srv := startClientsLab(t)
	for _, cmd := range []string{"plan", "apply", "refresh", "destroy"} {
		t.Setenv("TF_CLI_ARGS_"+cmd, "-parallelism=20")
	}
	var cfg strings.Builder
	cfg.WriteString(providerBlock(srv))
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&cfg, "data \"openvpn_clients\" \"c%02d\" {}\n", i)
	}
	cfg.WriteString(`output "total" { value = length(data.openvpn_clients.c39.clients) }`)
	statusBefore := countInLog(t, srv, "CMD 'status 3'")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: cfg.String(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("total", knownvalue.Int64Exact(4)),
			},
			Check: func(*terraform.State) error {
				// The step so far ran a plan and an apply, each reading all 40.
				if n := countInLog(t, srv, "CMD 'status 3'") - statusBefore; n < 1 || n > 4 {
					return fmt.Errorf("%d status 3 commands for 40 data sources; want one per Terraform command", n)
				}
				return nil
			},
		}},
	})
	t.Logf("daemon saw %d status 3 and %d management connections in all", countInLog(t, srv, "CMD 'status 3'")-statusBefore, countInLog(t, srv, "MANAGEMENT: Client connected"))
}
