package management_test

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// These tests start real OpenVPN 2.6 daemons (root and /dev/net/tun are
// needed for the server's tun device; CI runs as root). They do not skip.

const labPassword = "s3cret pass" // a space: the password line is raw, not lexed

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dial(t *testing.T, addr, password string) *management.Client {
	t.Helper()
	c, err := management.New(management.Config{Address: addr, Password: password, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

type realLab struct {
	srv     *openvpnlab.Server
	alice1  *openvpnlab.Client
	alice2  *openvpnlab.Client
	john    *openvpnlab.Client
	clients []*openvpnlab.Client
}

// startLab starts a password-protected server with three clients: two
// share the common name "alice" (duplicate-cn), one is "Doe, John #1".
func startLab(t *testing.T, unix bool) realLab {
	t.Helper()
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementUnix: unix})
	l := realLab{srv: srv}
	l.alice1 = openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	l.alice2 = openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	l.john = openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "Doe, John #1"})
	l.clients = []*openvpnlab.Client{l.alice1, l.alice2, l.john}
	return l
}

func TestRealReadCommands(t *testing.T) {
	for _, unix := range []bool{false, true} {
		name := map[bool]string{false: "tcp", true: "unix"}[unix]
		t.Run(name, func(t *testing.T) {
			l := startLab(t, unix)
			ctx := ctxT(t)
			c := dial(t, l.srv.ManagementAddress, labPassword)

			v, err := c.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			rel := l.srv.Release
			if v.Release != rel.String() || v.ManagementVersion != rel.ManagementVersion() {
				t.Errorf("version = %+v, want release %s, management version %d", v, rel, rel.ManagementVersion())
			}

			st, err := c.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode != management.ModeServer || len(st.Clients) != 3 {
				t.Fatalf("status: mode %s, %d clients, want server with 3", st.Mode, len(st.Clients))
			}
			ids := map[uint64]bool{}
			cns := map[string]int{}
			for _, s := range st.Clients {
				ids[s.ClientID] = true
				cns[s.CommonName]++
				if s.RealAddress.IP != "127.0.0.1" || s.RealAddress.Port == 0 || s.VirtualAddress == "" || s.HasUsername {
					t.Errorf("session %+v", s)
				}
			}
			if len(ids) != 3 || cns["alice"] != 2 || cns["Doe, John #1"] != 1 {
				t.Errorf("client IDs %v, common names %v", ids, cns)
			}
			if len(st.Routes) < 3 {
				t.Errorf("routes = %d, want >= 3", len(st.Routes))
			}

			state, err := c.State(ctx)
			if err != nil || state.Name != "CONNECTED" || state.LocalIPv4 == "" {
				t.Errorf("state = %+v, %v", state, err)
			}
			hist, err := c.StateHistory(ctx, 0)
			if err != nil || len(hist) == 0 || hist[len(hist)-1].Name != "CONNECTED" {
				t.Errorf("state history = %+v, %v", hist, err)
			}
			logs, err := c.Log(ctx, 5)
			if err != nil || len(logs) == 0 || len(logs) > 5 {
				t.Errorf("log 5 = %d lines, %v", len(logs), err)
			}
			if _, err := c.Echo(ctx, 0); err != nil {
				t.Errorf("echo all: %v", err)
			}
			help, err := c.Help(ctx)
			if err != nil || len(help) < 10 {
				t.Errorf("help: %d lines, %v", len(help), err)
			}
			pid, err := c.PID(ctx)
			if err != nil || pid != l.srv.PID {
				t.Errorf("pid = %d (%v), want %d", pid, err, l.srv.PID)
			}
			ls, err := c.LoadStats(ctx)
			if err != nil || ls.Clients != 3 || ls.BytesIn == 0 {
				t.Errorf("load-stats = %+v, %v", ls, err)
			}
		})
	}
}

func TestRealSettings(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	ctx := ctxT(t)
	c := dial(t, srv.ManagementAddress, labPassword)

	if err := c.SetVerb(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Verb(ctx); err != nil || v != 5 {
		t.Errorf("verb after set 5 = %d, %v", v, err)
	}
	if err := c.SetVerb(ctx, 16); !errors.Is(err, management.ErrInvalidArgument) {
		t.Errorf("verb 16: %v, want ErrInvalidArgument before sending", err)
	}
	if err := c.SetMute(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Mute(ctx); err != nil || v != 10 {
		t.Errorf("mute = %d, %v", v, err)
	}
	if err := c.SetAuthRetry(ctx, "nointeract"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.AuthRetry(ctx); err != nil || v != "nointeract" {
		t.Errorf("auth-retry = %q, %v", v, err)
	}
	if err := c.SetAuthRetry(ctx, "bogus"); !errors.Is(err, management.ErrInvalidArgument) {
		t.Errorf("auth-retry bogus: %v", err)
	}
	if err := c.SetHold(ctx, true); err != nil {
		t.Fatal(err)
	}
	if h, err := c.Hold(ctx); err != nil || !h.Flag || h.Waiting {
		t.Errorf("hold after on = %+v, %v", h, err)
	}
	if err := c.SetHold(ctx, false); err != nil {
		t.Fatal(err)
	}
	if h, err := c.Hold(ctx); err != nil || h.Flag {
		t.Errorf("hold after off = %+v, %v", h, err)
	}
	if err := c.Signal(ctx, "SIGUSR2"); err != nil {
		t.Errorf("signal SIGUSR2: %v", err)
	}
	if err := c.Signal(ctx, "SIGKILL"); !errors.Is(err, management.ErrInvalidArgument) {
		t.Errorf("signal SIGKILL: %v", err)
	}
}

func TestRealKills(t *testing.T) {
	l := startLab(t, false)
	ctx := ctxT(t)
	c := dial(t, l.srv.ManagementAddress, labPassword)

	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var john management.Session
	for _, s := range st.Clients {
		if s.CommonName == "Doe, John #1" {
			john = s
		}
	}

	// The common name with a comma, a space and '#' goes through quoted.
	n, err := c.KillCommonName(ctx, "Doe, John #1")
	if err != nil || n != 1 {
		t.Fatalf("kill \"Doe, John #1\" = %d, %v", n, err)
	}
	if _, err := c.KillCommonName(ctx, "nobody"); !errors.Is(err, management.ErrNotFound) {
		t.Errorf("kill nobody: %v, want ErrNotFound", err)
	}
	if sessionWith(t, c, func(s management.Session) bool { return s.ClientID == john.ClientID }) {
		t.Errorf("client %d still listed after kill", john.ClientID)
	}

	// kill by address ends exactly that session.
	st, _ = c.Status(ctx)
	var target management.Session
	for _, s := range st.Clients {
		if s.CommonName == "alice" {
			target = s
			break
		}
	}
	n, err = c.KillAddress(ctx, target.RealAddress)
	if err != nil || n != 1 {
		t.Fatalf("kill %s = %d, %v", target.RealAddress.Raw, n, err)
	}
	if sessionWith(t, c, func(s management.Session) bool { return s.ClientID == target.ClientID }) {
		t.Errorf("client %d still listed after kill by address", target.ClientID)
	}

	// client-kill HALT: the client exits instead of reconnecting.
	st, _ = c.Status(ctx)
	var victim management.Session
	for _, s := range st.Clients {
		if s.CommonName == "alice" {
			victim = s
		}
	}
	before := map[int]bool{}
	for _, cl := range l.clients {
		before[cl.PID] = cl.Exited()
	}
	if err := c.ClientKill(ctx, victim.ClientID, management.KillHalt); err != nil {
		t.Fatal(err)
	}
	exited := waitFor(10*time.Second, func() bool {
		for _, cl := range l.clients {
			if !before[cl.PID] && cl.Exited() {
				return true
			}
		}
		return false
	})
	if !exited {
		t.Errorf("no client process exited after client-kill %d HALT", victim.ClientID)
	}
	if err := c.ClientKill(ctx, 999999, ""); !errors.Is(err, management.ErrNotFound) {
		t.Errorf("client-kill 999999: %v, want ErrNotFound", err)
	}
}

// sessionWith polls status for a few seconds and reports whether a
// session matching f is (still) there at the end.
func sessionWith(t *testing.T, c *management.Client, f func(management.Session) bool) bool {
	t.Helper()
	present := true
	waitFor(5*time.Second, func() bool {
		st, err := c.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		present = false
		for _, s := range st.Clients {
			if f(s) {
				present = true
			}
		}
		return !present
	})
	return present
}

func waitFor(d time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if ok() {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return ok()
}

func TestRealHandshakeFailures(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	ctx := ctxT(t)

	if _, err := dial(t, srv.ManagementAddress, "wrong").PID(ctx); !errors.Is(err, management.ErrBadPassword) {
		t.Errorf("wrong password: %v, want ErrBadPassword", err)
	} else if regexp.MustCompile(`wrong|s3cret`).MatchString(err.Error()) {
		t.Errorf("error reveals a password: %v", err)
	}
	if _, err := dial(t, srv.ManagementAddress, "").PID(ctx); !errors.Is(err, management.ErrPasswordRequired) {
		t.Errorf("no password: %v, want ErrPasswordRequired", err)
	}

	// OpenVPN serves one management client: the second gets silence.
	first := dial(t, srv.ManagementAddress, labPassword)
	if _, err := first.PID(ctx); err != nil {
		t.Fatal(err)
	}
	second, _ := management.New(management.Config{Address: srv.ManagementAddress, Password: labPassword, Timeout: 500 * time.Millisecond})
	if _, err := second.PID(ctx); !errors.Is(err, management.ErrBusy) {
		t.Errorf("second client: %v, want ErrBusy", err)
	}
	// Once the first leaves, the port is served again.
	_ = first.Close()
	if _, err := dial(t, srv.ManagementAddress, labPassword).PID(ctx); err != nil {
		t.Errorf("after the first client quit: %v", err)
	}
}

func TestRealRefused(t *testing.T) {
	c := dial(t, "tcp://127.0.0.1:1", "")
	if _, err := c.PID(ctxT(t)); !errors.Is(err, management.ErrRefused) {
		t.Errorf("port 1: %v, want ErrRefused", err)
	}
	c = dial(t, "unix:///nonexistent/mgmt.sock", "")
	if _, err := c.PID(ctxT(t)); !errors.Is(err, management.ErrRefused) {
		t.Errorf("missing socket: %v, want ErrRefused", err)
	}
}

func TestRealClientModeAndHold(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	cl := openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "held", ManagementHold: true})
	ctx := ctxT(t)
	c := dial(t, cl.ManagementAddress, "")

	h, err := c.Hold(ctx)
	if err != nil || !h.Waiting {
		t.Fatalf("hold on a --management-hold client = %+v, %v; want waiting", h, err)
	}
	if err := c.HoldRelease(ctx); err != nil {
		t.Fatal(err)
	}
	if h, _ := c.Hold(ctx); h.Waiting {
		t.Errorf("still waiting after hold release")
	}
	if !waitFor(15*time.Second, func() bool {
		s, err := c.State(management.Fresh(ctx))
		return err == nil && s.Name == "CONNECTED"
	}) {
		t.Fatalf("client did not reach CONNECTED after hold release")
	}
	st, err := c.Status(ctx)
	if err != nil || st.Mode != management.ModeClient || len(st.Statistics) == 0 {
		t.Errorf("client status = %+v, %v", st, err)
	}
	s, _ := c.State(ctx)
	if s.RemoteIP != "127.0.0.1" || s.RemotePort != srv.Port {
		t.Errorf("client state = %+v, want remote 127.0.0.1:%d", s, srv.Port)
	}
	if _, err := c.KillCommonName(ctx, "x"); !errors.Is(err, management.ErrWrongMode) {
		t.Errorf("kill on a client: %v, want ErrWrongMode", err)
	}
}

// Terraform runs resources in parallel: many goroutines share one client.
func TestRealConcurrentCallersShareOneConnection(t *testing.T) {
	l := startLab(t, false)
	ctx := ctxT(t)
	c := dial(t, l.srv.ManagementAddress, labPassword)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				var err error
				switch (i + j) % 4 {
				case 0:
					var st *management.Status
					st, err = c.Status(ctx)
					if err == nil && len(st.Clients) != 3 {
						err = errors.New("status lost clients")
					}
				case 1:
					_, err = c.Version(ctx)
				case 2:
					_, err = c.State(ctx)
				case 3:
					var pid int
					pid, err = c.PID(ctx)
					if err == nil && pid != l.srv.PID {
						err = errors.New("pid reply crossed with another command")
					}
				}
				if err != nil {
					errs <- err
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
