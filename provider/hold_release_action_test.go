package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

func TestHoldReleaseActionInProcess(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementHold: true})
	as := configuredServer(t, srv)

	run := as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": str("20s")})
	if run.failed() || !strings.Contains(run.text(), "hold released") || !strings.Contains(run.text(), "the daemon is CONNECTED") {
		t.Fatalf("run:\n%s", run.text())
	}
	if strings.Contains(run.text(), "not waiting in hold") {
		t.Errorf("a --management-hold daemon should have been waiting:\n%s", run.text())
	}
	err := direct(t, srv, func(ctx context.Context, c *management.Client) error {
		s, err := c.State(ctx)
		if err == nil && s.Name != "CONNECTED" {
			t.Errorf("state after release = %s", s.Name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	expectHoldReleaseRefusesBadWaits(t, as)
}

// expectHoldReleaseRefusesBadWaits: a wait_timeout that is not a duration,
// or one without wait_connected, fails the action.
func expectHoldReleaseRefusesBadWaits(t *testing.T, as actionServer) {
	t.Helper()
	run := as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(true), "wait_timeout": str("forever")})
	if !run.failed() || !strings.Contains(run.text(), "Invalid timeout") {
		t.Errorf("bad wait_timeout: run:\n%s", run.text())
	}
	run = as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_timeout": str("5s")})
	if !run.failed() || !strings.Contains(run.text(), "wait_connected") {
		t.Errorf("wait_timeout without wait_connected: run:\n%s", run.text())
	}
}

// Each way a wait for CONNECTED ends otherwise is worded with the last
// state seen and its own reason.
func TestNotConnectedDetail(t *testing.T) {
	busy := &management.RepeatedError{Err: management.ErrBusy}
	cases := []struct {
		last    management.State
		outcome management.WaitOutcome
		err     error
		want    []string
	}{
		{management.State{Name: "EXITING", Description: "SIGTERM"}, management.WaitDaemonExiting, nil, []string{"last state: EXITING", "exiting (SIGTERM)"}},
		{management.State{Name: "WAIT"}, management.WaitTimedOut, nil, []string{"within 3s", "last state: WAIT", "the wait timed out."}},
		{management.State{Name: "WAIT"}, management.WaitTimedOut, management.ErrClosed, []string{"last state read failed: " + management.ErrClosed.Error()}},
		{management.State{}, management.WaitFailed, busy, []string{"last state: none read", busy.Error()}},
	}
	for _, c := range cases {
		got := notConnectedDetail(c.last, c.outcome, c.err, 3*time.Second)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("outcome %v: %q lacks %q", c.outcome, got, w)
			}
		}
	}
}
