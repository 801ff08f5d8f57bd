package fakemgmt

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// PassThroughPassword is the password of the captured pass-through.
const PassThroughPassword = "pt secret"

// PassThroughCommandTimeout is openvpn-auth-oauth2's default
// --openvpn.command-timeout: how long it waits for the daemon's reply to a
// command before it takes the next line from the pass-through client.
const PassThroughCommandTimeout = 10 * time.Second

// passThroughLogin is how long openvpn-auth-oauth2 waits for the password
// line before it closes the connection without a word.
const passThroughLogin = time.Second

// PassThrough plays the pass-through management socket of
// openvpn-auth-oauth2 v2.0.0 in front of an OpenVPN 2.6.14 server with three
// clients, from the bytes captured through it
// (internal/testdata/transcripts/openvpn-auth-oauth2-2.0.0, whose README
// says what reached the daemon). openvpn-auth-oauth2 keeps the daemon's one
// management slot for its own logins and relays other tools' commands one
// line at a time; what sets it apart from the daemon itself:
//
//   - a wrong password gets "ERROR: bad password" and the connection closes
//     (the daemon prompts again, silently);
//   - it answers some lines itself: exactly "hold" gets
//     "SUCCESS: hold release succeeded" (the daemon's hold flag cannot be
//     read), the reserved client-auth, client-auth-nt, client-deny and
//     client-pending-auth get "ERROR: command not allowed", and quit or exit
//     close at once;
//   - it swallows every daemon reply that begins "SUCCESS: hold", so
//     "hold on|off|release" reach the daemon but get no reply, and the next
//     command waits CommandTimeout behind them;
//   - it forwards no >HOLD:, >CLIENT: or banner notification of the daemon.
//
// Serve it with Start(t, OneAtATime(p.Handle)): openvpn-auth-oauth2 too
// leaves a second connection without a byte until the first one ends.
type PassThrough struct {
	// Password is the pass-through password (default PassThroughPassword).
	Password string
	// Settings are the daemon's verb, mute, auth-retry and hold behind the
	// pass-through; their replies are those of the capture.
	Settings *Settings
	// CommandTimeout is how long a command without a reply holds up the
	// next one (default PassThroughCommandTimeout).
	CommandTimeout time.Duration
	// Replies maps an exact command line to the daemon's reply as relayed.
	Replies map[string]string

	mu sync.Mutex
	// killed are the Client IDs a client-kill ended. The daemon drops an
	// ended session from its list, so status 3 leaves their rows out (a
	// kill that waits for the session to leave the list sees it go).
	killed map[string]bool
}

// NewPassThrough returns the captured pass-through with the daemon's
// settings as captured (verb 3, mute 0, auth-retry none, hold off).
func NewPassThrough() *PassThrough {
	return &PassThrough{
		Password:       PassThroughPassword,
		Settings:       NewSettings(3, 0, "none", false),
		CommandTimeout: PassThroughCommandTimeout,
		Replies:        passThroughReplies(),
	}
}

// PassThroughFile returns one file of the capture, e.g. "status-3.txt".
func PassThroughFile(name string) string {
	b, ok := passThroughCapture()[name]
	if !ok {
		panic("fakemgmt: missing pass-through transcript " + name)
	}
	return b
}

// passThroughCapture reads the capture once. go:embed cannot reach
// internal/testdata from this package, so it is found on disk: beside this
// source file, or (in a -trimpath build, where that path is not absolute)
// under the module root above the test's working directory.
var passThroughCapture = sync.OnceValue(func() map[string]string {
	const rel = "internal/testdata/transcripts/openvpn-auth-oauth2-2.0.0"
	var dirs []string
	if _, self, _, ok := runtime.Caller(0); ok && filepath.IsAbs(self) {
		dirs = append(dirs, filepath.Join(filepath.Dir(self), "..", "..", rel))
	}
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			dirs = append(dirs, filepath.Join(d, rel))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	for _, dir := range dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		files := map[string]string{}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				panic("fakemgmt: reading the pass-through transcripts: " + err.Error())
			}
			files[e.Name()] = string(b)
		}
		return files
	}
	panic("fakemgmt: no " + rel + " found beside the source or above the working directory")
})

// passThroughReplies are the captured replies the daemon gave through the
// pass-through, by the line that was sent.
func passThroughReplies() map[string]string {
	replies := map[string]string{}
	for line, file := range map[string]string{
		"version":              "version",
		"status 3":             "status-3",
		"state":                "state",
		"state all":            "state-all",
		"state 3":              "state-3",
		"pid":                  "pid",
		"load-stats":           "load-stats",
		"log 5":                "log-5",
		"log all":              "log-all",
		"echo all":             "echo-all",
		"help":                 "help",
		"client-kill 999":      "client-kill-999",
		"client-kill 999 HALT": "client-kill-999-HALT",
		"kill nosuchcn":        "kill-nosuchcn",
		"kill 127.0.0.1:1":     "kill-127.0.0.1-1",
		"signal SIGUSR2":       "signal-SIGUSR2",
	} {
		replies[line] = PassThroughFile(file + ".txt")
	}
	// The three clients of status-3.txt (Client IDs 0 to 2). Kills of
	// live clients were not captured through the pass-through; it relays
	// a daemon's single-line reply unchanged, so this is OpenVPN 2.6's.
	for _, cid := range []string{"0", "1", "2"} {
		for _, msg := range []string{"", " RESTART", " HALT"} {
			replies["client-kill "+cid+msg] = "SUCCESS: client-kill command succeeded\r\n"
		}
	}
	return replies
}

// Handle serves one pass-through connection.
func (p *PassThrough) Handle(c *Conn) {
	if !p.login(c) {
		return
	}
	for {
		raw, err := c.ReadLine()
		if err != nil {
			return
		}
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			// Skipped without a reply.
		case passThroughReserved(line):
			c.Send(PassThroughFile("client-auth-1-2.txt"))
		case line == "hold":
			c.Send(PassThroughFile("hold.txt"))
		case line == "quit", line == "exit":
			return
		default:
			if !p.relay(c, line) {
				return
			}
		}
	}
}

// login prompts once: the right password gets the capture's two writes,
// a wrong one "ERROR: bad password" and the close, no line within a second
// the close alone.
func (p *PassThrough) login(c *Conn) bool {
	c.Send(PassThroughFile("banner.txt"))
	line, err := readLineWithin(c, passThroughLogin)
	if err != nil {
		return false
	}
	if line != p.Password {
		c.Send(PassThroughFile("password-bad.txt"))
		return false
	}
	ok := PassThroughFile("password-ok.txt")
	cut := strings.Index(ok, "\r\n") + 2
	c.Send(ok[:cut])
	c.Send(ok[cut:])
	return true
}

// relay answers as the daemon behind the pass-through, as relayed. It
// reports false when the connection ended while a command waited.
func (p *PassThrough) relay(c *Conn, line string) bool {
	f := lexQuoted(line)
	if reply, ok := p.Replies[strings.Join(f, " ")]; ok {
		c.Send(p.afterKills(f, reply))
		return true
	}
	switch {
	case len(f) == 0:
		// A comment: the daemon answers nothing, so openvpn-auth-oauth2
		// waits out its command timeout.
		return p.noReply(c)
	case f[0] == "hold" && len(f) > 1 && (f[1] == "on" || f[1] == "off" || f[1] == "release"):
		// The daemon acts and answers "SUCCESS: hold …", which
		// openvpn-auth-oauth2 takes for the answer to its own hold
		// release: nothing comes back.
		p.Settings.holdQuietly(f[1])
		return p.noReply(c)
	}
	if reply, ok := historyTail(p.Replies, f); ok {
		c.Send(reply)
		return true
	}
	if p.Settings.Command(c, line) {
		return true
	}
	c.Send(PassThroughFile("unknown-command.txt"))
	return true
}

// afterKills keeps the replay in step with the kills it answered: a
// successful client-kill ends that session, and status 3 no longer lists
// it (its CLIENT_LIST row nor its ROUTING_TABLE rows).
func (p *PassThrough) afterKills(f []string, reply string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case len(f) >= 2 && f[0] == "client-kill" && strings.HasPrefix(reply, "SUCCESS:"):
		if p.killed == nil {
			p.killed = map[string]bool{}
		}
		p.killed[f[1]] = true
	case len(f) == 2 && f[0] == "status" && f[1] == "3" && len(p.killed) > 0:
		gone := map[string]bool{} // real addresses of the ended sessions
		var b strings.Builder
		for _, row := range strings.SplitAfter(reply, "\n") {
			cols := strings.Split(strings.TrimRight(row, "\r\n"), "\t")
			switch {
			case cols[0] == "CLIENT_LIST" && len(cols) > 10 && p.killed[cols[10]]:
				gone[cols[2]] = true
				continue
			case cols[0] == "ROUTING_TABLE" && len(cols) > 3 && gone[cols[3]]:
				continue
			}
			b.WriteString(row)
		}
		return b.String()
	}
	return reply
}

// noReply is a command whose reply never comes: the next line waits out the
// command timeout. It reports false when the connection ended meanwhile.
func (p *PassThrough) noReply(c *Conn) bool {
	select {
	case <-c.Done():
		return false
	case <-time.After(p.CommandTimeout):
		return true
	}
}

// historyTail answers "state N" and "log N" for an N the capture lacks
// with the last N lines of the captured "state all" or "log all".
func historyTail(replies map[string]string, f []string) (string, bool) {
	if len(f) != 2 || (f[0] != "state" && f[0] != "log") {
		return "", false
	}
	n := atoi(f[1])
	if n <= 0 {
		return "", false
	}
	all := strings.SplitAfter(strings.TrimSuffix(replies[f[0]+" all"], "END\r\n"), "\r\n")
	all = all[:len(all)-1] // the empty text after the last CRLF
	if n < len(all) {
		all = all[len(all)-n:]
	}
	return strings.Join(all, "") + "END\r\n", true
}

// holdQuietly changes the hold flag as "hold on|off|release" does, without
// the reply, which the pass-through swallows.
func (s *Settings) holdQuietly(word string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch word {
	case "on":
		s.hold = true
	case "off":
		s.hold = false
	}
}

// passThroughReserved: the commands openvpn-auth-oauth2 keeps for itself,
// by first word in any case.
func passThroughReserved(line string) bool {
	switch strings.ToLower(strings.Fields(line)[0]) {
	case "client-auth", "client-auth-nt", "client-deny", "client-pending-auth":
		return true
	}
	return false
}

// lexQuoted splits line into the daemon's tokens: blanks separate them,
// double quotes group, a backslash takes the next byte literally (the
// client quotes names such as kill "Doe, John #1"). A token starting with
// '#' or ';' outside quotes ends the line.
func lexQuoted(line string) []string {
	var (
		out     []string
		tok     strings.Builder
		in, esc bool
		started bool
	)
	for i := 0; i < len(line); i++ {
		b := line[i]
		switch {
		case esc:
			tok.WriteByte(b)
			esc = false
		case b == '\\':
			esc, started = true, true
		case b == '"':
			in, started = !in, true
		case !in && (b == ' ' || b == '\t'):
			if started {
				out, started = append(out, tok.String()), false
				tok.Reset()
			}
		case !in && !started && (b == '#' || b == ';'):
			return out
		default:
			tok.WriteByte(b)
			started = true
		}
	}
	if started {
		out = append(out, tok.String())
	}
	return out
}

// readLineWithin reads one line, giving up after d.
func readLineWithin(c *Conn, d time.Duration) (string, error) {
	timer := time.AfterFunc(d, func() { _ = c.nc.SetReadDeadline(time.Unix(1, 0)) })
	defer timer.Stop()
	return c.ReadLine()
}
