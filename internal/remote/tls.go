package remote

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"time"
)

// TLSConfig is how to reach a management port behind a TLS terminator.
type TLSConfig struct {
	// CACertificate is PEM; "" means the system's roots.
	CACertificate string
	// ServerName to verify; "" means the host of the address.
	ServerName string
	// ClientCertificate and ClientKey (PEM) for mutual TLS; both or neither.
	ClientCertificate string
	ClientKey         string
}

func newTLSConfig(c TLSConfig) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: c.ServerName}
	if c.CACertificate != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(c.CACertificate)) {
			return nil, &ConfigError{Field: "tls.ca_certificate", Err: errors.New("holds no PEM certificate (-----BEGIN CERTIFICATE-----)")}
		}
		tc.RootCAs = pool
	}
	switch {
	case c.ClientCertificate != "" && c.ClientKey != "":
		pair, err := tls.X509KeyPair([]byte(c.ClientCertificate), []byte(c.ClientKey))
		if err != nil {
			// X509KeyPair's errors describe the PEM blocks, never quote them.
			return nil, &ConfigError{Field: "tls.client_certificate", Err: err}
		}
		tc.Certificates = []tls.Certificate{pair}
	case c.ClientCertificate != "":
		return nil, &ConfigError{Field: "tls.client_key", Err: errors.New("is not set, but client_certificate is: mutual TLS needs both")}
	case c.ClientKey != "":
		return nil, &ConfigError{Field: "tls.client_certificate", Err: errors.New("is not set, but client_key is: mutual TLS needs both")}
	}
	return tc, nil
}

// clientTLS runs the TLS handshake on nc, bounded by timeout and ctx.
func clientTLS(ctx context.Context, nc net.Conn, base *tls.Config, target string, timeout time.Duration) (net.Conn, error) {
	tc := base.Clone()
	if tc.ServerName == "" {
		host, _, _ := net.SplitHostPort(target)
		tc.ServerName = host
	}
	// In TLS 1.3 a server that requires a client certificate finds out it
	// has none only after our handshake has finished, and then just hangs
	// up: the request itself is the only sign. A terminator in front of a
	// management port asks only when it requires one.
	asked := false
	if len(tc.Certificates) == 0 {
		tc.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			asked = true
			return &tls.Certificate{}, nil
		}
	}
	conn := tls.Client(nc, tc)
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := conn.HandshakeContext(hctx)
	reason := ""
	switch {
	case asked:
		reason = "the server asks for a client certificate and none is set (client_certificate and client_key)"
	case err != nil:
		reason = tlsReason(err, timeout)
	}
	if reason != "" {
		_ = nc.Close()
		return nil, &TLSError{Target: target, ServerName: tc.ServerName, Reason: reason, Err: err}
	}
	return conn, nil
}

// tlsReason says in a few words what failed.
func tlsReason(err error, timeout time.Duration) string {
	var unknown x509.UnknownAuthorityError
	var name x509.HostnameError
	var invalid x509.CertificateInvalidError
	var alert tls.AlertError
	var rec tls.RecordHeaderError
	var ne net.Error
	switch {
	case errors.As(err, &unknown):
		return "the server's certificate is not signed by the configured CA"
	case errors.As(err, &name):
		return "the server's certificate is not valid for this server name"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "the server's certificate has expired or is not valid yet"
	case errors.As(err, &invalid):
		return "the server's certificate is invalid"
	case errors.As(err, &alert):
		return "the server refused the handshake (alert: " + alert.Error() + "); for mutual TLS check the client certificate and key"
	case errors.As(err, &rec):
		return "the port does not speak TLS (is it the plain management port?)"
	case errors.As(err, &ne) && ne.Timeout():
		return "no handshake within " + timeout.String()
	}
	return "handshake failed"
}
