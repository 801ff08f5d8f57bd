package management

import "testing"

func TestParseRealAddress(t *testing.T) {
	tests := []struct {
		raw  string
		want Address
	}{
		// up to 2.6
		{"127.0.0.1:47212", Address{IP: "127.0.0.1", Port: 47212}},
		{"203.0.113.10:0", Address{IP: "203.0.113.10", Port: 0}},
		{"2001:db8::1", Address{IP: "2001:db8::1"}}, // IPv6 prints without port
		{"::1", Address{IP: "::1"}},
		{"2001:db8::1:1194", Address{IP: "2001:db8::1:1194"}}, // a whole IPv6 address, not ip:port
		{"192.0.2.1", Address{IP: "192.0.2.1"}},
		// 2.7: protocol prefix; IPv6 with port bracketed
		{"udp4:1.2.3.4:5678", Address{Protocol: "udp4", IP: "1.2.3.4", Port: 5678}},
		{"tcp4-server:1.2.3.4:5678", Address{Protocol: "tcp4-server", IP: "1.2.3.4", Port: 5678}},
		{"tcp4-client:1.2.3.4:1194", Address{Protocol: "tcp4-client", IP: "1.2.3.4", Port: 1194}},
		{"udp6:1.2.3.4:5678", Address{Protocol: "udp6", IP: "1.2.3.4", Port: 5678}}, // v4-mapped on a dual-stack socket
		{"udp6:2001:db8::1", Address{Protocol: "udp6", IP: "2001:db8::1"}},
		{"udp6:[2001:db8::1]:5678", Address{Protocol: "udp6", IP: "2001:db8::1", Port: 5678}},
		{"tcp6-server:[2001:db8::1]:443", Address{Protocol: "tcp6-server", IP: "2001:db8::1", Port: 443}},
		// shapes the daemon does not print: Raw only
		{"UNKNOWN", Address{}},
		{"", Address{}},
		{"1.2.3.4:99999", Address{}},
		{"1.2.3.4:", Address{}},
		{"host.example:1194", Address{}},
		{"1:2:3:4:5:6:7:8:1194", Address{}}, // an unbracketed IPv6 host with a port
		{"[1.2.3.4]:1194", Address{}},
		{"[2001:db8::1]", Address{}},
		{"[2001:db8::1]:x", Address{}},
		{"sctp:1.2.3.4:5", Address{}},
		{"udp4:", Address{Protocol: "udp4"}},
	}
	for _, tt := range tests {
		tt.want.Raw = tt.raw
		if got := parseRealAddress(tt.raw); got != tt.want {
			t.Errorf("parseRealAddress(%q) = %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}
