package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// settings is what the daemon holds, read with direct management commands.
type settings struct {
	verb, mute int
	authRetry  string
	hold       bool
}

func readSettings(t *testing.T, srv *openvpnlab.Server) (s settings) {
	t.Helper()
	err := direct(t, srv, func(ctx context.Context, c *management.Client) error {
		var err error
		if s.verb, err = c.Verb(ctx); err != nil {
			return err
		}
		if s.mute, err = c.Mute(ctx); err != nil {
			return err
		}
		if s.authRetry, err = c.AuthRetry(ctx); err != nil {
			return err
		}
		h, err := c.Hold(ctx)
		s.hold = h.Flag
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func expectSettings(t *testing.T, srv *openvpnlab.Server, want settings) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := readSettings(t, srv); got != want {
			return fmt.Errorf("daemon holds %+v, want %+v", got, want)
		}
		return nil
	}
}

const settingsConfig = `
resource "openvpn_verb" "this"       { level = 4 }
resource "openvpn_mute" "this"       { level = 20 }
resource "openvpn_auth_retry" "this" { mode = "nointeract" }
resource "openvpn_hold" "this"       { enabled = true }
`

func TestAccSettingResources(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	// The real-world drift: SIGHUP rereads the config file, and verb and
	// mute go back to the file's values.
	sighup := resource.TestStep{
		PreConfig: func() {
			if err := direct(t, srv, func(ctx context.Context, c *management.Client) error { return c.Signal(ctx, "SIGHUP") }); err != nil {
				t.Fatal(err)
			}
		},
		Config: providerBlock(srv) + settingsConfig,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("openvpn_verb.this", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("openvpn_mute.this", plancheck.ResourceActionUpdate),
			},
		},
		Check: expectSettings(t, srv, settingsDeclared),
	}
	resource.Test(t, settingResourcesCase(t, srv.ManagementAddress, srv.Password, func() settings { return readSettings(t, srv) }, sighup))
}

// settingsDeclared are the values settingsConfig declares.
var settingsDeclared = settings{verb: 4, mute: 20, authRetry: "nointeract", hold: true}

// settingResourcesCase is the setting resources' life against the daemon
// at address, real or fake, whose settings read returns: create records
// the value found, a change behind Terraform's back shows in plan and
// apply sets it again (then the extra steps run), import adopts the live
// value, a wrong import ID is refused, destroy puts back what create found.
func settingResourcesCase(t *testing.T, address, password string, read func() settings, extra ...resource.TestStep) resource.TestCase {
	t.Helper()
	original := read()
	if original != (settings{verb: 3, mute: 0, authRetry: "none", hold: false}) {
		t.Fatalf("the daemon starts with %+v; the test assumes verb 3, mute 0, auth-retry none, hold off", original)
	}
	expect := func(want settings) func(*terraform.State) error {
		return func(*terraform.State) error {
			if got := read(); got != want {
				return fmt.Errorf("daemon holds %+v, want %+v", got, want)
			}
			return nil
		}
	}
	cfg := providerBlockAt(address, password) + settingsConfig
	steps := []resource.TestStep{
		{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("id"), knownvalue.StringExact("verb")),
				statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("level"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("previous_level"), knownvalue.Int64Exact(3)),
				statecheck.ExpectKnownValue("openvpn_mute.this", tfjsonpath.New("previous_level"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue("openvpn_auth_retry.this", tfjsonpath.New("previous_mode"), knownvalue.StringExact("none")),
				statecheck.ExpectKnownValue("openvpn_hold.this", tfjsonpath.New("previous_enabled"), knownvalue.Bool(false)),
			},
			Check: expect(settingsDeclared),
		},
		{
			// A change behind Terraform's back shows in plan...
			PreConfig: func() {
				err := withClient(t, directClientAt(t, address, password), func(ctx context.Context, c *management.Client) error {
					if err := c.SetVerb(ctx, 7); err != nil {
						return err
					}
					if err := c.SetMute(ctx, 0); err != nil {
						return err
					}
					if err := c.SetAuthRetry(ctx, "interact"); err != nil {
						return err
					}
					return c.SetHold(ctx, false)
				})
				if err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("openvpn_verb.this", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("openvpn_mute.this", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("openvpn_auth_retry.this", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("openvpn_hold.this", plancheck.ResourceActionUpdate),
				},
			},
			// ...and apply sets the declared values again, keeping
			// the values recorded at create for destroy.
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("previous_level"), knownvalue.Int64Exact(3)),
			},
			Check: expect(settingsDeclared),
		},
	}
	steps = append(steps, extra...)
	steps = append(steps,
		// Import adopts the live value; previous_* is then the value at import.
		resource.TestStep{ResourceName: "openvpn_verb.this", ImportState: true, ImportStateId: "verb", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_level"}, Config: cfg},
		resource.TestStep{ResourceName: "openvpn_mute.this", ImportState: true, ImportStateId: "mute", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_level"}, Config: cfg},
		resource.TestStep{ResourceName: "openvpn_auth_retry.this", ImportState: true, ImportStateId: "auth_retry", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_mode"}, Config: cfg},
		resource.TestStep{ResourceName: "openvpn_hold.this", ImportState: true, ImportStateId: "hold", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_enabled"}, Config: cfg},
		resource.TestStep{
			ResourceName: "openvpn_verb.this", ImportState: true, ImportStateId: "mute", Config: cfg,
			ExpectError: expectError(`import it with the ID "verb", got "mute"`),
		},
	)
	// destroy puts back what was found at create.
	return resource.TestCase{ProtoV6ProviderFactories: testProviders, CheckDestroy: expect(original), Steps: steps}
}

// Bad values fail at plan, naming the valid range or values, and nothing
// reaches the daemon.
func TestAccSettingResourcesRejectBadValuesAtPlan(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	before := countInLog(t, srv, "MANAGEMENT: Client connected")
	resource.Test(t, badSettingValuesCase(providerBlock(srv)))
	if n := countInLog(t, srv, "MANAGEMENT: Client connected") - before; n != 0 {
		t.Errorf("the daemon saw %d management connections; invalid values must be refused before connecting", n)
	}
}

// badSettingValuesCase plans values outside each setting's range, each
// refused with the valid range or values named.
func badSettingValuesCase(provider string) resource.TestCase {
	cases := []struct{ config, want string }{
		{`resource "openvpn_verb" "x" { level = 16 }`, `value must be between 0 and 15, got: 16`},
		{`resource "openvpn_mute" "x" { level = -1 }`, `value must be between 0 and 2147483647, got: -1`},
		{`resource "openvpn_auth_retry" "x" { mode = "bogus" }`, `value must be one of: \["none" "interact" "nointeract"\]`},
		{`data "openvpn_state" "x" { history = 101 }`, `value must be between 1 and 100, got: 101`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: provider + c.config, PlanOnly: true, ExpectError: expectError(c.want)})
	}
	return resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps}
}

// A daemon that is gone has no runtime setting to restore: Delete warns
// and succeeds instead of leaving the resource stuck in state. (Driven
// through the provider server: Terraform's own destroy refreshes first,
// which cannot reach a stopped daemon; -refresh=false is the operator's
// way there.)
func TestSettingResourceDeleteWithDaemonGone(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	ps := configuredServer(t, srv)
	srv.Stop()
	expectDeleteWarnsDaemonGone(t, ps)
}

// expectDeleteWarnsDaemonGone destroys an openvpn_verb through ps, whose
// daemon is gone: a warning that nothing was restored, no error.
func expectDeleteWarnsDaemonGone(t *testing.T, ps actionServer) {
	t.Helper()
	ctx := context.Background()
	sch := providerSchema(t, ps)
	rs := sch.ResourceSchemas["openvpn_verb"]
	prior := dynamicValue(t, rs, map[string]tftypes.Value{
		"id": str("verb"), "level": num(5), "previous_level": num(3),
	})
	planned := dynamicValueNull(t, rs)
	resp, err := ps.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "openvpn_verb", PriorState: prior, PlannedState: planned, Config: planned,
	})
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Errorf("delete failed: %s: %s", d.Summary, d.Detail)
		}
		warned = warned || strings.Contains(d.Summary, "daemon not running")
	}
	if !warned {
		t.Errorf("no warning that nothing was restored: %+v", resp.Diagnostics)
	}
}
