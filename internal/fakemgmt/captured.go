package fakemgmt

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// Captured releases: byte-exact management transcripts of live 2.4.12,
// 2.5.11, 2.6.14 and 2.7.6 daemons, kept in internal/testdata/transcripts
// (one directory per release; its README.md lists every command and file).
// Each release was captured in three labs that differ only in the server's
// socket: a UDP/IPv4 server with three clients, a TCP/IPv4 server and a
// UDP/IPv6 server on ::1 with one client each.

// CapturedReleases lists the releases with transcripts, oldest first.
var CapturedReleases = []string{"2.4.12", "2.5.11", "2.6.14", "2.7.6"}

// Lab names one of the three servers of a capture.
type Lab string

const (
	LabUDP4 Lab = ""     // --proto udp4 on 127.0.0.1, three clients
	LabTCP4 Lab = "tcp4" // --proto tcp4-server on 127.0.0.1, one client
	LabUDP6 Lab = "udp6" // --proto udp6 on ::1 with --server-ipv6, one client
)

// Labs lists every lab, the UDP/IPv4 one first.
var Labs = []Lab{LabUDP4, LabTCP4, LabUDP6}

// CapturedPassword is the management password of every captured daemon.
const CapturedPassword = "lab secret"

// capturedCommands maps each command the capture sent to its file name.
// The tcp4 and udp6 labs captured only the lab-dependent ones.
var capturedCommands = map[string]string{
	"version": "version", "help": "help",
	"status 1": "status-1", "status 2": "status-2", "status 3": "status-3",
	"state": "state", "state all": "state-all", "log 5": "log-5", "echo all": "echo-all",
	"verb": "verb", "verb 4": "verb-4", "mute": "mute", "auth-retry": "auth-retry", "hold": "hold",
	"load-stats": "load-stats", "pid": "pid", "kill nosuchcn": "kill-nosuchcn",
	"client-kill 999": "client-kill-999", "bytecount 0": "bytecount-0", "frobnicate": "unknown-command",
	"version 3": "version-3", "version 4": "version-4",
}

// labCommands are the commands each of the tcp4 and udp6 labs captured.
var labCommands = []string{"status 1", "status 2", "status 3", "state", "load-stats"}

// CapturedCommands returns the command lines whose replies a lab captured,
// sorted, so a test can go through all of them.
func CapturedCommands(lab Lab) []string {
	if lab != LabUDP4 {
		return append([]string(nil), labCommands...)
	}
	out := make([]string, 0, len(capturedCommands))
	for cmd := range capturedCommands {
		out = append(out, cmd)
	}
	slices.Sort(out)
	return out
}

// CapturedFile returns the bytes of one transcript file of release, e.g.
// CapturedFile("2.7.6", "udp6-status-3.txt").
func CapturedFile(release, name string) (string, error) {
	b, err := fixtures.Transcript("openvpn-"+release, name)
	if err != nil {
		return "", fmt.Errorf("fakemgmt: transcript of OpenVPN %s: %w", release, err)
	}
	return b, nil
}

// CapturedReply returns the captured reply of release's lab to command,
// and false when that lab did not capture it.
func CapturedReply(release string, lab Lab, command string) (string, bool, error) {
	file, ok := capturedCommands[command]
	if !ok {
		return "", false, nil
	}
	if lab != LabUDP4 {
		if !slices.Contains(labCommands, command) {
			return "", false, nil
		}
		file = string(lab) + "-" + file
	}
	s, err := CapturedFile(release, file+".txt")
	return s, err == nil, err
}

// CapturedDaemon answers like the captured daemon of release and lab: the
// password prompt, then each captured command with its bytes. The replies
// that do not depend on the socket (version, help, log 5, ...) come from
// the UDP/IPv4 lab for all three labs. Beyond the captures it answers:
//   - verb, mute, auth-retry and hold from live Settings, starting at the
//     captured values (verb 3, mute 0, auth-retry none, hold off), whose
//     replies are byte-identical in all four releases;
//   - "state N" and "log N" with the last N lines of "state all" and "log 5";
//   - "version N" as the release does: 2.4 ignores N and prints the version
//     block, 2.5 and 2.6 reply nothing, 2.7.6 accepts N >= 4;
//   - the client-only remote-entry-count and remote-entry-get, where the
//     release's help lists them (2.6, 2.7), with a server's mode error;
//   - any other line with the release's unknown-command error.
func CapturedDaemon(release string, lab Lab) (*Daemon, error) {
	if !slices.Contains(CapturedReleases, release) {
		return nil, fmt.Errorf("fakemgmt: no transcripts of OpenVPN %q; captured: %s", release, strings.Join(CapturedReleases, ", "))
	}
	replies := map[string]string{}
	for cmd := range capturedCommands {
		reply, ok, err := CapturedReply(release, lab, cmd)
		if err != nil {
			return nil, err
		}
		if !ok {
			if reply, _, err = CapturedReply(release, LabUDP4, cmd); err != nil {
				return nil, err
			}
		}
		replies[cmd] = reply
	}
	pw, err := CapturedFile(release, "password.txt")
	if err != nil {
		return nil, err
	}
	banner, ok := strings.CutPrefix(pw, PasswordCorrect)
	if !ok {
		return nil, fmt.Errorf("fakemgmt: OpenVPN %s password.txt does not start with %q", release, PasswordCorrect)
	}
	settings := NewSettings(3, 0, "none", false)
	for _, cmd := range []string{"verb", "verb 4", "mute", "auth-retry", "hold"} {
		delete(replies, cmd) // Settings answers them, with the same bytes
	}
	unknown := replies["frobnicate"]
	delete(replies, "frobnicate")
	d := &Daemon{Password: CapturedPassword, Banner: banner, Replies: replies}
	d.Fallback = func(c *Conn, line string) {
		// The daemon reads `kill "nosuchcn"` as `kill nosuchcn` (parse_line).
		if reply, ok := replies[unquoted(line)]; ok {
			c.Send(reply)
			return
		}
		if settings.Command(c, line) || capturedHistory(c, line, replies) || capturedSetVersion(c, release, line, replies) ||
			serverModeError(c, line, replies["help"]) {
			return
		}
		// 2.7 names the command word: "unknown command [frobnicate]".
		word := ""
		if f := tokens(line); len(f) > 0 {
			word = f[0]
		}
		c.Send(strings.Replace(unknown, "[frobnicate]", "["+word+"]", 1))
	}
	return d, nil
}

// unquoted is line with each token's surrounding double quotes removed and
// single blanks between tokens. Escapes inside quotes are not handled: the
// captured commands have none.
func unquoted(line string) string {
	f := tokens(line)
	for i, t := range f {
		if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
			f[i] = t[1 : len(t)-1]
		}
	}
	return strings.Join(f, " ")
}

// capturedHistory answers "state N" and "log N" from the captured
// "state all" and "log 5" replies.
func capturedHistory(c *Conn, line string, replies map[string]string) bool {
	f := tokens(line)
	if len(f) != 2 || (f[0] != "state" && f[0] != "log") {
		return false
	}
	full := replies["state all"]
	if f[0] == "log" {
		full = replies["log 5"]
	}
	rows := strings.SplitAfter(strings.TrimSuffix(full, "END\r\n"), "\r\n")
	rows = rows[:len(rows)-1] // the empty text after the last CRLF
	if n := atoi(f[1]); n > 0 && n < len(rows) {
		rows = rows[len(rows)-n:]
	}
	c.Send(strings.Join(rows, "") + "END\r\n")
	return true
}

// capturedSetVersion answers "version N" as the release did in the
// captures (version-3.txt, version-4.txt).
func capturedSetVersion(c *Conn, release, line string, replies map[string]string) bool {
	f := tokens(line)
	if len(f) < 2 || f[0] != "version" {
		return false
	}
	switch {
	case strings.HasPrefix(release, "2.4."):
		c.Send(replies["version"])
	case strings.HasPrefix(release, "2.7.") && atoi(f[1]) >= 4:
		c.Send(fmt.Sprintf("SUCCESS: Management client version set to %d\r\n", atoi(f[1])))
	}
	return true
}

// ReleaseLayout returns the status layout of an OpenVPN release "x.y[.z]"
// with the given title: ctime() times up to 2.4, the Data Channel Cipher
// column from 2.5, the dco_enabled row from 2.6, and the transport before
// real addresses from 2.7. TestRendererMatchesEveryCapturedStatus checks
// it against the status reports of all four captured releases.
func ReleaseLayout(release, title string) Release {
	major, minor := 0, 0
	if a, b, ok := strings.Cut(release, "."); ok {
		major, minor = atoi(a), atoi(b)
	}
	at := func(m, n int) bool { return major > m || major == m && minor >= n }
	return Release{Title: title, CTime: !at(2, 5), Cipher: at(2, 5), DCOStat: at(2, 6), Proto: at(2, 7)}
}
