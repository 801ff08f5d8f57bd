package management

import (
	"errors"
	"fmt"
	"strings"
)

// A status text (a --status file, a captured reply) is held to the limits
// a live status reply is read within (reader.go): MaxReplyBytes,
// MaxReplyLines and MaxReplyLineBytes. Whatever the daemon can send live
// fits; a larger text is refused before it is split or read, so that the
// memory a parse costs stays proportional to a status the daemon could
// really have written.

// ErrStatusTextTooLarge: a status text is over one of the limits of a live
// status reply (see StatusTextLimitError).
var ErrStatusTextTooLarge = errors.New("status text too large")

// StatusTextLimitError is a status text over one of the reply limits.
type StatusTextLimitError struct {
	Limit string // "size", "lines" or "line length"
	Max   int64  // the limit
	Unit  string // "bytes" or "lines"
	// Found is the text's size or lines, or the length of line LineNo.
	Found  int64
	LineNo int // 1-based; for "line length" only
}

func (e *StatusTextLimitError) Error() string {
	what := fmt.Sprintf("%d %s", e.Found, e.Unit)
	if e.Limit == "line length" {
		what = fmt.Sprintf("line %d is %d bytes long", e.LineNo, e.Found)
	}
	return fmt.Sprintf("%v: %s, over the %s limit of %d %s (%s) that a status reply read from the daemon is held to",
		ErrStatusTextTooLarge, what, e.Limit, e.Max, e.Unit, binarySize(e.Max, e.Unit))
}

func (e *StatusTextLimitError) Unwrap() error { return ErrStatusTextTooLarge }

// binarySize says a limit the way it is defined: 128 MiB, 256 KiB, 4000000 lines.
func binarySize(n int64, unit string) string {
	switch {
	case unit != "bytes":
		return fmt.Sprintf("%d %s", n, unit)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// MaxStatusTextBytes is the largest status text ParseStatusText reads:
// MaxReplyBytes, the most a status reply read from the daemon may have.
const MaxStatusTextBytes = MaxReplyBytes

// CheckStatusTextSize refuses a status text of size bytes over the size
// limit, so that a caller holding the text in another form (a function
// argument's encoding) can refuse it before copying it.
func CheckStatusTextSize(size int64) error {
	if size > limits.replyBytes {
		return &StatusTextLimitError{Limit: "size", Max: limits.replyBytes, Unit: "bytes", Found: size}
	}
	return nil
}

// checkStatusText holds text to every reply limit, in one pass that
// allocates nothing.
func checkStatusText(text string) error {
	if err := CheckStatusTextSize(int64(len(text))); err != nil {
		return err
	}
	lines := 0
	for rest := text; rest != ""; lines++ {
		line, after, _ := strings.Cut(rest, "\n")
		if n := len(strings.TrimSuffix(line, "\r")); n > limits.lineBytes {
			return &StatusTextLimitError{Limit: "line length", Max: int64(limits.lineBytes), Unit: "bytes", Found: int64(n), LineNo: lines + 1}
		}
		rest = after
	}
	if lines > limits.replyLines {
		return &StatusTextLimitError{Limit: "lines", Max: int64(limits.replyLines), Unit: "lines", Found: int64(lines)}
	}
	return nil
}
