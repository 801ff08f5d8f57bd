package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// signingKey is a throw-away GPG key in a keyring of its own, made for one
// test: RSA, as the registry requires, without a passphrase.
type signingKey struct {
	home        string // GNUPGHOME
	fingerprint string
	keyID       string // the long key ID Terraform names: 16 hex digits
	armored     string // the public key, ASCII-armored, as the registry serves it
}

func newSigningKey(t *testing.T) signingKey {
	t.Helper()
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Skip("needs gpg to sign the test release (Debian: apt-get install gnupg; make test installs it)")
	}
	k := signingKey{home: t.TempDir()}
	t.Cleanup(func() {
		// gpg starts an agent for the keyring; stop it with the test.
		kill := exec.Command("gpgconf", "--kill", "gpg-agent")
		kill.Env = append(os.Environ(), "GNUPGHOME="+k.home)
		_ = kill.Run()
	})
	k.gpg(t, "--batch", "--pinentry-mode", "loopback", "--passphrase", "",
		"--quick-generate-key", "terraform-provider-openvpn test release <release-test@example.invalid>", "rsa2048", "sign", "never")
	for _, line := range strings.Split(k.gpg(t, "--batch", "--with-colons", "--list-secret-keys"), "\n") {
		f := strings.Split(line, ":")
		switch {
		case len(f) > 4 && f[0] == "sec":
			k.keyID = f[4]
		case len(f) > 9 && f[0] == "fpr" && k.fingerprint == "":
			k.fingerprint = f[9]
		}
	}
	if k.keyID == "" || k.fingerprint == "" {
		t.Fatal("gpg made a key but listed no key ID or fingerprint")
	}
	k.armored = k.gpg(t, "--batch", "--armor", "--export", k.fingerprint)
	return k
}

// gpg runs gpg on the key's keyring and returns its stdout.
func (k signingKey) gpg(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("gpg", args...)
	cmd.Env = append(os.Environ(), "GNUPGHOME="+k.home)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gpg %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
