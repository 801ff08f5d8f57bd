package remote

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Hop says which SSH host an error is about.
type Hop string

// The two SSH hops: the host the daemon runs on, and the jump host in front
// of it.
const (
	HopHost    Hop = "SSH host"
	HopBastion Hop = "SSH bastion"
)

// Field is the setting a ConfigError is about, named by this package's
// own configuration (SSHHost, SSHConfig, TLSConfig); the caller maps it to
// its own words.
type Field int

// The settings a ConfigError can be about.
const (
	FieldHost              Field = iota + 1 // SSHHost.Host
	FieldPort                               // SSHHost.Port
	FieldUser                               // SSHHost.User
	FieldPrivateKey                         // SSHHost.PrivateKey, with its Passphrase
	FieldHostKey                            // SSHHost.HostKey
	FieldKnownHostsFile                     // SSHConfig.KnownHostsFile, shared by both hops
	FieldCACertificate                      // TLSConfig.CACertificate
	FieldClientCertificate                  // TLSConfig.ClientCertificate
	FieldClientKey                          // TLSConfig.ClientKey
)

// Fields lists every Field, for callers that map them all.
func Fields() []Field {
	return []Field{FieldHost, FieldPort, FieldUser, FieldPrivateKey, FieldHostKey, FieldKnownHostsFile,
		FieldCACertificate, FieldClientCertificate, FieldClientKey}
}

var fieldNames = map[Field]string{
	FieldHost: "host", FieldPort: "port", FieldUser: "user", FieldPrivateKey: "private key",
	FieldHostKey: "host key", FieldKnownHostsFile: "known hosts file", FieldCACertificate: "CA certificate",
	FieldClientCertificate: "client certificate", FieldClientKey: "client key",
}

func (f Field) String() string {
	if n, ok := fieldNames[f]; ok {
		return n
	}
	return fmt.Sprintf("field %d", int(f))
}

// TLS says whether the field is a TLS setting rather than an SSH one.
func (f Field) TLS() bool {
	return f == FieldCACertificate || f == FieldClientCertificate || f == FieldClientKey
}

// What a ConfigError can find wrong beyond a malformed value; callers test
// them with errors.Is.
var (
	// ErrPassphraseMissing: the private key is encrypted and no
	// passphrase is set.
	ErrPassphraseMissing = errors.New("the key is encrypted and no passphrase is set")
	// ErrPassphraseWrong: the passphrase does not decrypt the private key.
	ErrPassphraseWrong = errors.New("cannot decrypt the key with the passphrase")
	// ErrNoAgent: no private key and no agent socket to ask instead.
	ErrNoAgent = errors.New("is not set and there is no SSH agent socket")
	// ErrNoHostKeySource: neither a pinned host key nor a known hosts
	// file, so the host cannot be verified.
	ErrNoHostKeySource = errors.New("is empty and no host key is pinned: one of them is needed to verify the host")
	// ErrNotPublicKey: a pinned host key that is not a public key line.
	ErrNotPublicKey = errors.New("not a public key line")
	// ErrPinnedRevoked: a pinned host key marked @revoked, which names a
	// key never to trust.
	ErrPinnedRevoked = errors.New("is marked @revoked: a revoked key can never be the trusted one")
	// ErrHalfKeyPair: a client certificate without its key, or the key
	// without the certificate.
	ErrHalfKeyPair = errors.New("mutual TLS needs both")
)

// ConfigError is a setting that cannot work (a key that does not parse, a
// passphrase missing). Field is the setting; Bastion says it is the
// bastion's.
type ConfigError struct {
	Field   Field
	Bastion bool
	Err     error
}

func (e *ConfigError) Error() string {
	where := "ssh"
	switch {
	case e.Field.TLS():
		where = "tls"
	case e.Bastion:
		where = "ssh bastion"
	}
	return fmt.Sprintf("%s %s: %v", where, e.Field, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// UnreachableError: no TCP connection to the SSH host, or the connection
// broke before the SSH handshake finished (Step says which).
type UnreachableError struct {
	Hop  Hop
	Host string // host:port
	Step string // "dial", "handshake"
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%s %s unreachable (%s): %v", e.Hop, e.Host, e.Step, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// HostKeyError: the host presented a key that is not trusted: unknown,
// changed or revoked. Nothing was sent to the daemon.
type HostKeyError struct {
	Hop         Hop
	Host        string // host:port as checked
	KeyType     string // of the presented key (a certificate's own key)
	Fingerprint string // SHA256:… of the presented key
	// Changed is true when a different key is expected for this host
	// (possible man-in-the-middle, or a reinstalled host); false when the
	// host is unknown.
	Changed bool
	// Expected lists the keys expected, when Changed: type, fingerprint
	// and the known_hosts line.
	Expected []string
	// Pinned is true when the expected key is the hop's pinned HostKey.
	Pinned bool
	// Source is the pinned host key or the known_hosts file consulted.
	Source string
	// Revoked is true when the key, or the CA that signed the host's
	// certificate (RevokedAuthority), is marked @revoked for this host.
	Revoked          bool
	RevokedAuthority bool
	// CertAuthority is the type and fingerprint of the CA that signed the
	// host's certificate, when it presented one.
	CertAuthority string
	// CertListed is true when that CA is listed (@cert-authority) for the
	// host; CertProblem then says why the certificate was not accepted
	// (expired, not valid for this host name).
	CertListed  bool
	CertProblem string
	// Skipped are the numbers of the known_hosts lines that could not be
	// read and were skipped, as OpenSSH skips them.
	Skipped []int
}

func (e *HostKeyError) Error() string {
	var msg string
	switch {
	case e.RevokedAuthority:
		msg = fmt.Sprintf("%s %s presented a host certificate signed by CA %s, which %s marks @revoked", e.Hop, e.Host, e.CertAuthority, e.Source)
	case e.Revoked:
		msg = fmt.Sprintf("%s %s presented %s key %s, which %s marks @revoked", e.Hop, e.Host, e.KeyType, e.Fingerprint, e.Source)
	case e.Changed:
		msg = fmt.Sprintf("%s %s presented %s key %s, which does not match %s (expected %s)",
			e.Hop, e.Host, e.KeyType, e.Fingerprint, e.Source, strings.Join(e.Expected, ", "))
	default:
		msg = fmt.Sprintf("%s %s is unknown: it presented %s key %s, which is not in %s", e.Hop, e.Host, e.KeyType, e.Fingerprint, e.Source)
	}
	switch {
	case e.Revoked:
	case e.CertListed:
		msg += fmt.Sprintf("; its host certificate, signed by CA %s, was not accepted: %s", e.CertAuthority, e.CertProblem)
	case e.CertAuthority != "":
		msg += fmt.Sprintf("; its host certificate is signed by CA %s, which %s does not list as @cert-authority for this host", e.CertAuthority, e.Source)
	}
	if len(e.Skipped) > 0 {
		msg += fmt.Sprintf(" (%s: %s skipped, unreadable)", e.Source, lineNumbers(e.Skipped))
	}
	return msg
}

// lineNumbers names at most five line numbers: "line 3", "lines 3, 7 and 9 more".
func lineNumbers(n []int) string {
	const most = 5
	words := make([]string, 0, most)
	for i, l := range n {
		if i == most {
			break
		}
		words = append(words, fmt.Sprint(l))
	}
	s := "line " + words[0]
	if len(n) > 1 {
		s = "lines " + strings.Join(words, ", ")
	}
	if len(n) > most {
		s += fmt.Sprintf(" and %d more", len(n)-most)
	}
	return s
}

// AuthError: the host refused every credential offered.
type AuthError struct {
	Hop     Hop
	Host    string
	User    string
	Methods []string // what was offered, e.g. "publickey with the private key (ssh-ed25519 SHA256:…)"
	Err     error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("%s %s refused authentication as %q; tried: %s (%v)", e.Hop, e.Host, e.User, strings.Join(e.Methods, "; "), e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// ForwardError: the SSH host refused to open the channel to the target.
type ForwardError struct {
	Hop     Hop
	Host    string // the SSH host asked to forward
	Network string // "tcp" or "unix"
	Target  string // host:port or socket path, as seen from Host
	// Prohibited: the server's configuration forbids this forwarding.
	Prohibited bool
	// Option names the sshd_config option that allows it, when it may be
	// the cause: OpenSSH answers a forbidden unix forward with the same
	// "open failed" as a missing socket.
	Option string
	// Message is the server's own words.
	Message string
}

func (e *ForwardError) Error() string {
	if e.Prohibited {
		return fmt.Sprintf("%s %s refused to forward to %s %s: administratively prohibited (%s; sshd option %s)",
			e.Hop, e.Host, e.Network, e.Target, e.Message, e.Option)
	}
	if e.Option != "" {
		return fmt.Sprintf("%s %s could not connect to %s %s: %s (sshd gives no reason; sshd option %s may forbid it)",
			e.Hop, e.Host, e.Network, e.Target, e.Message, e.Option)
	}
	return fmt.Sprintf("%s %s could not connect to %s %s: %s", e.Hop, e.Host, e.Network, e.Target, e.Message)
}

// TimeoutError: a step did not finish within the timeout while the caller
// still waited (a caller that gives up gets its own context error
// instead). It is a management.ErrTimeout, which the management client
// keeps as its standing failure.
type TimeoutError struct {
	Hop     Hop
	Host    string
	Step    string // "dial", "handshake and authentication", "forward"
	Timeout string
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s %s: %s did not finish within %s", e.Hop, e.Host, e.Step, e.Timeout)
}

func (e *TimeoutError) Unwrap() error { return management.ErrTimeout }

// TLSCause is what failed in a TLS handshake.
type TLSCause int

// The causes a TLSError reports.
const (
	TLSFailed                    TLSCause = iota // none of the below
	TLSUnknownAuthority                          // not signed by the CA
	TLSNameMismatch                              // not valid for the server name
	TLSExpired                                   // expired or not valid yet
	TLSInvalidCertificate                        // otherwise invalid
	TLSRefused                                   // the server sent an alert
	TLSNotTLS                                    // the port answered something else
	TLSTimeout                                   // no handshake within the timeout
	TLSClientCertificateRequired                 // asked for one, none configured
)

// TLSError: the TLS handshake with the management port's terminator failed.
type TLSError struct {
	Target     string
	ServerName string
	Cause      TLSCause
	// Reason is what failed in a few words ("the server's certificate is
	// not signed by the configured CA", …).
	Reason string
	Err    error
}

func (e *TLSError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("TLS to %s (server name %q): %s", e.Target, e.ServerName, e.Reason)
	}
	return fmt.Sprintf("TLS to %s (server name %q): %s: %v", e.Target, e.ServerName, e.Reason, e.Err)
}

func (e *TLSError) Unwrap() error { return e.Err }

// Is makes a handshake that ran out of the timeout a management.ErrTimeout,
// kept by the management client as its standing failure, like any other
// stalled step: a peer that accepts and never answers would otherwise cost
// every later object the same timeout.
func (e *TLSError) Is(target error) bool {
	return e.Cause == TLSTimeout && target == management.ErrTimeout
}
