package fakemgmt

import (
	"strings"
	"sync"
	"time"
)

// WindowsVersion is the 2.6.14 capture's version reply with the platform of
// a MinGW build ("x86_64-w64-mingw32", as OpenVPN's Windows builds print
// it) in place of Linux's: no Windows daemon was captured, and the title's
// platform is all that tells one apart.
var WindowsVersion = strings.Replace(realFile("server/version.txt"), "x86_64-pc-linux-gnu", "x86_64-w64-mingw32", 1)

// Windows plays the management loop of a Windows build of OpenVPN
// (manage.c, the _WIN32 management_socket_set and management_io): while a
// reply is pending it waits for input and for write readiness together,
// and man_read begins by resetting the pending output (buffer_list_reset),
// so input that arrives mid-reply discards the rest of that reply. On Linux
// the daemon waits only for write readiness while a reply is pending, so
// input waits until the reply is written.
//
// Daemon answers the commands; its "version" should be WindowsVersion.
// Replies go out in passes of 1024 bytes (man_write's size_hint), with a
// Pause after each in which input is looked for. The fake is pessimistic
// about segments: it takes one command line per read, as when each line
// arrives in a segment of its own (a proxy relaying line by line does
// that), so a command pipelined behind another is input mid-reply too. The
// daemon's input filter is kept: "\r" and other control bytes are dropped
// before lines form (command_line_add), but they are input all the same.
type Windows struct {
	Daemon *Daemon
	// Pause is how long input is looked for after each pass but the last
	// (default 20 ms): long enough for a client to read a pass and answer.
	Pause time.Duration

	mu       sync.Mutex
	midReply []string
	cut      int
}

// MidReply returns the input that arrived while a reply was pending, in
// order, each as the raw bytes read (a pump byte is "\r").
func (w *Windows) MidReply() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.midReply...)
}

// Cut is how many replies lost their rest to input mid-reply.
func (w *Windows) Cut() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cut
}

const winPassBytes = 1024

// Handle serves one connection.
func (w *Windows) Handle(c *Conn) {
	d := w.Daemon
	if !d.greet(c) {
		return
	}
	pause := w.Pause
	if pause == 0 {
		pause = 20 * time.Millisecond
	}
	var in []byte      // the command line buffer
	var pending []byte // sent by the client, not yet read by the loop
	read := func(wait time.Duration) ([]byte, error) {
		if len(pending) == 0 {
			got, err := c.readSome(wait)
			if got == nil || err != nil {
				return nil, err
			}
			pending = got
		}
		n := len(pending) // one line per read (see the type's comment)
		if i := strings.IndexByte(string(pending), '\n'); i >= 0 {
			n = i + 1
		}
		got := pending[:n]
		pending = pending[n:]
		return got, nil
	}
	var out string
	for {
		var got []byte
		var err error
		if out == "" {
			got, err = read(IOTimeout)
		} else {
			n := min(winPassBytes, len(out))
			c.Send(out[:n])
			if out = out[n:]; out == "" {
				continue
			}
			got, err = read(pause)
			if got != nil {
				w.note(got)
				out = "" // buffer_list_reset: the rest of the reply is gone
			}
		}
		if err != nil {
			return
		}
		in = append(in, keptInput(got)...)
		for {
			i := strings.IndexByte(string(in), '\n')
			if i < 0 {
				break
			}
			line := string(in[:i])
			in = in[i+1:]
			c.record(line)
			var b strings.Builder
			c.capture = &b
			goOn := d.Command(c, line)
			c.capture = nil
			out += b.String()
			if !goOn {
				c.Send(out)
				return
			}
		}
	}
}

func (w *Windows) note(got []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.midReply = append(w.midReply, string(got))
	w.cut++
}

// keptInput is command_line_add's filter: printable bytes and "\n" only.
func keptInput(b []byte) []byte {
	out := b[:0:0]
	for _, x := range b {
		if x == '\n' || x >= 0x20 && x != 0x7f {
			out = append(out, x)
		}
	}
	return out
}

// Windows26 is Daemon26 as a Windows build: its version names
// x86_64-w64-mingw32, and it runs the Windows loop.
func Windows26() *Windows {
	d := Daemon26()
	d.Replies["version"] = WindowsVersion
	return &Windows{Daemon: d}
}
