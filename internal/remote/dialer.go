package remote

import (
	"context"
	"crypto/tls"
	"net"
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
		if d.tunnel, err = newTunnel(*cfg.SSH, cfg.Timeout); err != nil {
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
		nc, err = d.tunnel.forward(ctx, base, target)
	} else {
		nd := net.Dialer{Timeout: d.timeout}
		if nc, err = nd.DialContext(ctx, base, target); err == nil {
			// A TLS terminator writes each reply in pieces too, and
			// would wait for our delayed ACK between them.
			nc = management.WithQuickAck(nc)
		}
	}
	if err != nil {
		return nil, err
	}
	if network == "tls" {
		return clientTLS(ctx, nc, d.tls, target, d.timeout)
	}
	return nc, nil
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

// Close closes the SSH connection, if any. The Dialer stays usable.
func (d *Dialer) Close() error {
	if d.tunnel != nil {
		d.tunnel.close()
	}
	return nil
}
