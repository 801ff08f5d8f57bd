package fakemgmt

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// IOTimeout bounds every read and write the fake does, so a broken test fails
// instead of hanging. It is longer than any client deadline under test.
const IOTimeout = 10 * time.Second

// Conn is one accepted management connection, seen from the daemon's side.
type Conn struct {
	t     testing.TB
	nc    net.Conn
	r     *bufio.Reader
	index int
	// partial is a line cut by a read timeout, completed by the next read.
	partial string

	// capture, when set, takes what Send writes instead of the socket
	// (the Windows loop writes a reply in passes of its own).
	capture *strings.Builder

	mu       sync.Mutex
	received []string

	closeOnce sync.Once
	done      chan struct{}
}

func newConn(t testing.TB, nc net.Conn, index int) *Conn {
	return &Conn{t: t, nc: nc, r: bufio.NewReader(nc), index: index, done: make(chan struct{})}
}

// Index is the connection's position in accept order, starting at 0.
func (c *Conn) Index() int { return c.index }

// Send writes s exactly as given; management output lines end in "\r\n", so
// callers spell it out. A write error (the client hung up, which fault tests
// provoke on purpose) is ignored: the next ReadLine reports it.
func (c *Conn) Send(s string) {
	if c.capture != nil {
		c.capture.WriteString(s)
		return
	}
	_ = c.nc.SetWriteDeadline(time.Now().Add(IOTimeout))
	_, _ = c.nc.Write([]byte(s))
}

// Write is Send for scripts that stream: it writes b and returns the
// error, so a handler sending an endless reply stops once the client hangs
// up.
func (c *Conn) Write(b []byte) error {
	_ = c.nc.SetWriteDeadline(time.Now().Add(IOTimeout))
	_, err := c.nc.Write(b)
	return err
}

// ReadLine reads one command line and returns it without its "\n" or "\r\n".
// Every line, and a final partial line cut off by EOF, is recorded for
// Received. The error is io.EOF when the client closed, or a timeout.
func (c *Conn) ReadLine() (string, error) {
	_ = c.nc.SetReadDeadline(time.Now().Add(IOTimeout))
	line, err := c.r.ReadString('\n')
	line, c.partial = c.partial+line, ""
	if err != nil {
		switch {
		case isTimeout(err):
			c.partial = line // the rest of the line may still come
		case line != "":
			c.record(line)
		}
		if errors.Is(err, net.ErrClosed) {
			err = io.EOF
		}
		return "", err
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	c.record(line)
	return line, nil
}

// readSome returns the bytes the client has sent and nobody has read yet,
// waiting up to wait for the first of them. A timeout with nothing read is
// not an error (nil, nil).
func (c *Conn) readSome(wait time.Duration) ([]byte, error) {
	if n := c.r.Buffered(); n > 0 {
		b, _ := c.r.Peek(n)
		out := append([]byte(nil), b...)
		_, _ = c.r.Discard(n)
		return out, nil
	}
	_ = c.nc.SetReadDeadline(time.Now().Add(wait))
	if _, err := c.r.Peek(1); err != nil {
		if isTimeout(err) {
			return nil, nil
		}
		if errors.Is(err, net.ErrClosed) {
			err = io.EOF
		}
		return nil, err
	}
	return c.readSome(0)
}

// Expect reads one line and reports a test error if it is not want.
func (c *Conn) Expect(t testing.TB, want string) {
	t.Helper()
	got, err := c.ReadLine()
	if err != nil {
		t.Errorf("fakemgmt: expected %q from the client, got error %v", want, err)
		return
	}
	if got != want {
		t.Errorf("fakemgmt: client sent %q, want %q", got, want)
	}
}

// Received returns every line the client sent so far, in order, for
// assertions such as "nothing reached the wire".
func (c *Conn) Received() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.received...)
}

// Close closes the connection; the client sees EOF. It is idempotent.
func (c *Conn) Close() {
	c.closeOnce.Do(func() {
		close(c.done)
		c.nc.Close()
	})
}

// Done is closed when the connection is closed, by the handler or by
// Server.Close.
func (c *Conn) Done() <-chan struct{} { return c.done }

func (c *Conn) record(line string) {
	c.mu.Lock()
	c.received = append(c.received, line)
	c.mu.Unlock()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
