package management

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzBuildCommandRoundTrip checks BuildCommand against the model of the
// daemon's reader and lexer (lexer_model_test.go):
//
//   - a line that is built reaches the daemon as exactly one command with
//     exactly the intended tokens, has no byte the reader would delete, and
//     fits the line buffer, however recv() splits it;
//   - a value with a control byte is never built;
//   - BuildCommand refuses exactly the inputs the daemon's limits call for
//     (worked out here independently), with an *ArgumentError.
//
// shape picks the command; its high bit sends the fuzzed word instead of
// an allowed one.
func FuzzBuildCommandRoundTrip(f *testing.F) {
	long := strings.Repeat("A", 1007)
	for _, s := range []struct {
		text, text2, word string
		shape             uint8
		n                 uint64
	}{
		{"Doe, John #1", "", "", 0, 0},
		{"alice\nsignal SIGTERM", "", "", 0, 0},
		{"alice", "x\nsignal SIGTERM", "", 2, 7},
		{long + "pid", "", "", 2, 99},
		{long + "pid #", "", "", 0, 0},
		{strings.Repeat(`"`, 256), strings.Repeat(`"`, 256), "", 2, 99},
		{strings.Repeat(`\`, 255), strings.Repeat(`"`, 250), "", 2, 1},
		{"#1", ";x", "", 2, 3},
		{"#", "", "", 0, 0},
		{";", "", "", 4 + 5*3, 0},
		{"a\tb", "", "", 0, 0},
		{"a\rb", "", "", 0, 0},
		{"a\x00b", "", "", 0, 0},
		{"a\x7fb", "", "", 0, 0},
		{`a "b" c\d`, "", "", 2, 3},
		{"", "", "", 0, 0},
		{"\xff", "", "", 0, 0},
		{"J\u00f6rg", "\u2028", "", 0, 0},
		{"", "", "HALT", 1, 7},
		{"", "", "HALT\n", 1 | 0x80, 7},
		{"", "", "halt", 1 | 0x80, 7},
		{"", "", "", 1, 1 << 40},
		{"", "", "", 3, 16},
		{"", "", "", 3, 15},
		{"", "", "#SIGTERM", 4 | 0x80, 1},
		{"x", "y", "", 4 + 5*20, 0},
		{strings.Repeat("z", 250), strings.Repeat(`"`, 250), "", 5*3 + 4, 0},
	} {
		f.Add(s.text, s.text2, s.word, s.shape, s.n)
	}

	f.Fuzz(func(t *testing.T, text, text2, word string, shape uint8, n uint64) {
		var (
			command string
			args    []Arg
			want    []string // the tokens the daemon should see
			texts   []string // the free-text values
			ok      = true   // whether BuildCommand should accept
		)
		addText := func(s string) {
			args = append(args, Text("text", s))
			want = append(want, s)
			texts = append(texts, s)
			ok = ok && utf8.ValidString(s) && len(s) <= MaxTokenBytes && !hasControl(s)
		}
		addUint := func(v, lo, hi uint64) {
			args = append(args, Uint("number", v, lo, hi))
			want = append(want, strconv.FormatUint(v, 10))
			ok = ok && lo <= v && v <= hi
		}
		addWord := func(allowed ...string) {
			w := allowed[n%uint64(len(allowed))]
			if shape&0x80 != 0 {
				w = word
				texts = append(texts, w)
				ok = ok && slices.Contains(allowed, w)
			}
			args = append(args, Word("word", w, allowed...))
			want = append(want, w)
		}

		switch (shape & 0x7f) % 5 {
		case 0:
			command = "kill"
			addText(text)
		case 1:
			command = "client-kill"
			addUint(n, 0, 1<<32-1)
			addWord(KillRestart, KillHalt)
		case 2:
			command = "client-deny"
			addUint(n&0xffff, 0, 1<<32-1)
			addUint((n>>16)&0xff, 0, 7)
			addText(text)
			addText(text2)
		case 3:
			command = "verb"
			addUint(n, 0, MaxVerb)
		case 4:
			command = "signal"
			addWord(signals...)
			// Up to 20 more texts exercise the 16-token limit.
			for i := range int((shape&0x7f)/5) % 21 {
				if i%2 == 0 {
					addText(text)
				} else {
					addText(text2)
				}
			}
		}
		want = append([]string{command}, want...)
		if len(want) > MaxTokens {
			ok = false
		}
		// The line's length, worked out from the tokens: bare words as they
		// are, free text with two quotes and a backslash before each \ and ".
		size := len(want) - 1 // the spaces
		for i, tok := range want {
			size += len(tok)
			if i > 0 && args[i-1].kind == argText {
				size += 2 + strings.Count(tok, `\`) + strings.Count(tok, `"`)
			}
		}
		if size > MaxLineBytes {
			ok = false
		}

		line, err := BuildCommand(command, args...)
		if err != nil {
			var ae *ArgumentError
			if !errors.Is(err, ErrInvalidArgument) || !errors.As(err, &ae) || ae.Command != command || ae.Argument == "" || ae.Reason == "" {
				t.Fatalf("BuildCommand error %#v is not a complete *ArgumentError", err)
			}
			if line != "" {
				t.Fatalf("BuildCommand returned %q with its error", line)
			}
			if ok {
				t.Fatalf("BuildCommand refused %q: %v", want, err)
			}
			return
		}
		if !ok {
			t.Fatalf("BuildCommand accepted %q as %q", want, line)
		}
		for _, s := range texts {
			if hasControl(s) {
				t.Fatalf("BuildCommand accepted a control byte in %q", s)
			}
		}
		if hasControl(line) || len(line) > MaxLineBytes || len(line) != size {
			t.Fatalf("line %q: %d bytes (expected %d), control bytes %v", line, len(line), size, hasControl(line))
		}
		for _, chunk := range []int{daemonRecvChunk, 1 + int(n%300)} {
			got := daemonLines([]byte(line+"\n"), chunk)
			if len(got) != 1 || got[0].err != nil || got[0].line != line || !slices.Equal(got[0].tokens, want) {
				t.Fatalf("line %q (recv chunk %d): the daemon would read %+v; want one command %q", line, chunk, got, want)
			}
		}
	})
}

func hasControl(s string) bool {
	_, _, found := firstControl(s)
	return found
}
