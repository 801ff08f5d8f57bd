package management_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// A client given a Name (one of a provider's many daemons) starts every
// error with it, the remembered failure too, on every way in; the typed
// causes stay visible. Without a Name the errors are as before.
func TestClientErrorsNameTheDaemon(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Busy)
	for _, name := range []string{"vpn2", ""} {
		c, err := management.New(management.Config{Address: srv.Addr(), Name: name, Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		_, statusErr := c.Status(ctx)
		_, versionErr := c.Version(ctx)
		_, holdErr := c.HoldWaiting(ctx)
		_, serverErr := c.ServerStatus(ctx)
		for what, err := range map[string]error{"status (first)": statusErr, "version (repeated)": versionErr, "hold (repeated)": holdErr, "server status (repeated)": serverErr} {
			if !errors.Is(err, management.ErrBusy) {
				t.Errorf("name %q, %s: %v; want ErrBusy", name, what, err)
			}
			named := strings.HasPrefix(err.Error(), `daemon "vpn2": `)
			if named != (name != "") {
				t.Errorf("name %q, %s: %q; named = %v", name, what, err, named)
			}
		}
		var re *management.RepeatedError
		if !errors.As(versionErr, &re) {
			t.Errorf("name %q: version after the failure = %v; want the remembered one", name, versionErr)
		}
	}
}

// A refusal by mode names the daemon too: ServerStatus on a client-mode
// daemon (the mode stated by its own status reply).
func TestModeRefusalNamesTheDaemon(t *testing.T) {
	d, err := fakemgmt.ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	srv := fakemgmt.Start(t, d.Handle)
	c, err := management.New(management.Config{Address: srv.Addr(), Name: "vpn-client", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ServerStatus(context.Background())
	var me *management.ModeError
	if !errors.As(err, &me) {
		t.Fatalf("ServerStatus on a client = %v; want a ModeError", err)
	}
	if !strings.HasPrefix(err.Error(), `daemon "vpn-client": `) {
		t.Errorf("ServerStatus on a client = %q; want it to start with the daemon's name", err)
	}
}
