package remote

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// hostKeyCheck verifies one hop's host key and says which key algorithms
// to ask for, so a host with several keys presents the one we know.
type hostKeyCheck struct {
	callback   ssh.HostKeyCallback
	algorithms []string
}

// ParseHostKey reads a pinned host key: an authorized_keys line
// ("ssh-ed25519 AAAA… comment") or a known_hosts line whose first field
// names the host.
func ParseHostKey(s string) (ssh.PublicKey, error) {
	s = strings.TrimSpace(s)
	if k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s)); err == nil {
		return k, nil
	}
	if _, hosts, k, _, _, err := ssh.ParseKnownHosts([]byte(s)); err == nil && len(hosts) > 0 {
		return k, nil
	}
	return nil, ErrNotPublicKey
}

func pinnedHostKey(hop Hop, line string) (hostKeyCheck, error) {
	want, err := ParseHostKey(line)
	if err != nil {
		return hostKeyCheck{}, err
	}
	cb := func(host string, _ net.Addr, got ssh.PublicKey) error {
		if bytes.Equal(got.Marshal(), want.Marshal()) {
			return nil
		}
		return &HostKeyError{Hop: hop, Host: host, KeyType: got.Type(), Fingerprint: ssh.FingerprintSHA256(got),
			Changed: true, Expected: []string{ssh.FingerprintSHA256(want)}, Pinned: true, Source: "the pinned host key"}
	}
	return hostKeyCheck{callback: cb, algorithms: algorithmsFor(want.Type())}, nil
}

// knownHostsCheck reads file once, at configuration. A missing file is not
// an error yet: every host is then unknown, which the first connection
// reports with the key the host presents.
func knownHostsCheck(hop Hop, file, hostport string) (hostKeyCheck, error) {
	db, err := knownhosts.New(file)
	if errors.Is(err, os.ErrNotExist) {
		cb := func(host string, _ net.Addr, got ssh.PublicKey) error {
			return &HostKeyError{Hop: hop, Host: host, KeyType: got.Type(), Fingerprint: ssh.FingerprintSHA256(got),
				Source: file + " (which does not exist)"}
		}
		return hostKeyCheck{callback: cb}, nil
	}
	if err != nil {
		return hostKeyCheck{}, err
	}
	cb := func(host string, remote net.Addr, got ssh.PublicKey) error {
		err := db(host, remote, got)
		var ke *knownhosts.KeyError
		var re *knownhosts.RevokedError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &re):
			return &HostKeyError{Hop: hop, Host: host, KeyType: got.Type(), Fingerprint: ssh.FingerprintSHA256(got), Source: file, Revoked: true}
		case errors.As(err, &ke):
			e := &HostKeyError{Hop: hop, Host: host, KeyType: got.Type(), Fingerprint: ssh.FingerprintSHA256(got), Source: file, Changed: len(ke.Want) > 0}
			for _, w := range ke.Want {
				e.Expected = append(e.Expected, fmt.Sprintf("%s %s (%s:%d)", w.Key.Type(), ssh.FingerprintSHA256(w.Key), w.Filename, w.Line))
			}
			return e
		}
		return err
	}
	return hostKeyCheck{callback: cb, algorithms: knownAlgorithms(db, hostport)}, nil
}

// knownAlgorithms asks the known_hosts database which key types it holds
// for hostport, by checking a key it cannot hold: the KeyError lists them.
// Without this, a host with an RSA and an Ed25519 key might present the one
// not on file and fail as "changed".
func knownAlgorithms(db ssh.HostKeyCallback, hostport string) []string {
	probe, err := ssh.NewPublicKey(probeKey)
	if err != nil {
		return nil
	}
	var ke *knownhosts.KeyError
	if err := db(hostport, &net.TCPAddr{IP: net.IPv4zero}, probe); !errors.As(err, &ke) {
		return nil
	}
	var algos []string
	seen := map[string]bool{}
	for _, w := range ke.Want {
		for _, a := range algorithmsFor(w.Key.Type()) {
			if !seen[a] {
				seen[a] = true
				algos = append(algos, a)
			}
		}
	}
	return algos
}

// probeKey is an all-zero Ed25519 key: no host has it.
var probeKey = ed25519.PublicKey(make([]byte, ed25519.PublicKeySize))

// algorithmsFor maps a key type to the signature algorithms that verify
// it: an RSA key signs with SHA-2 today, and ssh-rsa (SHA-1) only on old
// servers.
func algorithmsFor(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}
