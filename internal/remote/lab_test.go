package remote_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

const password = "remote pass"

// lab is a daemon (TCP or unix management) behind a real sshd that lets a
// throw-away key log in.
type lab struct {
	daemon *openvpnlab.Server
	sshd   *remotelab.SSHD
	key    remotelab.Key
}

func startLab(t *testing.T, unix bool, cfg remotelab.SSHDConfig) lab {
	t.Helper()
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: password, ManagementUnix: unix})
	key := remotelab.NewKey(t, t.TempDir(), "user_ed25519", "")
	cfg.AuthorizedKeys = append(cfg.AuthorizedKeys, key.Public)
	return lab{daemon: srv, sshd: remotelab.StartSSHD(t, cfg), key: key}
}

// sshConfig reaches l's sshd with its key, the host key pinned.
func (l lab) sshConfig() *remote.SSHConfig {
	return &remote.SSHConfig{SSHHost: remote.SSHHost{
		Host: l.sshd.Host, Port: l.sshd.Port, User: l.sshd.User, PrivateKey: l.key.Private, HostKey: l.sshd.HostKey,
	}}
}

// client is a management client of l's daemon through d.
func client(t *testing.T, addr string, d *remote.Dialer) *management.Client {
	t.Helper()
	c, err := management.New(management.Config{Address: addr, Password: password, Timeout: 5 * time.Second, Dial: d.Dial})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(); _ = d.Close() })
	return c
}

func dialer(t *testing.T, cfg remote.Config) *remote.Dialer {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	d, err := remote.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// managementConnections counts the daemon's own log lines for accepted
// management clients.
func managementConnections(t *testing.T, srv *openvpnlab.Server) int {
	t.Helper()
	b, err := os.ReadFile(srv.LogPath)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "MANAGEMENT: Client connected")
}

// statusTwice reads status, lets the management session go (as the idle
// window does), and reads again: two management sessions, one SSH
// connection.
func statusTwice(t *testing.T, c *management.Client, d *remote.Dialer) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := c.Status(ctx); err != nil {
			t.Fatalf("status through SSH: %v", err)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if n := d.SSHConnections(); n != 1 {
		t.Errorf("%d SSH connections for two management sessions; want 1, reused", n)
	}
}

func TestSSHKeyToTCPAndUnixTargets(t *testing.T) {
	for _, unix := range []bool{false, true} {
		name := map[bool]string{false: "tcp", true: "unix"}[unix]
		t.Run(name, func(t *testing.T) {
			l := startLab(t, unix, remotelab.SSHDConfig{})
			d := dialer(t, remote.Config{SSH: l.sshConfig()})
			statusTwice(t, client(t, l.daemon.ManagementAddress, d), d)
			if n := managementConnections(t, l.daemon); n != 2 {
				t.Errorf("daemon logged %d management connections; want 2", n)
			}
			kind := map[bool]string{false: "server_request_direct_tcpip", true: "server_request_direct_streamlocal"}[unix]
			if !strings.Contains(l.sshd.Log(), kind) {
				t.Errorf("sshd's log does not mention a %s forward:\n%s", kind, l.sshd.Log())
			}
		})
	}
}

func TestSSHAgent(t *testing.T) {
	l := startLab(t, true, remotelab.SSHDConfig{})
	cfg := l.sshConfig()
	cfg.PrivateKey = ""
	cfg.AgentSocket = remotelab.StartAgent(t, l.key)
	d := dialer(t, remote.Config{SSH: cfg})
	statusTwice(t, client(t, l.daemon.ManagementAddress, d), d)
}

func TestSSHBastionAndKnownHosts(t *testing.T) {
	l := startLab(t, false, remotelab.SSHDConfig{})
	bastion := remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{l.key.Public}, NoStreamLocalForwarding: true})
	knownHosts := filepath.Join(t.TempDir(), "known_hosts")
	lines := l.sshd.KnownHostsLine() + "\n" + bastion.KnownHostsLine() + "\n"
	if err := os.WriteFile(knownHosts, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := l.sshConfig()
	cfg.HostKey = ""
	cfg.KnownHostsFile = knownHosts
	cfg.Bastion = &remote.SSHHost{Host: bastion.Host, Port: bastion.Port, User: bastion.User, PrivateKey: l.key.Private}
	d := dialer(t, remote.Config{SSH: cfg})
	statusTwice(t, client(t, l.daemon.ManagementAddress, d), d)
	if !strings.Contains(bastion.Log(), "Accepted publickey") {
		t.Errorf("the bastion logged no login:\n%s", bastion.Log())
	}

	// Failures at the bastion are named as the bastion's.
	other := remotelab.NewKey(t, t.TempDir(), "other", "")
	cfg.Bastion.HostKey = other.Public
	_, err := client(t, l.daemon.ManagementAddress, dialer(t, remote.Config{SSH: cfg})).Status(context.Background())
	var hk *remote.HostKeyError
	if !errorsAs(err, &hk) || hk.Hop != remote.HopBastion || !hk.Changed || !strings.Contains(err.Error(), "SSH bastion") {
		t.Errorf("status with a wrong bastion host key = %v; want a changed-key HostKeyError of the bastion", err)
	}
	closed := remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{l.key.Public}, NoTCPForwarding: true})
	cfg.Bastion = &remote.SSHHost{Host: closed.Host, Port: closed.Port, User: closed.User, PrivateKey: l.key.Private, HostKey: closed.HostKey}
	_, err = client(t, l.daemon.ManagementAddress, dialer(t, remote.Config{SSH: cfg})).Status(context.Background())
	var fe *remote.ForwardError
	if !errorsAs(err, &fe) || fe.Hop != remote.HopBastion || fe.Option != "AllowTcpForwarding" || fe.Target != cfg.Host+":"+fmt.Sprint(cfg.Port) {
		t.Errorf("status through a bastion that forbids forwarding = %v; want the bastion's ForwardError to the SSH host", err)
	}
}

// A host not in known_hosts, or presenting another key than the pinned
// one, is refused before anything reaches the daemon.
func TestSSHHostKeyUnknownOrChanged(t *testing.T) {
	l := startLab(t, false, remotelab.SSHDConfig{})
	other := remotelab.NewKey(t, t.TempDir(), "other", "")
	empty := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		hostKey, file string
		changed       bool
	}{
		{"unknown", "", empty, false},
		{"no-known-hosts-file", "", filepath.Join(t.TempDir(), "absent"), false},
		{"changed", other.Public, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := l.sshConfig()
			cfg.HostKey, cfg.KnownHostsFile = tc.hostKey, tc.file
			c := client(t, l.daemon.ManagementAddress, dialer(t, remote.Config{SSH: cfg}))
			_, err := c.Status(context.Background())
			var hk *remote.HostKeyError
			if !errorsAs(err, &hk) {
				t.Fatalf("status = %v; want a HostKeyError", err)
			}
			want, _ := remote.ParseHostKey(l.sshd.HostKey)
			if hk.Fingerprint != fingerprint(want) || hk.Changed != tc.changed || hk.Hop != remote.HopHost {
				t.Errorf("HostKeyError %+v; want fingerprint %s, changed %v", hk, fingerprint(want), tc.changed)
			}
			if !strings.Contains(err.Error(), hk.Fingerprint) {
				t.Errorf("error %q does not name the presented key's fingerprint", err)
			}
		})
	}
	if n := managementConnections(t, l.daemon); n != 0 {
		t.Errorf("daemon logged %d management connections; want none", n)
	}
	if strings.Contains(l.sshd.Log(), "Accepted publickey") {
		t.Errorf("the client authenticated to a host it did not trust:\n%s", l.sshd.Log())
	}
}

func TestSSHAuthenticationFailed(t *testing.T) {
	l := startLab(t, false, remotelab.SSHDConfig{})
	stranger := remotelab.NewKey(t, t.TempDir(), "stranger", "")
	cfg := l.sshConfig()
	cfg.PrivateKey = stranger.Private
	_, err := client(t, l.daemon.ManagementAddress, dialer(t, remote.Config{SSH: cfg})).Status(context.Background())
	var ae *remote.AuthError
	if !errorsAs(err, &ae) {
		t.Fatalf("status = %v; want an AuthError", err)
	}
	k, _ := remote.ParseHostKey(stranger.Public)
	if ae.User != "root" || len(ae.Methods) != 1 || !strings.Contains(ae.Methods[0], fingerprint(k)) {
		t.Errorf("AuthError %+v; want user root and the private_key method with %s", ae, fingerprint(k))
	}
	if strings.Contains(err.Error(), "PRIVATE KEY") {
		t.Errorf("the error quotes the private key: %v", err)
	}
	if n := managementConnections(t, l.daemon); n != 0 {
		t.Errorf("daemon logged %d management connections; want none", n)
	}
}

func TestSSHForwardingDisabled(t *testing.T) {
	for _, unix := range []bool{false, true} {
		l := startLab(t, unix, remotelab.SSHDConfig{NoTCPForwarding: true, NoStreamLocalForwarding: true})
		_, err := client(t, l.daemon.ManagementAddress, dialer(t, remote.Config{SSH: l.sshConfig()})).Status(context.Background())
		var fe *remote.ForwardError
		want := map[bool]string{false: "AllowTcpForwarding", true: "AllowStreamLocalForwarding"}[unix]
		// OpenSSH refuses a TCP forward as "administratively prohibited",
		// but a unix one only as "open failed", like a missing socket.
		if !errorsAs(err, &fe) || fe.Prohibited == unix || fe.Option != want || !strings.Contains(err.Error(), want) {
			t.Errorf("unix=%v: status = %v; want a ForwardError naming %s", unix, err, want)
		}
	}
}

// The daemon is not listening where the SSH host looks: the forward fails
// with the server's words, not a hang.
func TestSSHTargetNotListening(t *testing.T) {
	l := startLab(t, false, remotelab.SSHDConfig{})
	_, err := client(t, "unix:///nonexistent/mgmt.sock", dialer(t, remote.Config{SSH: l.sshConfig()})).Status(context.Background())
	var fe *remote.ForwardError
	if !errorsAs(err, &fe) || fe.Prohibited || fe.Target != "/nonexistent/mgmt.sock" {
		t.Fatalf("status = %v; want a ForwardError for the socket, not prohibited", err)
	}
	if fe.Option != "AllowStreamLocalForwarding" || !strings.Contains(err.Error(), "AllowStreamLocalForwarding") {
		t.Errorf("ForwardError %+v: a failed unix forward looks like a refused one to the client, so it must name the option too", fe)
	}
}

// sshd going away mid-run: the next command reconnects once and reports
// the host unreachable; it neither hangs nor reports the daemon.
func TestSSHDStoppedMidRun(t *testing.T) {
	l := startLab(t, true, remotelab.SSHDConfig{})
	d := dialer(t, remote.Config{SSH: l.sshConfig()})
	c := client(t, l.daemon.ManagementAddress, d)
	ctx := context.Background()
	if _, err := c.Status(ctx); err != nil {
		t.Fatal(err)
	}
	l.sshd.Stop()
	_, err := c.Status(ctx)
	var ue *remote.UnreachableError
	if !errorsAs(err, &ue) || ue.Hop != remote.HopHost {
		t.Fatalf("status after sshd stopped = %v; want an UnreachableError for the SSH host", err)
	}
}

func TestEncryptedKey(t *testing.T) {
	enc := remotelab.NewKey(t, t.TempDir(), "enc", "correct horse")
	l := startLab(t, true, remotelab.SSHDConfig{AuthorizedKeys: []string{enc.Public}})
	cfg := l.sshConfig()
	cfg.PrivateKey = enc.Private
	_, err := remote.New(remote.Config{SSH: cfg})
	var ce *remote.ConfigError
	if !errorsAs(err, &ce) || ce.Field != remote.FieldPrivateKey || !strings.Contains(err.Error(), "passphrase") {
		t.Fatalf("New with an encrypted key and no passphrase = %v; want a ConfigError asking for the passphrase", err)
	}
	// A wrong passphrase no error message would contain by chance.
	const wrongPassphrase = "Xq7-battery-staple-42"
	cfg.Passphrase = wrongPassphrase
	_, err = remote.New(remote.Config{SSH: cfg})
	if err == nil {
		t.Fatal("New with a wrong passphrase succeeded")
	}
	for _, secret := range []string{wrongPassphrase, "correct horse"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("New with a wrong passphrase = %v; it quotes the passphrase %q", err, secret)
		}
	}
	cfg.Passphrase = "correct horse"
	d := dialer(t, remote.Config{SSH: cfg})
	if _, err := client(t, l.daemon.ManagementAddress, d).Status(context.Background()); err != nil {
		t.Fatalf("status with the decrypted key: %v", err)
	}
	// A passphrase given for a key without one is ignored.
	cfg.PrivateKey = l.key.Private
	if _, err := remote.New(remote.Config{SSH: cfg}); err != nil {
		t.Fatalf("New with a passphrase for an unencrypted key: %v", err)
	}
}

// A port that accepts but never speaks SSH (a wedged sshd, a wrong
// service) ends in a TimeoutError of the handshake, not a hang.
func TestSSHHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c
		}
	}()
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listener address %v", ln.Addr())
	}
	port := addr.Port
	key := remotelab.NewKey(t, t.TempDir(), "k", "")
	cfg := &remote.SSHConfig{SSHHost: remote.SSHHost{Host: "127.0.0.1", Port: port, User: "root", PrivateKey: key.Private, HostKey: key.Public}}
	d := dialer(t, remote.Config{SSH: cfg, Timeout: 500 * time.Millisecond})
	_, err = client(t, "unix:///run/openvpn/server.sock", d).Status(context.Background())
	var te *remote.TimeoutError
	if !errorsAs(err, &te) || te.Step != "handshake and authentication" || te.Hop != remote.HopHost {
		t.Fatalf("status = %v; want a TimeoutError of the SSH handshake", err)
	}
	select {
	case c := <-accepted:
		_ = c.Close()
	default:
		t.Fatal("the silent port was never dialled")
	}
}
