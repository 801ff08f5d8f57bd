package management_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// A run against a daemon that cannot serve pays one timeout per client
// (one provider block), not one per object: these tests count connections
// and timeouts, never the clock.

// parallelStatus runs n Status calls at once, as Terraform reads n data
// sources, and returns their errors.
func parallelStatus(c *management.Client, n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Status(context.Background())
		}()
	}
	wg.Wait()
	return errs
}

// firstAndRepeats checks that exactly one error is a fresh failure and all
// others repeat it, each matching want.
func firstAndRepeats(t *testing.T, errs []error, want error) {
	t.Helper()
	fresh := 0
	for _, err := range errs {
		if !errors.Is(err, want) {
			t.Errorf("got %v, want %v", err, want)
		}
		var re *management.RepeatedError
		if !errors.As(err, &re) {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("%d of %d calls met the failure themselves, want 1 (the others repeat it at once)", fresh, len(errs))
	}
}

// failsOnceOnOneConnection makes calls parallel Status calls, through a
// client with cfg, to a daemon that runs handle: one call meets want and
// the others repeat it, all on one connection (why says what a second
// connection would cost).
func failsOnceOnOneConnection(t *testing.T, handle fakemgmt.Handler, cfg management.Config, calls int, want error, why string) {
	t.Helper()
	srv := fakemgmt.Start(t, handle)
	c := fakeClient(t, srv.Addr(), cfg)
	firstAndRepeats(t, parallelStatus(c, calls), want)
	if srv.Accepted() != 1 {
		t.Errorf("%d connections, want 1: %s", srv.Accepted(), why)
	}
}

func TestFakeFrozenDaemonCostsOneTimeout(t *testing.T) {
	// Frozen in the middle of an open session: the version was answered,
	// then nothing more (SIGSTOP, a hung script).
	srv := fakemgmt.Start(t, fakemgmt.Stall(fakemgmt.Daemon26(), "status 3"))
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 300 * time.Millisecond})
	errs := parallelStatus(c, 8)
	firstAndRepeats(t, errs, management.ErrTimeout)
	if srv.Accepted() != 1 {
		t.Errorf("accepted %d connections, want 1", srv.Accepted())
	}
	var ce *management.CommandError
	if !errors.As(errs[0], &ce) {
		t.Errorf("a timeout in an open session names the command: %v", errs[0])
	}
	// The same again on the next call, without a new connection.
	if _, err := c.PID(context.Background()); !errors.Is(err, management.ErrTimeout) || srv.Accepted() != 1 {
		t.Errorf("later call: %v after %d connections", err, srv.Accepted())
	}
}

func TestFakeHeldSlotCostsOneTimeout(t *testing.T) {
	failsOnceOnOneConnection(t, fakemgmt.Busy, management.Config{Timeout: 300 * time.Millisecond}, 8, management.ErrBusy,
		"each abandoned one fills the daemon's listen backlog of 1")
}

func TestFakeWrongPasswordIsSentOnce(t *testing.T) {
	failsOnceOnOneConnection(t, fakemgmt.WrongPasswordThenEOF, management.Config{Password: "not it"}, 6, management.ErrBadPassword,
		"the daemon logs each login, and repeated ones look like guessing")
}

// Every way in meets the remembered failure, not only commands: HoldWaiting
// (openvpn_state) and Version connect without a command of their own.
func TestFakeRememberedFailureStopsEveryWayIn(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.WrongPasswordThenEOF)
	c := fakeClient(t, srv.Addr(), management.Config{Password: "not it"})
	if _, err := c.Status(context.Background()); !errors.Is(err, management.ErrBadPassword) {
		t.Fatalf("status: %v", err)
	}
	var re *management.RepeatedError
	if _, err := c.HoldWaiting(context.Background()); !errors.As(err, &re) {
		t.Errorf("HoldWaiting: %v, want the repeated failure", err)
	}
	if _, err := c.Version(context.Background()); !errors.As(err, &re) {
		t.Errorf("Version: %v, want the repeated failure", err)
	}
	if srv.Accepted() != 1 {
		t.Errorf("%d logins, want 1", srv.Accepted())
	}
}

func TestFakeNoReplyCostsOneTimeout(t *testing.T) {
	// A peer that accepts the password and then says nothing at all.
	silent := func(c *fakemgmt.Conn) {
		c.Send(fakemgmt.PasswordPrompt)
		if _, err := c.ReadLine(); err == nil {
			c.Send(fakemgmt.PasswordCorrect)
		}
		fakemgmt.Busy(c)
	}
	failsOnceOnOneConnection(t, silent, management.Config{Password: "pw", Timeout: 300 * time.Millisecond}, 8, management.ErrTimeout,
		"each one costs another timeout")
}

func TestFakeRestartIsNotRemembered(t *testing.T) {
	// The daemon hangs up in the middle of a reply (a restart): the next
	// command connects again and succeeds.
	d := fakemgmt.Daemon26()
	srv := fakemgmt.Start(t, func(conn *fakemgmt.Conn) {
		if conn.Index() == 0 {
			fakemgmt.EOFMidReply(d, "status 3", "TITLE\tOpenVPN")(conn)
			return
		}
		d.Handle(conn)
	})
	c := fakeClient(t, srv.Addr(), management.Config{})
	if _, err := c.Status(context.Background()); !errors.Is(err, management.ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatalf("after the daemon came back: %v", err)
	}
}

// endless sends a status reply whose first line never ends, and counts the
// bytes it got onto the wire before the client hung up.
func endless(sent *atomic.Int64) fakemgmt.Handler {
	return fakemgmt.Daemon26().On("status 3", func(c *fakemgmt.Conn) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for n := 0; n < 1<<14; n++ { // at most 1 GiB, far past any limit
			if err := c.Write(chunk); err != nil {
				return
			}
			sent.Add(int64(len(chunk)))
		}
	}).Handle
}

func TestFakeEndlessLineStopsAtTheLineLimit(t *testing.T) {
	var sent atomic.Int64
	srv := fakemgmt.Start(t, endless(&sent))
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 5 * time.Second})
	_, err := c.Status(context.Background())
	var le *management.LimitError
	if !errors.As(err, &le) || !errors.Is(err, management.ErrTooLarge) {
		t.Fatalf("got %v, want a LimitError", err)
	}
	if le.Max != management.MaxReplyLineBytes || !strings.Contains(err.Error(), "262144 bytes") || !strings.Contains(err.Error(), "status 3") {
		t.Errorf("error does not name the command and the limit: %v", err)
	}
	// Read stops at the limit (plus at most one buffer fill).
	if le.Read > management.MaxReplyLineBytes+64<<10 {
		t.Errorf("read %d bytes of one line, limit %d", le.Read, management.MaxReplyLineBytes)
	}
	if c.Connected() {
		t.Error("connection kept after a limit was passed")
	}
	srv.Close() // the handler has returned: sent is final
	// Whatever the kernel buffered on loopback is all the peer got out.
	if sent.Load() > 64<<20 {
		t.Errorf("the peer wrote %d bytes before the client hung up", sent.Load())
	}
	t.Logf("client read %d bytes of the line; peer wrote %d bytes in all", le.Read, sent.Load())
}

func TestFakeReplyLimits(t *testing.T) {
	management.SetReplyLimits(t, 1024, 8<<10, 50)
	row := "CLIENT_LIST\t" + strings.Repeat("a", 500) + "\r\n"
	for _, tc := range []struct {
		name, reply, limit string
	}{
		{"line", "TITLE\t" + strings.Repeat("x", 2000) + "\r\nEND\r\n", "line length over 1024 bytes"},
		{"bytes", strings.Repeat(row, 40) + "END\r\n", "reply size over 8192 bytes"},
		{"lines", strings.Repeat("TITLE\tx\r\n", 100) + "END\r\n", "reply lines over 50 lines"},
		// Empty lines before a reply are skipped (the pass-through's), but
		// not without end.
		{"empty lines", strings.Repeat("\r\n", 100) + "END\r\n", "reply lines over 50 lines"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fakemgmt.Daemon26()
			d.Replies["status 3"] = tc.reply
			srv := fakemgmt.Start(t, d.Handle)
			c := fakeClient(t, srv.Addr(), management.Config{})
			_, err := c.Status(context.Background())
			if !errors.Is(err, management.ErrTooLarge) || !strings.Contains(err.Error(), tc.limit) {
				t.Fatalf("got %v, want %q", err, tc.limit)
			}
		})
	}
}

func TestFakeStatusWithNoReplyAtAll(t *testing.T) {
	// OpenVPN 2.7 with DCO can answer status with nothing when it cannot
	// fetch the peers' statistics; the marker's answer comes instead.
	d := fakemgmt.Daemon26().On("status 3", func(*fakemgmt.Conn) {})
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: time.Minute})
	_, err := c.Status(context.Background())
	var te *management.TruncatedError
	if !errors.As(err, &te) || te.Lines != 0 || !strings.Contains(err.Error(), "no reply at all") {
		t.Fatalf("got %v, want a TruncatedError with no lines", err)
	}
	if _, err := c.Status(context.Background()); !errors.As(err, &te) || srv.Accepted() != 1 {
		t.Errorf("second status: %v after %d connections; want the same answer on the same connection", err, srv.Accepted())
	}
}

const notSupported = "ERROR: The 'status' command is not supported by the current daemon mode\r\n"

func TestFakeWrongModeToldFromRestartAndHold(t *testing.T) {
	for _, tc := range []struct {
		name, afterBanner, state string
		want                     error
		words                    string
	}{
		{"restarting", "", "1795550806,RECONNECTING,SIGHUP,,,,,\r\nEND\r\n", management.ErrRestarting, "RECONNECTING SIGHUP"},
		{"starting", "", "END\r\n", management.ErrRestarting, "no state yet"},
		{"hold", ">HOLD:Waiting for hold release:0\r\n", "END\r\n", management.ErrHoldWaiting, "hold"},
		{"mode", "", "1795550806,CONNECTED,SUCCESS,10.8.0.11,127.0.0.1,11940,,\r\nEND\r\n", management.ErrWrongMode, "not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := fakemgmt.Daemon26()
			d.AfterBanner = tc.afterBanner
			d.Replies["status 3"] = notSupported
			d.Replies["state"] = tc.state
			srv := fakemgmt.Start(t, d.Handle)
			c := fakeClient(t, srv.Addr(), management.Config{})
			_, err := c.Status(context.Background())
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.words) {
				t.Fatalf("got %v, want %v saying %q", err, tc.want, tc.words)
			}
			if tc.want != management.ErrWrongMode && errors.Is(err, management.ErrWrongMode) {
				t.Errorf("%v is still reported as the wrong mode", err)
			}
			// Not remembered: the daemon will be up again.
			if _, err := c.PID(context.Background()); err != nil {
				t.Errorf("next command: %v", err)
			}
		})
	}
}

func TestFakePasswordFromAFileWithItsNewline(t *testing.T) {
	for _, pw := range []string{"s3cret pass\n", "s3cret pass\r\n"} {
		d := fakemgmt.Daemon26()
		d.Password = "s3cret pass"
		srv := fakemgmt.Start(t, d.Handle)
		c := fakeClient(t, srv.Addr(), management.Config{Password: pw})
		if _, err := c.PID(context.Background()); err != nil {
			t.Errorf("password %q: %v", pw, err)
		}
	}
	// A newline inside is still refused before anything is sent.
	if _, err := management.New(management.Config{Address: "tcp://127.0.0.1:1", Password: "a\nb"}); !errors.Is(err, management.ErrInvalidArgument) {
		t.Errorf("password with an inner newline: %v", err)
	}
}

func TestFakeEmptyLineBeforeTheMarkerAnswer(t *testing.T) {
	// openvpn-auth-oauth2's pass-through ends a reply that carried
	// notifications with an extra empty line.
	d := fakemgmt.Daemon26()
	d.Replies["status 3"] = ">LOG:1795895072,D,MANAGEMENT: CMD 'status 3'\r\n" + d.Replies["status 3"] + "\r\n"
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	st, err := c.Status(context.Background())
	if err != nil || len(st.Clients) == 0 {
		t.Fatalf("status = %+v, %v", st, err)
	}
	if pid, err := c.PID(context.Background()); err != nil || pid == 0 || srv.Accepted() != 1 {
		t.Fatalf("pid after it = %d, %v (%d connections)", pid, err, srv.Accepted())
	}
}

func TestFakeStatusOf130000ClientsReads(t *testing.T) {
	// The old 250,000-line bound refused this at once; the byte bound
	// leaves room for it.
	reply := fakemgmt.StatusV3(130_000)
	if len(reply) >= management.MaxReplyBytes/2 {
		t.Fatalf("fixture of %d bytes leaves the reply limit no margin", len(reply))
	}
	d := fakemgmt.Daemon26()
	d.Replies["status 3"] = string(reply)
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: time.Minute})
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Clients) != 130_000 || len(st.Routes) != 130_000 {
		t.Fatalf("%d sessions, %d routes; want 130000 each", len(st.Clients), len(st.Routes))
	}
	t.Logf("status of 130,000 clients: %d bytes", len(reply))
}

// A failure the dial hook says it met before (a shared SSH host that
// another daemon's client found unreachable) is kept as it is: said once
// to be a repeat, and not dialled again.
func TestRepeatedDialFailureIsKeptOnce(t *testing.T) {
	dials := 0
	met := &management.RepeatedError{Err: fmt.Errorf("SSH host 127.0.0.1:22: %w", management.ErrTimeout)}
	c, err := management.New(management.Config{Address: "unix:///run/openvpn/server.sock", Timeout: time.Second,
		Dial: func(context.Context, string, string) (net.Conn, error) { dials++; return nil, met }})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		_, err := c.Status(context.Background())
		if !errors.Is(err, management.ErrTimeout) || strings.Count(err.Error(), "not tried again") != 1 {
			t.Errorf("status %d: %v; want the timeout, said once to be a repeat", i+1, err)
		}
	}
	if dials != 1 {
		t.Errorf("%d dials; want 1", dials)
	}
}
