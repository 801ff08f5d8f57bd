package management

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The parsers read whatever a daemon (or something pretending to be one)
// sends, so they must never panic and must keep their promises on any input.

// fuzzStatusLines turns fuzz bytes into reply lines the way the client
// does: split on \n, the CR is left for the parser to drop.
func fuzzStatusLines(data string) []string {
	if data == "" {
		return nil
	}
	return strings.Split(data, "\n")
}

func addStatusSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "status", "*.txt"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no status fixtures: %v", err)
	}
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(raw))
	}
}

func FuzzParseStatus(f *testing.F) {
	addStatusSeeds(f)
	f.Add("TITLE\tx\nCLIENT_LIST\ta\tb")
	f.Add("HEADER\tCLIENT_LIST\tReal Address\tCommon Name\nCLIENT_LIST\t\t")
	f.Fuzz(func(t *testing.T, data string) {
		lines := fuzzStatusLines(data)
		st, err := ParseStatus(lines)
		if err != nil {
			if st != nil {
				t.Fatalf("error %v with a non-nil status", err)
			}
			return
		}
		if st.Mode != ModeServer {
			return
		}
		var clientRows, routeRows int
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, "CLIENT_LIST\t"):
				clientRows++
			case strings.HasPrefix(l, "ROUTING_TABLE\t"):
				routeRows++
			}
		}
		if len(st.Clients) != clientRows || len(st.Routes) != routeRows {
			t.Fatalf("%d sessions from %d CLIENT_LIST rows, %d routes from %d ROUTING_TABLE rows",
				len(st.Clients), clientRows, len(st.Routes), routeRows)
		}
		for i, s := range st.Clients {
			if s.RealAddress.Raw == "" {
				t.Fatalf("session %d has an empty real address", i)
			}
			if s.RealAddress.Port != 0 && s.RealAddress.IP == "" {
				t.Fatalf("session %d: a port without an IP: %+v", i, s.RealAddress)
			}
		}
		for i, r := range st.Routes {
			if !r.Cached && strings.HasSuffix(r.VirtualAddress, "C") {
				t.Fatalf("route %d: %q ends in the cache flag but is not cached", i, r.VirtualAddress)
			}
		}
	})
}

func FuzzParseState(f *testing.F) {
	for _, s := range []string{
		"1795550806,CONNECTED,SUCCESS,10.8.0.11,127.0.0.1,11940,,",
		"1795550801,CONNECTED,SUCCESS,10.8.0.1,,,127.0.0.1,11940",
		"1795550806,WAIT,,,,,,",
		"1795550806,CONNECTED,SUCCESS,10.8.0.11,2001:db8::1,1194,2001:db8::2,50000,fd00:8::1000",
		"1434601383,CONNECTED,SUCCESS,10.8.0.6,198.51.100.7",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		s, err := ParseState(line)
		if err != nil {
			return
		}
		if s.RemotePort < 0 || s.RemotePort > 65535 || s.LocalPort < 0 || s.LocalPort > 65535 {
			t.Fatalf("ports out of range: %+v", s)
		}
		if strings.Contains(s.Name, ",") || strings.Contains(s.RemoteIP, ",") {
			t.Fatalf("a field kept a comma: %+v", s)
		}
	})
}

func FuzzParseLogLine(f *testing.F) {
	for _, s := range []string{
		"1795550902,,alice/127.0.0.1:47212 SIGTERM[soft,remote-exit] received, client-instance exiting",
		"1795550806,I,Initialization Sequence Completed",
		"1795550806,NW,WARNING: x, y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		l, err := ParseLogLine(line)
		if err == nil {
			if strings.Contains(l.Flags, ",") {
				t.Fatalf("flags kept a comma: %+v", l)
			}
			// Nothing of the message may be lost: time,flags,message rebuilds the line.
			if !strings.HasSuffix(strings.TrimSuffix(line, "\r"), ","+l.Flags+","+l.Message) {
				t.Fatalf("%q does not end with the parsed flags and message %+v", line, l)
			}
		}
		e, err := ParseEchoLine(line)
		if err == nil && !strings.HasSuffix(strings.TrimSuffix(line, "\r"), ","+e.Text) {
			t.Fatalf("%q does not end with the parsed echo text %q", line, e.Text)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	f.Add("OpenVPN Version: OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]\nManagement Version: 5")
	f.Add("OpenVPN Version: OpenVPN 2.7_rc1 x86_64\nManagement Version: 5")
	f.Add("Management Version: 6\r\nOpenVPN Version: OpenVPN 2.6_git\r")
	f.Fuzz(func(t *testing.T, data string) {
		v, err := ParseVersion(strings.Split(data, "\n"))
		if err != nil {
			return
		}
		if v.Release == "" || v.Major < 0 || v.Minor < 0 || v.Patch < 0 || v.ManagementVersion < 0 {
			t.Fatalf("implausible version %+v", v)
		}
	})
}
