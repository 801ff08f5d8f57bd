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
	// later ones connected but unanswered until the first one leaves.
	ErrBusy = errors.New("management interface busy: another management client is probably connected")
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
	if hint := hintFor(e.Cause); hint != "" {
		msg += "; " + hint
	}
	return msg
}

func (e *CommandError) Unwrap() error { return e.Cause }

// hintFor says what an operator can do about a typed failure.
func hintFor(cause error) string {
	switch {
	case cause == nil:
		return ""
	case errors.Is(cause, ErrWrongMode):
		return "the daemon runs in a mode (server or client) that does not offer this command"
	case errors.Is(cause, ErrNotFound):
		return "check the selector against the daemon's current status"
	}
	return ""
}

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
