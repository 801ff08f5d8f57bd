package management

import (
	"fmt"
	"strings"
	"time"
)

// State names the provider acts on (manage.c state_name); the daemon has
// more (CONNECTING, WAIT, AUTH, GET_CONFIG, ASSIGN_IP, ADD_ROUTES,
// RECONNECTING, RESOLVE, TCP_CONNECT, AUTH_PENDING).
const (
	StateConnected = "CONNECTED"
	StateExiting   = "EXITING"
)

// Connected reports whether the daemon is up (state CONNECTED).
func (s State) Connected() bool { return s.Name == StateConnected }

// Exiting reports whether the daemon is shutting down (state EXITING).
func (s State) Exiting() bool { return s.Name == StateExiting }

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
//
// log_entry_print (manage.c) writes the fields in a fixed order. Since 2.4
// the remote and local sockets are each "ip,port", or two empty fields when
// undefined, and the tun IPv6 address is appended only when one is set.
// No field can hold a comma (IPv6 addresses have colons only), so the line
// is split on every comma. Fields a later release might append are ignored.
func ParseState(line string) (State, error) {
	line = strings.TrimSuffix(line, "\r")
	f := strings.Split(line, ",")
	if len(f) < 5 {
		return State{}, fmt.Errorf("%w: state line %q has %d fields, want at least 5", ErrProtocol, replyExcerpt(line), len(f))
	}
	t, ok := parseUnixSeconds(f[0])
	if !ok {
		return State{}, fmt.Errorf("%w: state line %q: time %q is not a number", ErrProtocol, replyExcerpt(line), replyExcerpt(f[0]))
	}
	// Before 2.4 the line ends here: time,STATE,desc,local,remote, the
	// remote printed without a port (2.3's log_entry_print).
	s := State{Time: t, Name: f[1], Description: f[2], LocalIPv4: f[3], RemoteIP: f[4]}
	s.LocalIP = stateField(f, 6)
	s.LocalIPv6 = stateField(f, 8)
	for _, p := range []struct {
		field int
		port  *int
	}{{5, &s.RemotePort}, {7, &s.LocalPort}} {
		n, ok := parsePort(stateField(f, p.field))
		if !ok {
			return State{}, fmt.Errorf("%w: state line %q: port %q is not a number", ErrProtocol, replyExcerpt(line), replyExcerpt(f[p.field]))
		}
		*p.port = n
	}
	return s, nil
}

// stateField returns field i, or "" when the line is shorter.
func stateField(f []string, i int) string {
	if i < len(f) {
		return f[i]
	}
	return ""
}
