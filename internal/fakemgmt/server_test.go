package fakemgmt

import (
	"reflect"
	"testing"
	"time"
)

func TestServerAcceptedAndReceived(t *testing.T) {
	s := Start(t, func(c *Conn) {
		c.Send("hello " + string(rune('0'+c.Index())) + "\r\n")
		c.Expect(t, "one")
		c.Expect(t, "two")
	})
	if s.Accepted() != 0 {
		t.Fatalf("Accepted before any dial = %d", s.Accepted())
	}
	for i := 0; i < 2; i++ {
		nc := dial(t, s)
		expectBytes(t, nc, "hello "+string(rune('0'+i))+"\r\n")
		send(t, nc, "one\r\ntwo\n")
		expectEOF(t, nc) // the handler returned, so the connection closed
	}
	if s.Accepted() != 2 {
		t.Errorf("Accepted = %d, want 2", s.Accepted())
	}
	for _, c := range s.Conns() {
		if got := c.Received(); !reflect.DeepEqual(got, []string{"one", "two"}) {
			t.Errorf("conn %d Received = %q", c.Index(), got)
		}
	}
}

func TestServerCloseEndsHandlersAndIsIdempotent(t *testing.T) {
	s := Start(t, Busy)
	nc := dial(t, s)
	send(t, nc, "status 3\n")
	waitAccepted(t, s, 1)
	// Let Busy read the line: closing a socket with unread input sends RST, not FIN.
	waitReceived(t, s.Conns()[0], 1)
	done := make(chan struct{})
	go func() { s.Close(); s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not return while a Busy handler held a connection")
	}
	expectEOF(t, nc)
}

func TestStartUnix(t *testing.T) {
	s := StartUnix(t, t.TempDir(), Daemon26().Handle)
	if len(s.Addr()) < len("unix:///") || s.Addr()[:8] != "unix:///" {
		t.Fatalf("Addr = %q", s.Addr())
	}
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	send(t, nc, "verb\n")
	expectBytes(t, nc, "SUCCESS: verb=3\r\n")
}

func waitAccepted(t *testing.T, s *Server, n int) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); s.Accepted() < n; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Accepted = %d, want %d", s.Accepted(), n)
		}
	}
}

func waitReceived(t *testing.T, c *Conn, n int) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); len(c.Received()) < n; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Received = %q, want %d lines", c.Received(), n)
		}
	}
}
