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
// version 1.
func BenchmarkParseStatusText(b *testing.B) {
	const n = 10000
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
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
		})
	}
}
