package management

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// replyKind is how a command's reply is framed (PROTOCOL.md §3). Each
// command method states it, because the daemon's replies carry no IDs and
// some commands answer zero or two times: guessing from the text desyncs.
type replyKind int

const (
	replySingle replyKind = iota // one SUCCESS: or ERROR: line
	replyMulti                   // data lines and END, or one ERROR: line
	replyNone                    // no reply at all (quit)
)

// command is one line ready for the wire, built by BuildCommand.
type command struct {
	line  string
	reply replyKind
	// write marks commands that change the daemon, which invalidate
	// cached reads.
	write bool
	// closes marks commands after which the daemon hangs up (signal
	// SIGTERM); the connection is dropped within the same exchange.
	closes bool
	// marked sends endMarker right after the command, so a reply the
	// daemon cuts short (no END) is recognised at once by the marker's
	// answer instead of by a timeout.
	marked bool
}

// endMarker is the command sent after a marked one: cheap, valid in every
// mode, state and release, and answered with one line that no multi-line
// reply contains ("SUCCESS: pid=N"; status rows start with a keyword).
const endMarker = "pid"

func isMarkerAnswer(line string) bool { return strings.HasPrefix(line, "SUCCESS: pid=") }

func (c command) commandError(reply string, detail []string) error {
	return &CommandError{Command: c.line, Reply: reply, Detail: detail, Cause: classifyError(reply)}
}

// ioError describes a broken exchange: the reply never finished.
func (c command) ioError(ctx context.Context, err error, timeout time.Duration) error {
	if gaveUp := callerGaveUp(ctx); gaveUp != nil {
		return fmt.Errorf("openvpn management command %q: %w", c.line, gaveUp)
	}
	if isTimeout(err) {
		return &CommandError{Command: c.line, Reply: fmt.Sprintf("no complete reply within %s", timeout), Cause: ErrTimeout}
	}
	return fmt.Errorf("openvpn management command %q: %w", c.line, err)
}

// classifyError maps the daemon's ERROR texts (manage.c) to typed causes.
func classifyError(reply string) error {
	switch {
	case strings.Contains(reply, "not supported by the current daemon mode"),
		strings.Contains(reply, "only implemented on Windows"):
		return ErrWrongMode
	case strings.HasSuffix(reply, "not found"),
		reply == "client-kill command failed":
		return ErrNotFound
	}
	return nil
}
