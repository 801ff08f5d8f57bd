package remote

import (
	"crypto/ed25519"
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Patterns as OpenSSH's match_pattern reads them: "*" and "?" are the
// only wildcards; brackets are literal, so "[127.0.0.1]:*" names every
// port of that address.
func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "[127.0.0.1]:2222", true},
		{"[127.0.0.1]:*", "[127.0.0.1]:2222", true},
		{"[127.0.0.1]:*", "127.0.0.1", false},
		{"[127.0.0.?]:22?2", "[127.0.0.1]:2222", true},
		{"*.example.com", "vpn1.example.com", true},
		{"*.example.com", "example.com", false},
		{"vpn*", "vpn", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"", "", true},
		{"", "a", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v; want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func testKey(t *testing.T, seed byte) (ssh.PublicKey, string) {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(slices.Repeat([]byte{seed}, ed25519.SeedSize))
	k, err := ssh.NewPublicKey(priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	return k, "ssh-ed25519 " + base64.StdEncoding.EncodeToString(k.Marshal())
}

// A file is read line by line: comments, blank lines and CRLF are fine,
// an unreadable line is skipped and counted, never fatal; markers and
// host lists (negations, hashed names) decide which lines speak for a
// name.
func TestReadKnownHosts(t *testing.T) {
	k1, line1 := testKey(t, 1)
	k2, line2 := testKey(t, 2)
	_, line3 := testKey(t, 3)
	hashed := knownhosts.HashHostname("[vpn1.example.com]:2222") // as ssh-keygen -H writes it
	text := "# a comment\n\n" +
		"vpn1.example.com,[vpn1.example.com]:2222 " + line1 + " a comment of several words\r\n" + // line 3
		"@cert-authority *.example.com " + line2 + "\n" + // line 4
		"@revoked * " + line3 + "\n" + // line 5
		"@unknown-marker * " + line1 + "\n" + // line 6: skipped
		"vpn1.example.com ssh-rsa " + line1[len("ssh-ed25519 "):] + "\n" + // line 7: type mismatch, skipped
		"vpn1.example.com ssh-ed25519\n" + // line 8: truncated, skipped
		"*,!vpn1.example.com " + line2 + "\n" + // line 9
		hashed + " " + line2 + "\n" // line 10
	p := filepath.Join(t.TempDir(), "known_hosts")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	kh, err := readKnownHosts(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kh.skipped, []int{6, 7, 8}) {
		t.Errorf("skipped lines %v; want [6 7 8]", kh.skipped)
	}
	where := func(ls []knownLine) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.where[len(p)+1:])
		}
		return out
	}
	for _, tc := range []struct {
		name               string
		keys, cas, revoked []string
	}{
		{"vpn1.example.com", []string{"3"}, []string{"4"}, []string{"5"}},
		{"[vpn1.example.com]:2222", []string{"3", "9", "10"}, nil, []string{"5"}},
		{"vpn2.example.com", []string{"9"}, []string{"4"}, []string{"5"}},
		{"other.test", []string{"9"}, nil, []string{"5"}},
	} {
		h := kh.linesFor(tc.name)
		if !slices.Equal(where(h.keys), tc.keys) || !slices.Equal(where(h.cas), tc.cas) || !slices.Equal(where(h.revoked), tc.revoked) {
			t.Errorf("%s: keys %v, CAs %v, revoked %v; want %v, %v, %v", tc.name,
				where(h.keys), where(h.cas), where(h.revoked), tc.keys, tc.cas, tc.revoked)
		}
	}
	h := kh.linesFor("vpn1.example.com")
	if find(h.keys, k1) == nil || find(h.keys, k2) != nil || find(h.cas, k2) == nil {
		t.Error("find does not tell the keys apart")
	}
}

// The name looked up is the host on port 22 and "[host]:port" elsewhere,
// in lower case, as OpenSSH writes and hashes it.
func TestKnownName(t *testing.T) {
	if got := knownName("VPN1.example.com", 22); got != "vpn1.example.com" {
		t.Errorf("port 22: %q", got)
	}
	if got := knownName("127.0.0.1", 2222); got != "[127.0.0.1]:2222" {
		t.Errorf("port 2222: %q", got)
	}
}
