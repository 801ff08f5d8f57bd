package provider

// Twins of real-daemon acceptance tests whose subject is the Terraform
// layer (plan, apply, import, drift, diagnostics), run against the
// scripted fake of a 2.6.14 server (fakemgmt.Daemon26, bytes captured
// from a live daemon). They use resource.UnitTest, so every go test runs
// them: no root, no OpenVPN, no TF_ACC, only a Terraform CLI. The real
// tests stay; they prove the same against the daemon itself.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
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

// Twin of TestAccSettingResources (without its SIGHUP step: the fake does
// not restart).
func TestSettingResourcesFake(t *testing.T) {
	srv, s := startFake26(t)
	resource.UnitTest(t, settingResourcesCase(t, srv.Addr(), labPassword, func() settings { return fakeSettings(s) }))
}

// Twin of TestAccSettingResourcesRejectBadValuesAtPlan: and the daemon
// sees no connection.
func TestSettingResourcesRejectBadValuesAtPlanFake(t *testing.T) {
	srv, _ := startFake26(t)
	resource.UnitTest(t, badSettingValuesCase(providerBlockAt(srv.Addr(), labPassword)))
	if n := srv.Accepted(); n != 0 {
		t.Errorf("the daemon saw %d management connections; invalid values must be refused before connecting", n)
	}
}

// Twin of TestSettingResourceDeleteWithDaemonGone.
func TestSettingResourceDeleteWithDaemonGoneFake(t *testing.T) {
	srv, _ := startFake26(t)
	ps := configuredServerAt(t, srv.Addr(), labPassword)
	srv.Close()
	expectDeleteWarnsDaemonGone(t, ps)
}

// Twin of TestAccProviderConnectionErrors.
func TestProviderConnectionErrorsFake(t *testing.T) {
	srv, _ := startFake26(t)
	resource.UnitTest(t, connectionErrorsCase(srv.Addr(), fakemgmt.Start(t, fakemgmt.Busy).Addr()))
}

// Twin of TestAccProviderPasswordFromEnvironment: the address and password
// can come from the environment, and the password never reaches state.
func TestProviderPasswordFromEnvironmentFake(t *testing.T) {
	srv, s := startFake26(t)
	resource.UnitTest(t, passwordFromEnvironmentCase(t, srv.Addr(), labPassword, knownvalue.StringExact("2.6.14"), func() settings { return fakeSettings(s) }))
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

	expectSignalRefusedThenSent(t, as, func() int { return countWire(srv, "signal") })
	// SIGKILL was refused before connecting: the one connection is SIGUSR2's.
	if n := srv.Accepted(); n != 1 {
		t.Errorf("%d connections for one valid action; SIGKILL must be refused before connecting", n)
	}

	run := as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": str("20s")})
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
	expectHoldReleaseRefusesBadWaits(t, as)
}

// Twin of TestAccPasswordNeverLogged.
func TestPasswordNeverLoggedFake(t *testing.T) {
	srv, _ := startFake26(t)
	passwordNeverLogged(t, srv.Addr(), true)
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
			allowlistNeverMatchesStep(passThroughProvider(srv)),
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

// capturedClientServerPort is the server port the captured client was
// connected to (openvpn-client-2.6.14/state.txt, remote-entry-get-all.txt).
const capturedClientServerPort = 55377

// Twin of TestAccClientModeDaemon, against the captured 2.6.14 client:
// no tun device, no root.
func TestClientModeDaemonFake(t *testing.T) {
	testAccTerraformPreCheck(t)
	d, err := fakemgmt.ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	srv := fakemgmt.Start(t, d.Handle)
	resource.UnitTest(t, clientModeCase(srv.Addr(), capturedClientServerPort))
	if n := countWire(srv, "client-kill", "kill", "nclients"); n != 0 {
		t.Errorf("%d server-only commands reached the client", n)
	}
}

// Twin of TestAccDaemonDataSources, against the captured 2.6.14 server
// (three clients).
func TestDaemonDataSourcesFake(t *testing.T) {
	testAccTerraformPreCheck(t)
	const release = "2.6.14"
	d, err := fakemgmt.CapturedDaemon(release, fakemgmt.LabUDP4)
	if err != nil {
		t.Fatal(err)
	}
	srv := fakemgmt.Start(t, d.Handle)
	r, err := openvpnlab.ParseRelease("OpenVPN " + release)
	if err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, daemonDataSourcesCase(providerBlockAt(srv.Addr(), fakemgmt.CapturedPassword), r, capturedPID(t, release), 3))
}

// capturedPID is the pid the captured daemon of release answers.
func capturedPID(t *testing.T, release string) int {
	t.Helper()
	text, err := fakemgmt.CapturedFile(release, "pid.txt")
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(text, "SUCCESS: pid=")))
	if err != nil {
		t.Fatalf("pid.txt %q: %v", text, err)
	}
	return pid
}

// Twin of TestClientKillActionInProcess: a selector that matches nothing
// kills nothing. Against the captured client, the action is refused for
// the mode its own listing showed: no kill, and no status beyond that
// listing.
func TestClientKillActionFake(t *testing.T) {
	srv, _ := startFake26(t)
	expectClientKillNoMatch(t, configuredServerAt(t, srv.Addr(), labPassword))
	if n := countWire(srv, "client-kill", "kill"); n != 0 {
		t.Errorf("sent %q: %d kills for a selector that matches nothing", wire(srv), n)
	}

	d, err := fakemgmt.ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	client := fakemgmt.Start(t, d.Handle)
	run := configuredServerAt(t, client.Addr(), "").invoke(t, "openvpn_client_kill", map[string]tftypes.Value{"common_name": str("carol")})
	if !run.failed() || !strings.Contains(run.text(), "diagnostic: Not supported by the OpenVPN daemon's mode:") ||
		!strings.Contains(run.text(), "needs a daemon in server mode; the daemon (OpenVPN 2.6.14) runs in client mode") {
		t.Errorf("client kill on a client: run:\n%s", run.text())
	}
	if k, s := countWire(client, "client-kill", "kill"), countWire(client, "status"); k != 0 || s != 1 {
		t.Errorf("sent %q: %d kills, %d status; want none and the one listing", wire(client), k, s)
	}
}
