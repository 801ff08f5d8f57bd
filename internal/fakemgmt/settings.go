package fakemgmt

import (
	"fmt"
	"strings"
	"sync"
)

// Settings are the daemon-wide values behind `verb`, `mute`, `auth-retry` and
// `hold`. Like the real daemon's they outlive a management connection, so a
// test can change them over one connection and read them back with the
// getters (for example after `terraform apply`).
type Settings struct {
	mu        sync.Mutex
	verb      int
	mute      int
	authRetry string
	hold      bool
}

// NewSettings returns settings with the given starting values. A 2.6 server
// started with --verb 3 and no --management-hold is NewSettings(3, 0, "none", false).
func NewSettings(verb, mute int, authRetry string, hold bool) *Settings {
	return &Settings{verb: verb, mute: mute, authRetry: authRetry, hold: hold}
}

func (s *Settings) Verb() int         { s.mu.Lock(); defer s.mu.Unlock(); return s.verb }
func (s *Settings) Mute() int         { s.mu.Lock(); defer s.mu.Unlock(); return s.mute }
func (s *Settings) AuthRetry() string { s.mu.Lock(); defer s.mu.Unlock(); return s.authRetry }
func (s *Settings) Hold() bool        { s.mu.Lock(); defer s.mu.Unlock(); return s.hold }

// Command answers line if it is one of the settings commands, with the 2.6
// replies (manage.c man_dispatch_command, man_hold; error.c set_debug_level,
// set_mute_cutoff; options.c auth_retry_set), and reports whether it was.
// Arguments beyond the first are ignored, as the daemon ignores them.
func (s *Settings) Command(c *Conn, line string) bool {
	f := tokens(line)
	if len(f) == 0 {
		return false
	}
	arg, set := "", len(f) > 1
	if set {
		arg = f[1]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch f[0] {
	case "verb":
		switch n := atoi(arg); {
		case !set:
			c.Send(fmt.Sprintf("SUCCESS: verb=%d\r\n", s.verb))
		case n < 0 || n > 15:
			c.Send("ERROR: verb level is out of range\r\n")
		default:
			s.verb = n
			c.Send("SUCCESS: verb level changed\r\n")
		}
	case "mute":
		switch n := atoi(arg); {
		case !set:
			c.Send(fmt.Sprintf("SUCCESS: mute=%d\r\n", s.mute))
		case n < 0:
			c.Send("ERROR: mute level is out of range\r\n")
		default:
			s.mute = n
			c.Send("SUCCESS: mute level changed\r\n")
		}
	case "auth-retry":
		switch arg {
		case "":
			c.Send("SUCCESS: auth-retry=" + s.authRetry + "\r\n")
		case "none", "interact", "nointeract":
			s.authRetry = arg
			c.Send("SUCCESS: auth-retry parameter changed\r\n")
		default:
			// auth_retry_set prints its complaint with msg(M_CLIENT), so it
			// reaches the socket unprefixed before the ERROR line.
			c.Send("--auth-retry method must be 'interact', 'nointeract', or 'none'\r\nERROR: bad auth-retry parameter\r\n")
		}
	case "hold":
		switch arg {
		case "":
			c.Send(fmt.Sprintf("SUCCESS: hold=%d\r\n", b2i(s.hold)))
		case "on":
			s.hold = true
			c.Send("SUCCESS: hold flag set to ON\r\n")
		case "off":
			s.hold = false
			c.Send("SUCCESS: hold flag set to OFF\r\n")
		case "release":
			// Releasing does not clear the flag: a later restart holds again.
			c.Send("SUCCESS: hold release succeeded\r\n")
		default:
			c.Send("ERROR: bad hold command parameter\r\n")
		}
	default:
		return false
	}
	return true
}

// atoi is C's atoi: leading blanks, an optional sign, then digits up to the
// first non-digit; no digits gives 0. The daemon parses every number this
// way, so "verb foo" sets verb 0 and "verb 4x" sets 4.
func atoi(s string) int {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for i := 0; i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1<<40; i++ {
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
