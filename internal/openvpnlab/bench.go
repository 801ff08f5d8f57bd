package openvpnlab

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TimeStatus is the timed part of a status-latency benchmark, shared by
// the management client's and the remote dialer's: status runs once
// outside the timing (it connects) and must list the lab's clients, then
// b.N times on the open connection. It reports ms/status (the mean) and
// the replies' latencies (ReportLatencies). status returns how many
// clients the reply listed; it takes a function, not a client, because
// the management package's own tests use this lab too and must not import
// themselves through it.
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
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := status(ctx); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/status")
	ReportLatencies(b, "", took)
}

// ReportLatencies reports the median and the 90th percentile of took in
// ms (prefix+"median-ms", prefix+"p90-ms") and how many took longer than
// 10 ms (prefix+"over-10ms"), and returns the two. A mean hides what a
// reader of the management port meets: one 40 ms stall in ten replies
// barely moves it, and shows in the 90th percentile and that count. It
// sorts took.
func ReportLatencies(b *testing.B, prefix string, took []time.Duration) (median, p90 float64) {
	b.Helper()
	slices.Sort(took)
	ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
	median, p90 = ms(0.5), ms(0.9)
	slow := 0
	for _, d := range took {
		if d > 10*time.Millisecond {
			slow++
		}
	}
	b.ReportMetric(median, prefix+"median-ms")
	b.ReportMetric(p90, prefix+"p90-ms")
	b.ReportMetric(float64(slow), prefix+"over-10ms")
	return median, p90
}
