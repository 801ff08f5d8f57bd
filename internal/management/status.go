package management

import "time"

// Mode is the daemon's mode as seen from its status report.
type Mode string

const (
	ModeServer Mode = "server" // --server / --mode server: CLIENT_LIST, ROUTING_TABLE
	ModeClient Mode = "client" // client or p2p: "OpenVPN STATISTICS"
)

// Status is the typed reply to "status 3".
type Status struct {
	Mode Mode
	// Title is the TITLE row (server mode only).
	Title string
	// UpdatedAt is the TIME row's time_t (server) or the Updated row (client, local time).
	UpdatedAt time.Time
	// Clients holds one entry per CLIENT_LIST row, in the daemon's order.
	Clients []Session
	// Routes holds one entry per ROUTING_TABLE row (one per route, not per client).
	Routes []Route
	// GlobalStats holds the GLOBAL_STATS rows in order.
	GlobalStats []Stat
	// Statistics holds the client/p2p-mode "OpenVPN STATISTICS" key,value rows.
	Statistics []Stat
}

// Stat is one name/value row.
type Stat struct {
	Name  string
	Value string
}

// Session is one CLIENT_LIST row. Client ID is the only unique key:
// several sessions may share a common name (duplicate-cn).
type Session struct {
	ClientID uint64
	// HasClientID is false on releases before 2.4, which have no Client ID column.
	HasClientID bool
	// PeerID is 4294967295 when the instance has no TLS context.
	PeerID     uint32
	HasPeerID  bool
	CommonName string
	// Username is empty, and HasUsername false, when the daemon prints UNDEF.
	Username    string
	HasUsername bool
	RealAddress Address
	// VirtualAddress / VirtualIPv6Address are empty when unassigned. In TAP
	// mode VirtualAddress is a MAC, "aa:bb:cc:dd:ee:ff@VID" on 2.5+.
	VirtualAddress     string
	VirtualIPv6Address string
	BytesReceived      uint64
	BytesSent          uint64
	// ConnectedSince comes from the "Connected Since (time_t)" column.
	ConnectedSince time.Time
	// DataChannelCipher is empty before 2.5.
	DataChannelCipher string
}

// Route is one ROUTING_TABLE row.
type Route struct {
	// VirtualAddress without the trailing cache flag.
	VirtualAddress string
	// Cached is true when the daemon printed a trailing "C" (MULTI_ROUTE_CACHE).
	Cached      bool
	CommonName  string
	RealAddress Address
	LastRef     time.Time
}

// Address is a peer's real address as the daemon prints it.
type Address struct {
	// Raw is the text exactly as printed, e.g. "127.0.0.1:40288",
	// "udp4:1.2.3.4:5678" (2.7), "2001:db8::1" (IPv6 prints without port).
	Raw string
	// Protocol is the 2.7 prefix ("udp4", "tcp4-server", "udp6", ...), else empty.
	Protocol string
	// IP is the host part when it parses as an IP address, else empty.
	IP string
	// Port is 0 when the daemon printed none.
	Port int
}

// ParseStatus parses the data lines (without END) of a "status 3" reply,
// server or client mode. Columns are found by HEADER name, never by index.
func ParseStatus(lines []string) (*Status, error) {
	panic("TODO")
}
