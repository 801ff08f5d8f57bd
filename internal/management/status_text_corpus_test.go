package management

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// The corpus: status reports written by daemons outside this project
// (exporters' fixtures, issue threads), each with the parse a person wrote
// from its bytes in <sample>.expected.json. ParseStatus refuses versions 1
// and 2 there (expect_error); ParseStatusText must read them all.

// The expected parse's types, shorter to write in corpusV1.
type (
	corpusStatus = fixtures.CorpusStatus
	corpusClient = fixtures.CorpusClient
	corpusRoute  = fixtures.CorpusRoute
)

var corpusVersion = map[string]int{"status-v1": 1, "status-v2": 2, "status-v3": 3, "client-statistics": 0}

func TestParseStatusTextCorpus(t *testing.T) {
	samples, err := fixtures.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	for _, exp := range samples {
		if exp.Kind != "status" {
			continue
		}
		name := exp.Name
		t.Run(name, func(t *testing.T) {
			text := exp.Text
			st, version, err := ParseStatusText(text, time.UTC)
			want := exp.Status
			if v1, ok := corpusV1[name]; ok {
				want = v1
			}
			var te *TruncatedTextError
			switch {
			case corpusDamaged[name]:
				if err == nil || errors.As(err, &te) {
					t.Fatalf("damaged sample read without a plain error: %v", err)
				}
				return
			case corpusTruncated[name]:
				if !errors.As(err, &te) {
					t.Fatalf("want a TruncatedTextError, got %v", err)
				}
				if !strings.Contains(te.Read, strconv.Itoa(len(want.Clients))+" ") {
					t.Errorf("the error does not say how many clients were read: %v", err)
				}
				st, version = te.Partial, te.Version
			case err != nil:
				t.Fatal(err)
			}
			if want == nil {
				t.Fatal("no expected parse for this sample")
			}
			if wantV := corpusVersion[exp.Format]; version != wantV {
				t.Errorf("version %d, want %d", version, wantV)
			}
			seen[version]++
			compareCorpus(t, st, want)
		})
	}
	for v, n := range map[int]int{0: 3, 1: 3, 2: 6, 3: 18} {
		if seen[v] < n {
			t.Errorf("only %d version %d samples checked, want %d", seen[v], v, n)
		}
	}
}

// Samples that stop before their last section with no END: excerpts a
// poster cut, and captures rebuilt from partial dumps.
var corpusTruncated = map[string]bool{
	"furlongm-issue153-status3-2.4.7-excerpt": true,
	"furlongm-issue184-status3-2.4.7-rebuilt": true,
	"openvpn-issue889-status3-2.7dev-rebuilt": true,
	"openvpn-issue963-status2-2.6.14-excerpt": true,
	"opnsense-issue2245-status1-commas":       true,
}

// A ROUTING_TABLE row with one TAB typed as a space: too few fields.
var corpusDamaged = map[string]bool{"ojarva-valid1-2.1.4-tap-prefix-odd": true}

func ctimeUTC(s string) int64 {
	t, err := time.Parse(time.ANSIC, s)
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func ptr[T any](v T) *T { return &v }

// corpusV1 is the expected parse of the version 1 samples, whose
// expected.json only records that ParseStatus refuses them. Written from
// the bytes; times are the daemon's local text read as UTC.
var corpusV1 = map[string]*corpusStatus{
	"kumina-issue7-status1-2.4.3": {
		Mode: "server", UpdatedUnix: ptr(ctimeUTC("Mon Nov 20 10:11:52 2017")),
		Clients: []corpusClient{
			{CN: "UNDEF", RealRaw: "16.17.101.136", RealIP: ptr("16.17.101.136"), RealPort: ptr(0), RX: 145939323, TX: 361988340, Since: ctimeUTC("Thu Nov 16 19:05:34 2017")},
			{CN: "UNDEF", RealRaw: "16.17.99.242", RealIP: ptr("16.17.99.242"), RealPort: ptr(0), RX: 5085293, TX: 5335505, Since: ctimeUTC("Thu Nov 16 19:05:28 2017")},
		},
		Routes: []corpusRoute{
			{Vaddr: "30.100.5.222", CN: "UNDEF", RealRaw: "16.16.91.230", LastRef: ctimeUTC("Sat Nov 18 07:03:24 2017")},
			{Vaddr: "30.100.2.142", CN: "UNDEF", RealRaw: "16.17.99.242", LastRef: ctimeUTC("Fri Nov 17 15:49:16 2017")},
		},
		GlobalStats: [][2]string{{"Max bcast/mcast queue length", "0"}},
	},
	"opnsense-issue2245-status1-commas": {
		Mode: "server", UpdatedUnix: ptr(ctimeUTC("Wed Mar  7 16:03:13 2018")),
		Clients: []corpusClient{
			{CN: "AAA, Uwe", RealRaw: "195.88.116.aaa:1194", RX: 17772500, TX: 45501199, Since: ctimeUTC("Fri Mar  9 05:41:16 2018")},
			{CN: "BBB, Saskia", RealRaw: "89.247.184.bbb:62393", RX: 33848660, TX: 279795998, Since: ctimeUTC("Fri Mar  9 00:15:54 2018")},
			{CN: "CCC, Thomas", RealRaw: "31.16.138.ccc:1194", RX: 755407287, TX: 352515573, Since: ctimeUTC("Fri Mar  9 01:34:59 2018")},
		},
	},
	"tonyseek-status1": {
		Mode: "server", UpdatedUnix: ptr(ctimeUTC("Thu Jun 18 08:12:15 2015")),
		Clients: []corpusClient{
			{CN: "foo@example.com", RealRaw: "10.10.10.10:49502", RealIP: ptr("10.10.10.10"), RealPort: ptr(49502), RX: 334948, TX: 1973012, Since: ctimeUTC("Thu Jun 18 04:23:03 2015")},
			{CN: "foo@example.com", RealRaw: "10.10.10.10:49503", RX: 334948, TX: 1973012, Since: ctimeUTC("Thu Jun 18 04:23:03 2015")},
			{CN: "bar@example.com", RealRaw: "10.10.10.10:64169", RX: 1817262, TX: 28981224, Since: ctimeUTC("Thu Jun 18 04:08:39 2015")},
			{CN: "baz@example.com", RealRaw: "10.10.10.10:63414", RX: 111183, TX: 1202203, Since: ctimeUTC("Thu Jun 18 07:57:25 2015")},
			{CN: "tap@example.com", RealRaw: "10.0.0.100:55712", RX: 0, TX: 0, Since: ctimeUTC("Thu Oct 19 20:14:19 2017")},
		},
		Routes: []corpusRoute{
			{Vaddr: "192.168.255.118", CN: "baz@example.com", RealRaw: "10.10.10.10:63414", LastRef: ctimeUTC("Thu Jun 18 08:12:09 2015")},
			{Vaddr: "10.200.0.0/16", CN: "baz@example.com", RealRaw: "10.10.10.10:63414", LastRef: ctimeUTC("Thu Jun 18 08:12:09 2015")},
			{Vaddr: "2001:db8::1000/124", CN: "baz@example.com", RealRaw: "10.10.10.10:63414", LastRef: ctimeUTC("Thu Jun 18 08:12:09 2015")},
			{Vaddr: "192.168.255.134", CN: "foo@example.com", RealRaw: "10.10.10.10:49502", LastRef: ctimeUTC("Thu Jun 18 08:12:09 2015")},
			{Vaddr: "192.168.255.135", CN: "foo@example.com", RealRaw: "10.10.10.10:49503", LastRef: ctimeUTC("Thu Jun 18 08:12:09 2015")},
			{Vaddr: "192.168.255.126", CN: "bar@example.com", RealRaw: "10.10.10.10:64169", LastRef: ctimeUTC("Thu Jun 18 08:11:55 2015")},
			{Vaddr: "22:1d:63:bf:62:38", CN: "tap@example.com", RealRaw: "10.0.0.100:55712", LastRef: ctimeUTC("Thu Oct 19 20:14:19 2017")},
			{Vaddr: "192.168.255.126", Cached: true, CN: "bar@example.com", RealRaw: "10.10.10.10:64169", LastRef: ctimeUTC("Thu Jun 18 08:11:55 2015")},
			{Vaddr: "192.168.255.16", Cached: true, CN: "bar@example.com", RealRaw: "10.10.10.10:64169", LastRef: ctimeUTC("Thu Jun 18 08:11:55 2015")},
			{Vaddr: "192.168.255.1", Cached: true, CN: "bar@example.com", RealRaw: "10.10.10.10:64169", LastRef: ctimeUTC("Thu Jun 18 08:11:55 2015")},
		},
		GlobalStats: [][2]string{{"Max bcast/mcast queue length", "0"}},
	},
}

func compareCorpus(t *testing.T, got *Status, want *corpusStatus) {
	t.Helper()
	if string(got.Mode) != want.Mode {
		t.Errorf("mode %q, want %q", got.Mode, want.Mode)
	}
	if want.Title != nil && got.Title != *want.Title {
		t.Errorf("title %q, want %q", got.Title, *want.Title)
	}
	if want.UpdatedUnix != nil && got.UpdatedAt.Unix() != *want.UpdatedUnix {
		t.Errorf("updated %v, want %d", got.UpdatedAt, *want.UpdatedUnix)
	}
	if want.UpdatedLocal != nil && got.UpdatedAt.Format(time.DateTime) != *want.UpdatedLocal {
		t.Errorf("updated %v, want %s", got.UpdatedAt, *want.UpdatedLocal)
	}
	if len(got.Clients) != len(want.Clients) || len(got.Routes) != len(want.Routes) {
		t.Fatalf("%d clients and %d routes, want %d and %d", len(got.Clients), len(got.Routes), len(want.Clients), len(want.Routes))
	}
	for i, w := range want.Clients {
		compareCorpusClient(t, i, got.Clients[i], w)
	}
	for i, w := range want.Routes {
		g := got.Routes[i]
		if g.VirtualAddress != w.Vaddr || g.CommonName != w.CN || g.RealAddress.Raw != w.RealRaw || g.LastRef.Unix() != w.LastRef || g.Cached != w.Cached {
			t.Errorf("route %d: %+v, want %+v", i, g, w)
		}
	}
	compareStats(t, "global stats", got.GlobalStats, want.GlobalStats)
	compareStats(t, "statistics", got.Statistics, want.Statistics)
}

func compareCorpusClient(t *testing.T, i int, g Session, w corpusClient) {
	t.Helper()
	bad := g.CommonName != w.CN || g.RealAddress.Raw != w.RealRaw || g.VirtualAddress != w.Vaddr ||
		g.BytesReceived != w.RX || g.BytesSent != w.TX || g.ConnectedSince.Unix() != w.Since ||
		(w.RealIP != nil && g.RealAddress.IP != *w.RealIP) || (w.RealPort != nil && g.RealAddress.Port != *w.RealPort) ||
		(w.RealProto != nil && g.RealAddress.Protocol != *w.RealProto) ||
		(w.Vaddr6 != nil && g.VirtualIPv6Address != *w.Vaddr6) || (w.Cipher != nil && g.DataChannelCipher != *w.Cipher) ||
		g.HasUsername != (w.Username != nil) || (w.Username != nil && g.Username != *w.Username) ||
		g.HasClientID != (w.ClientID != nil) || (w.ClientID != nil && g.ClientID != *w.ClientID) ||
		g.HasPeerID != (w.PeerID != nil) || (w.PeerID != nil && g.PeerID != *w.PeerID)
	if bad {
		t.Errorf("client %d: %+v, want %+v", i, g, w)
	}
}

func compareStats(t *testing.T, what string, got []Stat, want [][2]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %v, want %v", what, got, want)
		return
	}
	for i, w := range want {
		if got[i].Name != w[0] || got[i].Value != w[1] {
			t.Errorf("%s %d: %v, want %v", what, i, got[i], w)
		}
	}
}
