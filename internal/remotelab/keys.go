package remotelab

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Key is a throw-away Ed25519 key pair made by ssh-keygen.
type Key struct {
	Path       string // private key file; Path+".pub" is the public key
	Private    string // the private key text (OpenSSH form)
	Public     string // "ssh-ed25519 AAAA… comment"
	Passphrase string
}

// NewKey makes a key in dir; a non-empty passphrase encrypts it.
func NewKey(t testing.TB, dir, name, passphrase string) Key {
	t.Helper()
	p := filepath.Join(dir, name)
	run(t, nil, "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", p)
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
