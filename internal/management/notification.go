package management

import (
	"fmt"
	"strings"
)

// Notification is one real-time message (a line starting with ">"), or a
// whole multi-line >CLIENT:/>UPDOWN: block with its ENV lines.
type Notification struct {
	// Type is the word after ">" and before ":" (STATE, LOG, CLIENT, HOLD, ...).
	Type string
	// Text is what follows "TYPE:" on the first line.
	Text string
	// Env holds the ENV lines of a >CLIENT: or >UPDOWN: block, split at the
	// first "=". It may hold secrets (password=); never log it.
	Env map[string]string
}

// String shows the notification without its ENV values, which can hold
// a client's password (--management-client-auth with auth-user-pass).
func (n Notification) String() string {
	out := ">" + n.Type + ":" + n.Text
	if len(n.Env) > 0 {
		out += fmt.Sprintf(" (%d ENV values, not shown)", len(n.Env))
	}
	return out
}

// demux assembles notifications from ">" lines. Multi-line blocks are
// atomic on the wire (one block ends with its ENV,END line before any
// other output), so one pending block is enough.
type demux struct {
	deliver func(Notification)
	pending *Notification
	// holdWaiting: a >HOLD: line was seen on this connection and no hold
	// release has succeeded since.
	holdWaiting bool
}

func (d *demux) line(line string) {
	typ, text, _ := strings.Cut(strings.TrimPrefix(line, ">"), ":")
	if (typ == "CLIENT" || typ == "UPDOWN") && strings.HasPrefix(text, "ENV,") {
		d.env(typ, strings.TrimPrefix(text, "ENV,"))
		return
	}
	n := Notification{Type: typ, Text: text}
	switch {
	case typ == "HOLD":
		d.holdWaiting = true
	case typ == "UPDOWN", typ == "CLIENT" && !strings.HasPrefix(text, "ADDRESS,"):
		// The first line of a block: its ENV lines follow.
		n.Env = map[string]string{}
		d.flush()
		d.pending = &n
		return
	}
	d.emit(n)
}

func (d *demux) env(typ, kv string) {
	if d.pending == nil || d.pending.Type != typ {
		// ENV without a head (we connected mid-block): drop it.
		return
	}
	if kv == "END" {
		d.flush()
		return
	}
	k, v, _ := strings.Cut(kv, "=")
	d.pending.Env[k] = v
}

func (d *demux) flush() {
	if d.pending != nil {
		n := *d.pending
		d.pending = nil
		d.emit(n)
	}
}

func (d *demux) emit(n Notification) {
	if d.deliver != nil {
		d.deliver(n)
	}
}
