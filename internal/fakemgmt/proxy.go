package fakemgmt

// Management proxies that allow only some commands. Operators put such a
// proxy in front of the daemon's one management slot; what it does with a
// command outside its list is either of these.

// ProxyRefusal is what a proxy answers a command it does not allow (the
// words of openvpn-auth-oauth2's pass-through for its reserved commands).
const ProxyRefusal = "ERROR: command not allowed\r\n"

// Refusing returns d behind a proxy that answers command with
// ProxyRefusal, without passing it on.
func Refusing(d *Daemon, command string) *Daemon {
	return d.On(command, func(c *Conn) { c.Send(ProxyRefusal) })
}

// Swallowing returns d behind a proxy that drops command without a word.
func Swallowing(d *Daemon, command string) *Daemon {
	return d.On(command, func(*Conn) {})
}
