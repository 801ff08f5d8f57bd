package management_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Faults a real daemon cannot be made to show on demand, played by the
// scripted fake server from real transcripts.

func fakeClient(t *testing.T, addr string, cfg management.Config) *management.Client {
	t.Helper()
	cfg.Address = addr
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second
	}
	c, err := management.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestFakeBusyPortIsErrBusy(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Busy)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 300 * time.Millisecond})
	_, err := c.PID(context.Background())
	if !errors.Is(err, management.ErrBusy) || !strings.Contains(err.Error(), "no banner came") {
		t.Fatalf("got %v, want ErrBusy that says what was seen", err)
	}
}

func TestFakeWrongPasswordIsErrBadPasswordAndTriesOnce(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.WrongPasswordThenEOF)
	c := fakeClient(t, srv.Addr(), management.Config{Password: "not it"})
	_, err := c.PID(context.Background())
	if !errors.Is(err, management.ErrBadPassword) {
		t.Fatalf("got %v, want ErrBadPassword", err)
	}
	if strings.Contains(err.Error(), "not it") {
		t.Errorf("error reveals the password: %v", err)
	}
	// One try: a second wrong guess would bring the daemon's lockout closer.
	if got := srv.Conns()[0].Received(); len(got) != 1 {
		t.Errorf("sent %d password lines, want 1", len(got))
	}
}

func TestFakeEOFMidReplyIsErrClosedAndReconnects(t *testing.T) {
	d := fakemgmt.Daemon26()
	srv := fakemgmt.Start(t, fakemgmt.EOFMidReply(d, "status 3", "TITLE\tOpenVPN 2.6.14\r\nTIME\t2026"))
	c := fakeClient(t, srv.Addr(), management.Config{})
	_, err := c.Status(context.Background())
	if !errors.Is(err, management.ErrClosed) || !strings.Contains(err.Error(), "status 3") {
		t.Fatalf("got %v, want ErrClosed naming the command", err)
	}
	// The next command dials again.
	if _, err := c.PID(context.Background()); err != nil {
		t.Fatal(err)
	}
	if srv.Accepted() != 2 {
		t.Errorf("accepted %d connections, want 2", srv.Accepted())
	}
}

func TestFakeStallTimesOutAndDropsTheConnection(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Stall(fakemgmt.Daemon26(), "status 3"))
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 300 * time.Millisecond})
	_, err := c.Status(context.Background())
	if !errors.Is(err, management.ErrTimeout) || !strings.Contains(err.Error(), "status 3") {
		t.Fatalf("got %v, want ErrTimeout naming the command", err)
	}
	if c.Connected() {
		t.Error("a connection whose reply never finished must be dropped: a late reply would answer the next command")
	}
}

func TestFakeContextCancelInterruptsARead(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Stall(fakemgmt.Daemon26(), "status 3"))
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Status(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("cancel took %s", time.Since(start))
	}
}

func TestFakeTruncatedStatusWithoutEND(t *testing.T) {
	// A status line of 512+ bytes makes the daemon drop it and everything
	// after it, END included. The marker command sent after status answers
	// at once, so no timeout is spent and the connection stays in step.
	d := fakemgmt.Daemon26()
	d.Replies["status 3"] = string(fakemgmt.StatusLongLine26.V3())
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: time.Minute})
	_, err := c.Status(context.Background())
	var te *management.TruncatedError
	if !errors.As(err, &te) || !errors.Is(err, management.ErrTruncated) || te.Lines == 0 || !strings.Contains(err.Error(), "512 bytes") {
		t.Fatalf("got %v, want a TruncatedError that names the 512-byte line limit", err)
	}
	if errors.Is(err, management.ErrTimeout) {
		t.Fatalf("a truncated reply must not be a timeout: %v", err)
	}
	if pid, err := c.PID(context.Background()); err != nil || pid == 0 {
		t.Fatalf("next command on the same connection: %d, %v", pid, err)
	}
	if srv.Accepted() != 1 {
		t.Errorf("accepted %d connections, want 1: a truncated reply leaves the connection in step", srv.Accepted())
	}
	if got := srv.Conns()[0].Received(); strings.Join(got, "|") != "version|status 3|pid|pid" {
		t.Errorf("wire: %q, want the marker right after status", got)
	}
}

func TestFakeGarbageGreetingIsErrProtocol(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Garbage("SSH-2.0-OpenSSH_9.2p1\r\n"))
	c := fakeClient(t, srv.Addr(), management.Config{})
	_, err := c.PID(context.Background())
	if !errors.Is(err, management.ErrProtocol) || !strings.Contains(err.Error(), "SSH-2.0") {
		t.Fatalf("got %v, want ErrProtocol quoting the greeting", err)
	}
}

func TestFakeNotificationsInterleavedWithReplies(t *testing.T) {
	d := fakemgmt.Daemon26().Before("pid", fakemgmt.LogNotification+fakemgmt.EstablishedNotification)
	srv := fakemgmt.Start(t, d.Handle)
	var mu sync.Mutex
	var got []management.Notification
	c := fakeClient(t, srv.Addr(), management.Config{OnNotification: func(n management.Notification) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, n)
	}})
	pid, err := c.PID(context.Background())
	if err != nil || pid <= 0 {
		t.Fatalf("pid = %d, %v", pid, err)
	}
	mu.Lock()
	defer mu.Unlock()
	var log, est *management.Notification
	for i := range got {
		switch {
		case got[i].Type == "LOG":
			log = &got[i]
		case got[i].Type == "CLIENT" && strings.HasPrefix(got[i].Text, "ESTABLISHED,"):
			est = &got[i]
		}
	}
	if log == nil || est == nil {
		t.Fatalf("notifications = %+v; want a LOG and a CLIENT:ESTABLISHED block", got)
	}
	if est.Env["common_name"] == "" || len(est.Env) < 10 {
		t.Errorf("ESTABLISHED block env = %v", est.Env)
	}
}

func TestFakeHoldBannerIsRemembered(t *testing.T) {
	d := fakemgmt.Daemon26()
	d.AfterBanner = ">HOLD:Waiting for hold release:0\r\n"
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	h, err := c.Hold(context.Background())
	if err != nil || !h.Waiting {
		t.Fatalf("hold = %+v, %v; want waiting", h, err)
	}
}

func TestFakeUnprefixedLinesBeforeErrorAreKept(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	_, err := c.Raw(context.Background(), "auth-retry bogus", false)
	var ce *management.CommandError
	if !errors.As(err, &ce) || ce.Reply != "bad auth-retry parameter" || len(ce.Detail) != 1 || !strings.Contains(ce.Detail[0], "must be 'interact'") {
		t.Fatalf("got %#v", err)
	}
	// The connection is still in step: the next reply is the next command's.
	if v, err := c.Verb(context.Background()); err != nil || v != 3 {
		t.Errorf("verb after the error = %d, %v", v, err)
	}
}

func TestFakeRawRefusesCommandsThatDesync(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	for _, line := range []string{"version 3", "state on all", "test 3", "# comment", `\#x`, "", "quit", "kill a\nsignal SIGTERM", "kill a\tb"} {
		if _, err := c.Raw(context.Background(), line, false); !errors.Is(err, management.ErrInvalidArgument) {
			t.Errorf("Raw(%q) = %v, want ErrInvalidArgument", line, err)
		}
	}
	if srv.Accepted() != 0 {
		t.Errorf("refused lines must be refused before connecting; %d connections", srv.Accepted())
	}
}

func TestFakeInjectionNeverReachesTheWire(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	ctx := context.Background()
	if _, err := c.PID(ctx); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("A", 1007) + "pid"
	for _, cn := range []string{"alice\nsignal SIGTERM", "alice\r", "al\tice", "a\x00b", "a\x7fb", long, strings.Repeat("x", 257)} {
		if _, err := c.KillCommonName(ctx, cn); !errors.Is(err, management.ErrInvalidArgument) {
			t.Errorf("kill %q: %v, want ErrInvalidArgument", cn, err)
		}
	}
	if got := srv.Conns()[0].Received(); len(got) != 2 || got[1] != "pid" {
		t.Errorf("the wire saw %q; want only the version probe and pid", got)
	}
}

func TestFakeIdleCloseReleasesThePort(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.OneAtATime(fakemgmt.Daemon26().Handle))
	c := fakeClient(t, srv.Addr(), management.Config{IdleClose: 100 * time.Millisecond})
	if _, err := c.PID(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for c.Connected() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if c.Connected() {
		t.Fatal("still connected after the idle window")
	}
	// Another tool can now get the port at once.
	other := fakeClient(t, srv.Addr(), management.Config{Timeout: 500 * time.Millisecond})
	if _, err := other.PID(context.Background()); err != nil {
		t.Fatalf("another client after idle close: %v", err)
	}
	if got := srv.Conns()[0].Received(); got[len(got)-1] != "quit" {
		t.Errorf("idle close should say quit; the wire saw %q", got)
	}
}

func TestFakeCachedReadsShareOneAnswerUntilAWrite(t *testing.T) {
	settings := fakemgmt.NewSettings(3, 0, "none", false)
	srv := fakemgmt.Start(t, fakemgmt.Daemon26With(settings).Handle)
	c := fakeClient(t, srv.Addr(), management.Config{CacheReads: true})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Status(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	count := func(cmd string) (n int) {
		for _, l := range srv.Conns()[0].Received() {
			if l == cmd {
				n++
			}
		}
		return n
	}
	if n := count("status 3"); n != 1 {
		t.Errorf("40 concurrent reads sent status 3 %d times, want 1", n)
	}
	if v, _ := c.Verb(ctx); v != 3 {
		t.Fatalf("verb = %d", v)
	}
	if err := c.SetVerb(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Verb(ctx); v != 5 {
		t.Errorf("verb after a write = %d, want 5 (the write must invalidate the cache)", v)
	}
	if _, err := c.Status(management.Fresh(ctx)); err != nil {
		t.Fatal(err)
	}
	if n := count("status 3"); n != 2 {
		t.Errorf("Fresh must bypass the cache; status 3 sent %d times", n)
	}
}

func TestFakeOtherReleasesStatus(t *testing.T) {
	for name, st := range map[string]fakemgmt.Status{"2.4": fakemgmt.Status24, "2.7": fakemgmt.Status27, "ipv6": fakemgmt.StatusRoutes26, "tap": fakemgmt.StatusTAP26} {
		t.Run(name, func(t *testing.T) {
			d := fakemgmt.Daemon26()
			d.Replies["status 3"] = string(st.V3())
			srv := fakemgmt.Start(t, d.Handle)
			c := fakeClient(t, srv.Addr(), management.Config{})
			got, err := c.Status(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Clients) != len(st.Clients) || len(got.Clients) == 0 {
				t.Fatalf("%d sessions, want %d", len(got.Clients), len(st.Clients))
			}
			for _, s := range got.Clients {
				if s.RealAddress.Raw == "" || s.ConnectedSince.IsZero() || s.CommonName == "" {
					t.Errorf("session %+v", s)
				}
			}
		})
	}
}

func TestFakeTenThousandClients(t *testing.T) {
	d := fakemgmt.Daemon26()
	d.Replies["status 3"] = string(fakemgmt.StatusV3(10000))
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 10 * time.Second})
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := map[uint64]bool{}
	for _, s := range st.Clients {
		ids[s.ClientID] = true
	}
	if len(st.Clients) != 10000 || len(ids) != 10000 || len(st.Routes) != 10000 {
		t.Fatalf("%d sessions (%d unique IDs), %d routes; want 10000 each", len(st.Clients), len(ids), len(st.Routes))
	}
}

func TestFakeUnixSocket(t *testing.T) {
	srv := fakemgmt.StartUnix(t, t.TempDir(), fakemgmt.Daemon26().Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	if v, err := c.Version(context.Background()); err != nil || v.Release != "2.6.14" {
		t.Fatalf("version over unix = %+v, %v", v, err)
	}
}

// OpenVPN 2.7 kills by PROTO:IP:port; the 2.6 form would be read as a
// common name there.
func TestFakeKillAddressFollowsTheRelease(t *testing.T) {
	d := fakemgmt.Daemon26()
	d.Replies["version"] = "OpenVPN Version: OpenVPN 2.7.0 x86_64-pc-linux-gnu [SSL (OpenSSL)]\r\nManagement Version: 5\r\nEND\r\n"
	d.Replies[`kill "udp:1.2.3.4:5678"`] = "SUCCESS: 1 client(s) at address udp:1.2.3.4:5678 killed\r\n"
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{})
	n, err := c.KillAddress(context.Background(), management.Address{Raw: "udp4:1.2.3.4:5678", Protocol: "udp4", IP: "1.2.3.4", Port: 5678})
	if err != nil || n != 1 {
		t.Fatalf("kill on 2.7 = %d, %v", n, err)
	}
	_, err = c.KillAddress(context.Background(), management.Address{Raw: "1.2.3.4:5678", IP: "1.2.3.4", Port: 5678})
	if !errors.Is(err, management.ErrInvalidArgument) {
		t.Errorf("kill without protocol on 2.7: %v, want ErrInvalidArgument", err)
	}
	_, err = c.KillAddress(context.Background(), management.Address{Raw: "udp6:[2001:db8::1]:5678", Protocol: "udp6", IP: "2001:db8::1", Port: 5678})
	if !errors.Is(err, management.ErrInvalidArgument) {
		t.Errorf("kill of an IPv6 peer: %v, want ErrInvalidArgument", err)
	}
}

// A write whose reply was lost may still have taken effect: nothing read
// before it may be served from the cache afterwards.
func TestFakeLostWriteReplyClearsTheCache(t *testing.T) {
	var mu sync.Mutex
	verb := 3
	d := fakemgmt.Daemon26().
		On("verb", func(c *fakemgmt.Conn) {
			mu.Lock()
			defer mu.Unlock()
			c.Send(fmt.Sprintf("SUCCESS: verb=%d\r\n", verb))
		}).
		On("verb 5", func(c *fakemgmt.Conn) {
			mu.Lock()
			defer mu.Unlock()
			verb = 5 // applied, but the reply is lost
			c.Close()
		})
	srv := fakemgmt.Start(t, d.Handle)
	c := fakeClient(t, srv.Addr(), management.Config{CacheReads: true})
	ctx := context.Background()
	if v, _ := c.Verb(ctx); v != 3 {
		t.Fatalf("verb = %d", v)
	}
	if err := c.SetVerb(ctx, 5); !errors.Is(err, management.ErrClosed) {
		t.Fatalf("set verb 5: %v, want the connection closed", err)
	}
	if v, err := c.Verb(ctx); err != nil || v != 5 {
		t.Errorf("verb after a timed-out write = %d, %v; want 5 read from the daemon", v, err)
	}
}

// A caller that gives up while waiting for the banner is told so, not
// that the port is busy.
func TestFakeCancelDuringConnectIsNotBusy(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Busy)
	c := fakeClient(t, srv.Addr(), management.Config{Timeout: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.PID(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, management.ErrBusy) {
		t.Fatalf("got %v, want context.DeadlineExceeded and not ErrBusy", err)
	}
}

// The daemon dropping an idle connection (a restart) costs a read one
// reconnect, not a failure.
func TestFakeReadReconnectsAfterTheDaemonHungUp(t *testing.T) {
	d := fakemgmt.Daemon26()
	srv := fakemgmt.Start(t, func(conn *fakemgmt.Conn) {
		if conn.Index() == 0 {
			d.On("pid", func(c *fakemgmt.Conn) {
				d.Command(c, "pid")
				c.Close() // hang up right after answering
			}).Handle(conn)
			return
		}
		d.Handle(conn)
	})
	c := fakeClient(t, srv.Addr(), management.Config{})
	ctx := context.Background()
	if _, err := c.PID(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.State(ctx); err != nil {
		t.Fatalf("read after the daemon hung up: %v", err)
	}
	if srv.Accepted() != 2 {
		t.Errorf("accepted %d connections, want 2", srv.Accepted())
	}
}

func TestNotificationStringHidesEnv(t *testing.T) {
	n := management.Notification{Type: "CLIENT", Text: "CONNECT,0,1", Env: map[string]string{"password": "hunter2", "common_name": "alice"}}
	if s := n.String(); strings.Contains(s, "hunter2") || !strings.Contains(s, "CONNECT,0,1") {
		t.Errorf("String() = %q", s)
	}
	if s := fmt.Sprintf("%v", n); strings.Contains(s, "hunter2") {
		t.Errorf("%%v = %q", s)
	}
}
