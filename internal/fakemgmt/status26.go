package fakemgmt

// Status26 is the `status 3` of server S in the lab capture, as values:
// Status26.V3() is testdata/real-2.6.14/server/status-3.txt byte for byte,
// and Daemon26 answers `status 3` with that file. Two sessions share the
// CN "alice" (--duplicate-cn); only one of them authenticated with a
// username. Both tables are in the daemon's hash order.
var Status26 = Status{
	Release: Release26,
	Now:     1795565211, // 2026-11-25 00:06:51 UTC
	Clients: []Client{
		{CommonName: "carol", RealIP: "127.0.0.1", RealPort: 38219, VirtualAddress: "10.8.0.6",
			BytesReceived: 1938, BytesSent: 2005, ConnectedSince: 1795565209, Username: "UNDEF",
			ClientID: 4, PeerID: 4, Cipher: "AES-256-GCM"},
		{CommonName: "alice", RealIP: "127.0.0.1", RealPort: 33758, VirtualAddress: "10.8.0.4",
			BytesReceived: 1977, BytesSent: 2047, ConnectedSince: 1795565208, Username: "UNDEF",
			ClientID: 2, PeerID: 2, Cipher: "AES-256-GCM"},
		{CommonName: "bob", RealIP: "127.0.0.1", RealPort: 52582, VirtualAddress: "10.8.0.5",
			BytesReceived: 1935, BytesSent: 2006, ConnectedSince: 1795565209, Username: "UNDEF",
			ClientID: 3, PeerID: 3, Cipher: "AES-256-GCM"},
		{CommonName: "alice", RealIP: "127.0.0.1", RealPort: 45170, VirtualAddress: "10.8.0.3",
			BytesReceived: 1999, BytesSent: 2046, ConnectedSince: 1795565208, Username: "alice@example.com",
			ClientID: 1, PeerID: 1, Cipher: "AES-256-GCM"},
		{CommonName: "Doe, John #1", RealIP: "127.0.0.1", RealPort: 33919, VirtualAddress: "10.8.0.2",
			BytesReceived: 1984, BytesSent: 2047, ConnectedSince: 1795565207, Username: "UNDEF",
			ClientID: 0, PeerID: 0, Cipher: "AES-256-GCM"},
	},
	Routes: []Route{
		{Address: "10.8.0.2", Client: 4, LastRef: 1795565207},
		{Address: "10.8.0.4", Client: 1, LastRef: 1795565209},
		{Address: "10.8.0.3", Client: 3, LastRef: 1795565208},
		{Address: "10.8.0.6", Client: 0, LastRef: 1795565210},
		{Address: "10.8.0.5", Client: 2, LastRef: 1795565209},
	},
}
