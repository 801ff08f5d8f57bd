package remote_test

import (
	"errors"

	"golang.org/x/crypto/ssh"
)

func errorsAs[T any](err error, target *T) bool { return err != nil && errors.As(err, target) }

func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return "<nil>"
	}
	return ssh.FingerprintSHA256(k)
}
