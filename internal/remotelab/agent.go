package remotelab

import (
	"path/filepath"
	"testing"
)

// StartAgent starts ssh-agent on a socket of its own and loads keys into
// it with ssh-add. It returns the socket, for SSH_AUTH_SOCK.
func StartAgent(t testing.TB, keys ...Key) string {
	t.Helper()
	dir := t.TempDir()
	sock := filepath.Join(dir, "agent.sock")
	p := start(t, filepath.Join(dir, "agent.log"), "ssh-agent", "-D", "-a", sock)
	p.waitLog(t, "SSH_AUTH_SOCK")
	for _, k := range keys {
		run(t, []string{"SSH_AUTH_SOCK=" + sock}, "ssh-add", "-q", k.Path)
	}
	return sock
}
