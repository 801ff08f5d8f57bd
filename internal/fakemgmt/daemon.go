package fakemgmt

import "strings"

// Lines the 2.6 daemon prints verbatim (manage.c).
const (
	// Banner is man_welcome's greeting for management version 5 (2.6.2 to 2.6.22, 2.7.0 to 2.7.1).
	Banner = ">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info\r\n"
	// PasswordPrompt is sent with no newline (man_prompt), so a line reader blocks on it.
	PasswordPrompt  = "ENTER PASSWORD:"
	PasswordCorrect = "SUCCESS: password is correct\r\n"
	UnknownCommand  = "ERROR: unknown command, enter 'help' for more options\r\n"
)

// passwordRetries is MANAGEMENT_N_PASSWORD_RETRIES (manage.h): after this many
// wrong passwords the daemon drops the connection without a word.
const passwordRetries = 3

// Daemon is a Handler that behaves like the management interface's command
// loop: optional password prompt, banner, then one reply per command line.
type Daemon struct {
	// Password, if not empty, makes the daemon prompt "ENTER PASSWORD:" first.
	Password string
	// Banner is sent once the client is in; empty means the package Banner.
	Banner string
	// AfterBanner is sent right after the banner, like a pending
	// ">HOLD:Waiting for hold release:0\r\n" (man_welcome).
	AfterBanner string
	// Replies maps an exact command line to its exact reply bytes.
	Replies map[string]string
	// Fallback, if set, handles every command not in Replies (and must send
	// UnknownCommand itself when it does not know the command either).
	Fallback func(c *Conn, line string)
}

// Handle serves one connection; use d.Handle as the Server's Handler.
func (d *Daemon) Handle(c *Conn) {
	if !d.greet(c) {
		return
	}
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		if !d.Command(c, line) {
			return
		}
	}
}

// Command answers one command line and reports whether the session goes on
// (false after "quit" or "exit"). Handlers that script a few lines themselves
// call it to get the daemon's normal answer for the rest.
func (d *Daemon) Command(c *Conn, line string) bool {
	fields := tokens(line)
	switch {
	case len(fields) == 0:
		// man_process_command only dispatches when parse_line found tokens.
		return true
	case fields[0] == "quit" || fields[0] == "exit":
		// man_dispatch_command ignores any arguments.
		return false
	}
	if reply, ok := d.Replies[line]; ok {
		c.Send(reply)
		return true
	}
	if d.Fallback != nil {
		d.Fallback(c, line)
		return true
	}
	c.Send(UnknownCommand)
	return true
}

// greet lets the client in: the password exchange when there is a
// password, then the banner. It reports false when the client did not get
// in.
func (d *Daemon) greet(c *Conn) bool {
	if d.Password != "" && !d.login(c) {
		return false
	}
	banner := d.Banner
	if banner == "" {
		banner = Banner
	}
	c.Send(banner + d.AfterBanner)
	return true
}

// login runs the password exchange as man_check_password does: each wrong
// line gets only another prompt (the "ERROR: bad password" message is muted
// while the password is still needed), and the third failure closes the
// socket. Every line counts as an attempt, an empty one too.
func (d *Daemon) login(c *Conn) bool {
	for try := 0; try < passwordRetries; try++ {
		c.Send(PasswordPrompt)
		line, err := c.ReadLine()
		if err != nil {
			return false
		}
		if line == d.Password {
			c.Send(PasswordCorrect)
			return true
		}
	}
	return false
}

// tokens splits line roughly as parse_line (options.c) does: on blanks, and a
// token starting with '#' or ';' ends the line as a comment. Quotes are not
// handled; a fake that needs them scripts the exact line in Replies.
func tokens(line string) []string {
	f := strings.Fields(line)
	for i, t := range f {
		if t[0] == '#' || t[0] == ';' {
			return f[:i]
		}
	}
	return f
}
