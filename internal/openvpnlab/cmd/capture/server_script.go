package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

const serverDaemon = "S"

// handshake records the password exchange and returns the authenticated
// session. The prompt is read raw: it has no newline.
func handshake(r *recorder, addr, password string) (*session, error) {
	s, err := dial(addr)
	if err != nil {
		return nil, err
	}
	prompt, err := s.until("ENTER PASSWORD:", maxWait)
	if err != nil {
		return nil, err
	}
	if err := s.send(password); err != nil {
		return nil, err
	}
	rest, eof := s.collect(idle, maxWait)
	data := append(prompt, rest...)
	return s, r.save("handshake", serverDaemon, "(wait for the prompt) "+quote(password), data, eof,
		fmt.Sprintf("The first %d bytes arrived before the password was sent.", len(prompt)))
}

// badPassword sends a wrong password at each of three prompts and records
// everything up to the daemon closing the connection.
func badPassword(r *recorder, addr string) error {
	s, err := dial(addr)
	if err != nil {
		return err
	}
	defer s.close()
	var data []byte
	for i := 0; i < 3; i++ {
		p, err := s.until("ENTER PASSWORD:", maxWait)
		data = append(data, p...)
		if err != nil {
			return err
		}
		if err := s.send("wrong"); err != nil {
			return err
		}
	}
	t0 := time.Now()
	rest, eof := s.collect(eofWait, eofWait)
	data = append(data, rest...)
	return r.save("bad-password-3x", serverDaemon, "(at each prompt) `\"wrong\"` ×3", data, eof,
		fmt.Sprintf("After the third wrong password: %d more bytes, EOF=%v after %d ms.", len(rest), eof, time.Since(t0).Milliseconds()))
}

// passwordFirst sends the password before the prompt has been read.
func passwordFirst(r *recorder, addr, password string) error {
	s, err := dial(addr)
	if err != nil {
		return err
	}
	defer s.close()
	if err := s.send(password); err != nil {
		return err
	}
	data, eof := s.collect(idle, maxWait)
	return r.save("password-before-prompt", serverDaemon, quote(password)+" right after connecting", data, eof, "")
}

// simpleCommands are one-line commands without side effects on the
// clients, in the order they are sent (some change verb or mute and are
// set back). name "" means: send, but do not record.
var simpleCommands = []struct{ name, line string }{
	{"version", "version"},
	{"help", "help"},
	{"status-3", "status 3"},
	{"status-2", "status 2"},
	{"status-1", "status 1"},
	{"status-no-arg", "status"},
	{"status-9", "status 9"},
	{"state", "state"},
	{"state-all", "state all"},
	{"log-5", "log 5"},
	{"log-all", "log all"},
	{"echo-all", "echo all"},
	{"verb", "verb"},
	{"verb-5", "verb 5"},
	{"verb-16", "verb 16"},
	{"verb-foo", "verb foo"},
	{"verb-after-foo", "verb"},
	{"", "verb 3"},
	{"mute", "mute"},
	{"mute-10", "mute 10"},
	{"", "mute 0"},
	{"auth-retry", "auth-retry"},
	{"auth-retry-bogus", "auth-retry bogus"},
	{"hold", "hold"},
	{"hold-on", "hold on"},
	{"hold-off", "hold off"},
	{"pid", "pid"},
	{"load-stats", "load-stats"},
	{"nclients", "nclients"},
	{"env-filter", "env-filter"},
	{"net", "net"},
	{"remote-entry-count-server", "remote-entry-count"},
	{"remote-entry-get-all-server", "remote-entry-get all"},
	{"signal-sigbogus", "signal SIGBOGUS"},
	{"unknown-command", "frobnicate"},
	{"test-3", "test 3"},
	{"kill-token-300", "kill " + strings.Repeat("A", 300)},
	{"kill-unclosed-quote", `kill "Doe, John`},
	{"kill-bad-backslash", `kill "a\qb"`},
	{"kill-tab", "kill\talice"},
	{"kill-hash-unquoted", "kill #1"},
	// 1025 bytes before "pid": the line buffer (1024) overflows and the
	// tail runs as a command of its own (internal/management/PROTOCOL.md §8).
	{"overflow-1025-then-pid", `client-deny 99 0 "` + strings.Repeat("A", 1007) + `pid`},
}

// noReply are lines that get no reply at all; they wait longer to prove it.
var noReply = []struct{ name, line string }{
	{"comment-line", "# a comment"},
	{"version-set-3", "version 3"},
	{"empty-line", ""},
}

func readCommands(r *recorder, s *session) error {
	for _, c := range simpleCommands {
		if c.name == "" {
			if err := s.send(c.line); err != nil {
				return err
			}
			s.collect(idle, maxWait)
			continue
		}
		if _, err := r.exchange(s, serverDaemon, c.name, c.line); err != nil {
			return err
		}
	}
	for _, c := range noReply {
		note := fmt.Sprintf("No reply expected; waited %s of silence.", longIdle)
		if _, err := r.exchangeWait(s, serverDaemon, c.name, c.line, longIdle, note); err != nil {
			return err
		}
	}
	return nil
}

// established starts one more client while the session is open and
// records the notification the server sends for it.
func established(ctx context.Context, r *recorder, s *session, srv *openvpnlab.Server) error {
	if _, err := srv.StartClient(ctx, openvpnlab.ClientConfig{CommonName: "dave"}); err != nil {
		return err
	}
	data, eof := s.collect(time.Second, maxWait)
	return r.save("client-established", serverDaemon, "(nothing; client \"dave\" connects)", data, eof,
		"Everything received from starting the client until 1 s of silence after it was connected.")
}

// kills records the kill family; carolSess is the HALTed client's own
// management session, recorded until its daemon exits.
func kills(r *recorder, s *session, rows []map[string]string, carol *openvpnlab.Client, carolSess *session) error {
	bob, carolRow := find(rows, "bob"), find(rows, "carol")
	if bob["Real Address"] == "" || carolRow["Client ID"] == "" {
		return fmt.Errorf("status 3 does not list bob and carol: %v", rows)
	}
	for _, c := range []struct{ name, line string }{
		{"kill-nosuchcn", "kill nosuchcn"},
		{"client-kill-9999", "client-kill 9999"},
		{"kill-address", "kill " + bob["Real Address"]},
		{"kill-address-unknown", "kill 127.0.0.1:1"},
		{"kill-cn-two-sessions", "kill alice"},
		{"kill-cn-quoted", `kill "Doe, John #1"`},
	} {
		if _, err := r.exchange(s, serverDaemon, c.name, c.line); err != nil {
			return err
		}
	}
	if _, err := r.exchange(s, serverDaemon, "client-kill-halt", "client-kill "+carolRow["Client ID"]+" HALT"); err != nil {
		return err
	}
	t0 := time.Now()
	data, eof := carolSess.collect(eofWait, eofWait)
	ctx, cancel := context.WithTimeout(context.Background(), eofWait)
	defer cancel()
	exited := carol.Wait(ctx) == nil
	return r.save("client-halted-by-server", clientDaemon, "(nothing; the server sent client-kill CID HALT)", data, eof,
		fmt.Sprintf("Bytes on the HALTed client's own management port; EOF=%v after %d ms; daemon exited: %v.", eof, time.Since(t0).Milliseconds(), exited))
}

// realtime records the two-part replies and a logged command with log on.
func realtime(r *recorder, s *session) error {
	for _, c := range []struct{ name, line string }{
		{"state-on-all", "state on all"},
		{"state-off", "state off"},
		{"log-on-all", "log on all"},
		{"log-on-then-pid", "pid"},
		{"log-on-then-kill", "kill nosuchcn"},
		{"log-off", "log off"},
		{"echo-on-all", "echo on all"},
		{"echo-off", "echo off"},
	} {
		if _, err := r.exchange(s, serverDaemon, c.name, c.line); err != nil {
			return err
		}
	}
	data, eof := s.collect(notifWait, notifWait)
	return r.save("after-kills-15s", serverDaemon, "(nothing; 15 s of listening)", data, eof,
		"Whatever arrived in the 15 s after the kills: the killed UDP clients reconnect after ping-restart (10 s).")
}

// busy shows that a second management client gets nothing while the first
// is connected, and is served once the first quits.
func busy(r *recorder, first *session, addr string) error {
	second, err := dial(addr)
	if err != nil {
		return err
	}
	defer second.close()
	data, eof := second.collect(longIdle, longIdle)
	if err := r.save("second-client-while-busy", serverDaemon, "(nothing; a first client is connected)", data, eof,
		"TCP connect succeeded; bytes received within 2 s."); err != nil {
		return err
	}
	if _, err := r.exchange(first, serverDaemon, "quit", "quit"); err != nil {
		return err
	}
	data, eof = second.collect(longIdle, longIdle)
	return r.save("second-client-after-first-quits", serverDaemon, "(nothing; the first client sent quit)", data, eof,
		"Bytes the waiting second client received within 2 s of the first one quitting.")
}

// statusRows parses a "status 3" reply into CLIENT_LIST rows keyed by the
// HEADER names (never by index).
func statusRows(reply []byte) []map[string]string {
	var header []string
	var rows []map[string]string
	for _, line := range strings.Split(string(reply), "\r\n") {
		f := strings.Split(line, "\t")
		switch {
		case len(f) > 1 && f[0] == "HEADER" && f[1] == "CLIENT_LIST":
			header = f[1:]
		case f[0] == "CLIENT_LIST" && header != nil:
			row := map[string]string{}
			for i, h := range header {
				if i < len(f) {
					row[h] = f[i]
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func find(rows []map[string]string, cn string) map[string]string {
	for _, r := range rows {
		if r["Common Name"] == cn {
			return r
		}
	}
	return map[string]string{}
}
