package fakemgmt

import (
	"fmt"
	"strings"
)

// Daemon26 returns a daemon that answers like server S of the lab capture
// (testdata/real-2.6.14/server): a Debian 12 openvpn 2.6.14 server with five
// clients, among them "Doe, John #1" and two sessions of "alice", started with
// --verb 3 and not in hold. Each call returns fresh settings.
//
// It knows version, help, pid, state, load-stats, nclients, status [0-3],
// verb, mute, auth-retry, hold, env-filter, log/echo, version N, test N and
// comments, and the client-only remote-entry-count and remote-entry-get
// with the server's mode error. Commands that act on clients or the
// process (kill CN, client-kill, signal, ...) get the unknown-command
// error: script them with Replies or On.
func Daemon26() *Daemon {
	return Daemon26With(NewSettings(3, 0, "none", false))
}

// Daemon26With is Daemon26 with the given settings, shared by all its
// connections, so a test can read back what a client changed.
func Daemon26With(s *Settings) *Daemon {
	server := func(name string) string { return realFile("server/" + name + ".txt") }
	replies := map[string]string{
		"version":     server("version"),
		"help":        server("help"),
		"pid":         server("pid"),
		"state":       server("state"),
		"state all":   server("state-all"),
		"load-stats":  server("load-stats"),
		"nclients":    server("nclients"),
		"env-filter":  server("env-filter"),
		"status 3":    server("status-3"),
		"status 2":    server("status-2"),
		"status 1":    server("status-1"),
		"status":      server("status-no-arg"),
		"log 5":       server("log-5"),
		"log all":     server("log-all"),
		"log off":     withoutNotifications(server("log-off")),
		"echo all":    server("echo-all"),
		"echo on all": server("echo-on-all"),
		"echo off":    server("echo-off"),
		// From the p2p capture; the server capture only has "log on all"
		// and "echo on all".
		"log on":  realFile("log-interleave/02.txt"),
		"echo on": realFile("settings/40.txt"),
	}
	return &Daemon{
		Replies: replies,
		Fallback: func(c *Conn, line string) {
			if s.Command(c, line) || modeCommand26(c, line, replies) || serverModeError(c, line, replies["help"]) {
				return
			}
			c.Send(UnknownCommand)
		},
	}
}

// modeCommand26 answers the commands whose reply depends on an argument the
// Replies table cannot list: status N, version N, test N, and a bare kill.
func modeCommand26(c *Conn, line string, replies map[string]string) bool {
	f := tokens(line)
	switch {
	case len(f) == 0:
		return false
	case f[0] == "kill" && len(f) == 1:
		// man_need; "kill #1" lands here too, the # starting a comment [lab].
		c.Send("ERROR: the 'kill' command requires 1 parameter\r\n")
	case f[0] == "status":
		// Lines such as "status 03" or "status x": atoi makes a number of
		// the argument, and 0 means --status-version, default 1.
		v := 0
		if len(f) > 1 {
			v = atoi(f[1])
		}
		switch v {
		case 0:
			c.Send(replies["status"])
		case 1, 2, 3:
			c.Send(replies[fmt.Sprintf("status %d", v)])
		default:
			c.Send("ERROR: bad status format version number\r\n")
		}
	case f[0] == "version" && len(f) > 1:
		// set_client_version replies nothing before 2.7.1 [lab].
	case f[0] == "test":
		if len(f) < 2 {
			c.Send("ERROR: the 'test' command requires 1 parameter\r\n")
			break
		}
		// No END: a "read until END" loop hangs here [lab].
		var b strings.Builder
		for i := 0; i < atoi(f[1]); i++ {
			fmt.Fprintf(&b, "[%d] The purpose of this command is to generate large amounts of output.\r\n", i)
		}
		c.Send(b.String())
	default:
		return false
	}
	return true
}
