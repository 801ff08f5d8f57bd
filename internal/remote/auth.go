package remote

import (
	"errors"
	"fmt"
	"net"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// credentials is how one hop authenticates: a private key, else the agent.
type credentials struct {
	signer      ssh.Signer // from PrivateKey; nil means the agent
	agentSocket string
}

// parsePrivateKey reads an OpenSSH or PEM private key. Its errors never
// quote the key.
func parsePrivateKey(key, passphrase string) (ssh.Signer, error) {
	s, err := ssh.ParsePrivateKey([]byte(key))
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		// A passphrase given for a key that has none is harmless.
		return s, nil
	case errors.As(err, &missing) && passphrase == "":
		return nil, ErrPassphraseMissing
	case errors.As(err, &missing):
		if s, err = ssh.ParsePrivateKeyWithPassphrase([]byte(key), []byte(passphrase)); err != nil {
			// The library's words, which quote neither key nor passphrase.
			return nil, fmt.Errorf("%w: %v", ErrPassphraseWrong, err)
		}
		return s, nil
	}
	return nil, fmt.Errorf("not a private key in OpenSSH or PEM form: %v", err)
}

// methods returns the auth methods to offer and their descriptions for
// an AuthError. The agent connection, if any, is closed by the returned
// func once the handshake is over.
func (c credentials) methods(timeout time.Duration) ([]ssh.AuthMethod, []string, func(), error) {
	if c.signer != nil {
		k := c.signer.PublicKey()
		return []ssh.AuthMethod{ssh.PublicKeys(c.signer)},
			[]string{fmt.Sprintf("publickey with the private key (%s %s)", k.Type(), ssh.FingerprintSHA256(k))}, func() {}, nil
	}
	nc, err := net.DialTimeout("unix", c.agentSocket, timeout)
	if err != nil {
		return nil, []string{"publickey with the agent at " + c.agentSocket}, func() {}, fmt.Errorf("cannot reach the SSH agent at %s: %w", c.agentSocket, err)
	}
	// The agent signs during the handshake: bound it like the handshake.
	_ = nc.SetDeadline(time.Now().Add(timeout))
	ag := agent.NewClient(nc)
	keys, err := ag.List()
	if err != nil {
		_ = nc.Close()
		return nil, []string{"publickey with the agent at " + c.agentSocket}, func() {}, fmt.Errorf("the SSH agent at %s: %w", c.agentSocket, err)
	}
	desc := fmt.Sprintf("publickey with the agent at %s (%d keys", c.agentSocket, len(keys))
	for _, k := range keys {
		desc += fmt.Sprintf(", %s %s", k.Type(), ssh.FingerprintSHA256(k))
	}
	desc += ")"
	return []ssh.AuthMethod{ssh.PublicKeysCallback(ag.Signers)}, []string{desc}, func() { _ = nc.Close() }, nil
}
