package provider

import (
	"errors"
	"strconv"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// statusTextErrorMessage is the parse_status error: what the parser found,
// then what to do about it. Terraform ends the message with a period.
func statusTextErrorMessage(err error) string {
	hint := ""
	switch {
	case errors.Is(err, management.ErrEmptyStatus):
		hint = "Check the path given to file(), and that the daemon has written the file yet: --status FILE [seconds] " +
			"rewrites it every 60 seconds unless told otherwise"
	case errors.Is(err, management.ErrUnknownStatusFormat):
		hint = "Pass the whole status file, or the whole captured reply to status 1, status 2 or status 3"
	case errors.Is(err, management.ErrTruncatedStatus):
		hint = "The daemon rewrites its status file in place; a copy taken meanwhile can be cut short. Copy it again. " +
			"A management reply also stops, END included, after a line of " + strconv.Itoa(management.StatusLineLimit) + " bytes or more"
	case errors.Is(err, management.ErrAmbiguousRow):
		hint = "Have the daemon write status version 3 (--status-version 3), or capture status 3: its TAB separator " +
			"never occurs inside a name"
	case errors.Is(err, management.ErrProtocol):
		hint = "The text is not laid out as OpenVPN prints a status report: it may have been edited or joined from parts"
	}
	msg := err.Error()
	if hint != "" {
		msg += "\n\n" + hint
	}
	return msg
}
