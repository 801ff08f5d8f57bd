package management

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Server-mode "status 3" (multi.c, multi_print_status): the version 2
// layout with TAB as separator. Every row starts with a keyword. HEADER
// rows name the columns of the rows of their kind, and the columns differ
// by release (2.3 added Username; 2.4 Virtual IPv6 Address, Client ID and
// Peer ID; 2.5 Data Channel Cipher), so every value is looked up by column
// name. The same code reads version 2, whose only difference is the comma
// separator (multi.c: sep = version == 3 ? TAB : ','); status_v2.go puts
// back together the names that contain commas.
//
// TAB is the only safe separator: CN and username may contain commas, but
// their control characters (TAB included) are turned into "_"
// (string_mod_remap_name, ssl_verify.c).

const (
	v3Title        = "TITLE"
	v3Time         = "TIME"
	v3Header       = "HEADER"
	v3ClientList   = "CLIENT_LIST"
	v3RoutingTable = "ROUTING_TABLE"
	v3GlobalStats  = "GLOBAL_STATS"
)

func isStatusV3Keyword(k string) bool {
	switch k {
	case v3Title, v3Time, v3Header, v3ClientList, v3RoutingTable, v3GlobalStats:
		return true
	}
	return false
}

// CLIENT_LIST columns this parser reads, and their header names.
const (
	clCommonName = iota
	clRealAddress
	clVirtualAddress
	clVirtualIPv6
	clBytesReceived
	clBytesSent
	clConnectedSince
	clUsername
	clClientID
	clPeerID
	clCipher
)

var clientListColumns = []string{
	clCommonName:     "Common Name",
	clRealAddress:    "Real Address",
	clVirtualAddress: "Virtual Address",
	clVirtualIPv6:    "Virtual IPv6 Address", // 2.4+
	clBytesReceived:  "Bytes Received",
	clBytesSent:      "Bytes Sent",
	clConnectedSince: "Connected Since (time_t)",
	clUsername:       "Username",            // 2.3+
	clClientID:       "Client ID",           // 2.4+
	clPeerID:         "Peer ID",             // 2.4+
	clCipher:         "Data Channel Cipher", // 2.5+
}

// ROUTING_TABLE columns (unchanged since 2.2).
const (
	rtVirtualAddress = iota
	rtCommonName
	rtRealAddress
	rtLastRef
)

var routingTableColumns = []string{
	rtVirtualAddress: "Virtual Address",
	rtCommonName:     "Common Name",
	rtRealAddress:    "Real Address",
	rtLastRef:        "Last Ref (time_t)",
}

// v3Columns maps the column names of one HEADER row to field positions in
// the rows that follow it. Position 0 holds the row keyword, so 0 also
// means "no such column in this release".
type v3Columns struct {
	table string   // CLIENT_LIST, ROUTING_TABLE
	names []string // the names, indexed like pos
	pos   []int
	width int // fields a row must have, keyword included
	// shapes are the version 2 shape checks of these columns, worked
	// out for the first row that needs them (status_v2.go).
	shapes *clientShapeChecks
}

// newV3Columns reads "HEADER <table> <name>..." and requires the columns
// every release has printed.
func newV3Columns(header, names []string, required ...int) (*v3Columns, error) {
	c := &v3Columns{table: header[1], names: names, pos: make([]int, len(names)), width: len(header) - 1}
	for i := 2; i < len(header); i++ {
		for col, name := range names {
			if header[i] == name && c.pos[col] == 0 {
				c.pos[col] = i - 1
			}
		}
	}
	for _, col := range required {
		if c.pos[col] == 0 {
			return nil, fmt.Errorf("has no %q column", names[col])
		}
	}
	return c, nil
}

// statusV3 is the state of one parse: the columns announced so far and
// where the parser is, for error messages.
type statusV3 struct {
	st      *Status
	sep     byte // TAB (version 3) or comma (version 2)
	clients *v3Columns
	routes  *v3Columns
	line    int    // 1-based line number in the reply
	keyword string // keyword of the current row
}

// parseServerStatus reads a server-mode version 3 (sep TAB) or version 2
// (sep comma) report.
func parseServerStatus(lines []string, sep byte) (*Status, error) {
	p := statusV3{st: &Status{Mode: ModeServer}, sep: sep}
	// One cheap pass sizes the slices, so that appending never reallocates.
	var nClients, nRoutes int
	clientPrefix, routePrefix := v3ClientList+string(sep), v3RoutingTable+string(sep)
	for _, line := range lines {
		switch {
		case strings.HasPrefix(line, clientPrefix):
			nClients++
		case strings.HasPrefix(line, routePrefix):
			nRoutes++
		}
	}
	p.st.Clients = make([]Session, 0, nClients)
	p.st.Routes = make([]Route, 0, nRoutes)

	fields := make([]string, 0, 16)
	for i, line := range lines {
		p.line = i + 1
		fields = splitFields(strings.TrimSuffix(line, "\r"), sep, fields)
		p.keyword = fields[0]
		if err := p.row(fields); err != nil {
			return nil, err
		}
	}
	return p.st, nil
}

func (p *statusV3) row(f []string) error {
	switch p.keyword {
	case v3Title:
		if len(f) < 2 {
			return p.errorf("truncated row")
		}
		p.st.Title = p.rest(f, 1)
	case v3Time:
		// TIME <daemon local time> <time_t>: the text form changed from
		// ctime() to ISO in 2.5 and has no zone, so only time_t is read.
		if len(f) < 3 {
			return p.errorf("truncated row")
		}
		t, ok := parseUnixSeconds(f[len(f)-1])
		if !ok {
			return p.errorf("time_t %q is not a number", replyExcerpt(f[len(f)-1]))
		}
		p.st.UpdatedAt = t
	case v3Header:
		return p.header(f)
	case v3ClientList:
		return p.client(f)
	case v3RoutingTable:
		return p.route(f)
	case v3GlobalStats:
		if len(f) < 3 {
			return p.errorf("truncated row")
		}
		p.st.GlobalStats = append(p.st.GlobalStats, p.stat(f))
	}
	// Other keywords are skipped so that later releases can add rows.
	// PACKET_TRUNCATION_CHECK builds print "HEADER,ERRORS,..." with commas
	// even in version 3; such a line has no TAB and is skipped here too.
	return nil
}

func (p *statusV3) header(f []string) error {
	if len(f) < 2 {
		return p.errorf("truncated row")
	}
	var err error
	switch f[1] {
	case v3ClientList:
		p.clients, err = newV3Columns(f, clientListColumns, clCommonName, clRealAddress)
	case v3RoutingTable:
		p.routes, err = newV3Columns(f, routingTableColumns, rtVirtualAddress, rtCommonName, rtRealAddress)
	}
	if err != nil {
		return p.errorf("%s header %v", f[1], err)
	}
	return nil
}

func (p *statusV3) client(f []string) error {
	c := p.clients
	if c == nil {
		return p.errorf("row before its HEADER")
	}
	if len(f) < c.width {
		return p.errorf("truncated row: %d fields, the HEADER names %d", len(f), c.width)
	}
	if p.sep == ',' && len(f) > c.width {
		var err error
		if f, err = p.rejoinClient(f, c); err != nil {
			return err
		}
	}
	s := Session{
		CommonName:         f[c.pos[clCommonName]],
		VirtualAddress:     fieldAt(f, c.pos[clVirtualAddress]),
		VirtualIPv6Address: fieldAt(f, c.pos[clVirtualIPv6]),
		DataChannelCipher:  fieldAt(f, c.pos[clCipher]),
	}
	// The daemon always prints something here (at worst "UNKNOWN"), and
	// callers rely on a non-empty Raw to select sessions by address.
	addr := f[c.pos[clRealAddress]]
	if addr == "" {
		return p.errorf("empty %q", clientListColumns[clRealAddress])
	}
	s.RealAddress = parseRealAddress(addr)

	var err error
	if s.BytesReceived, _, err = p.number(f, c, clBytesReceived, 64); err != nil {
		return err
	}
	if s.BytesSent, _, err = p.number(f, c, clBytesSent, 64); err != nil {
		return err
	}
	if s.ConnectedSince, err = p.unixTime(f, c, clConnectedSince); err != nil {
		return err
	}
	// The Client ID is printed empty by builds without management (multi.c,
	// #ifdef ENABLE_MANAGEMENT); that is not an error.
	if s.ClientID, s.HasClientID, err = p.number(f, c, clClientID, 64); err != nil {
		return err
	}
	var peer uint64
	if peer, s.HasPeerID, err = p.number(f, c, clPeerID, 32); err != nil {
		return err
	}
	s.PeerID = uint32(peer)
	// tls_username prints UNDEF when no username is known; a user really
	// called UNDEF cannot be told apart.
	if c.pos[clUsername] != 0 && f[c.pos[clUsername]] != "UNDEF" {
		s.Username, s.HasUsername = f[c.pos[clUsername]], true
	}
	p.st.Clients = append(p.st.Clients, s)
	return nil
}

func (p *statusV3) route(f []string) error {
	c := p.routes
	if c == nil {
		return p.errorf("row before its HEADER")
	}
	if len(f) < c.width {
		return p.errorf("truncated row: %d fields, the HEADER names %d", len(f), c.width)
	}
	if p.sep == ',' && len(f) > c.width {
		f = rejoinAt(f, c.pos[rtCommonName], len(f)-c.width)
	}
	r := Route{
		CommonName:  f[c.pos[rtCommonName]],
		RealAddress: parseRealAddress(f[c.pos[rtRealAddress]]),
	}
	r.VirtualAddress, r.Cached = cutCacheFlag(f[c.pos[rtVirtualAddress]])
	var err error
	if r.LastRef, err = p.unixTime(f, c, rtLastRef); err != nil {
		return err
	}
	p.st.Routes = append(p.st.Routes, r)
	return nil
}

// cutCacheFlag splits a routed address from the "C" the daemon glues to a
// cached route (MULTI_ROUTE_CACHE), in every status version. Nothing else
// ends in an upper-case C: IPv6 text and TAP MACs are lower-case hex
// (format_hex_ex "%02x"), and 2.5+ MACs end in "@VID".
func cutCacheFlag(addr string) (string, bool) {
	return strings.CutSuffix(addr, "C")
}

// fieldAt returns the field at pos, or "" when the release has no such column.
func fieldAt(f []string, pos int) string {
	if pos == 0 {
		return ""
	}
	return f[pos]
}

// number reads a numeric column. present is false when the release has no
// such column or printed it empty.
func (p *statusV3) number(f []string, c *v3Columns, col, bits int) (n uint64, present bool, err error) {
	s := fieldAt(f, c.pos[col])
	if s == "" {
		return 0, false, nil
	}
	n, err = strconv.ParseUint(s, 10, bits)
	if err != nil {
		return 0, false, p.errorf("column %q: %q is not a number", c.names[col], replyExcerpt(s))
	}
	return n, true, nil
}

func (p *statusV3) unixTime(f []string, c *v3Columns, col int) (time.Time, error) {
	s := fieldAt(f, c.pos[col])
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := parseUnixSeconds(s)
	if !ok {
		return time.Time{}, p.errorf("column %q: %q is not a number", c.names[col], replyExcerpt(s))
	}
	return t, nil
}

func (p *statusV3) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: status line %d (%s): %s", ErrProtocol, p.line, p.keyword, fmt.Sprintf(format, args...))
}
