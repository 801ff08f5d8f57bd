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
//
// With both names in the row there are extra+1 readings (0 to extra fields
// to the first name, the rest to the second). Each is tried by reading its
// columns straight from f (clientReading), never by building it: building
// every reading copies the row extra+1 times, which is quadratic in the
// commas (a 40,000-comma name took 28 s and 16 GB of allocations). Only
// the columns between the two names move from one reading to the next;
// those before the first name and after the second are checked once. So
// the work is linear in the row, and only the reading kept is built.
func (p *statusV3) rejoinClient(f []string, c *v3Columns) ([]string, error) {
	extra := len(f) - c.width
	cn, user := c.pos[clCommonName], c.pos[clUsername]
	if c.shapes == nil {
		c.shapes = newClientShapeChecks(c)
	}
	if user == 0 { // before 2.3: the common name is the only free text
		r := clientReading{f: f, first: cn, second: cn, extra: extra, inFirst: extra}
		if !r.fits(c, c.shapes.fixed) { // every column is outside the one name
			return nil, p.ambiguous("%d fields where the HEADER names %d, and giving the %d extra commas to the common "+
				"name leaves the other columns out of their shape", len(f), c.width, extra)
		}
		return r.build(), nil
	}
	r := clientReading{f: f, first: min(cn, user), second: max(cn, user), extra: extra}
	fits, firstFit, lastFit := 0, 0, 0
	if r.fits(c, c.shapes.fixed) {
		for r.inFirst = 0; r.inFirst <= extra; r.inFirst++ {
			if r.fits(c, c.shapes.moving) {
				if fits == 0 {
					firstFit = r.inFirst
				}
				fits, lastFit = fits+1, r.inFirst
			}
		}
	}
	switch fits {
	case 1:
		r.inFirst = firstFit
		return r.build(), nil
	case 0:
		return nil, p.ambiguous("%d fields where the HEADER names %d, and no way of giving the %s to the "+
			"common name or the username leaves the other columns in their shape", len(f), c.width, plural(extra, "extra comma"))
	}
	r.inFirst = firstFit
	firstCN := r.name(cn)
	r.inFirst = lastFit
	return nil, p.ambiguous("%d fields where the HEADER names %d; the common name and the username may both hold "+
		"commas and %d readings fit (common name %q … %q): the comma-separated format cannot tell them apart",
		len(f), c.width, fits, replyExcerpt(firstCN), replyExcerpt(r.name(cn)))
}

func (p *statusV3) ambiguous(format string, args ...any) error {
	return fmt.Errorf("%w: status line %d (%s): %s", ErrAmbiguousRow, p.line, p.keyword, fmt.Sprintf(format, args...))
}

// clientReading is one way of reading a version 2 CLIENT_LIST row split
// into f, which has extra fields more than its HEADER names: the name at
// position first takes inFirst+1 fields, the name at second the other
// extra-inFirst+1. Positions are the HEADER's (c.pos).
type clientReading struct {
	f                             []string
	first, second, extra, inFirst int
}

// at is the field at position pos in this reading; pos is not a name's.
func (r clientReading) at(pos int) string {
	switch {
	case pos < r.first:
		return r.f[pos]
	case pos < r.second:
		return r.f[pos+r.inFirst]
	}
	return r.f[pos+r.extra]
}

// name is the name at position pos (first or second), its commas put back.
func (r clientReading) name(pos int) string {
	if pos == r.first {
		return strings.Join(r.f[r.first:r.first+r.inFirst+1], ",")
	}
	return strings.Join(r.f[r.second+r.inFirst:r.second+r.extra+1], ",")
}

// build is the row as this reading has it, one field per HEADER column.
func (r clientReading) build() []string {
	return rejoinAt(rejoinAt(r.f, r.second+r.inFirst, r.extra-r.inFirst), r.first, r.inFirst)
}

// The columns other than the names have the shapes the daemon prints:
// addresses, unsigned numbers. Those shapes make the block of columns
// between the two names rigid (no field is both a number and an IP
// address), so only a name that itself repeats that block can make two
// readings fit.
var clientShapes = []struct {
	col  int
	fits func(string) bool
}{
	{clRealAddress, func(s string) bool { return s != "" }},
	{clVirtualAddress, isVirtualAddress},
	{clVirtualIPv6, isVirtualAddress},
	{clBytesReceived, isUnsigned},
	{clBytesSent, isUnsigned},
	{clConnectedSince, isUnsigned},
	{clPeerID, isUnsigned},
	// Builds without management print the Client ID empty.
	{clClientID, func(s string) bool { return s == "" || isUnsigned(s) }},
}

// clientShapeChecks are the indexes in clientShapes of the columns a
// HEADER names, split by where they lie: between the two names (moving),
// whose field changes with the reading, or outside them (fixed), whose
// field is the same in every reading. A column the release does not
// print is never checked.
type clientShapeChecks struct {
	fixed, moving []int
}

func newClientShapeChecks(c *v3Columns) *clientShapeChecks {
	cn, user := c.pos[clCommonName], c.pos[clUsername]
	first, second := min(cn, user), max(cn, user)
	if user == 0 {
		first, second = cn, cn
	}
	checks := &clientShapeChecks{}
	for i, s := range clientShapes {
		switch pos := c.pos[s.col]; {
		case pos == 0:
		case pos > first && pos < second:
			checks.moving = append(checks.moving, i)
		default:
			checks.fixed = append(checks.fixed, i)
		}
	}
	return checks
}

// fits reports whether the columns checks names have their shape in this
// reading.
func (r clientReading) fits(c *v3Columns, checks []int) bool {
	for _, i := range checks {
		if !clientShapes[i].fits(r.at(c.pos[clientShapes[i].col])) {
			return false
		}
	}
	return true
}

// isVirtualAddress: empty (none assigned) or an IP address. A TAP server
// reports the pushed IP here too; learned MACs appear only in routes.
func isVirtualAddress(s string) bool {
	if s == "" {
		return true
	}
	// Text with neither a dot nor a colon is no address; ParseAddr would
	// say so in an error allocated for every reading tried.
	if !strings.ContainsAny(s, ".:") {
		return false
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

// isUnsigned: a decimal uint64. Only digits get to strconv, whose error
// would copy the field: a long name tried in many readings must not cost
// a copy per reading.
func isUnsigned(s string) bool {
	if s == "" || len(s) > len("18446744073709551615") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
