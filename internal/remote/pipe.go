package remote

import (
	"io"
	"net"
)

// withDeadlines puts a forwarded channel behind an in-memory pipe, whose
// end the caller gets: the management session bounds every read and
// write with deadlines, which x/crypto/ssh channels do not support. Two
// goroutines copy between the pipe and the channel; closing either side
// ends both.
func withDeadlines(ch net.Conn) net.Conn {
	mine, theirs := net.Pipe()
	go func() {
		_, _ = io.Copy(theirs, ch) // daemon → caller
		_ = theirs.Close()
	}()
	go func() {
		_, _ = io.Copy(ch, theirs) // caller → daemon
		_ = ch.Close()
	}()
	return mine
}
