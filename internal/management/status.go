package management

import (
	"fmt"
	"strings"
	"time"
)

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
	// VirtualAddress / VirtualIPv6Address are the pushed tunnel addresses
	// (multi.c prints mi->reporting_addr), empty when unassigned. They are
	// IP addresses in TAP mode too; the MACs a TAP server learns appear in
	// Routes ("aa:bb:cc:dd:ee:ff@VID" on 2.5+).
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
// A trailing CR on a line is ignored.
func ParseStatus(lines []string) (*Status, error) {
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: empty status reply", ErrProtocol)
	}
	first := strings.TrimSuffix(lines[0], "\r")
	keyword, _, _ := strings.Cut(first, "\t")
	switch {
	case first == "OpenVPN STATISTICS":
		return parseClientStatus(lines[1:], time.Local)
	case isStatusV3Keyword(keyword):
		return parseServerStatus(lines, '\t')
	case first == "OpenVPN CLIENT LIST":
		// status 1 (or a bare "status"): rows start with the common name,
		// which may contain commas, so it cannot be read reliably.
		return nil, fmt.Errorf("%w: a status version 1 report (%q); only version 3 is understood", ErrProtocol, first)
	case strings.HasPrefix(first, "TITLE,"):
		return nil, fmt.Errorf("%w: a status version 2 (comma-separated) report; only version 3 is understood", ErrProtocol)
	}
	return nil, fmt.Errorf("%w: not a status 3 report: first line %q", ErrProtocol, replyExcerpt(first))
}

// parseClientStatus reads the client/p2p-mode report (print_status, sig.c):
// "Updated,<local time>", then "name,value" rows. Names contain no comma
// but values may (Windows prints TAP-WIN32 driver status,"...Tx=[1,0,0]..."),
// so a row is split at its first comma. Values are kept as printed. The
// Updated time has no zone; it is read in loc.
func parseClientStatus(rows []string, loc *time.Location) (*Status, error) {
	st := &Status{Mode: ModeClient, Statistics: make([]Stat, 0, len(rows))}
	for i, row := range rows {
		row = strings.TrimSuffix(row, "\r")
		if isNotificationLine(row) { // interleaved in a management capture
			continue
		}
		name, value, ok := strings.Cut(row, ",")
		if !ok {
			if row == "" || row == "END" {
				continue
			}
			return nil, fmt.Errorf("%w: status line %d: %q is not a name,value row", ErrProtocol, i+2, replyExcerpt(row))
		}
		if name == "Updated" {
			st.UpdatedAt = parseDaemonTime(value, loc)
			continue
		}
		st.Statistics = append(st.Statistics, Stat{Name: name, Value: value})
	}
	return st, nil
}

// parseDaemonTime reads a time the daemon printed as text: the "Updated"
// row of a client-mode report, every time of a version 1 report. The
// daemon prints its local time with no zone (otime.c time_string): ctime()
// form up to 2.4, "YYYY-MM-DD HH:MM:SS" since 2.5. It is read in loc; for
// a live reply that is this machine's zone, which is right when both run
// on the same host. An unknown form gives the zero time.
func parseDaemonTime(s string, loc *time.Location) time.Time {
	for _, layout := range []string{time.DateTime, time.ANSIC} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t
		}
	}
	return time.Time{}
}
