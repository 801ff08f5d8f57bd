package management

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// FuzzParseStatusV1 feeds arbitrary text to the version 1 parser (through
// ParseStatusText, as the provider function does). It must never panic,
// and whatever it reads must survive a round trip: printed back in the
// daemon's layout, the report reads the same. That holds the rule that a
// row's extra commas belong to the common name.
func FuzzParseStatusV1(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(transcriptsDir, "*", "*status-1.txt"))
	corpus, _ := filepath.Glob(filepath.Join(fixtures.CorpusDir(), "*status1*.txt"))
	for _, name := range append(seeds, corpus...) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	if len(seeds) < 12 {
		f.Fatalf("%d version 1 transcripts, want 12", len(seeds))
	}
	f.Add("OpenVPN CLIENT LIST\nUpdated,Sat Nov  8 18:28:45 2026\n" + v1ClientHeader + "\n,,,,1,2,2026-01-01 00:00:00\n" +
		"ROUTING TABLE\n" + v1RouteHeader + "\n>X:,a,,b,2026-01-01 00:00:00\nGLOBAL STATS\n,\n")
	f.Fuzz(func(t *testing.T, text string) {
		st, version, err := ParseStatusText(text, time.UTC)
		if err != nil || version != 1 {
			return
		}
		again, v, err := ParseStatusText(printV1(st), time.UTC)
		if err != nil || v != 1 {
			t.Fatalf("printed back, the report does not read: %v\n%s", err, printV1(st))
		}
		if !reflect.DeepEqual(again, st) {
			t.Fatalf("round trip differs:\n got %+v\nwant %+v", again, st)
		}
	})
}

// printV1 lays a report out the way multi_print_status does for version 1.
func printV1(st *Status) string {
	var b strings.Builder
	tm := func(t time.Time) string { return t.UTC().Format(time.DateTime) }
	fmt.Fprintf(&b, "%s\nUpdated,%s\n%s\n", v1Title, tm(st.UpdatedAt), v1ClientHeader)
	for _, c := range st.Clients {
		fmt.Fprintf(&b, "%s,%s,%d,%d,%s\n", c.CommonName, c.RealAddress.Raw, c.BytesReceived, c.BytesSent, tm(c.ConnectedSince))
	}
	fmt.Fprintf(&b, "%s\n%s\n", v1RoutingTable, v1RouteHeader)
	for _, r := range st.Routes {
		addr := r.VirtualAddress
		if r.Cached {
			addr += "C"
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", addr, r.CommonName, r.RealAddress.Raw, tm(r.LastRef))
	}
	b.WriteString(v1GlobalStats + "\n")
	for _, s := range st.GlobalStats {
		fmt.Fprintf(&b, "%s,%s\n", s.Name, s.Value)
	}
	return b.String() + "END\n"
}

// FuzzParseStatusText covers every layout the text entry point detects:
// no panic, no status with an error, and a truncation always carries what
// was read.
func FuzzParseStatusText(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(transcriptsDir, "*", "*status-*.txt"))
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("OpenVPN STATISTICS")
	f.Add("OpenVPN STATISTICS\nUpdated,Sat Nov  8 18:28:45 2026\nAuth read bytes,1\n")
	f.Add("TITLE,x\n" + v2Header + "\nCLIENT_LIST,a,b,c,1.2.3.4:5,,,1,2,x,3,u,v,4,5,c\n")
	f.Fuzz(func(t *testing.T, text string) {
		st, version, err := ParseStatusText(text, time.UTC)
		if err != nil {
			var te *TruncatedTextError
			if st != nil || (errors.As(err, &te) && te.Partial == nil) {
				t.Fatalf("error %v with status %v", err, st)
			}
			return
		}
		if version < 0 || version > 3 || (version == 0) != (st.Mode == ModeClient) {
			t.Fatalf("version %d, mode %s", version, st.Mode)
		}
	})
}
