package fakemgmt

// Fault scripts: what a real daemon does only under conditions a test cannot
// arrange on demand.

import "strings"

// On returns a copy of d in which the exact command line is handled by act
// instead of d's reply, so faults can be chained onto a working daemon:
//
//	d := fakemgmt.Daemon26().On("status 3", fakemgmt.CloseAfter("TITLE\tOpen"))
//	srv := fakemgmt.Start(t, d.Handle)
//
// act may call d.Command for d's own answer, but not the returned daemon's
// Command for the same line, which would call act again.
func (d *Daemon) On(command string, act func(c *Conn)) *Daemon {
	d2 := *d
	d2.Replies = make(map[string]string, len(d.Replies))
	for k, v := range d.Replies {
		if k != command {
			d2.Replies[k] = v
		}
	}
	next := d.Fallback
	d2.Fallback = func(c *Conn, line string) {
		switch {
		case line == command:
			act(c)
		case next != nil:
			next(c, line)
		default:
			c.Send(UnknownCommand)
		}
	}
	return &d2
}

// Busy is what a second client gets while another holds the interface: the
// TCP handshake completes (listen backlog) but no byte ever comes, because
// the daemon leaves its listening socket out of the event set
// (manage.c management_socket_set; OpenVPN/openvpn#660; [lab]
// second-client-while-busy.txt is empty). Whatever the client sends is
// recorded and left unanswered until it hangs up or the server closes. For
// the whole story, a second client served once the first leaves, see
// OneAtATime.
func Busy(c *Conn) { drain(c) }

// WrongPasswordThenEOF rejects every password: three prompts with no newline
// and no error text, then a silent close (internal/management/PROTOCOL.md §2; captured in
// testdata/real-2.6.14/login-failures).
func WrongPasswordThenEOF(c *Conn) {
	for try := 0; try < passwordRetries; try++ {
		c.Send(PasswordPrompt)
		if _, err := c.ReadLine(); err != nil {
			return
		}
	}
}

// Garbage returns a handler that greets with the given bytes instead of a
// banner (a port that is not a management interface, say an SSH server's
// "SSH-2.0-OpenSSH_9.2p1\r\n") and then answers nothing.
func Garbage(greeting string) Handler {
	return func(c *Conn) {
		c.Send(greeting)
		drain(c)
	}
}

// EOFMidReply returns d in which command is answered by partial, the first
// bytes of a reply, after which the connection closes: the daemon died
// (SIGKILL, OOM) while writing.
func EOFMidReply(d *Daemon, command, partial string) Handler {
	return d.On(command, CloseAfter(partial)).Handle
}

// CloseAfter is an On action: send out, then close the connection.
func CloseAfter(out string) func(c *Conn) {
	return func(c *Conn) {
		c.Send(out)
		c.Close()
	}
}

// Stall returns d in which command gets no reply, nor does anything sent
// after it: the daemon is blocked (a hung --auth-user-pass-verify script, a
// SIGSTOP). The connection stays open until the client or the server closes.
func Stall(d *Daemon, command string) Handler {
	return d.On(command, drain).Handle
}

// Interleaved returns d in which notifications (complete ">"-lines with
// CRLF) are sent just before the normal reply to command, as the daemon does
// when a client connects or a log line is due while a command runs.
func Interleaved(d *Daemon, command, notifications string) Handler {
	return d.Before(command, notifications).Handle
}

// Before is the chainable form of Interleaved: a copy of d that sends
// notifications and then d's own reply to command.
func (d *Daemon) Before(command, notifications string) *Daemon {
	return d.On(command, func(c *Conn) {
		c.Send(notifications)
		d.Command(c, command) // d, not the copy: that would recurse
	})
}

// Notifications to interleave, captured from server S
// (testdata/real-2.6.14/server).
var (
	// LogNotification is the echo of a command that `log on` produces at
	// verb 3 (the first line of log-on-then-pid.txt).
	LogNotification = strings.SplitAfter(realFile("server/log-on-then-pid.txt"), "\r\n")[0]

	// EstablishedNotification is the >CLIENT:ESTABLISHED block (CID 5,
	// client "dave") that every 2.6 server with management sends, atomic up
	// to >CLIENT:ENV,END (client-established.txt).
	EstablishedNotification = realFile("server/client-established.txt")
)

// drain reads and records lines, answering none, until the client hangs up
// or the connection is closed. Read timeouts are not the end: a busy or
// stalled daemon stays silent for as long as the test needs.
func drain(c *Conn) {
	for {
		if _, err := c.ReadLine(); err != nil {
			select {
			case <-c.Done():
				return
			default:
			}
			if isTimeout(err) {
				continue
			}
			return
		}
	}
}

// OneAtATime serves h to one connection at a time, as the daemon does: a
// later connection is accepted but gets no byte until every earlier one has
// ended, and then its already-sent commands run in order [lab:
// second-client-while-busy, second-client-after-first-quits].
func OneAtATime(h Handler) Handler {
	turn := make(chan struct{}, 1)
	return func(c *Conn) {
		select {
		case turn <- struct{}{}:
		case <-c.Done():
			return
		}
		defer func() { <-turn }()
		h(c)
	}
}
