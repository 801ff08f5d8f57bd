package management

import (
	"bufio"
	"bytes"
)

// Limits on what this client reads from a peer, so that a broken or
// hostile peer (an endless line, a reply that never ends) costs bounded
// memory. Past a limit the client stops reading, reports a LimitError and
// drops the connection.
const (
	// StatusLineLimit is the daemon's own bound on a status line
	// (STATUS_PRINTF_MAXLEN, status.c): a line of this many bytes or more
	// is dropped with the rest of the reply.
	StatusLineLimit = 512

	// MaxReplyLineBytes bounds one line. The daemon's longest lines are
	// log messages and >CLIENT:ENV values, which it formats in a message
	// buffer of about 10 KiB (ERR_BUF_SIZE, error.h); status lines stay
	// under 512 bytes. 256 KiB leaves a margin of 25 times.
	MaxReplyLineBytes = 256 << 10

	// MaxReplyBytes bounds one reply, notifications read while waiting for
	// it included. A status of 100,000 clients whose CLIENT_LIST and
	// ROUTING_TABLE lines are all at the daemon's 512-byte maximum is
	// about 100 MB; real lines are near 200 bytes, so 128 MiB reads
	// 130,000 worst-case clients or about 300,000 ordinary ones.
	MaxReplyBytes = 128 << 20

	// MaxReplyLines bounds the lines of one reply, so that a flood of
	// empty lines cannot cost more in bookkeeping than in bytes: 4,000,000
	// is ten times the lines of a 100,000-client status with two routes
	// per client.
	MaxReplyLines = 4_000_000
)

// limits are the reply limits in force; tests lower them to reach them
// cheaply.
var limits = struct {
	lineBytes  int
	replyBytes int64
	replyLines int
}{MaxReplyLineBytes, MaxReplyBytes, MaxReplyLines}

// lineReader reads CRLF- or LF-terminated lines of at most max bytes and
// counts every byte it consumes.
type lineReader struct {
	r    *bufio.Reader
	max  int
	read int64 // bytes consumed so far, on this connection
	// partial is the start of a line whose read timed out; the next read
	// goes on from it. A short read deadline (the wait for the end
	// marker's answer) must not lose half a line.
	partial []byte
}

// readLine returns the next line without its line end. A line longer than
// max is not kept: the reader returns a LimitError as soon as it has read
// max bytes of it, without waiting for its end.
func (lr *lineReader) readLine() (string, error) {
	long := lr.partial // the line so far, when it spans buffer fills
	lr.partial = nil
	for {
		frag, err := lr.r.ReadSlice('\n')
		lr.read += int64(len(frag))
		if err != nil && err != bufio.ErrBufferFull {
			if isTimeout(err) && len(long)+len(frag) > 0 {
				lr.partial = append(long, frag...)
			}
			return "", err // an unterminated tail is no line
		}
		// The line end ("\n" or "\r\n") does not count against the limit.
		body := len(long) + len(frag)
		if err == nil {
			body -= len(frag) - len(bytes.TrimSuffix(bytes.TrimSuffix(frag, []byte("\n")), []byte("\r")))
		}
		if body > lr.max {
			return "", &LimitError{Limit: "line length", Max: int64(lr.max), Unit: "bytes", Read: int64(len(long) + len(frag))}
		}
		if err != nil { // bufio.ErrBufferFull: the line goes on
			long = append(long, frag...)
			continue
		}
		if long != nil {
			frag = append(long, frag...)
		}
		return string(bytes.TrimRight(frag, "\r\n")), nil
	}
}

// midLine reports whether part of a line has been read and its end has
// not.
func (lr *lineReader) midLine() bool { return len(lr.partial) > 0 || lr.r.Buffered() > 0 }
