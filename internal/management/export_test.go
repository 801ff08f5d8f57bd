package management

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// SetReplyLimits lowers the reply limits for one test, so that reaching
// them costs kilobytes instead of the real limits' megabytes.
func SetReplyLimits(t *testing.T, lineBytes int, replyBytes int64, replyLines int) {
	saved := limits
	limits.lineBytes, limits.replyBytes, limits.replyLines = lineBytes, replyBytes, replyLines
	t.Cleanup(func() { limits = saved })
}

// The commands below are used by the tests only (to drive a daemon into
// the states the provider meets, and to read what it did); the provider
// neither needs nor sees them.

// Help returns the daemon's help text, one line each.
func (c *Client) Help(ctx context.Context) ([]string, error) {
	return c.run(ctx, command{line: "help", reply: replyMulti})
}

// Echo returns the last n echo lines, oldest first (n = 0: all).
func (c *Client) Echo(ctx context.Context, n int) ([]EchoLine, error) {
	lines, err := c.history(ctx, "echo", n)
	if err != nil {
		return nil, err
	}
	return parseEach(lines, "echo", ParseEchoLine)
}

var killedCount = regexp.MustCompile(`(\d+) client\(s\)`)

// KillCommonName ends every session whose common name is exactly cn and
// returns how many ended. A common name containing ':' cannot be killed by
// name (the daemon reads it as IP:port): use ClientKill by Client ID.
func (c *Client) KillCommonName(ctx context.Context, cn string) (int, error) {
	if strings.Contains(cn, ":") {
		return 0, &ArgumentError{Command: "kill", Argument: "common name", Reason: "contains ':', which the daemon reads as IP:port; kill by client ID instead"}
	}
	cmd, err := build(replySingle, true, "kill", Text("common name", cn))
	if err != nil {
		return 0, err
	}
	return c.kill(ctx, cmd)
}

// KillAddress ends the session(s) at a real address (IPv4 only: the
// daemon cannot kill IPv6 peers by address; use ClientKill). Pass the
// Address from Status: OpenVPN 2.7 wants the protocol too
// (kill udp:IP:port, manage.c man_kill since commit 10a82b1f) and reads
// the 2.6 form IP:port as a common name, so the form follows the
// daemon's release.
func (c *Client) KillAddress(ctx context.Context, addr Address) (int, error) {
	if addr.Port < 1 || addr.Port > 65535 {
		return 0, &ArgumentError{Command: "kill", Argument: "port", Reason: fmt.Sprintf("%d is out of range 1..65535", addr.Port)}
	}
	if !ipv4.MatchString(addr.IP) {
		return 0, &ArgumentError{Command: "kill", Argument: "address", Reason: fmt.Sprintf("%q is not an IPv4 address; the daemon kills other peers only by client ID", addr.IP)}
	}
	v, err := c.Version(ctx)
	if err != nil {
		return 0, err
	}
	target, form := addr.IP+":"+strconv.Itoa(addr.Port), formKillAddress
	if withProto, _ := capabilityOf("kill", formKillProtoAddress); withProto.In(v) {
		proto := killProtocol(addr.Protocol)
		if proto == "" {
			return 0, &ArgumentError{Command: "kill", Argument: "address", Reason: fmt.Sprintf("has no protocol (%q); OpenVPN %s kills by PROTO:IP:port", addr.Raw, v.Release)}
		}
		target, form = proto+":"+target, formKillProtoAddress
	}
	cmd, err := build(replySingle, true, "kill", Text("address", target))
	if err != nil {
		return 0, err
	}
	if err := c.require(ctx, cmd.line, form); err != nil {
		return 0, err
	}
	return c.kill(ctx, cmd)
}

// killProtocol maps a 2.7 status address prefix (udp4, tcp4-server, ...)
// to the word the kill command takes.
func killProtocol(prefix string) string {
	switch {
	case strings.HasPrefix(prefix, "udp"):
		return "udp"
	case strings.HasPrefix(prefix, "tcp"):
		return "tcp"
	}
	return ""
}

var ipv4 = regexp.MustCompile(`^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$`)

func (c *Client) kill(ctx context.Context, cmd command) (int, error) {
	lines, err := c.run(ctx, cmd)
	if err != nil {
		return 0, err
	}
	m := killedCount.FindStringSubmatch(lines[0])
	if m == nil {
		return 0, errorf(cmd.line, fmt.Errorf("%w: %q", ErrProtocol, replyExcerpt(lines[0])))
	}
	n, _ := strconv.Atoi(m[1])
	return n, nil
}

// Raw sends a command line that has no typed method. The line is checked
// like any other (no control bytes, at most 1023 bytes) but not quoted:
// the caller owns its lexing. multi says whether the reply ends with END.
// Commands that answer twice or never (state on all, version N, test N)
// would desynchronise the connection and are refused.
func (c *Client) Raw(ctx context.Context, line string, multi bool) ([]string, error) {
	if err := checkRawLine(line); err != nil {
		return nil, err
	}
	kind := replySingle
	if multi {
		kind = replyMulti
	}
	return c.run(ctx, command{line: line, reply: kind, write: true})
}

func checkRawLine(line string) error {
	if err := checkPasswordLine(line); err != nil {
		reason := err.Error()
		var ae *ArgumentError
		if errors.As(err, &ae) {
			reason = ae.Reason
		}
		return &ArgumentError{Command: "raw", Argument: "line", Reason: reason}
	}
	fields := strings.Fields(line)
	// The lexer sees '#' or ';' as a comment even after backslashes.
	first := ""
	if len(fields) > 0 {
		first = strings.TrimLeft(fields[0], `\`)
	}
	if first == "" || first[0] == '#' || first[0] == ';' {
		return &ArgumentError{Command: "raw", Argument: "line", Reason: "is empty or a comment; the daemon would not answer"}
	}
	name := fields[0]
	switch {
	case name == "quit" || name == "exit" || name == "test":
		return &ArgumentError{Command: name, Argument: "command", Reason: "gets no framed reply; use Close"}
	case name == "version" && len(fields) > 1:
		return &ArgumentError{Command: name, Argument: "version number", Reason: "sets the client version and gets no reply before OpenVPN 2.7.1; use Version"}
	case (name == "state" || name == "log" || name == "echo") && len(fields) > 2:
		return &ArgumentError{Command: name, Argument: "arguments", Reason: "two arguments give a two-part reply; send them one at a time"}
	case name == "client-auth" || name == "rsa-sig" || name == "pk-sig" || name == "certificate":
		return &ArgumentError{Command: name, Argument: "command", Reason: "needs a multi-line body this client does not send"}
	}
	return nil
}

// EchoLine is one line of "echo N|all" or an >ECHO: notification: unix_time,string.
type EchoLine struct {
	Time time.Time
	Text string
}

// ParseEchoLine parses one echo line (without the ">ECHO:" prefix). The
// text is what the server pushed with "echo" and may contain commas.
func ParseEchoLine(line string) (EchoLine, error) {
	line = strings.TrimSuffix(line, "\r")
	ts, text, ok := strings.Cut(line, ",")
	if !ok {
		return EchoLine{}, fmt.Errorf("%w: echo line %q: want time,text", ErrProtocol, replyExcerpt(line))
	}
	t, ok := parseUnixSeconds(ts)
	if !ok {
		return EchoLine{}, fmt.Errorf("%w: echo line %q: time %q is not a number", ErrProtocol, replyExcerpt(line), replyExcerpt(ts))
	}
	return EchoLine{Time: t, Text: text}, nil
}

// SetProbeQuiet shortens the pause after which a stalled reply is probed
// with the end marker, for one test.
func SetProbeQuiet(t *testing.T, d time.Duration) {
	saved := probeQuiet
	probeQuiet = d
	t.Cleanup(func() { probeQuiet = saved })
}

// SetPump turns the pump on or off for every transport, for one test.
func SetPump(t *testing.T, on bool) {
	saved := pumpHelps
	pumpHelps = func(bool) bool { return on }
	t.Cleanup(func() { pumpHelps = saved })
}

// Capabilities returns the table, one row per command and form (a copy).
func Capabilities() []Capability {
	out := make([]Capability, len(capabilities))
	for i, c := range capabilities {
		c.Modes = slices.Clone(c.Modes)
		out[i] = c
	}
	return out
}

// HandshakeWindow is the daemon's default --hand-window (listed.go).
const HandshakeWindow = handshakeWindow
