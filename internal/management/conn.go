package management

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/deadline"
)

const passwordPrompt = "ENTER PASSWORD:"

// conn is one authenticated connection to the daemon. It is used by
// one command at a time (the Client's mutex); nothing in it is shared.
type conn struct {
	nc     net.Conn // the pump, around the socket
	pump   *pump
	r      *bufio.Reader
	lines  *lineReader
	events *demux
	// deadline is the current exchange's (bound).
	deadline time.Time
	// pumpHelps: the transport has a reader of the daemon's socket between
	// it and this client (sshd, stunnel), which the pump speeds up.
	pumpHelps bool
	marker    markerUse
	// strayMarker: a marker's answer may still come (it was late); the
	// next reply skips it.
	strayMarker bool
}

// openConn connects, authenticates and reads the banner. Every step is
// bounded by timeout and by ctx.
func openConn(ctx context.Context, dial dialFunc, ep endpoint, password string, timeout time.Duration, events *demux) (*conn, error) {
	nc, err := dialSocket(ctx, dial, ep, timeout)
	if err != nil {
		return nil, err
	}
	if ep.network == "tcp" && dial == nil {
		nc = withQuickAck(nc)
	}
	p := &pump{Conn: nc}
	s := &conn{nc: p, pump: p, r: bufio.NewReaderSize(p, 64<<10), events: events, pumpHelps: pumpHelps(dial != nil), marker: markerProbe}
	s.lines = &lineReader{r: s.r, max: limits.lineBytes}
	stop := s.bound(ctx, timeout)
	err = s.handshake(ctx, ep, password, timeout)
	stop()
	if err != nil {
		_ = nc.Close()
		return nil, err
	}
	return s, nil
}

type dialFunc = func(ctx context.Context, network, target string) (net.Conn, error)

// dialSocket connects directly, or through Config.Dial when it is set. The
// hook's errors carry their own facts (an SSH host, a certificate), so
// they are wrapped as they are; the hook bounds each of its own steps.
func dialSocket(ctx context.Context, dial dialFunc, ep endpoint, timeout time.Duration) (net.Conn, error) {
	if dial == nil {
		d := net.Dialer{Timeout: timeout}
		nc, err := d.DialContext(ctx, ep.network, ep.target)
		if err != nil {
			return nil, dialError(ep, timeout, err)
		}
		return nc, nil
	}
	nc, err := dial(ctx, ep.network, ep.target)
	if err != nil {
		return nil, fmt.Errorf("openvpn management at %s: %w", ep, err)
	}
	return nc, nil
}

func dialError(ep endpoint, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.ENOENT):
		return fmt.Errorf("openvpn management at %s: %w", ep, ErrRefused)
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return fmt.Errorf("openvpn management at %s: %w (%v)", ep, ErrPermission, err)
	case isTimeout(err):
		return fmt.Errorf("openvpn management at %s: dial: %w after %s", ep, ErrTimeout, timeout)
	}
	return fmt.Errorf("openvpn management at %s: dial: %w", ep, err)
}

// bound sets the connection's deadline from ctx and timeout, and makes a
// cancelled ctx interrupt a blocked read at once. The returned func undoes
// the cancellation hook.
func (s *conn) bound(ctx context.Context, timeout time.Duration) func() {
	var release func()
	s.deadline, release = deadline.Bound(ctx, s.nc, timeout)
	return release
}

// handshake reads what the daemon says first. The password prompt has no
// newline (manage.c man_output_list_push_str "ENTER PASSWORD:"), so it is
// read as raw bytes, never with a line reader.
func (s *conn) handshake(ctx context.Context, ep endpoint, password string, timeout time.Duration) error {
	first, err := s.r.Peek(len(passwordPrompt))
	if err != nil {
		switch {
		case callerGaveUp(ctx) != nil:
			// Our caller gave up (a cancel or its own deadline): not a busy port.
			return fmt.Errorf("openvpn management at %s: waiting for the banner: %w", ep, callerGaveUp(ctx))
		case len(first) == 0 && isTimeout(err):
			// Accepted but silent: OpenVPN leaves its listener out of the
			// event loop while another management client is connected.
			return fmt.Errorf("openvpn management at %s: %w (connected, but no banner within %s)", ep, ErrBusy, timeout)
		case len(first) == 0:
			return fmt.Errorf("openvpn management at %s: %w", ep, ErrClosedOnConnect)
		}
		// Fewer bytes than the prompt: a short banner-less reply is still
		// possible only from something that is not OpenVPN; fall through
		// to the line read, which reports it.
	}
	if string(first) == passwordPrompt {
		_, _ = s.r.Discard(len(passwordPrompt))
		if err := s.sendPassword(ctx, ep, password); err != nil {
			return err
		}
	}
	line, err := s.readRawLine()
	if err != nil {
		switch {
		case callerGaveUp(ctx) != nil:
			return fmt.Errorf("openvpn management at %s: waiting for the banner: %w", ep, callerGaveUp(ctx))
		case isTimeout(err):
			return fmt.Errorf("openvpn management at %s: no banner: %w after %s", ep, ErrTimeout, timeout)
		}
		return fmt.Errorf("openvpn management at %s: reading the banner: %w", ep, ioErr(err))
	}
	const banner = ">INFO:OpenVPN Management Interface Version "
	if !strings.HasPrefix(line, banner) {
		return fmt.Errorf("openvpn management at %s: %w: expected the >INFO: banner, got %q", ep, ErrProtocol, replyExcerpt(line))
	}
	return nil
}

func (s *conn) sendPassword(ctx context.Context, ep endpoint, password string) error {
	if password == "" {
		return fmt.Errorf("openvpn management at %s: %w: the daemon asked for one and none is configured", ep, ErrPasswordRequired)
	}
	if _, err := io.WriteString(s.nc, password+"\n"); err != nil {
		return fmt.Errorf("openvpn management at %s: sending the password: %w", ep, ioErr(err))
	}
	// On a wrong password the daemon prints nothing but the prompt again
	// (its error message is muted until authenticated). It closes only
	// after three failures, and this client tries once, so a close here
	// is not a verdict on the password.
	reply, err := s.r.Peek(len(passwordPrompt))
	if string(reply) == passwordPrompt {
		return fmt.Errorf("openvpn management at %s: %w (the daemon asked for it again)", ep, ErrBadPassword)
	}
	if err == nil {
		var line string
		if line, err = s.readRawLine(); err == nil {
			if line == badPasswordLine {
				return fmt.Errorf("openvpn management at %s: %w: %w", ep, ErrBadPassword, ErrBadPasswordLine)
			}
			if line != "SUCCESS: password is correct" {
				return fmt.Errorf("openvpn management at %s: %w: unexpected answer to the password: %q", ep, ErrProtocol, replyExcerpt(line))
			}
			return nil
		}
	}
	switch {
	case callerGaveUp(ctx) != nil:
		return fmt.Errorf("openvpn management at %s: waiting for the password check: %w", ep, callerGaveUp(ctx))
	case isTimeout(err):
		return fmt.Errorf("openvpn management at %s: no answer to the password: %w", ep, ErrTimeout)
	}
	return fmt.Errorf("openvpn management at %s: right after the password: %w", ep, ioErr(err))
}

// readRawLine reads one line (at most MaxReplyLineBytes) and strips its CRLF.
func (s *conn) readRawLine() (string, error) {
	return s.lines.readLine()
}

// readReplyLine reads lines until one belongs to the command in flight,
// handing every ">" notification to the demultiplexer on the way.
func (s *conn) readReplyLine() (string, error) {
	for {
		line, err := s.readRawLine()
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(line, ">") {
			s.events.line(line)
			continue
		}
		return line, nil
	}
}

// exchange sends one command line and reads its reply as framed by kind.
func (s *conn) exchange(ctx context.Context, timeout time.Duration, cmd command) ([]string, error) {
	stop := s.bound(ctx, timeout)
	defer stop()
	rr := replyRead{cmd: cmd, probe: cmd.marked && s.marker == markerProbe}
	wire := cmd.line + "\n"
	if cmd.marked && s.marker == markerPipelined {
		// One write: the daemon runs its input lines strictly in order, so
		// the marker's answer comes right after the command's reply, whole
		// or cut short.
		wire += endMarker + "\n"
		rr.markerOwed = true
	}
	if _, err := io.WriteString(s.nc, wire); err != nil {
		return nil, cmd.ioError(ctx, ioErr(err), timeout)
	}
	if cmd.reply == replyNone {
		return nil, nil
	}
	if cmd.reply == replyMulti {
		ends := endAtEND
		if rr.markerOwed {
			ends = endAtMarker
		}
		s.pump.arm(ends)
		defer s.pump.disarm()
	}
	rr.sent = time.Now()
	lines, err := s.readReply(ctx, timeout, &rr)
	var ce *CommandError
	if !rr.markerOwed || err != nil && !errors.As(err, &ce) {
		return lines, err
	}
	// The command's reply ended (END or ERROR:): the marker's answer is next.
	if merr := s.awaitMarker(ctx, cmd, timeout, time.Since(rr.sent)); merr != nil {
		return nil, merr
	}
	return lines, err
}

// replyRead is the state of one reply being read.
type replyRead struct {
	cmd command
	// markerOwed: the end marker was sent (with the command, or as a probe)
	// and its answer has not been read.
	markerOwed bool
	// probe: the marker may be sent once the reply stalls (markerProbe).
	probe  bool
	probed bool
	// sent and first: when the command went out and its first line came;
	// a pause shorter than twice that (a round trip on a slow link) is not
	// the end of the output.
	sent, first time.Time
}

// unended adds what is known of a reply that began and timed out where
// the end marker cannot help: a proxy swallowed it on this connection.
func (s *conn) unended(err error, cmd command, lines int) error {
	var ce *CommandError
	if lines == 0 || !cmd.marked || s.marker != markerUnused || !errors.As(err, &ce) || ce.Cause != ErrTimeout {
		return err
	}
	ce.Reply += fmt.Sprintf(" (%d lines came)", lines)
	ce.Cause = fmt.Errorf("%w: %w", ErrTimeout, ErrUnendedBehindProxy)
	return ce
}

// readReply reads one reply within the reply limits.
func (s *conn) readReply(ctx context.Context, timeout time.Duration, rr *replyRead) ([]string, error) {
	cmd := rr.cmd
	start := s.lines.read
	var lines []string
	blank := 0 // empty lines skipped before the first one
	tooManyLines := func() error {
		return &LimitError{Command: cmd.line, Limit: "reply lines", Max: int64(limits.replyLines), Unit: "lines", Read: s.lines.read - start}
	}
	for {
		line, err := s.readReplyLineOrProbe(ctx, rr, len(lines) > 0)
		if err == nil && rr.first.IsZero() {
			rr.first = time.Now()
		}
		if err != nil {
			var le *LimitError
			if errors.As(err, &le) {
				le.Command = cmd.line
				return nil, le
			}
			return lines, s.unended(cmd.ioError(ctx, ioErr(err), timeout), cmd, len(lines))
		}
		if read := s.lines.read - start; read > limits.replyBytes {
			return nil, &LimitError{Command: cmd.line, Limit: "reply size", Max: limits.replyBytes, Unit: "bytes", Read: read}
		}
		if line == "" && len(lines) == 0 {
			// The daemon never sends an empty reply line (every row of
			// every reply has a word or a field), but openvpn-auth-oauth2's
			// pass-through may put one after any reply that carried
			// notifications; left alone, it would become the first line of
			// the next command's reply. The reply limits bound these too.
			if blank++; blank > limits.replyLines {
				return nil, tooManyLines()
			}
			continue
		}
		if len(lines) == 0 && s.strayMarker && isMarkerAnswer(line) && cmd.line != endMarker {
			// A late answer to an earlier command's marker.
			s.strayMarker = false
			continue
		}
		switch {
		case rr.markerOwed && len(lines) > 0 && isErrorLine(line):
			// A multi-line reply's own ERROR comes before any data line:
			// this one answers the marker (a proxy refusing it), so the
			// reply stopped short.
			rr.markerOwed = false
			if !rr.probed {
				s.marker = markerProbe
			}
			return nil, &TruncatedError{Command: cmd.line, Lines: len(lines)}
		case isErrorLine(line):
			return nil, cmd.commandError(strings.TrimSpace(strings.TrimPrefix(line, "ERROR:")), lines)
		case cmd.reply == replySingle && strings.HasPrefix(line, "SUCCESS:"):
			return []string{strings.TrimSpace(strings.TrimPrefix(line, "SUCCESS:"))}, nil
		case cmd.reply == replyMulti && line == "END":
			return lines, nil
		case rr.markerOwed && isMarkerAnswer(line):
			rr.markerOwed = false
			return nil, &TruncatedError{Command: cmd.line, Lines: len(lines)}
		}
		// Data lines of a multi-line reply, or unprefixed lines a
		// single-line command prints before its ERROR (auth-retry bogus).
		lines = append(lines, line)
		if len(lines) > limits.replyLines {
			return nil, tooManyLines()
		}
	}
}

// readReplyLineOrProbe reads the next reply line. When the reply has begun
// and may be probed, a pause of probeQuiet (or twice the wait for the first
// line, if longer) sends the end marker: the daemon's output has ended, so
// input cannot cut it (not even on Windows), and the marker's answer says
// whether the reply was cut short.
func (s *conn) readReplyLineOrProbe(ctx context.Context, rr *replyRead, begun bool) (string, error) {
	if !rr.probe || rr.probed || !begun || s.r.Buffered() > 0 {
		// Bytes already read are a line to take, or part of one whose
		// rest is coming: no pause to look for yet.
		return s.readReplyLine()
	}
	quiet := max(probeQuiet, 2*rr.first.Sub(rr.sent))
	for {
		s.setReadDeadline(ctx, earlier(time.Now().Add(quiet), s.deadline))
		line, err := s.readReplyLine()
		s.setReadDeadline(ctx, s.deadline)
		if err == nil || !isTimeout(err) || callerGaveUp(ctx) != nil || !time.Now().Before(s.deadline) {
			return line, err
		}
		if s.lines.midLine() {
			// Half a line came: the output goes on.
			continue
		}
		if err := s.sendProbe(); err != nil {
			return "", err
		}
		rr.probed, rr.markerOwed = true, true
		return s.readReplyLine()
	}
}

// quit asks the daemon to close; it sends no reply.
func (s *conn) quit() {
	_ = s.nc.SetDeadline(time.Now().Add(time.Second))
	_, _ = io.WriteString(s.nc, "quit\n")
	_ = s.nc.Close()
}

func (s *conn) close() { _ = s.nc.Close() }

// callerGaveUp and isTimeout are the package's short names for the
// shared deadline rules.
var (
	callerGaveUp = deadline.CallerGaveUp
	isTimeout    = deadline.IsTimeout
)

// ioErr turns EOF and reset into ErrClosed so callers can test for it.
func ioErr(err error) error {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return fmt.Errorf("%w (%v)", ErrClosed, err)
	}
	return err
}
