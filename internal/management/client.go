package management

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// DefaultTimeout bounds each network step when Config.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Config says where the daemon listens and how to talk to it.
type Config struct {
	// Address: "tcp://host:port", "host:port", "unix:///path" or "/path".
	Address string
	// Name, when set, is what the caller calls this daemon (a key of the
	// provider's daemons): every error the client returns starts with it,
	// so one of many daemons is named when it fails.
	Name string
	// Password is the first line of the daemon's management pwfile. Never logged.
	Password string
	// Timeout bounds every network step: dial, waiting for the banner of a
	// busy port, and each command's reply. Default DefaultTimeout.
	Timeout time.Duration
	// IdleClose closes the connection (with quit) after this long without
	// a command, so other management tools can get the port. 0 keeps it
	// open until Close.
	IdleClose time.Duration
	// CacheReads makes identical read commands share one answer until any
	// write command (a setting, a kill, a signal) is sent. Use Fresh(ctx)
	// for a read that must reach the daemon (polling).
	CacheReads bool
	// OnNotification, when set, receives every real-time notification.
	// It is called while a command holds the connection and must not block.
	OnNotification func(Notification)
	// Debug, when set, receives one line per wire event (dial, command
	// sent, reply size). It never sees the password or ENV blocks.
	Debug func(ctx context.Context, msg string, fields map[string]any)
	// Dial, when set, opens the connection instead of a direct net.Dialer:
	// network is "tcp", "unix" or "tls" and target is as seen from where
	// Dial connects (an SSH host, for example). Dial bounds its own steps
	// (Timeout is a good bound for each), and the conn it returns must
	// honour deadlines. Its errors are passed through, wrapped. A tls://
	// address needs it: this package does not speak TLS.
	Dial func(ctx context.Context, network, target string) (net.Conn, error)
}

// Client talks to one daemon over at most one connection, which it opens
// on first use and shares between goroutines one command at a time: the
// daemon serves one management client and its replies carry no IDs, so
// commands are never pipelined.
type Client struct {
	cfg      Config
	endpoint endpoint

	mu     sync.Mutex // held for a whole exchange; guards everything below
	conn   *conn
	events demux
	cache  map[string][]string
	idle   *time.Timer
	used   uint64 // exchanges so far; lets a late idle timer see it is stale
	// lastCtx is the last command's context without its deadline: its
	// values carry the caller's logger for lines logged later (logCtx).
	lastCtx context.Context
	version *Version
	// mode is the daemon's mode once a reply on this connection stated it
	// (see learnMode); "" until then.
	mode Mode
	// failed is the first failure that says the daemon cannot be reached
	// or served now (see remember). Every later command returns it at
	// once: against a frozen or busy daemon a run then pays one timeout,
	// not one per command, and a rejected password is sent only once.
	failed error
}

// New checks cfg (the address form, the password's bytes) and returns a
// client. It does not connect.
func New(cfg Config) (*Client, error) {
	ep, err := parseEndpoint(cfg.Address)
	if err != nil {
		return nil, err
	}
	// The daemon takes the first line of its password file, so a password
	// read from such a file (file("mgmt.pw")) matches without its newline.
	cfg.Password = trimLineEnd(cfg.Password)
	if cfg.Password != "" {
		if err := checkPasswordLine(cfg.Password); err != nil {
			return nil, err
		}
	}
	if ep.network == "tls" && cfg.Dial == nil {
		return nil, fmt.Errorf("management address %q: a tls:// address needs TLS settings (a CA certificate) to dial", cfg.Address)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	c := &Client{cfg: cfg, endpoint: ep}
	c.events.deliver = cfg.OnNotification
	return c, nil
}

// Address is the daemon's address in canonical form (tcp://… or unix://…).
func (c *Client) Address() string { return c.endpoint.String() }

// Close sends quit and closes the connection, if one is open. The client
// stays usable: the next command connects again, unless the client holds
// a failure that says the daemon cannot be reached or served: that lasts
// for the client's life (one provider block's run); a new Client tries
// again.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.disconnect(c.logCtx(), true)
	return nil
}

type freshKey struct{}

// Fresh returns a context whose reads bypass the read cache (for polling).
func Fresh(ctx context.Context) context.Context { return context.WithValue(ctx, freshKey{}, true) }

// run sends one command and returns its reply lines, connecting first if
// needed; its errors name the daemon (Config.Name).
func (c *Client) run(ctx context.Context, cmd command) ([]string, error) {
	lines, err := c.send(ctx, cmd)
	return lines, c.named(err)
}

// named starts err with the daemon's name, when the caller gave one.
// Every exported method's error passes through it (the capability gate's,
// a parse failure's and a proxy's answer too, not only run's); an error
// named already is not named twice.
func (c *Client) named(err error) error {
	if err == nil || c.cfg.Name == "" || errors.As(err, new(*namedError)) {
		return err
	}
	return &namedError{name: c.cfg.Name, err: err}
}

// namedError is an error of the daemon called name.
type namedError struct {
	name string
	err  error
}

func (e *namedError) Error() string { return fmt.Sprintf("daemon %q: %v", e.name, e.err) }

func (e *namedError) Unwrap() error { return e.err }

// DaemonName is the name (Config.Name) of the daemon whose client returned
// err; ok is false for an error of an unnamed client, or of none.
func DaemonName(err error) (name string, ok bool) {
	var ne *namedError
	if errors.As(err, &ne) {
		return ne.name, true
	}
	return "", false
}

// send is run without the name. A broken exchange drops the connection,
// because a reply that arrives late would be read as the answer to the
// next command.
func (c *Client) send(ctx context.Context, cmd command) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed != nil {
		return nil, c.failed
	}
	c.stopIdle()
	defer c.armIdle()
	c.lastCtx = context.WithoutCancel(ctx)
	row, ok := capabilityOf(commandWord(cmd.line), "")
	if !ok {
		return nil, &UnlistedError{Command: cmd.line}
	}

	if c.cfg.CacheReads && !cmd.write && ctx.Value(freshKey{}) == nil {
		if lines, ok := c.cache[cmd.line]; ok {
			return lines, nil
		}
	}
	if cmd.write {
		// Before sending: a write whose reply never comes may still have
		// taken effect.
		c.cache = nil
	}
	reused := c.conn != nil
	send := func() ([]string, error) {
		// The gate comes first on every connection: a new one may meet
		// another release.
		if err := c.admit(ctx, cmd.line, row); err != nil {
			return nil, err
		}
		return c.exchange(ctx, cmd)
	}
	lines, err := send()
	if err != nil && reused && !cmd.write && errors.Is(err, ErrClosed) {
		// The daemon dropped the idle connection (a restart, a >FATAL:
		// reset). A read is safe to send again on a new one; a write is not.
		lines, err = send()
	}
	if err != nil {
		return nil, c.refusedByMode(cmd.line, row, err)
	}
	c.learnMode(cmd.line, lines)
	if cmd.closes {
		c.disconnect(ctx, false)
	}
	if !cmd.write && c.cfg.CacheReads {
		if c.cache == nil {
			c.cache = map[string][]string{}
		}
		c.cache[cmd.line] = lines
	}
	return lines, nil
}

// exchange connects if needed and runs one command on the connection.
func (c *Client) exchange(ctx context.Context, cmd command) ([]string, error) {
	if err := c.connect(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	c.debug(ctx, "openvpn management command", map[string]any{"command": cmd.line})
	lines, err := c.conn.exchange(ctx, c.cfg.Timeout, cmd)
	if err != nil {
		var ce *CommandError
		var te *TruncatedError
		switch {
		case errors.As(err, &te):
			// The marker's answer came: the connection is in step.
		case errors.As(err, &ce) && errors.Is(err, ErrWrongMode):
			c.explainWrongMode(ctx, ce)
		case ce == nil || errors.Is(err, ErrTimeout):
			c.disconnect(ctx, false)
		}
		if errors.Is(err, ErrTimeout) || errors.Is(err, ErrTooLarge) {
			c.remember(err)
		}
		return nil, err
	}
	c.debug(ctx, "openvpn management reply", map[string]any{"command": cmd.line, "lines": len(lines), "elapsed_ms": float64(time.Since(start).Microseconds()) / 1000})
	return lines, nil
}

// connect opens and authenticates a connection, then asks for the version,
// which also drains a pending >HOLD: line that follows the banner.
func (c *Client) connect(ctx context.Context) error {
	if c.conn != nil {
		return nil
	}
	if c.failed != nil {
		// Every way in (a command, Version, HoldWaiting) meets the
		// remembered failure here, so none pays its timeout again.
		return c.failed
	}
	c.debug(ctx, "openvpn management connect", map[string]any{"address": c.endpoint.String()})
	c.events.holdWaiting = false
	c.events.pending = nil
	s, err := openConn(ctx, c.cfg.Dial, c.endpoint, c.cfg.Password, c.cfg.Timeout, &c.events)
	if err != nil {
		c.remember(err)
		return err
	}
	c.conn = s
	lines, err := s.exchange(ctx, c.cfg.Timeout, command{line: "version", reply: replyMulti})
	if err != nil {
		c.disconnect(ctx, false)
		c.remember(err)
		return err
	}
	v, err := ParseVersion(lines)
	if err != nil {
		c.disconnect(ctx, false)
		err = fmt.Errorf("openvpn management at %s: %w", c.endpoint, errorf("version", err))
		c.remember(err)
		return err
	}
	c.version = &v
	s.learnPlatform(v)
	return nil
}

func (c *Client) disconnect(ctx context.Context, polite bool) {
	if c.conn == nil {
		return
	}
	if polite {
		c.conn.quit()
	} else {
		c.conn.close()
	}
	c.conn = nil
	c.version = nil
	c.mode = ""
	// A new connection may meet a restarted daemon: nothing read on this
	// one is current any more.
	c.cache = nil
	c.debug(ctx, "openvpn management disconnected", nil)
}

// stopIdle cancels the idle timer when a command starts. A timer that
// already fired and waits for the lock sees used change and stands down.
func (c *Client) stopIdle() {
	c.used++
	if c.idle != nil {
		c.idle.Stop()
		c.idle = nil
	}
}

// armIdle schedules the release of the port after IdleClose without a
// command; OpenVPN serves one management client, so holding it idle
// locks every other tool out.
func (c *Client) armIdle() {
	if c.cfg.IdleClose <= 0 || c.conn == nil {
		return
	}
	seen := c.used
	c.idle = time.AfterFunc(c.cfg.IdleClose, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.used == seen {
			c.disconnect(c.logCtx(), true)
		}
	})
}

func (c *Client) debug(ctx context.Context, msg string, fields map[string]any) {
	if c.cfg.Debug != nil {
		c.cfg.Debug(ctx, msg, fields)
	}
}

// logCtx is the context for a log line no request asked for (the idle
// close, Close): the last command's, whose values carry the caller's
// logger, so the line is not lost.
func (c *Client) logCtx() context.Context {
	if c.lastCtx == nil {
		return context.Background()
	}
	return c.lastCtx
}

// Connected reports whether a connection is open now (for tests and logs).
func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn != nil
}

// build is BuildCommand plus the framing the method knows.
func build(kind replyKind, write bool, name string, args ...Arg) (command, error) {
	line, err := BuildCommand(name, args...)
	if err != nil {
		return command{}, err
	}
	return command{line: line, reply: kind, write: write}, nil
}

// errorf wraps a parse failure with the command it answered.
func errorf(cmd string, err error) error {
	return fmt.Errorf("openvpn management command %q: %w", cmd, err)
}
