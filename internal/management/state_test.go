package management

import (
	"errors"
	"strings"
	"testing"
)

func TestParseState(t *testing.T) {
	tests := []struct {
		line string
		want State
	}{
		// PROTOCOL.md §6, lab 2.6.14
		{"1795550806,CONNECTED,SUCCESS,10.8.0.11,127.0.0.1,11940,,",
			State{Time: unix(1795550806), Name: "CONNECTED", Description: "SUCCESS", LocalIPv4: "10.8.0.11", RemoteIP: "127.0.0.1", RemotePort: 11940}},
		{"1795550801,CONNECTED,SUCCESS,10.8.0.1,,,127.0.0.1,11940",
			State{Time: unix(1795550801), Name: "CONNECTED", Description: "SUCCESS", LocalIPv4: "10.8.0.1", LocalIP: "127.0.0.1", LocalPort: 11940}},
		{"1795550806,WAIT,,,,,,", State{Time: unix(1795550806), Name: "WAIT"}},
		// tun IPv6 set: a 9th field; IPv6 remotes have colons, never commas
		{"1795550806,CONNECTED,SUCCESS,10.8.0.11,2001:db8::1,1194,2001:db8::2,50000,fd00:8::1000",
			State{Time: unix(1795550806), Name: "CONNECTED", Description: "SUCCESS", LocalIPv4: "10.8.0.11",
				RemoteIP: "2001:db8::1", RemotePort: 1194, LocalIP: "2001:db8::2", LocalPort: 50000, LocalIPv6: "fd00:8::1000"}},
		{"1795550900,RECONNECTING,ping-restart,,,,,", State{Time: unix(1795550900), Name: "RECONNECTING", Description: "ping-restart"}},
		{"1795550900,AUTH_PENDING,timeout 300,,,,,", State{Time: unix(1795550900), Name: "AUTH_PENDING", Description: "timeout 300"}},
		// before 2.4: time,STATE,desc,local,remote (opnsense/core#191)
		{"1434601383,CONNECTED,SUCCESS,10.8.0.6,198.51.100.7",
			State{Time: unix(1434601383), Name: "CONNECTED", Description: "SUCCESS", LocalIPv4: "10.8.0.6", RemoteIP: "198.51.100.7"}},
		{"1434601383,EXITING,SIGTERM,,", State{Time: unix(1434601383), Name: "EXITING", Description: "SIGTERM"}},
		// a trailing CR and fields a later release might add
		{"1795550806,CONNECTED,SUCCESS,10.8.0.11,127.0.0.1,11940,,,,extra\r",
			State{Time: unix(1795550806), Name: "CONNECTED", Description: "SUCCESS", LocalIPv4: "10.8.0.11", RemoteIP: "127.0.0.1", RemotePort: 11940}},
	}
	for _, tt := range tests {
		got, err := ParseState(tt.line)
		if err != nil {
			t.Errorf("ParseState(%q): %v", tt.line, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseState(%q)\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
}

func TestParseStateErrors(t *testing.T) {
	for _, line := range []string{
		"",
		"END",
		"1795550806,CONNECTED,SUCCESS,10.8.0.11", // 4 fields
		"soon,CONNECTED,SUCCESS,10.8.0.11,1.2.3.4",      // bad time
		"-1,CONNECTED,SUCCESS,10.8.0.11,1.2.3.4",        // time_t is printed with %u
		">STATE:1795550806,WAIT,,,,,,",                  // prefix not stripped
		"1795550806,CONNECTED,SUCCESS,,1.2.3.4,x,,",     // bad remote port
		"1795550806,CONNECTED,SUCCESS,,,,1.2.3.4,70000", // local port out of range
	} {
		s, err := ParseState(line)
		if err == nil {
			t.Errorf("ParseState(%q) = %+v, want an error", line, s)
			continue
		}
		if !errors.Is(err, ErrProtocol) || !strings.Contains(err.Error(), "state line") {
			t.Errorf("ParseState(%q): %v; want ErrProtocol naming the state line", line, err)
		}
	}
}

func TestParseStateRealCaptures(t *testing.T) {
	for _, file := range []string{"state.txt", "state-all.txt", "client-state.txt", "client-state-all.txt", "hold-state-while-held.txt", "hold-state-after-release.txt"} {
		t.Run(file, func(t *testing.T) {
			lines := readCapture(t, file)
			if len(lines) == 0 {
				t.Fatal("no state lines")
			}
			for _, l := range lines {
				s, err := ParseState(l)
				if err != nil {
					t.Fatal(err)
				}
				if s.Time.IsZero() || s.Name == "" {
					t.Errorf("%q: %+v", l, s)
				}
				// The lab's daemons listen or connect on loopback.
				if s.Name == "CONNECTED" && (s.Description != "SUCCESS" || s.LocalIPv4 == "" ||
					(s.RemotePort == 0) == (s.LocalPort == 0)) {
					t.Errorf("%q: %+v; want SUCCESS and exactly one of the server or client socket", l, s)
				}
			}
		})
	}
}
