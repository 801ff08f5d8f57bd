package remote_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// Two daemons on one VPN host (one per profile, each with its own unix
// socket), read at the same time through one Hosts: one SSH login, one
// management session per daemon. Closing one Dialer leaves the other's
// connection open; closing the last closes it.
func TestHostsShareOneSSHConnection(t *testing.T) {
	l := startLab(t, true, remotelab.SSHDConfig{})
	second := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: password, ManagementUnix: true})
	var hosts remote.Hosts
	// Different timeouts do not make a different connection.
	dialers := sharing(t, &hosts, l.sshConfig(), 5*time.Second, 7*time.Second)
	d1, d2 := dialers[0], dialers[1]
	c1 := client(t, l.daemon.ManagementAddress, d1)
	c2 := client(t, second.ManagementAddress, d2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, c := range []*management.Client{c1, c2} {
		wg.Go(func() { _, errs[i] = c.Status(context.Background()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("status of daemon %d through the shared connection: %v", i+1, err)
		}
	}
	if n := strings.Count(l.sshd.Log(), "Accepted publickey"); n != 1 {
		t.Errorf("sshd logged %d logins for two daemons; want 1", n)
	}
	if n := hosts.Connections(); n != 1 || d1.SSHConnections() != 1 || d2.SSHConnections() != 1 {
		t.Errorf("%d SSH connections (dialers see %d and %d); want 1 shared", n, d1.SSHConnections(), d2.SSHConnections())
	}
	for _, srv := range []*openvpnlab.Server{l.daemon, second} {
		if n := managementConnections(t, srv); n != 1 {
			t.Errorf("daemon %d logged %d management sessions; want 1", srv.PID, n)
		}
	}

	// One Dialer let go: the other's connection stays.
	_ = c1.Close()
	_ = d1.Close()
	_ = c2.Close()
	if _, err := c2.Status(context.Background()); err != nil {
		t.Fatalf("status of daemon 2 after daemon 1's dialer closed: %v", err)
	}
	if n := hosts.Connections(); n != 1 {
		t.Errorf("%d SSH connections after one dialer closed; want the shared one kept", n)
	}
	// The last one let go: the connection is closed, and a new Dial opens
	// another.
	_ = c2.Close()
	_ = d2.Close()
	if _, err := c2.Status(context.Background()); err != nil {
		t.Fatalf("status after every dialer closed: %v", err)
	}
	if n := hosts.Connections(); n != 2 {
		t.Errorf("%d SSH connections; want a second one after the last dialer closed the first", n)
	}
}

// A Dialer that dials again after its Close holds its share again: the
// other Dialer's Close then leaves the connection to it, and its own next
// Close is the last one, which closes the connection.
func TestHostsDialerUsedAgainAfterClose(t *testing.T) {
	l := startLab(t, true, remotelab.SSHDConfig{})
	second := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: password, ManagementUnix: true})
	var hosts remote.Hosts
	dialers := sharing(t, &hosts, l.sshConfig(), 5*time.Second, 5*time.Second)
	d1, d2 := dialers[0], dialers[1]
	c1 := client(t, l.daemon.ManagementAddress, d1)
	c2 := client(t, second.ManagementAddress, d2)
	ctx := context.Background()
	status := func(what string, c *management.Client, want int) {
		t.Helper()
		if _, err := c.Status(ctx); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if n := hosts.Connections(); n != want {
			t.Fatalf("%s: %d SSH connections so far; want %d", what, n, want)
		}
	}
	status("daemon 1", c1, 1)
	status("daemon 2", c2, 1)
	_ = c1.Close()
	_ = d1.Close()
	status("daemon 1 after its dialer closed", c1, 1)
	_ = c2.Close()
	_ = d2.Close()
	status("daemon 1 after the other dialer closed", c1, 1)
	_ = c1.Close()
	_ = d1.Close()
	status("daemon 1 after its dialer closed again, the last", c1, 2)
}

// Dialers share only when every SSH setting that makes the connection is
// the same; a different user, port, key, host key or bastion makes its
// own.
func TestHostsShareOnlyTheSameSettings(t *testing.T) {
	dir := t.TempDir()
	keyA, keyB := remotelab.NewKey(t, dir, "a", "").Private, remotelab.NewKey(t, dir, "b", "").Private
	base := remote.SSHConfig{
		SSHHost:        remote.SSHHost{Host: "vpn1.example.com", User: "ops", PrivateKey: keyA},
		KnownHostsFile: "/home/ops/.ssh/known_hosts",
	}
	variants := map[string]func(c *remote.SSHConfig){
		"user":    func(c *remote.SSHConfig) { c.User = "root" },
		"port":    func(c *remote.SSHConfig) { c.Port = 2222 },
		"key":     func(c *remote.SSHConfig) { c.PrivateKey = keyB },
		"host":    func(c *remote.SSHConfig) { c.Host = "vpn2.example.com" },
		"bastion": func(c *remote.SSHConfig) { c.Bastion = &remote.SSHHost{Host: "jump", User: "ops", PrivateKey: keyA} },
		"known":   func(c *remote.SSHConfig) { c.KnownHostsFile = "/etc/ssh/ssh_known_hosts" },
	}
	for name, change := range variants {
		var hosts remote.Hosts
		same := base
		explicitPort := base
		explicitPort.Port = 22
		other := base
		change(&other)
		for _, c := range []remote.SSHConfig{base, same, explicitPort, other} {
			if _, err := hosts.New(remote.Config{SSH: &c}); err != nil {
				t.Fatal(err)
			}
		}
		if n := hosts.Tunnels(); n != 2 {
			t.Errorf("%s: %d distinct SSH connections for base, a copy, port 22 spelt out and a different %s; want 2", name, n, name)
		}
	}
}

// A forward that times out on a shared connection that still answers is
// the target's slowness, not the connection's: the connection stays, and
// the other daemon's session over it is not cut.
func TestHostsKeepASharedConnectionWhenOneTargetIsSlow(t *testing.T) {
	l := startLab(t, true, remotelab.SSHDConfig{})
	var hosts remote.Hosts
	dialers := sharing(t, &hosts, l.sshConfig(), 5*time.Second, time.Second)
	d1, d2 := dialers[0], dialers[1]
	c1 := client(t, l.daemon.ManagementAddress, d1)
	ctx := context.Background()
	if _, err := c1.Status(ctx); err != nil {
		t.Fatal(err)
	}
	// A port whose accept queue is full: sshd's connect to it never
	// completes, so the forward times out while the connection is fine.
	slow := fullBacklog(t)
	nc, err := d2.Dial(ctx, "tcp", slow)
	if err == nil {
		_ = nc.Close()
		t.Fatalf("forward to a full accept queue at %s succeeded; want a timeout", slow)
	}
	var te *remote.TimeoutError
	if !errorsAs(err, &te) {
		t.Fatalf("forward to a full accept queue = %v; want a TimeoutError", err)
	}
	if _, err := c1.Status(ctx); err != nil {
		t.Fatalf("status over the shared connection after the other forward timed out: %v", err)
	}
	if n := hosts.Connections(); n != 1 {
		t.Errorf("%d SSH connections; want the shared one kept", n)
	}
	if n := managementConnections(t, l.daemon); n != 1 {
		t.Errorf("daemon logged %d management sessions; want its one session not cut", n)
	}
}

// The daemons behind one SSH host that cannot be logged in to cost one
// timeout together: the second daemon's forward meets the first one's
// failure without dialling again.
func TestHostsRememberASharedHostsFailure(t *testing.T) {
	// An "SSH host" that accepts and never speaks: the handshake times out.
	peer := startStallingPeer(t, nil)
	var hosts remote.Hosts
	dialers := sharing(t, &hosts, peer.sshConfig(remotelab.NewKey(t, t.TempDir(), "k", "")), 300*time.Millisecond, 300*time.Millisecond)
	// The second daemon's error says it is a repeat: the first one's has
	// what to do.
	if te := stalledOnce[*remote.TimeoutError](t, dialEach(dialers)); te.Step != "handshake and authentication" {
		t.Errorf("TimeoutError step %q; want the SSH host's handshake", te.Step)
	}
	if n := peer.accepted(); n != 1 {
		t.Errorf("the SSH host was dialled %d times for two daemons; want once", n)
	}
}

// A shared SSH host whose key is not the one pinned fails once for all
// the daemons behind it, and each of them reads it as a host-key problem
// (never as an unreachable host): sshd saw one connection.
func TestHostsRememberASharedHostKeyFailure(t *testing.T) {
	sshd := remotelab.StartSSHD(t, remotelab.SSHDConfig{})
	dir := t.TempDir()
	user, other := remotelab.NewKey(t, dir, "user", ""), remotelab.NewKey(t, dir, "other", "")
	cfg := &remote.SSHConfig{SSHHost: remote.SSHHost{Host: sshd.Host, Port: sshd.Port, User: sshd.User,
		PrivateKey: user.Private, HostKey: other.Public}}
	var hosts remote.Hosts
	hk := onceThenRepeated[*remote.HostKeyError](t, dialEach(sharing(t, &hosts, cfg, 5*time.Second, 5*time.Second, 5*time.Second)))
	if !hk.Changed || !hk.Pinned {
		t.Errorf("%v: want the pinned key named as changed", hk)
	}
	if n := strings.Count(sshd.Log(), "Connection from"); n != 1 {
		t.Errorf("sshd logged %d connections for three daemons behind it; want 1", n)
	}
}

// A shared SSH host that did not answer within one daemon's timeout is
// tried again for a daemon whose timeout is longer (its own bound, which
// its error names), and not for one whose timeout is no longer.
func TestHostsTryASharedHostAgainWithALongerTimeout(t *testing.T) {
	peer := startStallingPeer(t, nil)
	var hosts remote.Hosts
	timeouts := []time.Duration{200 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 300 * time.Millisecond}
	dialers := sharing(t, &hosts, peer.sshConfig(remotelab.NewKey(t, t.TempDir(), "k", "")), timeouts...)
	wantDials := []int{1, 1, 2, 2}
	for i, d := range dialers {
		_, err := d.Dial(context.Background(), "unix", "/run/openvpn/server.sock")
		var te *remote.TimeoutError
		if !errorsAs(err, &te) || !strings.Contains(err.Error(), "within "+longest(timeouts[:i+1]...).String()) {
			t.Errorf("daemon %d (timeout %s): %v; want the handshake timeout of the longest bound tried", i+1, timeouts[i], err)
		}
		if n := peer.accepted(); n != wantDials[i] {
			t.Errorf("after daemon %d (timeout %s): the SSH host was dialled %d times; want %d", i+1, timeouts[i], n, wantDials[i])
		}
	}
}

func longest(ds ...time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		if d > m {
			m = d
		}
	}
	return m
}

// sharing makes one Dialer through hosts per timeout, all reaching the
// SSH host of cfg, as the provider does: every daemon's Dialer first,
// then the reads.
func sharing(t *testing.T, hosts *remote.Hosts, cfg *remote.SSHConfig, timeouts ...time.Duration) []*remote.Dialer {
	t.Helper()
	var dialers []*remote.Dialer
	for _, timeout := range timeouts {
		d, err := hosts.New(remote.Config{SSH: cfg, Timeout: timeout})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = d.Close() })
		dialers = append(dialers, d)
	}
	return dialers
}

// dialEach dials a daemon's unix socket through each Dialer in turn and
// returns the errors.
func dialEach(dialers []*remote.Dialer) []error {
	var errs []error
	for _, d := range dialers {
		nc, err := d.Dial(context.Background(), "unix", "/run/openvpn/server.sock")
		if err == nil {
			_ = nc.Close()
		}
		errs = append(errs, err)
	}
	return errs
}
