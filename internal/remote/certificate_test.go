package remote

import (
	"crypto/ed25519"
	"crypto/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// What makes a certificate from a trusted CA not good enough, for the
// cases ssh-keygen will not make: no principals (which x/crypto's
// CertChecker and OpenSSH before 10.3 take as every host), a user
// certificate, a certificate not valid yet.
func TestCertificateProblem(t *testing.T) {
	caPriv := ed25519.NewKeyFromSeed(slices.Repeat([]byte{7}, ed25519.SeedSize))
	ca, err := ssh.NewSignerFromKey(caPriv)
	if err != nil {
		t.Fatal(err)
	}
	hostKey, _ := testKey(t, 8)
	now := time.Unix(1_800_000_000, 0)
	sign := func(change func(c *ssh.Certificate)) *ssh.Certificate {
		c := &ssh.Certificate{Key: hostKey, CertType: ssh.HostCert, ValidPrincipals: []string{"vpn1.example.com"},
			ValidAfter: uint64(now.Add(-time.Hour).Unix()), ValidBefore: uint64(now.Add(time.Hour).Unix())}
		change(c)
		if err := c.SignCert(rand.Reader, ca); err != nil {
			t.Fatal(err)
		}
		return c
	}
	tr := &hostTrust{hostname: "vpn1.example.com", now: func() time.Time { return now }}
	for _, tc := range []struct {
		name, want string
		change     func(c *ssh.Certificate)
	}{
		{"valid", "", func(*ssh.Certificate) {}},
		{"no principals", "lists no principals", func(c *ssh.Certificate) { c.ValidPrincipals = nil }},
		{"wildcard principal", "not valid for", func(c *ssh.Certificate) { c.ValidPrincipals = []string{"*.example.com"} }},
		{"user certificate", "not a host certificate", func(c *ssh.Certificate) { c.CertType = ssh.UserCert }},
		{"not valid yet", "not yet valid", func(c *ssh.Certificate) { c.ValidAfter = uint64(now.Add(time.Minute).Unix()) }},
		{"expired", "expired", func(c *ssh.Certificate) { c.ValidBefore = uint64(now.Add(-time.Minute).Unix()) }},
		{"critical option", "critical option", func(c *ssh.Certificate) { c.CriticalOptions = map[string]string{"force-command": "x"} }},
		{"source-address", "critical option", func(c *ssh.Certificate) { c.CriticalOptions = map[string]string{"source-address": "10.0.0.1"} }},
	} {
		got := tr.certificateProblem(sign(tc.change))
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q; want %q", tc.name, got, tc.want)
		}
	}
	// A signature that does not verify: the certificate altered after signing.
	c := sign(func(*ssh.Certificate) {})
	c.Serial++
	if got := tr.certificateProblem(c); !strings.Contains(got, "signature") {
		t.Errorf("altered certificate: %q; want a bad signature", got)
	}
}
