package management

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Small helpers shared by the reply parsers (status, state, log, echo).

// splitFields splits a status row on sep (TAB in version 3, comma in
// version 2) into buf, reusing its storage, so that parsing thousands of
// rows does not allocate a slice per row. The fields are substrings of line.
func splitFields(line string, sep byte, buf []string) []string {
	buf = buf[:0]
	for {
		i := strings.IndexByte(line, sep)
		if i < 0 {
			return append(buf, line)
		}
		buf = append(buf, line[:i])
		line = line[i+1:]
	}
}

// parseUnixSeconds reads a time_t the daemon printed with "%u" (status
// "(time_t)" columns, the TIME row, state/log/echo lines) as a UTC time.
// Only plain decimal digits are accepted, as the daemon prints nothing else.
func parseUnixSeconds(s string) (time.Time, bool) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > math.MaxInt64 {
		return time.Time{}, false
	}
	return time.Unix(int64(n), 0).UTC(), true
}

// parsePort reads a port number; an empty field (the daemon prints one
// when a socket is undefined) is port 0.
func parsePort(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil {
		return 0, false
	}
	return int(n), true
}

// replyExcerpt shortens a reply line for an error message: enough to
// recognise it, without pasting a whole status row into a diagnostic.
func replyExcerpt(s string) string {
	const limit = 80
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
