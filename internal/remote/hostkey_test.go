package remote_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/remote"
	"github.com/vpnops/terraform-provider-openvpn/internal/remotelab"
)

// verdict is what a client made of the key a host presented.
type verdict string

const (
	accepted    verdict = "accepted"
	unknownHost verdict = "unknown host"
	keyChanged  verdict = "key changed"
	keyRevoked  verdict = "key revoked"
)

// trustLab is a real sshd on a port other than 22 whose host key is
// certified by a CA (HostCertificate), and the keys to write known_hosts
// files about it.
type trustLab struct {
	sshd    *remotelab.SSHD
	user    remotelab.Key
	ca      remotelab.Key // signed the host's certificate
	otherCA remotelab.Key
	other   remotelab.Key // an Ed25519 key the host does not have
	ecdsa   remotelab.Key // a key of a type the host does not have
	name    string        // "[127.0.0.1]:PORT", as known_hosts names it
	dir     string
}

func startTrustLab(t *testing.T) trustLab {
	t.Helper()
	dir := t.TempDir()
	l := trustLab{
		user:    remotelab.NewKey(t, dir, "user", ""),
		ca:      remotelab.NewKey(t, dir, "host_ca", ""),
		otherCA: remotelab.NewKey(t, dir, "other_ca", ""),
		other:   remotelab.NewKey(t, dir, "other", ""),
		ecdsa:   remotelab.NewKeyOfType(t, dir, "ecdsa", "ecdsa"),
		dir:     dir,
	}
	l.sshd = remotelab.StartSSHD(t, remotelab.SSHDConfig{AuthorizedKeys: []string{l.user.Public}, HostCA: &l.ca})
	l.name = fmt.Sprintf("[%s]:%d", l.sshd.Host, l.sshd.Port)
	return l
}

// knownHosts writes lines to a known_hosts file of its own.
func (l trustLab) knownHosts(t *testing.T, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(l.dir, "known_hosts-"+name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (l trustLab) config(knownHosts, hostKey string) *remote.SSHConfig {
	return &remote.SSHConfig{
		SSHHost: remote.SSHHost{Host: l.sshd.Host, Port: l.sshd.Port, User: l.sshd.User,
			PrivateKey: l.user.Private, HostKey: hostKey},
		KnownHostsFile: knownHosts,
	}
}

// connect logs in as the provider does and forwards to sshd's own port,
// and says what became of the host key; err is the HostKeyError, if any.
func (l trustLab) connect(t *testing.T, cfg *remote.SSHConfig) (verdict, *remote.HostKeyError) {
	t.Helper()
	d := dialer(t, remote.Config{SSH: cfg})
	defer d.Close()
	nc, err := d.Dial(context.Background(), "tcp", fmt.Sprintf("%s:%d", l.sshd.Host, l.sshd.Port))
	if err == nil {
		_ = nc.Close()
		return accepted, nil
	}
	var hk *remote.HostKeyError
	if !errors.As(err, &hk) {
		t.Fatalf("connect: %v; want a host-key verdict (accepted, or a HostKeyError)", err)
	}
	switch {
	case hk.Revoked:
		return keyRevoked, hk
	case hk.Changed:
		return keyChanged, hk
	}
	return unknownHost, hk
}

// openSSHVerdict is what OpenSSH's ssh makes of the same known_hosts file.
func (l trustLab) openSSHVerdict(t *testing.T, knownHosts string) (verdict, string) {
	t.Helper()
	r := l.sshd.OpenSSH(t, l.user, knownHosts)
	switch {
	case r.Connected:
		return accepted, r.Output
	case strings.Contains(r.Output, "REVOKED HOST KEY DETECTED"):
		return keyRevoked, r.Output
	case strings.Contains(r.Output, "REMOTE HOST IDENTIFICATION HAS CHANGED"):
		return keyChanged, r.Output
	case strings.Contains(r.Output, "Host key verification failed"):
		return unknownHost, r.Output
	}
	t.Fatalf("ssh failed for another reason than its host key:\n%s", r.Output)
	return "", ""
}

// Host certificates and @cert-authority, @revoked, wildcard patterns on a
// port other than 22, hashed names and unreadable lines: for each
// known_hosts file the provider reaches the verdict OpenSSH's own ssh
// reaches on the same file, against a real sshd that presents a
// certificate signed by the CA.
func TestKnownHostsAgreesWithOpenSSH(t *testing.T) {
	l := startTrustLab(t)
	hostKey := l.sshd.HostKey
	cases := []struct {
		name  string
		lines []string
		want  verdict
		check func(t *testing.T, hk *remote.HostKeyError)
	}{
		{name: "ca-for-host-and-port", lines: []string{"@cert-authority " + l.name + " " + l.ca.Public}, want: accepted},
		{name: "ca-for-any-host", lines: []string{"@cert-authority * " + l.ca.Public}, want: accepted},
		{name: "ca-for-any-port", lines: []string{"@cert-authority [127.0.0.1]:* " + l.ca.Public}, want: accepted},
		{name: "ca-for-bare-host", lines: []string{"@cert-authority 127.0.0.1 " + l.ca.Public}, want: accepted},
		{name: "ca-and-a-stale-key", lines: []string{"@cert-authority * " + l.ca.Public, l.name + " " + l.other.Public}, want: accepted},
		{name: "ca-for-another-host", lines: []string{"@cert-authority other.example " + l.ca.Public}, want: unknownHost,
			check: func(t *testing.T, hk *remote.HostKeyError) {
				if hk.CertAuthority == "" || hk.CertListed {
					t.Errorf("%+v: want the certificate's CA named, as not listed for this host", hk)
				}
			}},
		{name: "another-ca", lines: []string{"@cert-authority * " + l.otherCA.Public}, want: unknownHost},
		{name: "ca-revoked", lines: []string{"@cert-authority * " + l.ca.Public, "@revoked * " + l.ca.Public}, want: keyRevoked,
			check: func(t *testing.T, hk *remote.HostKeyError) {
				if !hk.RevokedAuthority || !strings.Contains(hk.Error(), "signed by CA") {
					t.Errorf("%v: want the CA named as the revoked key", hk)
				}
			}},
		{name: "ca-revoked-for-another-host", lines: []string{"@cert-authority * " + l.ca.Public, "@revoked other.example " + l.ca.Public}, want: accepted},
		{name: "host-key-revoked", lines: []string{l.name + " " + hostKey, "@revoked * " + hostKey}, want: keyRevoked},
		{name: "host-key-for-any-host", lines: []string{"* " + hostKey}, want: accepted},
		{name: "host-key-for-any-port", lines: []string{"[127.0.0.1]:* " + hostKey}, want: accepted},
		{name: "host-key-for-bare-host", lines: []string{"127.0.0.1 " + hostKey}, want: accepted},
		{name: "host-key-negated", lines: []string{"*,!" + l.name + " " + l.other.Public}, want: unknownHost},
		{name: "unreadable-line-skipped", lines: []string{"this is not a known_hosts line", l.name + " " + hostKey}, want: accepted},
		{name: "unreadable-line-and-another-key", lines: []string{"@bogus-marker * " + hostKey, l.name + " " + l.other.Public}, want: keyChanged,
			check: func(t *testing.T, hk *remote.HostKeyError) {
				if !slices.Equal(hk.Skipped, []int{1}) || !strings.Contains(hk.Error(), "line 1 skipped") {
					t.Errorf("%v: want line 1 named as skipped", hk)
				}
			}},
		{name: "another-key", lines: []string{l.name + " " + l.other.Public}, want: keyChanged},
		{name: "key-of-a-type-the-host-lacks", lines: []string{l.name + " " + l.ecdsa.Public}, want: keyChanged,
			check: func(t *testing.T, hk *remote.HostKeyError) {
				if len(hk.Expected) != 1 || !strings.HasPrefix(hk.Expected[0], "ecdsa-sha2-nistp256 ") {
					t.Errorf("%+v: want the ECDSA key named as expected", hk)
				}
			}},
		{name: "empty", lines: nil, want: unknownHost,
			check: func(t *testing.T, hk *remote.HostKeyError) {
				want, _ := remote.ParseHostKey(hostKey)
				if hk.Fingerprint != fingerprint(want) {
					t.Errorf("%+v: want the plain host key's fingerprint %s, which ssh-keygen -lf shows on the host", hk, fingerprint(want))
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := l.knownHosts(t, tc.name, tc.lines...)
			got, hk := l.connect(t, l.config(file, ""))
			if got != tc.want {
				t.Errorf("provider: %s (%v); want %s", got, hk, tc.want)
			}
			if tc.check != nil && hk != nil {
				tc.check(t, hk)
			}
			if ssh, out := l.openSSHVerdict(t, file); ssh != tc.want {
				t.Errorf("OpenSSH: %s; the case wants %s:\n%s", ssh, tc.want, out)
			}
		})
	}
}

// A known_hosts file hashed by ssh-keygen -H still names the host on its
// port, and its @cert-authority line keeps working.
func TestKnownHostsHashedNames(t *testing.T) {
	l := startTrustLab(t)
	file := l.knownHosts(t, "hashed", l.name+" "+l.sshd.HostKey)
	if out, err := exec.Command("ssh-keygen", "-H", "-f", file).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen -H: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(file)
	if !strings.HasPrefix(string(b), "|1|") {
		t.Fatalf("ssh-keygen -H left %q", b)
	}
	if got, hk := l.connect(t, l.config(file, "")); got != accepted {
		t.Errorf("provider: %s (%v); want accepted", got, hk)
	}
}

// A pinned host_key follows the same rules: a CA line trusts the host's
// certificate, a key of a type the host lacks is a changed key, and a
// line marked @revoked is refused before anything is dialled.
func TestPinnedHostKeyEdgeCases(t *testing.T) {
	l := startTrustLab(t)
	if got, hk := l.connect(t, l.config("", "@cert-authority * "+l.ca.Public)); got != accepted {
		t.Errorf("pinned @cert-authority line: %s (%v); want accepted", got, hk)
	}
	if got, hk := l.connect(t, l.config("", l.sshd.HostKey)); got != accepted {
		t.Errorf("pinned plain key of a host with a certificate: %s (%v); want accepted", got, hk)
	}
	got, hk := l.connect(t, l.config("", l.ecdsa.Public))
	if got != keyChanged || !hk.Pinned {
		t.Errorf("pinned ECDSA key, host has none: %s (%v); want a changed pinned key", got, hk)
	}
	_, err := remote.New(remote.Config{SSH: l.config("", "@revoked * "+l.sshd.HostKey)})
	var ce *remote.ConfigError
	if !errorsAs(err, &ce) || ce.Field != remote.FieldHostKey || !errors.Is(err, remote.ErrPinnedRevoked) {
		t.Errorf("New with a pinned @revoked key = %v; want a ConfigError on the host key saying it is revoked", err)
	}
	if n := strings.Count(l.sshd.Log(), "Accepted publickey"); n != 2 {
		t.Errorf("sshd logged %d logins; want 2, through the two trusted pins only", n)
	}
}

// A certificate from a trusted CA that is not valid for the host (it
// names another host, or has expired) is not trusted; the host's plain key
// decides, as in OpenSSH, and the error says what was wrong with the
// certificate.
func TestHostCertificateNotValidForTheHost(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cfg     remotelab.SSHDConfig
		problem string
	}{
		{"another-name", remotelab.SSHDConfig{HostCertPrincipals: []string{"vpn1.example.com"}}, `not valid for "127.0.0.1"`},
		// OpenSSH reads wildcard principals only from 10.3; CI's 9.2 does not.
		{"wildcard-principal", remotelab.SSHDConfig{HostCertPrincipals: []string{"127.0.0.*"}}, `not valid for "127.0.0.1"`},
		{"expired", remotelab.SSHDConfig{HostCertValidity: "20200101:20200102"}, "expired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := trustLab{dir: t.TempDir()}
			l.user = remotelab.NewKey(t, l.dir, "user", "")
			l.ca = remotelab.NewKey(t, l.dir, "host_ca", "")
			tc.cfg.AuthorizedKeys, tc.cfg.HostCA = []string{l.user.Public}, &l.ca
			l.sshd = remotelab.StartSSHD(t, tc.cfg)
			file := l.knownHosts(t, tc.name, "@cert-authority * "+l.ca.Public)
			want := unknownHost
			if tc.problem == "" {
				want = accepted
			}
			got, hk := l.connect(t, l.config(file, ""))
			if got != want {
				t.Fatalf("provider: %s (%v); want %s", got, hk, want)
			}
			if hk != nil && (!hk.CertListed || !strings.Contains(hk.CertProblem, tc.problem)) {
				t.Errorf("%v: want the certificate's problem %q", hk, tc.problem)
			}
			if ssh, out := l.openSSHVerdict(t, file); ssh != want {
				t.Errorf("OpenSSH: %s; want %s:\n%s", ssh, want, out)
			}
		})
	}
}
