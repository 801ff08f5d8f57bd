package remotelab

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// SSHDConfig describes a test sshd. The zero value allows TCP and unix
// socket forwarding.
type SSHDConfig struct {
	// AuthorizedKeys are the public key lines that may log in (as root).
	AuthorizedKeys []string
	// NoTCPForwarding sets AllowTcpForwarding no.
	NoTCPForwarding bool
	// NoStreamLocalForwarding sets AllowStreamLocalForwarding no.
	NoStreamLocalForwarding bool
	// HostCA, when set, certifies the host key (HostCertificate): sshd
	// then offers the certificate as well as the plain key.
	HostCA *Key
	// HostCertPrincipals are the names the host certificate is valid
	// for; none means the address, "127.0.0.1".
	HostCertPrincipals []string
	// HostCertValidity is the certificate's validity in ssh-keygen -V's
	// form ("20200101:20200102"); "" means from an hour ago for a day.
	HostCertValidity string
}

// SSHD is a running OpenSSH server on 127.0.0.1.
type SSHD struct {
	Host    string // "127.0.0.1"
	Port    int
	HostKey string // the host's public key line, for host_key
	// HostCertificate is the host certificate's line when HostCA is set.
	HostCertificate string
	User            string // who logs in: "root"
	LogPath         string
	p               *process
}

// StartSSHD starts /usr/sbin/sshd -D with a throw-away host key and the
// settings of a typical VPN host (no PAM, no passwords, keys only). It logs
// at DEBUG1, so a test can read which key logged in and what was
// forwarded.
func StartSSHD(t testing.TB, cfg SSHDConfig) *SSHD {
	t.Helper()
	if os.Geteuid() != 0 {
		// make test runs as root and fails on any skip.
		t.Skip("real-sshd test: needs root (sshd logs the test in as root) and /usr/sbin/sshd")
	}
	// sshd refuses to start without its privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	host := NewKey(t, dir, "host_ed25519", "")
	auth := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(auth, []byte(strings.Join(cfg.AuthorizedKeys, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	certificate, certLine := "", ""
	if cfg.HostCA != nil {
		principals := cfg.HostCertPrincipals
		if len(principals) == 0 {
			principals = []string{"127.0.0.1"}
		}
		var path string
		path, certLine = CertifyHost(t, *cfg.HostCA, host, cfg.HostCertValidity, principals...)
		certificate = "HostCertificate " + path + "\n"
	}
	yesNo := func(no bool) string {
		if no {
			return "no"
		}
		return "yes"
	}
	for attempt := 0; ; attempt++ {
		port := freePort(t)
		conf := filepath.Join(dir, "sshd_config")
		text := fmt.Sprintf(`ListenAddress 127.0.0.1
Port %d
HostKey %s
%sPidFile none
AuthorizedKeysFile %s
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AllowTcpForwarding %s
AllowStreamLocalForwarding %s
LogLevel DEBUG1
`, port, host.Path, certificate, auth, yesNo(cfg.NoTCPForwarding), yesNo(cfg.NoStreamLocalForwarding))
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		logPath := filepath.Join(dir, fmt.Sprintf("sshd-%d.log", attempt))
		p := start(t, logPath, "/usr/sbin/sshd", "-D", "-e", "-f", conf)
		if waitEither(p, "Server listening on", "Address already in use") == "Server listening on" {
			return &SSHD{Host: "127.0.0.1", Port: port, HostKey: host.Public, HostCertificate: certLine, User: "root", LogPath: logPath, p: p}
		}
		p.stop()
		if attempt == 3 {
			t.Fatalf("remotelab: sshd could not bind a port:\n%s", p.log())
		}
	}
}

// KnownHostsLine is this server's line for a known_hosts file.
func (s *SSHD) KnownHostsLine() string {
	return fmt.Sprintf("[%s]:%d %s", s.Host, s.Port, s.HostKey)
}

// Log is what sshd has logged so far.
func (s *SSHD) Log() string { return s.p.log() }

// Stop kills sshd and every connection it serves, as a host going down
// would: open SSH connections break.
func (s *SSHD) Stop() { s.p.stop() }

// Freeze stops (SIGSTOP) every process sshd has forked for the
// connections it serves, as a wedged host would: open SSH connections
// stay up but nothing on them is answered. The listener itself keeps
// running. Stop, run by t.Cleanup, kills the frozen processes.
func (s *SSHD) Freeze(t testing.TB) {
	t.Helper()
	children := descendants(s.p.cmd.Process.Pid)
	if len(children) == 0 {
		t.Fatal("remotelab: sshd serves no connection to freeze")
	}
	for _, pid := range children {
		if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
			t.Fatalf("remotelab: freeze sshd child %d: %v", pid, err)
		}
	}
}
