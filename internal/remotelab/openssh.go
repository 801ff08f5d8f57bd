package remotelab

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// OpenSSHResult is what OpenSSH's own ssh made of a host.
type OpenSSHResult struct {
	Connected bool   // it logged in and ran a command
	Output    string // its messages (stderr and stdout)
}

// OpenSSH connects to s with OpenSSH's ssh, as strictly as the provider
// does: batch mode (no prompt), strict host key checking, only knownHosts
// consulted (no ~/.ssh/config, no global file), logging in with key, and
// runs "true". A test compares its verdict on a known_hosts file with the
// provider's. Without an ssh client it skips the rest of the test, which
// make test counts as a failure (CI installs openssh-client): call it
// after the provider's own verdict was checked.
func (s *SSHD) OpenSSH(t testing.TB, key Key, knownHosts string) OpenSSHResult {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("no ssh client (openssh-client) to compare with OpenSSH's verdict:", err)
	}
	cmd := exec.Command("ssh", "-F", "/dev/null",
		"-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=yes",
		"-o", "UserKnownHostsFile="+knownHosts,
		"-o", "GlobalKnownHostsFile=/dev/null",
		"-o", "UpdateHostKeys=no",
		"-o", "IdentitiesOnly=yes",
		"-o", "IdentityAgent=none",
		"-o", "ConnectTimeout=10",
		"-i", key.Path,
		"-p", fmt.Sprint(s.Port),
		s.User+"@"+s.Host, "true")
	done := make(chan struct{})
	var out []byte
	var err error
	go func() {
		out, err = cmd.CombinedOutput()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("remotelab: ssh did not finish within 30s:\n%s", out)
	}
	if err != nil {
		if _, exited := err.(*exec.ExitError); !exited {
			t.Fatalf("remotelab: ssh: %v", err)
		}
	}
	return OpenSSHResult{Connected: err == nil, Output: strings.TrimSpace(string(out))}
}
