package remote_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// stunnelLab is a daemon with TCP management behind stunnel.
func stunnelLab(t *testing.T, mutual bool) (*openvpnlab.Server, *remotelab.Stunnel) {
	t.Helper()
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: password})
	return srv, remotelab.StartStunnel(t, remotelab.StunnelConfig{
		Connect: strings.TrimPrefix(srv.ManagementAddress, "tcp://"), RequireClientCert: mutual,
	})
}

func TestTLS(t *testing.T) {
	srv, st := stunnelLab(t, false)
	d := dialer(t, remote.Config{TLS: remote.TLSConfig{CACertificate: st.CA.CertPEM, ServerName: st.ServerName}})
	c := client(t, st.Address, d)
	if _, err := c.Status(context.Background()); err != nil {
		t.Fatalf("status through stunnel: %v", err)
	}
	_ = c.Close() // the daemon serves one management client
	// Without server_name the address's host (an IP in the certificate) is checked.
	d = dialer(t, remote.Config{TLS: remote.TLSConfig{CACertificate: st.CA.CertPEM}})
	if _, err := client(t, st.Address, d).Status(context.Background()); err != nil {
		t.Fatalf("status through stunnel, server name from the address: %v", err)
	}
	if n := managementConnections(t, srv); n != 2 {
		t.Errorf("daemon logged %d management connections; want 2", n)
	}
}

func TestTLSWrongCAOrName(t *testing.T) {
	srv, st := stunnelLab(t, false)
	other := remotelab.NewCA(t, "another CA")
	for _, tc := range []struct {
		name   string
		cfg    remote.TLSConfig
		reason string
	}{
		{"wrong-ca", remote.TLSConfig{CACertificate: other.CertPEM, ServerName: st.ServerName}, "not signed by the configured CA"},
		{"wrong-name", remote.TLSConfig{CACertificate: st.CA.CertPEM, ServerName: "other.test"}, "not valid for this server name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := client(t, st.Address, dialer(t, remote.Config{TLS: tc.cfg})).Status(context.Background())
			var te *remote.TLSError
			if !errorsAs(err, &te) || !strings.Contains(te.Reason, tc.reason) {
				t.Fatalf("status = %v; want a TLSError saying %q", err, tc.reason)
			}
		})
	}
	if n := managementConnections(t, srv); n != 0 {
		t.Errorf("daemon logged %d management connections; want none", n)
	}
}

func TestMutualTLS(t *testing.T) {
	_, st := stunnelLab(t, true)
	cfg := remote.TLSConfig{CACertificate: st.CA.CertPEM, ServerName: st.ServerName,
		ClientCertificate: st.Client.CertPEM, ClientKey: st.Client.KeyPEM}
	if _, err := client(t, st.Address, dialer(t, remote.Config{TLS: cfg})).Status(context.Background()); err != nil {
		t.Fatalf("status with a client certificate: %v", err)
	}
	cfg.ClientCertificate, cfg.ClientKey = "", ""
	_, err := client(t, st.Address, dialer(t, remote.Config{TLS: cfg})).Status(context.Background())
	var te *remote.TLSError
	if !errorsAs(err, &te) || !strings.Contains(te.Reason, "client certificate") {
		t.Fatalf("status without a client certificate = %v; want a TLSError about the client certificate", err)
	}
}

func TestTLSThroughSSH(t *testing.T) {
	l := startLab(t, false, remotelab.SSHDConfig{})
	st := remotelab.StartStunnel(t, remotelab.StunnelConfig{Connect: strings.TrimPrefix(l.daemon.ManagementAddress, "tcp://")})
	d := dialer(t, remote.Config{SSH: l.sshConfig(), TLS: remote.TLSConfig{CACertificate: st.CA.CertPEM}})
	statusTwice(t, client(t, st.Address, d), d)
}
