package remote

import (
	"errors"
	"io"
	"net"
	"syscall"
)

// withDeadlines puts a forwarded channel behind an in-memory pipe, whose
// end the caller gets: the management session bounds every read and
// write with deadlines, which x/crypto/ssh channels do not support. Two
// goroutines copy between the pipe and the channel; closing either side
// ends both.
//
// remote is what the conn reports as RemoteAddr (the host:port or path
// forwarded to): known_hosts checks need a host:port, not "pipe".
func withDeadlines(ch net.Conn, remote string) net.Conn {
	mine, theirs := net.Pipe()
	go func() {
		_, _ = io.Copy(theirs, ch) // daemon → caller
		_ = theirs.Close()
	}()
	go func() {
		_, _ = io.Copy(ch, theirs) // caller → daemon
		_ = ch.Close()
	}()
	return forwardedConn{Conn: mine, remote: forwardedAddr(remote)}
}

type forwardedConn struct {
	net.Conn
	remote net.Addr
}

func (c forwardedConn) RemoteAddr() net.Addr { return c.remote }

// Write reports a forward that the far end closed as a broken pipe, as a
// socket would, so the caller sees "closed by the peer" and not a local
// programming error.
func (c forwardedConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if errors.Is(err, io.ErrClosedPipe) {
		err = &net.OpError{Op: "write", Net: "ssh-forward", Addr: c.remote, Err: syscall.EPIPE}
	}
	return n, err
}

// forwardedAddr is the far end of a forward, as named to the SSH host.
type forwardedAddr string

func (a forwardedAddr) Network() string { return "ssh-forward" }
func (a forwardedAddr) String() string  { return string(a) }
