package management_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// stateLine is a state reply as a 2.6 server sends it.
func stateLine(name, desc string) string {
	return "1795565207," + name + "," + desc + ",10.8.0.1,,,127.0.0.1,46603\r\nEND\r\n"
}

// daemonInStates answers the n-th "state" with states[n], the last one
// for ever after, and counts the reads.
func daemonInStates(t *testing.T, reads *atomic.Int32, states ...string) string {
	t.Helper()
	d := fakemgmt.Daemon26().On("state", func(c *fakemgmt.Conn) {
		n := int(reads.Add(1)) - 1
		c.Send(states[min(n, len(states)-1)])
	})
	return fakemgmt.Start(t, d.Handle).Addr()
}

// Each read goes to the daemon (none from the cache, which the client
// keeps), and the wait ends at the first CONNECTED or EXITING, or at its
// timeout with the last state seen after a few polls (not one, not a busy
// loop).
func TestWaitConnectedEnds(t *testing.T) {
	for _, tc := range []struct {
		name               string
		states             []string
		timeout            time.Duration
		outcome            management.WaitOutcome
		last               string
		minReads, maxReads int32
	}{
		{"connected after two polls", []string{stateLine("WAIT", ""), stateLine("ASSIGN_IP", ""), stateLine("CONNECTED", "SUCCESS")},
			20 * time.Second, management.WaitReachedConnected, "CONNECTED", 3, 3},
		{"exiting", []string{stateLine("EXITING", "SIGTERM")}, 20 * time.Second, management.WaitDaemonExiting, "EXITING", 1, 1},
		{"timed out in WAIT", []string{stateLine("WAIT", "")}, 800 * time.Millisecond, management.WaitTimedOut, "WAIT", 2, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var reads atomic.Int32
			addr := daemonInStates(t, &reads, tc.states...)
			c, err := management.New(management.Config{Address: addr, Timeout: 5 * time.Second, CacheReads: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = c.Close() })
			st, outcome, err := c.WaitConnected(ctxT(t), tc.timeout)
			if err != nil || outcome != tc.outcome || st.Name != tc.last {
				t.Fatalf("WaitConnected = %+v, %v, %v; want outcome %v with %s last", st, outcome, err, tc.outcome, tc.last)
			}
			if n := reads.Load(); n < tc.minReads || n > tc.maxReads {
				t.Errorf("%d state reads, want %d to %d", n, tc.minReads, tc.maxReads)
			}
		})
	}
}

// A client that cannot reach the daemon this run (a held port: the first
// read times out, the failure is remembered) stops at the RepeatedError
// instead of polling until the timeout.
func TestWaitConnectedStopsOnARepeatedFailure(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Busy)
	c, err := management.New(management.Config{Address: srv.Addr(), Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	st, outcome, err := c.WaitConnected(context.Background(), time.Minute)
	var repeated *management.RepeatedError
	if outcome != management.WaitFailed || !errors.As(err, &repeated) || !errors.Is(err, management.ErrBusy) || st.Name != "" {
		t.Fatalf("WaitConnected = %+v, %v, %v; want WaitFailed with the repeated ErrBusy", st, outcome, err)
	}
	if n := srv.Accepted(); n != 1 {
		t.Errorf("%d connections, want 1: the repeated failure must not be tried again", n)
	}
}

// The caller giving up is not a timeout of the wait.
func TestWaitConnectedCallerGivesUp(t *testing.T) {
	var reads atomic.Int32
	addr := daemonInStates(t, &reads, stateLine("WAIT", ""))
	c := dial(t, addr, "")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for reads.Load() < 2 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	st, outcome, err := c.WaitConnected(ctx, time.Minute)
	if outcome != management.WaitFailed || !errors.Is(err, context.Canceled) || st.Name != "WAIT" {
		t.Fatalf("WaitConnected = %+v, %v, %v; want WaitFailed, canceled, WAIT last", st, outcome, err)
	}
}
