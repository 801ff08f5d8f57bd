package fakemgmt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// A client-mode daemon, and what a server answers to the client-only
// commands, from internal/testdata/transcripts/openvpn-client-2.6.14:
// Debian's 2.6.14 started with --client, and its server, captured with
// internal/openvpnlab/cmd/capture. A client-mode daemon needs no tun
// device to be faked, which a real one started by the lab does.

// ClientCapture is the directory of the client-mode transcripts.
const ClientCapture = "openvpn-client-2.6.14"

// clientCommands maps each command sent to the captured client to its
// file. "status 1", "status 2" and "status 3" got the same report: a
// client ignores the version argument.
var clientCommands = map[string]string{
	"version": "version", "help": "help",
	"status 1": "status-1", "status 2": "status-2", "status 3": "status-3",
	"state": "state", "state all": "state-all", "log 5": "log-5", "echo all": "echo-all",
	"kill x": "kill", "client-kill 0": "client-kill", "nclients": "nclients",
	"load-stats": "load-stats", "pid": "pid",
	"remote-entry-count": "remote-entry-count", "remote-entry-get all": "remote-entry-get-all",
	"signal SIGUSR2": "signal-sigusr2", "frobnicate": "unknown-command", `username "Auth" x`: "username-not-needed",
	// Answered by Settings, with these bytes: "verb", "verb 4", "mute",
	// "mute 0", "auth-retry", "auth-retry nointeract", "auth-retry none",
	// "hold", "hold off".
}

// clientSettingsCommands are the captured client commands Settings
// answers, with the captured values (verb 3, mute 0, auth-retry none,
// hold off); TestClientDaemonSettingsMatchTheCapture compares the bytes.
var clientSettingsCommands = map[string]string{
	"verb": "verb", "verb 4": "verb-4", "mute": "mute", "mute 0": "mute-0",
	"auth-retry": "auth-retry", "auth-retry nointeract": "auth-retry-nointeract", "auth-retry none": "auth-retry-none",
	"hold": "hold", "hold off": "hold-off",
}

// ClientCommands returns the command lines whose replies the client-mode
// capture holds, sorted, those Settings answers included.
func ClientCommands() []string {
	var out []string
	for cmd := range clientCommands {
		out = append(out, cmd)
	}
	for cmd := range clientSettingsCommands {
		out = append(out, cmd)
	}
	slices.Sort(out)
	return out
}

// ClientReply returns the captured client's reply to command, and false
// when the capture does not have it.
func ClientReply(command string) (string, bool, error) {
	file, ok := clientCommands[command]
	if !ok {
		if file, ok = clientSettingsCommands[command]; !ok {
			return "", false, nil
		}
	}
	b, err := fixtures.Transcript(ClientCapture, file+".txt")
	if err != nil {
		return "", false, fmt.Errorf("fakemgmt: client-mode transcript: %w", err)
	}
	return b, true, nil
}

// ClientDaemon26 answers like the captured 2.6.14 client: its banner (no
// password; set Password for one), then each captured command with its
// bytes. Beyond the captures it answers:
//   - verb, mute, auth-retry and hold from live Settings, starting at the
//     captured values, whose replies are the captured bytes;
//   - "status" with any version argument, and "status" alone, with the
//     report (the client ignores the argument);
//   - "kill X", "client-kill X" and "nclients" with the captured
//     mode error, whatever X;
//   - "state N" and "log N" with the last N lines of "state all" and "log 5";
//   - any other line with the unknown-command error.
func ClientDaemon26() (*Daemon, error) {
	replies := map[string]string{}
	for cmd := range clientCommands {
		reply, _, err := ClientReply(cmd)
		if err != nil {
			return nil, err
		}
		replies[cmd] = reply
	}
	banner, err := fixtures.Transcript(ClientCapture, "banner.txt")
	if err != nil {
		return nil, err
	}
	settings := NewSettings(3, 0, "none", false)
	unknown := replies["frobnicate"]
	delete(replies, "frobnicate")
	d := &Daemon{Banner: banner, Replies: replies}
	d.Fallback = func(c *Conn, line string) {
		f := tokens(line)
		switch {
		case settings.Command(c, line) || capturedHistory(c, line, replies):
		case len(f) > 0 && f[0] == "status":
			c.Send(replies["status 3"])
		case len(f) > 1 && f[0] == "kill":
			c.Send(replies["kill x"])
		case len(f) > 1 && f[0] == "client-kill":
			c.Send(replies["client-kill 0"])
		default:
			c.Send(unknown)
		}
	}
	return d, nil
}

// clientOnlyCommands are the commands a server answers with "not
// supported by the current daemon mode" in the captures
// (openvpn-client-2.6.14/server-remote-entry-*.txt); a release whose help
// does not list them answers "unknown command" (2.4.12, 2.5.11).
var clientOnlyCommands = map[string]string{
	"remote-entry-count": "server-remote-entry-count.txt",
	"remote-entry-get":   "server-remote-entry-get-all.txt",
}

// serverModeError answers a client-only command as a server of a release
// whose help lists it does: with the 2.6.14 server's captured error.
// manage.c prints it the same way in 2.7 (man_command_unsupported).
// It reports false for any other line, or when help does not list it.
func serverModeError(c *Conn, line, help string) bool {
	f := tokens(line)
	if len(f) == 0 {
		return false
	}
	file, ok := clientOnlyCommands[f[0]]
	if !ok || !strings.Contains(help, "\n"+f[0]+" ") {
		return false
	}
	reply, err := fixtures.Transcript(ClientCapture, file)
	if err != nil {
		c.Send(UnknownCommand) // a build without its testdata
		return true
	}
	c.Send(reply)
	return true
}
