package fakemgmt

import "strings"

// Statuses a 2.6.14 lab server cannot be made to print: other releases, IPv6
// peers, TAP, iroutes, and a line too long for the daemon's buffer. Render
// them with V1, V2 or V3 and serve them through Daemon.Replies.

// Status24 is a 2.4 server: ctime() times, no Data Channel Cipher column, no
// dco_enabled row. Its TIME row is "TIME\tThu Jun 18 04:23:03 2015\t1434601383".
var Status24 = Status{Release: Release24, Now: 1434601383, Clients: []Client{
	{CommonName: "alice", RealIP: "198.51.100.7", RealPort: 1194, VirtualAddress: "10.8.0.6",
		VirtualIPv6: "fd00:8::1000", BytesReceived: 19744, BytesSent: 20112, ConnectedSince: 1434600001,
		Username: "UNDEF", ClientID: 0, PeerID: 0},
	{CommonName: "Doe, John #1", RealIP: "203.0.113.20", RealPort: 51004, VirtualAddress: "10.8.0.10",
		BytesReceived: 3301, BytesSent: 3477, ConnectedSince: 1434601300, Username: "jdoe",
		ClientID: 1, PeerID: 1},
}}

// Status27 is a 2.7 server: real addresses carry the transport
// ("udp4:127.0.0.1:56527", "tcp4-server:127.0.0.1:51870") and IPv6 peers
// gain brackets and a port ("udp6:[2001:db8::2]:40123"), mroute.c since
// commits 10a82b1f and 7d5ec053.
var Status27 = Status{Release: Release27, Now: labNow, Clients: append(append([]Client(nil), clients26...),
	Client{CommonName: "carol", RealIP: "2001:db8::2", RealPort: 40123, VirtualAddress: "10.8.0.13",
		VirtualIPv6: "fd00:8::1003", BytesReceived: 4077, BytesSent: 4410, ConnectedSince: labConnected,
		Username: "UNDEF", ClientID: 3, PeerID: 3, Cipher: "CHACHA20-POLY1305"})}

// StatusRoutes26 is a 2.6 server whose clients show the other shapes of a
// row: an IPv6 peer (printed without its port up to 2.6), an IPv6 pool
// address, an iroute subnet with a cached host route ("C" flag), an
// unassigned virtual address and a client with no TLS context (Peer ID
// UINT32_MAX).
var StatusRoutes26 = Status{Release: Release26, Now: labNow, Clients: []Client{
	{CommonName: "carol", RealIP: "2001:db8::2", RealPort: 40123, VirtualAddress: "10.8.0.13",
		VirtualIPv6: "fd00:8::1003", BytesReceived: 4077, BytesSent: 4410, ConnectedSince: labConnected,
		Username: "UNDEF", ClientID: 3, PeerID: 3, Cipher: "AES-256-GCM"},
	{CommonName: "site-b", RealIP: "192.0.2.44", RealPort: 1194, VirtualAddress: "10.8.0.6",
		BytesReceived: 88211, BytesSent: 70456, ConnectedSince: labConnected, Username: "UNDEF",
		ClientID: 4, PeerID: 4, Cipher: "AES-128-GCM",
		Routes: []string{"10.8.0.6", "192.168.10.0/24", "192.168.10.7C"}},
	{CommonName: "UNDEF", RealIP: "192.0.2.45", RealPort: 50000, BytesReceived: 0, BytesSent: 0,
		ConnectedSince: labConnected, Username: "UNDEF", ClientID: 5, PeerID: 4294967295, Cipher: "AES-256-GCM",
		Routes: []string{}},
}}

// StatusTAP26 is a 2.6 server in TAP mode: the routing table is keyed by MAC
// address with "@VID" (2.5+; 2.4 printed the bare MAC), while CLIENT_LIST
// still shows the pool IPv4.
var StatusTAP26 = Status{Release: Release26, Now: labNow, Clients: []Client{
	{CommonName: "alice", RealIP: "127.0.0.1", RealPort: 47212, VirtualAddress: "10.8.0.2",
		BytesReceived: 5120, BytesSent: 6008, ConnectedSince: labConnected, Username: "UNDEF",
		ClientID: 0, PeerID: 0, Cipher: "AES-256-GCM", Routes: []string{"ae:4c:3d:2f:10:01@0"}},
	{CommonName: "bob", RealIP: "127.0.0.1", RealPort: 47213, VirtualAddress: "10.8.0.3",
		BytesReceived: 4980, BytesSent: 5876, ConnectedSince: labConnected, Username: "UNDEF",
		ClientID: 1, PeerID: 1, Cipher: "AES-256-GCM", Routes: []string{"ae:4c:3d:2f:10:02@0", "ae:4c:3d:2f:10:03@0"}},
}}

// StatusLongLine26 is the three Daemon26 clients plus, second, one whose
// 450-byte username (auth-user-pass allows far more) makes a 600-byte
// CLIENT_LIST line. The daemon drops that line and every later one,
// including END (status.c STATUS_PRINTF_MAXLEN), so its V3 has one client
// row and no END: only a read deadline ends the reply.
var StatusLongLine26 = func() Status {
	long := clients26[1]
	long.CommonName, long.ClientID, long.PeerID, long.RealPort = "longname", 7, 7, 47999
	long.Username = strings.Repeat("u", 600-len(Status{Release: Release26}.clientRow(long, "\t"))+len("UNDEF"))
	return Status{Release: Release26, Now: labNow, Clients: []Client{clients26[0], long, clients26[1], clients26[2]}}
}()
