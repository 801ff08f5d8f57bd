package remote

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Hosts shares SSH connections between the Dialers of one run. Several
// daemons often sit on one VPN host (one OpenVPN process per profile and
// protocol, each with its own management socket): their Dialers reach the
// same SSH host the same way, and one SSH connection serves them all, with
// one channel per management session. The zero value is ready to use.
//
// Two Dialers share a connection when their SSH settings are the same:
// host, port, user, private key (or agent socket), host key (or
// known_hosts file), and the same for the bastion. Each forward is still
// bounded by its own Dialer's timeout.
type Hosts struct {
	mu      sync.Mutex
	tunnels map[string]*tunnel
}

// New is New(cfg), except that the Dialer shares its SSH connection with
// every other Dialer of h whose SSH settings are the same. Close releases
// the Dialer's share; the connection is closed when no Dialer holds one.
// Settings already seen are not checked again: an encrypted key's KDF
// costs ~0.1 s, once per host rather than once per daemon.
func (h *Hosts) New(cfg Config) (*Dialer, error) {
	if cfg.SSH == nil {
		return New(cfg)
	}
	key := tunnelKey(*cfg.SSH)
	h.mu.Lock()
	t, seen := h.tunnels[key]
	h.mu.Unlock()
	if seen {
		cfg.SSH = nil // checked when t was made
	}
	d, err := New(cfg)
	if err != nil {
		return nil, err
	}
	if seen {
		d.tunnel = t
	} else {
		h.mu.Lock()
		if t, seen = h.tunnels[key]; seen {
			d.tunnel = t // made meanwhile by another New
		} else {
			if h.tunnels == nil {
				h.tunnels = map[string]*tunnel{}
			}
			h.tunnels[key] = d.tunnel
		}
		h.mu.Unlock()
	}
	d.shared = true
	d.hold()
	return d, nil
}

// Connections is how many SSH connections h's Dialers opened so far, over
// all hosts.
func (h *Hosts) Connections() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, t := range h.tunnels {
		t.mu.Lock()
		n += t.opened
		t.mu.Unlock()
	}
	return n
}

// tunnelKey says which SSH settings make a connection: a digest, so the
// map holds no key material in the clear.
func tunnelKey(cfg SSHConfig) string {
	type hopKey struct {
		Host, User, PrivateKey, Passphrase, HostKey string
		Port                                        int
	}
	hk := func(h SSHHost) hopKey {
		port := h.Port
		if port == 0 {
			port = 22
		}
		return hopKey{Host: h.Host, User: h.User, PrivateKey: h.PrivateKey, Passphrase: h.Passphrase, HostKey: h.HostKey, Port: port}
	}
	k := struct {
		Host           hopKey
		Bastion        *hopKey
		KnownHostsFile string
		AgentSocket    string
	}{Host: hk(cfg.SSHHost), KnownHostsFile: cfg.KnownHostsFile, AgentSocket: cfg.AgentSocket}
	if cfg.Bastion != nil {
		b := hk(*cfg.Bastion)
		k.Bastion = &b
	}
	b, _ := json.Marshal(k) // strings and ints only: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// open is connect, except that a tunnel shared by several Dialers (daemons
// behind one SSH host) keeps its failure to connect for the rest of the
// run: the host that was unreachable, timed out or refused the login for
// one daemon is not tried again for the next, so the daemons behind it
// cost one timeout together, as one daemon does (each management client
// remembers its own failure), and say so ("not tried again"), unless the
// host timed out within a shorter timeout than the caller's. A caller
// giving up is not kept. The caller holds t.mu.
func (t *tunnel) open(ctx context.Context, timeout time.Duration) (*ssh.Client, <-chan struct{}, error) {
	if t.failed != nil && !t.failedSooner(timeout) {
		// Said as a repeat: the daemon that met it first has the error
		// with what to do; the others' would read as tried again.
		return nil, nil, &management.RepeatedError{Err: t.failed}
	}
	c, gone, err := t.connect(ctx, timeout)
	if err != nil && t.users > 1 && callerGaveUp(ctx) == nil {
		t.failed, t.failedWithin = err, timeout
	}
	return c, gone, err
}

// failedSooner reports whether the remembered failure is a step that ran
// out of a shorter timeout than this Dialer's: the daemons sharing a host
// may have different timeouts, and each is bounded by its own, so a
// longer one tries again.
func (t *tunnel) failedSooner(timeout time.Duration) bool {
	var te *TimeoutError
	return errors.As(t.failed, &te) && timeout > t.failedWithin
}

// acquire counts one more Dialer sharing t.
func (t *tunnel) acquire() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users++
}

// release drops one Dialer's share of t and closes the connection when
// it was the last.
func (t *tunnel) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.users--
	if t.users == 0 {
		t.drop()
	}
}

// sharedAndAlive reports whether other Dialers share t and c still
// answers a keepalive within timeout: then a forward that timed out met a
// slow target, not a dead connection.
func (t *tunnel) sharedAndAlive(c *ssh.Client, timeout time.Duration) bool {
	t.mu.Lock()
	shared := t.users > 1
	t.mu.Unlock()
	if !shared {
		return false
	}
	answered := make(chan error, 1)
	go func() {
		_, _, err := c.SendRequest("keepalive@openssh.com", true, nil)
		answered <- err
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err := <-answered:
		// OpenSSH refuses the unknown request, and that refusal is the
		// answer: only a dead connection returns an error.
		return err == nil
	case <-timer.C:
		return false
	}
}
