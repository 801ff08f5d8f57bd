package management

import (
	"net/netip"
	"strconv"
	"strings"
)

// parseRealAddress splits a peer's real address as mroute_addr_print
// (mroute.c) prints it. It never fails: Raw is always kept, and IP/Port
// stay empty when the text has a shape the daemon is not known to print.
//
// The shapes, by release:
//   - IPv4 and v4-mapped IPv6 peers: "1.2.3.4:5678".
//   - IPv6 peers up to 2.6: the address alone, "2001:db8::1". The port is
//     left out because "v6addr:port" is ambiguous.
//   - 2.7 prefixes the socket's protocol (MR_WITH_PROTO, commit 10a82b1f),
//     e.g. "udp4:1.2.3.4:5678", "tcp4-server:1.2.3.4:5678", and prints IPv6
//     peers bracketed with their port, "udp6:[2001:db8::1]:5678"
//     (commit 5cea4bc7). A v4-mapped peer on a dual-stack socket prints as
//     "udp6:1.2.3.4:5678".
func parseRealAddress(raw string) Address {
	a := Address{Raw: raw}
	rest := raw
	if i := strings.IndexByte(rest, ':'); i > 0 && isAddressProtocol(rest[:i]) {
		a.Protocol, rest = rest[:i], rest[i+1:]
	}

	// Try the whole remainder first: an IPv6 address without a port has
	// colons that a host:port split would cut in the wrong place. With
	// exactly one colon it cannot be an address (IPv4 has none, IPv6 at
	// least two), so the common "IPv4:port" skips the attempt, whose error
	// value would cost an allocation per row.
	if strings.Count(rest, ":") != 1 {
		if _, err := netip.ParseAddr(rest); err == nil {
			a.IP = rest
			return a
		}
	}

	var host, port string
	if strings.HasPrefix(rest, "[") {
		end := strings.Index(rest, "]:")
		if end < 0 {
			return a
		}
		host, port = rest[1:end], rest[end+2:]
		if ip, err := netip.ParseAddr(host); err != nil || !ip.Is6() {
			return a
		}
	} else {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			return a
		}
		host, port = rest[:i], rest[i+1:]
		// Unbracketed, the daemon only prints a port after an IPv4 address.
		if ip, err := netip.ParseAddr(host); err != nil || !ip.Is4() {
			return a
		}
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return a
	}
	a.IP, a.Port = host, int(n)
	return a
}

// isAddressProtocol reports whether s is a short protocol name that
// proto2ascii (socket_util.c, proto_names) can print before an address.
func isAddressProtocol(s string) bool {
	switch s {
	case "udp", "tcp", "tcp-server", "tcp-client",
		"udp4", "tcp4", "tcp4-server", "tcp4-client",
		"udp6", "tcp6", "tcp6-server", "tcp6-client":
		return true
	}
	return false
}
