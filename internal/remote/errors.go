package remote

import (
	"fmt"
	"strings"
)

// Hop says which SSH host an error is about.
type Hop string

// The two SSH hops: the host the daemon runs on, and the jump host in front
// of it.
const (
	HopHost    Hop = "SSH host"
	HopBastion Hop = "SSH bastion"
)

// ConfigError is a setting that cannot work (a key that does not parse, a
// passphrase missing). Field is the setting's name; Bastion says it is the
// bastion's.
type ConfigError struct {
	Field   string
	Bastion bool
	Err     error
}

func (e *ConfigError) Error() string {
	where := "ssh"
	if e.Bastion {
		where = "ssh bastion"
	}
	if strings.HasPrefix(e.Field, "tls") {
		where = "tls"
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

// HostKeyError: the host presented a key that is not the expected one.
// Nothing was sent to the daemon.
type HostKeyError struct {
	Hop         Hop
	Host        string // host:port as checked
	KeyType     string // of the presented key
	Fingerprint string // SHA256:… of the presented key
	// Changed is true when a different key is expected for this host
	// (possible man-in-the-middle, or a reinstalled host); false when the
	// host is unknown.
	Changed bool
	// Expected lists the fingerprints expected, when Changed.
	Expected []string
	// Source is "host_key" or the known_hosts file consulted.
	Source string
	// Revoked is true when the key is marked @revoked in known_hosts.
	Revoked bool
}

func (e *HostKeyError) Error() string {
	switch {
	case e.Revoked:
		return fmt.Sprintf("%s %s presented %s key %s, which %s marks @revoked", e.Hop, e.Host, e.KeyType, e.Fingerprint, e.Source)
	case e.Changed:
		return fmt.Sprintf("%s %s presented %s key %s, which does not match %s (expected %s)",
			e.Hop, e.Host, e.KeyType, e.Fingerprint, e.Source, strings.Join(e.Expected, ", "))
	}
	return fmt.Sprintf("%s %s is unknown: it presented %s key %s, which is not in %s", e.Hop, e.Host, e.KeyType, e.Fingerprint, e.Source)
}

// AuthError: the host refused every credential offered.
type AuthError struct {
	Hop     Hop
	Host    string
	User    string
	Methods []string // what was offered, e.g. "publickey (private_key ssh-ed25519 SHA256:…)"
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
		return fmt.Sprintf("%s %s could not connect to %s %s: %s (the socket is missing, the SSH user may not open it, or sshd forbids it: sshd option %s)",
			e.Hop, e.Host, e.Network, e.Target, e.Message, e.Option)
	}
	return fmt.Sprintf("%s %s could not connect to %s %s: %s", e.Hop, e.Host, e.Network, e.Target, e.Message)
}

// TimeoutError: a step did not finish within the timeout.
type TimeoutError struct {
	Hop     Hop
	Host    string
	Step    string // "dial", "handshake and authentication", "forward"
	Timeout string
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s %s: %s did not finish within %s", e.Hop, e.Host, e.Step, e.Timeout)
}

// TLSError: the TLS handshake with the management port's terminator failed.
type TLSError struct {
	Target     string
	ServerName string
	// Reason is what failed in the operator's words ("certificate signed
	// by an unknown authority", …).
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
