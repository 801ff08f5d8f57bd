package management

import "time"

// State is one line of the state command or a >STATE: notification:
// unix_time,STATE,desc,tun_local_ipv4,remote_ip,remote_port,local_ip,local_port[,tun_local_ipv6]
// (before 2.4: time,STATE,desc,local,remote).
type State struct {
	Time        time.Time
	Name        string // CONNECTED, WAIT, RECONNECTING, ...
	Description string // SUCCESS/ERROR, the signal for RECONNECTING/EXITING, ...
	LocalIPv4   string // tun/tap local IPv4
	RemoteIP    string
	RemotePort  int // 0 when empty
	LocalIP     string
	LocalPort   int // 0 when empty
	LocalIPv6   string
}

// ParseState parses one state line (without the ">STATE:" prefix).
func ParseState(line string) (State, error) {
	panic("TODO")
}
