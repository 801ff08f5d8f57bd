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

	run := as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGKILL")})
	if !run.failed() || !strings.Contains(run.text(), `value must be one of: ["SIGHUP" "SIGUSR1" "SIGUSR2" "SIGTERM"]`) {
		t.Errorf("SIGKILL: run:\n%s", run.text())
	}

	// SIGUSR2 makes the daemon write its statistics to the log.
	run = as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGUSR2")})
	if run.failed() || !strings.Contains(run.text(), "sent SIGUSR2") {
		t.Fatalf("SIGUSR2: run:\n%s", run.text())
	}
	if countInLog(t, srv, "CMD 'signal SIGUSR2'") != 1 {
		t.Errorf("the daemon did not log the signal command")
	}

	run = as.invoke(t, "openvpn_signal", map[string]tftypes.Value{"signal": str("SIGTERM")})
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
