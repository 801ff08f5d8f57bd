package provider

// Twins of real-daemon acceptance tests whose subject is the Terraform
// layer (plan, apply, import, drift, diagnostics), run against the
// scripted fake of a 2.6.14 server (fakemgmt.Daemon26, bytes captured
// from a live daemon). They use resource.UnitTest, so every go test runs
// them: no root, no OpenVPN, no TF_ACC, only a Terraform CLI. The real
// tests stay; they prove the same against the daemon itself.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// startFake26 serves the captured 2.6.14 server behind labPassword, with
// the daemon-wide settings the test can read back.
func startFake26(t *testing.T) (*fakemgmt.Server, *fakemgmt.Settings) {
	t.Helper()
	testAccTerraformPreCheck(t)
	s := fakemgmt.NewSettings(3, 0, "none", false)
	d := fakemgmt.Daemon26With(s)
	d.Password = labPassword
	return fakemgmt.Start(t, d.Handle), s
}

func fakeSettings(s *fakemgmt.Settings) settings {
	return settings{verb: s.Verb(), mute: s.Mute(), authRetry: s.AuthRetry(), hold: s.Hold()}
}

func expectFakeSettings(s *fakemgmt.Settings, want settings) func(*terraform.State) error {
	return func(*terraform.State) error {
		if got := fakeSettings(s); got != want {
			return fmt.Errorf("daemon holds %+v, want %+v", got, want)
		}
		return nil
	}
}

// Twin of TestAccSettingResources: create records the value found, a
// change behind Terraform's back shows in plan and apply sets it again,
// import adopts the live value, a wrong import ID is refused, destroy puts
// back what create found.
func TestSettingResourcesFake(t *testing.T) {
	srv, s := startFake26(t)
	original := fakeSettings(s)
	declared := settings{verb: 4, mute: 20, authRetry: "nointeract", hold: true}
	cfg := providerBlockAt(srv.Addr(), labPassword) + settingsConfig

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             expectFakeSettings(s, original),
		Steps: []resource.TestStep{
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
				Check: expectFakeSettings(s, declared),
			},
			{
				PreConfig: func() {
					err := withClient(t, directClientAt(t, srv.Addr(), labPassword), func(ctx context.Context, c *management.Client) error {
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
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("openvpn_verb.this", tfjsonpath.New("previous_level"), knownvalue.Int64Exact(3)),
				},
				Check: expectFakeSettings(s, declared),
			},
			{ResourceName: "openvpn_verb.this", ImportState: true, ImportStateId: "verb", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_level"}, Config: cfg},
			{ResourceName: "openvpn_mute.this", ImportState: true, ImportStateId: "mute", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_level"}, Config: cfg},
			{ResourceName: "openvpn_auth_retry.this", ImportState: true, ImportStateId: "auth_retry", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_mode"}, Config: cfg},
			{ResourceName: "openvpn_hold.this", ImportState: true, ImportStateId: "hold", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"previous_enabled"}, Config: cfg},
			{
				ResourceName: "openvpn_verb.this", ImportState: true, ImportStateId: "mute", Config: cfg,
				ExpectError: regexp.MustCompile(`import it\s+with the ID "verb", got "mute"`),
			},
		},
	})
}

// Twin of TestAccSettingResourcesRejectBadValuesAtPlan: bad values fail
// at plan, naming the valid range or values, and the daemon sees no
// connection.
func TestSettingResourcesRejectBadValuesAtPlanFake(t *testing.T) {
	srv, _ := startFake26(t)
	cases := []struct{ config, want string }{
		{`resource "openvpn_verb" "x" { level = 16 }`, `value must be between 0 and 15, got: 16`},
		{`resource "openvpn_mute" "x" { level = -1 }`, `value must be between 0 and 2147483647, got: -1`},
		{`resource "openvpn_auth_retry" "x" { mode = "bogus" }`, `value must be one of: \["none" "interact" "nointeract"\]`},
		{`data "openvpn_state" "x" { history = 101 }`, `value must be between 1 and 100, got: 101`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: providerBlockAt(srv.Addr(), labPassword) + c.config, PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
	if n := srv.Accepted(); n != 0 {
		t.Errorf("the daemon saw %d management connections; invalid values must be refused before connecting", n)
	}
}

// Twin of TestSettingResourceDeleteWithDaemonGone: destroy against a
// daemon that no longer listens warns that nothing was restored and
// succeeds.
func TestSettingResourceDeleteWithDaemonGoneFake(t *testing.T) {
	srv, _ := startFake26(t)
	ps := configuredServerAt(t, srv.Addr(), labPassword)
	srv.Close()
	ctx := context.Background()
	sch, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	rs := sch.ResourceSchemas["openvpn_verb"]
	prior := dynamicValue(t, rs, map[string]tftypes.Value{"id": str("verb"), "level": num(5), "previous_level": num(3)})
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

// Twin of TestAccProviderConnectionErrors: each failure to reach the
// daemon has its own diagnostic.
func TestProviderConnectionErrorsFake(t *testing.T) {
	srv, _ := startFake26(t)
	busy := fakemgmt.Start(t, fakemgmt.Busy)
	read := `data "openvpn_version" "this" {}`
	step := func(provider, want string) resource.TestStep {
		return resource.TestStep{Config: provider + read, ExpectError: regexp.MustCompile(want)}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(`provider "openvpn" {
  address  = "`+srv.Addr()+`"
  password = "guessed wrong"
}
`, `OpenVPN management password rejected`),
			step(`provider "openvpn" { address = "`+srv.Addr()+`" }
`, `OpenVPN management password required`),
			step(`provider "openvpn" {
  address = "`+busy.Addr()+`"
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
	})
}

// Twin of TestAccProviderPasswordFromEnvironment: the address and password
// can come from the environment, and the password never reaches state.
func TestProviderPasswordFromEnvironmentFake(t *testing.T) {
	srv, s := startFake26(t)
	t.Setenv(EnvPassword, labPassword)
	t.Setenv(EnvAddress, srv.Addr())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `
provider "openvpn" {}
data "openvpn_version" "this" {}
resource "openvpn_verb" "this" { level = 5 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.openvpn_version.this", tfjsonpath.New("openvpn_version"), knownvalue.StringExact("2.6.14")),
			},
			Check: resource.ComposeTestCheckFunc(
				func(st *terraform.State) error { return noPasswordInState(st, labPassword) },
				func(*terraform.State) error {
					if s.Verb() != 5 {
						return fmt.Errorf("verb %d, want 5", s.Verb())
					}
					return nil
				},
			),
		}},
	})
}

// Twin of TestSignalActionInProcess and TestHoldReleaseActionInProcess:
// a signal outside the list is refused before anything is sent, a listed
// one goes on the wire; the hold release releases a daemon waiting in
// hold and waits for CONNECTED; bad wait settings are refused.
func TestSignalAndHoldReleaseActionsFake(t *testing.T) {
	s := fakemgmt.NewSettings(3, 0, "none", true)
	d := fakemgmt.Daemon26With(s)
	d.Password = labPassword
	d.AfterBanner = ">HOLD:Waiting for hold release:0\r\n"
	d.Replies["signal SIGUSR2"] = "SUCCESS: signal SIGUSR2 thrown\r\n"
	srv := fakemgmt.Start(t, d.Handle)
	as := configuredServerAt(t, srv.Addr(), labPassword)

	run := as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGKILL")})
	if !run.failed() || !strings.Contains(run.text(), `value must be one of: ["SIGHUP" "SIGUSR1" "SIGUSR2" "SIGTERM"]`) {
		t.Errorf("SIGKILL: run:\n%s", run.text())
	}
	if n := srv.Accepted(); n != 0 {
		t.Errorf("%d connections before any valid action; SIGKILL must be refused before connecting", n)
	}
	run = as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGUSR2")})
	if run.failed() || !strings.Contains(run.text(), "sent SIGUSR2") {
		t.Errorf("SIGUSR2: run:\n%s", run.text())
	}

	run = as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": str("20s")})
	if run.failed() || !strings.Contains(run.text(), "hold released") || !strings.Contains(run.text(), "the daemon is CONNECTED") {
		t.Errorf("hold release: run:\n%s", run.text())
	}
	if strings.Contains(run.text(), "not waiting in hold") {
		t.Errorf("the daemon announced >HOLD: and should have been waiting:\n%s", run.text())
	}
	sent := wire(srv)
	if !slices.Contains(sent, "signal SIGUSR2") || !slices.Contains(sent, "hold release") || slices.Contains(sent, "signal SIGKILL") {
		t.Errorf("sent %q; want the signal and the hold release, not SIGKILL", sent)
	}

	run = as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": str("forever")})
	if !run.failed() || !strings.Contains(run.text(), "Invalid timeout") {
		t.Errorf("bad wait_timeout: run:\n%s", run.text())
	}
	run = as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_timeout": str("5s")})
	if !run.failed() || !strings.Contains(run.text(), "wait_connected") {
		t.Errorf("wait_timeout without wait_connected: run:\n%s", run.text())
	}
}

// Twin of TestAccPasswordNeverLogged: with every log at TRACE the
// management password appears nowhere, neither in logs nor in state.
func TestPasswordNeverLoggedFake(t *testing.T) {
	srv, _ := startFake26(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv(EnvPassword, labPassword)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `provider "openvpn" { address = "` + srv.Addr() + `" }
data "openvpn_clients" "this" {}
resource "openvpn_verb" "this" { level = 4 }
`,
			Check: func(s *terraform.State) error { return noPasswordInState(s, labPassword) },
		}},
	})
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

// Twin of TestAccClientAllowlist, against the replayed server behind the
// pass-through (three sessions: client001, client002, client003 with
// Client IDs 0 to 2): a value that can never match is refused before
// anything is sent; the plan warns which session apply ends; apply ends
// exactly that one by its Client ID (HALT, the default) and the plan
// right after is empty; destroy ends nothing.
func TestClientAllowlistFake(t *testing.T) {
	testAccTerraformPreCheck(t)
	_, srv := startPassThrough(t, false)
	cfg := func(body string) string {
		return passThroughProvider(srv) + "resource \"openvpn_client_allowlist\" \"this\" {\n" + body + "\n}\n"
	}
	kills := func() (n int) {
		for _, line := range wire(srv) {
			if strings.HasPrefix(line, "client-kill ") || strings.HasPrefix(line, "kill ") {
				n++
			}
		}
		return n
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      cfg(`common_names = ["client001", "tab\there"]`),
				ExpectError: regexp.MustCompile(`Value can never match a session`),
			},
			{
				PreConfig: func() {
					if n := srv.Accepted(); n != 0 {
						t.Errorf("%d management connections during a failed validation", n)
					}
				},
				Config: cfg(`common_names = ["client001", "client003"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("openvpn_client_allowlist.this", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("openvpn_client_allowlist.this", tfjsonpath.New("violations"), knownvalue.ListExact([]knownvalue.Check{})),
				},
				Check: func(*terraform.State) error {
					sent := wire(srv)
					if !slices.Contains(sent, "client-kill 1 HALT") || kills() != 1 {
						return fmt.Errorf("sent %q; want exactly client-kill 1 HALT (client002)", sent)
					}
					return nil
				},
			},
		},
	})
	if n := kills(); n != 1 {
		t.Errorf("%d kills in all; destroy must end nothing", n)
	}
}
