package openvpnlab

import (
	"context"
	"testing"
)

// TimeStatus is the timed part of a status-latency benchmark, shared by
// the management client's and the remote dialer's: status runs once
// outside the timing (it connects) and must list the lab's clients, then
// b.N times on the open connection. It reports ms/status. status returns
// how many clients the reply listed; it takes a function, not a client,
// because the management package's own tests use this lab too and must
// not import themselves through it.
func TimeStatus(b *testing.B, clients int, status func(context.Context) (listed int, err error)) {
	b.Helper()
	ctx := context.Background()
	listed, err := status(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if listed != clients {
		b.Fatalf("%d clients listed, want %d", listed, clients)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := status(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/status")
}
