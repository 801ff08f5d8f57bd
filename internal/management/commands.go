package management

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// LoadStats is the reply to load-stats (server-wide link bytes).
type LoadStats struct {
	Clients  int
	BytesIn  uint64
	BytesOut uint64
}

// HoldInfo says whether the hold flag is set and whether the daemon is
// waiting for "hold release" right now (a >HOLD: line was seen on this
// connection and not released since).
type HoldInfo struct {
	Flag    bool
	Waiting bool
}

// Kill messages for ClientKill.
const (
	KillRestart = "RESTART" // the client reconnects (OpenVPN's default)
	KillHalt    = "HALT"    // the client exits and does not reconnect
)

// authRetryModes are the values auth-retry accepts. The encoder trusts
// this list, so it is not exported: AuthRetryModes hands out a copy.
var authRetryModes = []string{"none", "interact", "nointeract"}

// AuthRetryModes returns the values auth-retry accepts (a copy).
func AuthRetryModes() []string { return slices.Clone(authRetryModes) }

// Signals the signal command accepts (case-sensitive, manage.c man_signal).
const (
	SignalHUP  = "SIGHUP"  // restart and reread the config file
	SignalTERM = "SIGTERM" // exit
	SignalUSR1 = "SIGUSR1" // restart without rereading the config file
	SignalUSR2 = "SIGUSR2" // write statistics to the log
	SignalINT  = "SIGINT"  // exit, as SIGTERM
)

// signals is the encoder's allow-list for the signal command; Signals
// hands out a copy.
var signals = []string{SignalHUP, SignalTERM, SignalUSR1, SignalUSR2, SignalINT}

// Hold modes, the argument of the hold command.
const (
	holdOn      = "on"
	holdOff     = "off"
	holdRelease = "release"
)

// Limits on settable values.
const (
	MaxVerb = 15
	// MaxMute keeps mute inside the daemon's int (atoi).
	MaxMute = 1<<31 - 1
	// MaxHistory bounds a history count (state N, log N, echo N): the
	// daemon reads it into an int; a count above its ring's size returns
	// the whole ring, as "all" does.
	MaxHistory = 1<<31 - 1
	// StateHistorySize is how many state transitions the daemon keeps
	// (MANAGEMENT_STATE_BUFFER_SIZE, manage.h): "state N" returns at most
	// this many.
	StateHistorySize = 100
	// MaxClientID is the largest client ID client-kill accepts: the daemon
	// numbers sessions with an unsigned counter from 0, printed in
	// status 2/3 as "Client ID".
	MaxClientID = 1<<32 - 1
)

// Version returns the daemon's release and management version. Every new
// connection asks for it first (it also proves the peer is OpenVPN), and
// it cannot change while connected, so this costs no extra round trip.
func (c *Client) Version(ctx context.Context) (Version, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed != nil {
		return Version{}, c.named(c.failed)
	}
	c.stopIdle()
	defer c.armIdle()
	if err := c.connect(ctx); err != nil {
		return Version{}, c.named(err)
	}
	return *c.version, nil
}

// Status asks for "status 3": always version 3, whatever the daemon's
// --status-version, because only the TAB-separated form is unambiguous
// (a common name may contain commas).
func (c *Client) Status(ctx context.Context) (*Status, error) {
	lines, err := c.run(ctx, command{line: "status 3", reply: replyMulti, marked: true})
	if err != nil {
		return nil, err
	}
	st, err := ParseStatus(lines)
	if err != nil {
		return nil, c.named(errorf("status 3", err))
	}
	return st, nil
}

// State returns the daemon's current state.
func (c *Client) State(ctx context.Context) (State, error) {
	lines, err := c.run(ctx, command{line: "state", reply: replyMulti})
	if err != nil {
		return State{}, err
	}
	if len(lines) != 1 {
		return State{}, c.named(errorf("state", fmt.Errorf("%w: %d lines, want 1", ErrProtocol, len(lines))))
	}
	s, err := ParseState(lines[0])
	if err != nil {
		return State{}, c.named(errorf("state", err))
	}
	return s, nil
}

// StateHistory returns the last n state transitions, oldest first (n = 0: all).
func (c *Client) StateHistory(ctx context.Context, n int) ([]State, error) {
	lines, err := c.history(ctx, "state", n)
	if err != nil {
		return nil, c.named(err)
	}
	states, err := parseEach(lines, "state", ParseState)
	return states, c.named(err)
}

// Log returns the last n lines of the daemon's log cache, oldest first (n = 0: all).
func (c *Client) Log(ctx context.Context, n int) ([]LogLine, error) {
	lines, err := c.history(ctx, "log", n)
	if err != nil {
		return nil, c.named(err)
	}
	log, err := parseEach(lines, "log", ParseLogLine)
	return log, c.named(err)
}

func (c *Client) history(ctx context.Context, name string, n int) ([]string, error) {
	arg := Word("count", "all", "all")
	if n < 0 {
		return nil, &ArgumentError{Command: name, Argument: "count", Reason: fmt.Sprintf("%d is negative; use 0 for all", n)}
	}
	if n > 0 {
		arg = Uint("count", uint64(n), 1, MaxHistory)
	}
	cmd, err := build(replyMulti, false, name, arg)
	if err != nil {
		return nil, err
	}
	return c.run(ctx, cmd)
}

func parseEach[T any](lines []string, name string, parse func(string) (T, error)) ([]T, error) {
	out := make([]T, 0, len(lines))
	for _, l := range lines {
		v, err := parse(l)
		if err != nil {
			return nil, errorf(name, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// Verb returns the log verbosity.
func (c *Client) Verb(ctx context.Context) (int, error) {
	v, err := c.getInt(ctx, "verb", "verb")
	return v, c.named(err)
}

// SetVerb sets the log verbosity (0..15).
func (c *Client) SetVerb(ctx context.Context, level int) error {
	return c.named(c.setLevel(ctx, "verb", level, MaxVerb))
}

// Mute returns the mute level (repeated-message limit).
func (c *Client) Mute(ctx context.Context) (int, error) {
	v, err := c.getInt(ctx, "mute", "mute")
	return v, c.named(err)
}

// SetMute sets the mute level (>= 0).
func (c *Client) SetMute(ctx context.Context, level int) error {
	return c.named(c.setLevel(ctx, "mute", level, MaxMute))
}

func (c *Client) setLevel(ctx context.Context, name string, level, maxLevel int) error {
	if level < 0 {
		return &ArgumentError{Command: name, Argument: "level", Reason: fmt.Sprintf("%d is out of range 0..%d", level, maxLevel)}
	}
	cmd, err := build(replySingle, true, name, Uint("level", uint64(level), 0, uint64(maxLevel)))
	if err != nil {
		return err
	}
	_, err = c.run(ctx, cmd)
	return err
}

// getInt reads "SUCCESS: key=N".
func (c *Client) getInt(ctx context.Context, name, key string) (int, error) {
	v, err := c.getValue(ctx, name, key)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, errorf(name, fmt.Errorf("%w: %s=%q is not a number", ErrProtocol, key, v))
	}
	return n, nil
}

// getValue sends a bare query command and returns the value of "SUCCESS: key=value".
func (c *Client) getValue(ctx context.Context, name, key string) (string, error) {
	lines, err := c.run(ctx, command{line: name, reply: replySingle})
	if err != nil {
		return "", err
	}
	v, ok := strings.CutPrefix(lines[0], key+"=")
	if !ok {
		return "", errorf(name, fmt.Errorf("%w: %q, want %s=…", ErrProtocol, replyExcerpt(lines[0]), key))
	}
	return v, nil
}

// AuthRetry returns the auth-retry mode: none, interact or nointeract.
func (c *Client) AuthRetry(ctx context.Context) (string, error) {
	v, err := c.getValue(ctx, "auth-retry", "auth-retry")
	return v, c.named(err)
}

// SetAuthRetry sets the auth-retry mode.
func (c *Client) SetAuthRetry(ctx context.Context, mode string) error {
	cmd, err := build(replySingle, true, "auth-retry", Word("mode", mode, authRetryModes...))
	if err != nil {
		return c.named(err)
	}
	_, err = c.run(ctx, cmd)
	return err
}

// Hold returns the hold flag and whether the daemon is waiting in hold now.
// Behind a proxy that answers hold itself it fails with ErrHoldIntercepted.
func (c *Client) Hold(ctx context.Context) (HoldInfo, error) {
	flag, err := c.holdFlag(ctx)
	if err != nil {
		return HoldInfo{}, c.named(err)
	}
	c.mu.Lock()
	waiting := c.events.holdWaiting
	c.mu.Unlock()
	return HoldInfo{Flag: flag, Waiting: waiting}, nil
}

// SetHold sets the hold flag (hold on / hold off). Behind a proxy that
// answers hold itself it fails with ErrHoldIntercepted before sending it.
func (c *Client) SetHold(ctx context.Context, on bool) error {
	mode := holdOff
	if on {
		mode = holdOn
	}
	cmd, err := build(replySingle, true, "hold", Word("mode", mode, holdOn, holdOff))
	if err != nil {
		return c.named(err)
	}
	if err := c.holdWritable(ctx); err != nil {
		return c.named(err)
	}
	_, err = c.run(ctx, cmd)
	return err
}

// HoldRelease lets a daemon waiting in hold go on. Behind a proxy that
// answers hold itself it fails with ErrHoldIntercepted before sending it.
func (c *Client) HoldRelease(ctx context.Context) error {
	cmd, err := build(replySingle, true, "hold", Word("mode", holdRelease, holdRelease))
	if err != nil {
		return c.named(err)
	}
	if err := c.holdWritable(ctx); err != nil {
		return c.named(err)
	}
	if _, err := c.run(ctx, cmd); err != nil {
		return err
	}
	c.mu.Lock()
	c.events.holdWaiting = false
	c.mu.Unlock()
	return nil
}

// ClientKill ends the session with the given Client ID, sending message
// (KillRestart, KillHalt, or "" for the daemon's default RESTART) to the
// client. The daemon finds it by ID, so this works for any common name and
// any address family.
func (c *Client) ClientKill(ctx context.Context, clientID uint64, message string) error {
	args := []Arg{Uint("client ID", clientID, 0, MaxClientID)}
	if message != "" {
		args = append(args, Word("message", message, KillRestart, KillHalt))
	}
	cmd, err := build(replySingle, true, "client-kill", args...)
	if err != nil {
		return c.named(err)
	}
	_, err = c.run(ctx, cmd)
	return err
}

// Signal sends a signal to the daemon. After SIGTERM or SIGINT it exits,
// so the connection is closed.
func (c *Client) Signal(ctx context.Context, signal string) error {
	cmd, err := build(replySingle, true, "signal", Word("signal", signal, signals...))
	if err != nil {
		return c.named(err)
	}
	cmd.closes = signal == SignalTERM || signal == SignalINT
	_, err = c.run(ctx, cmd)
	return err
}

// PID returns the daemon's process ID.
func (c *Client) PID(ctx context.Context) (int, error) {
	v, err := c.getInt(ctx, "pid", "pid")
	return v, c.named(err)
}

// LoadStats returns the server-wide client count and link bytes.
func (c *Client) LoadStats(ctx context.Context) (LoadStats, error) {
	lines, err := c.run(ctx, command{line: "load-stats", reply: replySingle})
	if err != nil {
		return LoadStats{}, err
	}
	var ls LoadStats
	seen := 0
	for _, kv := range strings.Split(lines[0], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, perr := strconv.ParseUint(v, 10, 64)
		if perr != nil {
			continue
		}
		switch k {
		case "nclients":
			ls.Clients, seen = int(n), seen+1
		case "bytesin":
			ls.BytesIn, seen = n, seen+1
		case "bytesout":
			ls.BytesOut, seen = n, seen+1
		}
	}
	if seen != 3 {
		return LoadStats{}, c.named(errorf("load-stats", fmt.Errorf("%w: %q", ErrProtocol, replyExcerpt(lines[0]))))
	}
	return ls, nil
}
