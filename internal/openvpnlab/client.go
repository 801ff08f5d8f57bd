package openvpnlab

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ClientConfig describes a client of a lab server.
type ClientConfig struct {
	// CommonName is the CN of the client's certificate. Any text openssl
	// accepts, including spaces, commas and '#' ("Doe, John #1"). Clients
	// with the same CN share one certificate (the server has --duplicate-cn).
	CommonName string
	// Username and Password are sent with --auth-user-pass when Username is
	// set; the server records them only with ServerConfig.UsernameAuth. An
	// empty Password is sent as "lab" (a one-line auth file would make the
	// daemon prompt on a terminal).
	Username, Password string
	// Management gives the client its own management port on 127.0.0.1,
	// without a password.
	Management bool
	// ManagementHold adds --management-hold (implies Management): the
	// client waits for "hold release" before connecting, and StartClient
	// returns as soon as it is waiting.
	ManagementHold bool
	// NoWait makes StartClient return once the process runs (and its
	// management port, if any, listens) instead of waiting for the tunnel.
	// Needed when the server has ClientAuth. See Client.WaitConnected.
	NoWait bool
	// ExtraArgs are appended to the daemon's command line.
	ExtraArgs []string
}

// Client is a running OpenVPN client daemon.
type Client struct {
	CommonName string
	// PID is the daemon's process id (and its process group id).
	PID int
	// ManagementAddress is "tcp://127.0.0.1:PORT", or "" without Management.
	ManagementAddress string
	// LogPath is the daemon's combined stdout/stderr.
	LogPath string
	// Args is the daemon's command line after the binary.
	Args []string

	d *daemon
}

// StartClient starts a client daemon that connects to s. Unless cc.NoWait
// or cc.ManagementHold is set, it returns once the client's log shows
// "Initialization Sequence Completed", by which time the server's status
// lists it. ctx bounds the start only.
func (s *Server) StartClient(ctx context.Context, cc ClientConfig) (*Client, error) {
	if cc.CommonName == "" {
		return nil, errors.New("openvpnlab: ClientConfig.CommonName is required")
	}
	if cc.ManagementHold {
		cc.Management = true
	}
	pair, err := s.pki.client(ctx, cc.CommonName)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.nextID++
	name := fmt.Sprintf("client-%d", s.nextID)
	s.mu.Unlock()

	c := &Client{CommonName: cc.CommonName, LogPath: filepath.Join(s.cfg.Dir, name+".log")}
	base := []string{
		// --dev null: the client never needs a tun device, even though the
		// server pushes topology and ifconfig (verified on 2.6.14).
		"--client", "--dev", "null", "--ifconfig-noexec", "--route-noexec", "--nobind",
		"--remote", "127.0.0.1", strconv.Itoa(s.Port), "udp",
		"--ca", s.pki.caCert, "--cert", pair.cert, "--key", pair.key,
		"--remote-cert-tls", "server",
		"--verb", "3",
	}
	if cc.Username != "" {
		auth := filepath.Join(s.cfg.Dir, name+".auth")
		pw := cc.Password
		if pw == "" {
			pw = "lab"
		}
		if strings.ContainsAny(cc.Username+pw, "\r\n") {
			return nil, errors.New("openvpnlab: username and password cannot contain line breaks")
		}
		if err := os.WriteFile(auth, []byte(cc.Username+"\n"+pw+"\n"), 0o600); err != nil {
			return nil, err
		}
		base = append(base, "--auth-user-pass", auth)
	}
	if cc.ManagementHold {
		base = append(base, "--management-hold")
	}

	markers := []string{logInitDone}
	switch {
	case cc.ManagementHold:
		markers = []string{logHoldWaiting}
	case cc.NoWait && cc.Management:
		markers = []string{logMgmtTCP}
	case cc.NoWait:
		markers = nil
	}

	for attempt := 0; ; attempt++ {
		var mgmt []string
		if cc.Management {
			port, err := freePort("tcp")
			if err != nil {
				return nil, err
			}
			c.ManagementAddress = "tcp://127.0.0.1:" + strconv.Itoa(port)
			mgmt = []string{"--management", "127.0.0.1", strconv.Itoa(port)}
		}
		c.Args = append(append(append([]string(nil), base...), mgmt...), cc.ExtraArgs...)
		c.d, err = startDaemon(s.bin, c.Args, c.LogPath, s.cfg.Detach)
		if err != nil {
			return nil, err
		}
		err = c.d.waitLog(ctx, "openvpn client "+strconv.Quote(cc.CommonName), markers...)
		if err == nil {
			break
		}
		c.d.stop()
		if !errors.Is(err, errBind) || attempt == 2 {
			return nil, fmt.Errorf("%w\ncommand: %s %s", err, s.bin, strings.Join(c.Args, " "))
		}
	}
	c.PID = c.d.pid()
	s.mu.Lock()
	s.clients = append(s.clients, c)
	s.mu.Unlock()
	return c, nil
}

// WaitConnected waits until the client's tunnel is up ("Initialization
// Sequence Completed"), for clients started with NoWait or held.
func (c *Client) WaitConnected(ctx context.Context) error {
	return c.d.waitLog(ctx, "openvpn client "+strconv.Quote(c.CommonName), logInitDone)
}

// Exited reports whether the client daemon has exited, for example after
// the server sent it HALT.
func (c *Client) Exited() bool { return c.d.exited() }

// Wait returns when the client daemon has exited, or ctx ends.
func (c *Client) Wait(ctx context.Context) error { return c.d.wait(ctx) }

// Stop ends the client (SIGTERM, SIGKILL after a grace period) and returns
// once it has been reaped. Idempotent.
func (c *Client) Stop() { c.d.stop() }
