package management

import "os"

// DialAsUserAddressEnv, set in the environment, makes this test binary
// the child process of dial_as_user_test.go: a client run as another
// user, which dials that address once and exits.
const DialAsUserAddressEnv = "OPENVPN_TEST_DIAL_AS_USER_ADDRESS"

// outsideDialChild returns dir(), or "" in the child process of
// dial_as_user_test.go. The child runs as nobody and only dials; the
// checkout, with internal/testdata, is often out of its reach (a clone
// under /root or a Debian home directory, mode 0700), where locating the
// fixtures while the package initialises would panic before TestMain
// could run the child.
func outsideDialChild(dir func() string) string {
	if os.Getenv(DialAsUserAddressEnv) != "" {
		return ""
	}
	return dir()
}
