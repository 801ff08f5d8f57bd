package provider

import (
	"golang.org/x/crypto/ssh"
)

func fingerprintOf(k ssh.PublicKey) string {
	if k == nil {
		return "<no key>"
	}
	return ssh.FingerprintSHA256(k)
}
