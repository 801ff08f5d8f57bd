package remote_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// A peer that stalls a handshake (a wedged terminator or sshd, a wrong
// service, a firewall that lets the connection through and drops the
// rest) costs a run one timeout, not one per object: these tests count
// the connections the peer accepted, never the clock.

// stallingPeer is a TCP listener on 127.0.0.1 that sends first to every
// connection it accepts and then says nothing more, holding the
// connection open until the test ends.
type stallingPeer struct {
	ln net.Listener
	mu sync.Mutex
	n  int
}

func startStallingPeer(t *testing.T, first []byte) *stallingPeer {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallingPeer{ln: ln}
	var held []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.n++
			held = append(held, c)
			p.mu.Unlock()
			_, _ = c.Write(first)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		for _, c := range held {
			_ = c.Close()
		}
	})
	return p
}

func (p *stallingPeer) addr() *net.TCPAddr {
	a, _ := p.ln.Addr().(*net.TCPAddr)
	return a
}

// accepted is how many connections the peer has accepted so far.
func (p *stallingPeer) accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// tlsRecordHeader opens a TLS handshake record (a ServerHello would follow)
// whose body never comes.
var tlsRecordHeader = []byte{0x16, 0x03, 0x03, 0x00, 0x40}

// sixObjects reads as six data sources of one provider block do, one
// after another through one client, and returns their errors.
func sixObjects(c *management.Client, ctx context.Context) []error {
	reads := []func() error{
		func() error { _, err := c.Status(ctx); return err },
		func() error { _, err := c.Version(ctx); return err },
		func() error { _, err := c.State(ctx); return err },
		func() error { _, err := c.LoadStats(ctx); return err },
		func() error { _, err := c.Status(ctx); return err },
		func() error { _, err := c.PID(ctx); return err },
	}
	errs := make([]error, len(reads))
	for i, read := range reads {
		errs[i] = read()
	}
	return errs
}

// onceThenRepeated checks that the first error is the fresh failure and
// every later one the RepeatedError ("not tried again") of it, all of type
// T, and returns the first.
func onceThenRepeated[T error](t *testing.T, errs []error) T {
	t.Helper()
	var first T
	for i, err := range errs {
		var typed T
		if !errorsAs(err, &typed) {
			t.Fatalf("object %d: %v; want a %T", i+1, err, typed)
		}
		var re *management.RepeatedError
		switch {
		case i == 0 && errors.As(err, &re):
			t.Errorf("object 1: %v; want the fresh failure", err)
		case i > 0 && !errors.As(err, &re):
			t.Errorf("object %d: %v; want it not tried again", i+1, err)
		}
		if i == 0 {
			first = typed
		}
	}
	return first
}

// stalledOnce is onceThenRepeated for a stall: the first error is also a
// management.ErrTimeout, which the management client remembers.
func stalledOnce[T error](t *testing.T, errs []error) T {
	t.Helper()
	first := onceThenRepeated[T](t, errs)
	if !errors.Is(errs[0], management.ErrTimeout) {
		t.Errorf("%v is not a management.ErrTimeout", errs[0])
	}
	return first
}

// sshConfig reaches the peer as an SSH host, logging in with key and
// pinning key's public half as the host key (the peer never gets as far
// as showing its own).
func (p *stallingPeer) sshConfig(key remotelab.Key) *remote.SSHConfig {
	return &remote.SSHConfig{SSHHost: remote.SSHHost{Host: "127.0.0.1", Port: p.addr().Port, User: "root",
		PrivateKey: key.Private, HostKey: key.Public}}
}

// tlsClient is a management client of a tls:// address with a short
// timeout, its CA irrelevant: no certificate ever arrives.
func tlsClient(t *testing.T, a *net.TCPAddr) *management.Client {
	t.Helper()
	ca := remotelab.NewCA(t, "stall CA")
	d := dialer(t, remote.Config{TLS: remote.TLSConfig{CACertificate: ca.CertPEM}, Timeout: 300 * time.Millisecond})
	c, err := management.New(management.Config{Address: "tls://" + a.String(), Timeout: 300 * time.Millisecond, Dial: d.Dial})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// A TLS peer that accepts and never answers, or sends a record header and
// stops, is dialled once for six objects; the handshake's timeout is a
// TLS timeout, remembered.
func TestTLSStallCostsOneConnection(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first []byte
	}{
		{"silent", nil},
		{"header-then-silence", tlsRecordHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			peer := startStallingPeer(t, tc.first)
			errs := sixObjects(tlsClient(t, peer.addr()), context.Background())
			le := stalledOnce[*remote.TLSError](t, errs)
			if le.Cause != remote.TLSTimeout {
				t.Errorf("TLSError cause %v (%v); want TLSTimeout", le.Cause, le)
			}
			if n := peer.accepted(); n != 1 {
				t.Errorf("the stalling peer accepted %d connections for 6 objects; want 1", n)
			}
		})
	}
}

// A caller that gives up (a cancelled context, or its own deadline before
// the timeout) is not a stalled peer: nothing is remembered, and the next
// object dials again.
func TestTLSCallerGivingUpIsNotRemembered(t *testing.T) {
	peer := startStallingPeer(t, tlsRecordHeader)
	d := dialer(t, remote.Config{TLS: remote.TLSConfig{CACertificate: remotelab.NewCA(t, "stall CA").CertPEM}, Timeout: time.Minute})
	c, err := management.New(management.Config{Address: "tls://" + peer.addr().String(), Timeout: time.Minute, Dial: d.Dial})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })

	cancelled, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = c.Status(cancelled)
	if !errors.Is(err, context.Canceled) || errors.Is(err, management.ErrTimeout) {
		t.Fatalf("status with a cancelled context = %v; want context.Canceled, not a timeout", err)
	}
	short, stop := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer stop()
	_, err = c.Status(short)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, management.ErrTimeout) {
		t.Fatalf("status past the caller's deadline = %v; want context.DeadlineExceeded, not a timeout", err)
	}
	var re *management.RepeatedError
	if errors.As(err, &re) {
		t.Fatalf("status after a cancelled call = %v; a caller giving up must not be remembered", err)
	}
	if n := peer.accepted(); n != 2 {
		t.Errorf("the peer accepted %d connections; want 2, each call dialling afresh", n)
	}
}

// The same for SSH: a port that accepts and never speaks, or sends its
// SSH banner and stops, is dialled once for six objects.
func TestSSHHandshakeStallCostsOneConnection(t *testing.T) {
	key := remotelab.NewKey(t, t.TempDir(), "k", "")
	for _, tc := range []struct {
		name  string
		first []byte
	}{
		{"silent", nil},
		{"banner-then-silence", []byte("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			peer := startStallingPeer(t, tc.first)
			d := dialer(t, remote.Config{SSH: peer.sshConfig(key), Timeout: 300 * time.Millisecond})
			c, err := management.New(management.Config{Address: "unix:///run/openvpn/server.sock", Timeout: 300 * time.Millisecond, Dial: d.Dial})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close() })
			te := stalledOnce[*remote.TimeoutError](t, sixObjects(c, context.Background()))
			if te.Step != "handshake and authentication" {
				t.Errorf("TimeoutError step %q; want the handshake", te.Step)
			}
			if n := peer.accepted(); n != 1 {
				t.Errorf("the stalling peer accepted %d connections for 6 objects; want 1", n)
			}
		})
	}
}

// A caller's deadline shorter than the timeout ends the SSH handshake as
// the caller's, not as a stalled host: the next call dials again.
func TestSSHCallerDeadlineIsNotRemembered(t *testing.T) {
	peer := startStallingPeer(t, nil)
	key := remotelab.NewKey(t, t.TempDir(), "k", "")
	d := dialer(t, remote.Config{SSH: peer.sshConfig(key), Timeout: time.Minute})
	c, err := management.New(management.Config{Address: "unix:///run/openvpn/server.sock", Timeout: time.Minute, Dial: d.Dial})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := c.Status(ctx)
		cancel()
		var te *remote.TimeoutError
		if !errors.Is(err, context.DeadlineExceeded) || errorsAs(err, &te) {
			t.Fatalf("call %d: %v; want the caller's context.DeadlineExceeded, not an SSH timeout", i+1, err)
		}
	}
	if n := peer.accepted(); n != 2 {
		t.Errorf("the peer accepted %d connections; want 2, each call dialling afresh", n)
	}
}

// sshd that stops answering after the connection is up (its session
// process frozen): the forward runs out of the timeout once, and every
// later object repeats it without opening another SSH connection.
func TestSSHForwardStallCostsOneConnection(t *testing.T) {
	l := startLab(t, true, remotelab.SSHDConfig{})
	d := dialer(t, remote.Config{SSH: l.sshConfig(), Timeout: 500 * time.Millisecond})
	c := client(t, l.daemon.ManagementAddress, d)
	ctx := context.Background()
	if _, err := c.Status(ctx); err != nil {
		t.Fatal(err)
	}
	_ = c.Close() // the next object opens a new forward on the same SSH connection
	l.sshd.Freeze(t)
	te := stalledOnce[*remote.TimeoutError](t, sixObjects(c, ctx))
	if te.Step != "forward to unix "+l.daemon.ManagementAddress[len("unix://"):] {
		t.Errorf("TimeoutError step %q; want the forward", te.Step)
	}
	if n := d.SSHConnections(); n != 1 {
		t.Errorf("%d SSH connections; want 1", n)
	}
}

// fullBacklog is a listening port on 127.0.0.1 whose accept queue is
// already full (backlog 0, one connection pending, never accepted), so the
// kernel drops every further SYN: a dial there runs out of its timeout,
// as behind a firewall that drops packets. It returns the address.
func fullBacklog(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		t.Fatalf("listener address %v", sa)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", in4.Port)
	pending, err := net.DialTimeout("tcp4", addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pending.Close() })
	return addr
}

// A TLS terminator that cannot be dialled within the timeout is dialled
// once: Go's dial timeout says it is a context.DeadlineExceeded, which
// must not read as the caller giving up.
func TestTLSDialTimeoutCostsOneDial(t *testing.T) {
	addr := fullBacklog(t)
	d := dialer(t, remote.Config{TLS: remote.TLSConfig{CACertificate: remotelab.NewCA(t, "CA").CertPEM}, Timeout: 300 * time.Millisecond})
	dials := 0
	count := func(ctx context.Context, network, target string) (net.Conn, error) {
		dials++
		return d.Dial(ctx, network, target)
	}
	c, err := management.New(management.Config{Address: "tls://" + addr, Timeout: 300 * time.Millisecond, Dial: count})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	errs := sixObjects(c, context.Background())
	for i, err := range errs {
		var re *management.RepeatedError
		if !errors.Is(err, management.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) || (i > 0) != errors.As(err, &re) {
			t.Errorf("object %d: %v; want a management.ErrTimeout, not a context error, repeated after the first", i+1, err)
		}
	}
	if dials != 1 {
		t.Errorf("%d dials for 6 objects; want 1", dials)
	}
}
