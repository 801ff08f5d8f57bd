package management

import (
	"sync"
	"time"
)

// Config says where the daemon listens and how to talk to it.
type Config struct {
	// Address: "tcp://host:port", "host:port", "unix:///path" or "/path".
	Address string
	// Password is the first line of the daemon's management pwfile. Never logged.
	Password string
	// Timeout bounds every network step: dial, waiting for the banner of a
	// busy port, and each command's reply. Default 10s.
	Timeout time.Duration
	// IdleClose closes the connection (with quit) after this long without
	// a command, so other management tools can get the port. 0 keeps it
	// open until Close.
	IdleClose time.Duration
	// CacheReads makes identical read commands share one answer until any
	// write command (a setting, a kill, a signal) is sent.
	CacheReads bool
	// OnNotification, when set, receives every real-time notification.
	// It is called while a command holds the connection and must not block.
	OnNotification func(Notification)
}

// Client talks to one daemon over at most one connection, which it opens
// on first use and shares between goroutines one command at a time.
type Client struct {
	cfg Config
	mu  sync.Mutex
}

// New checks cfg (the address form, the password's bytes) and returns a
// client. It does not connect.
func New(cfg Config) (*Client, error) { panic("TODO") }

// Close sends quit and closes the connection, if one is open.
func (c *Client) Close() error { panic("TODO") }
