package management

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// readStatusFixture reads testdata/status/<name> the way the client sees
// a reply: lines split on the daemon's \r\n, without the END line.
func readStatusFixture(t testing.TB, name string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "status", name))
	if err != nil {
		t.Fatal(err)
	}
	return splitReply(t, name, string(raw))
}

// splitReply checks the framing (CRLF everywhere, END last) and returns
// the data lines.
func splitReply(t testing.TB, name, raw string) []string {
	t.Helper()
	if strings.Count(raw, "\n") != strings.Count(raw, "\r\n") {
		t.Fatalf("%s: a line ends in a bare \\n; the daemon sends \\r\\n", name)
	}
	body, ok := strings.CutSuffix(raw, "END\r\n")
	if !ok {
		t.Fatalf("%s: does not end with END\\r\\n", name)
	}
	if body == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
}

func unix(n int64) time.Time { return time.Unix(n, 0).UTC() }

func addr(raw, proto, ip string, port int) Address {
	return Address{Raw: raw, Protocol: proto, IP: ip, Port: port}
}

func TestParseStatusFixtures(t *testing.T) {
	tests := []struct {
		file string
		want *Status
	}{
		{"server-2.4.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.4.12 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] built on Mar 17 2022",
			UpdatedAt: unix(1434601383),
			Clients: []Session{
				{CommonName: "alice", RealAddress: addr("203.0.113.10:51234", "", "203.0.113.10", 51234),
					VirtualAddress: "10.8.0.6", BytesReceived: 1219872, BytesSent: 3528143,
					ConnectedSince: unix(1434600000), ClientID: 0, HasClientID: true, PeerID: 0, HasPeerID: true},
				{CommonName: "bob", RealAddress: addr("198.51.100.7:1194", "", "198.51.100.7", 1194),
					VirtualAddress: "10.8.0.10", VirtualIPv6Address: "fd00:8::1000", BytesReceived: 48213, BytesSent: 51772,
					ConnectedSince: unix(1434601201), Username: "bob", HasUsername: true,
					ClientID: 3, HasClientID: true, PeerID: 1, HasPeerID: true},
			},
			Routes: []Route{
				{VirtualAddress: "10.8.0.10", CommonName: "bob", RealAddress: addr("198.51.100.7:1194", "", "198.51.100.7", 1194), LastRef: unix(1434601380)},
				{VirtualAddress: "192.168.10.0/24", CommonName: "bob", RealAddress: addr("198.51.100.7:1194", "", "198.51.100.7", 1194), LastRef: unix(1434601201)},
				{VirtualAddress: "192.168.10.5", Cached: true, CommonName: "bob", RealAddress: addr("198.51.100.7:1194", "", "198.51.100.7", 1194), LastRef: unix(1434601379)},
				{VirtualAddress: "fd00:8::1000", CommonName: "bob", RealAddress: addr("198.51.100.7:1194", "", "198.51.100.7", 1194), LastRef: unix(1434601377)},
				{VirtualAddress: "10.8.0.6", CommonName: "alice", RealAddress: addr("203.0.113.10:51234", "", "203.0.113.10", 51234), LastRef: unix(1434601382)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "1"}},
		}},
		{"server-tap-2.4.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.4.12 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] built on Mar 17 2022",
			UpdatedAt: unix(1434605000),
			Clients: []Session{
				{CommonName: "printer-gw", RealAddress: addr("203.0.113.50:1194", "", "203.0.113.50", 1194),
					VirtualAddress: "192.168.8.128", BytesReceived: 90211, BytesSent: 120877,
					ConnectedSince: unix(1434604000), HasClientID: true, HasPeerID: true},
				{CommonName: "kiosk-3", RealAddress: addr("203.0.113.51:40001", "", "203.0.113.51", 40001),
					BytesReceived: 5120, BytesSent: 4096, ConnectedSince: unix(1434604900),
					ClientID: 1, HasClientID: true, PeerID: 1, HasPeerID: true},
			},
			Routes: []Route{
				// Lower-case "0c" is MAC hex, not the cache flag.
				{VirtualAddress: "52:54:00:3f:a1:0c", CommonName: "printer-gw", RealAddress: addr("203.0.113.50:1194", "", "203.0.113.50", 1194), LastRef: unix(1434604998)},
				{VirtualAddress: "52:54:00:9b:12:e4", CommonName: "kiosk-3", RealAddress: addr("203.0.113.51:40001", "", "203.0.113.51", 40001), LastRef: unix(1434604990)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "2"}},
		}},
		{"server-2.5.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.5.10 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] built on Mar 21 2024",
			UpdatedAt: unix(1700000000), // the text says 23:13:20 Berlin time; time_t is authoritative
			Clients: []Session{
				{CommonName: "laptop", RealAddress: addr("203.0.113.44:40112", "", "203.0.113.44", 40112),
					VirtualAddress: "10.8.0.14", VirtualIPv6Address: "fd00:8::100c", BytesReceived: 7340032, BytesSent: 104857600,
					ConnectedSince: unix(1699990000), Username: "j.doe", HasUsername: true,
					ClientID: 7, HasClientID: true, PeerID: 2, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "legacy-router", RealAddress: addr("192.0.2.200:1194", "", "192.0.2.200", 1194),
					VirtualAddress: "10.8.0.22", BytesReceived: 651, BytesSent: 1024, ConnectedSince: unix(1699998000),
					ClientID: 3, HasClientID: true, PeerID: 0, HasPeerID: true, DataChannelCipher: "BF-CBC"},
				{CommonName: "laptop", RealAddress: addr("198.51.100.23:61002", "", "198.51.100.23", 61002),
					VirtualAddress: "10.8.0.18", BytesReceived: 33554, BytesSent: 20480, ConnectedSince: unix(1699999000),
					ClientID: 12, HasClientID: true, PeerID: 5, HasPeerID: true, DataChannelCipher: "CHACHA20-POLY1305"},
			},
			Routes: []Route{
				{VirtualAddress: "10.8.0.14", CommonName: "laptop", RealAddress: addr("203.0.113.44:40112", "", "203.0.113.44", 40112), LastRef: unix(1699999990)},
				{VirtualAddress: "fd00:8::100c", CommonName: "laptop", RealAddress: addr("203.0.113.44:40112", "", "203.0.113.44", 40112), LastRef: unix(1699999980)},
				{VirtualAddress: "10.8.0.18", CommonName: "laptop", RealAddress: addr("198.51.100.23:61002", "", "198.51.100.23", 61002), LastRef: unix(1699999999)},
				{VirtualAddress: "10.8.0.22", CommonName: "legacy-router", RealAddress: addr("192.0.2.200:1194", "", "192.0.2.200", 1194), LastRef: unix(1699999950)},
				{VirtualAddress: "172.16.0.0/16", CommonName: "legacy-router", RealAddress: addr("192.0.2.200:1194", "", "192.0.2.200", 1194), LastRef: unix(1699998000)},
				{VirtualAddress: "172.16.4.7", Cached: true, CommonName: "legacy-router", RealAddress: addr("192.0.2.200:1194", "", "192.0.2.200", 1194), LastRef: unix(1699999940)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "0"}},
		}},
		{"server-2.6.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]",
			UpdatedAt: unix(1795550820),
			Clients: []Session{
				{CommonName: "Doe, John #1", RealAddress: addr("127.0.0.1:56527", "", "127.0.0.1", 56527),
					VirtualAddress: "10.8.0.10", BytesReceived: 2985, BytesSent: 3012, ConnectedSince: unix(1795550806),
					ClientID: 0, HasClientID: true, PeerID: 0, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "alice", RealAddress: addr("127.0.0.1:47212", "", "127.0.0.1", 47212),
					VirtualAddress: "10.8.0.11", BytesReceived: 2978, BytesSent: 3012, ConnectedSince: unix(1795550806),
					ClientID: 1, HasClientID: true, PeerID: 1, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "bob", RealAddress: addr("127.0.0.1:38017", "", "127.0.0.1", 38017),
					VirtualAddress: "10.8.0.12", BytesReceived: 3120, BytesSent: 3248, ConnectedSince: unix(1795550812),
					ClientID: 2, HasClientID: true, PeerID: 2, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
			},
			Routes: []Route{
				{VirtualAddress: "10.8.0.10", CommonName: "Doe, John #1", RealAddress: addr("127.0.0.1:56527", "", "127.0.0.1", 56527), LastRef: unix(1795550806)},
				{VirtualAddress: "10.8.0.11", CommonName: "alice", RealAddress: addr("127.0.0.1:47212", "", "127.0.0.1", 47212), LastRef: unix(1795550806)},
				{VirtualAddress: "10.8.0.12", CommonName: "bob", RealAddress: addr("127.0.0.1:38017", "", "127.0.0.1", 38017), LastRef: unix(1795550812)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "0"}, {"dco_enabled", "0"}},
		}},
		{"server-ipv6.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]",
			UpdatedAt: unix(1795554000),
			Clients: []Session{
				{CommonName: "v6peer", RealAddress: addr("2001:db8:1::20", "", "2001:db8:1::20", 0),
					VirtualAddress: "10.8.0.6", VirtualIPv6Address: "fd00:8::1000", BytesReceived: 182733, BytesSent: 99812,
					ConnectedSince: unix(1795553000), ClientID: 4, HasClientID: true, PeerID: 4, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "v4peer", RealAddress: addr("198.51.100.7:50123", "", "198.51.100.7", 50123),
					VirtualAddress: "10.8.0.10", VirtualIPv6Address: "fd00:8::1001", BytesReceived: 4096, BytesSent: 8192,
					ConnectedSince: unix(1795553500), ClientID: 5, HasClientID: true, PeerID: 5, HasPeerID: true, DataChannelCipher: "CHACHA20-POLY1305"},
				{CommonName: "site-b", RealAddress: addr("2001:db8:2::1", "", "2001:db8:2::1", 0),
					VirtualAddress: "10.8.0.14", VirtualIPv6Address: "fd00:8::1002", BytesReceived: 1048576, BytesSent: 2097152,
					ConnectedSince: unix(1795550000), Username: "site-b", HasUsername: true,
					ClientID: 6, HasClientID: true, PeerID: 6, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
			},
			Routes: []Route{
				{VirtualAddress: "fd00:8::1000", CommonName: "v6peer", RealAddress: addr("2001:db8:1::20", "", "2001:db8:1::20", 0), LastRef: unix(1795553990)},
				{VirtualAddress: "10.8.0.6", CommonName: "v6peer", RealAddress: addr("2001:db8:1::20", "", "2001:db8:1::20", 0), LastRef: unix(1795553991)},
				{VirtualAddress: "fd00:8::1001", CommonName: "v4peer", RealAddress: addr("198.51.100.7:50123", "", "198.51.100.7", 50123), LastRef: unix(1795553992)},
				{VirtualAddress: "10.8.0.10", CommonName: "v4peer", RealAddress: addr("198.51.100.7:50123", "", "198.51.100.7", 50123), LastRef: unix(1795553993)},
				{VirtualAddress: "2001:db8:100::/64", CommonName: "site-b", RealAddress: addr("2001:db8:2::1", "", "2001:db8:2::1", 0), LastRef: unix(1795550000)},
				{VirtualAddress: "2001:db8:100::5", Cached: true, CommonName: "site-b", RealAddress: addr("2001:db8:2::1", "", "2001:db8:2::1", 0), LastRef: unix(1795553994)},
				{VirtualAddress: "192.168.20.0/24", CommonName: "site-b", RealAddress: addr("2001:db8:2::1", "", "2001:db8:2::1", 0), LastRef: unix(1795550000)},
				{VirtualAddress: "fd00:8::1002", CommonName: "site-b", RealAddress: addr("2001:db8:2::1", "", "2001:db8:2::1", 0), LastRef: unix(1795553995)},
				{VirtualAddress: "10.8.0.14", CommonName: "site-b", RealAddress: addr("2001:db8:2::1", "", "2001:db8:2::1", 0), LastRef: unix(1795553996)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "0"}, {"dco_enabled", "0"}},
		}},
		{"server-tap-2.6.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]",
			UpdatedAt: unix(1795557600),
			Clients: []Session{
				{CommonName: "printer-gw", RealAddress: addr("203.0.113.50:1194", "", "203.0.113.50", 1194),
					VirtualAddress: "192.168.8.128", BytesReceived: 90211, BytesSent: 120877, ConnectedSince: unix(1795556000),
					HasClientID: true, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "kiosk-3", RealAddress: addr("203.0.113.51:40001", "", "203.0.113.51", 40001),
					BytesReceived: 5120, BytesSent: 4096, ConnectedSince: unix(1795557500),
					ClientID: 1, HasClientID: true, PeerID: 1, HasPeerID: true, DataChannelCipher: "AES-128-GCM"},
			},
			Routes: []Route{
				{VirtualAddress: "52:54:00:3f:a1:0c@0", CommonName: "printer-gw", RealAddress: addr("203.0.113.50:1194", "", "203.0.113.50", 1194), LastRef: unix(1795557598)},
				{VirtualAddress: "de:ad:be:ef:00:0c@0", CommonName: "printer-gw", RealAddress: addr("203.0.113.50:1194", "", "203.0.113.50", 1194), LastRef: unix(1795557590)},
				{VirtualAddress: "52:54:00:9b:12:e4@0", CommonName: "kiosk-3", RealAddress: addr("203.0.113.51:40001", "", "203.0.113.51", 40001), LastRef: unix(1795557599)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "3"}, {"dco_enabled", "0"}},
		}},
		{"server-2.7.txt", &Status{
			Mode:      ModeServer,
			Title:     "OpenVPN 2.7.6 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]",
			UpdatedAt: unix(1795561200),
			Clients: []Session{
				{CommonName: "alice", RealAddress: addr("udp4:203.0.113.10:51234", "udp4", "203.0.113.10", 51234),
					VirtualAddress: "10.8.0.2", VirtualIPv6Address: "fd00:8::2", BytesReceived: 18000, BytesSent: 22000,
					ConnectedSince: unix(1795560000), HasClientID: true, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "bob", RealAddress: addr("tcp4-server:198.51.100.7:40022", "tcp4-server", "198.51.100.7", 40022),
					VirtualAddress: "10.8.0.3", VirtualIPv6Address: "fd00:8::3", BytesReceived: 5300, BytesSent: 6100,
					ConnectedSince: unix(1795560600), Username: "bob", HasUsername: true,
					ClientID: 1, HasClientID: true, PeerID: 1, HasPeerID: true, DataChannelCipher: "AES-256-GCM"},
				{CommonName: "carol", RealAddress: addr("udp6:[2001:db8:1::20]:50111", "udp6", "2001:db8:1::20", 50111),
					VirtualAddress: "10.8.0.4", VirtualIPv6Address: "fd00:8::4", BytesReceived: 900, BytesSent: 1200,
					ConnectedSince: unix(1795561000), ClientID: 2, HasClientID: true, PeerID: 2, HasPeerID: true, DataChannelCipher: "CHACHA20-POLY1305"},
			},
			Routes: []Route{
				{VirtualAddress: "10.8.0.2", CommonName: "alice", RealAddress: addr("udp4:203.0.113.10:51234", "udp4", "203.0.113.10", 51234), LastRef: unix(1795561190)},
				{VirtualAddress: "fd00:8::2", CommonName: "alice", RealAddress: addr("udp4:203.0.113.10:51234", "udp4", "203.0.113.10", 51234), LastRef: unix(1795561191)},
				{VirtualAddress: "10.8.0.3", CommonName: "bob", RealAddress: addr("tcp4-server:198.51.100.7:40022", "tcp4-server", "198.51.100.7", 40022), LastRef: unix(1795561192)},
				{VirtualAddress: "fd00:8::3", CommonName: "bob", RealAddress: addr("tcp4-server:198.51.100.7:40022", "tcp4-server", "198.51.100.7", 40022), LastRef: unix(1795561193)},
				{VirtualAddress: "10.8.0.4", CommonName: "carol", RealAddress: addr("udp6:[2001:db8:1::20]:50111", "udp6", "2001:db8:1::20", 50111), LastRef: unix(1795561194)},
				{VirtualAddress: "fd00:8::4", CommonName: "carol", RealAddress: addr("udp6:[2001:db8:1::20]:50111", "udp6", "2001:db8:1::20", 50111), LastRef: unix(1795561195)},
			},
			GlobalStats: []Stat{{"Max bcast/mcast queue length", "0"}, {"dco_enabled", "0"}},
		}},
		{"client-2.6.txt", &Status{
			Mode:      ModeClient,
			UpdatedAt: mustLocal(t, "2026-11-24 20:08:06"),
			Statistics: []Stat{
				{"TUN/TAP read bytes", "0"},
				{"TUN/TAP write bytes", "0"},
				{"TCP/UDP read bytes", "3278"},
				{"TCP/UDP write bytes", "3232"},
				{"Auth read bytes", "112"},
			},
		}},
		{"client-2.4-windows.txt", &Status{
			Mode:      ModeClient,
			UpdatedAt: mustLocal(t, "2015-06-18 04:25:10"),
			Statistics: []Stat{
				{"TUN/TAP read bytes", "153789"},
				{"TUN/TAP write bytes", "308"},
				{"TCP/UDP read bytes", "10093"},
				{"TCP/UDP write bytes", "174311"},
				{"Auth read bytes", "308"},
				{"pre-compress bytes", "45856"},
				{"post-compress bytes", "45146"},
				{"pre-decompress bytes", "162"},
				{"post-decompress bytes", "216"},
				{"TAP-WIN32 driver status", `"State=AT?c Err=[(null)/0] #O=4 Tx=[21,0,0] Rx=[3,0,0] IrpR=[3,3,16] IrpW=[4,4,16]"`},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseStatus(readStatusFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			compareStatus(t, got, tt.want)
		})
	}
}

// mustLocal is a daemon-local "YYYY-MM-DD HH:MM:SS" read in this machine's zone.
func mustLocal(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// compareStatus reports each differing row on its own, so that a failure
// names the session or route rather than dumping two whole reports.
func compareStatus(t *testing.T, got, want *Status) {
	t.Helper()
	if got.Mode != want.Mode || got.Title != want.Title || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("header: got mode %q title %q updated %v\nwant mode %q title %q updated %v",
			got.Mode, got.Title, got.UpdatedAt, want.Mode, want.Title, want.UpdatedAt)
	}
	compareRows(t, "client", got.Clients, want.Clients)
	compareRows(t, "route", got.Routes, want.Routes)
	compareRows(t, "global stat", got.GlobalStats, want.GlobalStats)
	compareRows(t, "statistic", got.Statistics, want.Statistics)
}

func compareRows[T any](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d %ss, want %d:\n got %+v\nwant %+v", len(got), what, len(want), got, want)
		return
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s %d:\n got %+v\nwant %+v", what, i, got[i], want[i])
		}
	}
}

// v3 builds status 3 lines from rows of TAB-separated fields.
func v3(rows ...[]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r, "\t")
	}
	return out
}

func TestParseStatusFindsColumnsByName(t *testing.T) {
	// Columns in another order than any release prints: only names count.
	lines := v3(
		[]string{"TITLE", "OpenVPN 2.6.14"},
		[]string{"TIME", "2026-11-24 20:07:00", "1795550820"},
		[]string{"HEADER", "CLIENT_LIST", "Client ID", "Data Channel Cipher", "Real Address", "Common Name", "Bytes Sent", "Bytes Received", "Future Column"},
		[]string{"CLIENT_LIST", "42", "AES-128-GCM", "192.0.2.1:1194", "carol", "20", "10", "whatever"},
		[]string{"HEADER", "ROUTING_TABLE", "Last Ref (time_t)", "Real Address", "Common Name", "Virtual Address"},
		[]string{"ROUTING_TABLE", "1795550800", "192.0.2.1:1194", "carol", "10.8.0.6C"},
	)
	got, err := ParseStatus(lines)
	if err != nil {
		t.Fatal(err)
	}
	compareStatus(t, got, &Status{
		Mode: ModeServer, Title: "OpenVPN 2.6.14", UpdatedAt: unix(1795550820),
		Clients: []Session{{CommonName: "carol", RealAddress: addr("192.0.2.1:1194", "", "192.0.2.1", 1194),
			BytesReceived: 10, BytesSent: 20, ClientID: 42, HasClientID: true, DataChannelCipher: "AES-128-GCM"}},
		Routes: []Route{{VirtualAddress: "10.8.0.6", Cached: true, CommonName: "carol",
			RealAddress: addr("192.0.2.1:1194", "", "192.0.2.1", 1194), LastRef: unix(1795550800)}},
	})
}

func TestParseStatusOlderReleasesLackColumns(t *testing.T) {
	// 2.2's CLIENT_LIST (PROTOCOL.md §6): no Username, Client ID, Peer ID,
	// Virtual IPv6 Address or Data Channel Cipher.
	lines := v3(
		[]string{"TITLE", "OpenVPN 2.2.2 x86_64-linux-gnu [SSL] [LZO2] [EPOLL] [eurephia]"},
		[]string{"TIME", "Thu Jun 18 04:23:03 2015", "1434601383"},
		[]string{"HEADER", "CLIENT_LIST", "Common Name", "Real Address", "Virtual Address", "Bytes Received", "Bytes Sent", "Connected Since", "Connected Since (time_t)"},
		[]string{"CLIENT_LIST", "old", "192.0.2.9:1194", "10.8.0.6", "1", "2", "Thu Jun 18 04:00:00 2015", "1434600000"},
	)
	got, err := ParseStatus(lines)
	if err != nil {
		t.Fatal(err)
	}
	want := Session{CommonName: "old", RealAddress: addr("192.0.2.9:1194", "", "192.0.2.9", 1194),
		VirtualAddress: "10.8.0.6", BytesReceived: 1, BytesSent: 2, ConnectedSince: unix(1434600000)}
	compareRows(t, "client", got.Clients, []Session{want})
	if len(got.Routes) != 0 || len(got.GlobalStats) != 0 {
		t.Errorf("routes %#v, global stats %#v; want empty", got.Routes, got.GlobalStats)
	}
}

func TestParseStatusRowQuirks(t *testing.T) {
	header := []string{"HEADER", "CLIENT_LIST", "Common Name", "Real Address", "Virtual Address", "Virtual IPv6 Address",
		"Bytes Received", "Bytes Sent", "Connected Since", "Connected Since (time_t)", "Username", "Client ID", "Peer ID", "Data Channel Cipher"}
	row := func(cn, user, cid, peer string) []string {
		return []string{"CLIENT_LIST", cn, "192.0.2.1:1194", "10.8.0.6", "", "1", "2", "2026-11-24 20:06:46", "1795550806", user, cid, peer, "AES-256-GCM"}
	}
	lines := v3(
		[]string{"TITLE", "OpenVPN 2.6.14"},
		header,
		row("UNDEF", "UNDEF", "", "4294967295"), // no TLS context, built without management
		row("alice", "alice", "18446744073709551615", "7"),
		[]string{"FUTURE_ROW", "ignored"},
		[]string{"HEADER", "FUTURE_TABLE", "x"},
		[]string{"END"},
	)
	lines = append(lines,
		"HEADER,ERRORS,Common Name,TUN Read Trunc,TUN Write Trunc,Pre-encrypt Trunc,Post-decrypt Trunc", // PACKET_TRUNCATION_CHECK builds
		"ERRORS,alice,0,0,0,0",
		"",
		"GLOBAL_STATS\tdco_enabled\t1\r", // a reader that left the CR in place
	)
	got, err := ParseStatus(lines)
	if err != nil {
		t.Fatal(err)
	}
	base := Session{RealAddress: addr("192.0.2.1:1194", "", "192.0.2.1", 1194), VirtualAddress: "10.8.0.6",
		BytesReceived: 1, BytesSent: 2, ConnectedSince: unix(1795550806), DataChannelCipher: "AES-256-GCM"}
	undef := base
	undef.CommonName, undef.PeerID, undef.HasPeerID = "UNDEF", 4294967295, true
	alice := base
	alice.CommonName, alice.Username, alice.HasUsername = "alice", "alice", true
	alice.ClientID, alice.HasClientID, alice.PeerID, alice.HasPeerID = 18446744073709551615, true, 7, true
	compareRows(t, "client", got.Clients, []Session{undef, alice})
	compareRows(t, "global stat", got.GlobalStats, []Stat{{"dco_enabled", "1"}})
	if !got.UpdatedAt.IsZero() {
		t.Errorf("UpdatedAt = %v without a TIME row", got.UpdatedAt)
	}
}

func TestParseStatusErrors(t *testing.T) {
	header := "HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tBytes Received\tBytes Sent\tConnected Since (time_t)\tClient ID\tPeer ID"
	long := strings.Repeat("x", 200)
	tests := []struct {
		name  string
		lines []string
		want  []string // substrings of the error
	}{
		{"empty", nil, []string{"empty status reply"}},
		{"empty line", []string{""}, []string{"not a status 3 report"}},
		{"garbage", []string{"hello world", "TITLE\tx"}, []string{`"hello world"`}},
		{"long garbage is cut", []string{long}, []string{strings.Repeat("x", 80) + "…"}},
		{"an ERROR line", []string{"ERROR: bad status format version number"}, []string{"ERROR: bad status format"}},
		{"status 1", []string{"OpenVPN CLIENT LIST", "Updated,2026-11-24 20:07:00"}, []string{"version 1"}},
		{"status 2", []string{"TITLE,OpenVPN 2.6.14", "TIME,2026-11-24 20:07:00,1795550820"}, []string{"version 2"}},
		{"client row before header", []string{"TITLE\tx", "CLIENT_LIST\talice\t1.2.3.4:5\t10.8.0.6\t1\t2\t3\t0\t0"}, []string{"line 2", "CLIENT_LIST", "before its HEADER"}},
		{"client row first", []string{"CLIENT_LIST\talice\t1.2.3.4:5"}, []string{"line 1", "before its HEADER"}},
		{"route row before header", []string{"TITLE\tx", "ROUTING_TABLE\t10.8.0.6\talice\t1.2.3.4:5\tx\t1"}, []string{"ROUTING_TABLE", "before its HEADER"}},
		{"truncated client row", []string{"TITLE\tx", header, "CLIENT_LIST\talice\t1.2.3.4:5\t10.8.0.6"}, []string{"line 3", "truncated row"}},
		{"truncated route row", []string{"TITLE\tx", "HEADER\tROUTING_TABLE\tVirtual Address\tCommon Name\tReal Address\tLast Ref\tLast Ref (time_t)", "ROUTING_TABLE\t10.8.0.6\talice"}, []string{"truncated row"}},
		{"bytes not a number", []string{"TITLE\tx", header, "CLIENT_LIST\talice\t1.2.3.4:5\t10.8.0.6\t12x\t2\t3\t0\t0"}, []string{"line 3", "CLIENT_LIST", `"Bytes Received"`, `"12x"`}},
		{"negative bytes", []string{"TITLE\tx", header, "CLIENT_LIST\talice\t1.2.3.4:5\t10.8.0.6\t1\t-2\t3\t0\t0"}, []string{`"Bytes Sent"`}},
		{"peer id overflows uint32", []string{"TITLE\tx", header, "CLIENT_LIST\talice\t1.2.3.4:5\t10.8.0.6\t1\t2\t3\t0\t4294967296"}, []string{`"Peer ID"`}},
		{"bad connected since", []string{"TITLE\tx", header, "CLIENT_LIST\talice\t1.2.3.4:5\t10.8.0.6\t1\t2\tyesterday\t0\t0"}, []string{`"Connected Since (time_t)"`}},
		{"bad last ref", []string{"TITLE\tx", "HEADER\tROUTING_TABLE\tVirtual Address\tCommon Name\tReal Address\tLast Ref (time_t)", "ROUTING_TABLE\t10.8.0.6\talice\t1.2.3.4:5\tnow"}, []string{`"Last Ref (time_t)"`}},
		{"bad time row", []string{"TITLE\tx", "TIME\tThu Jun 18 04:23:03 2015\tsoon"}, []string{"line 2", "TIME", `"soon"`}},
		{"truncated time row", []string{"TIME\t1434601383"}, []string{"TIME", "truncated"}},
		{"empty real address", []string{"TITLE\tx", header, "CLIENT_LIST\talice\t\t10.8.0.6\t1\t2\t3\t0\t0"}, []string{`empty "Real Address"`}},
		{"header without real address", []string{"TITLE\tx", "HEADER\tCLIENT_LIST\tCommon Name\tBytes Received"}, []string{"CLIENT_LIST header", `"Real Address"`}},
		{"header without table", []string{"TITLE\tx", "HEADER"}, []string{"HEADER", "truncated"}},
		{"truncated global stat", []string{"TITLE\tx", "GLOBAL_STATS\tdco_enabled"}, []string{"GLOBAL_STATS", "truncated"}},
		{"client row without comma", []string{"OpenVPN STATISTICS", "Updated,2026-11-24 20:08:06", "TUN/TAP read bytes 0"}, []string{"line 3", "not a name,value row"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := ParseStatus(tt.lines)
			if err == nil {
				t.Fatalf("no error; got %+v", st)
			}
			if !errors.Is(err, ErrProtocol) {
				t.Errorf("%v does not wrap ErrProtocol", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestParseStatusClientMode(t *testing.T) {
	lines := []string{"OpenVPN STATISTICS", "Updated,not a time", "TCP/UDP read bytes,3278", "", "END"}
	got, err := ParseStatus(lines)
	if err != nil {
		t.Fatal(err)
	}
	compareStatus(t, got, &Status{Mode: ModeClient, Statistics: []Stat{{"TCP/UDP read bytes", "3278"}}})
	if got.Clients != nil || got.Routes != nil {
		t.Errorf("client mode with sessions or routes: %+v", got)
	}
}

// readCapture reads a reply captured from a live daemon (testdata/real-2.6.14,
// written by internal/openvpnlab/cmd/capture) and returns its lines without
// the END line. The test is skipped while no capture exists. The files are
// regenerated from time to time, so tests on them check shapes and
// relations, not ports or times.
func readCapture(t *testing.T, name string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "real-2.6.14", name))
	if err != nil {
		t.Fatal(err)
	}
	return splitReply(t, name, string(raw))
}

func TestParseStatusRealCaptures(t *testing.T) {
	t.Run("server status 3", func(t *testing.T) {
		st, err := ParseStatus(readCapture(t, "status-3.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode != ModeServer || !strings.HasPrefix(st.Title, "OpenVPN 2.6.14 ") || st.UpdatedAt.IsZero() {
			t.Errorf("mode %q, title %q, updated %v", st.Mode, st.Title, st.UpdatedAt)
		}
		ids := map[uint64]bool{}
		byCN := map[string]int{}
		for _, s := range st.Clients {
			if !s.HasClientID || !s.HasPeerID || ids[s.ClientID] {
				t.Errorf("session %+v: client ID missing or repeated", s)
			}
			ids[s.ClientID] = true
			byCN[s.CommonName]++
			if s.RealAddress.IP != "127.0.0.1" || s.RealAddress.Port == 0 || s.RealAddress.Protocol != "" {
				t.Errorf("session %q: real address %+v", s.CommonName, s.RealAddress)
			}
			if s.DataChannelCipher != "AES-256-GCM" || s.VirtualAddress == "" || s.ConnectedSince.IsZero() || s.BytesReceived == 0 {
				t.Errorf("session %+v", s)
			}
			if s.HasUsername != (s.Username == "alice@example.com") {
				t.Errorf("session %q: username %q (has %v); the lab sets one only for one alice", s.CommonName, s.Username, s.HasUsername)
			}
		}
		// The lab's server S: "Doe, John #1", alice twice (duplicate-cn), bob, carol.
		if byCN["Doe, John #1"] != 1 || byCN["alice"] != 2 || byCN["bob"] != 1 || byCN["carol"] != 1 {
			t.Errorf("common names %v", byCN)
		}
		if len(st.Routes) != len(st.Clients) {
			t.Errorf("%d routes for %d clients", len(st.Routes), len(st.Clients))
		}
		for _, r := range st.Routes {
			if r.Cached || r.RealAddress.IP != "127.0.0.1" || r.LastRef.IsZero() || byCN[r.CommonName] == 0 {
				t.Errorf("route %+v", r)
			}
		}
		compareRows(t, "global stat", st.GlobalStats, []Stat{{"Max bcast/mcast queue length", "0"}, {"dco_enabled", "0"}})
	})
	t.Run("client status 3", func(t *testing.T) {
		st, err := ParseStatus(readCapture(t, "client-status-3.txt"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range st.Statistics {
			names = append(names, s.Name)
		}
		want := []string{"TUN/TAP read bytes", "TUN/TAP write bytes", "TCP/UDP read bytes", "TCP/UDP write bytes", "Auth read bytes"}
		if st.Mode != ModeClient || st.UpdatedAt.IsZero() || !reflect.DeepEqual(names, want) {
			t.Errorf("mode %q, updated %v, statistics %v", st.Mode, st.UpdatedAt, st.Statistics)
		}
	})
	// A client-mode daemon ignores the version argument: status 1 is the same report.
	for _, file := range []string{"client-status-1.txt"} {
		t.Run(file, func(t *testing.T) {
			if st, err := ParseStatus(readCapture(t, file)); err != nil || st.Mode != ModeClient {
				t.Errorf("%+v, %v", st, err)
			}
		})
	}
	// Other status versions are refused with a reason.
	for file, want := range map[string]string{
		"status-1.txt":      "version 1",
		"status-no-arg.txt": "version 1",
		"status-2.txt":      "version 2",
	} {
		t.Run(file, func(t *testing.T) {
			_, err := ParseStatus(readCapture(t, file))
			if !errors.Is(err, ErrProtocol) || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want ErrProtocol mentioning %q", err, want)
			}
		})
	}
}
