package management

import (
	"context"
	"errors"
	"fmt"
)

// Answers that OpenVPN itself never gives, but a proxy in front of it does.
// openvpn-auth-oauth2 (--management-client-auth logins over OIDC) keeps the
// daemon's one management slot and relays other tools' commands through its
// "pass-through" socket; it answers some lines itself.
var (
	// ErrHoldIntercepted: the bare hold command (read the hold flag) was
	// answered "SUCCESS: hold release succeeded". OpenVPN answers it with
	// "SUCCESS: hold=0|1"; openvpn-auth-oauth2's pass-through answers it
	// itself, and it swallows the daemon's replies to hold on, hold off and
	// hold release (the command reaches the daemon, no reply comes back).
	// So the flag cannot be read and a hold write would go unanswered.
	ErrHoldIntercepted = errors.New("hold is answered by a proxy in front of the daemon, not by OpenVPN")
	// ErrBadPasswordLine: the password was answered "ERROR: bad password"
	// and the connection closed. OpenVPN only prompts again after a wrong
	// password; openvpn-auth-oauth2's pass-through answers this way. It
	// always comes with ErrBadPassword.
	ErrBadPasswordLine = errors.New(`answered "ERROR: bad password", as openvpn-auth-oauth2's pass-through does (OpenVPN itself prompts again)`)
)

// Replies that tell a proxy from the daemon.
const (
	interceptedHoldReply = "hold release succeeded" // to a bare hold, after "SUCCESS: "
	badPasswordLine      = "ERROR: bad password"    // to the password line
)

// holdFlag sends the bare hold command and reads the flag.
func (c *Client) holdFlag(ctx context.Context) (bool, error) {
	lines, err := c.run(ctx, command{line: "hold", reply: replySingle})
	if err != nil {
		return false, err
	}
	switch lines[0] {
	case "hold=1":
		return true, nil
	case "hold=0":
		return false, nil
	case interceptedHoldReply:
		return false, errorf("hold", fmt.Errorf("%w: it answered %q instead of hold=0|1", ErrHoldIntercepted, "SUCCESS: "+interceptedHoldReply))
	}
	return false, errorf("hold", fmt.Errorf("%w: %q, want hold=…", ErrProtocol, replyExcerpt(lines[0])))
}

// holdWritable makes sure a hold write will be answered before it is sent:
// behind a proxy that intercepts hold, "hold on|off|release" would still
// reach the daemon but its reply would never come back, and the command
// would only end at the timeout. The probe is the bare hold command, which
// changes nothing (and usually comes from the read cache).
func (c *Client) holdWritable(ctx context.Context) error {
	_, err := c.holdFlag(ctx)
	return err
}

// HoldWaiting reports whether the daemon waits for a hold release now,
// without a command of its own: the daemon says so with a >HOLD: line after
// the banner of every new connection and whenever it enters hold, and the
// client records those lines. It connects if needed. Behind a proxy that
// releases the hold itself (openvpn-auth-oauth2), no >HOLD: comes through
// and the answer is false, which is true of the daemon too.
func (c *Client) HoldWaiting(ctx context.Context) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopIdle()
	defer c.armIdle()
	if err := c.connect(ctx); err != nil {
		return false, c.named(err)
	}
	return c.events.holdWaiting, nil
}
