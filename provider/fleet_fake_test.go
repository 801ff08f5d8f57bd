package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// The Terraform layer of a fleet (one provider block, daemons, and daemon
// on every object) against scripted fakes of a 2.6.14 server: cheap, so
// every go test runs them. fleet_acc_test.go and main_fleet_test.go prove
// the same against real daemons and a real sshd.

// fakeFleet is one fake daemon per name, each with its own settings.
type fakeFleet struct {
	fleet
	servers  map[string]*fakemgmt.Server
	settings map[string]*fakemgmt.Settings
}

// startFakeFleet starts a fake per name; handle, when set, makes the
// handler of a name from the plain daemon.
func startFakeFleet(t *testing.T, handle func(name string, d *fakemgmt.Daemon) fakemgmt.Handler, names ...string) fakeFleet {
	t.Helper()
	testAccTerraformPreCheck(t)
	f := fakeFleet{fleet: fleet{}, servers: map[string]*fakemgmt.Server{}, settings: map[string]*fakemgmt.Settings{}}
	for _, name := range names {
		s := fakemgmt.NewSettings(3, 0, "none", false)
		d := fakemgmt.Daemon26With(s)
		d.Password = labPassword
		h := d.Handle
		if handle != nil {
			h = handle(name, d)
		}
		srv := fakemgmt.Start(t, h)
		f.fleet[name] = fleetDaemon{address: srv.Addr(), password: labPassword}
		f.servers[name], f.settings[name] = srv, s
	}
	return f
}

// accepted is how many management connections each fake saw.
func (f fakeFleet) accepted() map[string]int {
	out := map[string]int{}
	for name, srv := range f.servers {
		out[name] = srv.Accepted()
	}
	return out
}

// expectVerbs checks each daemon's verb.
func (f fakeFleet) expectVerbs(want map[string]int) statecheck.StateCheck {
	return daemonCheck(func() error {
		for name, v := range want {
			if got := f.settings[name].Verb(); got != v {
				return fmt.Errorf("daemon %s holds verb %d, want %d", name, got, v)
			}
		}
		return nil
	})
}

// daemonCheck is a state check of what the daemons hold.
type daemonCheck func() error

func (c daemonCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}

// destroyAll is a last step that destroys everything and checks what the
// daemons hold then. plugin-testing cannot read a state with for_each
// instances keyed by strings, which its own final destroy does, so a test
// of them ends with an empty state.
func destroyAll(provider string, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{Config: provider, ConfigStateChecks: checks}
}

var fleetNames = []string{"vpn1-tcp", "vpn1-udp", "vpn2"}

// One provider block, three daemons: one for_each reads each, another
// holds verb at a different level on each; an import names its daemon;
// moving a resource to another daemon replaces it, and the first daemon
// gets its value back.
func TestFleetFake(t *testing.T) {
	f := startFakeFleet(t, nil, fleetNames...)
	base := f.provider() + `
locals {
  levels = { "vpn1-tcp" = 4, "vpn1-udp" = 5, "vpn2" = 6 }
}
data "openvpn_version" "each" {
  for_each = local.daemons
  daemon   = each.key
}
resource "openvpn_verb" "each" {
  for_each = local.levels
  daemon   = each.key
  level    = each.value
}
`
	moving := func(daemon string) string {
		return base + fmt.Sprintf("resource \"openvpn_mute\" \"moving\" {\n  daemon = %q\n  level  = 7\n}\n", daemon)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: base,
				ConfigStateChecks: []statecheck.StateCheck{
					f.expectVerbs(map[string]int{"vpn1-tcp": 4, "vpn1-udp": 5, "vpn2": 6}),
					statecheck.ExpectKnownValue(`openvpn_verb.each["vpn2"]`, tfjsonpath.New("id"), knownvalue.StringExact("vpn2/verb")),
					statecheck.ExpectKnownValue(`openvpn_verb.each["vpn2"]`, tfjsonpath.New("daemon"), knownvalue.StringExact("vpn2")),
					statecheck.ExpectKnownValue(`data.openvpn_version.each["vpn1-udp"]`, tfjsonpath.New("openvpn_version"), knownvalue.StringExact("2.6.14")),
					statecheck.ExpectKnownValue(`data.openvpn_version.each["vpn1-udp"]`, tfjsonpath.New("daemon"), knownvalue.StringExact("vpn1-udp")),
				},
			},
			{
				Config: moving("vpn1-udp"),
				ConfigStateChecks: []statecheck.StateCheck{daemonCheck(func() error {
					if m := f.settings["vpn1-udp"].Mute(); m != 7 {
						return fmt.Errorf("vpn1-udp mute %d, want 7", m)
					}
					return nil
				})},
			},
			{
				Config: moving("vpn2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("openvpn_mute.moving", plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{daemonCheck(func() error {
					if a, b := f.settings["vpn1-udp"].Mute(), f.settings["vpn2"].Mute(); a != 0 || b != 7 {
						return fmt.Errorf("after the move: vpn1-udp mute %d (want its 0 back), vpn2 mute %d (want 7)", a, b)
					}
					return nil
				})},
			},
			destroyAll(f.provider(), daemonCheck(func() error {
				for _, name := range fleetNames {
					if v, m := f.settings[name].Verb(), f.settings[name].Mute(); v != 3 || m != 0 {
						return fmt.Errorf("daemon %s after destroy: verb %d, mute %d; want 3 and 0 back", name, v, m)
					}
				}
				return nil
			})),
		},
	})
}

// An import ID names the daemon: DAEMON/verb.
func TestFleetImportFake(t *testing.T) {
	f := startFakeFleet(t, nil, fleetNames...)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: f.provider() + "resource \"openvpn_verb\" \"vpn2\" {\n  daemon = \"vpn2\"\n  level  = 6\n}\n"},
			{
				ResourceName:            "openvpn_verb.vpn2",
				ImportState:             true,
				ImportStateId:           "vpn2/verb",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"previous_level"},
			},
			{
				ResourceName:  "openvpn_verb.vpn2",
				ImportState:   true,
				ImportStateId: "vpn9/verb",
				ExpectError:   expectError(`(?s)Unknown OpenVPN daemon .*"vpn9" is not a key`),
			},
		},
	})
	if v := f.settings["vpn1-tcp"].Verb(); v != 3 {
		t.Errorf("vpn1-tcp verb %d; only vpn2 was imported and set", v)
	}
}

// What is wrong with a daemon name is refused at plan (or validate), and
// no daemon hears a word.
func TestFleetRefusedAtPlanFake(t *testing.T) {
	f := startFakeFleet(t, nil, fleetNames...)
	known := `"vpn1-tcp", "vpn1-udp", "vpn2"`
	step := func(config, want string) resource.TestStep {
		return resource.TestStep{Config: f.provider() + config, PlanOnly: true, ExpectError: expectError("(?s)" + want)}
	}
	noAddress := strings.Replace(f.provider(), `"vpn2" = {`, `"vpn3" = {
      password = "x"
    }
    "vpn2" = {`, 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(`data "openvpn_clients" "x" { daemon = "vpn9" }`,
				`Unknown OpenVPN daemon .*daemon = "vpn9" is not a key of the provider block's daemons.* daemons are `+known),
			step(`resource "openvpn_verb" "x" {
  daemon = "vpn9"
  level  = 4
}`, `Unknown OpenVPN daemon .*"vpn9" is not a key`),
			step(`data "openvpn_state" "x" {}`, `No default OpenVPN daemon .*daemons are `+known),
			step(`resource "openvpn_verb" "a" {
  daemon = "vpn2"
  level  = 4
}
resource "openvpn_verb" "b" {
  daemon = "vpn2"
  level  = 5
}`, `OpenVPN setting held by two resources .*Another openvpn_verb in this configuration already holds this setting of daemon "vpn2"`),
			step(`data "openvpn_clients" "x" { daemon = "no/slash" }`, `must be a daemon name`),
			{Config: noAddress + `data "openvpn_version" "x" { daemon = "vpn2" }`, PlanOnly: true,
				ExpectError: expectError(`daemons\["vpn3"\] has no address`)},
		},
	})
	for name, n := range f.accepted() {
		if n != 0 {
			t.Errorf("daemon %s saw %d management connections; a refused name must send nothing anywhere", name, n)
		}
	}
	// The allow-list is one per daemon too (forgetting daemon = each.key).
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{step(`resource "openvpn_client_allowlist" "a" {
  for_each     = local.daemons
  daemon       = "vpn1-udp"
  common_names = ["alice"]
}`, `held by two resources .*Another openvpn_client_allowlist .*daemon "vpn1-udp"`)},
	})
}

// A daemon that stops answering costs one timeout and fails the plan
// naming it; the other daemons' reads are done all the same.
func TestFleetFrozenDaemonFake(t *testing.T) {
	f := startFakeFleet(t, func(name string, d *fakemgmt.Daemon) fakemgmt.Handler {
		if name == "vpn2" {
			return fakemgmt.Stall(d, "status 3")
		}
		return d.Handle
	}, fleetNames...)
	vpn2 := f.fleet["vpn2"]
	vpn2.timeout = "1s"
	f.fleet["vpn2"] = vpn2
	config := f.provider() + `
data "openvpn_clients" "each" {
  for_each = local.daemons
  daemon   = each.key
}
data "openvpn_server" "each" {
  for_each = local.daemons
  daemon   = each.key
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      config,
			PlanOnly:    true,
			ExpectError: expectError(`(?s)OpenVPN daemon stopped answering .*daemon "vpn2": `),
		}},
	})
	if n := countLines(f.servers["vpn2"], "status 3"); n != 1 {
		t.Errorf("vpn2 got status 3 %d times; want once (one timeout, then not tried again)", n)
	}
	for _, name := range []string{"vpn1-tcp", "vpn1-udp"} {
		if n := countLines(f.servers[name], "status 3"); n != 1 {
			t.Errorf("%s got status 3 %d times; want its reads done once, whatever vpn2 does", name, n)
		}
	}
}

// Actions run on the daemon they name, and only there; an unknown name is
// refused at plan with nothing sent.
func TestFleetActionsFake(t *testing.T) {
	f := startFakeFleet(t, func(_ string, d *fakemgmt.Daemon) fakemgmt.Handler {
		d.Replies["signal SIGUSR2"] = "SUCCESS: signal SIGUSR2 thrown\r\n"
		d.Replies["hold release"] = "SUCCESS: hold release succeeded\r\n"
		return d.Handle
	}, fleetNames...)
	s := configuredFleet(t, f.fleet)
	for _, tc := range []struct {
		action, daemon, line string
		vals                 map[string]tftypes.Value
	}{
		{"openvpn_signal", "vpn2", "signal SIGUSR2", map[string]tftypes.Value{"signal": str("SIGUSR2")}},
		{"openvpn_hold_release", "vpn1-tcp", "hold release", nil},
	} {
		vals := map[string]tftypes.Value{"daemon": str(tc.daemon)}
		for k, v := range tc.vals {
			vals[k] = v
		}
		if run := s.invoke(t, tc.action, vals); run.failed() {
			t.Fatalf("%s on %s:\n%s", tc.action, tc.daemon, run.text())
		}
		for _, name := range fleetNames {
			want := 0
			if name == tc.daemon {
				want = 1
			}
			if n := countLines(f.servers[name], tc.line); n != want {
				t.Errorf("%s on %s: daemon %s got %q %d times, want %d", tc.action, tc.daemon, name, tc.line, n, want)
			}
		}
	}
	before := f.accepted()
	run := s.invoke(t, "openvpn_signal", map[string]tftypes.Value{"daemon": str("vpn9"), "signal": str("SIGHUP")})
	if !run.failed() || !strings.Contains(run.text(), `Unknown OpenVPN daemon: daemon = "vpn9" is not a key`) {
		t.Errorf("signal to vpn9:\n%s", run.text())
	}
	if after := f.accepted(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("connections %v before and %v after an action on an unknown daemon; want none", before, after)
	}
}

// A provider value known only after apply (a daemons map built from
// other resources) is deferred when Terraform can defer, and otherwise
// refused with the attribute named: never a crash.
func TestFleetUnknownConfigurationDeferredOrRefused(t *testing.T) {
	ps, sch := inProcessProvider(t)
	daemons := daemonsValue(t, sch.Provider, fleet{"vpn2": {address: "tcp://127.0.0.1:7505"}})
	var elems map[string]tftypes.Value
	if err := daemons.As(&elems); err != nil {
		t.Fatal(err)
	}
	var vpn2 map[string]tftypes.Value
	if err := elems["vpn2"].As(&vpn2); err != nil {
		t.Fatal(err)
	}
	vpn2["address"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	elems["vpn2"] = tftypes.NewValue(elems["vpn2"].Type(), vpn2)
	partly := tftypes.NewValue(daemons.Type(), elems)
	whole := tftypes.NewValue(daemons.Type(), tftypes.UnknownValue)
	for _, tc := range []struct {
		name    string
		daemons tftypes.Value
		at      *tftypes.AttributePath
	}{
		{"an address", partly, tftypes.NewAttributePath().WithAttributeName("daemons").WithElementKeyString("vpn2").WithAttributeName("address")},
		{"the whole map", whole, tftypes.NewAttributePath().WithAttributeName("daemons")},
	} {
		for _, deferral := range []bool{true, false} {
			resp, err := ps.ConfigureProvider(t.Context(), &tfprotov6.ConfigureProviderRequest{
				Config:             dynamicValue(t, sch.Provider, map[string]tftypes.Value{"daemons": tc.daemons}),
				ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: deferral},
			})
			if err != nil {
				t.Fatal(err)
			}
			if deferral {
				if len(resp.Diagnostics) != 0 {
					t.Errorf("%s unknown, deferral allowed: %+v; want no error", tc.name, resp.Diagnostics)
				}
				// Every data source is deferred, the ones the provider
				// reads itself (openvpn_clients) and the framework's.
				for _, ds := range []string{"openvpn_clients", "openvpn_version"} {
					r, err := ps.ReadDataSource(t.Context(), &tfprotov6.ReadDataSourceRequest{
						TypeName:           ds,
						Config:             dynamicValue(t, sch.DataSourceSchemas[ds], map[string]tftypes.Value{"daemon": str("vpn2")}),
						ClientCapabilities: &tfprotov6.ReadDataSourceClientCapabilities{DeferralAllowed: true},
					})
					if err != nil {
						t.Fatal(err)
					}
					if r.Deferred == nil || r.Deferred.Reason != tfprotov6.DeferredReasonProviderConfigUnknown || len(r.Diagnostics) != 0 {
						t.Errorf("%s unknown: %s deferred %+v, diagnostics %+v; want deferred for the provider's configuration", tc.name, ds, r.Deferred, r.Diagnostics)
					}
				}
				continue
			}
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "Unknown OpenVPN provider configuration" ||
				!resp.Diagnostics[0].Attribute.Equal(tc.at) {
				t.Errorf("%s unknown, no deferral: %+v; want one error on %s", tc.name, resp.Diagnostics, tc.at)
			}
		}
	}
}

// The same through the CLI (which cannot defer): a clear error, no crash.
func TestFleetUnknownConfigurationRefusedFake(t *testing.T) {
	f := startFakeFleet(t, nil, "vpn2")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "address" {
  input = %q
}
provider "openvpn" {
  daemons = {
    "vpn2" = { address = terraform_data.address.output }
  }
}
data "openvpn_version" "vpn2" { daemon = "vpn2" }
`, f.fleet["vpn2"].address),
			ExpectError: expectError(`(?s)Unknown OpenVPN provider configuration .*daemons\["vpn2"\].address depends on a value not known until apply`),
		}},
	})
	if n := f.servers["vpn2"].Accepted(); n != 0 {
		t.Errorf("%d connections; want none", n)
	}
}

// The environment variables serve the provider block's own daemon only:
// OPENVPN_MANAGEMENT_PASSWORD is not sent to a named daemon, which needs
// its own.
func TestFleetEnvironmentServesTheOwnDaemonOnlyFake(t *testing.T) {
	f := startFakeFleet(t, nil, "own", "vpn2")
	t.Setenv(EnvAddress, f.fleet["own"].address)
	t.Setenv(EnvPassword, labPassword)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "openvpn" {
  daemons = { "vpn2" = { address = %q } }
}
data "openvpn_version" "own" {}
`, f.fleet["vpn2"].address),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.openvpn_version.own", tfjsonpath.New("openvpn_version"), knownvalue.StringExact("2.6.14")),
				},
			},
			{
				Config: fmt.Sprintf(`
provider "openvpn" {
  daemons = { "vpn2" = { address = %q } }
}
data "openvpn_version" "vpn2" { daemon = "vpn2" }
`, f.fleet["vpn2"].address),
				ExpectError: expectError(`(?s)OpenVPN management password required .*daemon "vpn2"`),
			},
		},
	})
	for _, c := range f.servers["vpn2"].Conns() {
		for _, line := range c.Received() {
			if strings.Contains(line, labPassword) {
				t.Errorf("vpn2 received the environment's password: %q", line)
			}
		}
	}
}

// daemons' elements are the provider block's own connection attributes,
// one definition, secrets Sensitive in both places.
func TestDaemonsAreTheConnectionAttributes(t *testing.T) {
	_, sch := inProcessProvider(t)
	top := map[string]*tfprotov6.SchemaAttribute{}
	for _, a := range sch.Provider.Block.Attributes {
		top[a.Name] = a
	}
	daemons := top["daemons"]
	if daemons == nil || daemons.NestedType == nil || daemons.NestedType.Nesting != tfprotov6.SchemaObjectNestingModeMap {
		t.Fatalf("daemons is %+v; want a map of nested objects", daemons)
	}
	var names []string
	for _, a := range daemons.NestedType.Attributes {
		names = append(names, a.Name)
		if !top[a.Name].ValueType().Equal(a.ValueType()) || top[a.Name].Sensitive != a.Sensitive {
			t.Errorf("daemons' %s differs from the provider block's", a.Name)
		}
	}
	if want := []string{"address", "password", "ssh", "timeout", "tls"}; fmt.Sprint(sortedStrings(names)) != fmt.Sprint(want) {
		t.Errorf("daemons' attributes %v, want %v", names, want)
	}
	secrets := map[string]bool{}
	var walk func(prefix string, attrs []*tfprotov6.SchemaAttribute)
	walk = func(prefix string, attrs []*tfprotov6.SchemaAttribute) {
		for _, a := range attrs {
			if a.Sensitive {
				secrets[prefix+a.Name] = true
			}
			if a.NestedType != nil {
				walk(prefix+a.Name+".", a.NestedType.Attributes)
			}
		}
	}
	walk("", daemons.NestedType.Attributes)
	for _, s := range []string{"password", "ssh.private_key", "ssh.private_key_passphrase", "ssh.bastion.private_key", "ssh.bastion.private_key_passphrase", "tls.client_key"} {
		if !secrets[s] {
			t.Errorf("daemons' %s is not Sensitive", s)
		}
	}
}

func sortedStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
