package fakemgmt

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Release is what differs, between OpenVPN releases, in how a server prints
// `status` (multi.c multi_print_status; mroute.c mroute_addr_print_ex).
type Release struct {
	// Title is title_string (options.c), printed in TITLE and by `version`.
	Title string
	// CTime: up to 2.4 times are ctime() ("Thu Jun 18 04:23:03 2015");
	// from 2.5 on they are "2006-01-02 15:04:05" (otime.c time_string).
	CTime bool
	// Cipher: 2.5 added the CLIENT_LIST column "Data Channel Cipher".
	Cipher bool
	// DCOStat: 2.6 added the row GLOBAL_STATS dco_enabled (v2/v3 only).
	DCOStat bool
	// Proto: 2.7 prefixes real addresses with the transport (MR_WITH_PROTO:
	// "udp4:", "tcp4-server:", "udp6:") and prints IPv6 peers as "[addr]:port";
	// up to 2.6 an IPv6 peer is printed without its port.
	Proto bool
}

// Releases whose status layouts the fake can print. Their flags are
// ReleaseLayout's, which TestRendererMatchesEveryCapturedStatus checks
// against the captured status 2 and 3 of 2.4.12, 2.5.11, 2.6.14 and 2.7.6;
// CapturedDaemon serves those captures themselves.
var (
	// Release24 is a 2.4.7 build (the title is illustrative; the layout is
	// the same throughout 2.4).
	Release24 = Release{
		Title: "OpenVPN 2.4.7 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] built on Feb 20 2019",
		CTime: true,
	}
	// Release26 is Debian 12's openvpn 2.6.14, the release of the lab.
	Release26 = Release{Title: Title26, Cipher: true, DCOStat: true}
	// Release27 is an upstream 2.7.0 build.
	Release27 = Release{
		Title:   "OpenVPN 2.7.0 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]",
		Cipher:  true,
		DCOStat: true,
		Proto:   true,
	}
)

// Client is one connected client as a server's status shows it.
type Client struct {
	CommonName string
	// RealIP and RealPort are the peer's address; Proto is the transport
	// that 2.7 prints in front of it, "udp4" or "udp6" by family if empty.
	RealIP   string
	RealPort int
	Proto    string
	// VirtualAddress is the pool IPv4 (empty if none); VirtualIPv6 likewise.
	VirtualAddress string
	VirtualIPv6    string
	BytesReceived  uint64
	BytesSent      uint64
	ConnectedSince int64
	// Username is "UNDEF" when the client did not authenticate with one.
	Username string
	ClientID uint64
	PeerID   uint32
	Cipher   string
}

// Route is one ROUTING_TABLE row.
type Route struct {
	// Address is the route's key: "10.8.0.6", an iroute "192.168.10.0/24",
	// a cached host route with its "C" flag "192.168.10.7C", or in TAP mode
	// a MAC, with "@VID" from 2.5 on ("ae:4c:3d:2f:10:01@0").
	Address string
	// Client is the index in Status.Clients of the client owning the route.
	Client  int
	LastRef int64
}

// Status is a server's `status` reply at time Now.
type Status struct {
	Release Release
	Now     int64
	Clients []Client
	// Routes, if nil, are one per virtual address (IPv4, then IPv6) of each
	// client in order, last referenced when it connected. The daemon prints
	// both tables in hash order, so a real capture needs them spelled out.
	Routes []Route
}

// V1 renders `status 1`: comma separated, no TITLE, no time_t columns.
func (s Status) V1() []byte {
	var b bytes.Buffer
	line := lineWriter(&b, ",")
	line("OpenVPN CLIENT LIST")
	line("Updated", s.time(s.Now))
	line("Common Name", "Real Address", "Bytes Received", "Bytes Sent", "Connected Since")
	for _, c := range s.Clients {
		line(c.CommonName, s.real(c), u(c.BytesReceived), u(c.BytesSent), s.time(c.ConnectedSince))
	}
	line("ROUTING TABLE")
	line("Virtual Address", "Common Name", "Real Address", "Last Ref")
	for _, r := range s.routes() {
		c := s.Clients[r.Client]
		line(r.Address, c.CommonName, s.real(c), s.time(r.LastRef))
	}
	line("GLOBAL STATS")
	line("Max bcast/mcast queue length", "0")
	line("END")
	return b.Bytes()
}

// V2 renders `status 2`: the v3 rows, comma separated.
func (s Status) V2() []byte { return s.v23(",") }

// V3 renders `status 3`: TAB separated, the only unambiguous format.
func (s Status) V3() []byte { return s.v23("\t") }

func (s Status) v23(sep string) []byte {
	var b bytes.Buffer
	b.Grow(300 + len(s.Clients)*240)
	line := lineWriter(&b, sep)
	line("TITLE", s.Release.Title)
	line("TIME", s.time(s.Now), i64(s.Now))
	header := []string{"HEADER", "CLIENT_LIST", "Common Name", "Real Address", "Virtual Address", "Virtual IPv6 Address",
		"Bytes Received", "Bytes Sent", "Connected Since", "Connected Since (time_t)", "Username", "Client ID", "Peer ID"}
	if s.Release.Cipher {
		header = append(header, "Data Channel Cipher")
	}
	line(header...)
	for _, c := range s.Clients {
		line(s.clientRow(c, sep))
	}
	line("HEADER", "ROUTING_TABLE", "Virtual Address", "Common Name", "Real Address", "Last Ref", "Last Ref (time_t)")
	for _, r := range s.routes() {
		c := s.Clients[r.Client]
		line("ROUTING_TABLE", r.Address, c.CommonName, s.real(c), s.time(r.LastRef), i64(r.LastRef))
	}
	line("GLOBAL_STATS", "Max bcast/mcast queue length", "0")
	if s.Release.DCOStat {
		line("GLOBAL_STATS", "dco_enabled", "0")
	}
	line("END")
	return b.Bytes()
}

// statusPrintfMax is STATUS_PRINTF_MAXLEN (status.c). status_printf formats
// into a buffer of that size; a line of this length or more sets so->errors,
// after which that line and every later one, END included, is dropped.
const statusPrintfMax = 512

// lineWriter returns a function that writes one status line joined by sep,
// dropping lines the way status_printf does once one is too long.
func lineWriter(b *bytes.Buffer, sep string) func(f ...string) {
	errors := false
	return func(f ...string) {
		l := strings.Join(f, sep)
		if errors || len(l) >= statusPrintfMax {
			errors = true
			return
		}
		b.WriteString(l + "\r\n")
	}
}

// clientRow is one CLIENT_LIST line of v2 (sep ",") or v3 (sep TAB), without CRLF.
func (s Status) clientRow(c Client, sep string) string {
	row := []string{"CLIENT_LIST", c.CommonName, s.real(c), c.VirtualAddress, c.VirtualIPv6,
		u(c.BytesReceived), u(c.BytesSent), s.time(c.ConnectedSince), i64(c.ConnectedSince),
		c.Username, u(c.ClientID), u(uint64(c.PeerID))}
	if s.Release.Cipher {
		row = append(row, c.Cipher)
	}
	return strings.Join(row, sep)
}

// time formats t as the release's time_string does; the lab runs in UTC.
func (s Status) time(t int64) string {
	tt := time.Unix(t, 0).UTC()
	if s.Release.CTime {
		return tt.Format("Mon Jan _2 15:04:05 2006")
	}
	return tt.Format("2006-01-02 15:04:05")
}

func (s Status) real(c Client) string {
	v6 := strings.Contains(c.RealIP, ":")
	if !s.Release.Proto {
		if v6 {
			return c.RealIP // "v6addr:port" would be ambiguous (mroute.c)
		}
		return c.RealIP + ":" + strconv.Itoa(c.RealPort)
	}
	proto := c.Proto
	if proto == "" {
		proto = "udp4"
		if v6 {
			proto = "udp6"
		}
	}
	if v6 {
		return fmt.Sprintf("%s:[%s]:%d", proto, c.RealIP, c.RealPort)
	}
	return fmt.Sprintf("%s:%s:%d", proto, c.RealIP, c.RealPort)
}

func (s Status) routes() []Route {
	if s.Routes != nil {
		return s.Routes
	}
	var rs []Route
	for i, c := range s.Clients {
		for _, a := range []string{c.VirtualAddress, c.VirtualIPv6} {
			if a != "" {
				rs = append(rs, Route{Address: a, Client: i, LastRef: c.ConnectedSince})
			}
		}
	}
	return rs
}

func u(n uint64) string  { return strconv.FormatUint(n, 10) }
func i64(n int64) string { return strconv.FormatInt(n, 10) }
