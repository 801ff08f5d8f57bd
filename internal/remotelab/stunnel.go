package remotelab

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// StunnelConfig describes a TLS terminator in front of a management port.
type StunnelConfig struct {
	// Connect is where stunnel forwards: "127.0.0.1:PORT" or a socket path.
	Connect string
	// RequireClientCert makes stunnel demand a client certificate signed
	// by the lab CA (mutual TLS).
	RequireClientCert bool
}

// Stunnel is a running stunnel4 on 127.0.0.1.
type Stunnel struct {
	Address    string // "tls://127.0.0.1:PORT"
	ServerName string // a DNS name in the server certificate
	CA         *CA    // signed the server certificate (and the client's)
	Client     Pair   // a client certificate stunnel accepts
	LogPath    string
	p          *process
}

// ServerName is the DNS name in every lab stunnel's certificate, besides
// 127.0.0.1.
const ServerName = "mgmt.openvpn.test"

// StartStunnel starts stunnel4 in the foreground with a throw-away CA.
func StartStunnel(t testing.TB, cfg StunnelConfig) *Stunnel {
	t.Helper()
	dir := t.TempDir()
	ca := NewCA(t, "remotelab CA")
	srv := ca.Server(t, ServerName, "127.0.0.1")
	files := map[string]string{"server.crt": srv.CertPEM, "server.key": srv.KeyPEM, "ca.crt": ca.CertPEM}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	verify := ""
	if cfg.RequireClientCert {
		verify = fmt.Sprintf("CAfile = %s\nverifyChain = yes\nrequireCert = yes\n", filepath.Join(dir, "ca.crt"))
	}
	for attempt := 0; ; attempt++ {
		port := freePort(t)
		conf := filepath.Join(dir, "stunnel.conf")
		text := fmt.Sprintf(`foreground = yes
pid =
syslog = no
debug = 5

[management]
accept = 127.0.0.1:%d
connect = %s
cert = %s
key = %s
%s`, port, cfg.Connect, filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key"), verify)
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		logPath := filepath.Join(dir, fmt.Sprintf("stunnel-%d.log", attempt))
		p := start(t, logPath, "stunnel4", conf)
		if waitEither(p, "Configuration successful", "Address already in use") == "Configuration successful" {
			return &Stunnel{Address: fmt.Sprintf("tls://127.0.0.1:%d", port), ServerName: ServerName, CA: ca,
				Client: ca.Client(t, "terraform"), LogPath: logPath, p: p}
		}
		p.stop()
		if attempt == 3 {
			t.Fatalf("remotelab: stunnel did not start:\n%s", p.log())
		}
	}
}

// Log is what stunnel has logged so far.
func (s *Stunnel) Log() string { return s.p.log() }
