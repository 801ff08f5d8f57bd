package management

import "time"

// LogLine is one line of "log N|all" or a >LOG: notification: unix_time,FLAGS,message.
type LogLine struct {
	Time time.Time
	// Flags is a string of I, F, N, W, D; often empty.
	Flags   string
	Message string // may contain commas
}

// EchoLine is one line of "echo N|all" or an >ECHO: notification: unix_time,string.
type EchoLine struct {
	Time time.Time
	Text string
}

// ParseLogLine parses one log line (without the ">LOG:" prefix).
func ParseLogLine(line string) (LogLine, error) {
	panic("TODO")
}

// ParseEchoLine parses one echo line (without the ">ECHO:" prefix).
func ParseEchoLine(line string) (EchoLine, error) {
	panic("TODO")
}
