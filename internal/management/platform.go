package management

// platform is what the daemon's build means for this client's writes.
type platform int

const (
	platformUnknown platform = iota // before the version reply: write nothing mid-reply
	platformWindows                 // input mid-reply discards the rest of the reply
	platformOther                   // input waits until the reply is written
)

// learnPlatform reads the daemon's build from its version reply, once per
// connection, and sets what may be written while a reply is in flight.
//
// On Linux and the BSDs the daemon waits only for write readiness while a
// reply is pending (manage.c, management_socket_set: MS_CC_WAIT_WRITE asks
// for EVENT_WRITE alone), so input sent mid-reply waits until the reply is
// written: the pump and the pipelined end marker are safe. On Windows it
// waits for both (EVENT_READ|EVENT_WRITE), and man_read begins by resetting
// the pending output (buffer_list_reset), so a byte that arrives mid-reply
// discards the rest of it. Windows daemons get neither (PROTOCOL.md §11).
func (s *conn) learnPlatform(lines []string) {
	if s.platform != platformUnknown {
		return
	}
	v, err := ParseVersion(lines)
	if err != nil {
		return // the client reports it; nothing is written mid-reply meanwhile
	}
	if v.Windows() {
		s.platform = platformWindows
		return
	}
	s.platform = platformOther
	s.pump.on = s.pumpHelps
	if s.marker == markerProbe {
		s.marker = markerPipelined
	}
}

// pumpHelps says whether a transport gains from the pump. Dialled directly,
// this client reads the daemon's socket itself and its quick ACKs do the
// pump's work (a unix socket has no Nagle at all); through Config.Dial (an
// SSH forward, a TLS terminator) another program reads that socket.
var pumpHelps = func(dialled bool) bool { return dialled }
