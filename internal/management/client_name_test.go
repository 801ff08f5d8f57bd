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

// Every method a provider object calls names the daemon, on every kind of
// failure: one it meets connecting (ServerStatus connects through the
// capability gate, before its status command), one it remembered, a mode
// or release the daemon lacks, and a reply that only a proxy gives.
func TestEveryMethodNamesTheDaemon(t *testing.T) {
	ctx := context.Background()
	named := func(t *testing.T, addr string) *management.Client {
		t.Helper()
		c, err := management.New(management.Config{Address: addr, Name: "vpn2", Password: fakemgmt.CapturedPassword, Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	check := func(t *testing.T, what string, err error, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Errorf("%s: %v; want %v", what, err, want)
			return
		}
		if !strings.HasPrefix(err.Error(), `daemon "vpn2": `) || strings.Count(err.Error(), `daemon "vpn2"`) != 1 {
			t.Errorf("%s: %q; want it to start with daemon \"vpn2\": , once", what, err)
		}
	}
	calls := map[string]func(c *management.Client) error{
		"ServerStatus": func(c *management.Client) error { _, err := c.ServerStatus(ctx); return err },
		"Status":       func(c *management.Client) error { _, err := c.Status(ctx); return err },
		"State":        func(c *management.Client) error { _, err := c.State(ctx); return err },
		"StateHistory": func(c *management.Client) error { _, err := c.StateHistory(ctx, 3); return err },
		"Log":          func(c *management.Client) error { _, err := c.Log(ctx, 3); return err },
		"Verb":         func(c *management.Client) error { _, err := c.Verb(ctx); return err },
		"SetVerb":      func(c *management.Client) error { return c.SetVerb(ctx, 4) },
		"Mute":         func(c *management.Client) error { _, err := c.Mute(ctx); return err },
		"SetMute":      func(c *management.Client) error { return c.SetMute(ctx, 4) },
		"AuthRetry":    func(c *management.Client) error { _, err := c.AuthRetry(ctx); return err },
		"SetAuthRetry": func(c *management.Client) error { return c.SetAuthRetry(ctx, "none") },
		"Hold":         func(c *management.Client) error { _, err := c.Hold(ctx); return err },
		"SetHold":      func(c *management.Client) error { return c.SetHold(ctx, false) },
		"HoldRelease":  func(c *management.Client) error { return c.HoldRelease(ctx) },
		"HoldWaiting":  func(c *management.Client) error { _, err := c.HoldWaiting(ctx); return err },
		"ClientKill":   func(c *management.Client) error { return c.ClientKill(ctx, 7, "") },
		"Signal":       func(c *management.Client) error { return c.Signal(ctx, management.SignalHUP) },
		"PID":          func(c *management.Client) error { _, err := c.PID(ctx); return err },
		"LoadStats":    func(c *management.Client) error { _, err := c.LoadStats(ctx); return err },
		"Remotes":      func(c *management.Client) error { _, err := c.Remotes(ctx); return err },
		"Version":      func(c *management.Client) error { _, err := c.Version(ctx); return err },
		"EndSessions": func(c *management.Client) error {
			s := management.Session{CommonName: "alice", ClientID: 7, HasClientID: true}
			_, err := c.EndSessions(ctx, []management.Session{s}, []management.Session{s}, management.EndOptions{})
			return err
		},
	}
	t.Run("connecting, then remembered", func(t *testing.T) {
		for what, call := range calls {
			// A fresh client each: every method is the first to connect once.
			check(t, what+" (first)", call(named(t, fakemgmt.Start(t, fakemgmt.Busy).Addr())), management.ErrBusy)
		}
		c := named(t, fakemgmt.Start(t, fakemgmt.Busy).Addr())
		_ = calls["Version"](c)
		for what, call := range calls {
			check(t, what+" (remembered)", call(c), management.ErrBusy)
		}
	})
	t.Run("a client-mode daemon", func(t *testing.T) {
		d, err := fakemgmt.ClientDaemon26()
		if err != nil {
			t.Fatal(err)
		}
		c := named(t, fakemgmt.Start(t, d.Handle).Addr())
		err = calls["ServerStatus"](c)
		check(t, "ServerStatus (mode learned from its reply)", err, management.ErrWrongMode)
		if !errors.As(err, new(*management.ModeError)) {
			t.Errorf("ServerStatus on a client: %v; want a ModeError", err)
		}
		check(t, "ServerStatus (mode known)", calls["ServerStatus"](c), management.ErrWrongMode)
		check(t, "ClientKill (mode known)", calls["ClientKill"](c), management.ErrWrongMode)
	})
	t.Run("an older release", func(t *testing.T) {
		d, err := fakemgmt.CapturedDaemon("2.5.11", fakemgmt.LabUDP4)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Remotes", calls["Remotes"](named(t, fakemgmt.Start(t, d.Handle).Addr())), management.ErrNotInRelease)
	})
	t.Run("a pass-through", func(t *testing.T) {
		for _, what := range []string{"Hold", "SetHold", "HoldRelease"} {
			p := fakemgmt.NewPassThrough()
			c, err := management.New(management.Config{Address: fakemgmt.Start(t, fakemgmt.OneAtATime(p.Handle)).Addr(),
				Name: "vpn2", Password: fakemgmt.PassThroughPassword, Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			check(t, what, calls[what](c), management.ErrHoldIntercepted)
		}
	})
}
