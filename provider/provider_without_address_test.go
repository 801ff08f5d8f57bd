package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// A provider block without an address (and no OPENVPN_MANAGEMENT_ADDRESS)
// configures: OpenTofu configures the provider for its functions too, and
// parse_status needs no daemon. An object that needs the daemon is the
// one refused, by name, with nothing sent.
func TestProviderWithoutAddressConfigures(t *testing.T) {
	t.Setenv(EnvAddress, "")
	ps, sch := inProcessProvider(t)
	resp, err := ps.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: dynamicValue(t, sch.Provider, map[string]tftypes.Value{})})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("an empty provider block: %s: %s; want it configured (functions need no daemon)", d.Summary, d.Detail)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: `provider "openvpn" {}
data "openvpn_version" "x" {}
`, PlanOnly: true, ExpectError: expectError(`No default OpenVPN daemon .*Set the provider's address`)},
		},
	})
}
