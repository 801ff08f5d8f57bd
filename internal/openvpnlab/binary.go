package openvpnlab

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// BinaryEnv names an environment variable that, when set, is the openvpn
// binary to run instead of the one on PATH (to test another release).
const BinaryEnv = "OPENVPNLAB_OPENVPN"

// Binary is the openvpn binary the lab runs: $OPENVPNLAB_OPENVPN, else
// openvpn on PATH, else /usr/sbin or /usr/local/sbin (often missing from a
// non-login PATH, and where Debian installs it).
func Binary() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("openvpn"); err == nil {
		return p, nil
	}
	for _, p := range []string{"/usr/sbin/openvpn", "/usr/local/sbin/openvpn"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("openvpnlab: openvpn binary not found on PATH or in /usr/sbin (apt-get install openvpn, or set " + BinaryEnv + ")")
}

// checkHost reports, in words a CI log reader can act on, why a server
// cannot start here. A server needs a tun device even though the lab never
// configures it: OpenVPN's --server mode refuses --dev null.
func checkHost() error {
	if _, err := exec.LookPath("openssl"); err != nil {
		return errors.New("openvpnlab: openssl binary not found on PATH (apt-get install openssl); it makes the throw-away PKI")
	}
	if ok, err := hasNetAdmin(); err != nil || !ok {
		why := fmt.Sprintf("uid %d has not", os.Geteuid())
		if err != nil {
			why = fmt.Sprintf("cannot tell whether uid %d has it: %v", os.Geteuid(), err)
		}
		return fmt.Errorf("openvpnlab: an OpenVPN server needs CAP_NET_ADMIN to open a tun device (root has it; so does root of a user namespace made with unshare --user --map-root-user --net); %s", why)
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		return fmt.Errorf("openvpnlab: an OpenVPN server needs /dev/net/tun (in a container: --device /dev/net/tun --cap-add NET_ADMIN): %w", err)
	}
	return nil
}

// capNetAdmin is CAP_NET_ADMIN's bit in the capability sets (linux/capability.h).
const capNetAdmin = 12

// hasNetAdmin reports whether this process has CAP_NET_ADMIN in its
// effective set, which is what opening a tun device takes: root outside a
// container usually has it, a container's root may not, and a user's
// process has it inside its own user + network namespace.
func hasNetAdmin() (bool, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return false, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if hex, ok := strings.CutPrefix(line, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
			if err != nil {
				return false, fmt.Errorf("CapEff %q: %w", hex, err)
			}
			return caps&(1<<capNetAdmin) != 0, nil
		}
	}
	return false, errors.New("no CapEff line in /proc/self/status")
}
