package remote

import (
	"context"
	"errors"
	"net"
	"time"
)

// bound sets nc's deadline to the step's timeout, or the caller's own
// deadline when that comes first, and makes a cancelled ctx interrupt a
// blocked read at once. The returned func undoes the cancellation hook;
// the deadline stays until the caller clears it.
//
// A step is bounded by a deadline on the connection rather than by a
// context derived with the timeout: the error then says which of the two
// ended it. A context error means the caller gave up (the peer may be
// fine); an expired deadline with the caller still waiting means the peer
// stalled, a timeout the management client keeps as its standing failure
// so later objects do not pay it again.
func bound(ctx context.Context, nc net.Conn, timeout time.Duration) func() {
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = nc.SetDeadline(deadline)
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		_ = nc.SetDeadline(time.Unix(1, 0))
		close(fired)
	})
	return func() {
		if !stop() {
			<-fired // a deadline the hook sets late would outlive the step
		}
	}
}

// callerGaveUp returns the caller's context error once it is cancelled
// or its deadline has passed (a deadline on the connection may expire an
// instant before the context says so), and nil while the caller waits.
func callerGaveUp(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
