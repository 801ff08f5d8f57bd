package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Idle times for collect. A reply arrives within milliseconds on
// loopback, so 400 ms of silence means the daemon has said all it will;
// "no reply" claims wait longer.
const (
	idle      = 400 * time.Millisecond
	longIdle  = 2 * time.Second
	maxWait   = 5 * time.Second
	eofWait   = 10 * time.Second
	notifWait = 15 * time.Second
)

// entry is one transcript file and how it was made, for the README.
type entry struct {
	file, daemon, sent, note string
	size                     int
	eof                      bool
}

type recorder struct {
	out     string
	entries []entry
}

// save writes data to out/name.txt exactly as received.
func (r *recorder) save(name, daemon, sent string, data []byte, eof bool, note string) error {
	file := name + ".txt"
	if err := os.WriteFile(filepath.Join(r.out, file), data, 0o644); err != nil {
		return err
	}
	r.entries = append(r.entries, entry{file: file, daemon: daemon, sent: sent, note: note, size: len(data), eof: eof})
	fmt.Printf("%-40s %6d bytes%s\n", file, len(data), map[bool]string{true: "  (EOF)"}[eof])
	return nil
}

// exchange sends one line on s and records the reply under name.
func (r *recorder) exchange(s *session, daemon, name, line string) ([]byte, error) {
	return r.exchangeWait(s, daemon, name, line, idle, "")
}

func (r *recorder) exchangeWait(s *session, daemon, name, line string, quiet time.Duration, note string) ([]byte, error) {
	if err := s.send(line); err != nil {
		return nil, err
	}
	data, eof := s.collect(quiet, maxWait+quiet)
	return data, r.save(name, daemon, quote(line), data, eof, note)
}

// exchangeUntil sends line, reads until each marker has arrived in turn
// (for notifications that follow a reply after a variable delay), then
// until idle, and records it all under name.
func (r *recorder) exchangeUntil(s *session, daemon, name, line, note string, markers ...string) error {
	if err := s.send(line); err != nil {
		return err
	}
	var data []byte
	for _, m := range markers {
		b, err := s.until(m, eofWait)
		data = append(data, b...)
		if err != nil {
			return err
		}
	}
	rest, eof := s.collect(idle, maxWait)
	return r.save(name, daemon, quote(line), append(data, rest...), eof, note)
}

// quote shows a sent line so control characters and trailing spaces are
// visible in the README.
func quote(line string) string {
	q := fmt.Sprintf("%q", line)
	if len(q) > 90 {
		q = q[:60] + fmt.Sprintf("…\" (%d bytes)", len(line))
	}
	return "`" + strings.ReplaceAll(q, "`", "'") + "`"
}
