package fakemgmt

import (
	"strconv"
	"strings"
	"testing"
)

// The status renderer was laid out from OpenVPN's sources for the releases
// other than 2.6. Now that every release has a capture, each of the twelve
// captured status 2 and 3 reports (four releases, three labs) is read back
// into a Status and rendered again: V2 and V3 must give the captured bytes,
// so the layout flags of ReleaseLayout are the daemon's. (Status 1 was
// captured at another moment, with other counters, and has no time_t to
// read back; its layout is the same in all four releases.)
func TestRendererMatchesEveryCapturedStatus(t *testing.T) {
	for _, rel := range CapturedReleases {
		for _, lab := range Labs {
			t.Run(rel+"/"+labName(lab), func(t *testing.T) {
				for _, x := range []struct {
					cmd    string
					render func(Status) []byte
				}{{"status 2", Status.V2}, {"status 3", Status.V3}} {
					want, _, err := CapturedReply(rel, lab, x.cmd)
					if err != nil {
						t.Fatal(err)
					}
					// No field of these captures holds a comma, so status 2
					// reads back as status 3 with its commas turned to TABs.
					st := statusFromCapture(t, rel, strings.ReplaceAll(want, ",", "\t"))
					if got := string(x.render(st)); got != want {
						t.Errorf("%s rendered\n%s\ncaptured\n%s", x.cmd, got, want)
					}
				}
			})
		}
	}
}

func TestReleaseLayout(t *testing.T) {
	for rel, want := range map[string]Release{
		"2.4.12": {CTime: true},
		"2.5.11": {Cipher: true},
		"2.6.14": {Cipher: true, DCOStat: true},
		"2.7.6":  {Cipher: true, DCOStat: true, Proto: true},
		"2.7.0":  {Cipher: true, DCOStat: true, Proto: true},
		"2.4.7":  {CTime: true},
	} {
		want.Title = "T"
		if got := ReleaseLayout(rel, "T"); got != want {
			t.Errorf("ReleaseLayout(%s) = %+v, want %+v", rel, got, want)
		}
	}
	// The layouts written from the sources before the captures existed
	// agree with the captured releases.
	for _, x := range []struct {
		name string
		r    Release
		rel  string
	}{{"Release24", Release24, "2.4.12"}, {"Release26", Release26, "2.6.14"}, {"Release27", Release27, "2.7.6"}} {
		if got := ReleaseLayout(x.rel, x.r.Title); got != x.r {
			t.Errorf("%s = %+v, the %s capture says %+v", x.name, x.r, x.rel, got)
		}
	}
}

// statusFromCapture reads a captured status 3 reply into a Status.
func statusFromCapture(t *testing.T, release, v3 string) Status {
	t.Helper()
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("%q is not a number", s)
		}
		return n
	}
	var st Status
	byPeer := map[string]int{} // "CN real-address" -> client index
	for _, line := range strings.Split(strings.TrimSuffix(v3, "\r\n"), "\r\n") {
		f := strings.Split(line, "\t")
		switch f[0] {
		case "TITLE":
			st.Release = ReleaseLayout(release, f[1])
		case "TIME":
			st.Now = num(f[2])
		case "CLIENT_LIST":
			c := Client{CommonName: f[1], VirtualAddress: f[3], VirtualIPv6: f[4],
				BytesReceived: uint64(num(f[5])), BytesSent: uint64(num(f[6])), ConnectedSince: num(f[8]),
				Username: f[9], ClientID: uint64(num(f[10])), PeerID: uint32(num(f[11]))}
			if len(f) > 12 {
				c.Cipher = f[12]
			}
			c.Proto, c.RealIP, c.RealPort = splitReal(f[2])
			byPeer[f[1]+" "+f[2]] = len(st.Clients)
			st.Clients = append(st.Clients, c)
		case "ROUTING_TABLE":
			i, ok := byPeer[f[2]+" "+f[3]]
			if !ok {
				t.Fatalf("route %q of no client", line)
			}
			st.Routes = append(st.Routes, Route{Address: f[1], Client: i, LastRef: num(f[5])})
		}
	}
	return st
}

// splitReal undoes Status.real for the shapes the captures hold:
// "127.0.0.1:port", "::1", "udp4:127.0.0.1:port", "udp6:[::1]:port".
func splitReal(s string) (proto, ip string, port int) {
	if p, rest, ok := strings.Cut(s, ":"); ok && (strings.HasPrefix(p, "udp") || strings.HasPrefix(p, "tcp")) {
		proto, s = p, rest
	}
	if strings.HasPrefix(s, "[") {
		host, p, _ := strings.Cut(s[1:], "]:")
		port, _ = strconv.Atoi(p)
		return proto, host, port
	}
	if strings.Count(s, ":") != 1 {
		return proto, s, 0
	}
	host, p, _ := strings.Cut(s, ":")
	port, _ = strconv.Atoi(p)
	return proto, host, port
}
