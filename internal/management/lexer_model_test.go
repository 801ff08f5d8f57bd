package management

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// A model of how the daemon turns the bytes a management client sends into
// commands, written from OpenVPN's sources (the same from 2.3 to 2.7.6):
//
//   - manage.c man_read: recv() in chunks of at most 256 bytes; after each
//     chunk, command_line_add, then command_line_get/next for every
//     complete line.
//   - manage.c command_line_add: drops NUL and every byte that is not
//     char_class(CC_PRINT|CC_NEWLINE), i.e. < 0x20 except '\n', and 0x7f;
//     appends the rest to a 1024-byte buffer (command_line_new(1024)). When
//     the buffer is full, the byte that does not fit is dropped and the
//     buffer cleared.
//   - manage.c command_line_get: cuts the buffer after the first '\n';
//     buffer.c buf_chomp strips trailing CR, LF and NUL.
//   - manage.c man_process_command: parse_line(line, parms, MAX_PARMS, ...)
//     and dispatch if it returned at least one token.
//   - options.c parse_line: the lexer, modelled by parseLine below.
//
// Not modelled: the password state (the first line is compared raw, not
// lexed), client-auth's multi-line body (in_extra), and quit/exit closing
// the connection before later lines run.

const (
	daemonLineBuffer = 1024 // command_line_new(1024)
	daemonRecvChunk  = 256  // man_read: unsigned char buf[256]
)

// daemonLine is one line the daemon's reader produced and what its lexer
// made of it.
type daemonLine struct {
	line   string   // as parse_line sees it: filtered, newline stripped
	tokens []string // parse_line's parameters; empty for a blank or comment line
	err    error    // the lexer's error, as the daemon would print it after "ERROR: "
}

// daemonCommands returns the commands (name and arguments) the daemon
// would dispatch from wire, in order, assuming the bytes arrive together
// (each recv() gets a full 256 bytes, the case where overflow bites
// hardest). Lines the lexer rejects, blank lines and comment lines
// dispatch nothing; daemonLines shows them.
func daemonCommands(wire []byte) [][]string {
	var cmds [][]string
	for _, l := range daemonLines(wire, daemonRecvChunk) {
		if l.err == nil && len(l.tokens) > 0 {
			cmds = append(cmds, l.tokens)
		}
	}
	return cmds
}

// daemonLines runs wire through the model of man_read, recv() returning
// chunk bytes at a time. Bytes after the last newline stay in the buffer
// and produce nothing.
func daemonLines(wire []byte, chunk int) []daemonLine {
	var (
		buf   = make([]byte, 0, daemonLineBuffer)
		lines []daemonLine
	)
	for len(wire) > 0 {
		n := min(chunk, len(wire))
		for _, c := range wire[:n] {
			if c == 0 || (c < 0x20 && c != '\n') || c == 0x7f {
				continue // command_line_add: not CC_PRINT|CC_NEWLINE
			}
			if len(buf) == daemonLineBuffer {
				buf = buf[:0] // buf_write_u8 failed: buf_clear, and c is lost
				continue
			}
			buf = append(buf, c)
		}
		wire = wire[n:]
		for {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				break
			}
			line := string(bytes.TrimRight(buf[:i+1], "\r\n\x00")) // buf_chomp
			tokens, err := parseLine(line)
			lines = append(lines, daemonLine{line: line, tokens: tokens, err: err})
			buf = append(buf[:0], buf[i+1:]...) // command_line_next: the residual
		}
	}
	return lines
}

// States of parse_line.
const (
	lexInitial = iota
	lexQuoted
	lexUnquoted
	lexDone
	lexSingleQuoted
)

// lexSpace is options.c space(): '\0' or isspace() in the C locale (the
// daemon never calls setlocale).
func lexSpace(c byte) bool {
	switch c {
	case 0, ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// parseLine models options.c parse_line as the management interface calls
// it: at most MAX_PARMS tokens, each at most OPTION_PARM_SIZE bytes, errors
// worded as the daemon words them for "TCP:0".
func parseLine(line string) ([]string, error) {
	if i := strings.IndexByte(line, 0); i >= 0 {
		line = line[:i] // a C string ends at the first NUL
	}
	var (
		tokens  = []string{}
		parm    []byte
		state   = lexInitial
		escaped bool // the previous byte was a backslash that escapes this one
	)
	// The C loop also runs once for the terminating NUL, which ends an
	// unquoted token; in == 0 plays that part here.
scan:
	for i := 0; i <= len(line); i++ {
		var in, out byte
		if i < len(line) {
			in = line[i]
		}
		if !escaped && in == '\\' && state != lexSingleQuoted {
			escaped = true
		} else {
			switch state {
			case lexInitial:
				if !lexSpace(in) {
					// Checked before the backslash: even \# starts a comment.
					if in == '#' || in == ';' {
						break scan
					}
					switch {
					case !escaped && in == '"':
						state = lexQuoted
					case !escaped && in == '\'':
						state = lexSingleQuoted
					default:
						out = in
						state = lexUnquoted
					}
				}
			case lexUnquoted:
				if !escaped && lexSpace(in) {
					state = lexDone
				} else {
					out = in
				}
			case lexQuoted:
				if !escaped && in == '"' {
					state = lexDone
				} else {
					out = in
				}
			case lexSingleQuoted:
				if in == '\'' {
					state = lexDone
				} else {
					out = in
				}
			}
			if state == lexDone {
				tokens = append(tokens, string(parm))
				parm = parm[:0]
				state = lexInitial
			}
			if escaped && out != 0 && out != '\\' && out != '"' && !lexSpace(out) {
				return nil, errors.New(`Options warning: Bad backslash ('\') usage in TCP:0`)
			}
			escaped = false
		}
		if out != 0 {
			if len(parm) >= MaxTokenBytes {
				return nil, fmt.Errorf("Options error: Parameter at TCP:0 is too long (%d chars max): %s",
					MaxTokenBytes, parm[:MaxTokenBytes-1])
			}
			parm = append(parm, out)
		}
		if len(tokens) >= MaxTokens {
			break // the rest of the line is ignored, errors and all
		}
	}
	switch state {
	case lexQuoted:
		return nil, errors.New(`Options error: No closing quotation (") in TCP:0`)
	case lexSingleQuoted:
		return nil, errors.New(`Options error: No closing single quotation (') in TCP:0`)
	case lexInitial:
		return tokens, nil
	default: // a backslash as the last byte of an unquoted token
		return nil, fmt.Errorf("Options error: Residual parse state (%d) in TCP:0", state)
	}
}

func TestParseLineModel(t *testing.T) {
	tests := []struct {
		line string
		want []string // nil: a lexer error
		err  string
	}{
		// PROTOCOL.md §8, seen on a real daemon.
		{line: `kill "Doe, John #1"`, want: []string{"kill", "Doe, John #1"}},
		{line: `kill #1`, want: []string{"kill"}},
		{line: `kill "a\qb"`, err: "Bad backslash"},
		{line: `kill "abc`, err: `No closing quotation (")`},
		{line: `kill 'abc`, err: `No closing single quotation (')`},
		// Comments: only a token that starts with # or ;, outside quotes.
		{line: `#kill alice`, want: []string{}},
		{line: `  ;pid`, want: []string{}},
		{line: ``, want: []string{}},
		{line: `kill a#b`, want: []string{"kill", "a#b"}},
		{line: `kill ";x"`, want: []string{"kill", ";x"}},
		{line: `kill \#1`, want: []string{"kill"}},
		{line: `kill "#1" ;rest`, want: []string{"kill", "#1"}},
		// Escapes.
		{line: `kill "a\"b\\c\ d"`, want: []string{"kill", `a"b\c d`}},
		{line: `kill a\ b`, want: []string{"kill", "a b"}},
		{line: `kill \"a`, want: []string{"kill", `"a`}},
		{line: `kill 'a\b "c"'`, want: []string{"kill", `a\b "c"`}},
		{line: `kill abc\`, err: "Residual parse state (2)"},
		{line: `kill a\b`, err: "Bad backslash"},
		{line: `kill \'a'`, err: "Bad backslash"},
		// Quotes end a token at once; a quote inside a bare token is literal.
		{line: `kill "a"b`, want: []string{"kill", "a", "b"}},
		{line: `kill a"b c"`, want: []string{"kill", `a"b`, `c"`}},
		{line: `kill ""`, want: []string{"kill", ""}},
		{line: `client-deny 3 1 "a \"b\" c\\d"`, want: []string{"client-deny", "3", "1", `a "b" c\d`}},
		{line: "  pid   ", want: []string{"pid"}},
		{line: "kill \u00e9l\u00e8ve", want: []string{"kill", "\u00e9l\u00e8ve"}},
		// OPTION_PARM_SIZE: 256 bytes fit, 257 do not; escapes do not count.
		{line: `kill ` + strings.Repeat("a", 256), want: []string{"kill", strings.Repeat("a", 256)}},
		{line: `kill ` + strings.Repeat("a", 257), err: "is too long (256 chars max)"},
		{line: `kill "` + strings.Repeat(`\"`, 256) + `"`, want: []string{"kill", strings.Repeat(`"`, 256)}},
		// MAX_PARMS: the 17th token and anything after it are ignored unread.
		{line: "a b c d e f g h i j k l m n o p q", want: strings.Fields("a b c d e f g h i j k l m n o p")},
		{line: `a b c d e f g h i j k l m n o p "unclosed \q`, want: strings.Fields("a b c d e f g h i j k l m n o p")},
	}
	for _, tt := range tests {
		got, err := parseLine(tt.line)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseLine(%q) = %q, %v; want error containing %q", tt.line, got, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("parseLine(%q) = %q, %v; want %q", tt.line, got, err, tt.want)
		}
	}
}

func TestDaemonReaderModel(t *testing.T) {
	a := func(n int) string { return strings.Repeat("A", n) }
	tests := []struct {
		name string
		wire string
		want [][]string
	}{
		{"one line", "pid\n", [][]string{{"pid"}}},
		{"CRLF", "pid\r\n", [][]string{{"pid"}}},
		{"no newline yet", "pid", nil},
		{"two lines in one write", "pid\nversion\n", [][]string{{"pid"}, {"version"}}},
		{"newline injection", "kill alice\nsignal SIGTERM\n", [][]string{{"kill", "alice"}, {"signal", "SIGTERM"}}},
		{"TAB is deleted", "kill\talice\n", [][]string{{"killalice"}}},
		{"CR inside is deleted", "kill al\rice\n", [][]string{{"kill", "alice"}}},
		{"NUL and DEL are deleted", "ki\x00ll al\x7fice\n", [][]string{{"kill", "alice"}}},
		{"ESC is deleted", "kill \x1b[1malice\n", [][]string{{"kill", "[1malice"}}},
		{"UTF-8 is kept", "kill \"J\u00f6rg\"\n", [][]string{{"kill", "J\u00f6rg"}}},
		{"blank and comment lines", "\n# hi\n;x\npid\n", [][]string{{"pid"}}},
		{"lexer error dispatches nothing", "kill \"a\\qb\"\npid\n", [][]string{{"pid"}}},
		{"1023-byte line runs", echoLine(1023) + "\n", [][]string{strings.Fields(echoLine(1023))}},
		// 1024 bytes fill the buffer; the newline is the byte that does not
		// fit, so the line is lost without a trace and the next one runs.
		{"1024-byte line vanishes", echoLine(1024) + "\npid\n", [][]string{{"pid"}}},
		// PROTOCOL.md §8, seen on a real daemon: 1025 bytes before "pid".
		{"1025-byte overflow runs the tail", `client-deny 99 0 "` + a(1007) + "pid\n", [][]string{{"pid"}}},
		{"overflow tail of a quoted value", `client-deny 99 0 "` + a(1007) + `pid #"` + "\n", [][]string{{"pid"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := daemonCommands([]byte(tt.wire)); !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("daemonCommands(%q) = %q; want %q", clipForTest(tt.wire), got, tt.want)
			}
		})
	}
}

// A lone line of up to 1023 bytes reaches the lexer whole however recv()
// splits it: the buffer starts empty because the client waits for each
// reply before it sends the next line.
func TestDaemonReaderModelChunkingOfOneLine(t *testing.T) {
	line := "client-deny 1 2 " + quoteText(strings.Repeat(`x"\`, 85)) + " " + quoteText(strings.Repeat("y", 220))
	if len(line) > MaxLineBytes {
		t.Fatalf("test line is %d bytes", len(line))
	}
	want := []string{"client-deny", "1", "2", strings.Repeat(`x"\`, 85), strings.Repeat("y", 220)}
	for _, chunk := range []int{1, 2, 7, 100, 255, 256, 4096} {
		lines := daemonLines([]byte(line+"\n"), chunk)
		if len(lines) != 1 || lines[0].err != nil || !slices.Equal(lines[0].tokens, want) {
			t.Errorf("chunk %d: %+v", chunk, lines)
		}
	}
}

// Why the client must never pipeline: the buffer holds whatever arrived in
// one recv(), so a valid 1022-byte line that shares a chunk with the next
// line can be cleared before it is read, and a fragment of the next line
// runs in their place.
func TestDaemonReaderModelPipelinedLineIsLost(t *testing.T) {
	long := echoLine(1022) // fine on its own
	if got := daemonCommands([]byte(long + "\n")); len(got) != 1 {
		t.Fatalf("alone: %q", got)
	}
	// The fifth recv() brings the end of long, its newline, "s" (which fills
	// the buffer) and "t" (which clears it); "ate on" is what runs.
	wire := "pid\n" + long + "\n" + "state on\n"
	got := daemonCommands([]byte(wire))
	want := [][]string{{"pid"}, {"ate", "on"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("pipelined: %q; want %q", got, want)
	}
}

// echoLine is an echo command of exactly n bytes, in tokens short enough
// for the lexer.
func echoLine(n int) string {
	line := "echo"
	for len(line) < n {
		line += " " + strings.Repeat("A", min(200, n-len(line)-1))
	}
	return line
}

// clipForTest shortens long wire strings in failure messages.
func clipForTest(s string) string {
	if len(s) > 80 {
		return fmt.Sprintf("%s…(%d bytes)…%s", s[:40], len(s), s[len(s)-30:])
	}
	return s
}
