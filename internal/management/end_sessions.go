package management

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Ending sessions and confirming they are gone. client-kill only schedules
// the end: the daemon sends the message (RESTART or HALT) to the client,
// logs "Delayed exit in 5 seconds" (scheduled_exit_interval, options.c)
// and keeps the session in "status 3" until then (measured on 2.6.14: a
// killed session leaves the list 5 to 6 s later). A client told RESTART
// reconnects at once, as a new session with a new Client ID, often before
// the old one has left the list. Client IDs come from a counter that only
// grows while the daemon runs (multi.c cid_counter), so a session absent
// from the listing the kills were chosen from is a new connection.

// KillDelayedExit is how long the daemon keeps a killed session listed.
const KillDelayedExit = 5 * time.Second

// Bounds of the wait for killed sessions to leave the list.
const (
	// MinEndWait leaves room for the delayed exit and a few polls.
	MinEndWait = 2 * KillDelayedExit
	// DefaultEndWait is used when EndOptions.Wait is zero.
	DefaultEndWait = 3 * KillDelayedExit
	// defaultEndPoll is the time between two fresh "status 3" reads.
	defaultEndPoll = 500 * time.Millisecond
)

// EndOptions tune EndSessions.
type EndOptions struct {
	// Message is sent with client-kill: KillRestart or KillHalt ("" is the
	// daemon's default, RESTART).
	Message string
	// Wait bounds the wait for the sessions to leave "status 3"
	// (DefaultEndWait when zero).
	Wait time.Duration
	// Poll is the time between two status reads (500 ms when zero).
	Poll time.Duration
	// Progress, when set, receives each event as it happens.
	Progress func(EndEvent)
}

// EndEventKind says what an EndEvent reports.
type EndEventKind int

const (
	// EndKilled: client-kill was accepted for Session.
	EndKilled EndEventKind = iota + 1
	// EndAlreadyGone: client-kill found no such Client ID: Session left
	// after it was listed and before the kill.
	EndAlreadyGone
	// EndWaiting: a status read still lists Remaining killed sessions.
	EndWaiting
	// EndLeft: Session is no longer listed.
	EndLeft
	// EndReconnected: Session is new and has the common name of Ended.
	EndReconnected
)

// EndEvent is one step of EndSessions, for progress reports.
type EndEvent struct {
	Kind    EndEventKind
	Session Session
	// Ended is the killed session whose common name Session has
	// (EndReconnected only).
	Ended *Session
	// Elapsed is the time since the first client-kill was sent.
	Elapsed time.Duration
	// Remaining is the number of killed sessions still listed (EndWaiting).
	Remaining int
}

// Reconnection is a session that connected, with the common name of a
// session just ended, while EndSessions waited.
type Reconnection struct {
	Ended   Session
	Session Session
	// After is the time from the first client-kill to the first status
	// read that listed Session.
	After time.Duration
}

// EndReport is what EndSessions did and saw.
type EndReport struct {
	// Killed are the sessions whose client-kill was accepted.
	Killed []Session
	// AlreadyGone are the targets the daemon no longer knew at client-kill.
	AlreadyGone []Session
	// Left are the killed sessions seen leaving the list within the wait.
	Left []Session
	// StillListed are the killed sessions still listed when the wait ended.
	StillListed []Session
	// Reconnected are the new sessions with an ended session's common name.
	Reconnected []Reconnection
	// Polls counts the "status 3" reads made while waiting.
	Polls int
	// Waited is the time from the first client-kill to the last read.
	Waited time.Duration
}

// EndSessions ends each target with "client-kill CID MESSAGE" and waits,
// at most opts.Wait, until every killed session has left "status 3",
// reading it fresh (never from the read cache) every opts.Poll. listed is
// the status the targets were chosen from; new sessions are told apart
// from it. A target the daemon no longer knows is not an error (it left
// meanwhile).
//
// On an error the report holds what was done until then: a failed
// client-kill stops before the later targets, a failed status read stops
// the wait.
func (c *Client) EndSessions(ctx context.Context, listed, targets []Session, opts EndOptions) (*EndReport, error) {
	for _, s := range targets {
		if !s.HasClientID {
			return &EndReport{}, c.named(&ArgumentError{Command: "client-kill", Argument: "client ID",
				Reason: fmt.Sprintf("is missing for %q: releases before 2.4 print no Client ID, and a session can only be ended reliably by it", s.CommonName)})
		}
	}
	if opts.Wait <= 0 {
		opts.Wait = DefaultEndWait
	}
	if opts.Poll <= 0 {
		opts.Poll = defaultEndPoll
	}
	w := endWatch{opts: opts, start: time.Now(), report: &EndReport{}, known: map[uint64]bool{}}
	for _, s := range listed {
		w.known[s.ClientID] = true
	}
	for _, s := range targets {
		err := c.ClientKill(ctx, s.ClientID, opts.Message)
		switch {
		case err == nil:
			w.report.Killed = append(w.report.Killed, s)
			w.emit(EndEvent{Kind: EndKilled, Session: s})
		case errors.Is(err, ErrNotFound):
			w.report.AlreadyGone = append(w.report.AlreadyGone, s)
			w.emit(EndEvent{Kind: EndAlreadyGone, Session: s})
		default:
			return w.report, err
		}
	}
	return w.report, w.wait(ctx, c)
}

// endWatch is the state of one EndSessions wait.
type endWatch struct {
	opts   EndOptions
	start  time.Time
	report *EndReport
	known  map[uint64]bool // Client IDs listed before the kills, or already reported
}

func (w *endWatch) emit(ev EndEvent) {
	ev.Elapsed = time.Since(w.start)
	if w.opts.Progress != nil {
		w.opts.Progress(ev)
	}
}

// wait polls until every killed session has left or the wait is over.
func (w *endWatch) wait(ctx context.Context, c *Client) error {
	pending := append([]Session(nil), w.report.Killed...)
	deadline := w.start.Add(w.opts.Wait)
	for len(pending) > 0 {
		if err := sleepCtx(ctx, w.opts.Poll); err != nil {
			w.report.StillListed = pending
			return err
		}
		st, err := c.Status(Fresh(ctx))
		w.report.Polls++
		w.report.Waited = time.Since(w.start)
		if err != nil {
			w.report.StillListed = pending
			return err
		}
		pending = w.observe(st.Clients, st.UpdatedAt, pending)
		if len(pending) > 0 {
			w.emit(EndEvent{Kind: EndWaiting, Remaining: len(pending)})
		}
		if len(pending) > 0 && !time.Now().Add(w.opts.Poll).Before(deadline) {
			break
		}
	}
	w.report.StillListed = pending
	return nil
}

// observe records what one status read (made at `at`) shows and returns
// the killed sessions it still lists.
func (w *endWatch) observe(now []Session, at time.Time, pending []Session) []Session {
	listed := make(map[uint64]bool, len(now))
	for _, s := range now {
		listed[s.ClientID] = true
		// A session still negotiating has no common name yet: judge it
		// at a later read.
		if w.known[s.ClientID] || s.Negotiating(at) {
			continue
		}
		w.known[s.ClientID] = true
		if ended, ok := w.endedWithName(s.CommonName); ok {
			r := Reconnection{Ended: ended, Session: s, After: time.Since(w.start)}
			w.report.Reconnected = append(w.report.Reconnected, r)
			w.emit(EndEvent{Kind: EndReconnected, Session: s, Ended: &r.Ended})
		}
	}
	still := pending[:0]
	for _, s := range pending {
		if listed[s.ClientID] {
			still = append(still, s)
			continue
		}
		w.report.Left = append(w.report.Left, s)
		w.emit(EndEvent{Kind: EndLeft, Session: s})
	}
	return still
}

func (w *endWatch) endedWithName(cn string) (Session, bool) {
	for _, s := range w.report.Killed {
		if s.CommonName == cn {
			return s, true
		}
	}
	return Session{}, false
}

// sleepCtx waits d, or less if ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
