package management

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Remote is one connection entry of a client's configuration (--remote,
// or a <connection> block), as remote-entry-get prints it (init.c
// management_callback_remote_entry_get): "index,host,port,proto,status".
type Remote struct {
	Index int
	Host  string
	// Port is as configured: a number, or a service name.
	Port string
	// Protocol is as configured ("udp", "tcp-client", "udp6", ...).
	Protocol string
	// Enabled is false for an entry the daemon skips ("disabled").
	Enabled bool
}

// Remotes returns a client's connection entries in the order it tries
// them. Only a client-mode daemon of 2.6 or later answers it; the
// capability table refuses it elsewhere before sending.
func (c *Client) Remotes(ctx context.Context) ([]Remote, error) {
	const line = "remote-entry-get all"
	lines, err := c.run(ctx, command{line: line, reply: replyMulti})
	if err != nil {
		return nil, err
	}
	remotes, err := parseEach(lines, line, ParseRemote)
	return remotes, c.named(err)
}

// ParseRemote parses one line of remote-entry-get. The host comes from the
// configuration and is the one field that could hold a comma, so the
// line is read from both ends.
func ParseRemote(line string) (Remote, error) {
	line = strings.TrimSuffix(line, "\r")
	f := strings.Split(line, ",")
	if len(f) < 5 {
		return Remote{}, fmt.Errorf("%w: remote entry %q: want index,host,port,proto,status", ErrProtocol, replyExcerpt(line))
	}
	n := len(f)
	index, err := strconv.Atoi(f[0])
	if err != nil || index < 0 {
		return Remote{}, fmt.Errorf("%w: remote entry %q: index %q is not a number", ErrProtocol, replyExcerpt(line), replyExcerpt(f[0]))
	}
	var enabled bool
	switch f[n-1] {
	case "enabled":
		enabled = true
	case "disabled":
	default:
		return Remote{}, fmt.Errorf("%w: remote entry %q: status %q, want enabled or disabled", ErrProtocol, replyExcerpt(line), replyExcerpt(f[n-1]))
	}
	return Remote{Index: index, Host: strings.Join(f[1:n-3], ","), Port: f[n-3], Protocol: f[n-2], Enabled: enabled}, nil
}
