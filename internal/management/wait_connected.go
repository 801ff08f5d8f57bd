package management

import (
	"context"
	"errors"
	"time"
)

// connectedPoll is the time between two fresh state reads while waiting
// for CONNECTED. The daemon sends no >STATE: notification unless the
// client turns "state on", and a connection that carries notifications
// cannot share the read cache, so the wait polls.
const connectedPoll = 250 * time.Millisecond

// WaitOutcome says how a WaitConnected ended.
type WaitOutcome int

const (
	// WaitReachedConnected: the daemon's state is CONNECTED.
	WaitReachedConnected WaitOutcome = iota + 1
	// WaitDaemonExiting: the daemon's state is EXITING; it will not
	// connect.
	WaitDaemonExiting
	// WaitTimedOut: the timeout passed first. The error, if any, is the
	// last state read's failure.
	WaitTimedOut
	// WaitFailed: the client cannot go on (a failure it met before and
	// returns again without trying, or the caller gave up); the error
	// says which.
	WaitFailed
)

// WaitConnected reads the daemon's state, bypassing the read cache, until
// it is CONNECTED or EXITING or timeout passes. It returns the last state
// read (zero if none was) and how the wait ended. A read that fails is
// tried again at the next poll, unless the client returns a RepeatedError:
// then the daemon cannot be reached this run and polling on cannot change
// that, so the wait stops at once.
func (c *Client) WaitConnected(ctx context.Context, timeout time.Duration) (State, WaitOutcome, error) {
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(connectedPoll)
	defer tick.Stop()
	var last State
	for {
		s, err := c.State(Fresh(wctx))
		if repeated := new(*RepeatedError); errors.As(err, repeated) {
			return last, WaitFailed, err
		}
		if err == nil {
			last = s
			switch {
			case s.Connected():
				return s, WaitReachedConnected, nil
			case s.Exiting():
				return s, WaitDaemonExiting, nil
			}
		}
		select {
		case <-wctx.Done():
			if ctx.Err() != nil {
				return last, WaitFailed, ctx.Err() // the caller gave up
			}
			return last, WaitTimedOut, err
		case <-tick.C:
		}
	}
}
