package remotelab

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Key is a throw-away key pair made by ssh-keygen.
type Key struct {
	Path       string // private key file; Path+".pub" is the public key
	Private    string // the private key text (OpenSSH form)
	Public     string // "ssh-ed25519 AAAA… comment"
	Passphrase string
}

// NewKey makes an Ed25519 key in dir; a non-empty passphrase encrypts it.
func NewKey(t testing.TB, dir, name, passphrase string) Key {
	t.Helper()
	return sshKeygen(t, dir, name, "ed25519", passphrase)
}

// NewKeyOfType makes an unencrypted key of ssh-keygen's type keyType
// ("ed25519", "ecdsa", "rsa") in dir.
func NewKeyOfType(t testing.TB, dir, name, keyType string) Key {
	t.Helper()
	return sshKeygen(t, dir, name, keyType, "")
}

func sshKeygen(t testing.TB, dir, name, keyType, passphrase string) Key {
	t.Helper()
	haveSSHKeygen(t)
	p := filepath.Join(dir, name)
	run(t, nil, "ssh-keygen", "-q", "-t", keyType, "-N", passphrase, "-C", name, "-f", p)
	priv, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := os.ReadFile(p + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	return Key{Path: p, Private: string(priv), Public: strings.TrimSpace(string(pub)), Passphrase: passphrase}
}

// CertifyHost signs host's public key with ca as an OpenSSH host
// certificate (ssh-keygen -s ca -h) for principals, valid for validity in
// ssh-keygen -V's form ("" means from an hour ago for a day), and returns
// the certificate's path (host.Path+"-cert.pub", where sshd's
// HostCertificate looks) and its line.
func CertifyHost(t testing.TB, ca, host Key, validity string, principals ...string) (string, string) {
	t.Helper()
	if validity == "" {
		validity = "-1h:+1d"
	}
	run(t, nil, "ssh-keygen", "-q", "-s", ca.Path, "-I", filepath.Base(host.Path), "-h",
		"-n", strings.Join(principals, ","), "-V", validity, host.Path+".pub")
	p := host.Path + "-cert.pub"
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, strings.TrimSpace(string(b))
}

// haveSSHKeygen skips the test, naming the package to install, where
// ssh-keygen is missing (make test, as root, fails on the skip).
func haveSSHKeygen(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		t.Skip("needs ssh-keygen (openssh-client) for throw-away SSH keys:", err)
	}
}
