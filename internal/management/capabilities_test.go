package management_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// sentOn is every line the client sent to srv, on every connection.
func sentOn(srv *fakemgmt.Server) []string {
	var lines []string
	for _, c := range srv.Conns() {
		lines = append(lines, c.Received()...)
	}
	return lines
}

// countSent counts the lines sent to srv whose command word is word.
func countSent(srv *fakemgmt.Server, word string) int {
	n := 0
	for _, l := range sentOn(srv) {
		if w, _, _ := strings.Cut(l, " "); w == word {
			n++
		}
	}
	return n
}

func clientModeFake(t *testing.T) *fakemgmt.Server {
	t.Helper()
	d, err := fakemgmt.ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	return fakemgmt.Start(t, d.Handle)
}

func capturedFake(t *testing.T, release string) (*fakemgmt.Server, management.Config) {
	t.Helper()
	d, err := fakemgmt.CapturedDaemon(release, fakemgmt.LabUDP4)
	if err != nil {
		t.Fatal(err)
	}
	return fakemgmt.Start(t, d.Handle), management.Config{Password: fakemgmt.CapturedPassword}
}

// clientMethods drives every exported method of *Client once, so the
// sweep below sees every command the client can send. The list is checked
// against the methods *Client has: a new method must be added here.
var clientMethods = map[string]func(context.Context, *management.Client) error{
	"Address":      func(context.Context, *management.Client) error { return nil },
	"Connected":    func(context.Context, *management.Client) error { return nil },
	"Version":      func(ctx context.Context, c *management.Client) error { _, err := c.Version(ctx); return err },
	"Status":       func(ctx context.Context, c *management.Client) error { _, err := c.Status(ctx); return err },
	"ServerStatus": func(ctx context.Context, c *management.Client) error { _, err := c.ServerStatus(ctx); return err },
	"State":        func(ctx context.Context, c *management.Client) error { _, err := c.State(ctx); return err },
	"StateHistory": func(ctx context.Context, c *management.Client) error { _, err := c.StateHistory(ctx, 2); return err },
	"Log":          func(ctx context.Context, c *management.Client) error { _, err := c.Log(ctx, 2); return err },
	"Verb":         func(ctx context.Context, c *management.Client) error { _, err := c.Verb(ctx); return err },
	"SetVerb":      func(ctx context.Context, c *management.Client) error { return c.SetVerb(ctx, 3) },
	"Mute":         func(ctx context.Context, c *management.Client) error { _, err := c.Mute(ctx); return err },
	"SetMute":      func(ctx context.Context, c *management.Client) error { return c.SetMute(ctx, 0) },
	"AuthRetry":    func(ctx context.Context, c *management.Client) error { _, err := c.AuthRetry(ctx); return err },
	"SetAuthRetry": func(ctx context.Context, c *management.Client) error { return c.SetAuthRetry(ctx, "none") },
	"Hold":         func(ctx context.Context, c *management.Client) error { _, err := c.Hold(ctx); return err },
	"SetHold":      func(ctx context.Context, c *management.Client) error { return c.SetHold(ctx, false) },
	"HoldRelease":  func(ctx context.Context, c *management.Client) error { return c.HoldRelease(ctx) },
	"HoldWaiting":  func(ctx context.Context, c *management.Client) error { _, err := c.HoldWaiting(ctx); return err },
	"ClientKill": func(ctx context.Context, c *management.Client) error {
		return c.ClientKill(ctx, 999, management.KillHalt)
	},
	"Signal":    func(ctx context.Context, c *management.Client) error { return c.Signal(ctx, management.SignalUSR2) },
	"PID":       func(ctx context.Context, c *management.Client) error { _, err := c.PID(ctx); return err },
	"LoadStats": func(ctx context.Context, c *management.Client) error { _, err := c.LoadStats(ctx); return err },
	"Remotes":   func(ctx context.Context, c *management.Client) error { _, err := c.Remotes(ctx); return err },
	"EndSessions": func(ctx context.Context, c *management.Client) error {
		s := management.Session{ClientID: 999, HasClientID: true, CommonName: "gone"}
		_, err := c.EndSessions(ctx, nil, []management.Session{s}, management.EndOptions{Wait: management.MinEndWait, Poll: time.Millisecond})
		return err
	},
	"WaitConnected": func(ctx context.Context, c *management.Client) error {
		_, _, err := c.WaitConnected(ctx, time.Second)
		return err
	},
	"Help": func(ctx context.Context, c *management.Client) error { _, err := c.Help(ctx); return err },
	"Echo": func(ctx context.Context, c *management.Client) error { _, err := c.Echo(ctx, 0); return err },
	"KillCommonName": func(ctx context.Context, c *management.Client) error {
		_, err := c.KillCommonName(ctx, "nosuchcn")
		return err
	},
	"KillAddress": func(ctx context.Context, c *management.Client) error {
		_, err := c.KillAddress(ctx, management.Address{Raw: "127.0.0.1:1", IP: "127.0.0.1", Port: 1})
		return err
	},
	"Raw":   func(ctx context.Context, c *management.Client) error { _, err := c.Raw(ctx, "pid", false); return err },
	"Close": func(_ context.Context, c *management.Client) error { return c.Close() },
}

// Every command the client can send has a row in the capability table:
// every method of *Client runs against a captured server of each release
// and the captured client, and every command word that reached a fake's
// wire (the connect's version, status's end marker, the restart check
// behind a mode error and quit included) must have a row. Conversely every
// row's command is sent by some method, so the table holds no stale row.
func TestEveryCommandTheClientSendsHasARow(t *testing.T) {
	typ := reflect.TypeOf(&management.Client{})
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; clientMethods[name] == nil {
			t.Errorf("(*Client).%s is not driven by this test: add it to clientMethods", name)
		}
	}
	rows := map[string]bool{}
	for _, row := range management.Capabilities() {
		rows[row.Command] = true
	}
	names := make([]string, 0, len(clientMethods))
	for name := range clientMethods {
		names = append(names, name)
	}
	slices.Sort(names)
	seen := map[string]bool{}
	daemons := map[string]func() (*fakemgmt.Server, management.Config){
		"client 2.6.14": func() (*fakemgmt.Server, management.Config) { return clientModeFake(t), management.Config{} },
	}
	for _, rel := range fakemgmt.CapturedReleases {
		daemons["server "+rel] = func() (*fakemgmt.Server, management.Config) { return capturedFake(t, rel) }
	}
	for what, start := range daemons {
		srv, cfg := start()
		for _, name := range names {
			// A fresh client for each: the mode a connection learns must
			// not hide a command from the wire.
			c := fakeClient(t, srv.Addr(), cfg)
			_ = clientMethods[name](context.Background(), c) // refusals are fine: the wire is what counts
			_ = c.Close()
		}
		for _, line := range sentOn(srv) {
			word, _, _ := strings.Cut(line, " ")
			if word == fakemgmt.CapturedPassword || word == strings.Fields(fakemgmt.CapturedPassword)[0] {
				continue // the password line
			}
			seen[word] = true
			if !rows[word] {
				t.Errorf("%s: %q went on the wire but %q has no row in the capability table (capabilities.go)", what, line, word)
			}
		}
	}
	for word := range rows {
		if !seen[word] {
			t.Errorf("the capability table has a row for %q, but no method of the client sent it", word)
		}
	}
}

// A command the daemon's release lacks is refused before it is sent:
// remote-entry-get came with 2.6, and the captured 2.4 and 2.5 servers see
// only the version the connection reads.
func TestCommandTheReleaseLacksIsRefusedBeforeSending(t *testing.T) {
	for _, rel := range []string{"2.4.12", "2.5.11"} {
		t.Run(rel, func(t *testing.T) {
			srv, cfg := capturedFake(t, rel)
			c := fakeClient(t, srv.Addr(), cfg)
			_, err := c.Remotes(context.Background())
			var re *management.ReleaseError
			if !errors.As(err, &re) || !errors.Is(err, management.ErrNotInRelease) || re.Release != rel || re.Since != (management.Release{Major: 2, Minor: 6}) {
				t.Fatalf("Remotes on %s: %v, want a ReleaseError naming %s and 2.6", rel, err, rel)
			}
			if !strings.Contains(err.Error(), "nothing was sent") {
				t.Errorf("%q does not say nothing was sent", err)
			}
			if got := sentOn(srv); !slices.Equal(got, []string{fakemgmt.CapturedPassword, "version"}) {
				t.Errorf("sent %q; want only the password and version", got)
			}
			if _, err := c.PID(context.Background()); err != nil {
				t.Errorf("the next command: %v", err)
			}
		})
	}
}

// Once a status reply has told the client the daemon's mode, a command
// the mode does not answer is refused before sending: no command of the
// other mode, and no second status for the mode, reaches the wire.
func TestModeLearnedFromStatusRefusesBeforeSending(t *testing.T) {
	ctx := context.Background()
	t.Run("client", func(t *testing.T) {
		srv := clientModeFake(t)
		c := fakeClient(t, srv.Addr(), management.Config{})
		if st, err := c.Status(ctx); err != nil || st.Mode != management.ModeClient {
			t.Fatalf("status: %+v, %v", st, err)
		}
		for what, call := range map[string]func() error{
			"client-kill":  func() error { return c.ClientKill(ctx, 1, "") },
			"kill":         func() error { _, err := c.KillCommonName(ctx, "x"); return err },
			"ServerStatus": func() error { _, err := c.ServerStatus(ctx); return err },
		} {
			err := call()
			var me *management.ModeError
			if !errors.As(err, &me) || me.Sent || me.Mode != management.ModeClient || !errors.Is(err, management.ErrWrongMode) {
				t.Errorf("%s: %v, want a ModeError (client mode, not sent)", what, err)
			}
		}
		if n, k := countSent(srv, "status"), countSent(srv, "client-kill")+countSent(srv, "kill"); n != 1 || k != 0 {
			t.Errorf("sent %q: %d status, %d kills; want the one status and no kill", sentOn(srv), n, k)
		}
	})
	t.Run("server", func(t *testing.T) {
		d := fakemgmt.Daemon26()
		srv := fakemgmt.Start(t, d.Handle)
		c := fakeClient(t, srv.Addr(), management.Config{})
		if _, err := c.ServerStatus(ctx); err != nil {
			t.Fatal(err)
		}
		_, err := c.Remotes(ctx)
		var me *management.ModeError
		if !errors.As(err, &me) || me.Sent || me.Mode != management.ModeServer {
			t.Errorf("Remotes on a server: %v, want a ModeError (server mode, not sent)", err)
		}
		if n := countSent(srv, "remote-entry-get"); n != 0 {
			t.Errorf("remote-entry-get sent %d times", n)
		}
	})
}

// Before any status, the daemon's own refusal tells the mode: the first
// command of the other mode is sent and its "not supported" (with the
// restart check the client always makes behind it) becomes the same
// ModeError; the mode is kept, and the next one is refused before sending.
// No status is ever sent to learn the mode.
func TestModeLearnedFromTheDaemonsRefusal(t *testing.T) {
	ctx := context.Background()
	srv := clientModeFake(t)
	c := fakeClient(t, srv.Addr(), management.Config{})
	err := c.ClientKill(ctx, 1, "")
	var me *management.ModeError
	if !errors.As(err, &me) || !me.Sent || me.Mode != management.ModeClient || !strings.Contains(me.Reply, "not supported by the current daemon mode") {
		t.Fatalf("first client-kill: %v, want the daemon's refusal as a ModeError", err)
	}
	if _, err := c.ServerStatus(ctx); !errors.As(err, &me) || me.Sent {
		t.Errorf("ServerStatus after: %v, want a ModeError, not sent", err)
	}
	if err := c.ClientKill(ctx, 2, ""); !errors.As(err, &me) || me.Sent {
		t.Errorf("second client-kill: %v, want a ModeError, not sent", err)
	}
	want := []string{"version", "client-kill 1", "state"}
	if got := sentOn(srv); !slices.Equal(got, want) {
		t.Errorf("sent %q, want %q: no status for the mode, one client-kill", got, want)
	}
	// A new connection learns again: the daemon may have been restarted.
	_ = c.Close()
	if _, err := c.Remotes(ctx); err != nil {
		t.Errorf("Remotes on the client after reconnecting: %v", err)
	}
}

// The client's status report has no sessions: ServerStatus says so as a
// ModeError, and the second call sends nothing.
func TestServerStatusOnAClient(t *testing.T) {
	ctx := context.Background()
	srv := clientModeFake(t)
	c := fakeClient(t, srv.Addr(), management.Config{})
	for i := range 2 {
		_, err := c.ServerStatus(ctx)
		var me *management.ModeError
		if !errors.As(err, &me) || me.Sent != (i == 0) || me.Mode != management.ModeClient || me.What != "status ("+management.FormSessions+")" {
			t.Errorf("call %d: %v (%+v)", i+1, err, me)
		}
	}
	if n := countSent(srv, "status"); n != 1 {
		t.Errorf("%d status commands, want 1", n)
	}
}

// A line without a row never goes on the wire.
func TestUnlistedCommandIsNeverSent(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	_, err := c.Raw(context.Background(), "nclients", false)
	var ue *management.UnlistedError
	if !errors.As(err, &ue) {
		t.Fatalf("nclients: %v, want an UnlistedError", err)
	}
	if got := sentOn(srv); len(got) != 0 {
		t.Errorf("sent %q", got)
	}
}

// The table's rows are whole: a source for every fact, ranges that are
// ranges, modes that exist, one row per command and form.
func TestCapabilityTableRows(t *testing.T) {
	seen := map[string]bool{}
	for _, row := range management.Capabilities() {
		key := row.Command + "/" + row.Form
		if seen[key] {
			t.Errorf("%s: two rows", key)
		}
		seen[key] = true
		if row.Source == "" {
			t.Errorf("%s: no source", key)
		}
		if row.Since != (management.Release{}) && row.Before != (management.Release{}) && !(management.Version{Major: row.Before.Major, Minor: row.Before.Minor}).AtLeast(row.Since) {
			t.Errorf("%s: since %s, before %s", key, row.Since, row.Before)
		}
		for _, m := range row.Modes {
			if m != management.ModeServer && m != management.ModeClient {
				t.Errorf("%s: mode %q", key, m)
			}
		}
		if row.Form != "" && !seen[row.Command+"/"] {
			t.Errorf("%s: a form before (or without) the row of the command itself", key)
		}
	}
	rows := management.Capabilities()
	rows[0].Command = "changed"
	if management.Capabilities()[0].Command == "changed" {
		t.Error("Capabilities hands out the table itself")
	}
}

func TestParseRemote(t *testing.T) {
	for line, want := range map[string]management.Remote{
		"0,127.0.0.1,55377,udp,enabled":             {Index: 0, Host: "127.0.0.1", Port: "55377", Protocol: "udp", Enabled: true},
		"3,vpn.example.com,443,tcp-client,disabled": {Index: 3, Host: "vpn.example.com", Port: "443", Protocol: "tcp-client"},
		"1,odd,host,1194,udp6,enabled\r":            {Index: 1, Host: "odd,host", Port: "1194", Protocol: "udp6", Enabled: true},
	} {
		got, err := management.ParseRemote(line)
		if err != nil || got != want {
			t.Errorf("%q: %+v, %v; want %+v", line, got, err, want)
		}
	}
	for _, line := range []string{"", "0,h,1,udp", "x,h,1,udp,enabled", "0,h,1,udp,maybe"} {
		if _, err := management.ParseRemote(line); !errors.Is(err, management.ErrProtocol) {
			t.Errorf("%q: %v, want ErrProtocol", line, err)
		}
	}
}
