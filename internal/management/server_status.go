package management

import "context"

// ServerStatus is Status for a caller that needs the server's lists (the
// sessions, the routing table): a client-mode daemon has none, so its
// report is a ModeError. Once this connection knows the daemon is a
// client, nothing is sent.
func (c *Client) ServerStatus(ctx context.Context) (*Status, error) {
	const line = "status 3"
	if err := c.require(ctx, line, FormSessions); err != nil {
		return nil, c.named(err)
	}
	st, err := c.Status(ctx)
	if err != nil {
		return nil, err
	}
	if st.Mode != ModeServer {
		row, _ := capabilityOf("status", FormSessions)
		c.mu.Lock()
		defer c.mu.Unlock()
		return nil, c.named(c.modeError(line, row, st.Mode, true, clientStatsTitle))
	}
	return st, nil
}
