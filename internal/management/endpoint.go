package management

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// endpoint is where the daemon's management interface is dialled: the
// operator's address (Config.Address), parsed into a network for
// net.Dial and a target. (A peer's address in the status is Address.)
type endpoint struct {
	network string // "tcp", "unix" or "tls" (TCP wrapped in TLS by Config.Dial)
	target  string // "host:port" or a socket path
}

func (a endpoint) String() string {
	return a.network + "://" + a.target
}

// parseEndpoint accepts the forms an operator writes: tcp://host:port,
// host:port, unix:///path, a bare absolute path, and tls://host:port for a
// port behind a TLS terminator (stunnel).
func parseEndpoint(s string) (endpoint, error) {
	switch {
	case s == "":
		return endpoint{}, errors.New("management address is empty")
	case strings.HasPrefix(s, "unix://"):
		p := strings.TrimPrefix(s, "unix://")
		if !strings.HasPrefix(p, "/") {
			return endpoint{}, fmt.Errorf("management address %q: the unix socket path is not absolute", s)
		}
		return endpoint{network: "unix", target: p}, nil
	case strings.HasPrefix(s, "/"):
		return endpoint{network: "unix", target: s}, nil
	case strings.HasPrefix(s, "tcp://"):
		return parseHostPort(s, strings.TrimPrefix(s, "tcp://"))
	case strings.HasPrefix(s, "tls://"):
		a, err := parseHostPort(s, strings.TrimPrefix(s, "tls://"))
		a.network = "tls"
		return a, err
	case strings.Contains(s, "://"):
		scheme, _, _ := strings.Cut(s, "://")
		return endpoint{}, fmt.Errorf("management address %q: unknown scheme %q", s, scheme)
	default:
		return parseHostPort(s, s)
	}
}

func parseHostPort(orig, hp string) (endpoint, error) {
	host, port, err := net.SplitHostPort(hp)
	if err != nil {
		return endpoint{}, fmt.Errorf("management address %q: %v", orig, err)
	}
	if host == "" {
		return endpoint{}, fmt.Errorf("management address %q: host is empty", orig)
	}
	if strings.ContainsAny(hp, "/?#") {
		return endpoint{}, fmt.Errorf("management address %q: unexpected path or query after the port", orig)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return endpoint{}, fmt.Errorf("management address %q: port %q is not a number from 1 to 65535", orig, port)
	}
	return endpoint{network: "tcp", target: net.JoinHostPort(host, port)}, nil
}

// ValidateAddress reports whether s is a management address this client
// can dial, with an error that says what is wrong with it.
func ValidateAddress(s string) error {
	_, err := parseEndpoint(s)
	return err
}
