package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

func TestSignalActionInProcess(t *testing.T) {
	testAccPreCheck(t)
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	as := configuredServer(t, srv)
	// SIGUSR2 makes the daemon write its statistics to the log.
	expectSignalRefusedThenSent(t, as, func() int { return countInLog(t, srv, "CMD 'signal SIGUSR2'") })

	run := as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGTERM")})
	if run.failed() {
		t.Fatalf("SIGTERM: run:\n%s", run.text())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Wait(ctx)
	if !srv.Exited() {
		t.Errorf("the daemon still runs after SIGTERM")
	}
}

// expectSignalRefusedThenSent: a signal outside the list is refused before
// anything is sent, a listed one goes on the wire once; seen counts the
// signal SIGUSR2 commands the daemon got. Shared with the fake twin.
func expectSignalRefusedThenSent(t *testing.T, as actionServer, seen func() int) {
	t.Helper()
	run := as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGKILL")})
	if !run.failed() || !strings.Contains(run.text(), `value must be one of: ["SIGHUP" "SIGUSR1" "SIGUSR2" "SIGTERM"]`) {
		t.Errorf("SIGKILL: run:\n%s", run.text())
	}
	if n := seen(); n != 0 {
		t.Errorf("the daemon got %d signals before a valid one", n)
	}
	run = as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGUSR2")})
	if run.failed() || !strings.Contains(run.text(), "sent SIGUSR2") {
		t.Fatalf("SIGUSR2: run:\n%s", run.text())
	}
	if n := seen(); n != 1 {
		t.Errorf("the daemon got %d signal SIGUSR2 commands, want 1", n)
	}
}
