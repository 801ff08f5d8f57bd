package management

import (
	"context"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// BenchmarkRealStatusLatency measures status 3 on a real daemon with 200
// connected clients, over TCP with and without the quick ACKs and over a
// unix socket. Without quick ACKs every multi-line reply waits ~40 ms for
// the reader's delayed ACK (see quickack_linux.go). Run with
//
//	go test -run '^$' -bench RealStatusLatency -benchtime 200x ./internal/management/
func BenchmarkRealStatusLatency(b *testing.B) {
	const clients = 200
	tcp, unix := startLatencyLab(b, clients)
	for _, tc := range []struct {
		name     string
		addr     string
		quickAck bool
	}{
		{"tcp", tcp.ManagementAddress, true},
		{"tcp-plain-reader", tcp.ManagementAddress, false},
		{"unix", unix.ManagementAddress, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			quickAckEnabled = tc.quickAck
			defer func() { quickAckEnabled = true }()
			c, err := New(Config{Address: tc.addr, Password: "bench", Timeout: 10 * time.Second})
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = c.Close() }()
			ctx := context.Background()
			st, err := c.Status(ctx) // connect outside the timing
			if err != nil {
				b.Fatal(err)
			}
			if len(st.Clients) != clients {
				b.Fatalf("%d clients listed, want %d", len(st.Clients), clients)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := c.Status(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/status")
		})
	}
}

// startLatencyLab starts a TCP and a unix-socket server with n clients each.
func startLatencyLab(b *testing.B, n int) (*openvpnlab.Server, *openvpnlab.Server) {
	b.Helper()
	servers := make([]*openvpnlab.Server, 2)
	for i, unix := range []bool{false, true} {
		servers[i] = openvpnlab.StartServerT(b, openvpnlab.ServerConfig{Password: "bench", ManagementUnix: unix})
		openvpnlab.StartClientsT(b, servers[i], n)
	}
	return servers[0], servers[1]
}
