package management

import (
	"net"
	"syscall"
)

// Why quick ACKs: the daemon writes a multi-line reply in several send()
// calls and its socket has Nagle's algorithm on, so after the first piece
// it holds the rest until that piece is acknowledged. Linux delays the ACK
// of a lone small segment by up to 40 ms, so every multi-line reply
// (status, help, log) over TCP took ~44 ms whatever its size. Asking for
// an immediate ACK after every read (TCP_QUICKACK is not sticky: the
// kernel may fall back to delayed ACKs, so it is set again each time)
// lets the daemon send the rest at once.
type quickAckConn struct {
	*net.TCPConn
	raw syscall.RawConn
}

// quickAckEnabled exists for the benchmark that measures what the quick
// ACKs save; nothing else turns it off.
var quickAckEnabled = true

func withQuickAck(nc net.Conn) net.Conn {
	tc, ok := nc.(*net.TCPConn)
	if !ok || !quickAckEnabled {
		return nc
	}
	raw, err := tc.SyscallConn()
	if err != nil {
		return nc
	}
	q := &quickAckConn{TCPConn: tc, raw: raw}
	q.quickAck()
	return q
}

func (q *quickAckConn) Read(b []byte) (int, error) {
	n, err := q.TCPConn.Read(b)
	q.quickAck()
	return n, err
}

func (q *quickAckConn) quickAck() {
	_ = q.raw.Control(func(fd uintptr) {
		// Best effort: on failure the reply only arrives later.
		_ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1)
	})
}
