package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// Every action through the pass-through replay, in-process (the
// acceptance twins need Terraform 1.14).
func TestPassThroughActionsInProcess(t *testing.T) {
	p, srv := startPassThrough(t, false)
	as := configuredServerAt(t, srv.Addr(), fakemgmt.PassThroughPassword)

	// The hold release fails at once: its reply would never come back.
	run := as.invoke(t, "openvpn_hold_release", map[string]tftypes.Value{"wait_connected": boolean(false)})
	if !run.failed() || !strings.Contains(run.text(), "OpenVPN hold is intercepted by a proxy") || strings.Contains(run.text(), "timed out") {
		t.Errorf("hold release: run:\n%s", run.text())
	}

	run = as.invoke(t, "openvpn_client_kill", map[string]tftypes.Value{"common_name": str("client002"), "message": str("HALT")})
	if run.failed() || !strings.Contains(run.text(), "sent HALT to client 1 (client002, 127.0.0.1:38090)") ||
		!strings.Contains(run.text(), "confirmed gone") {
		t.Errorf("client kill: run:\n%s", run.text())
	}
	run = as.invoke(t, "openvpn_client_kill", map[string]tftypes.Value{"client_id": num(999)})
	if !run.failed() || !strings.Contains(run.text(), "No OpenVPN session matches") {
		t.Errorf("client kill of an unknown ID: run:\n%s", run.text())
	}

	run = as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGUSR2")})
	if run.failed() || !strings.Contains(run.text(), "sent SIGUSR2") {
		t.Errorf("signal: run:\n%s", run.text())
	}

	sent := wire(srv)
	if !slices.Contains(sent, "client-kill 1 HALT") || !slices.Contains(sent, "signal SIGUSR2") {
		t.Errorf("sent %q; want the kill and the signal", sent)
	}
	for _, line := range sent {
		if strings.HasPrefix(line, "hold ") || strings.HasPrefix(line, "client-kill 999") {
			t.Errorf("sent %q", line)
		}
	}
	expectNoToggles(t, srv)
	if p.Settings.Hold() {
		t.Error("the daemon's hold flag changed")
	}
}
