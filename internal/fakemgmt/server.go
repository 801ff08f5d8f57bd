package fakemgmt

import (
	"errors"
	"net"
	"path/filepath"
	"sync"
	"testing"
)

// Handler scripts one accepted connection. It runs on its own goroutine; when
// it returns, the connection is closed.
type Handler func(c *Conn)

// Server listens on loopback TCP or a unix socket and runs a Handler per
// accepted connection. Unlike the real daemon it serves connections
// concurrently; a test that needs "only one client at a time" scripts it with
// Busy for the second connection (see Sequence).
type Server struct {
	t        testing.TB
	ln       net.Listener
	addr     string
	handler  Handler
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []*Conn
	accepted int
	closed   bool
}

// Start listens on 127.0.0.1:0 and serves h. It registers Close with
// t.Cleanup, so handlers have returned before the test ends (a handler's
// t.Errorf after that would panic).
func Start(t testing.TB, h Handler) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("fakemgmt: listen: %v", err)
	}
	return serve(t, ln, "tcp://"+ln.Addr().String(), h)
}

// StartUnix listens on a unix socket named "mgmt.sock" in dir (usually
// t.TempDir(); keep it short, sun_path holds 108 bytes) and serves h.
func StartUnix(t testing.TB, dir string, h Handler) *Server {
	t.Helper()
	path := filepath.Join(dir, "mgmt.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatalf("fakemgmt: listen: %v", err)
	}
	return serve(t, ln, "unix://"+path, h)
}

func serve(t testing.TB, ln net.Listener, addr string, h Handler) *Server {
	s := &Server{t: t, ln: ln, addr: addr, handler: h}
	t.Cleanup(s.Close)
	s.wg.Add(1)
	go s.acceptLoop()
	return s
}

// Addr is where the server listens: "tcp://127.0.0.1:PORT" or "unix:///path".
func (s *Server) Addr() string { return s.addr }

// Accepted is the number of connections accepted so far, for tests asserting
// that one connection is shared (the daemon serves one client at a time).
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Conns returns the connections accepted so far, in order, so a test can
// inspect what each one received.
func (s *Server) Conns() []*Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Conn(nil), s.conns...)
}

// Close stops listening, closes every connection and waits for the handlers
// to return. It is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := s.conns
	s.mu.Unlock()

	s.ln.Close()
	for _, c := range conns {
		c.Close()
	}
	s.wg.Wait()
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.t.Errorf("fakemgmt: accept: %v", err)
			}
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		c := newConn(s.t, nc, s.accepted)
		s.accepted++
		s.conns = append(s.conns, c)
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.handler(c)
		}()
	}
}
