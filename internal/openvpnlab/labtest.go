package openvpnlab

// This file imports "testing" from a non-test file. That is acceptable
// here: openvpnlab is internal test support, and only test binaries, the
// capture tool and the demo CLI link it (the provider never does).

import (
	"context"
	"testing"
	"time"
)

// Require skips a real-daemon test, saying what it needs, on a machine
// that cannot run the lab (an ordinary user's go test ./...: the fake
// daemon's tests cover the Terraform layer there). make test, as root in
// CI, installs OpenVPN and fails on any skip, so there a gap still fails.
func Require(t testing.TB) {
	t.Helper()
	if _, err := Binary(); err != nil {
		t.Skipf("real-daemon test: needs OpenVPN: %v", err)
	}
	if err := checkHost(); err != nil {
		t.Skipf("real-daemon test: needs root (or CAP_NET_ADMIN) and /dev/net/tun: %v", err)
	}
}

// StartServerT starts a server for a test: Dir defaults to t.TempDir(),
// the start is bounded to 30 s, and the server (with its clients) is
// stopped when the test ends. On failure the test's log gets the tail of
// the daemon's log.
func StartServerT(t testing.TB, cfg ServerConfig) *Server {
	t.Helper()
	Require(t)
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := StartServer(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("openvpnlab: last lines of %s:\n%s", s.LogPath, s.d.tail(40))
		}
		s.Stop()
	})
	return s
}

// StartClientT starts a client of s for a test, bounded to 30 s; it is
// stopped with the server.
func StartClientT(t testing.TB, s *Server, cc ClientConfig) *Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := s.StartClient(ctx, cc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ReleaseT is the release of the openvpn binary the lab runs; the test
// fails when it cannot be read.
func ReleaseT(t testing.TB) Release {
	t.Helper()
	r, err := BinaryRelease()
	if err != nil {
		t.Fatal(err)
	}
	return r
}
