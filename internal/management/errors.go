package management

import (
	"errors"
	"fmt"
	"strings"
)

// Errors a caller can test for with errors.Is. Each is wrapped with the
// address, command or server reply it concerns.
var (
	// ErrRefused: nothing listens at the address (TCP RST or no socket file).
	ErrRefused = errors.New("connection refused")
	// ErrBusy: the connection was accepted but no banner came within the
	// deadline. OpenVPN serves one management client at a time and leaves
	// later ones connected but unanswered until the first one leaves; a
	// stopped daemon (SIGSTOP, a hung script) looks the same from here,
	// because the kernel accepts the connection on its behalf.
	ErrBusy = errors.New("management interface busy: the connection was accepted but no banner came")
	// ErrBadPassword: the daemon asked for the password again, or closed
	// the connection, after the password was sent.
	ErrBadPassword = errors.New("management password rejected")
	// ErrPasswordRequired: the daemon asked for a password and none is configured.
	ErrPasswordRequired = errors.New("management password required but none configured")
	// ErrTimeout: a network step passed its deadline.
	ErrTimeout = errors.New("timed out")
	// ErrClosed: the daemon closed the connection.
	ErrClosed = errors.New("connection closed by the daemon")
	// ErrWrongMode: the command is not supported in the daemon's current
	// mode (for example kill on a client, status clients on a client).
	ErrWrongMode = errors.New("not supported by the daemon's current mode")
	// ErrInvalidArgument: an argument was refused before anything was sent.
	ErrInvalidArgument = errors.New("invalid argument")
	// ErrNotFound: the daemon found nothing to act on (kill of an unknown
	// common name or address, client-kill of an unknown client ID).
	ErrNotFound = errors.New("not found")
	// ErrProtocol: the reply did not have the shape this client expects.
	ErrProtocol = errors.New("unexpected reply")
	// ErrPermission: the operating system refused to connect to the unix
	// socket (no write permission on it, or no search permission on a
	// directory above it). Nothing was sent.
	ErrPermission = errors.New("permission denied on the management socket; nothing was sent")
	// ErrClosedOnConnect: the peer accepted the connection and closed it
	// before saying a word, as the daemon does to a unix-socket peer that
	// --management-client-user or --management-client-group does not allow.
	ErrClosedOnConnect = errors.New("connection closed by the daemon before the banner")
	// ErrRestarting: a command the daemon normally offers is refused
	// because the daemon is between two instances (after SIGHUP or
	// SIGUSR1, or still starting): it answers "not supported by the
	// current daemon mode" until it is up again.
	ErrRestarting = errors.New("daemon is restarting")
	// ErrHoldWaiting: the daemon waits in hold (--management-hold, or
	// hold on and then a restart) and offers no server commands until a
	// management client sends "hold release".
	ErrHoldWaiting = errors.New("daemon is waiting in hold")
	// ErrUnendedBehindProxy: a reply began and never ended, on a
	// connection where a proxy in front of the daemon swallowed the end
	// marker, so a reply the daemon cut short cannot be told from a daemon
	// that stopped. It comes with ErrTimeout.
	ErrUnendedBehindProxy = errors.New("no END, and the end marker (pid) got no answer earlier on this connection")
	// ErrTruncated: a reply stopped without its END (see TruncatedError).
	ErrTruncated = errors.New("reply truncated by the daemon")
	// ErrTooLarge: the peer sent more than a reply limit allows (see
	// LimitError); the connection was dropped.
	ErrTooLarge = errors.New("reply exceeds a size limit")
)

// CommandError is an ERROR: reply (or a malformed reply) to a command.
// It names the command, carries the daemon's words and, where known, a
// typed cause (ErrWrongMode, ErrNotFound, ...) for errors.Is.
type CommandError struct {
	Command string   // the command name and arguments, as sent (never a password)
	Reply   string   // the daemon's ERROR text without the "ERROR: " prefix
	Detail  []string // unprefixed lines the daemon printed before the ERROR line
	Cause   error    // typed cause, or nil
}

func (e *CommandError) Error() string {
	msg := fmt.Sprintf("openvpn management command %q failed: %s", e.Command, e.Reply)
	if len(e.Detail) > 0 {
		msg += " (" + strings.Join(e.Detail, "; ") + ")"
	}
	// The daemon's words already say "not supported" or "not found"; a
	// cause found by asking further (restarting, in hold) is added.
	if e.Cause != nil && e.Cause != ErrWrongMode && e.Cause != ErrNotFound && e.Cause != ErrTimeout {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *CommandError) Unwrap() error { return e.Cause }

// TruncatedError: the daemon stopped a multi-line reply without its END
// and went on to the next command. OpenVPN formats each status line in a
// 512-byte buffer (STATUS_PRINTF_MAXLEN, status.c); a line that does not
// fit (a very long username or common name) is dropped together with
// every later line and the END. OpenVPN 2.7 with DCO answers status with
// nothing at all when fetching the peers' statistics fails.
type TruncatedError struct {
	Command string // the command, as sent
	Lines   int    // how many lines came before the reply stopped
}

func (e *TruncatedError) Error() string {
	if e.Lines == 0 {
		return fmt.Sprintf("openvpn management command %q: %v: no reply at all (the next command was answered instead)", e.Command, ErrTruncated)
	}
	return fmt.Sprintf("openvpn management command %q: %v: the reply stopped after %d lines without END (the next command was answered instead); the daemon drops the rest of a status reply at the first line of %d bytes or more", e.Command, ErrTruncated, e.Lines, StatusLineLimit)
}

func (e *TruncatedError) Unwrap() error { return ErrTruncated }

// LimitError: the peer sent more than one of the reply limits allows
// (MaxReplyLineBytes, MaxReplyBytes, MaxReplyLines). The client stops
// reading at the limit and drops the connection.
type LimitError struct {
	Command string // the command in flight, or "" while connecting
	Limit   string // which limit: "line length", "reply size", "reply lines"
	Max     int64  // the limit
	Unit    string // "bytes" or "lines"
	Read    int64  // bytes read from the peer for this reply before giving up
}

func (e *LimitError) Error() string {
	what := "handshake"
	if e.Command != "" {
		what = fmt.Sprintf("command %q", e.Command)
	}
	return fmt.Sprintf("openvpn management %s: %v: %s over %d %s after %d bytes read; connection dropped", what, ErrTooLarge, e.Limit, e.Max, e.Unit, e.Read)
}

func (e *LimitError) Unwrap() error { return ErrTooLarge }

// ArgumentError reports an argument refused by the encoder. Nothing was sent.
type ArgumentError struct {
	Command  string // the command being built
	Argument string // which argument: "common name", "message", "level", ...
	Reason   string // why, in the operator's words
}

func (e *ArgumentError) Error() string {
	return fmt.Sprintf("openvpn management command %q: %s %s; nothing was sent", e.Command, e.Argument, e.Reason)
}

func (e *ArgumentError) Unwrap() error { return ErrInvalidArgument }
