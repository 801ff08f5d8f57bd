package management_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// The end marker, the pump and Windows daemons (PROTOCOL.md §10, §11),
// against fakes of what a real daemon on Linux cannot show: proxies that
// refuse or swallow the marker, the Windows management loop, and
// openvpn-auth-oauth2's pass-through.

// forwarded dials like a transport that reaches the daemon through
// another program (Config.Dial), so the client pumps; it hands out the
// reply in reads of at most piece bytes (0: as they come), as a forward
// does.
func forwarded(piece int) func(ctx context.Context, network, target string) (net.Conn, error) {
	return func(ctx context.Context, network, target string) (net.Conn, error) {
		var d net.Dialer
		nc, err := d.DialContext(ctx, network, target)
		if err != nil || piece == 0 {
			return nc, err
		}
		return smallReads{nc, piece}, nil
	}
}

type smallReads struct {
	net.Conn
	piece int
}

func (s smallReads) Read(b []byte) (int, error) { return s.Conn.Read(b[:min(len(b), s.piece)]) }

func TestMarkerRefusedByAProxyEndsTheWait(t *testing.T) {
	// A proxy that allows only some commands answers the marker with an
	// error. The status before it is complete: every read succeeds at
	// once, and the marker is not pipelined again on that connection.
	srv := fakemgmt.Start(t, fakemgmt.Refusing(fakemgmt.Daemon26(), "pid").Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 2 * time.Second})
	for i := range 6 {
		st, err := c.Status(context.Background())
		if err != nil || len(st.Clients) != 5 {
			t.Fatalf("read %d: %d clients, %v; want the 5 of the complete reply", i+1, clientsOf(st), err)
		}
	}
	if got := strings.Join(srv.Conns()[0].Received(), "|"); got != "version|status 3|pid"+strings.Repeat("|status 3", 5) || srv.Accepted() != 1 {
		t.Errorf("wire: %q on %d connection(s); want the marker once, on one connection", got, srv.Accepted())
	}
}

func TestMarkerSwallowedByAProxyIsNoFailure(t *testing.T) {
	// A proxy that drops the marker without a word: the status is complete
	// at its END, the wait for the marker's answer is short, nothing is
	// reported (least of all a stopped daemon), and the marker is not sent
	// again on that connection.
	srv := fakemgmt.Start(t, fakemgmt.Swallowing(fakemgmt.Daemon26(), "pid").Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 2 * time.Second})
	for i := range 6 {
		st, err := c.Status(context.Background())
		if err != nil || len(st.Clients) != 5 {
			t.Fatalf("read %d: %d clients, %v; want the 5 of the complete reply", i+1, clientsOf(st), err)
		}
	}
	if v, err := c.Verb(context.Background()); err != nil || v != 3 {
		t.Fatalf("verb after the swallowed marker = %d, %v; want 3 (the connection in step)", v, err)
	}
	if got := strings.Join(srv.Conns()[0].Received(), "|"); got != "version|status 3|pid"+strings.Repeat("|status 3", 5)+"|verb" || srv.Accepted() != 1 {
		t.Errorf("wire: %q on %d connection(s); want the marker once, on one connection", got, srv.Accepted())
	}
}

func TestLateMarkerAnswerIsSkipped(t *testing.T) {
	// A marker's answer that comes later than the reply took (a slow proxy)
	// is not read as the next command's reply.
	base := fakemgmt.Daemon26()
	d := base.On("pid", func(c *fakemgmt.Conn) {
		time.Sleep(200 * time.Millisecond)
		base.Command(c, "pid")
	})
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 2 * time.Second})
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Verb(context.Background()); err != nil || v != 3 {
		t.Fatalf("verb = %d, %v; want 3, the late marker answer skipped", v, err)
	}
}

// cutAfterFirstStatus answers proxy's "status 3" with base's whole reply
// the first time, and after that with one the daemon cuts short (a line
// too long for it).
func cutAfterFirstStatus(proxy, base *fakemgmt.Daemon) *fakemgmt.Daemon {
	var reads atomic.Int32
	return proxy.On("status 3", func(c *fakemgmt.Conn) {
		if reads.Add(1) == 1 {
			base.Command(c, "status 3")
			return
		}
		c.Send(string(fakemgmt.StatusLongLine26.V3()))
	})
}

func TestTruncatedStatusBehindARefusingProxyIsRecognised(t *testing.T) {
	// Once the proxy has refused the marker, it probes a reply that stalls:
	// any answer says the reply has ended, here cut short.
	management.SetProbeQuiet(t, 100*time.Millisecond)
	base := fakemgmt.Daemon26()
	srv := fakemgmt.Start(t, cutAfterFirstStatus(fakemgmt.Refusing(base, "pid"), base).Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 5 * time.Second})
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Status(context.Background())
	var te *management.TruncatedError
	if !errors.As(err, &te) || te.Lines == 0 {
		t.Fatalf("second status: %v; want a TruncatedError", err)
	}
	if v, err := c.Verb(context.Background()); err != nil || v != 3 {
		t.Fatalf("verb = %d, %v; want 3 (the connection in step)", v, err)
	}
	if got := strings.Join(srv.Conns()[0].Received(), "|"); got != "version|status 3|pid|status 3|pid|verb" {
		t.Errorf("wire: %q; want the marker with the first status and as a probe after the second", got)
	}
}

func TestWindowsDaemonGetsNothingMidReply(t *testing.T) {
	// The Windows management loop discards the rest of a reply when input
	// arrives mid-reply. Through a forward (where the client pumps), no
	// pump byte and no pipelined marker may reach it: every reply whole.
	w := fakemgmt.Windows26()
	srv := fakemgmt.Start(t, w.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 5 * time.Second, Dial: forwarded(256)})
	ctx := context.Background()
	for range 2 {
		st, err := c.Status(ctx)
		if err != nil || len(st.Clients) != 5 {
			t.Fatalf("status: %d clients, %v; want 5", clientsOf(st), err)
		}
		logs, err := c.Log(ctx, 0)
		if err != nil || len(logs) < 40 {
			t.Fatalf("log all: %d lines, %v; want the whole capture (12 KB)", len(logs), err)
		}
	}
	if v, err := c.Version(ctx); err != nil || !v.Windows() {
		t.Fatalf("version = %+v, %v; want a Windows build", v, err)
	}
	if got := w.MidReply(); len(got) > 0 || w.Cut() > 0 {
		t.Errorf("input mid-reply %q cut %d replies; want none", got, w.Cut())
	}
	if got := strings.Join(srv.Conns()[0].Received(), "|"); got != "version|status 3|log all|status 3|log all" {
		t.Errorf("wire: %q; want no marker", got)
	}
}

func TestWindowsFakeCatchesPumpBytes(t *testing.T) {
	// The same loop with a Linux title gets the pump: the fake sees the
	// bytes mid-reply (a real Linux daemon reads them after the reply). This
	// is what the test above would see if the client pumped a Windows
	// daemon.
	w := fakemgmt.Windows26()
	w.Daemon = fakemgmt.Daemon26()
	srv := fakemgmt.Start(t, w.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: time.Second, Dial: forwarded(256)})
	_, _ = c.Log(context.Background(), 0) // cut short, so it times out
	if got := w.MidReply(); len(got) == 0 || strings.Trim(got[0], "\r") != "" {
		t.Errorf("input mid-reply %q; want pump bytes", got)
	}
}

func TestWindowsTruncatedStatusIsRecognised(t *testing.T) {
	// Without the pipelined marker, a Windows daemon's truncated status is
	// probed once its output has paused, after the rest of the reply could
	// have been cut: the answer says the reply ended short.
	management.SetProbeQuiet(t, 200*time.Millisecond)
	w := fakemgmt.Windows26()
	w.Daemon.Replies["status 3"] = string(fakemgmt.StatusLongLine26.V3())
	srv := fakemgmt.Start(t, w.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 10 * time.Second, Dial: forwarded(0)})
	_, err := c.Status(context.Background())
	var te *management.TruncatedError
	if !errors.As(err, &te) || te.Lines == 0 {
		t.Fatalf("status: %v; want a TruncatedError", err)
	}
	if pid, err := c.PID(context.Background()); err != nil || pid == 0 {
		t.Fatalf("pid after it = %d, %v; want the connection in step", pid, err)
	}
	if got := w.MidReply(); len(got) > 0 {
		t.Errorf("input mid-reply %q; want none", got)
	}
	if got := strings.Join(srv.Conns()[0].Received(), "|"); got != "version|status 3|pid|pid" {
		t.Errorf("wire: %q; want the marker only as the probe", got)
	}
}

func TestPassThroughTakesPumpBytes(t *testing.T) {
	// openvpn-auth-oauth2's pass-through reads whole lines (bufio.Scanner,
	// ScanLines) and trims each (strings.TrimSpace): a pump byte lands at
	// the start of the next command line and is trimmed off. So the client
	// pumps behind it as anywhere else; every command keeps its meaning,
	// the hold intercept included.
	p := fakemgmt.NewPassThrough()
	srv := fakemgmt.Start(t, fakemgmt.OneAtATime(p.Handle))
	c := fakeClient(t, srv.Addr(), management.Config{Password: fakemgmt.PassThroughPassword, Dial: forwarded(200)})
	ctx := context.Background()
	for range 3 {
		if st, err := c.Status(ctx); err != nil || len(st.Clients) != 3 {
			t.Fatalf("status: %d clients, %v", clientsOf(st), err)
		}
		if logs, err := c.Log(ctx, 0); err != nil || len(logs) != 103 {
			t.Fatalf("log all: %d lines, %v", len(logs), err)
		}
	}
	if v, err := c.Verb(ctx); err != nil || v != 3 {
		t.Fatalf("verb = %d, %v", v, err)
	}
	if _, err := c.Hold(ctx); !errors.Is(err, management.ErrHoldIntercepted) {
		t.Fatalf("hold: %v; want ErrHoldIntercepted", err)
	}
	pumped := 0
	for _, line := range sent(srv) {
		if strings.HasPrefix(line, "\r") {
			pumped++
		}
	}
	if pumped == 0 {
		t.Errorf("no command line began with a pump byte: %q", sent(srv))
	}
}

func clientsOf(st *management.Status) int {
	if st == nil {
		return -1
	}
	return len(st.Clients)
}

func TestTruncatedStatusBehindASwallowingProxyIsNamed(t *testing.T) {
	// A proxy that swallows the marker leaves nothing to tell a status cut
	// short from a stopped daemon: the timeout says so, as a fact of its
	// own, instead of reading as a daemon that stopped answering.
	base := fakemgmt.Daemon26()
	srv := fakemgmt.Start(t, cutAfterFirstStatus(fakemgmt.Swallowing(base, "pid"), base).Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 300 * time.Millisecond})
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Status(context.Background())
	if !errors.Is(err, management.ErrUnendedBehindProxy) || !errors.Is(err, management.ErrTimeout) {
		t.Fatalf("second status: %v; want a timeout naming the swallowed marker (ErrUnendedBehindProxy)", err)
	}
	if !strings.Contains(err.Error(), "lines came") {
		t.Errorf("second status: %q; want how much of the reply came", err)
	}
}

func TestSlowReplyBehindASwallowingProxyIsNoFailure(t *testing.T) {
	// The wait for a swallowed marker's answer lasts as long as the reply
	// took, but never past the command's deadline: a complete reply that
	// took more than half the timeout is still a success, not a timeout.
	base := fakemgmt.Daemon26()
	d := fakemgmt.Swallowing(base, "pid").On("status 3", func(c *fakemgmt.Conn) {
		time.Sleep(600 * time.Millisecond)
		base.Command(c, "status 3")
	})
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: time.Second})
	if st, err := c.Status(context.Background()); err != nil || len(st.Clients) != 5 {
		t.Fatalf("status: %d clients, %v; want the 5 of the complete reply", clientsOf(st), err)
	}
	if v, err := c.Verb(context.Background()); err != nil || v != 3 {
		t.Fatalf("verb after it = %d, %v; want 3 (the connection in step)", v, err)
	}
}
