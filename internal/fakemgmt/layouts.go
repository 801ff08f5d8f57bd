package fakemgmt

import "strings"

// Statuses a 2.6.14 lab server cannot be made to print: other releases, IPv6
// peers, TAP, iroutes, and a line too long for the daemon's buffer. Render
// them with V1, V2 or V3 and serve them through Daemon.Replies. Names,
// addresses and counters are made up; the layouts follow OpenVPN's sources
// at the release named.

// Status24 is a 2.4 server (multi.c @ v2.4.12): ctime() times, no Data
// Channel Cipher column, no dco_enabled row. Its TIME row is
// "TIME\tThu Jun 18 04:23:03 2015\t1434601383".
var Status24 = Status{Release: Release24, Now: 1434601383, Clients: []Client{
	{CommonName: "alice", RealIP: "198.51.100.7", RealPort: 1194, VirtualAddress: "10.8.0.6",
		VirtualIPv6: "fd00:8::1000", BytesReceived: 19744, BytesSent: 20112, ConnectedSince: 1434600001,
		Username: "UNDEF", ClientID: 0, PeerID: 0},
	{CommonName: "Doe, John #1", RealIP: "203.0.113.20", RealPort: 51004, VirtualAddress: "10.8.0.10",
		BytesReceived: 3301, BytesSent: 3477, ConnectedSince: 1434601300, Username: "jdoe",
		ClientID: 1, PeerID: 1},
}}

// Status27 is a 2.7 server with UDP, TCP and IPv6 sockets: real addresses
// carry the transport ("udp4:127.0.0.1:41000", "tcp4-server:127.0.0.1:51870")
// and IPv6 peers gain brackets and a port ("udp6:[2001:db8::2]:40123"):
// mroute.c commits 10a82b1f (MR_WITH_PROTO) and 5cea4bc7 (brackets), both
// first in v2.7.0.
var Status27 = Status{Release: Release27, Now: labNow, Clients: []Client{
	{CommonName: "Doe, John #1", RealIP: "127.0.0.1", RealPort: 41000, VirtualAddress: "10.8.0.2",
		BytesReceived: 1984, BytesSent: 2047, ConnectedSince: labConnected, Username: "UNDEF",
		ClientID: 0, PeerID: 0, Cipher: "AES-256-GCM"},
	{CommonName: "bob", RealIP: "127.0.0.1", RealPort: 51870, Proto: "tcp4-server", VirtualAddress: "10.8.0.5",
		BytesReceived: 3101, BytesSent: 3224, ConnectedSince: labConnected, Username: "bob",
		ClientID: 1, PeerID: 1, Cipher: "AES-256-GCM"},
	{CommonName: "carol", RealIP: "2001:db8::2", RealPort: 40123, VirtualAddress: "10.8.0.6",
		VirtualIPv6: "fd00:8::1003", BytesReceived: 4077, BytesSent: 4410, ConnectedSince: labConnected,
		Username: "UNDEF", ClientID: 2, PeerID: 2, Cipher: "CHACHA20-POLY1305"},
}}

// StatusRoutes26 is a 2.6 server whose rows take the other shapes: an IPv6
// peer (printed without its port up to 2.6: "v6addr:port" would be
// ambiguous, mroute.c), an IPv6 pool address, an iroute subnet with a cached
// host route ("C" flag), and a client with no TLS context (CN "UNDEF", no
// virtual address, Peer ID UINT32_MAX).
var StatusRoutes26 = Status{Release: Release26, Now: labNow,
	Clients: []Client{
		{CommonName: "carol", RealIP: "2001:db8::2", RealPort: 40123, VirtualAddress: "10.8.0.13",
			VirtualIPv6: "fd00:8::1003", BytesReceived: 4077, BytesSent: 4410, ConnectedSince: labConnected,
			Username: "UNDEF", ClientID: 3, PeerID: 3, Cipher: "AES-256-GCM"},
		{CommonName: "site-b", RealIP: "192.0.2.44", RealPort: 1194, VirtualAddress: "10.8.0.6",
			BytesReceived: 88211, BytesSent: 70456, ConnectedSince: labConnected, Username: "UNDEF",
			ClientID: 4, PeerID: 4, Cipher: "AES-128-GCM"},
		{CommonName: "UNDEF", RealIP: "192.0.2.45", RealPort: 50000, ConnectedSince: labConnected,
			Username: "UNDEF", ClientID: 5, PeerID: 4294967295, Cipher: "AES-256-GCM"},
	},
	Routes: []Route{
		{Address: "fd00:8::1003", Client: 0, LastRef: labNow - 2},
		{Address: "192.168.10.7C", Client: 1, LastRef: labNow - 1},
		{Address: "10.8.0.13", Client: 0, LastRef: labNow - 3},
		{Address: "192.168.10.0/24", Client: 1, LastRef: labConnected},
		{Address: "10.8.0.6", Client: 1, LastRef: labNow - 1},
	},
}

// StatusTAP26 is a 2.6 server in TAP mode: the routing table is keyed by MAC
// with "@VID" (mroute.c since 2.5; 2.4 printed the bare MAC), while
// CLIENT_LIST still shows the pool IPv4.
var StatusTAP26 = Status{Release: Release26, Now: labNow,
	Clients: []Client{
		{CommonName: "alice", RealIP: "127.0.0.1", RealPort: 47212, VirtualAddress: "10.8.0.2",
			BytesReceived: 5120, BytesSent: 6008, ConnectedSince: labConnected, Username: "UNDEF",
			ClientID: 0, PeerID: 0, Cipher: "AES-256-GCM"},
		{CommonName: "bob", RealIP: "127.0.0.1", RealPort: 47213, VirtualAddress: "10.8.0.3",
			BytesReceived: 4980, BytesSent: 5876, ConnectedSince: labConnected, Username: "UNDEF",
			ClientID: 1, PeerID: 1, Cipher: "AES-256-GCM"},
	},
	Routes: []Route{
		{Address: "ae:4c:3d:2f:10:01@0", Client: 0, LastRef: labNow - 1},
		{Address: "ae:4c:3d:2f:10:02@0", Client: 1, LastRef: labNow - 2},
		{Address: "ae:4c:3d:2f:10:0c@0", Client: 1, LastRef: labNow - 5}, // lower-case "c", not the cache flag
	},
}

// StatusLongLine26 is Status26 with, second in CLIENT_LIST, a client whose
// username (auth-user-pass allows far longer) makes a 600-byte line. The
// daemon drops that line and every later one, including END (status.c
// STATUS_PRINTF_MAXLEN), so its V3 ends after one client row with no END:
// only a read deadline ends the reply.
var StatusLongLine26 = func() Status {
	s := Status26
	long := s.Clients[0]
	long.CommonName, long.ClientID, long.PeerID, long.RealPort = "longname", 7, 7, 47999
	long.Username = strings.Repeat("u", 600-len(s.clientRow(long, "\t"))+len(long.Username))
	s.Clients = append([]Client{s.Clients[0], long}, s.Clients[1:]...)
	s.Routes = nil // indexes moved; the routes are never printed anyway
	return s
}()
