package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// The provider behind openvpn-auth-oauth2's pass-through management socket,
// replayed from its capture (fakemgmt.PassThrough: an OpenVPN 2.6.14 server
// with three clients behind openvpn-auth-oauth2 v2.0.0).

// startPassThrough serves the captured pass-through, one client at a time
// as openvpn-auth-oauth2 does. A hold write that slipped through would get
// no reply for an hour, so a test would see the provider's timeout.
func startPassThrough(t *testing.T, unix bool) (*fakemgmt.PassThrough, *fakemgmt.Server) {
	t.Helper()
	p := fakemgmt.NewPassThrough()
	p.CommandTimeout = time.Hour
	if unix {
		return p, fakemgmt.StartUnix(t, t.TempDir(), fakemgmt.OneAtATime(p.Handle))
	}
	return p, fakemgmt.Start(t, fakemgmt.OneAtATime(p.Handle))
}

func passThroughProvider(srv *fakemgmt.Server) string {
	return providerBlockAt(srv.Addr(), fakemgmt.PassThroughPassword)
}

// wire is every line the provider sent, on every connection.
func wire(srv *fakemgmt.Server) []string {
	var lines []string
	for _, c := range srv.Conns() {
		lines = append(lines, c.Received()...)
	}
	return lines
}

// expectNoToggles fails the test if the provider sent a real-time toggle
// (log on, state on, echo on, bytecount). Behind openvpn-auth-oauth2 the
// notifications they start are relayed only glued to a later reply, and
// the command after them waits out its command timeout while VPN logins
// wait on the same lock.
func expectNoToggles(t *testing.T, srv *fakemgmt.Server) {
	t.Helper()
	for _, line := range wire(srv) {
		f := strings.Fields(line)
		if len(f) > 0 && (f[0] == "bytecount" || (f[0] == "log" || f[0] == "state" || f[0] == "echo") && slices.Contains(f, "on")) {
			t.Errorf("the provider sent the real-time toggle %q", line)
		}
	}
}

// expectNoHold fails the test if the provider sent any hold command, which
// the pass-through answers itself or leaves unanswered.
func expectNoHold(t *testing.T, srv *fakemgmt.Server) {
	t.Helper()
	for _, line := range wire(srv) {
		if line == "hold" || strings.HasPrefix(line, "hold ") {
			t.Errorf("the provider sent %q through the pass-through", line)
		}
	}
}

// expectIdleRelease fails the test unless every connection but the last
// ended with the provider's quit: each Terraform command's provider let the
// pass-through go when idle, so the next one (and VPN logins queued behind
// a pass-through command) got in. The last may still be in its idle window.
func expectIdleRelease(t *testing.T, srv *fakemgmt.Server) {
	t.Helper()
	conns := srv.Conns()
	if len(conns) < 2 {
		t.Fatalf("%d connections; a plan and an apply need two", len(conns))
	}
	for i, c := range conns[:len(conns)-1] {
		if got := c.Received(); len(got) == 0 || got[len(got)-1] != "quit" {
			t.Errorf("connection %d ended without quit: %q", i, got)
		}
	}
}

const passThroughDataSources = `
data "openvpn_version" "this" {}
data "openvpn_state" "this" { history = 5 }
data "openvpn_server" "this" {}
data "openvpn_clients" "this" {}
data "openvpn_routing_table" "this" {}
data "openvpn_log" "this" { last = 5 }
`

// Every data source reads through the pass-through, over TCP and a unix
// socket, with the values of the capture.
func TestAccPassThroughDataSources(t *testing.T) {
	testAccTerraformPreCheck(t)
	for _, unix := range []bool{false, true} {
		t.Run(fmt.Sprintf("unix=%v", unix), func(t *testing.T) {
			_, srv := startPassThrough(t, unix)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: passThroughProvider(srv) + passThroughDataSources,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("openvpn_version"), knownvalue.StringExact("2.6.14")),
						statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("management_version"), knownvalue.Int64Exact(5)),
						statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("state"), knownvalue.StringExact("CONNECTED")),
						statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("local_address"), knownvalue.StringExact("10.8.0.1")),
						statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("hold_waiting"), knownvalue.Bool(false)),
						statecheck.ExpectKnownValue("data.openvpn_state.this", tfjsonpath.New("transitions"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("mode"), knownvalue.StringExact("server")),
						statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("pid"), knownvalue.Int64Exact(9316)),
						statecheck.ExpectKnownValue("data.openvpn_server.this", tfjsonpath.New("clients"), knownvalue.Int64Exact(3)),
						statecheck.ExpectKnownValue("data.openvpn_clients.this", tfjsonpath.New("clients"), knownvalue.ListSizeExact(3)),
						statecheck.ExpectKnownValue("data.openvpn_clients.this", tfjsonpath.New("clients").AtSliceIndex(0).AtMapKey("common_name"), knownvalue.StringExact("client001")),
						statecheck.ExpectKnownValue("data.openvpn_routing_table.this", tfjsonpath.New("routes"), knownvalue.ListSizeExact(3)),
						statecheck.ExpectKnownValue("data.openvpn_log.this", tfjsonpath.New("lines"), knownvalue.ListSizeExact(5)),
					},
				}},
			})
			expectNoToggles(t, srv)
			expectNoHold(t, srv)
			expectIdleRelease(t, srv)
		})
	}
}

// verb, mute and auth_retry: set, drift, restore, through the pass-through.
// The drift is made by another management client, which gets in only
// because the provider lets the pass-through go when idle.
func TestAccPassThroughSettingResources(t *testing.T) {
	testAccTerraformPreCheck(t)
	p, srv := startPassThrough(t, false)
	cfg := passThroughProvider(srv) + `
resource "openvpn_verb" "this"       { level = 4 }
resource "openvpn_mute" "this"       { level = 7 }
resource "openvpn_auth_retry" "this" { mode = "nointeract" }
`
	expect := func(verb, mute int, authRetry string) func(*terraform.State) error {
		return func(*terraform.State) error {
			if v, m, a := p.Settings.Verb(), p.Settings.Mute(), p.Settings.AuthRetry(); v != verb || m != mute || a != authRetry {
				return fmt.Errorf("daemon holds verb %d, mute %d, auth-retry %s; want %d, %d, %s", v, m, a, verb, mute, authRetry)
			}
			return nil
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             expect(3, 0, "none"),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("previous_level"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue("openvpn_auth_retry.this", tfjsonpath.New("previous_mode"), knownvalue.StringExact("none")),
				},
				Check: expect(4, 7, "nointeract"),
			},
			{
				PreConfig: func() {
					c := directClientAt(t, srv.Addr(), fakemgmt.PassThroughPassword)
					if err := withClient(t, c, func(ctx context.Context, c *management.Client) error { return c.SetVerb(ctx, 9) }); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("openvpn_verb.this", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("openvpn_mute.this", plancheck.ResourceActionNoop),
					},
				},
				Check: expect(4, 7, "nointeract"),
			},
		},
	})
	expectNoToggles(t, srv)
	expectNoHold(t, srv)
}

// openvpn_hold fails at once with what it means, and nothing that would go
// unanswered is sent; a wrong pass-through password says which password.
func TestAccPassThroughHoldAndPassword(t *testing.T) {
	testAccTerraformPreCheck(t)
	p, srv := startPassThrough(t, false)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      passThroughProvider(srv) + `resource "openvpn_hold" "this" { enabled = true }`,
				ExpectError: expectError(`(?s)OpenVPN hold is intercepted by a proxy.*openvpn-auth-oauth2's\s+pass-through.*Remove\s+openvpn_hold`),
			},
			{
				Config:      providerBlockAt(srv.Addr(), "not the pass-through password") + `data "openvpn_version" "this" {}`,
				ExpectError: expectError(`(?s)OpenVPN management password rejected.*--openvpn.pass-through.password`),
			},
		},
	})
	// Only the bare hold that finds the proxy: no hold write.
	for _, line := range wire(srv) {
		if strings.HasPrefix(line, "hold ") {
			t.Errorf("sent %q", line)
		}
	}
	expectNoToggles(t, srv)
	if p.Settings.Hold() {
		t.Error("the daemon's hold flag changed")
	}
}

// openvpn_client_allowlist works through the pass-through: the plan lists
// the sessions outside it, apply ends exactly those by Client ID and sees
// them gone from the relayed status, and nothing a proxy answers itself is
// sent.
func TestAccPassThroughAllowlist(t *testing.T) {
	testAccTerraformPreCheck(t)
	_, srv := startPassThrough(t, false)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: passThroughProvider(srv) + `
resource "openvpn_client_allowlist" "this" {
  common_names    = ["client001"]
  confirm_timeout = "10s"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("openvpn_client_allowlist.this", tfjsonpath.New("violations"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
	var killed []string
	for _, line := range wire(srv) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "client-kill" {
			killed = append(killed, f[1])
		}
	}
	slices.Sort(killed)
	if want := []string{"1", "2"}; !slices.Equal(killed, want) {
		t.Errorf("Client IDs ended through the pass-through: %q; want client002 (1) and client003 (2), once each", killed)
	}
	expectNoToggles(t, srv)
	expectNoHold(t, srv)
}
