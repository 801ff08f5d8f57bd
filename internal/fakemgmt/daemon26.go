package fakemgmt

import (
	"fmt"
	"strings"
)

// Daemon26 returns a daemon that answers like a Debian 12 openvpn 2.6.14
// server with three connected clients (one of them "Doe, John #1"), started
// with --verb 3 and not in hold. Each call returns fresh settings.
//
// It knows version, help, pid, state, load-stats, nclients, status [0-3],
// verb, mute, auth-retry, hold, env-filter, log/echo on|off|all, version N,
// test N and comments. Commands that act on clients or the process (kill
// CN, client-kill, signal, ...) get the unknown-command error: script them
// with Replies or On.
func Daemon26() *Daemon {
	return Daemon26With(NewSettings(3, 0, "none", false))
}

// Daemon26 clients: "Doe, John #1" and alice are the [lab] rows of
// PROTOCOL.md §6; bob is made up in the same shape, on TCP.
var clients26 = []Client{
	{CommonName: "Doe, John #1", RealIP: "127.0.0.1", RealPort: 56527, VirtualAddress: "10.8.0.10",
		BytesReceived: 2985, BytesSent: 3012, ConnectedSince: labConnected, Username: "UNDEF",
		ClientID: 0, PeerID: 0, Cipher: "AES-256-GCM"},
	{CommonName: "alice", RealIP: "127.0.0.1", RealPort: 47212, VirtualAddress: "10.8.0.11",
		BytesReceived: 2978, BytesSent: 3012, ConnectedSince: labConnected, Username: "UNDEF",
		ClientID: 1, PeerID: 1, Cipher: "AES-256-GCM"},
	{CommonName: "bob", RealIP: "127.0.0.1", RealPort: 51870, Proto: "tcp4-server", VirtualAddress: "10.8.0.12",
		BytesReceived: 3101, BytesSent: 3224, ConnectedSince: labConnected, Username: "bob",
		ClientID: 2, PeerID: 2, Cipher: "AES-256-GCM"},
}

// Status26 is the status Daemon26 reports.
var Status26 = Status{Release: Release26, Now: labNow, Clients: clients26}

// Daemon26With is Daemon26 with the given settings, shared by all its
// connections, so a test can read back what a client changed.
func Daemon26With(s *Settings) *Daemon {
	st := Status26
	replies := map[string]string{
		// Captured from the live daemon (testdata/real-2.6.14).
		"version":    realReply("settings", 2),
		"help":       realReply("settings", 3),
		"pid":        realReply("settings", 4),
		"env-filter": realReply("settings", 38),
		"echo all":   realReply("settings", 39),
		"echo on":    realReply("settings", 40),
		"echo off":   realReply("settings", 41),
		"log on":     realReply("log-interleave", 2),
		"log off":    withoutNotifications(realReply("log-interleave", 4)),

		// Server-mode replies, from PROTOCOL.md's [lab] lines (the capture
		// above ran a p2p daemon in hold, which has no clients).
		"state":      "1795550801,CONNECTED,SUCCESS,10.8.0.1,,,127.0.0.1,11940\r\nEND\r\n",
		"load-stats": fmt.Sprintf("SUCCESS: nclients=%d,bytesin=%d,bytesout=%d\r\n", len(st.Clients), 38471, 39906),
		"nclients":   fmt.Sprintf("SUCCESS: nclients=%d\r\n", len(st.Clients)),
		// A real log ring is never empty; tests that need lines set Replies.
		"log all": "END\r\n",
	}
	return &Daemon{
		Replies: replies,
		Fallback: func(c *Conn, line string) {
			if s.Command(c, line) || modeCommand26(c, line, st) {
				return
			}
			c.Send(UnknownCommand)
		},
	}
}

// modeCommand26 answers the commands whose reply depends on arguments that
// are not settings: status, version N and test N, and a bare kill.
func modeCommand26(c *Conn, line string, st Status) bool {
	f := tokens(line)
	switch {
	case len(f) == 0:
		return false
	case f[0] == "kill" && len(f) == 1:
		// man_need; "kill #1" lands here too, the # starting a comment [lab].
		c.Send("ERROR: the 'kill' command requires 1 parameter\r\n")
	case f[0] == "status":
		// atoi: "status x" is "status 0", which is the daemon's
		// --status-version, default 1.
		v := 0
		if len(f) > 1 {
			v = atoi(f[1])
		}
		switch v {
		case 0, 1:
			c.Send(string(st.V1()))
		case 2:
			c.Send(string(st.V2()))
		case 3:
			c.Send(string(st.V3()))
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
