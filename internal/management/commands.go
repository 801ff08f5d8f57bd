package management

import "context"

// LoadStats is the reply to load-stats (server-wide link bytes).
type LoadStats struct {
	Clients  int
	BytesIn  uint64
	BytesOut uint64
}

// HoldInfo says whether the hold flag is set and whether the daemon is
// waiting for "hold release" right now (a >HOLD: line was seen on this
// connection and not released since).
type HoldInfo struct {
	Flag    bool
	Waiting bool
}

// Kill messages for ClientKill.
const (
	KillRestart = "RESTART" // the client reconnects (OpenVPN's default)
	KillHalt    = "HALT"    // the client exits and does not reconnect
)

// Auth-retry modes.
var AuthRetryModes = []string{"none", "interact", "nointeract"}

// Signals the signal command accepts (case-sensitive).
var Signals = []string{"SIGHUP", "SIGTERM", "SIGUSR1", "SIGUSR2", "SIGINT"}

// Limits on settable levels.
const (
	MaxVerb = 15
	// MaxMute bounds mute so that atoi in the daemon cannot overflow.
	MaxMute = 1<<31 - 1
)

func (c *Client) Version(ctx context.Context) (Version, error)               { panic("TODO") }
func (c *Client) Help(ctx context.Context) ([]string, error)                 { panic("TODO") }
func (c *Client) Status(ctx context.Context) (*Status, error)                { panic("TODO") }
func (c *Client) State(ctx context.Context) (State, error)                   { panic("TODO") }
func (c *Client) StateHistory(ctx context.Context, n int) ([]State, error)   { panic("TODO") }
func (c *Client) Log(ctx context.Context, n int) ([]LogLine, error)          { panic("TODO") }
func (c *Client) Echo(ctx context.Context, n int) ([]EchoLine, error)        { panic("TODO") }
func (c *Client) Verb(ctx context.Context) (int, error)                      { panic("TODO") }
func (c *Client) SetVerb(ctx context.Context, level int) error               { panic("TODO") }
func (c *Client) Mute(ctx context.Context) (int, error)                      { panic("TODO") }
func (c *Client) SetMute(ctx context.Context, level int) error               { panic("TODO") }
func (c *Client) AuthRetry(ctx context.Context) (string, error)              { panic("TODO") }
func (c *Client) SetAuthRetry(ctx context.Context, mode string) error        { panic("TODO") }
func (c *Client) Hold(ctx context.Context) (HoldInfo, error)                 { panic("TODO") }
func (c *Client) SetHold(ctx context.Context, on bool) error                 { panic("TODO") }
func (c *Client) HoldRelease(ctx context.Context) error                      { panic("TODO") }
func (c *Client) KillCommonName(ctx context.Context, cn string) (int, error) { panic("TODO") }
func (c *Client) KillAddress(ctx context.Context, ip string, port int) (int, error) {
	panic("TODO")
}
func (c *Client) ClientKill(ctx context.Context, clientID uint64, message string) error {
	panic("TODO")
}
func (c *Client) Signal(ctx context.Context, signal string) error  { panic("TODO") }
func (c *Client) PID(ctx context.Context) (int, error)             { panic("TODO") }
func (c *Client) LoadStats(ctx context.Context) (LoadStats, error) { panic("TODO") }
