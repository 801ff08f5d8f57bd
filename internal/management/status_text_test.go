package management

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"
)

const v2Header = "HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent," +
	"Connected Since,Connected Since (time_t),Username,Client ID,Peer ID,Data Channel Cipher"

// v2Text is a version 2 report with the given CLIENT_LIST rows (without
// their keyword) and one route for "Doe, John #1".
func v2Text(rows ...string) string {
	var b strings.Builder
	b.WriteString("TITLE,OpenVPN 2.6.14 x86_64-pc-linux-gnu\nTIME,2026-11-24 20:07:00,1795550820\n" + v2Header + "\n")
	for _, r := range rows {
		b.WriteString("CLIENT_LIST," + r + "\n")
	}
	b.WriteString("HEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref,Last Ref (time_t)\n")
	b.WriteString("ROUTING_TABLE,10.8.0.10,Doe, John #1,127.0.0.1:56527,2026-11-24 20:06:46,1795550806\n")
	b.WriteString("GLOBAL_STATS,Max bcast/mcast queue length,0\nEND\n")
	return b.String()
}

// In version 2 only the common name and the username can hold commas;
// the other columns' shapes say where they end.
func TestParseStatusTextV2CommasInNames(t *testing.T) {
	tests := []struct {
		row, cn, user string
		hasUser       bool
	}{
		{"Doe, John #1,127.0.0.1:56527,10.8.0.10,,2985,3012,2026-11-24 20:06:46,1795550806,UNDEF,0,0,AES-256-GCM", "Doe, John #1", "", false},
		{"alice,127.0.0.1:1,10.8.0.11,,1,2,2026-11-24 20:06:46,1795550806,Smith, Alice,1,1,AES-256-GCM", "alice", "Smith, Alice", true},
		{"a,b,c,127.0.0.1:1,10.8.0.12,fd00::2,1,2,2026-11-24 20:06:46,1795550806,x,y,2,2,AES-256-GCM", "a,b,c", "x,y", true},
		// A common name that looks like an address: the shapes still decide.
		{"x,10.8.0.1,127.0.0.1:1,10.8.0.13,,1,2,2026-11-24 20:06:46,1795550806,UNDEF,3,3,AES-256-GCM", "x,10.8.0.1", "", false},
	}
	for _, tt := range tests {
		st := mustParseText(t, tt.cn, v2Text(tt.row), 2)
		c := st.Clients[0]
		if c.CommonName != tt.cn || c.Username != tt.user || c.HasUsername != tt.hasUser || c.DataChannelCipher != "AES-256-GCM" ||
			!c.HasClientID || c.RealAddress.Port != 1 && c.RealAddress.Port != 56527 {
			t.Errorf("%q: %+v", tt.row, c)
		}
		if r := st.Routes[0]; r.CommonName != "Doe, John #1" || r.RealAddress.Raw != "127.0.0.1:56527" || r.LastRef.Unix() != 1795550806 {
			t.Errorf("route %+v", r)
		}
	}
}

func TestParseStatusTextV2Ambiguous(t *testing.T) {
	// The columns between the names, repeated inside a name: common name
	// "a" with username "<block>,u", or common name "a,<block>" with
	// username "u"? Both readings leave every other column in shape.
	const block = "127.0.0.1:1,10.8.0.12,,1,2,2026-11-24 20:06:46,1795550806"
	for name, row := range map[string]string{
		"two readings": "a," + block + "," + block + ",u,2,3,AES-256-GCM",
		// "x" cannot be a byte count, whatever the split.
		"no reading": "a,b,127.0.0.1:1,10.8.0.12,,x,2,2026-11-24 20:06:46,1795550806,UNDEF,2,2,AES-256-GCM",
	} {
		_, _, err := ParseStatusText(v2Text(row), time.UTC)
		if !errors.Is(err, ErrAmbiguousRow) || !strings.Contains(err.Error(), "line 4 (CLIENT_LIST)") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseStatusTextErrors(t *testing.T) {
	tests := []struct {
		name, text string
		is         error
		contains   string
	}{
		{"empty", "", ErrEmptyStatus, "empty"},
		{"white space", " \r\n\n\t", ErrEmptyStatus, "empty"},
		{"not a status", "SUCCESS: pid=42\r\n", ErrUnknownStatusFormat, `line 1 is "SUCCESS: pid=42"`},
		{"an error reply", "\nERROR: unknown command\n", ErrUnknownStatusFormat, "line 2"},
		{"v1 title only", "OpenVPN CLIENT LIST\n", ErrTruncatedStatus, "0 client rows and 0 route rows"},
		{"v1 END before GLOBAL STATS", "OpenVPN CLIENT LIST\nEND\n", ErrTruncatedStatus, "the GLOBAL STATS section and END"},
		{"v1 without global stats", "OpenVPN CLIENT LIST\nUpdated,2026-11-28 18:30:29\n" + v1ClientHeader +
			"\nc1,1.2.3.4:5,1,2,2026-11-28 18:30:28\nROUTING TABLE\n", ErrTruncatedStatus, `1 client row and 0 route rows (last complete line 5: "ROUTING TABLE")`},
		{"v1 bad header", "OpenVPN CLIENT LIST\nUpdated,2026-11-28 18:30:29\nCommon Name,Real Address\n", ErrProtocol, "line 3"},
		{"v1 bad time", "OpenVPN CLIENT LIST\nUpdated,yesterday\n", ErrProtocol, `"yesterday" is not a time`},
		{"v1 short row", "OpenVPN CLIENT LIST\nUpdated,2026-11-28 18:30:29\n" + v1ClientHeader + "\nc1,1.2.3.4:5,1\n", ErrProtocol, "3 fields"},
		{"v3 cut mid-row", "TITLE\tx\nTIME\t2026-11-24 20:07:00\t1795550820\nHEADER\tCLIENT_LIST\tCommon Name\tReal Address\nCLIENT_LIST\ta\t1.2",
			ErrTruncatedStatus, `then a line cut short with no line break: "CLIENT_LIST\ta\t1.2"`},
		{"v3 without global stats", "TITLE\tx\nTIME\t2026-11-24 20:07:00\t1795550820\n", ErrTruncatedStatus, "the GLOBAL_STATS rows and END"},
		{"client mode cut", "OpenVPN STATISTICS\nUpdated,2026-11-24 20:08:06\nTUN/TAP read bytes,0\n", ErrTruncatedStatus, `"Auth read bytes" row`},
	}
	for _, tt := range tests {
		st, _, err := ParseStatusText(tt.text, time.UTC)
		if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.contains) || st != nil {
			t.Errorf("%s: %v, want %v containing %q", tt.name, err, tt.is, tt.contains)
		}
	}
}

// Version 1 names with commas are never ambiguous: the common name is the
// only free text of a row.
func TestParseStatusTextV1CommasAndTimes(t *testing.T) {
	text := "OpenVPN CLIENT LIST\r\nUpdated,Sat Nov  8 18:28:45 2026\r\n" + v1ClientHeader + "\r\n" +
		"Doe, John, Jr. #1,127.0.0.1:42376,1570,1307,Sat Nov  8 18:28:43 2026\r\n" +
		"ROUTING TABLE\r\n" + v1RouteHeader + "\r\n" +
		"10.8.0.14C,Doe, John, Jr. #1,127.0.0.1:42376,Sat Nov  8 18:28:44 2026\r\n" +
		"GLOBAL STATS\r\nMax bcast/mcast queue length,0\r\nEND\r\n"
	berlin := time.FixedZone("CET", 3600)
	st, v, err := ParseStatusText(text, berlin)
	if err != nil || v != 1 {
		t.Fatal(v, err)
	}
	c, r := st.Clients[0], st.Routes[0]
	if c.CommonName != "Doe, John, Jr. #1" || c.RealAddress.Port != 42376 || c.BytesReceived != 1570 || c.BytesSent != 1307 {
		t.Errorf("client %+v", c)
	}
	if want := time.Date(2026, 11, 8, 17, 28, 43, 0, time.UTC); !c.ConnectedSince.Equal(want) {
		t.Errorf("connected since %v, want %v (the text read in the zone given)", c.ConnectedSince, want)
	}
	if r.CommonName != c.CommonName || r.VirtualAddress != "10.8.0.14" || !r.Cached {
		t.Errorf("route %+v", r)
	}
}

// allocatedBy is the bytes the heap gave out while f ran: the work a
// parse does, counted without a clock.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A version 2 row with thousands of commas in a name is read in work
// linear in the row: each reading is tried on the split fields, not built.
// Building every reading (as the parser once did) allocates about
// 40 KiB per comma at 4,000 commas, 16 GB at 40,000; reading in place
// allocates the fields and the name once, a few dozen bytes per comma.
// A long field outside the names (here a Client ID of 64 KiB) is
// checked once, not once per reading.
func TestParseStatusTextV2ManyCommasIsLinear(t *testing.T) {
	const commas = 4000
	const budget = 256 * commas // bytes; the old parser needs 160 MB
	name := strings.Repeat("a,", commas) + "a"
	tests := []struct {
		name, row string
		err       error
	}{
		{"common name", name + ",127.0.0.1:1,10.8.0.10,,1,2,2026-11-24 20:06:46,1795550806,UNDEF,0,0,AES-256-GCM", nil},
		{"username", "alice,127.0.0.1:1,10.8.0.10,,1,2,2026-11-24 20:06:46,1795550806," + name + ",0,0,AES-256-GCM", nil},
		{"long Client ID", name + ",127.0.0.1:1,10.8.0.10,,1,2,2026-11-24 20:06:46,1795550806,UNDEF," +
			strings.Repeat("x", 64<<10) + ",0,AES-256-GCM", ErrAmbiguousRow},
	}
	for _, tt := range tests {
		text := v2Text(tt.row)
		var st *Status
		var err error
		n := allocatedBy(func() { st, _, err = ParseStatusText(text, time.UTC) })
		if !errors.Is(err, tt.err) || err == nil && st.Clients[0].CommonName != name && st.Clients[0].Username != name {
			t.Errorf("%s: %v", tt.name, err)
		}
		if n > budget {
			t.Errorf("%s: parsing a row of %d commas allocated %d bytes, over %d: the work is not linear in the row",
				tt.name, commas, n, budget)
		}
	}
}
