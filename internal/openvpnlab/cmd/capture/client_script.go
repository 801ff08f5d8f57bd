package main

import (
	"time"
)

const clientDaemon = "C"

// clientCommands are sent to a client daemon's own management port.
var clientCommands = []struct{ name, line string }{
	{"client-version", "version"},
	{"client-help", "help"},
	{"client-status-3", "status 3"},
	{"client-status-2", "status 2"},
	{"client-status-1", "status 1"},
	{"client-state", "state"},
	{"client-state-all", "state all"},
	{"client-kill", "kill x"},
	{"client-client-kill", "client-kill 0"},
	{"client-nclients", "nclients"},
	{"client-load-stats", "load-stats"},
	{"client-hold", "hold"},
	{"client-pid", "pid"},
	{"client-remote-entry-count", "remote-entry-count"},
	{"client-remote-entry-get-all", "remote-entry-get all"},
	{"client-log-5", "log 5"},
	{"client-echo-all", "echo all"},
	{"client-verb", "verb"},
	{"client-verb-4", "verb 4"},
	{"client-mute", "mute"},
	{"client-mute-0", "mute 0"},
	{"client-auth-retry", "auth-retry"},
	{"client-auth-retry-nointeract", "auth-retry nointeract"},
	{"client-auth-retry-none", "auth-retry none"},
	{"client-hold-off", "hold off"},
	{"client-signal-sigusr2", "signal SIGUSR2"},
	{"client-unknown-command", "frobnicate"},
	{"client-username-not-needed", `username "Auth" x`},
}

// clientScript records the client daemon's banner and replies, and leaves
// the session open so the HALT that ends the client can be recorded.
func clientScript(r *recorder, addr string) (*session, error) {
	s, err := dial(addr)
	if err != nil {
		return nil, err
	}
	data, eof := s.collect(idle, maxWait)
	if err := r.save("client-banner", clientDaemon, "(nothing; connect)", data, eof, "No password on the client's port."); err != nil {
		return nil, err
	}
	for _, c := range clientCommands {
		if _, err := r.exchange(s, clientDaemon, c.name, c.line); err != nil {
			return nil, err
		}
	}
	// bytecount 1 emits one >BYTECOUNT per second; 2.5 s shows two or three.
	if err := s.send("bytecount 1"); err != nil {
		return nil, err
	}
	data, eof = s.collect(2500*time.Millisecond, 2500*time.Millisecond)
	if err := r.save("client-bytecount-1", clientDaemon, "`\"bytecount 1\"`", data, eof, "Everything in the 2.5 s after the command."); err != nil {
		return nil, err
	}
	_, err = r.exchange(s, clientDaemon, "client-bytecount-0", "bytecount 0")
	return s, err
}
