package remote

import (
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// hostKeyCheck verifies one hop's host key and says which key algorithms
// to ask for, so a host with several keys presents the one we know.
type hostKeyCheck struct {
	callback   ssh.HostKeyCallback
	algorithms []string
}

// pinnedKey is a pinned SSHHost.HostKey: a public key, or with
// @cert-authority a CA whose host certificates are trusted.
type pinnedKey struct {
	key ssh.PublicKey
	ca  bool
}

// ParseHostKey reads a pinned host key: an authorized_keys line
// ("ssh-ed25519 AAAA… comment"), or a known_hosts line whose first field
// names the host, optionally marked @cert-authority (the key is a CA that
// certifies the host). A line marked @revoked is refused: it names a key
// never to trust, so it cannot be the one trusted.
func ParseHostKey(s string) (ssh.PublicKey, error) {
	p, err := parsePinned(s)
	return p.key, err
}

func parsePinned(s string) (pinnedKey, error) {
	s = strings.TrimSpace(s)
	if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s)); err == nil && !strings.HasPrefix(s, "@") {
		return pinnedKey{key: k}, nil
	}
	l, ok, _ := parseKnownLine(s)
	switch {
	case !ok || strings.Contains(s, "\n"):
		return pinnedKey{}, ErrNotPublicKey
	case l.marker == revokedKey:
		return pinnedKey{}, ErrPinnedRevoked
	}
	return pinnedKey{key: l.key, ca: l.marker == certAuthority}, nil
}

// hostTrust is what one hop trusts, read at configuration: the lines for
// its name, and, on a port other than 22, those for the bare host, which
// OpenSSH consults when the first name has no answer (sshconnect.c
// check_host_key, "checking without port identifier").
type hostTrust struct {
	hop      Hop
	hostname string // what a host certificate must name: the host as configured
	primary  hostLines
	bare     *hostLines
	source   string // "the pinned host key" or the known_hosts file
	pinned   bool
	skipped  []int // unreadable lines of the known_hosts file
	now      func() time.Time
}

func pinnedHostKey(hop Hop, host, line string) (hostKeyCheck, error) {
	p, err := parsePinned(line)
	if err != nil {
		return hostKeyCheck{}, err
	}
	pin := knownLine{key: p.key}
	tr := &hostTrust{hop: hop, hostname: strings.ToLower(host), source: "the pinned host key", pinned: true, now: time.Now}
	if p.ca {
		tr.primary.cas = []knownLine{pin}
	} else {
		tr.primary.keys = []knownLine{pin}
	}
	return tr.check(), nil
}

// knownHostsCheck reads file once, at configuration. A missing file is not
// an error yet: every host is then unknown, which the first connection
// reports with the key the host presents.
func knownHostsCheck(hop Hop, file, host string, port int) (hostKeyCheck, error) {
	tr := &hostTrust{hop: hop, hostname: strings.ToLower(host), source: file, now: time.Now}
	kh, err := readKnownHosts(file)
	switch {
	case errors.Is(err, os.ErrNotExist):
		tr.source = file + " (which does not exist)"
		return tr.check(), nil
	case err != nil:
		return hostKeyCheck{}, err
	}
	tr.skipped = kh.skipped
	tr.primary = kh.linesFor(knownName(host, port))
	if port != 22 {
		bare := kh.linesFor(knownName(host, 22))
		tr.bare = &bare
	}
	return tr.check(), nil
}

func (tr *hostTrust) check() hostKeyCheck {
	return hostKeyCheck{callback: tr.verify, algorithms: tr.algorithms()}
}

// verify decides on the key a host presented as OpenSSH's ssh does with
// StrictHostKeyChecking: a certificate is accepted when a CA listed for
// the host signed it and it is valid for the host; otherwise its plain key
// is checked like any host key. A key (or CA) revoked for the host is
// refused first.
func (tr *hostTrust) verify(hostport string, _ net.Addr, presented ssh.PublicKey) error {
	e := &HostKeyError{Hop: tr.hop, Host: hostport, Source: tr.source, Pinned: tr.pinned, Skipped: tr.skipped}
	key := presented
	if cert, ok := presented.(*ssh.Certificate); ok {
		key = cert.Key
		e.CertAuthority = cert.SignatureKey.Type() + " " + ssh.FingerprintSHA256(cert.SignatureKey)
		if done, err := tr.verifyCertificate(cert, e); done {
			return err
		}
	}
	e.KeyType, e.Fingerprint = key.Type(), ssh.FingerprintSHA256(key)
	if find(tr.primary.revoked, key) != nil {
		e.Revoked = true
		return e
	}
	if len(tr.primary.keys) > 0 {
		if find(tr.primary.keys, key) != nil {
			return nil
		}
		e.Changed = true
		for _, w := range tr.primary.keys {
			e.Expected = append(e.Expected, w.describe())
		}
		return e
	}
	if tr.bare != nil {
		if find(tr.bare.revoked, key) != nil {
			e.Revoked = true
			return e
		}
		if find(tr.bare.keys, key) != nil {
			return nil
		}
	}
	return e
}

// verifyCertificate decides on a host certificate when it can: done is
// true with nil (accepted) or a revoked error. Otherwise it notes on e why
// the certificate was not enough, and the caller checks its plain key.
func (tr *hostTrust) verifyCertificate(cert *ssh.Certificate, e *HostKeyError) (done bool, err error) {
	for _, lines := range []*hostLines{&tr.primary, tr.bare} {
		if lines == nil {
			continue
		}
		revokedKey, revokedCA := find(lines.revoked, cert.Key), find(lines.revoked, cert.SignatureKey)
		if revokedKey != nil || revokedCA != nil {
			e.KeyType, e.Fingerprint = cert.Key.Type(), ssh.FingerprintSHA256(cert.Key)
			e.Revoked, e.RevokedAuthority = true, revokedKey == nil
			return true, e
		}
		if find(lines.cas, cert.SignatureKey) == nil {
			continue // OpenSSH then tries the bare host's CAs
		}
		e.CertListed = true
		if e.CertProblem = tr.certificateProblem(cert); e.CertProblem == "" {
			return true, nil
		}
		return false, nil
	}
	return false, nil
}

// certificateProblem says why a certificate signed by a trusted CA is
// not valid for this host, or "" (sshkey.c sshkey_cert_check_host: a host
// certificate, valid now, with no critical options and a good signature,
// naming the host in a principal).
//
// Principals are compared exactly, as OpenSSH did until 10.3 (Debian 12's
// 9.2 among them); 10.3 reads them as wildcard patterns, which is left
// out here rather than trusting more hosts than the ssh most operators
// run. A certificate without principals is refused, as from 10.3: earlier
// releases took it as valid for every host (CVE-2024-7594), x/crypto's
// CertChecker too.
func (tr *hostTrust) certificateProblem(cert *ssh.Certificate) string {
	if cert.CertType != ssh.HostCert {
		return "it is not a host certificate"
	}
	if len(cert.ValidPrincipals) == 0 {
		return "it lists no principals"
	}
	if len(cert.CriticalOptions) > 0 {
		// OpenSSH refuses any; x/crypto would let source-address through.
		return "it has critical options, which a host certificate may not"
	}
	if !slices.Contains(cert.ValidPrincipals, tr.hostname) {
		return fmt.Sprintf("it is not valid for %q (principals %s)", tr.hostname, strings.Join(cert.ValidPrincipals, ","))
	}
	checker := ssh.CertChecker{Clock: tr.now}
	if err := checker.CheckCert(tr.hostname, cert); err != nil {
		return strings.TrimPrefix(err.Error(), "ssh: ")
	}
	return ""
}

// hostKeyAlgorithms are the host key algorithms offered, in OpenSSH's
// default order (ssh_config(5) HostKeyAlgorithms) where x/crypto supports
// them: certificates first, Ed25519 before ECDSA before RSA.
var hostKeyAlgorithms = []string{
	ssh.CertAlgoED25519v01, ssh.CertAlgoECDSA256v01, ssh.CertAlgoECDSA384v01, ssh.CertAlgoECDSA521v01,
	ssh.CertAlgoRSASHA512v01, ssh.CertAlgoRSASHA256v01,
	ssh.KeyAlgoED25519, ssh.KeyAlgoECDSA256, ssh.KeyAlgoECDSA384, ssh.KeyAlgoECDSA521,
	ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256,
}

// algorithms orders the algorithms as OpenSSH does (sshconnect2.c
// order_hostkeyalgs): when a key of the most preferred type is on file,
// the default order; otherwise certificates first if a CA is listed for
// the host, and the types of the keys on file before the rest. Every type
// stays offered, so a host that lacks the expected type presents another
// key and fails as a changed key, not as a failed negotiation.
func (tr *hostTrust) algorithms() []string {
	known := map[string]bool{}
	for _, l := range tr.primary.keys {
		known[l.key.Type()] = true
	}
	var out []string
	if known[plainType(hostKeyAlgorithms[0])] {
		out = slices.Clone(hostKeyAlgorithms)
	} else {
		var first, last []string
		for _, a := range hostKeyAlgorithms {
			if (isCertAlgo(a) && len(tr.primary.cas) > 0) || known[plainType(a)] {
				first = append(first, a)
			} else {
				last = append(last, a)
			}
		}
		out = append(first, last...)
	}
	if known[ssh.KeyAlgoRSA] {
		// Servers older than OpenSSH 7.2 sign only with SHA-1.
		out = append(out, ssh.KeyAlgoRSA)
	}
	return out
}

func isCertAlgo(a string) bool { return strings.HasSuffix(a, "-cert-v01@openssh.com") }

// plainType is the key type an algorithm verifies: ssh-ed25519 for
// ssh-ed25519-cert-v01@openssh.com, ssh-rsa for rsa-sha2-512.
func plainType(a string) string {
	a = strings.TrimSuffix(a, "-cert-v01@openssh.com")
	if strings.HasPrefix(a, "rsa-sha2-") {
		return ssh.KeyAlgoRSA
	}
	return a
}
