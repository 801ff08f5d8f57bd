package openvpnlab

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Release is an OpenVPN release, and what its daemon does differently on
// the wire or on the command line. Tests derive their expectations from
// the release of the daemon they run (BinaryRelease), never from the
// constants of one release, so that OPENVPNLAB_OPENVPN can point at a 2.4,
// 2.5, 2.6 or 2.7 build.
type Release struct {
	Major, Minor, Patch int
}

// String is "x.y.z", as `version` and `openvpn --version` print it.
func (r Release) String() string { return fmt.Sprintf("%d.%d.%d", r.Major, r.Minor, r.Patch) }

// AtLeast reports whether r is x.y.z or later.
func (r Release) AtLeast(major, minor, patch int) bool {
	if r.Major != major {
		return r.Major > major
	}
	if r.Minor != minor {
		return r.Minor > minor
	}
	return r.Patch >= patch
}

// ManagementVersion is MANAGEMENT_VERSION (manage.h), which the daemon
// prints in its >INFO banner and in `version`: 1 up to 2.4, 3 in 2.5, 4 in
// 2.6.0-2.6.1, 5 from 2.6.2, 6 from 2.7.2.
func (r Release) ManagementVersion() int {
	switch {
	case r.AtLeast(2, 7, 2):
		return 6
	case r.AtLeast(2, 6, 2):
		return 5
	case r.AtLeast(2, 6, 0):
		return 4
	case r.AtLeast(2, 5, 0):
		return 3
	}
	return 1
}

// Banner is the >INFO line the daemon sends once a management client is in.
func (r Release) Banner() string {
	return fmt.Sprintf(">INFO:OpenVPN Management Interface Version %d -- type 'help' for more info\r\n", r.ManagementVersion())
}

// DataCiphersOption is the server option that lists the negotiable data
// ciphers: --data-ciphers from 2.5, --ncp-ciphers before (2.4 has no
// --data-ciphers; 2.5 and 2.6 still accept --ncp-ciphers as an alias).
func (r Release) DataCiphersOption() string {
	if r.AtLeast(2, 5, 0) {
		return "--data-ciphers"
	}
	return "--ncp-ciphers"
}

// HasCipherColumn: the status CLIENT_LIST has "Data Channel Cipher" from
// 2.5; before, the provider's data_channel_cipher is null.
func (r Release) HasCipherColumn() bool { return r.AtLeast(2, 5, 0) }

// HasDCOStat: GLOBAL_STATS gains a dco_enabled row in 2.6.
func (r Release) HasDCOStat() bool { return r.AtLeast(2, 6, 0) }

// RealAddress is how the daemon prints a peer at ip:port reached over
// proto ("udp4", "tcp4-server", "udp6", ...) in status: 2.7 puts the
// protocol first and brackets IPv6 with its port; before 2.7 an IPv6 peer
// is printed without its port.
func (r Release) RealAddress(proto, ip string, port int) string {
	v6 := strings.Contains(ip, ":")
	switch {
	case r.AtLeast(2, 7, 0) && v6:
		return fmt.Sprintf("%s:[%s]:%d", proto, ip, port)
	case r.AtLeast(2, 7, 0):
		return fmt.Sprintf("%s:%s:%d", proto, ip, port)
	case v6:
		return ip
	}
	return ip + ":" + strconv.Itoa(port)
}

// RealAddressPattern matches the real address of any lab client (UDP over
// IPv4 on 127.0.0.1) in this release's form.
func (r Release) RealAddressPattern() *regexp.Regexp {
	if r.AtLeast(2, 7, 0) {
		return regexp.MustCompile(`^udp4:127\.0\.0\.1:\d+$`)
	}
	return regexp.MustCompile(`^127\.0\.0\.1:\d+$`)
}

var releaseInVersion = regexp.MustCompile(`OpenVPN (\d+)\.(\d+)\.(\d+)`)

// ParseRelease reads the first "OpenVPN x.y.z" in text (the output of
// `openvpn --version`, or a title string).
func ParseRelease(text string) (Release, error) {
	m := releaseInVersion.FindStringSubmatch(text)
	if m == nil {
		return Release{}, fmt.Errorf("openvpnlab: no \"OpenVPN x.y.z\" in %q", truncate(text, 120))
	}
	var r Release
	r.Major, _ = strconv.Atoi(m[1])
	r.Minor, _ = strconv.Atoi(m[2])
	r.Patch, _ = strconv.Atoi(m[3])
	return r, nil
}

var binaryVersions sync.Map // binary path -> its `openvpn --version` text

// binaryVersion is the `openvpn --version` text of the binary the lab runs
// (Binary: $OPENVPNLAB_OPENVPN, else PATH), read once per binary.
func binaryVersion() (string, error) {
	bin, err := Binary()
	if err != nil {
		return "", err
	}
	if v, ok := binaryVersions.Load(bin); ok {
		if text, ok := v.(string); ok {
			return text, nil
		}
	}
	// --version exits with status 1 on 2.4-2.6; the text is what counts.
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if len(out) == 0 {
		return "", errors.Join(fmt.Errorf("openvpnlab: %s --version printed nothing", bin), err)
	}
	binaryVersions.Store(bin, string(out))
	return string(out), nil
}

// BinaryRelease is the release of the openvpn binary the lab runs.
func BinaryRelease() (Release, error) {
	text, err := binaryVersion()
	if err != nil {
		return Release{}, err
	}
	r, err := ParseRelease(text)
	if err != nil {
		return Release{}, fmt.Errorf("openvpn --version: %w", err)
	}
	return r, nil
}

// BinaryTakesLongUsernames reports whether the binary keeps usernames
// longer than 128 bytes. That is a build option, not a release: a build
// with PKCS#11 ("[PKCS11]" in --version, as Debian's) has USER_PASS_LEN
// 4096, any other build 128 (misc.h), which cuts a username too short to
// overflow the daemon's 512-byte status line.
func BinaryTakesLongUsernames() (bool, error) {
	text, err := binaryVersion()
	if err != nil {
		return false, err
	}
	return strings.Contains(text, "[PKCS11]"), nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
