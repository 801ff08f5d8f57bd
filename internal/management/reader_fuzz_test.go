package management

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// The line reader is the first thing a peer's bytes meet: whatever they
// are (endless lines, no line end at all, CR without LF), it must return
// the lines as sent, never one longer than its limit, and stop reading a
// long line at the limit instead of at the line's end.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("SUCCESS: pid=1\r\nEND\r\n"), uint16(64))
	f.Add([]byte(strings.Repeat("x", 5000)), uint16(100))                  // unterminated and long
	f.Add([]byte(strings.Repeat("y", 300)+"\r\nshort\n"), uint16(256))     // one over the limit, then more
	f.Add([]byte("a\r\r\n\n\r\nb"), uint16(1))                             // CR runs and an unterminated tail
	f.Add([]byte("TITLE\t"+strings.Repeat("z", 70000)+"\n"), uint16(4096)) // spans several buffer fills
	f.Fuzz(func(t *testing.T, data []byte, limit uint16) {
		const bufSize = 16 // the smallest bufio allows: lines span many fills
		lr := &lineReader{r: bufio.NewReaderSize(bytes.NewReader(data), bufSize), max: int(limit%4096) + 1}
		pos := 0 // where the next line starts in data
		for {
			line, err := lr.readLine()
			if err != nil {
				var le *LimitError
				switch {
				case errors.As(err, &le):
					if le.Read > int64(lr.max)+bufSize {
						t.Fatalf("read %d bytes of a line before stopping at %d", le.Read, lr.max)
					}
					end := bytes.IndexByte(data[pos:], '\n')
					if end < 0 {
						end = len(data) - pos
					}
					if len(bytes.TrimSuffix(data[pos:pos+end], []byte("\r"))) <= lr.max {
						t.Fatalf("a line of %d bytes refused at limit %d", end, lr.max)
					}
				case err != io.EOF:
					t.Fatalf("unexpected error %v", err)
				}
				if lr.read > int64(len(data)) {
					t.Fatalf("counted %d bytes of %d", lr.read, len(data))
				}
				return
			}
			if len(line) > lr.max {
				t.Fatalf("line of %d bytes past limit %d", len(line), lr.max)
			}
			rest := data[pos:]
			if !bytes.HasPrefix(rest, []byte(line)) || strings.ContainsAny(line, "\n") {
				t.Fatalf("line %q is not the next line of the input %q", line, rest)
			}
			end := bytes.IndexByte(rest, '\n')
			if end < 0 || strings.Trim(string(rest[len(line):end]), "\r") != "" {
				t.Fatalf("line %q returned without its line end", line)
			}
			pos += end + 1
			if lr.read != int64(pos) {
				t.Fatalf("counted %d bytes, consumed %d", lr.read, pos)
			}
		}
	})
}
