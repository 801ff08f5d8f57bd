package management

import (
	"fmt"
	"strings"
	"testing"
)

// statusV3Text builds a 2.6-style "status 3" reply for n clients, one
// route each, with the shape of server-2.6.txt. Lines end in \r\n and the
// reply ends with END, as on the wire.
func statusV3Text(n int) string {
	const since = 1795550806
	var b strings.Builder
	b.WriteString("TITLE\tOpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]\r\n")
	b.WriteString("TIME\t2026-11-24 20:07:00\t1795550820\r\n")
	b.WriteString("HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher\r\n")
	for i := range n {
		fmt.Fprintf(&b, "CLIENT_LIST\tclient-%05d\t127.0.0.1:%d\t%s\t\t%d\t%d\t2026-11-24 20:06:46\t%d\tUNDEF\t%d\t%d\tAES-256-GCM\r\n",
			i, 20000+i%40000, benchVirtual(i), 2985+i, 3012+i, since+i%60, i, i)
	}
	b.WriteString("HEADER\tROUTING_TABLE\tVirtual Address\tCommon Name\tReal Address\tLast Ref\tLast Ref (time_t)\r\n")
	for i := range n {
		fmt.Fprintf(&b, "ROUTING_TABLE\t%s\tclient-%05d\t127.0.0.1:%d\t2026-11-24 20:06:59\t%d\r\n",
			benchVirtual(i), i, 20000+i%40000, since+13)
	}
	b.WriteString("GLOBAL_STATS\tMax bcast/mcast queue length\t0\r\n")
	b.WriteString("GLOBAL_STATS\tdco_enabled\t0\r\n")
	b.WriteString("END\r\n")
	return b.String()
}

// benchVirtual is client i's virtual address, 10.8.0.2 up, 250 to a /24,
// crossing into 10.9.0.2 after 62,500 clients so that every address stays
// an IP address (version 2 rows are read by the shape of that column).
func benchVirtual(i int) string {
	return fmt.Sprintf("10.%d.%d.%d", 8+i/62500, i/250%250, i%250+2)
}

var benchSizes = []int{100, 1000, 10000}

// BenchmarkParseStatus measures ParseStatus on the lines a reader hands it
// (split on \r\n, END dropped), so only parsing is timed.
func BenchmarkParseStatus(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			text := statusV3Text(n)
			lines := splitReply(b, "generated", text)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				st, err := ParseStatus(lines)
				if err != nil || len(st.Clients) != n {
					b.Fatalf("%d clients, %v", len(st.Clients), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
		})
	}
}

// BenchmarkSplitBaseline is the floor: the same bytes only cut into lines
// and TAB fields, with no conversion or validation.
func BenchmarkSplitBaseline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			text := statusV3Text(n)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			fields := 0
			for b.Loop() {
				for _, line := range strings.Split(text, "\n") {
					fields += len(strings.Split(line, "\t"))
				}
			}
			if fields == 0 {
				b.Fatal("nothing split")
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
		})
	}
}
