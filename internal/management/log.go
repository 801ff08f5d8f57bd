package management

import (
	"fmt"
	"strings"
	"time"
)

// LogLine is one line of "log N|all" or a >LOG: notification: unix_time,FLAGS,message.
type LogLine struct {
	Time time.Time
	// Flags is a string of I, F, N, W, D; often empty.
	Flags   string
	Message string // may contain commas
}

// ParseLogLine parses one log line (without the ">LOG:" prefix). The
// message is free text and may contain commas, so the line is cut at its
// first two commas only. FLAGS (msg_flags_string, error.c) is often
// empty: "I" is printed only when the flags are exactly M_INFO, and most
// messages carry other bits but none of F, N, W, D.
func ParseLogLine(line string) (LogLine, error) {
	line = strings.TrimSuffix(line, "\r")
	ts, rest, ok1 := strings.Cut(line, ",")
	flags, msg, ok2 := strings.Cut(rest, ",")
	if !ok1 || !ok2 {
		return LogLine{}, fmt.Errorf("%w: log line %q: want time,flags,message", ErrProtocol, replyExcerpt(line))
	}
	t, ok := parseUnixSeconds(ts)
	if !ok {
		return LogLine{}, fmt.Errorf("%w: log line %q: time %q is not a number", ErrProtocol, replyExcerpt(line), replyExcerpt(ts))
	}
	return LogLine{Time: t, Flags: flags, Message: msg}, nil
}
