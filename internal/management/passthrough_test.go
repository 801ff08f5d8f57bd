package management_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// The client behind openvpn-auth-oauth2's pass-through, replayed from its
// capture (fakemgmt.PassThrough).

func passThrough(t *testing.T) (*fakemgmt.PassThrough, *fakemgmt.Server, *management.Client) {
	t.Helper()
	p := fakemgmt.NewPassThrough()
	srv := fakemgmt.Start(t, fakemgmt.OneAtATime(p.Handle))
	return p, srv, fakeClient(t, srv.Addr(), management.Config{Password: fakemgmt.PassThroughPassword})
}

// sent is every line the client wrote, on every connection.
func sent(srv *fakemgmt.Server) []string {
	var lines []string
	for _, c := range srv.Conns() {
		lines = append(lines, c.Received()...)
	}
	return lines
}

func TestPassThroughReads(t *testing.T) {
	_, srv, c := passThrough(t)
	ctx := context.Background()
	v, err := c.Version(ctx)
	if err != nil || v.Release != "2.6.14" || v.ManagementVersion != 5 {
		t.Fatalf("version = %+v, %v", v, err)
	}
	st, err := c.Status(ctx)
	if err != nil || len(st.Clients) != 3 || len(st.Routes) != 3 {
		t.Fatalf("status = %+v, %v", st, err)
	}
	s, err := c.State(ctx)
	if err != nil || s.Name != "CONNECTED" || s.LocalIPv4 != "10.8.0.1" {
		t.Fatalf("state = %+v, %v", s, err)
	}
	hist, err := c.StateHistory(ctx, 5)
	if err != nil || len(hist) != 2 || hist[0].Name != "CONNECTING" {
		t.Fatalf("state 5 = %+v, %v", hist, err)
	}
	logs, err := c.Log(ctx, 5)
	if err != nil || len(logs) != 5 {
		t.Fatalf("log 5 = %+v, %v", logs, err)
	}
	pid, err := c.PID(ctx)
	if err != nil || pid != 9316 {
		t.Fatalf("pid = %d, %v", pid, err)
	}
	ls, err := c.LoadStats(ctx)
	if err != nil || ls.Clients != 3 {
		t.Fatalf("load-stats = %+v, %v", ls, err)
	}
	waiting, err := c.HoldWaiting(ctx)
	if err != nil || waiting {
		t.Fatalf("hold waiting = %v, %v", waiting, err)
	}
	for name, get := range map[string]func(context.Context) (int, error){"verb": c.Verb, "mute": c.Mute} {
		if _, err := get(ctx); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if mode, err := c.AuthRetry(ctx); err != nil || mode != "none" {
		t.Errorf("auth-retry = %q, %v", mode, err)
	}
	if srv.Accepted() != 1 {
		t.Errorf("%d connections, want 1", srv.Accepted())
	}
	if slices.Contains(sent(srv), "hold") {
		t.Errorf("reading the hold-waiting state sent hold: %q", sent(srv))
	}
}

func TestPassThroughSettingsAreSetAndReadBack(t *testing.T) {
	p, _, c := passThrough(t)
	ctx := context.Background()
	if err := c.SetVerb(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := c.SetMute(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if err := c.SetAuthRetry(ctx, "nointeract"); err != nil {
		t.Fatal(err)
	}
	if p.Settings.Verb() != 4 || p.Settings.Mute() != 7 || p.Settings.AuthRetry() != "nointeract" {
		t.Errorf("daemon settings = %d, %d, %q", p.Settings.Verb(), p.Settings.Mute(), p.Settings.AuthRetry())
	}
}

// Every hold call fails at once with ErrHoldIntercepted, and no hold write
// (which would go unanswered) ever reaches the wire.
func TestPassThroughHoldIsIntercepted(t *testing.T) {
	p, srv, c := passThrough(t)
	// A hold write that slipped through would stall for the pass-through's
	// command timeout, far longer than the client's: the call would fail
	// with ErrTimeout instead.
	p.CommandTimeout = time.Hour
	ctx := context.Background()
	_, err := c.Hold(ctx)
	if !errors.Is(err, management.ErrHoldIntercepted) || !strings.Contains(err.Error(), "SUCCESS: hold release succeeded") {
		t.Fatalf("hold: %v, want ErrHoldIntercepted quoting the reply", err)
	}
	for name, f := range map[string]func() error{
		"hold on":      func() error { return c.SetHold(ctx, true) },
		"hold off":     func() error { return c.SetHold(ctx, false) },
		"hold release": func() error { return c.HoldRelease(ctx) },
	} {
		if err := f(); !errors.Is(err, management.ErrHoldIntercepted) || errors.Is(err, management.ErrTimeout) {
			t.Errorf("%s: %v, want ErrHoldIntercepted", name, err)
		}
	}
	for _, line := range sent(srv) {
		if strings.HasPrefix(line, "hold ") {
			t.Errorf("sent %q, which the pass-through leaves unanswered", line)
		}
	}
	if p.Settings.Hold() {
		t.Error("the daemon's hold flag changed")
	}
	if srv.Accepted() != 1 {
		t.Errorf("%d connections, want 1 (an intercepted hold is not a broken connection)", srv.Accepted())
	}
}

func TestPassThroughWrongPasswordIsErrBadPassword(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.NewPassThrough().Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Password: "wrong password"})
	_, err := c.PID(context.Background())
	if !errors.Is(err, management.ErrBadPassword) || !errors.Is(err, management.ErrBadPasswordLine) {
		t.Fatalf("got %v, want ErrBadPassword and ErrBadPasswordLine", err)
	}
	if strings.Contains(err.Error(), "wrong password") {
		t.Errorf("error reveals the password: %v", err)
	}
	if got := srv.Conns()[0].Received(); len(got) != 1 {
		t.Errorf("sent %d lines, want the password once", len(got))
	}
}

func TestPassThroughKillsAndErrors(t *testing.T) {
	_, _, c := passThrough(t)
	ctx := context.Background()
	if err := c.ClientKill(ctx, 999, management.KillHalt); !errors.Is(err, management.ErrNotFound) {
		t.Errorf("client-kill 999 HALT: %v, want ErrNotFound", err)
	}
	if _, err := c.KillCommonName(ctx, "nosuchcn"); !errors.Is(err, management.ErrNotFound) {
		t.Errorf("kill nosuchcn: %v, want ErrNotFound", err)
	}
	if err := c.ClientKill(ctx, 1, ""); err != nil {
		t.Errorf("client-kill 1: %v", err)
	}
	if err := c.Signal(ctx, "SIGUSR2"); err != nil {
		t.Errorf("signal SIGUSR2: %v", err)
	}
}
