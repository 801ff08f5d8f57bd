package management_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

func TestCheckListed(t *testing.T) {
	for _, tc := range []struct {
		check func(string) error
		value string
		want  string // "" when the value can be listed
	}{
		{management.CheckListedCommonName, "alice", ""},
		{management.CheckListedCommonName, "Doe, John #1", ""},
		{management.CheckListedCommonName, "svc:web", ""},
		{management.CheckListedCommonName, "José Ü", ""},
		{management.CheckListedCommonName, "tab_here", ""},
		{management.CheckListedCommonName, "UNDEF", "cannot tell a certificate named UNDEF from a session still negotiating"},
		{management.CheckListedCommonName, "undef", ""},
		{management.CheckListedCommonName, "tab\there", `a TAB (0x09) at byte 3, and the daemon lists every control character of a name as "_"`},
		{management.CheckListedCommonName, "alice\nsignal SIGTERM", "a newline (0x0a) at byte 5"},
		{management.CheckListedCommonName, "cr\r", "a carriage return (0x0d) at byte 2"},
		{management.CheckListedCommonName, "del\x7f", "a DEL (0x7f) at byte 3"},
		{management.CheckListedCommonName, "\x00", "a NUL (0x00) at byte 0"},
		{management.CheckListedUsername, "carol@example.com", ""},
		{management.CheckListedUsername, "UNDEF", "has no username"},
		{management.CheckListedUsername, "a\x1bb", "a control byte (0x1b) at byte 1"},
		{management.CheckListedAddress, "127.0.0.1:40288", ""},
		{management.CheckListedAddress, "udp6:[::1]:55761", ""},
		{management.CheckListedAddress, "2001:db8::1", ""},
		{management.CheckListedAddress, "", "is empty"},
		{management.CheckListedAddress, "127.0.0.1 40288", "contains a space"},
		{management.CheckListedAddress, "127.0.0.1\t", "a TAB (0x09) at byte 9"},
	} {
		err := tc.check(tc.value)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.value, err)
			}
			continue
		}
		var nl *management.NotListedError
		if !errors.As(err, &nl) || !errors.Is(err, management.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want a NotListedError containing %q", tc.value, err, tc.want)
		}
	}
}

// A session listed as UNDEF is still negotiating only while nothing shows
// that its handshake is done: a virtual address, or an age beyond the
// daemon's default --hand-window (60 s). A certificate really named UNDEF
// is then judged like any other.
func TestSessionNegotiating(t *testing.T) {
	at := time.Unix(1795550900, 0)
	for _, tc := range []struct {
		name string
		s    management.Session
		want bool
	}{
		{"just created, no address", management.Session{CommonName: "UNDEF", ConnectedSince: at.Add(-time.Second)}, true},
		{"at the window's end", management.Session{CommonName: "UNDEF", ConnectedSince: at.Add(-management.HandshakeWindow)}, true},
		{"past the window", management.Session{CommonName: "UNDEF", ConnectedSince: at.Add(-management.HandshakeWindow - time.Second)}, false},
		{"has a virtual address", management.Session{CommonName: "UNDEF", VirtualAddress: "10.8.0.30", ConnectedSince: at}, false},
		{"has a virtual IPv6 address", management.Session{CommonName: "UNDEF", VirtualIPv6Address: "fd00::1000", ConnectedSince: at}, false},
		{"no time to judge by", management.Session{CommonName: "UNDEF"}, true},
		{"a name", management.Session{CommonName: "alice", ConnectedSince: at}, false},
	} {
		if got := tc.s.Negotiating(at); got != tc.want {
			t.Errorf("%s: Negotiating = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !(management.Session{CommonName: "UNDEF", ConnectedSince: at}).Negotiating(time.Time{}) {
		t.Error("a status without a time must not judge a session named UNDEF")
	}
}
