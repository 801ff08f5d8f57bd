package fakemgmt

// Fault scripts: what a real daemon does only under conditions a test cannot
// arrange on demand.

// On returns a copy of d in which the exact command line is handled by act
// instead of d's reply, so faults can be chained onto a working daemon:
//
//	d := fakemgmt.Daemon26().On("status 3", fakemgmt.CloseAfter("TITLE\tOpen"))
//	srv := fakemgmt.Start(t, d.Handle)
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
// (manage.c management_socket_set; OpenVPN/openvpn#660). Whatever the client
// sends is recorded and left unanswered until it hangs up or the server closes.
func Busy(c *Conn) { drain(c) }

// WrongPasswordThenEOF rejects every password: three prompts with no newline
// and no error text, then a silent close (PROTOCOL.md §2; captured in
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
	return d.On(command, func(c *Conn) {
		c.Send(notifications)
		d.Command(c, command)
	}).Handle
}

// Notifications to interleave.
const (
	// LogNotification is the echo of a command that `log on` produces at
	// verb 3 [captured: testdata/real-2.6.14/log-interleave/03.txt].
	LogNotification = ">LOG:1795564701,D,MANAGEMENT: CMD 'pid'\r\n"

	// EstablishedNotification is a >CLIENT:ESTABLISHED block, which every 2.6
	// server with management sends; it is atomic up to >CLIENT:ENV,END. The
	// ENV lines are a shortened set in the daemon's format (not captured).
	EstablishedNotification = ">CLIENT:ESTABLISHED,0\r\n" +
		">CLIENT:ENV,n_clients=1\r\n" +
		">CLIENT:ENV,ifconfig_pool_remote_ip=10.8.0.10\r\n" +
		">CLIENT:ENV,time_unix=1795550806\r\n" +
		">CLIENT:ENV,trusted_port=56527\r\n" +
		">CLIENT:ENV,trusted_ip=127.0.0.1\r\n" +
		">CLIENT:ENV,common_name=Doe, John #1\r\n" +
		">CLIENT:ENV,tls_serial_0=2\r\n" +
		">CLIENT:ENV,X509_0_CN=Doe, John #1\r\n" +
		">CLIENT:ENV,END\r\n"
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
