package management

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The encoder writes lines for the daemon's command reader and lexer, which
// are the same in OpenVPN 2.3 through 2.7:
//
//   - manage.c command_line_add deletes every byte below 0x20 except '\n',
//     and 0x7f, before anything else looks at the line. A TAB, CR or NUL in
//     a value therefore vanishes and the line means something else; a '\n'
//     ends the line and runs the rest as a second command. No quoting can
//     carry these bytes, so they are refused, never escaped.
//   - command_line_new(1024) holds a line in 1024 bytes, the newline
//     included. On overflow the buffer is cleared, the byte that did not fit
//     is dropped, and the rest of the line runs as a new command.
//   - options.c parse_line splits on whitespace; "..." groups and knows only
//     the escapes \\, \" and backslash-space (any other backslash rejects the
//     line); a token starting with # or ; outside quotes comments out the
//     rest of the line; a token holds at most OPTION_PARM_SIZE (256) bytes;
//     tokens past MAX_PARMS (16) are silently ignored.
//
// Free text is therefore always written "quoted" with \ and " escaped, so
// that spaces, a leading # or ; and quotes reach the daemon as data.

// Limits of the daemon's command reader and lexer (manage.c, options.c).
const (
	// MaxLineBytes: command_line_new(1024) holds 1023 bytes plus the newline;
	// a longer line is cut and its tail runs as a new command.
	MaxLineBytes = 1023
	// MaxTokenBytes: OPTION_PARM_SIZE; a longer token is refused by the lexer.
	MaxTokenBytes = 256
	// MaxTokens: MAX_PARMS; tokens past it are silently ignored.
	MaxTokens = 16
)

// argKind says how an Arg is written on the line.
type argKind uint8

const (
	argUnset argKind = iota // the zero Arg: not built by a constructor
	argText                 // "quoted", escaped
	argWord                 // bare, from an allow-list
	argUint                 // bare, decimal
)

// Arg is one argument of a command line, typed so that the encoder knows
// how to check and write it.
type Arg struct {
	name string
	kind argKind
	wire string // the token as written on the line
	// reason is why the argument is refused, or "". The constructors cannot
	// return errors, so they record it here and BuildCommand reports it.
	reason string
}

// Text is free text (a common name, a reason, a message): always written
// quoted and escaped for the daemon's lexer. name says what the argument
// is in error messages.
func Text(name, s string) Arg {
	a := Arg{name: name, kind: argText}
	a.reason = checkText(s)
	if a.reason == "" {
		a.wire = quoteText(s)
	}
	return a
}

// Word is an enum word (on, off, HALT, SIGHUP, ...) that must be one of allowed.
func Word(name, s string, allowed ...string) Arg {
	a := Arg{name: name, kind: argWord, wire: s}
	switch {
	case s == "":
		a.reason = "is empty; it must be " + oneOf(allowed)
	case checkText(s) != "":
		a.reason = checkText(s)
	case !slices.Contains(allowed, s):
		// %q: keep whatever the caller passed readable and on one line.
		a.reason = fmt.Sprintf("%q is not %s", s, oneOf(allowed))
	default:
		// s comes from the caller's allow-list, but it is written unquoted,
		// so make sure the lexer would hand back exactly s.
		a.reason = checkBare(s)
	}
	return a
}

// Uint is a number written in decimal after checking lo <= n <= hi.
//
// The daemon reads numbers with atoi(), which turns garbage or an overflow
// into some other number without complaint (verb foo sets verb 0), so the
// range is the only check there is.
func Uint(name string, n, lo, hi uint64) Arg {
	s := strconv.FormatUint(n, 10)
	a := Arg{name: name, kind: argUint, wire: s}
	if n < lo || n > hi {
		a.reason = fmt.Sprintf("%d is out of range %d..%d", n, lo, hi)
	}
	return a
}

// BuildCommand checks every argument and returns the command line without
// its newline, or an *ArgumentError naming the argument and the reason.
// Nothing is ever half-built: a line is either wholly safe or refused.
func BuildCommand(command string, args ...Arg) (string, error) {
	if reason := checkCommandName(command); reason != "" {
		return "", &ArgumentError{Command: command, Argument: "command name", Reason: reason}
	}
	for i, a := range args {
		reason := a.reason
		if a.kind == argUnset {
			reason = "was not built with Text, Word or Uint"
		}
		if reason != "" {
			return "", &ArgumentError{Command: command, Argument: argName(a, i), Reason: reason}
		}
	}
	// parse_line stops at MAX_PARMS and drops the rest without a word, so
	// the command would run with fewer arguments than were meant.
	if n := 1 + len(args); n > MaxTokens {
		return "", &ArgumentError{
			Command:  command,
			Argument: argName(args[MaxTokens-1], MaxTokens-1),
			Reason: fmt.Sprintf("would be token %d of %d; the daemon reads at most %d per line and silently ignores the rest",
				MaxTokens+1, n, MaxTokens),
		}
	}

	var b strings.Builder
	b.WriteString(command)
	longest := -1
	for i, a := range args {
		b.WriteByte(' ')
		b.WriteString(a.wire)
		if longest < 0 || len(a.wire) > len(args[longest].wire) {
			longest = i
		}
	}
	// A longer line overflows command_line_new(1024) and its tail runs as a
	// command of its own (PROTOCOL.md §8: a quoted, newline-free reason ran
	// "pid"). Blame the argument that takes the most room.
	if b.Len() > MaxLineBytes {
		a := args[longest] // a command name alone is at most 256 bytes, so there is an argument
		size := fmt.Sprintf("is %d bytes", len(a.wire))
		if a.kind == argText {
			size += " once quoted and escaped"
		}
		return "", &ArgumentError{
			Command:  command,
			Argument: argName(a, longest),
			Reason: fmt.Sprintf("%s, so the command line would be %d bytes; the daemon reads at most %d per line",
				size, b.Len(), MaxLineBytes),
		}
	}
	return b.String(), nil
}

// checkPasswordLine refuses a password the daemon would read differently
// from what was configured (the password line is raw, not lexed).
//
// man_check_password compares the whole line, so spaces and quotes are
// literal and fine. But the line still goes through command_line_add: a
// control byte would be deleted (or, for '\n', end the line early), and a
// line over 1023 bytes would be cut. Either way the daemon would compare
// something else and count a failed attempt of its three. The error never
// quotes the password.
func checkPasswordLine(pw string) error {
	reason := ""
	if i, c, ok := firstControl(pw); ok {
		reason = controlReason(i, c)
	} else if len(pw) > MaxLineBytes {
		reason = fmt.Sprintf("is %d bytes; the daemon reads at most %d per line", len(pw), MaxLineBytes)
	}
	if reason != "" {
		return &ArgumentError{Command: "ENTER PASSWORD", Argument: "management password", Reason: reason}
	}
	return nil
}

// quoteText writes s as one double-quoted token. Inside "..." parse_line
// takes every byte literally except \ and ", which must be escaped; a
// space, #, ; or ' needs nothing.
func quoteText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] == '"' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// checkText returns why s cannot be sent as free text, or "".
func checkText(s string) string {
	if i, c, ok := firstControl(s); ok {
		return controlReason(i, c)
	}
	// The daemon would pass any byte >= 0x80 through, but a value that is
	// not UTF-8 did not come from a Terraform string (those are always
	// UTF-8); it would most likely be a CN echoed back from the daemon's
	// own output, which must not be fed back into commands unchecked.
	if !utf8.ValidString(s) {
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 {
				return fmt.Sprintf("is not valid UTF-8: byte %d (0x%02x) does not start a valid sequence", i, s[i])
			}
			i += size
		}
	}
	// parse_line stores unescaped bytes in char parm[OPTION_PARM_SIZE], so
	// the limit counts the value, not its quoted form.
	if len(s) > MaxTokenBytes {
		return fmt.Sprintf("is %d bytes; the daemon takes at most %d", len(s), MaxTokenBytes)
	}
	return ""
}

// checkBare returns why s cannot be written unquoted and come back from
// parse_line as the same single token, or "".
func checkBare(s string) string {
	if s[0] == '#' || s[0] == ';' {
		return fmt.Sprintf("%q starts with %q, which the daemon reads as a comment", s, s[0])
	}
	// parse_line splits on isspace() in the C locale and treats quotes and
	// backslashes specially; control bytes are refused before this.
	if i := strings.IndexAny(s, " \"'\\"); i >= 0 {
		return fmt.Sprintf("%q has %q at byte %d and cannot be written unquoted", s, s[i], i)
	}
	return ""
}

// checkCommandName returns why name is not a command word, or "".
// Every management command is lower-case letters, digits and dashes, so
// anything else is a caller's bug, never data to be quoted.
func checkCommandName(name string) string {
	if name == "" {
		return "is empty"
	}
	if len(name) > MaxTokenBytes {
		return fmt.Sprintf("is %d bytes; the daemon takes at most %d", len(name), MaxTokenBytes)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return fmt.Sprintf("%q has %q at byte %d; a command is lower-case letters, digits and dashes", name, c, i)
		}
	}
	return ""
}

// firstControl finds the first byte that command_line_add would delete or
// treat as the end of the line: anything below 0x20, and 0x7f (manage.c,
// char_class CC_PRINT|CC_NEWLINE).
func firstControl(s string) (int, byte, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return i, c, true
		}
	}
	return 0, 0, false
}

// controlReason says which control byte was found where, e.g.
// "contains a newline (0x0a) at byte 5".
func controlReason(i int, c byte) string {
	what := "a control byte"
	switch c {
	case '\n':
		what = "a newline"
	case '\r':
		what = "a carriage return"
	case '\t':
		what = "a TAB"
	case 0:
		what = "a NUL"
	case 0x7f:
		what = "a DEL"
	}
	return fmt.Sprintf("contains %s (0x%02x) at byte %d", what, c, i)
}

// argName is the argument's name for an error, or its position if the
// caller gave none.
func argName(a Arg, i int) string {
	if a.name != "" {
		return a.name
	}
	return fmt.Sprintf("argument %d", i+1)
}

// oneOf lists the allowed values for an error message.
func oneOf(allowed []string) string {
	if len(allowed) == 0 {
		return "one of an empty list"
	}
	return "one of " + strings.Join(allowed, ", ")
}
