package management

// learnPlatform sets, from the daemon's version (read first on every
// connection), what may be written on this connection while a reply is in
// flight. Until then nothing is: no pump byte, and the end marker only as
// a probe once a reply has paused.
//
// On Linux and the BSDs the daemon waits only for write readiness while a
// reply is pending (manage.c, management_socket_set: MS_CC_WAIT_WRITE asks
// for EVENT_WRITE alone), so input sent mid-reply waits until the reply is
// written: the pump and the pipelined end marker are safe. On Windows it
// waits for both (EVENT_READ|EVENT_WRITE), and man_read begins by resetting
// the pending output (buffer_list_reset), so a byte that arrives mid-reply
// discards the rest of it. Windows daemons get neither (PROTOCOL.md §11).
func (s *conn) learnPlatform(v Version) {
	if v.Windows() {
		return
	}
	s.pump.on = s.pumpHelps
	s.marker = markerPipelined
}

// pumpHelps says whether a transport gains from the pump. Dialled directly,
// this client reads the daemon's socket itself and its quick ACKs do the
// pump's work (a unix socket has no Nagle at all); through Config.Dial (an
// SSH forward, a TLS terminator) another program reads that socket.
var pumpHelps = func(dialled bool) bool { return dialled }
