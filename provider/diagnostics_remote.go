package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// hostKeyFormHint says what a pinned host key looks like.
const hostKeyFormHint = `Use the form "ssh-ed25519 AAAA…" (a line of the host's /etc/ssh/ssh_host_*_key.pub, or of ssh-keyscan's output), ` +
	`or "@cert-authority * ssh-ed25519 AAAA…" to trust the host certificates a CA signs.`

// remoteConfigError words a remote setting that cannot work, found before
// anything is dialled, as the detail for the attribute at: what is wrong,
// then what to do.
func remoteConfigError(at path.Path, err error) error {
	cause := err
	var ce *remote.ConfigError
	if errors.As(err, &ce) {
		cause = ce.Err
	}
	hint := ""
	switch {
	case errors.Is(err, remote.ErrPassphraseMissing):
		hint = "Set private_key_passphrase."
	case errors.Is(err, remote.ErrPassphraseWrong):
		hint = "Check private_key_passphrase: it does not decrypt the key (wrong passphrase?)."
	case errors.Is(err, remote.ErrNoAgent):
		hint = "SSH_AUTH_SOCK is empty: set private_key, or start an agent (ssh-agent) and load the key into it (ssh-add)."
	case errors.Is(err, remote.ErrNoHostKeySource):
		hint = "Set host_key, or known_hosts_file (by default ~/.ssh/known_hosts, which needs HOME)."
	case errors.Is(err, remote.ErrNotPublicKey):
		hint = hostKeyFormHint
	case errors.Is(err, remote.ErrPinnedRevoked):
		hint = "Pin the key the host has now (a line of its /etc/ssh/ssh_host_*_key.pub) or its CA (@cert-authority); " +
			"keep @revoked lines in known_hosts_file, where they refuse a withdrawn key."
	case errors.Is(err, remote.ErrHalfKeyPair):
		hint = "Set both tls.client_certificate and tls.client_key, or neither."
	}
	if hint == "" {
		return fmt.Errorf("%s: %w", at, cause)
	}
	return fmt.Errorf("%s: %w. %s", at, cause, hint)
}

// tlsHint is what to do about a failed TLS handshake.
func tlsHint(le *remote.TLSError) string {
	switch le.Cause {
	case remote.TLSClientCertificateRequired:
		return "The terminator requires mutual TLS: set tls.client_certificate and tls.client_key to a certificate " +
			"it accepts and its key."
	case remote.TLSRefused:
		return "For mutual TLS, check that tls.client_certificate is signed by a CA the terminator trusts and that " +
			"tls.client_key is its key; otherwise check the terminator's TLS settings (versions, ciphers)."
	case remote.TLSNotTLS:
		return "The port does not speak TLS: is it the plain management port? Use tcp://HOST:PORT for that, or the " +
			"terminator's port with tls://."
	case remote.TLSTimeout:
		return "The terminator did not finish the handshake in time: check that it runs, or raise the provider's timeout."
	}
	return "Set tls.ca_certificate to the CA that signed the terminator's certificate, tls.server_name to a name in " +
		"that certificate, and for mutual TLS tls.client_certificate and tls.client_key."
}

// remoteDiagnostic gives the summary and the operator's hint for a failure
// on the way to a remote daemon (SSH, TLS). ok is false for anything
// else, which the management cases handle.
func remoteDiagnostic(err error) (summary, hint string, ok bool) {
	var (
		hk *remote.HostKeyError
		ae *remote.AuthError
		fe *remote.ForwardError
		ue *remote.UnreachableError
		te *remote.TimeoutError
		le *remote.TLSError
	)
	switch {
	case errors.As(err, &hk):
		summary, hint := hostKeyDiagnostic(hk)
		return summary, hint, true
	case errors.As(err, &ae):
		return string(ae.Hop) + " authentication failed", "Authorize the key on the " + string(ae.Hop) +
			" (append its public key to ~" + ae.User + "/.ssh/authorized_keys), or set user, private_key, or load the " +
			"key into the agent at SSH_AUTH_SOCK (ssh-add).", true
	case errors.As(err, &fe) && fe.Option != "" && !fe.Prohibited:
		// OpenSSH answers a unix forward it may not open with the same
		// "open failed" whatever the reason, so the causes are listed from
		// the most common.
		return string(fe.Hop) + " could not open the OpenVPN management socket", "The " + string(fe.Hop) +
			" could not connect to the socket, and sshd does not say why. In order of likelihood: the daemon is " +
			"not running there, or listens at another path (check --management PATH unix on the " + string(fe.Hop) +
			"; the path is as seen from there); the SSH user may not open it (the directory must be open to that " +
			"user, the socket writable by it, and a daemon started with --management-client-user/" +
			"--management-client-group accepts only that user or group); sshd forbids it (set " + fe.Option +
			" yes in sshd_config; PermitOpen, DisableForwarding and restrict/no-port-forwarding in authorized_keys " +
			"forbid it too).", true
	case errors.As(err, &fe) && fe.Option != "":
		to := "the management port"
		switch {
		case fe.Hop == remote.HopBastion:
			to = "the SSH host"
		case fe.Network == "unix":
			to = "the management socket"
		}
		return string(fe.Hop) + " refused to forward to " + to,
			"On the " + string(fe.Hop) + ", set " + fe.Option + " yes in sshd_config (in a Match block for " +
				"this user if you like) and reload sshd; PermitOpen, DisableForwarding and restrict/no-port-forwarding in " +
				"authorized_keys forbid it too. For a unix socket, also check that it exists at this path on the SSH host " +
				"and that the SSH user may reach it: the directory it is in must be open to that user, and a daemon " +
				"started with --management-client-user/--management-client-group accepts only that user or group.", true
	case errors.As(err, &fe):
		return "OpenVPN management interface not reachable from the SSH host", "The SSH host could not connect to the " +
			"address. The address is as seen from the SSH host: check that the daemon runs with --management there " +
			"on this address.", true
	case errors.As(err, &ue):
		return string(ue.Hop) + " unreachable", "Check the " + string(ue.Hop) + "'s host and port, that " +
			"sshd runs there, and that nothing between blocks it.", true
	case errors.As(err, &te):
		return string(te.Hop) + " timed out", "The " + string(te.Hop) + " did not answer in time. " +
			"Check that it is reachable, or raise the provider's timeout.", true
	case errors.As(err, &le):
		return "TLS to the OpenVPN management port failed", tlsHint(le), true
	}
	return "", "", false
}

// hostKeyDiagnostic words a host key the provider does not trust: revoked,
// changed or unknown, with what the host presented (a certificate, a key
// of another type) deciding what to do.
func hostKeyDiagnostic(hk *remote.HostKeyError) (summary, hint string) {
	hop := string(hk.Hop)
	skipped := ""
	if len(hk.Skipped) > 0 {
		skipped = " Some lines of known_hosts_file could not be read and were skipped, as OpenSSH skips them: " +
			"if the host's own line is among them, correct it."
	}
	switch {
	case hk.Revoked:
		what := "its key"
		if hk.RevokedAuthority {
			what = "the CA that signed its host certificate"
		}
		return hop + " key revoked", "The " + hop + " identified itself with " + what + ", which was withdrawn " +
			"(@revoked): whoever holds it may be impersonating the host. Nothing was sent to the daemon. Find out " +
			"out of band which key the host should present now and trust that one; do not remove the @revoked line " +
			"to get through."
	case hk.Changed:
		hint := "The " + hop + " presented a key other than the one expected. Nothing was sent to the daemon. If " +
			"the host was reinstalled or its keys rotated, check the new fingerprint out of band (ssh-keygen -lf " +
			"/etc/ssh/ssh_host_ed25519_key.pub on the host) and update host_key or known_hosts; otherwise treat it " +
			"as an attack."
		if !expectsType(hk.Expected, hk.KeyType) {
			hint += " The host offered no key of the expected type at all: if it no longer has that type (a " +
				"removed RSA or ECDSA host key), trust the key it has now once its fingerprint checks out."
		}
		return hop + " key changed", hint + skipped
	}
	hint = "The " + hop + "'s key is not known, so it cannot be verified; nothing was sent to the daemon. Check " +
		"the fingerprint above out of band (on the host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then " +
		"set host_key to the host's public key line, or add it to known_hosts_file (ssh-keyscan -p PORT HOST >> " +
		"~/.ssh/known_hosts)."
	switch {
	case hk.CertListed:
		hint += " The certificate it presented comes from a CA you trust but is not valid for it (see above): have the " +
			"certificate renewed, or signed for the host name the provider connects to (ssh-keygen -s CA -h -n NAME)."
	case hk.CertAuthority != "":
		hint += " It also presented a host certificate: to trust every host that CA certifies, add " +
			"\"@cert-authority PATTERN CA-PUBLIC-KEY\" to known_hosts_file (or set host_key to that line) once the " +
			"CA's fingerprint checks out."
	}
	return hop + " unknown", hint + skipped
}

// expectsType says whether any expected key (as HostKeyError.Expected
// lists them, type first) is of keyType.
func expectsType(expected []string, keyType string) bool {
	for _, e := range expected {
		if strings.HasPrefix(e, keyType+" ") {
			return true
		}
	}
	return len(expected) == 0
}
