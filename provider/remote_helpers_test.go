package provider

import (
	"regexp"
	"strings"

	"golang.org/x/crypto/ssh"
)

// wrapped compiles pattern with each space matching any run of white
// space: Terraform wraps diagnostics at word boundaries.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func fingerprintOf(k ssh.PublicKey) string {
	if k == nil {
		return "<no key>"
	}
	return ssh.FingerprintSHA256(k)
}
