package management

import (
	"fmt"
	"slices"
	"strings"
)

// What each release, mode and platform offers, as one table: for every
// command this client sends (and for the uses of a command that need more
// than the command itself), the release that added it, the modes whose
// daemon answers it, what openvpn-auth-oauth2's pass-through answers
// instead, and platform caveats. The client consults it before sending
// (Client.admit): a command the daemon's release lacks, or one its mode
// does not answer, is refused with a ReleaseError or a ModeError and
// nothing goes on the wire. A command without a row is never sent.
//
// Facts come from the captures (internal/testdata/transcripts: 2.4.12,
// 2.5.11, 2.6.14 and 2.7.6 servers, a 2.6.14 client, openvpn-auth-oauth2
// 2.0.0) and from manage.c at the release tags; each row says which.

// Release is an OpenVPN release line, x.y.
type Release struct{ Major, Minor int }

func (r Release) String() string { return fmt.Sprintf("%d.%d", r.Major, r.Minor) }

func (r Release) isZero() bool { return r == Release{} }

// AtLeast reports whether v is release r or later. Pre-release and git
// builds ("2.7_rc1", "2.6_git") count as their x.y.
func (v Version) AtLeast(r Release) bool {
	return v.Major > r.Major || v.Major == r.Major && v.Minor >= r.Minor
}

// Capability is what one command, or one form of it, needs of the daemon.
type Capability struct {
	// Command is the command word as sent: "status", "client-kill".
	Command string
	// Form names a use of the command that needs more than the command
	// itself (FormSessions: the client list of status is a server's), or
	// one of its argument forms; "" for the command as such.
	Form string
	// Since is the first release that answers it; zero for every release
	// this client reads (2.4 on; these commands are older).
	Since Release
	// Before is the first release that no longer takes it; zero for none.
	Before Release
	// Modes are the daemon modes that answer it; nil for every mode.
	Modes []Mode
	// PassThrough is what openvpn-auth-oauth2's pass-through does with it
	// instead of relaying the daemon's reply; "" when it relays it.
	PassThrough string
	// Platform is a caveat for the builds of one platform; "" for none.
	Platform string
	// Source is where the facts were seen or read.
	Source string
}

// Forms of a command that need more than the command itself.
const (
	// FormSessions is status read for its client list and routing table,
	// which only a server prints.
	FormSessions = "the client list and routing table"
	// formKillAddress and formKillProtoAddress are kill's two ways of
	// naming a real address.
	formKillAddress      = "address as IP:port"
	formKillProtoAddress = "address as PROTO:IP:port"
)

var (
	serverOnly = []Mode{ModeServer}
	clientOnly = []Mode{ModeClient}
	release26  = Release{2, 6}
	release27  = Release{2, 7}
)

// capabilities is the table.
var capabilities = []Capability{
	{Command: "version", Source: "version.txt of every capture; the reply is the same in both modes (openvpn-client-2.6.14)"},
	{Command: "status", Source: "status-3.txt of every capture; a client answers its OpenVPN STATISTICS report whatever the version argument (openvpn-client-2.6.14/status-*.txt)",
		Platform: "Windows builds discard the rest of a reply when input arrives while it is being written (manage.c, _WIN32): nothing may follow a command on the wire before its reply ended"},
	{Command: "status", Form: FormSessions, Modes: serverOnly,
		Source: "a server's CLIENT_LIST and ROUTING_TABLE rows; a client's report has neither (openvpn-client-2.6.14/status-3.txt)"},
	{Command: "state", Source: "state.txt of every capture, openvpn-client-2.6.14/state.txt"},
	{Command: "log", Source: "log-5.txt of every capture, openvpn-client-2.6.14/log-5.txt"},
	{Command: "echo", Source: "echo-all.txt of every capture, openvpn-client-2.6.14/echo-all.txt"},
	{Command: "verb", Source: "verb.txt, verb-4.txt of every capture and of openvpn-client-2.6.14"},
	{Command: "mute", Source: "mute.txt of every capture and of openvpn-client-2.6.14"},
	{Command: "auth-retry", Source: "auth-retry.txt of every capture and of openvpn-client-2.6.14: a server reads and sets it too"},
	{Command: "hold", Source: "hold.txt of every capture, openvpn-client-2.6.14/hold.txt",
		PassThrough: `answers a bare "hold" itself ("SUCCESS: hold release succeeded", not the flag) and swallows the daemon's replies to "hold on", "hold off" and "hold release", which still reach the daemon (openvpn-auth-oauth2-2.0.0/hold*.txt)`},
	{Command: "pid", Source: "pid.txt of every capture, openvpn-client-2.6.14/pid.txt"},
	{Command: "load-stats", Source: "load-stats.txt of every capture; a client answers nclients=0 (openvpn-client-2.6.14/load-stats.txt)"},
	{Command: "signal", Source: "openvpn-auth-oauth2-2.0.0/signal-SIGUSR2.txt, openvpn-client-2.6.14/signal-sigusr2.txt"},
	{Command: "client-kill", Modes: serverOnly,
		Source: "client-kill-999.txt of every capture; a client answers \"not supported by the current daemon mode\" (openvpn-client-2.6.14/client-kill.txt)"},
	{Command: "kill", Modes: serverOnly,
		Source: "kill-nosuchcn.txt of every capture; a client answers \"not supported by the current daemon mode\" (openvpn-client-2.6.14/kill.txt)"},
	{Command: "kill", Form: formKillAddress, Before: release27, Modes: serverOnly,
		Source: "2.7 reads IP:port as a common name (manage.c man_kill, commit 10a82b1f)"},
	{Command: "kill", Form: formKillProtoAddress, Since: release27, Modes: serverOnly,
		Source: "manage.c man_kill at v2.7.0 (commit 10a82b1f): kill udp:IP:port, kill tcp:IP:port"},
	{Command: "remote-entry-get", Since: release26, Modes: clientOnly,
		Source: "help.txt lists it from 2.6.14 on (not in 2.4.12, 2.5.11; manage.c at v2.6.0); openvpn-client-2.6.14/remote-entry-get-all.txt, and a server answers \"not supported by the current daemon mode\" (server-remote-entry-get-all.txt)"},
	{Command: "help", Source: "help.txt of every capture; the same text in both modes (openvpn-client-2.6.14/help.txt)"},
	{Command: "quit", PassThrough: "closes the pass-through connection only; its own connection to the daemon stays (openvpn-auth-oauth2-2.0.0/quit.txt)",
		Source: "quit.txt of the 2.6.14 capture: no reply, the connection closes"},
}

// capabilityOf finds the row of a command word and form.
func capabilityOf(command, form string) (Capability, bool) {
	for _, c := range capabilities {
		if c.Command == command && c.Form == form {
			return c, true
		}
	}
	return Capability{}, false
}

// commandWord is the first word of a command line.
func commandWord(line string) string {
	word, _, _ := strings.Cut(line, " ")
	return word
}

// In reports whether the release of v has the command or form.
func (c Capability) In(v Version) bool {
	return (c.Since.isZero() || v.AtLeast(c.Since)) && (c.Before.isZero() || !v.AtLeast(c.Before))
}

// AnsweredIn reports whether a daemon in mode m answers it.
func (c Capability) AnsweredIn(m Mode) bool { return c.Modes == nil || slices.Contains(c.Modes, m) }

// name is how errors name the command: its word, and its form if any.
func (c Capability) name() string {
	if c.Form == "" {
		return c.Command
	}
	return c.Command + " (" + c.Form + ")"
}

// otherMode is the mode a daemon is in when it refuses a command that
// only modes answer: the one mode left of the two.
func otherMode(modes []Mode) Mode {
	for _, m := range []Mode{ModeServer, ModeClient} {
		if !slices.Contains(modes, m) {
			return m
		}
	}
	return ""
}
