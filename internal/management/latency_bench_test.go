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
			openvpnlab.TimeStatus(b, clients, func(ctx context.Context) (int, error) {
				st, err := c.Status(ctx)
				if err != nil {
					return 0, err
				}
				return len(st.Clients), nil
			})
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
