package management

import (
	"context"
	"errors"
)

// The gate: every command is checked against the capability table before
// it is sent (admit, called by run), and forms of a command that need more
// than the command itself are checked by the method that uses them
// (require). The release is known from the version read at connect. The
// mode is learned once per connection, at no extra round trip, from the
// first reply that states it: nothing every connection exchanges tells
// the modes apart (the banner, version and help replies of a client are
// byte for byte a server's: internal/testdata/transcripts/
// openvpn-client-2.6.14), but every status reply names its mode, and a
// daemon that is up refuses a command of the other mode with "not
// supported by the current daemon mode". Until then a mode-bound command
// is sent, and the daemon's refusal is reported as the same ModeError.

// admit refuses a command the daemon's release lacks, or one its mode
// (when known on this connection) does not answer. It connects if needed:
// the release comes with the connection. The caller holds c.mu.
func (c *Client) admit(ctx context.Context, line string, row Capability) error {
	if err := c.connect(ctx); err != nil {
		return err
	}
	if !row.In(*c.version) {
		return &ReleaseError{Command: line, What: row.name(), Since: row.Since, Before: row.Before,
			Release: c.version.Release, ManagementVersion: c.version.ManagementVersion}
	}
	if c.mode != "" && !row.AnsweredIn(c.mode) {
		return c.modeError(line, row, c.mode, false, "")
	}
	return nil
}

// require is admit for one form of a command, for the method about to
// send line.
func (c *Client) require(ctx context.Context, line, form string) error {
	row, ok := capabilityOf(commandWord(line), form)
	if !ok {
		return &UnlistedError{Command: line}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed != nil {
		return c.failed
	}
	c.stopIdle()
	defer c.armIdle()
	return c.admit(ctx, line, row)
}

func (c *Client) modeError(line string, row Capability, mode Mode, sent bool, reply string) *ModeError {
	release := ""
	if c.version != nil {
		release = c.version.Release
	}
	return &ModeError{Command: line, What: row.name(), Needs: row.Modes, Mode: mode, Release: release, Sent: sent, Reply: reply}
}

// learnMode keeps the mode a status reply states. The caller holds c.mu.
func (c *Client) learnMode(line string, lines []string) {
	if commandWord(line) != "status" || len(lines) == 0 || c.conn == nil {
		return
	}
	c.mode = statusReportMode(lines[0])
}

// statusReportMode is the mode the first line of a status reply states:
// the client/p2p report starts with its title, a server's with TITLE (v2,
// v3) or "OpenVPN CLIENT LIST" (v1).
func statusReportMode(first string) Mode {
	if first == clientStatsTitle {
		return ModeClient
	}
	return ModeServer
}

// refusedByMode turns the daemon's "not supported by the current daemon
// mode" into a ModeError when the command is one that only some modes
// answer and the daemon is up (explainWrongMode found no restart or
// hold), and keeps the mode it reveals for this connection. Other errors
// pass unchanged. The caller holds c.mu.
func (c *Client) refusedByMode(line string, row Capability, err error) error {
	var ce *CommandError
	if row.Modes == nil || !errors.As(err, &ce) || !errors.Is(err, ErrWrongMode) || c.conn == nil {
		return err
	}
	c.mode = otherMode(row.Modes)
	return c.modeError(line, row, c.mode, true, ce.Reply)
}
