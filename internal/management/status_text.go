package management

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Reading a status report from text rather than from the live port: a
// --status file, or a "status 1|2|3" reply someone captured. Unlike a live
// reply, such text may be in any of the four layouts, may have lost its
// END, may use LF or CRLF, may carry real-time notifications a capture
// interleaved, and may have been copied while the daemon was rewriting it.

var (
	// ErrEmptyStatus: the text holds nothing but white space.
	ErrEmptyStatus = errors.New("empty status text")
	// ErrUnknownStatusFormat: the first line is none a status report starts with.
	ErrUnknownStatusFormat = errors.New("not an OpenVPN status report")
	// ErrTruncatedStatus: the text stops before the report's last section
	// and has no END (see TruncatedTextError).
	ErrTruncatedStatus = errors.New("status report truncated")
	// ErrAmbiguousRow: a version 2 row has more comma-separated fields than
	// its HEADER names, and the extra commas cannot be given back to the
	// common name or the username in exactly one way.
	ErrAmbiguousRow = errors.New("comma-separated row cannot be read in exactly one way")
)

// First lines of the layouts that have no row keyword.
const (
	clientStatsTitle = "OpenVPN STATISTICS"
	lastClientStat   = "Auth read bytes" // the last row every client-mode report prints (sig.c)
)

// TruncatedTextError is a status text that ends before its last section with
// no END: a file copied while the daemon rewrote it, or a capture cut short.
// A daemon also stops printing a management reply, END included, after a
// line of 512 bytes or more (status.c, STATUS_PRINTF_MAXLEN).
type TruncatedTextError struct {
	Version int // 1, 2 or 3; 0 for the client-mode report
	// Read says what was read, e.g. "3 client rows and 1 route row".
	Read string
	// Missing names what a complete report has next.
	Missing string
	// LastLine is the last complete line read, with its 1-based number.
	LastLine   string
	LastLineNo int
	// CutLine is a last line with no line break after it: most likely cut
	// in the middle, so it was not read. Empty when the text ends with one.
	CutLine string
	// Partial holds what was read.
	Partial *Status
}

func (e *TruncatedTextError) Error() string {
	msg := fmt.Sprintf("%s: %s ends after %s (last complete line %d: %q)", ErrTruncatedStatus, formatName(e.Version),
		e.Read, e.LastLineNo, replyExcerpt(e.LastLine))
	if e.CutLine != "" {
		msg += fmt.Sprintf(", then a line cut short with no line break: %q", replyExcerpt(e.CutLine))
	}
	return msg + "; a complete report goes on with " + e.Missing + " and END"
}

func (e *TruncatedTextError) Unwrap() error { return ErrTruncatedStatus }

func formatName(version int) string {
	if version == 0 {
		return "the client-mode report (" + clientStatsTitle + ")"
	}
	return fmt.Sprintf("the status version %d report", version)
}

// ParseStatusText reads a status report from text: server mode in version
// 1, 2 or 3, or the client-mode "OpenVPN STATISTICS" report, of any
// release from 2.1 to 2.7. version is 1, 2 or 3, or 0 for client mode.
//
// The text is held to the limits of a live status reply (MaxReplyBytes,
// MaxReplyLines, MaxReplyLineBytes); over one, the error is a
// *StatusTextLimitError and nothing is read.
//
// Lines may end in LF or CRLF; a leading byte order mark is dropped. Everything from a line "END" on is ignored
// (debug builds print rows after it). Without END, the text must reach the
// report's last section and end with a line break, else the error is a
// *TruncatedTextError saying what was read. Blank lines and interleaved
// real-time notifications (">CLIENT:ENV,...") are skipped.
//
// Times the daemon prints only as text, with no zone (every time of a
// version 1 report, the Updated row of a client-mode report), are read in
// loc. Versions 2 and 3 carry time_t columns, read as UTC.
func ParseStatusText(text string, loc *time.Location) (st *Status, version int, err error) {
	if err := checkStatusText(text); err != nil {
		return nil, 0, err
	}
	// An editor on Windows may have saved the file with a byte order mark.
	text = strings.TrimPrefix(text, "\uFEFF")
	if strings.TrimSpace(text) == "" {
		return nil, 0, ErrEmptyStatus
	}
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	ended := false
	for i, line := range lines {
		if line == "END" {
			lines, ended = lines[:i], true
			break
		}
	}
	var cut string
	if !ended {
		// The last element is what follows the last line break: "" when the
		// text ends with one, else a line that may have been cut.
		cut, lines = lines[len(lines)-1], lines[:len(lines)-1]
	}

	first := firstStatusLine(lines, cut)
	version, err = detectStatusVersion(first)
	if err != nil {
		return nil, 0, err
	}
	var complete bool
	switch version {
	case 0:
		st, err = parseClientStatus(lines[min(first.no, len(lines)):], loc) // the title may be the cut line
		complete = err == nil && hasStat(st.Statistics, lastClientStat)
	case 1:
		st, complete, err = parseStatusV1(lines, loc)
	case 2:
		st, err = parseServerStatus(lines, ',')
		complete = err == nil && len(st.GlobalStats) > 0
	case 3:
		st, err = parseServerStatus(lines, '\t')
		complete = err == nil && len(st.GlobalStats) > 0
	}
	if err != nil {
		return nil, version, err
	}
	// END closes a report whatever came before it, except in version 1,
	// whose three sections are always printed: END before GLOBAL STATS is
	// not the daemon's.
	if (ended && (complete || version != 1)) || (complete && cut == "") {
		return st, version, nil
	}
	return nil, version, truncated(st, version, lines, cut)
}

type statusLine struct {
	text string
	no   int // 1-based
}

// firstStatusLine is the first line that is neither blank nor a
// notification; cut stands in when there is no other.
func firstStatusLine(lines []string, cut string) statusLine {
	for i, line := range lines {
		if strings.TrimSpace(line) != "" && !isNotificationLine(line) {
			return statusLine{line, i + 1}
		}
	}
	return statusLine{cut, len(lines) + 1}
}

// detectStatusVersion tells the layout from the first line: a title line
// (version 1, client mode) or a row keyword followed by TAB (version 3) or
// a comma (version 2).
func detectStatusVersion(first statusLine) (int, error) {
	switch first.text {
	case clientStatsTitle:
		return 0, nil
	case v1Title:
		return 1, nil
	}
	if k, _, ok := strings.Cut(first.text, "\t"); ok && isStatusV3Keyword(k) {
		return 3, nil
	}
	if k, _, ok := strings.Cut(first.text, ","); ok && isStatusV3Keyword(k) {
		return 2, nil
	}
	return 0, fmt.Errorf("%w: line %d is %q; a status report starts with %q (version 1, the default), "+
		"TITLE and a comma (version 2), TITLE and a TAB (version 3), or %q (client mode)", ErrUnknownStatusFormat,
		first.no, replyExcerpt(first.text), v1Title, clientStatsTitle)
}

func truncated(st *Status, version int, lines []string, cut string) *TruncatedTextError {
	e := &TruncatedTextError{Version: version, CutLine: cut, Partial: st}
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) != "" {
			e.LastLine, e.LastLineNo = lines[i], i+1
			break
		}
	}
	switch version {
	case 0:
		e.Read = plural(len(st.Statistics), "statistics row")
		e.Missing = fmt.Sprintf("the %q row", lastClientStat)
	case 1:
		e.Read = plural(len(st.Clients), "client row") + " and " + plural(len(st.Routes), "route row")
		e.Missing = "the " + v1GlobalStats + " section"
	default:
		e.Read = plural(len(st.Clients), "CLIENT_LIST row") + " and " + plural(len(st.Routes), "ROUTING_TABLE row")
		e.Missing = "the GLOBAL_STATS rows"
	}
	return e
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func hasStat(stats []Stat, name string) bool {
	for _, s := range stats {
		if s.Name == name {
			return true
		}
	}
	return false
}

// isNotificationLine: a real-time message of the management interface,
// ">" then an upper-case word and a colon (">CLIENT:ENV,...", ">STATE:...").
func isNotificationLine(line string) bool {
	rest, ok := strings.CutPrefix(line, ">")
	if !ok {
		return false
	}
	word, _, ok := strings.Cut(rest, ":")
	if !ok || word == "" {
		return false
	}
	for _, r := range word {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_' && r != '-' {
			return false
		}
	}
	return true
}
