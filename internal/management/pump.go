package management

import (
	"bytes"
	"net"
)

// The pump: a lone "\r" sent to the daemon while a multi-line reply
// arrives (PROTOCOL.md §10).
//
// The daemon writes a reply in passes of at most 1 KB (manage.c man_write,
// size_hint) on a socket with Nagle's algorithm on, so after the first pass
// it holds the rest until that pass is acknowledged. When this client reads
// the daemon's socket itself, its quick ACKs answer at once
// (quickack_linux.go). Through SSH or a TLS terminator the reader is sshd
// or stunnel, which delays its ACK by up to 40 ms, once or twice per reply.
// A byte from this client, which that reader writes on to the daemon,
// carries the ACK at once, and the daemon's next pass leaves microseconds
// later.
//
// "\r" is the byte with no effect on the way: the daemon drops it before
// any line forms (command_line_add keeps printable bytes and "\n" only),
// so it logs nothing and answers nothing, and openvpn-auth-oauth2's
// pass-through trims it off the next line it reads (PROTOCOL.md §12).
const pumpByte = '\r'

// The pump bytes of one reply are bounded by its size: at most two per
// 1024 bytes, the most the daemon writes in one pass (manage.c man_write,
// size_hint; passes are often a little shorter, as it aggregates whole
// lines up to that size), plus pumpSlack. Each pass can need its own ACK:
// a reader such as stunnel forwards every pass it reads as it comes, and
// the daemon sends what Nagle held only when the ACK of the last one
// arrives.
const (
	pumpPerBytes = 512
	pumpSlack    = 8
)

// pump wraps the connection's reads: while a multi-line reply is in
// flight, every read that brings bytes but not the reply's last line is
// followed by one pump byte, within the bound above. Its writes happen
// inside the reads of the exchange that owns the connection, after the
// command was written whole, so a pump byte never lands inside a command
// line.
type pump struct {
	net.Conn
	// on: this connection pumps (the transport has a reader of the
	// daemon's socket between it and this client, and the daemon is known
	// not to be a Windows build).
	on bool
	// armed while a multi-line reply is read; ends says which last line
	// ends it.
	armed bool
	ends  replyEnd
	sent  int // pump bytes of this reply
	got   int // bytes of this reply so far
	line  lineStart
}

// replyEnd is the line after which a reply is complete.
type replyEnd int

const (
	endAtEND    replyEnd = iota // END, or an ERROR: line
	endAtMarker                 // the end marker's answer (or an ERROR: line)
)

func (p *pump) Read(b []byte) (int, error) {
	n, err := p.Conn.Read(b)
	if n > 0 && p.armed {
		p.arrived(b[:n])
	}
	return n, err
}

// arm starts pumping for the reply about to be read; disarm stops it.
func (p *pump) arm(ends replyEnd) {
	p.armed, p.ends, p.sent, p.got = p.on, ends, 0, 0
	p.line = lineStart{}
}

func (p *pump) disarm() { p.armed = false }

// arrived looks at the bytes one read brought and pumps unless they end
// with the reply's last line.
func (p *pump) arrived(b []byte) {
	if p.line.add(b) && p.ends.isLast(p.line.last, p.line.lastLong) {
		p.armed = false
		return
	}
	p.got += len(b)
	if p.sent >= pumpSlack+p.got/pumpPerBytes {
		return
	}
	p.sent++
	if _, err := p.Write([]byte{pumpByte}); err != nil {
		// The read that follows reports a broken connection.
		p.on, p.armed = false, false
	}
}

func (e replyEnd) isLast(line []byte, long bool) bool {
	switch {
	case bytes.HasPrefix(line, []byte("ERROR:")):
		return true
	case e == endAtMarker:
		return isMarkerAnswer(string(line))
	}
	return !long && string(line) == "END"
}

// lineStart follows line boundaries across reads, keeping only the start
// of each line: enough to tell END, "ERROR:" and the marker's answer.
type lineStart struct {
	cur      []byte // start of the line being received
	curLong  bool   // it has more bytes than cur holds
	last     []byte // start of the last complete line, without CR LF
	lastLong bool
}

const lineStartBytes = 32

// add takes the bytes of one read and reports whether they end with a
// complete line (then last is that line).
func (l *lineStart) add(b []byte) bool {
	i := bytes.LastIndexByte(b, '\n')
	if i < 0 {
		l.grow(b)
		return false
	}
	if j := bytes.LastIndexByte(b[:i], '\n'); j >= 0 {
		l.cur, l.curLong = l.cur[:0], false
		l.grow(b[j+1 : i])
	} else {
		l.grow(b[:i])
	}
	l.last = append(l.last[:0], bytes.TrimSuffix(l.cur, []byte("\r"))...)
	l.lastLong = l.curLong
	l.cur, l.curLong = l.cur[:0], false
	l.grow(b[i+1:])
	return i == len(b)-1
}

func (l *lineStart) grow(b []byte) {
	room := lineStartBytes - len(l.cur)
	if len(b) > room {
		b, l.curLong = b[:room], true
	}
	l.cur = append(l.cur, b...)
}
