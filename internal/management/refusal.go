package management

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotInRelease: the daemon's release does not have the command (it
// came later, or was dropped). See ReleaseError.
var ErrNotInRelease = errors.New("not offered by the daemon's release")

// ReleaseError: a command was refused before sending because the daemon's
// release (read at connect) does not have it. Nothing was sent.
type ReleaseError struct {
	Command string // the command as it would have been sent
	What    string // the command word and form, as the capability table names it
	// Since is the first release with it; Before the first without it
	// (zero when not so).
	Since, Before Release
	// Release and ManagementVersion are the daemon's.
	Release           string
	ManagementVersion int
}

func (e *ReleaseError) Error() string {
	when := ""
	switch {
	case !e.Since.isZero():
		when = fmt.Sprintf("it came with OpenVPN %s", e.Since)
	case !e.Before.isZero():
		when = fmt.Sprintf("OpenVPN %s dropped it", e.Before)
	}
	return fmt.Sprintf("openvpn management command %q: %s is not in OpenVPN %s (management version %d): %s; nothing was sent",
		e.Command, e.What, e.Release, e.ManagementVersion, when)
}

func (e *ReleaseError) Unwrap() error { return ErrNotInRelease }

// ModeError: a command needs a daemon mode other than the daemon's.
// Either the mode was known on this connection and nothing was sent
// (Sent false), or the daemon refused the command with "not supported by
// the current daemon mode" while it was up (Sent true, Reply its words).
type ModeError struct {
	Command string // the command, as sent or as it would have been sent
	What    string // the command word and form, as the capability table names it
	Needs   []Mode // the modes that answer it
	Mode    Mode   // the daemon's
	Release string // the daemon's release
	Sent    bool
	Reply   string // the daemon's ERROR text when Sent
}

func (e *ModeError) Error() string {
	needs := make([]string, len(e.Needs))
	for i, m := range e.Needs {
		needs[i] = string(m)
	}
	msg := fmt.Sprintf("openvpn management command %q: %s needs a daemon in %s mode; the daemon (OpenVPN %s) runs in %s mode",
		e.Command, e.What, strings.Join(needs, " or "), e.Release, e.Mode)
	if e.Sent {
		return msg + fmt.Sprintf(" (it answered %q)", e.Reply)
	}
	return msg + "; nothing was sent"
}

func (e *ModeError) Unwrap() error { return ErrWrongMode }

// UnlistedError: a command without a row in the capability table. The
// client never sends one; meeting this is a bug in the client.
type UnlistedError struct {
	Command string
}

func (e *UnlistedError) Error() string {
	return fmt.Sprintf("openvpn management command %q: %q has no row in the capability table (capabilities.go); nothing was sent", e.Command, commandWord(e.Command))
}
