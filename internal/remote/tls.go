package remote

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/deadline"
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
			return nil, &ConfigError{Field: FieldCACertificate, Err: errors.New("holds no PEM certificate (-----BEGIN CERTIFICATE-----)")}
		}
		tc.RootCAs = pool
	}
	switch {
	case c.ClientCertificate != "" && c.ClientKey != "":
		pair, err := tls.X509KeyPair([]byte(c.ClientCertificate), []byte(c.ClientKey))
		if err != nil {
			// X509KeyPair's errors describe the PEM blocks, never quote them.
			return nil, &ConfigError{Field: FieldClientCertificate, Err: err}
		}
		tc.Certificates = []tls.Certificate{pair}
	case c.ClientCertificate != "":
		return nil, &ConfigError{Field: FieldClientKey, Err: fmt.Errorf("is not set, but the client certificate is: %w", ErrHalfKeyPair)}
	case c.ClientKey != "":
		return nil, &ConfigError{Field: FieldClientCertificate, Err: fmt.Errorf("is not set, but the client key is: %w", ErrHalfKeyPair)}
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
	// Bounded by a deadline on the connection, not by a context with the
	// timeout: a handshake that runs out of the provider's own timeout is
	// a stalled peer, which the client keeps as its standing failure,
	// while a context error says the caller gave up (see stepFailed).
	_, stop := deadline.Bound(ctx, nc, timeout)
	err := conn.Handshake()
	stop()
	if !asked && err == nil {
		_ = nc.SetDeadline(time.Time{})
		return conn, nil
	}
	_ = nc.Close()
	if gaveUp := callerGaveUp(ctx); gaveUp != nil && !asked {
		return nil, fmt.Errorf("TLS to %s: handshake: %w", target, gaveUp)
	}
	cause, reason := TLSClientCertificateRequired, "the server asks for a client certificate and none is configured"
	if !asked {
		cause, reason = tlsCause(err, timeout)
	}
	return nil, &TLSError{Target: target, ServerName: tc.ServerName, Cause: cause, Reason: reason, Err: err}
}

// tlsCause says what failed, and in a few words.
func tlsCause(err error, timeout time.Duration) (TLSCause, string) {
	var unknown x509.UnknownAuthorityError
	var name x509.HostnameError
	var invalid x509.CertificateInvalidError
	var alert tls.AlertError
	var rec tls.RecordHeaderError
	var ne net.Error
	switch {
	case errors.As(err, &unknown):
		return TLSUnknownAuthority, "the server's certificate is not signed by the configured CA"
	case errors.As(err, &name):
		return TLSNameMismatch, "the server's certificate is not valid for this server name"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return TLSExpired, "the server's certificate has expired or is not valid yet"
	case errors.As(err, &invalid):
		return TLSInvalidCertificate, "the server's certificate is invalid"
	case errors.As(err, &alert):
		return TLSRefused, "the server refused the handshake (alert: " + alert.Error() + ")"
	case errors.As(err, &rec):
		return TLSNotTLS, "the port does not speak TLS"
	case errors.As(err, &ne) && ne.Timeout():
		return TLSTimeout, "no handshake within " + timeout.String()
	}
	return TLSFailed, "handshake failed"
}
