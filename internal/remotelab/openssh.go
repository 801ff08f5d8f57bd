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

// HaveOpenSSH says whether OpenSSH's ssh client is installed; tests that
// compare with it skip only that comparison without it.
func HaveOpenSSH() bool {
	_, err := exec.LookPath("ssh")
	return err == nil
}

// OpenSSH connects to s with OpenSSH's ssh, as strictly as the provider
// does: batch mode (no prompt), strict host key checking, only knownHosts
// consulted (no ~/.ssh/config, no global file), logging in with key, and
// runs "true". A test compares its verdict on a known_hosts file with the
// provider's.
func (s *SSHD) OpenSSH(t testing.TB, key Key, knownHosts string) OpenSSHResult {
	t.Helper()
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
