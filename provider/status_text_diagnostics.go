package provider

import (
	"errors"
	"fmt"
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
	case errors.Is(err, management.ErrStatusTextTooLarge):
		hint = "parse_status reads no more than a live status reply may hold. The daemon's status lines stay under " +
			strconv.Itoa(management.StatusLineLimit) + " bytes and a status of 100,000 sessions is about 20 MB: check that " +
			"the argument is the status file, not a log or another file. " + keepTheRowsHint
	case errors.Is(err, management.ErrProtocol):
		hint = "The text is not laid out as OpenVPN prints a status report: it may have been edited or joined from parts"
	}
	msg := err.Error()
	if hint != "" {
		msg += "\n\n" + hint
	}
	return msg
}

// keepTheRowsHint is what to do with a status too large to audit whole.
const keepTheRowsHint = "For a status this large, audit only the rows you need: in version 2 or 3, keep the TITLE, TIME " +
	"and HEADER rows, those rows and END (for example grep -E '^(TITLE|TIME|HEADER|CLIENT_LIST|END)')"

// resultTooLargeMessage is the parse_status error for a text whose result
// would not reach Terraform.
func resultTooLargeMessage(textBytes, sessions, routes, limit int) string {
	return fmt.Sprintf("the result for this status text (%d bytes: %d sessions, %d routes) would take more than %d bytes, "+
		"over the 256 MiB a function result can carry back to Terraform (one plugin-protocol message); nothing was returned",
		textBytes, sessions, routes, limit) + "\n\n" + keepTheRowsHint
}
