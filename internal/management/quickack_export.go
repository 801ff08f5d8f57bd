package management

import "net"

// WithQuickAck returns nc reading with quick ACKs on Linux TCP (nc as is
// elsewhere), for a transport that reads a socket on the way to the
// daemon, such as the TCP connection to an SSH host: its peer writes each
// forwarded reply in pieces with Nagle on, and would wait for our delayed
// ACK between them.
func WithQuickAck(nc net.Conn) net.Conn { return withQuickAck(nc) }
