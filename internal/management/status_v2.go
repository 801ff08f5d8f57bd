package management

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Server-mode "status 2" is "status 3" with a comma for separator, read by
// the same code (status_v3.go). The comma is not safe: the common name and
// the username pass through the daemon's name filter with their commas
// (string_mod_remap_name keeps every printable byte), so a row such as
//
//	CLIENT_LIST,Doe, John #1,127.0.0.1:56527,10.8.0.10,,2985,...
//
// has more fields than its HEADER names. Every other column has a shape
// that holds no comma (addresses, numbers, the daemon's time text), so the
// extra fields belong to the common name or the username, and a reading
// is kept only when the columns between and after them have their shape.
// With both names holding commas more than one reading can fit; the
// format cannot tell them apart, and the row is refused.

// rest is the text from field i to the end of the row. A comma inside the
// last field (the TITLE) splits it in version 2; TAB never does.
func (p *statusV3) rest(f []string, i int) string {
	if p.sep != ',' {
		return f[i]
	}
	return strings.Join(f[i:], ",")
}

// stat reads "GLOBAL_STATS <name> <value>". Values are numbers, so in
// version 2 the last comma is the separator.
func (p *statusV3) stat(f []string) Stat {
	if p.sep != ',' {
		return Stat{Name: f[1], Value: f[2]}
	}
	return Stat{Name: strings.Join(f[1:len(f)-1], ","), Value: f[len(f)-1]}
}

// rejoinAt returns f with the extra+1 fields from pos joined back into one
// (the comma the split removed put back). It leaves f itself unchanged.
func rejoinAt(f []string, pos, extra int) []string {
	if extra == 0 {
		return f
	}
	out := make([]string, 0, len(f)-extra)
	out = append(out, f[:pos]...)
	out = append(out, strings.Join(f[pos:pos+extra+1], ","))
	return append(out, f[pos+extra+1:]...)
}

// rejoinClient gives the extra fields of a version 2 CLIENT_LIST row back
// to the common name or the username: the one reading that fits, or an
// error saying why there is none or more than one.
func (p *statusV3) rejoinClient(f []string, c *v3Columns) ([]string, error) {
	extra := len(f) - c.width
	cn, user := c.pos[clCommonName], c.pos[clUsername]
	if user == 0 { // before 2.3: the common name is the only free text
		return p.checkClientShape(rejoinAt(f, cn, extra), c, extra)
	}
	first, second := min(cn, user), max(cn, user)
	var fits [][]string
	for inFirst := 0; inFirst <= extra; inFirst++ {
		cand := rejoinAt(rejoinAt(f, second+inFirst, extra-inFirst), first, inFirst)
		if clientShapeFits(cand, c) {
			fits = append(fits, cand)
		}
	}
	switch len(fits) {
	case 1:
		return fits[0], nil
	case 0:
		return nil, p.ambiguous("%d fields where the HEADER names %d, and no way of giving the %s to the "+
			"common name or the username leaves the other columns in their shape", len(f), c.width, plural(extra, "extra comma"))
	}
	return nil, p.ambiguous("%d fields where the HEADER names %d; the common name and the username may both hold "+
		"commas and %d readings fit (common name %q … %q): the comma-separated format cannot tell them apart",
		len(f), c.width, len(fits), replyExcerpt(fits[0][cn]), replyExcerpt(fits[len(fits)-1][cn]))
}

func (p *statusV3) checkClientShape(f []string, c *v3Columns, extra int) ([]string, error) {
	if !clientShapeFits(f, c) {
		return nil, p.ambiguous("%d fields where the HEADER names %d, and giving the %d extra commas to the common "+
			"name leaves the other columns out of their shape", len(f)+extra, c.width, extra)
	}
	return f, nil
}

func (p *statusV3) ambiguous(format string, args ...any) error {
	return fmt.Errorf("%w: status line %d (%s): %s", ErrAmbiguousRow, p.line, p.keyword, fmt.Sprintf(format, args...))
}

// clientShapeFits reports whether the columns other than the names have
// the shapes the daemon prints: addresses, unsigned numbers. Those shapes
// make the block of columns between the two names rigid (no field is both
// a number and an IP address), so only a name that itself repeats that
// block can make two readings fit.
func clientShapeFits(f []string, c *v3Columns) bool {
	if fieldAt(f, c.pos[clRealAddress]) == "" {
		return false
	}
	for _, col := range []int{clVirtualAddress, clVirtualIPv6} {
		if !isVirtualAddress(fieldAt(f, c.pos[col])) {
			return false
		}
	}
	for _, col := range []int{clBytesReceived, clBytesSent, clConnectedSince, clPeerID} {
		if c.pos[col] != 0 && !isUnsigned(f[c.pos[col]]) {
			return false
		}
	}
	// Builds without management print the Client ID empty.
	id := fieldAt(f, c.pos[clClientID])
	return id == "" || isUnsigned(id)
}

// isVirtualAddress: empty (none assigned) or an IP address. A TAP server
// reports the pushed IP here too; learned MACs appear only in routes.
func isVirtualAddress(s string) bool {
	if s == "" {
		return true
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

func isUnsigned(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
