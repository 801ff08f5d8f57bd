// Package deadline bounds one network step by a deadline on the
// connection rather than by a context derived with the timeout, so the
// error says which of the two ended it: a context error means the caller
// gave up (the peer may be fine); an expired deadline with the caller
// still waiting means the peer stalled, which the management client keeps
// as its standing failure. Used by the management client and by the SSH
// and TLS transports alike.
package deadline

import (
	"context"
	"errors"
	"net"
	"time"
)

// Bound sets nc's deadline to timeout from now, or to ctx's deadline when
// that comes first, and makes a cancelled ctx interrupt a blocked read at
// once. It returns the deadline it set and a func that undoes the
// cancellation hook; the deadline stays until the caller clears it.
func Bound(ctx context.Context, nc net.Conn, timeout time.Duration) (time.Time, func()) {
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
	return deadline, func() {
		// If the hook has started, let it finish: a deadline it set late
		// would outlive the step and break the next one.
		if !stop() {
			<-fired
		}
	}
}

// CallerGaveUp returns ctx's error once it is cancelled or its deadline
// has passed (a deadline on the connection taken from ctx may expire an
// instant before ctx's own timer fires), and nil while the caller waits.
func CallerGaveUp(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

// IsTimeout reports whether err is a network timeout (an expired deadline).
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
