package management

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// remember keeps err, a failure to connect or a command's timeout or
// oversized reply, as the client's standing failure when it says the
// daemon cannot be reached or served now, rather than that one command
// failed: nothing listens, the socket is not ours to use, the port is
// held or the daemon frozen (a timeout), the password is refused, or the
// peer is broken (over a reply limit, not OpenVPN at all). Each of these
// would cost every later command the same timeout or the same refused
// login, and give the same answer.
//
// It keeps nothing when the caller gave up (the daemon may be fine), or
// when the daemon hung up or is restarting or waiting in hold: those pass,
// and the next command may well succeed. A step that ran out of the
// client's own timeout says so with ErrTimeout (a Config.Dial hook's
// stalled TLS or SSH handshake included), and is kept whatever else it
// wraps: only a context error without it is the caller giving up.
func (c *Client) remember(err error) {
	if c.failed != nil || err == nil {
		return
	}
	if errors.As(err, new(*RepeatedError)) {
		// Met elsewhere first (an SSH host shared with another daemon):
		// kept as it is, already said to be a repeat.
		c.failed = err
		return
	}
	for _, passing := range []error{context.Canceled, context.DeadlineExceeded, ErrClosed, ErrRestarting, ErrHoldWaiting, ErrTruncated} {
		if errors.Is(err, passing) && !errors.Is(err, ErrTimeout) {
			return
		}
	}
	var ce *CommandError
	if errors.As(err, &ce) && !errors.Is(err, ErrTimeout) {
		return // the daemon answered: it is alive and serving
	}
	c.failed = &RepeatedError{Err: err}
}

// RepeatedError is a failure the client met earlier and returns again
// without trying, see Client.remember. errors.Is and errors.As see the
// original failure through it.
type RepeatedError struct {
	Err error
}

func (e *RepeatedError) Error() string {
	return fmt.Sprintf("%v (not tried again: an earlier command of this run met this failure)", e.Err)
}

func (e *RepeatedError) Unwrap() error { return e.Err }

// explainWrongMode finds out why the daemon answered "not supported by the
// current daemon mode". A daemon between two instances (after SIGHUP or
// SIGUSR1, while starting, or waiting in hold) answers so to every command
// its instance serves, exactly as a daemon of the other mode does; its hold
// line and its state tell them apart. The cause is set on ce.
func (c *Client) explainWrongMode(ctx context.Context, ce *CommandError) {
	if !c.events.holdWaiting {
		lines, err := c.conn.exchange(ctx, c.cfg.Timeout, command{line: "state", reply: replyMulti})
		if err != nil {
			var sce *CommandError
			if !errors.As(err, &sce) || errors.Is(err, ErrTimeout) {
				c.disconnect(ctx, false)
			}
			return
		}
		// The state reply may have brought the >HOLD: line.
		if !c.events.holdWaiting {
			if len(lines) == 1 {
				if st, err := ParseState(lines[0]); err == nil {
					if st.Connected() {
						return // up and running: the mode is the reason
					}
					ce.Cause = fmt.Errorf("%w (state %s)", ErrRestarting, strings.Trim(st.Name+" "+st.Description, " "))
					return
				}
			}
			ce.Cause = fmt.Errorf("%w (no state yet)", ErrRestarting)
			return
		}
	}
	ce.Cause = ErrHoldWaiting
}

// trimLineEnd removes one trailing "\n" or "\r\n".
func trimLineEnd(s string) string {
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		return strings.TrimSuffix(t, "\r")
	}
	return s
}
