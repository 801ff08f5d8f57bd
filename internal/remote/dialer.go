package remote

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"syscall"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Config is every remote setting of one provider block.
type Config struct {
	// SSH, when set, reaches the daemon's address from this SSH host.
	SSH *SSHConfig
	// TLS is used for tls:// addresses.
	TLS TLSConfig
	// Timeout bounds each step: TCP dial, SSH handshake with
	// authentication, each forward, the TLS handshake.
	Timeout time.Duration
}

// Dialer opens management connections as management.Config.Dial wants.
type Dialer struct {
	tunnel  *tunnel
	tls     *tls.Config
	timeout time.Duration
	// shared: the tunnel came from Hosts, and Close releases this
	// Dialer's share of it instead of closing it; held says whether the
	// Dialer holds a share now (from Hosts.New or its latest Dial until
	// Close).
	shared bool
	mu     sync.Mutex
	held   bool
}

// New checks cfg (keys parse, host keys parse, the CA holds a certificate)
// and returns a Dialer. It does not connect.
func New(cfg Config) (*Dialer, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	d := &Dialer{timeout: cfg.Timeout}
	var err error
	if d.tls, err = newTLSConfig(cfg.TLS); err != nil {
		return nil, err
	}
	if cfg.SSH != nil {
		if d.tunnel, err = newTunnel(*cfg.SSH); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Dial connects to target: through the SSH host when one is configured,
// and with TLS on top when network is "tls".
func (d *Dialer) Dial(ctx context.Context, network, target string) (net.Conn, error) {
	base := network
	if network == "tls" {
		base = "tcp"
	}
	var nc net.Conn
	var err error
	if d.tunnel != nil {
		if d.shared {
			d.hold()
		}
		nc, err = d.tunnel.forward(ctx, base, target, d.timeout)
	} else {
		nc, err = dialDirect(ctx, base, target, d.timeout)
	}
	if err != nil {
		return nil, err
	}
	if network == "tls" {
		return clientTLS(ctx, nc, d.tls, target, d.timeout)
	}
	return nc, nil
}

// dialDirect connects to a TLS terminator without SSH. Go's dial timeout
// error says it is a context.DeadlineExceeded, which would read as the
// caller giving up: a dial that runs out of the timeout while the caller
// waits is reported as management.ErrTimeout, and a refusal as
// management.ErrRefused, as the management client reports its own dials.
func dialDirect(ctx context.Context, network, target string, timeout time.Duration) (net.Conn, error) {
	nd := net.Dialer{Timeout: timeout}
	nc, err := nd.DialContext(ctx, network, target)
	switch {
	case err == nil:
		// A TLS terminator writes each reply in pieces too, and would wait
		// for our delayed ACK between them.
		return management.WithQuickAck(nc), nil
	case callerGaveUp(ctx) != nil:
		return nil, fmt.Errorf("dial %s: %w", target, callerGaveUp(ctx))
	case isTimeout(err):
		return nil, fmt.Errorf("dial %s: %w after %s", target, management.ErrTimeout, timeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return nil, fmt.Errorf("dial %s: %w", target, management.ErrRefused)
	}
	return nil, err
}

// SSHConnections is how many SSH connections to the host were opened so
// far: one per run unless one died.
func (d *Dialer) SSHConnections() int {
	if d.tunnel == nil {
		return 0
	}
	d.tunnel.mu.Lock()
	defer d.tunnel.mu.Unlock()
	return d.tunnel.opened
}

// Close closes the SSH connection, if any; a connection shared through
// Hosts is closed when the last Dialer sharing it is closed. The Dialer
// stays usable: its next Dial connects again (and holds a share again).
func (d *Dialer) Close() error {
	switch {
	case d.tunnel == nil:
	case d.shared:
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.held {
			d.held = false
			d.tunnel.release()
		}
	default:
		d.tunnel.close()
	}
	return nil
}

// hold takes a share of the shared tunnel unless the Dialer holds one:
// a Dialer used again after Close must keep the connection open for
// itself, and its next Close must let it go.
func (d *Dialer) hold() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.held {
		d.tunnel.acquire()
		d.held = true
	}
}
