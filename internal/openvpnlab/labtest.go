package openvpnlab

// This file imports "testing" from a non-test file. That is acceptable
// here: openvpnlab is internal test support, and only test binaries, the
// capture tool and the demo CLI link it (the provider never does).

import (
	"context"
	"testing"
	"time"
)

// Require fails the test, rather than skipping it, when this machine
// cannot run the lab: CI installs openvpn, so a missing daemon is a broken
// environment, not a reason to pass quietly.
func Require(t testing.TB) {
	t.Helper()
	if _, err := Binary(); err != nil {
		t.Fatalf("%v\nThe real-daemon tests need OpenVPN; they do not skip.", err)
	}
	if err := checkHost(); err != nil {
		t.Fatalf("%v\nThe real-daemon tests need this; they do not skip.", err)
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
