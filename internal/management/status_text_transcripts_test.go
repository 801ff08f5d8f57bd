package management

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

var transcriptsDir = outsideDialChild(fixtures.TranscriptDir)

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustParseText(t *testing.T, name, text string, wantVersion int) *Status {
	t.Helper()
	st, v, err := ParseStatusText(text, time.UTC)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if v != wantVersion {
		t.Fatalf("%s: version %d, want %d", name, v, wantVersion)
	}
	return st
}

// Every status reply captured from 2.4.12, 2.5.11, 2.6.14 and 2.7.6 (UDP
// with three clients, TCP, IPv6), in the three versions. The captures of
// one lab were taken seconds apart from the same sessions, and the labs
// ran in UTC, so the three versions must agree on every session's common
// name, real address and connection time, and version 2 must be version 3
// with commas wherever the bytes are the same.
func TestParseStatusTextTranscripts(t *testing.T) {
	releases := []string{"openvpn-2.4.12", "openvpn-2.5.11", "openvpn-2.6.14", "openvpn-2.7.6"}
	labs := map[string]int{"": 3, "tcp4-": 1, "udp6-": 1} // file prefix: sessions
	for _, rel := range releases {
		for prefix, sessions := range labs {
			name := rel + "/" + prefix + "status-"
			t.Run(name, func(t *testing.T) {
				text3 := readText(t, filepath.Join(transcriptsDir, rel, prefix+"status-3.txt"))
				text2 := readText(t, filepath.Join(transcriptsDir, rel, prefix+"status-2.txt"))
				v3 := mustParseText(t, name+"3", text3, 3)
				v2 := mustParseText(t, name+"2", text2, 2)
				v1 := mustParseText(t, name+"1", readText(t, filepath.Join(transcriptsDir, rel, prefix+"status-1.txt")), 1)

				// The text path reads version 3 exactly like the live path.
				live, err := ParseStatus(splitReply(t, name+"3", text3))
				if err != nil {
					t.Fatal(err)
				}
				compareStatus(t, v3, live)

				if strings.ReplaceAll(text3, "\t", ",") == text2 {
					compareStatus(t, v2, v3)
				} else {
					sameSessions(t, "v2", v2, v3, true)
				}
				sameSessions(t, "v1", v1, v3, false)

				for _, st := range []*Status{v1, v2, v3} {
					if len(st.Clients) != sessions {
						t.Errorf("%d clients, the lab had %d", len(st.Clients), sessions)
					}
					if st.UpdatedAt.IsZero() || len(st.GlobalStats) == 0 || st.GlobalStats[0].Name != "Max bcast/mcast queue length" {
						t.Errorf("updated %v, global stats %v", st.UpdatedAt, st.GlobalStats)
					}
				}
				// 2.4.12 prints ctime(), the others ISO; both read to the same second.
				if d := v3.UpdatedAt.Sub(v1.UpdatedAt); d < -10*time.Second || d > 10*time.Second {
					t.Errorf("v1 Updated %v is %v from v3 TIME %v", v1.UpdatedAt, d, v3.UpdatedAt)
				}
				for _, c := range v1.Clients {
					if c.HasClientID || c.HasPeerID || c.HasUsername || c.VirtualAddress != "" || c.DataChannelCipher != "" {
						t.Errorf("v1 carries no virtual address, username, IDs or cipher: %+v", c)
					}
				}
			})
		}
	}
}

// sameSessions checks got against want session by session (matched by
// common name and real address: the captures are seconds apart, so byte
// counters and last-ref times may differ).
func sameSessions(t *testing.T, what string, got, want *Status, withIDs bool) {
	t.Helper()
	if len(got.Clients) != len(want.Clients) || len(got.Routes) != len(want.Routes) {
		t.Fatalf("%s: %d clients, %d routes; v3 has %d, %d", what, len(got.Clients), len(got.Routes), len(want.Clients), len(want.Routes))
	}
	for _, g := range got.Clients {
		w := findSession(want.Clients, g.CommonName, g.RealAddress.Raw)
		if w == nil {
			t.Errorf("%s: session %s %s is not in v3", what, g.CommonName, g.RealAddress.Raw)
			continue
		}
		if !g.ConnectedSince.Equal(w.ConnectedSince) || g.RealAddress != w.RealAddress {
			t.Errorf("%s: %s connected %v from %+v; v3 says %v from %+v", what, g.CommonName, g.ConnectedSince, g.RealAddress, w.ConnectedSince, w.RealAddress)
		}
		if withIDs && (g.ClientID != w.ClientID || g.VirtualAddress != w.VirtualAddress || g.VirtualIPv6Address != w.VirtualIPv6Address) {
			t.Errorf("%s: %+v, v3 has %+v", what, g, w)
		}
	}
	routes := map[Route]bool{}
	for _, r := range want.Routes {
		r.LastRef = time.Time{}
		routes[r] = true
	}
	for _, r := range got.Routes {
		r.LastRef = time.Time{}
		if !routes[r] {
			t.Errorf("%s: route %+v is not in v3", what, r)
		}
	}
}

func findSession(sessions []Session, cn, realAddress string) *Session {
	for i := range sessions {
		if sessions[i].CommonName == cn && sessions[i].RealAddress.Raw == realAddress {
			return &sessions[i]
		}
	}
	return nil
}

// The same reply with LF instead of CRLF, without END, or with END but no
// final line break reads the same; without END and without a final line
// break, the last line may be cut and the text is refused as truncated.
func TestParseStatusTextFraming(t *testing.T) {
	for _, file := range []string{"openvpn-2.7.6/status-1.txt", "openvpn-2.7.6/status-2.txt", "openvpn-2.4.12/udp6-status-3.txt",
		"openvpn-auth-oauth2-2.0.0/status-3.txt"} {
		crlf := readText(t, filepath.Join(transcriptsDir, file))
		want, version, err := ParseStatusText(crlf, time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		lf := strings.ReplaceAll(crlf, "\r\n", "\n")
		noEnd := strings.TrimSuffix(crlf, "END\r\n")
		for name, text := range map[string]string{
			"LF":                        lf,
			"byte order mark":           "\uFEFF" + crlf,
			"no END":                    noEnd,
			"no END, LF":                strings.TrimSuffix(lf, "END\n"),
			"END without line break":    strings.TrimSuffix(crlf, "\r\n"),
			"rows after END":            crlf + "HEADER,ERRORS,Common Name,TUN Read Trunc\r\nERRORS,x,0\r\n",
			"notifications interleaved": ">CLIENT:ESTABLISHED,0\r\n>CLIENT:ENV,n_clients=1\r\n" + strings.Replace(crlf, "\r\n", "\r\n>BYTECOUNT_CLI:0,1,2\r\n", 3),
			"blank lines before and in": "\r\n\r\n" + strings.Replace(crlf, "\r\n", "\r\n\r\n", 4),
		} {
			got, v, err := ParseStatusText(text, time.UTC)
			if err != nil || v != version {
				t.Errorf("%s, %s: version %d, %v", file, name, v, err)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: parse differs:\n got %+v\nwant %+v", file, name, got, want)
			}
		}

		cut := strings.TrimSuffix(noEnd, "\r\n")
		_, _, err = ParseStatusText(cut, time.UTC)
		var te *TruncatedTextError
		if !errors.As(err, &te) || !errors.Is(err, ErrTruncatedStatus) {
			t.Fatalf("%s without END, last line unterminated: %v, want a TruncatedTextError", file, err)
		}
		if lastLine := cut[strings.LastIndex(cut, "\n")+1:]; te.CutLine != lastLine {
			t.Errorf("%s: cut line %q, want %q", file, te.CutLine, lastLine)
		}
		if te.Partial == nil || len(te.Partial.Clients) != len(want.Clients) {
			t.Errorf("%s: partial %+v", file, te.Partial)
		}
	}
}
