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
// the median and 90th percentile of the replies (median-ms, p90-ms). status
// returns how many clients the reply listed; it takes a function, not a
// client, because the management package's own tests use this lab too and
// must not import themselves through it.
func TimeStatus(b *testing.B, clients int, status func(context.Context) (listed int, err error)) {
	b.Helper()
	listed, err := status(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	if listed != clients {
		b.Fatalf("%d clients listed, want %d", listed, clients)
	}
	timeReplies(b, "status", func(ctx context.Context) error {
		_, err := status(ctx)
		return err
	})
}

// TimeReplies runs reply once outside the timing (it connects), then b.N
// times, and reports ms/<unit> (the mean), median-ms, p90-ms and over-10ms,
// the number of replies that took longer than 10 ms. A mean hides what a
// reader of the management port meets: one 40 ms stall in ten replies
// barely moves it, and shows in the 90th percentile and that count.
func TimeReplies(b *testing.B, unit string, reply func(context.Context) error) {
	b.Helper()
	if err := reply(context.Background()); err != nil {
		b.Fatal(err)
	}
	timeReplies(b, unit, reply)
}

func timeReplies(b *testing.B, unit string, reply func(context.Context) error) {
	b.Helper()
	ctx := context.Background()
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := reply(ctx); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/"+unit)
	slices.Sort(took)
	ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "median-ms")
	b.ReportMetric(ms(0.9), "p90-ms")
	slow := 0
	for _, d := range took {
		if d > 10*time.Millisecond {
			slow++
		}
	}
	b.ReportMetric(float64(slow), "over-10ms")
}
