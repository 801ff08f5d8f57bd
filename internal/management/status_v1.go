package management

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Server-mode "status 1", the layout of a --status file unless
// --status-version says otherwise, and of a bare "status" command
// (multi.c, multi_print_status, version 1). It has no row keywords:
// three titled sections, each with a fixed column line, the same in every
// release from 2.0 to 2.7:
//
//	OpenVPN CLIENT LIST
//	Updated,<time>
//	Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since
//	<rows>
//	ROUTING TABLE
//	Virtual Address,Common Name,Real Address,Last Ref
//	<rows>
//	GLOBAL STATS
//	<name>,<value> rows
//	END
//
// Times are the daemon's local time as text, with no zone: ctime() form
// ("Sat Nov 28 18:28:45 2026") up to 2.4, "2026-11-28 18:30:29" since 2.5.
// The list has no virtual address, username, client ID or cipher.
//
// The common name may contain commas. It is the only free text of a row,
// and every other column (address, numbers, time text) has none, so the
// extra fields of a row belong to the common name: v1 rows are never
// ambiguous.

const (
	v1Title        = "OpenVPN CLIENT LIST"
	v1Updated      = "Updated"
	v1ClientHeader = "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since"
	v1RoutingTable = "ROUTING TABLE"
	v1RouteHeader  = "Virtual Address,Common Name,Real Address,Last Ref"
	v1GlobalStats  = "GLOBAL STATS"
)

// v1Section is where a version 1 parse is; the order is the file's.
type v1Section int

const (
	v1AtTitle v1Section = iota
	v1AtUpdated
	v1AtClientHeader
	v1InClients
	v1AtRouteHeader
	v1InRoutes
	v1InGlobalStats
)

type statusV1 struct {
	st      *Status
	loc     *time.Location
	section v1Section
	line    int
	fields  []string // reused by every row: no allocation per row
}

// parseStatusV1 reads the data lines (without END) of a version 1 report.
// Times are read in loc. reachedGlobal reports whether the GLOBAL STATS
// title was read, the last section a complete report has.
func parseStatusV1(lines []string, loc *time.Location) (st *Status, reachedGlobal bool, err error) {
	p := statusV1{st: &Status{Mode: ModeServer}, loc: loc}
	for i, line := range lines {
		p.line = i + 1
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		// A management capture may interleave real-time notifications
		// (">CLIENT:ENV,..."): such a line is skipped unless it reads as a row.
		if err := p.row(line); err != nil && !isNotificationLine(line) {
			return nil, false, err
		}
	}
	return p.st, p.section == v1InGlobalStats, nil
}

func (p *statusV1) row(line string) error {
	switch p.section {
	case v1AtTitle:
		return p.expect(line, v1Title, v1AtUpdated)
	case v1AtUpdated:
		name, value, _ := strings.Cut(line, ",")
		if name != v1Updated {
			return p.errorf("%q where the %q row belongs", replyExcerpt(line), v1Updated)
		}
		t, err := p.time(value)
		p.st.UpdatedAt, p.section = t, v1AtClientHeader
		return err
	case v1AtClientHeader:
		return p.expect(line, v1ClientHeader, v1InClients)
	case v1InClients:
		if p.endsSection(line, v1RoutingTable, v1AtRouteHeader) {
			return nil
		}
		return p.client(line)
	case v1AtRouteHeader:
		return p.expect(line, v1RouteHeader, v1InRoutes)
	case v1InRoutes:
		if p.endsSection(line, v1GlobalStats, v1InGlobalStats) {
			return nil
		}
		return p.route(line)
	}
	i := strings.LastIndexByte(line, ',')
	if i < 0 {
		return p.errorf("%q is not a name,value row", replyExcerpt(line))
	}
	p.st.GlobalStats = append(p.st.GlobalStats, Stat{Name: line[:i], Value: line[i+1:]})
	return nil
}

func (p *statusV1) expect(line, want string, next v1Section) error {
	if line != want {
		return p.errorf("%q where %q belongs", replyExcerpt(line), want)
	}
	p.section = next
	return nil
}

// endsSection reports whether line is the title of the section after the
// rows being read, and if so moves on to next.
func (p *statusV1) endsSection(line, title string, next v1Section) bool {
	if line != title {
		return false
	}
	p.section = next
	return true
}

func (p *statusV1) client(line string) error {
	f, err := p.columns(line, "client", 5, 0)
	if err != nil {
		return err
	}
	if f[1] == "" {
		return p.errorf("empty Real Address")
	}
	s := Session{CommonName: f[0], RealAddress: parseRealAddress(f[1])}
	if s.BytesReceived, err = p.number("Bytes Received", f[2]); err != nil {
		return err
	}
	if s.BytesSent, err = p.number("Bytes Sent", f[3]); err != nil {
		return err
	}
	if s.ConnectedSince, err = p.time(f[4]); err != nil {
		return err
	}
	p.st.Clients = append(p.st.Clients, s)
	return nil
}

func (p *statusV1) route(line string) error {
	f, err := p.columns(line, "route", 4, 1)
	if err != nil {
		return err
	}
	r := Route{CommonName: f[1], RealAddress: parseRealAddress(f[2])}
	r.VirtualAddress, r.Cached = cutCacheFlag(f[0])
	if r.LastRef, err = p.time(f[3]); err != nil {
		return err
	}
	p.st.Routes = append(p.st.Routes, r)
	return nil
}

// columns cuts a row into its width columns. Extra fields are commas of
// the common name at cn, the row's only free text.
func (p *statusV1) columns(line, kind string, width, cn int) ([]string, error) {
	p.fields = splitFields(line, ',', p.fields)
	if len(p.fields) < width {
		return nil, p.errorf("%s row with %d fields, the column line names %d: %q", kind, len(p.fields), width, replyExcerpt(line))
	}
	return rejoinAt(p.fields, cn, len(p.fields)-width), nil
}

func (p *statusV1) number(column, s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, p.errorf("%s %q is not a number", column, replyExcerpt(s))
	}
	return n, nil
}

func (p *statusV1) time(s string) (time.Time, error) {
	t := parseDaemonTime(s, p.loc)
	if t.IsZero() {
		return t, p.errorf("%q is not a time as the daemon prints it (%q up to 2.4, %q since 2.5)",
			replyExcerpt(s), time.ANSIC, time.DateTime)
	}
	return t, nil
}

func (p *statusV1) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: status version 1, line %d: %s", ErrProtocol, p.line, fmt.Sprintf(format, args...))
}
