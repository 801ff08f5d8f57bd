package management

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkParseStatusText measures the text entry point on n sessions in
// each layout: version 3, version 2 (the same with commas), version 2
// with a comma in every common name (each row is re-split by shape), and
// version 1. ns/client and B/client should stay flat from 1,000 to
// 100,000 sessions: the parse is linear in the sessions.
//
//	go test -run '^$' -bench 'ParseStatusText$' -benchmem ./internal/management/
func BenchmarkParseStatusText(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		v3 := statusV3Text(n)
		st, err := ParseStatus(splitReply(b, "generated", v3))
		if err != nil {
			b.Fatal(err)
		}
		texts := map[string]string{
			"v3":        v3,
			"v2":        strings.ReplaceAll(v3, "\t", ","),
			"v2-commas": strings.ReplaceAll(strings.ReplaceAll(v3, "\t", ","), ",client-", ",Doe, client-"),
			"v1":        printV1(st),
		}
		for _, name := range []string{"v3", "v2", "v2-commas", "v1"} {
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				text := texts[name]
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					st, _, err := ParseStatusText(text, time.UTC)
					if err != nil || len(st.Clients) != n {
						b.Fatalf("%v", err)
					}
				}
				reportPerClient(b, n)
			})
		}
	}
}

// BenchmarkParseStatusTextCommas measures one version 2 row whose common
// name holds n commas (the username is UNDEF), the shape a hostile or
// careless certificate gives. The extra fields can go to the common name
// or the username in n+1 ways; the parse must stay linear in n.
//
//	go test -run '^$' -bench 'ParseStatusTextCommas' -benchmem ./internal/management/
func BenchmarkParseStatusTextCommas(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000, 40000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			cn := commaName(n)
			text := v2Text(cn + ",127.0.0.1:1,10.8.0.10,,1,2,2026-11-24 20:06:46,1795550806,UNDEF,0,0,AES-256-GCM")
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				st, _, err := ParseStatusText(text, time.UTC)
				if err != nil || st.Clients[0].CommonName != cn {
					b.Fatalf("%v", err)
				}
			}
		})
	}
}

// commaName is a common name of n commas ("a,a,…,a").
func commaName(n int) string { return strings.Repeat("a,", n) + "a" }

// reportPerClient adds ns/client, which stays flat when the work is
// linear in the sessions (B/op divided by n does too).
func reportPerClient(b *testing.B, n int) {
	b.Helper()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
}
