package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// session is a raw management connection. Nothing here parses lines: the
// point of the capture is the exact bytes, including the newline-less
// password prompt and whatever a line reader would hide.
type session struct {
	c       net.Conn
	pending []byte // read past the marker by until, returned by the next read
}

func dial(addr string) (*session, error) {
	network, target := "tcp", strings.TrimPrefix(addr, "tcp://")
	if strings.HasPrefix(addr, "unix://") {
		network, target = "unix", strings.TrimPrefix(addr, "unix://")
	}
	c, err := net.DialTimeout(network, target, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return &session{c: c}, nil
}

func (s *session) close() { _ = s.c.Close() }

// send writes line plus "\n", the way the daemon expects input.
func (s *session) send(line string) error {
	_, err := s.c.Write([]byte(line + "\n"))
	return err
}

// collect returns every byte that arrives until the connection has been
// quiet for idle, limit has passed, or the daemon closed it (eof).
func (s *session) collect(idle, limit time.Duration) (data []byte, eof bool) {
	data, s.pending = s.pending, nil
	end := time.Now().Add(limit)
	buf := make([]byte, 64<<10)
	for {
		dl := time.Now().Add(idle)
		if dl.After(end) {
			dl = end
		}
		_ = s.c.SetReadDeadline(dl)
		n, err := s.c.Read(buf)
		data = append(data, buf[:n]...)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return data, false
		}
		if err != nil {
			return data, true
		}
	}
}

// until reads until marker has arrived and returns the bytes up to and
// including it; anything after it is kept for the next read.
func (s *session) until(marker string, limit time.Duration) ([]byte, error) {
	data := s.pending
	s.pending = nil
	_ = s.c.SetReadDeadline(time.Now().Add(limit))
	buf := make([]byte, 64<<10)
	for {
		if i := bytes.Index(data, []byte(marker)); i >= 0 {
			s.pending = append([]byte(nil), data[i+len(marker):]...)
			return data[:i+len(marker)], nil
		}
		n, err := s.c.Read(buf)
		data = append(data, buf[:n]...)
		if err != nil {
			return data, fmt.Errorf("waiting for %q: %w (got %q)", marker, err, data)
		}
	}
}
