package management_test

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// The faults of the fail-fast tests, on real daemons.

func quickClient(t *testing.T, addr, password string) *management.Client {
	t.Helper()
	c, err := management.New(management.Config{Address: addr, Password: password, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// freeze stops the daemon (SIGSTOP) until the test ends.
func freeze(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGCONT) })
}

func TestRealFrozenDaemonCostsOneTimeout(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	c := quickClient(t, srv.ManagementAddress, labPassword)
	if _, err := c.PID(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	freeze(t, srv.PID)
	// Frozen in an open session: one timeout, seven repeats.
	firstAndRepeats(t, parallelStatus(c, 8), management.ErrTimeout)
	// A client that was not connected: the kernel accepts for the frozen
	// daemon, and no banner comes.
	fresh := quickClient(t, srv.ManagementAddress, labPassword)
	firstAndRepeats(t, parallelStatus(fresh, 8), management.ErrBusy)
}

func TestRealSecondClientCostsOneTimeout(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	first := quickClient(t, srv.ManagementAddress, labPassword)
	if _, err := first.PID(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	second := quickClient(t, srv.ManagementAddress, labPassword)
	firstAndRepeats(t, parallelStatus(second, 8), management.ErrBusy)
	// Count the connections the daemon saw: once the first client leaves,
	// it accepts the queued ones in order, so by the time a third client
	// is served every connection the second one left behind is logged.
	_ = first.Close()
	if _, err := dial(t, srv.ManagementAddress, labPassword).PID(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(srv.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), "MANAGEMENT: Client connected from"); n != 3 {
		t.Errorf("the daemon saw %d management connections, want 3: the first client, one from the second, the third", n)
	}
}

func TestRealHoldAfterSIGHUPIsNotWrongMode(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword})
	ctx := ctxT(t)
	c := dial(t, srv.ManagementAddress, labPassword)
	if err := c.SetHold(ctx, true); err != nil {
		t.Fatal(err)
	}
	if err := c.Signal(ctx, "SIGHUP"); err != nil {
		t.Fatal(err)
	}
	// Right after the signal the daemon is restarting, then it waits in
	// hold; at no point is the mode the reason.
	var last error
	if !waitFor(15*time.Second, func() bool {
		_, last = c.Status(ctx)
		if errors.Is(last, management.ErrWrongMode) || last != nil && !errors.Is(last, management.ErrRestarting) && !errors.Is(last, management.ErrHoldWaiting) {
			t.Fatalf("status during restart and hold: %v", last)
		}
		return errors.Is(last, management.ErrHoldWaiting)
	}) {
		t.Fatalf("status never reported the hold: %v", last)
	}
	if err := c.SetHold(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := c.HoldRelease(ctx); err != nil {
		t.Fatal(err)
	}
	if !waitFor(15*time.Second, func() bool { _, last = c.Status(ctx); return last == nil }) {
		t.Fatalf("status after hold release: %v", last)
	}
}

func TestRealManagementClientUserClosesOnConnect(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{
		ManagementUnix: true,
		ExtraArgs:      []string{"--management-client-user", "nobody"},
	})
	c := quickClient(t, srv.ManagementAddress, "")
	firstAndRepeats(t, parallelStatus(c, 4), management.ErrClosedOnConnect)
}

func TestRealUnixSocketWithoutPermission(t *testing.T) {
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, ManagementUnix: true})
	got := dialAsNobody(t, srv.ManagementAddress, labPassword)
	if got.UID != nobody || !got.Permission || !strings.Contains(got.Error, "nothing was sent") {
		t.Fatalf("a client run as uid %d got %q (ErrPermission: %v); want uid %d and ErrPermission saying nothing was sent",
			got.UID, got.Error, got.Permission, nobody)
	}
	// As root the same socket serves: the cause was the permission.
	if _, err := dial(t, srv.ManagementAddress, labPassword).PID(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}

func TestRealTruncatedStatusIsRecognisedAtOnce(t *testing.T) {
	openvpnlab.Require(t)
	if long, err := openvpnlab.BinaryTakesLongUsernames(); err != nil || !long {
		// Debian's build (what make test runs, where a skip fails the run)
		// has PKCS#11; a local build of another release may not.
		t.Skipf("needs an OpenVPN build with PKCS#11 ([PKCS11] in --version): others cut usernames to 128 bytes, too short to overflow the 512-byte status line (%v)", err)
	}
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, UsernameAuth: true})
	// The CLIENT_LIST line of this client is longer than the daemon's
	// 512-byte status line buffer, so the daemon drops it, the lines after
	// it and END.
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "long", Username: strings.Repeat("u", 450)})
	c, err := management.New(management.Config{Address: srv.ManagementAddress, Password: labPassword, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ctx := ctxT(t)
	_, err = c.Status(ctx)
	var te *management.TruncatedError
	if !errors.As(err, &te) || te.Lines == 0 {
		t.Fatalf("got %v, want a TruncatedError", err)
	}
	// The daemon answered the marker next, in order: the same connection
	// goes on in step.
	if pid, err := c.PID(ctx); err != nil || pid != srv.PID {
		t.Fatalf("pid after the truncated status = %d, %v; want %d", pid, err, srv.PID)
	}
}
