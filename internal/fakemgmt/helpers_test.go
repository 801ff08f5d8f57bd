package fakemgmt

import (
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// dial connects a raw client to s, as the tests must not use the package's
// own Conn to check it.
func dial(t *testing.T, s *Server) net.Conn {
	t.Helper()
	network, addr, _ := strings.Cut(s.Addr(), "://")
	nc, err := net.DialTimeout(network, addr, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s: %v", s.Addr(), err)
	}
	t.Cleanup(func() { nc.Close() })
	return nc
}

// readN reads exactly n bytes within a second.
func readN(t *testing.T, nc net.Conn, n int) string {
	t.Helper()
	_ = nc.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, n)
	got, err := io.ReadFull(nc, buf)
	if err != nil {
		t.Fatalf("read %d bytes: got %q, %v", n, buf[:got], err)
	}
	return string(buf)
}

// expectBytes reads len(want) bytes and compares them.
func expectBytes(t *testing.T, nc net.Conn, want string) {
	t.Helper()
	if got := readN(t, nc, len(want)); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// expectSilence checks that nothing arrives for d.
func expectSilence(t *testing.T, nc net.Conn, d time.Duration) {
	t.Helper()
	_ = nc.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 256)
	n, err := nc.Read(buf)
	if n > 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("expected silence, got %q, %v", buf[:n], err)
	}
}

// expectEOF checks that the server closes the connection.
func expectEOF(t *testing.T, nc net.Conn) {
	t.Helper()
	_ = nc.SetReadDeadline(time.Now().Add(time.Second))
	buf := make([]byte, 256)
	n, err := nc.Read(buf)
	if n > 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("expected EOF, got %q, %v", buf[:n], err)
	}
}

func send(t *testing.T, nc net.Conn, s string) {
	t.Helper()
	_ = nc.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := nc.Write([]byte(s)); err != nil {
		t.Fatalf("write %q: %v", s, err)
	}
}

// expectReplies sends each of cmds in turn and requires the captured reply,
// which reply looks up, byte for byte.
func expectReplies(t *testing.T, nc net.Conn, cmds []string, reply func(cmd string) (string, bool, error)) {
	t.Helper()
	for _, cmd := range cmds {
		want, ok, err := reply(cmd)
		if err != nil || !ok {
			t.Fatalf("%q: no capture (%v)", cmd, err)
		}
		send(t, nc, cmd+"\n")
		if got := readN(t, nc, len(want)); got != want {
			t.Fatalf("after %q got\n%q\nwant\n%q", cmd, got, want)
		}
	}
}
