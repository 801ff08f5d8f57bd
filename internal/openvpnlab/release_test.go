package openvpnlab

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// What Release predicts for each captured release is checked against the
// bytes those daemons sent (internal/testdata/transcripts): the release
// read from `openvpn --version`, the >INFO banner, and the real addresses
// of the UDP/IPv4, TCP/IPv4 and UDP/IPv6 clients.
func TestReleaseAgainstCaptures(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(fixtures.TranscriptDir(), "openvpn-2.*"))
	if err != nil || len(dirs) != 4 {
		t.Fatalf("want the four captured releases, got %v (%v)", dirs, err)
	}
	read := func(dir, name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, dir := range dirs {
		name := strings.TrimPrefix(filepath.Base(dir), "openvpn-")
		t.Run(name, func(t *testing.T) {
			r, err := ParseRelease(read(dir, "openvpn--version.txt"))
			if err != nil || r.String() != name {
				t.Fatalf("ParseRelease(openvpn --version) = %v, %v; want %s", r, err, name)
			}
			if pw := read(dir, "password.txt"); !strings.HasSuffix(pw, r.Banner()) {
				t.Errorf("banner %q, captured %q", r.Banner(), pw)
			}
			hasCipher := strings.Contains(read(dir, "status-3.txt"), "\tData Channel Cipher")
			hasDCO := strings.Contains(read(dir, "status-3.txt"), "GLOBAL_STATS\tdco_enabled")
			if hasCipher != r.HasCipherColumn() || hasDCO != r.HasDCOStat() {
				t.Errorf("cipher column %v, dco_enabled %v; Release says %v, %v", hasCipher, hasDCO, r.HasCipherColumn(), r.HasDCOStat())
			}
			for file, x := range map[string]struct{ proto, ip string }{
				"status-3.txt": {"udp4", "127.0.0.1"}, "tcp4-status-3.txt": {"tcp4-server", "127.0.0.1"}, "udp6-status-3.txt": {"udp6", "::1"},
			} {
				row := regexp.MustCompile(`(?m)^CLIENT_LIST\t[^\t]*\t([^\t]*)\t`).FindStringSubmatch(read(dir, file))
				if row == nil {
					t.Fatalf("%s: no CLIENT_LIST row", file)
				}
				// The port, where one is printed ("::1" alone has none).
				port := 0
				if m := regexp.MustCompile(`[^:]:(\d+)$`).FindStringSubmatch(row[1]); m != nil {
					port, _ = strconv.Atoi(m[1])
				}
				if got := r.RealAddress(x.proto, x.ip, port); got != row[1] {
					t.Errorf("%s: RealAddress = %q, captured %q", file, got, row[1])
				}
				if file == "status-3.txt" && !r.RealAddressPattern().MatchString(row[1]) {
					t.Errorf("RealAddressPattern %v does not match %q", r.RealAddressPattern(), row[1])
				}
			}
		})
	}
}

func TestReleaseRules(t *testing.T) {
	for rel, want := range map[string]struct {
		mgmt   int
		option string
	}{
		"2.3.18": {1, "--ncp-ciphers"}, "2.4.12": {1, "--ncp-ciphers"}, "2.5.0": {3, "--data-ciphers"},
		"2.6.0": {4, "--data-ciphers"}, "2.6.1": {4, "--data-ciphers"}, "2.6.2": {5, "--data-ciphers"},
		"2.7.1": {5, "--data-ciphers"}, "2.7.2": {6, "--data-ciphers"}, "2.10.0": {6, "--data-ciphers"},
	} {
		r, err := ParseRelease("OpenVPN " + rel + " x86_64-pc-linux-gnu")
		if err != nil {
			t.Fatal(err)
		}
		if r.ManagementVersion() != want.mgmt || r.DataCiphersOption() != want.option {
			t.Errorf("%s: management version %d, option %s; want %d, %s", rel, r.ManagementVersion(), r.DataCiphersOption(), want.mgmt, want.option)
		}
	}
	if _, err := ParseRelease("OpenVPN 2.7_rc2"); err == nil {
		t.Error("a release without a patch level parsed")
	}
}
