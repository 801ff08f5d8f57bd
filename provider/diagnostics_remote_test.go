package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
)

// A unix forward that failed without a clear refusal (what the remote
// package reports for unix:///nonexistent/mgmt.sock through sshd, see
// TestSSHTargetNotListening) is not called a refusal: the hint leads with
// the daemon and the path, then the permissions, then sshd's option.
func TestMissingSocketThroughSSHIsNotARefusal(t *testing.T) {
	missing := &remote.ForwardError{Hop: remote.HopHost, Host: "127.0.0.1:22", Network: "unix",
		Target: "/nonexistent/mgmt.sock", Option: "AllowStreamLocalForwarding", Message: "open failed"}
	summary, hint := explain(fmt.Errorf("openvpn management at unix:///nonexistent/mgmt.sock: %w", missing))
	if summary != "SSH host could not open the OpenVPN management socket" {
		t.Errorf("summary %q", summary)
	}
	order := []string{"not running", "SSH user may not open it", "AllowStreamLocalForwarding"}
	last := -1
	for _, cause := range order {
		i := strings.Index(hint, cause)
		if i <= last {
			t.Fatalf("hint %q: want the causes in this order: %q", hint, order)
		}
		last = i
	}
	// A clear refusal keeps its own words.
	refused := *missing
	refused.Prohibited = true
	if summary, _ := explain(&refused); summary != "SSH host refused to forward to the management socket" {
		t.Errorf("prohibited unix forward: summary %q", summary)
	}
}

// Every way a host key is not trusted reads as a host-key failure, never
// as an unreachable host, and the hint follows what the host presented:
// a revoked key or CA, a key of a type not on file, a certificate from a
// CA not listed or not valid for the host. Each summary has its README
// row.
func TestHostKeyFailuresReadAsHostKeyFailures(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	base := remote.HostKeyError{Hop: remote.HopHost, Host: "127.0.0.1:2222", KeyType: "ssh-ed25519",
		Fingerprint: "SHA256:host", Source: "/home/ops/.ssh/known_hosts"}
	with := func(change func(e *remote.HostKeyError)) error {
		e := base
		change(&e)
		return fmt.Errorf("openvpn management at unix:///run/openvpn/server.sock: %w", &e)
	}
	for _, tc := range []struct {
		name, summary, hint string
		err                 error
	}{
		{"revoked key", "SSH host key revoked", "its key, which was withdrawn",
			with(func(e *remote.HostKeyError) { e.Revoked = true })},
		{"revoked CA", "SSH host key revoked", "the CA that signed its host certificate",
			with(func(e *remote.HostKeyError) {
				e.Revoked, e.RevokedAuthority, e.CertAuthority = true, true, "ssh-ed25519 SHA256:ca"
			})},
		{"revoked bastion key", "SSH bastion key revoked", "The SSH bastion identified itself",
			with(func(e *remote.HostKeyError) { e.Hop, e.Revoked = remote.HopBastion, true })},
		{"type the host lacks", "SSH host key changed", "no key of the expected type",
			with(func(e *remote.HostKeyError) {
				e.Changed, e.Pinned, e.Source, e.Expected = true, true, "the pinned host key", []string{"ecdsa-sha2-nistp256 SHA256:pin"}
			})},
		{"certificate from an unlisted CA", "SSH host unknown", "@cert-authority PATTERN CA-PUBLIC-KEY",
			with(func(e *remote.HostKeyError) { e.CertAuthority = "ssh-ed25519 SHA256:ca" })},
		{"certificate not valid for the host", "SSH host unknown", "ssh-keygen -s CA -h -n NAME",
			with(func(e *remote.HostKeyError) {
				e.CertAuthority, e.CertListed, e.CertProblem = "ssh-ed25519 SHA256:ca", true, "cert has expired"
			})},
		{"unreadable lines", "SSH host unknown", "could not be read and were skipped",
			with(func(e *remote.HostKeyError) { e.Skipped = []int{3} })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			summary, hint := explain(tc.err)
			if summary != tc.summary || !strings.Contains(hint, tc.hint) {
				t.Errorf("summary %q, hint %q; want %q with %q", summary, hint, tc.summary, tc.hint)
			}
			if phrase := repeatedPhrase(tc.err.Error(), hint); phrase != "" {
				t.Errorf("the hint repeats the error's own words %q", phrase)
			}
			// The bastion's summaries share the SSH host's rows.
			row := strings.Replace(summary, string(remote.HopBastion), string(remote.HopHost), 1)
			if !strings.Contains(string(readme), "\n| "+row+" |") {
				t.Errorf("README's troubleshooting table has no row for %q", summary)
			}
		})
	}
	// A pinned key of a type the host has is a plain change: no word on types.
	_, hint := explain(with(func(e *remote.HostKeyError) { e.Changed, e.Expected = true, []string{"ssh-ed25519 SHA256:old"} }))
	if strings.Contains(hint, "expected type") {
		t.Errorf("a changed key of the same type: hint %q speaks of types", hint)
	}
}
