package remote

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/vpnops/terraform-provider-openvpn/internal/deadline"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// SSHHost is one SSH hop.
type SSHHost struct {
	Host string
	Port int // 0 means 22
	User string
	// PrivateKey is an OpenSSH or PEM private key; "" means the agent.
	PrivateKey string
	Passphrase string
	// HostKey pins the host's public key; "" means the known_hosts file.
	HostKey string
}

// SSHConfig is the SSH host in front of the daemon, and optionally a
// bastion in front of that host.
type SSHConfig struct {
	SSHHost
	// KnownHostsFile is consulted for every hop without a HostKey.
	KnownHostsFile string
	// AgentSocket is the agent's socket (SSH_AUTH_SOCK), for hops
	// without a PrivateKey.
	AgentSocket string
	// Bastion, when set, is dialled first and the SSH host is reached
	// through it (like ssh -J).
	Bastion *SSHHost
}

// hop is an SSHHost ready to connect: checked, keys parsed.
type hop struct {
	role     Hop
	hostport string
	user     string
	creds    credentials
	hostKey  hostKeyCheck
}

func newHop(role Hop, h SSHHost, knownHosts, agentSocket string) (hop, error) {
	bastion := role == HopBastion
	if h.Host == "" {
		return hop{}, &ConfigError{Field: FieldHost, Bastion: bastion, Err: errors.New("is empty")}
	}
	if h.Port == 0 {
		h.Port = 22
	}
	if h.Port < 1 || h.Port > 65535 {
		return hop{}, &ConfigError{Field: FieldPort, Bastion: bastion, Err: fmt.Errorf("%d is not from 1 to 65535", h.Port)}
	}
	if h.User == "" {
		return hop{}, &ConfigError{Field: FieldUser, Bastion: bastion, Err: errors.New("is empty")}
	}
	hp := hop{role: role, hostport: net.JoinHostPort(h.Host, strconv.Itoa(h.Port)), user: h.User}
	if h.PrivateKey != "" {
		s, err := parsePrivateKey(h.PrivateKey, h.Passphrase)
		if err != nil {
			return hop{}, &ConfigError{Field: FieldPrivateKey, Bastion: bastion, Err: err}
		}
		hp.creds.signer = s
	} else {
		if agentSocket == "" {
			return hop{}, &ConfigError{Field: FieldPrivateKey, Bastion: bastion,
				Err: ErrNoAgent}
		}
		hp.creds.agentSocket = agentSocket
	}
	var err error
	if h.HostKey != "" {
		if hp.hostKey, err = pinnedHostKey(role, h.Host, h.HostKey); err != nil {
			return hop{}, &ConfigError{Field: FieldHostKey, Bastion: bastion, Err: err}
		}
	} else {
		if knownHosts == "" {
			return hop{}, &ConfigError{Field: FieldKnownHostsFile, Bastion: bastion, Err: ErrNoHostKeySource}
		}
		if hp.hostKey, err = knownHostsCheck(role, knownHosts, h.Host, h.Port); err != nil {
			return hop{}, &ConfigError{Field: FieldKnownHostsFile, Bastion: bastion, Err: err}
		}
	}
	return hp, nil
}

// tunnel is one SSH connection (and its bastion's), opened on first use
// and shared by every forward until it dies. Several Dialers may share one
// (see Hosts); each forward is bounded by its own Dialer's timeout.
type tunnel struct {
	host    hop
	bastion *hop

	mu      sync.Mutex
	client  *ssh.Client
	gone    chan struct{} // closed when client's connection has ended
	through *ssh.Client   // the bastion connection under client
	opened  int           // SSH connections to the host made so far
	users   int           // Dialers holding a share (see Hosts); 0 when not shared
	failed  error         // a shared tunnel's failure to connect, for the rest of the run (see open)
	// failedWithin is the timeout failed ran out of, when it is a timeout.
	failedWithin time.Duration
}

func newTunnel(cfg SSHConfig) (*tunnel, error) {
	host, err := newHop(HopHost, cfg.SSHHost, cfg.KnownHostsFile, cfg.AgentSocket)
	if err != nil {
		return nil, err
	}
	t := &tunnel{host: host}
	if cfg.Bastion != nil {
		b, err := newHop(HopBastion, *cfg.Bastion, cfg.KnownHostsFile, cfg.AgentSocket)
		if err != nil {
			return nil, err
		}
		t.bastion = &b
	}
	return t, nil
}

// forward opens a channel to target on the SSH host. A connection that
// turns out dead (the host rebooted, sshd restarted) is replaced once.
// The lock is held only to find or open the connection: channels to other
// targets over a shared connection open side by side.
func (t *tunnel) forward(ctx context.Context, network, target string, timeout time.Duration) (net.Conn, error) {
	for retried := false; ; retried = true {
		t.mu.Lock()
		c, gone, err := t.open(ctx, timeout)
		t.mu.Unlock()
		if err != nil {
			return nil, err
		}
		nc, err := openChannel(ctx, c, gone, t.host, network, target, timeout)
		var fe *ForwardError
		var te *TimeoutError
		switch {
		case err == nil:
			return nc, nil
		case errors.As(err, &te):
			// A connection that cannot open a channel in time is of no
			// further use, unless other Dialers share it and it still
			// answers: then only this target is slow, and their sessions
			// must not be cut.
			if !t.sharedAndAlive(c, timeout) {
				t.dropIf(c)
			}
			return nil, err
		case errors.As(err, &fe), retried, ctx.Err() != nil:
			return nil, err
		}
		t.dropIf(c)
	}
}

// connect returns the open connection, or opens one.
// The caller holds t.mu.
func (t *tunnel) connect(ctx context.Context, timeout time.Duration) (*ssh.Client, <-chan struct{}, error) {
	if t.client != nil {
		select {
		case <-t.gone:
			// The host went away while idle: a channel opened on the dead
			// connection could wait for an answer that never comes.
			t.drop()
		default:
			return t.client, t.gone, nil
		}
	}
	var nc net.Conn
	if t.bastion == nil {
		var err error
		if nc, err = dialTCP(ctx, t.host, timeout); err != nil {
			return nil, nil, err
		}
	} else {
		bnc, err := dialTCP(ctx, *t.bastion, timeout)
		if err != nil {
			return nil, nil, err
		}
		b, err := handshake(ctx, bnc, *t.bastion, timeout)
		if err != nil {
			return nil, nil, err
		}
		if nc, err = openChannel(ctx, b, nil, *t.bastion, "tcp", t.host.hostport, timeout); err != nil {
			_ = b.Close()
			return nil, nil, err
		}
		t.through = b
	}
	c, err := handshake(ctx, nc, t.host, timeout)
	if err != nil {
		t.drop()
		return nil, nil, err
	}
	t.client = c
	t.gone = make(chan struct{})
	go func(gone chan struct{}) {
		_ = c.Wait()
		close(gone)
	}(t.gone)
	t.opened++
	return c, t.gone, nil
}

// drop closes the connection (and the bastion's), so the next forward
// opens new ones.
func (t *tunnel) drop() {
	if t.client != nil {
		_ = t.client.Close()
		t.client = nil
	}
	if t.through != nil {
		_ = t.through.Close()
		t.through = nil
	}
}

// dropIf drops the connection if it is still c: another forward may have
// replaced it meanwhile.
func (t *tunnel) dropIf(c *ssh.Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.client == c {
		t.drop()
	}
}

func (t *tunnel) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.drop()
}

func dialTCP(ctx context.Context, h hop, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	nc, err := d.DialContext(ctx, "tcp", h.hostport)
	if err != nil {
		switch {
		case callerGaveUp(ctx) != nil:
			return nil, fmt.Errorf("%s %s: dial: %w", h.role, h.hostport, callerGaveUp(ctx))
		case isTimeout(err):
			return nil, &TimeoutError{Hop: h.role, Host: h.hostport, Step: "dial", Timeout: timeout.String()}
		}
		return nil, &UnreachableError{Hop: h.role, Host: h.hostport, Step: "dial", Err: err}
	}
	// sshd forwards a reply in several packets and leaves Nagle on for a
	// non-interactive session: without quick ACKs a reply that spans
	// packets would sometimes wait ~40 ms for our delayed ACK.
	return management.WithQuickAck(nc), nil
}

// handshake runs the SSH handshake and authentication on nc, both bounded
// by timeout and ctx. It closes nc on failure.
func handshake(ctx context.Context, nc net.Conn, h hop, timeout time.Duration) (*ssh.Client, error) {
	auth, tried, release, err := h.creds.methods(timeout)
	if err != nil {
		_ = nc.Close()
		return nil, &AuthError{Hop: h.role, Host: h.hostport, User: h.user, Methods: tried, Err: err}
	}
	defer release()
	_, stop := deadline.Bound(ctx, nc, timeout)
	cfg := &ssh.ClientConfig{
		User:              h.user,
		Auth:              auth,
		HostKeyCallback:   h.hostKey.callback,
		HostKeyAlgorithms: h.hostKey.algorithms,
		Timeout:           timeout,
	}
	conn, chans, reqs, err := ssh.NewClientConn(nc, h.hostport, cfg)
	stop()
	if err != nil {
		_ = nc.Close()
		return nil, handshakeError(ctx, h, tried, timeout, err)
	}
	_ = nc.SetDeadline(time.Time{})
	return ssh.NewClient(conn, chans, reqs), nil
}

func handshakeError(ctx context.Context, h hop, tried []string, timeout time.Duration, err error) error {
	var hk *HostKeyError
	switch {
	case errors.As(err, &hk):
		return hk
	case isAuthFailure(err):
		return &AuthError{Hop: h.role, Host: h.hostport, User: h.user, Methods: tried, Err: err}
	case callerGaveUp(ctx) != nil:
		return fmt.Errorf("%s %s: handshake: %w", h.role, h.hostport, callerGaveUp(ctx))
	case isTimeout(err):
		return &TimeoutError{Hop: h.role, Host: h.hostport, Step: "handshake and authentication", Timeout: timeout.String()}
	}
	return &UnreachableError{Hop: h.role, Host: h.hostport, Step: "handshake", Err: err}
}

// isAuthFailure recognises the client's verdict after every method was
// refused; x/crypto/ssh reports it as text only.
func isAuthFailure(err error) bool {
	return err != nil && containsAny(err.Error(), "unable to authenticate", "no supported methods remain")
}

// openChannel forwards to target: direct-tcpip for TCP, OpenSSH's
// direct-streamlocal@openssh.com for a unix socket. x/crypto/ssh's channel
// has no deadlines, so the open is raced against the timeout and the
// channel is handed out behind a pipe that has them.
//
// gone, when closed, means c's connection has ended: an open sent in the
// instant the connection died is never answered, so it is abandoned and
// the caller reconnects.
func openChannel(ctx context.Context, c *ssh.Client, gone <-chan struct{}, h hop, network, target string, timeout time.Duration) (net.Conn, error) {
	if network != "tcp" && network != "unix" {
		return nil, fmt.Errorf("%s %s: cannot forward to network %q", h.role, h.hostport, network)
	}
	done := make(chan dialResult, 1)
	go func() {
		nc, err := c.Dial(network, target)
		done <- dialResult{nc, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, forwardError(h, network, target, r.err)
		}
		return withDeadlines(r.nc, target), nil
	case <-gone:
		go closeLate(done)
		return nil, errConnectionGone
	case <-timer.C:
		go closeLate(done)
		if gaveUp := callerGaveUp(ctx); gaveUp != nil {
			return nil, fmt.Errorf("%s %s: forward to %s %s: %w", h.role, h.hostport, network, target, gaveUp)
		}
		return nil, &TimeoutError{Hop: h.role, Host: h.hostport, Step: "forward to " + network + " " + target, Timeout: timeout.String()}
	case <-ctx.Done():
		go closeLate(done)
		return nil, fmt.Errorf("%s %s: forward to %s %s: %w", h.role, h.hostport, network, target, ctx.Err())
	}
}

// errConnectionGone: the SSH connection ended under a forward; the tunnel
// reconnects.
var errConnectionGone = errors.New("ssh: connection closed")

type dialResult struct {
	nc  net.Conn
	err error
}

// closeLate closes a channel that opened after its caller gave up.
func closeLate(done <-chan dialResult) {
	if r := <-done; r.nc != nil {
		_ = r.nc.Close()
	}
}

// forwardError names the sshd option behind an administrative refusal;
// anything else that is not a refusal (the connection died) passes through
// so the caller can reconnect.
func forwardError(h hop, network, target string, err error) error {
	var oe *ssh.OpenChannelError
	if !errors.As(err, &oe) {
		return err
	}
	fe := &ForwardError{Hop: h.role, Host: h.hostport, Network: network, Target: target, Message: oe.Message}
	switch {
	case network == "unix":
		fe.Prohibited = oe.Reason == ssh.Prohibited
		fe.Option = "AllowStreamLocalForwarding"
	case oe.Reason == ssh.Prohibited:
		fe.Prohibited = true
		fe.Option = "AllowTcpForwarding"
	}
	return fe
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
