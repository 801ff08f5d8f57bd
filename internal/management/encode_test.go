package management

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestBuildCommand(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	many := []Arg{}
	for i := range MaxTokens - 1 {
		many = append(many, Uint("n", uint64(i), 0, 100))
	}
	tests := []struct {
		command string
		args    []Arg
		line    string   // the line BuildCommand writes
		tokens  []string // what the daemon's lexer makes of it
	}{
		{"pid", nil, `pid`, []string{"pid"}},
		{"kill", []Arg{Text("common name", "Doe, John #1")}, `kill "Doe, John #1"`, []string{"kill", "Doe, John #1"}},
		{"kill", []Arg{Text("common name", "alice")}, `kill "alice"`, []string{"kill", "alice"}},
		{"kill", []Arg{Text("common name", "")}, `kill ""`, []string{"kill", ""}},
		{"kill", []Arg{Text("common name", "#1")}, `kill "#1"`, []string{"kill", "#1"}},
		{"kill", []Arg{Text("common name", ";x")}, `kill ";x"`, []string{"kill", ";x"}},
		{"kill", []Arg{Text("common name", "it's")}, `kill "it's"`, []string{"kill", "it's"}},
		{"kill", []Arg{Text("common name", "J\u00f6rg M\u00fcller")}, "kill \"J\u00f6rg M\u00fcller\"", []string{"kill", "J\u00f6rg M\u00fcller"}},
		{"kill", []Arg{Text("common name", `\`)}, `kill "\\"`, []string{"kill", `\`}},
		{"kill", []Arg{Text("common name", a(256))}, `kill "` + a(256) + `"`, []string{"kill", a(256)}},
		{"kill", []Arg{Word("address", "127.0.0.1:47212", "127.0.0.1:47212")}, `kill 127.0.0.1:47212`, []string{"kill", "127.0.0.1:47212"}},
		{"client-kill", []Arg{Uint("client ID", 7, 0, 1<<32-1), Word("message", KillHalt, KillRestart, KillHalt)},
			`client-kill 7 HALT`, []string{"client-kill", "7", "HALT"}},
		{"client-deny", []Arg{Uint("client ID", 3, 0, 1<<32-1), Uint("key ID", 1, 0, 7), Text("reason", `a "b" c\d`)},
			`client-deny 3 1 "a \"b\" c\\d"`, []string{"client-deny", "3", "1", `a "b" c\d`}},
		{"verb", []Arg{Uint("level", 15, 0, 15)}, `verb 15`, []string{"verb", "15"}},
		{"verb", []Arg{Uint("level", 0, 0, 15)}, `verb 0`, []string{"verb", "0"}},
		{"signal", []Arg{Word("signal", "SIGTERM", signals...)}, `signal SIGTERM`, []string{"signal", "SIGTERM"}},
		{"log", []Arg{Word("count", "all", "all")}, `log all`, []string{"log", "all"}},
		{"echo", many, "echo 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14",
			strings.Fields("echo 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14")},
	}
	for _, tt := range tests {
		t.Run(clipForTest(tt.line), func(t *testing.T) {
			line, err := BuildCommand(tt.command, tt.args...)
			if err != nil || line != tt.line {
				t.Fatalf("BuildCommand = %q, %v; want %q", line, err, tt.line)
			}
			if got := daemonCommands([]byte(line + "\n")); len(got) != 1 || !slices.Equal(got[0], tt.tokens) {
				t.Errorf("the daemon would run %q; want %q", got, tt.tokens)
			}
		})
	}
}

// The line limit is exact: 1023 bytes go, 1024 do not.
func TestBuildCommandLineLimit(t *testing.T) {
	body := strings.Repeat("a", 250)
	// "echo" + 3 × (1 + 252) = 763 bytes; the last text brings 1 + 259 or 1 + 260.
	ok, err := BuildCommand("echo", Text("a", body), Text("b", body), Text("c", body), Text("d", `"`+strings.Repeat("a", 255)))
	if err != nil || len(ok) != MaxLineBytes {
		t.Fatalf("1023-byte line: %d bytes, %v", len(ok), err)
	}
	if got := daemonCommands([]byte(ok + "\n")); len(got) != 1 || len(got[0]) != 5 {
		t.Errorf("1023-byte line: the daemon would run %d commands", len(got))
	}
	_, err = BuildCommand("echo", Text("a", body), Text("b", body), Text("c", body), Text("d", `""`+strings.Repeat("a", 254)))
	wantRefusal(t, err, "echo", "d", "is 260 bytes once quoted and escaped, so the command line would be 1024 bytes; the daemon reads at most 1023 per line")
}

func TestBuildCommandRefuses(t *testing.T) {
	tooMany := []Arg{}
	for i := range MaxTokens {
		tooMany = append(tooMany, Uint(fmt.Sprintf("n%d", i+1), uint64(i), 0, 100))
	}
	quotes := strings.Repeat(`"`, 256)
	tests := []struct {
		name     string
		command  string
		args     []Arg
		argument string // ArgumentError.Argument
		reason   string // ArgumentError.Reason, exactly
	}{
		{"newline", "kill", []Arg{Text("common name", "alice\nsignal SIGTERM")},
			"common name", "contains a newline (0x0a) at byte 5"},
		{"carriage return", "kill", []Arg{Text("common name", "alice\r")},
			"common name", "contains a carriage return (0x0d) at byte 5"},
		{"TAB", "kill", []Arg{Text("common name", "a\tb")},
			"common name", "contains a TAB (0x09) at byte 1"},
		{"NUL", "kill", []Arg{Text("common name", "\x00")},
			"common name", "contains a NUL (0x00) at byte 0"},
		{"DEL", "kill", []Arg{Text("common name", "ab\x7f")},
			"common name", "contains a DEL (0x7f) at byte 2"},
		{"escape", "kill", []Arg{Text("common name", "\x1b[2J")},
			"common name", "contains a control byte (0x1b) at byte 0"},
		{"control byte in a word", "signal", []Arg{Word("signal", "SIGTERM\n", signals...)},
			"signal", "contains a newline (0x0a) at byte 7"},
		{"invalid UTF-8", "kill", []Arg{Text("common name", "ab\xffc")},
			"common name", "is not valid UTF-8: byte 2 (0xff) does not start a valid sequence"},
		{"truncated UTF-8", "kill", []Arg{Text("common name", "J\xc3")},
			"common name", "is not valid UTF-8: byte 1 (0xc3) does not start a valid sequence"},
		{"long token", "client-kill", []Arg{Uint("client ID", 1, 0, 9), Text("message", strings.Repeat("m", 300))},
			"message", "is 300 bytes; the daemon takes at most 256"},
		{"257-byte token", "kill", []Arg{Text("common name", strings.Repeat("c", 257))},
			"common name", "is 257 bytes; the daemon takes at most 256"},
		{"out of range", "verb", []Arg{Uint("level", 16, 0, 15)},
			"level", "16 is out of range 0..15"},
		{"below range", "bytecount", []Arg{Uint("interval", 0, 1, 3600)},
			"interval", "0 is out of range 1..3600"},
		{"empty word", "hold", []Arg{Word("action", "", "on", "off", "release")},
			"action", "is empty; it must be one of on, off, release"},
		{"word not allowed", "hold", []Arg{Word("action", "ON", "on", "off", "release")},
			"action", `"ON" is not one of on, off, release`},
		{"empty allow-list", "hold", []Arg{Word("action", "on")},
			"action", `"on" is not one of an empty list`},
		{"allowed word with a space", "x", []Arg{Word("mode", "a b", "a b")},
			"mode", `"a b" has ' ' at byte 1 and cannot be written unquoted`},
		{"allowed word with a quote", "x", []Arg{Word("mode", `a"`, `a"`)},
			"mode", `"a\"" has '"' at byte 1 and cannot be written unquoted`},
		{"allowed word starting with #", "x", []Arg{Word("mode", "#1", "#1")},
			"mode", `"#1" starts with '#', which the daemon reads as a comment`},
		{"allowed word starting with ;", "x", []Arg{Word("mode", ";1", ";1")},
			"mode", `";1" starts with ';', which the daemon reads as a comment`},
		{"zero Arg", "kill", []Arg{{}},
			"argument 1", "was not built with Text, Word or Uint"},
		{"first bad argument wins", "client-deny", []Arg{Uint("client ID", 1, 0, 9), Uint("key ID", 99, 0, 7), Text("reason", "a\nb")},
			"key ID", "99 is out of range 0..7"},
		{"17 tokens", "echo", tooMany,
			"n16", "would be token 17 of 17; the daemon reads at most 16 per line and silently ignores the rest"},
		{"line too long", "client-deny", []Arg{Uint("client ID", 99, 0, 1<<32-1), Uint("key ID", 0, 0, 7), Text("reason", quotes), Text("client reason", quotes)},
			"reason", "is 514 bytes once quoted and escaped, so the command line would be 1046 bytes; the daemon reads at most 1023 per line"},
		{"upper-case command", "Kill", nil,
			"command name", `"Kill" has 'K' at byte 0; a command is lower-case letters, digits and dashes`},
		{"command with a space", "kill alice", nil,
			"command name", `"kill alice" has ' ' at byte 4; a command is lower-case letters, digits and dashes`},
		{"command with a newline", "pid\nsignal", nil,
			"command name", `"pid\nsignal" has '\n' at byte 3; a command is lower-case letters, digits and dashes`},
		{"empty command", "", nil,
			"command name", "is empty"},
		{"long command", strings.Repeat("x", 257), nil,
			"command name", "is 257 bytes; the daemon takes at most 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line, err := BuildCommand(tt.command, tt.args...)
			if line != "" {
				t.Errorf("BuildCommand returned a line with its error: %q", line)
			}
			wantRefusal(t, err, tt.command, tt.argument, tt.reason)
		})
	}
}

// wantRefusal checks that err is an *ArgumentError for command that names
// the argument and says why, and that errors.Is finds ErrInvalidArgument.
func wantRefusal(t *testing.T, err error, command, argument, reason string) {
	t.Helper()
	if !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("err = %v; want ErrInvalidArgument", err)
	}
	var ae *ArgumentError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %T; want *ArgumentError", err)
	}
	if ae.Command != command || ae.Argument != argument || ae.Reason != reason {
		t.Errorf("ArgumentError{Command: %q, Argument: %q, Reason: %q}\nwant {%q, %q, %q}",
			ae.Command, ae.Argument, ae.Reason, command, argument, reason)
	}
	if msg := err.Error(); !strings.Contains(msg, argument+" "+reason) || strings.ContainsAny(msg, "\n\r\t\x00") {
		t.Errorf("message %q does not read %q on one line", msg, argument+" "+reason)
	}
}

// PROTOCOL.md §8 lists the ways a value can inject or corrupt a command.
// Each case shows what a naive encoder would make the daemon run, then
// that BuildCommand refuses the value or sends it whole.
func TestBuildCommandInjection(t *testing.T) {
	t.Run("newline runs a second command", func(t *testing.T) {
		cn := "alice\nsignal SIGTERM"
		naive := daemonCommands([]byte("kill " + cn + "\n"))
		if !slices.EqualFunc(naive, [][]string{{"kill", "alice"}, {"signal", "SIGTERM"}}, slices.Equal) {
			t.Fatalf("model: %q", naive)
		}
		_, err := BuildCommand("kill", Text("common name", cn))
		wantRefusal(t, err, "kill", "common name", "contains a newline (0x0a) at byte 5")
	})

	t.Run("1025-byte overflow runs the tail", func(t *testing.T) {
		reason := strings.Repeat("A", 1007) + "pid"
		naive := daemonCommands([]byte(`client-deny 99 0 "` + reason + "\n"))
		if !slices.EqualFunc(naive, [][]string{{"pid"}}, slices.Equal) {
			t.Fatalf("model: %q", naive)
		}
		// Quoted, the tail needs a # to comment out the closing quote.
		naive = daemonCommands([]byte(`client-deny 99 0 ` + quoteText(reason+" #") + "\n"))
		if !slices.EqualFunc(naive, [][]string{{"pid"}}, slices.Equal) {
			t.Fatalf("model, quoted: %q", naive)
		}
		_, err := BuildCommand("client-deny", Uint("client ID", 99, 0, 1<<32-1), Uint("key ID", 0, 0, 7), Text("reason", reason+" #"))
		wantRefusal(t, err, "client-deny", "reason", "is 1012 bytes; the daemon takes at most 256")
	})

	t.Run("overflow built from tokens that each fit", func(t *testing.T) {
		// Each reason is 256 bytes, within the token limit, but escaping
		// doubles it: the line would be 1046 bytes and overflow.
		quotes := strings.Repeat(`"`, 256)
		args := []Arg{Uint("client ID", 99, 0, 1<<32-1), Uint("key ID", 0, 0, 7), Text("reason", quotes), Text("client reason", quotes)}
		naive := "client-deny 99 0 " + quoteText(quotes) + " " + quoteText(quotes)
		want := []string{"client-deny", "99", "0", quotes, quotes}
		if got := daemonCommands([]byte(naive + "\n")); len(got) == 1 && slices.Equal(got[0], want) {
			t.Fatalf("model: the %d-byte line arrived whole", len(naive))
		}
		_, err := BuildCommand("client-deny", args...)
		wantRefusal(t, err, "client-deny", "reason",
			"is 514 bytes once quoted and escaped, so the command line would be 1046 bytes; the daemon reads at most 1023 per line")
	})

	t.Run("leading # or ; is quoted, not a comment", func(t *testing.T) {
		for _, cn := range []string{"#1", ";1", "# x", "#"} {
			if naive := daemonCommands([]byte("kill " + cn + "\n")); !slices.EqualFunc(naive, [][]string{{"kill"}}, slices.Equal) {
				t.Fatalf("model: kill %s -> %q", cn, naive)
			}
			line, err := BuildCommand("kill", Text("common name", cn))
			if err != nil {
				t.Fatal(err)
			}
			if got := daemonCommands([]byte(line + "\n")); len(got) != 1 || !slices.Equal(got[0], []string{"kill", cn}) {
				t.Errorf("%q: the daemon would run %q", line, got)
			}
		}
	})

	t.Run("deleted bytes merge tokens", func(t *testing.T) {
		if naive := daemonCommands([]byte("kill\talice\n")); !slices.EqualFunc(naive, [][]string{{"killalice"}}, slices.Equal) {
			t.Fatalf("model: %q", naive)
		}
		for _, c := range []string{"\t", "\r", "\x00", "\x7f", "\n", "\x01", "\x1f"} {
			cn := "al" + c + "ice"
			if line, err := BuildCommand("kill", Text("common name", cn)); err == nil || line != "" {
				t.Errorf("Text(%q): line %q, err %v", cn, line, err)
			}
			if line, err := BuildCommand("signal", Word("signal", "SIG"+c+"TERM", "SIG"+c+"TERM")); err == nil || line != "" {
				t.Errorf("Word with %q: line %q, err %v", c, line, err)
			}
		}
	})

	t.Run("too many tokens drop the last ones", func(t *testing.T) {
		words := strings.Fields("echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")
		if got := daemonCommands([]byte(strings.Join(words, " ") + "\n")); len(got) != 1 || len(got[0]) != MaxTokens {
			t.Fatalf("model: %q", got)
		}
		var args []Arg
		for _, w := range words[1:] {
			args = append(args, Text("word "+w, w))
		}
		_, err := BuildCommand("echo", args...)
		wantRefusal(t, err, "echo", "word 16", "would be token 17 of 17; the daemon reads at most 16 per line and silently ignores the rest")
	})
}

func TestCheckPasswordLine(t *testing.T) {
	for _, pw := range []string{
		"secret",
		"pass word with spaces",
		`"quoted" 'and' \backslashed\q`,
		"#not a comment",
		"p\u00e4ss",
		"\xff\xfe", // raw line: compared byte for byte, so any byte >= 0x20 is fine
		strings.Repeat("p", MaxLineBytes),
	} {
		if err := checkPasswordLine(pw); err != nil {
			t.Errorf("checkPasswordLine(%q) = %v", clipForTest(pw), err)
		}
		// The daemon compares the line it reads with its password file's line.
		if lines := daemonLines([]byte(pw+"\n"), daemonRecvChunk); len(lines) != 1 || lines[0].line != pw {
			t.Errorf("the daemon would read %q as %+v", clipForTest(pw), lines)
		}
	}
	for _, tt := range []struct{ pw, reason string }{
		{"pw\n", "contains a newline (0x0a) at byte 2"},
		{"pw\r", "contains a carriage return (0x0d) at byte 2"},
		{"p\tw", "contains a TAB (0x09) at byte 1"},
		{"\x00pw", "contains a NUL (0x00) at byte 0"},
		{"pw\x7f", "contains a DEL (0x7f) at byte 2"},
		{"pw\x1b", "contains a control byte (0x1b) at byte 2"},
		{strings.Repeat("p", MaxLineBytes+1), "is 1024 bytes; the daemon reads at most 1023 per line"},
	} {
		err := checkPasswordLine(tt.pw)
		wantRefusal(t, err, "ENTER PASSWORD", "management password", tt.reason)
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("the error %q shows the password", err)
		}
	}
}

func TestQuoteText(t *testing.T) {
	for s, want := range map[string]string{
		"":             `""`,
		"a b":          `"a b"`,
		`a"b`:          `"a\"b"`,
		`a\b`:          `"a\\b"`,
		`\"`:           `"\\\""`,
		"'#;":          `"'#;"`,
		"\u00e9\u00e8": "\"\u00e9\u00e8\"",
	} {
		if got := quoteText(s); got != want {
			t.Errorf("quoteText(%q) = %s; want %s", s, got, want)
		}
		if tokens, err := parseLine(quoteText(s)); err != nil || !slices.Equal(tokens, []string{s}) {
			t.Errorf("parseLine(quoteText(%q)) = %q, %v", s, tokens, err)
		}
	}
}
