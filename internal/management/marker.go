package management

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// How the end marker (framing.go) is used on one connection. It exists so
// that a reply the daemon cuts short is recognised at once; it must never
// turn a complete reply into a failure (PROTOCOL.md §12).
type markerUse int

const (
	// markerPipelined: the marker goes out in the same write as the
	// command, and its answer follows the reply. The default once the
	// daemon is known not to be a Windows build.
	markerPipelined markerUse = iota
	// markerProbe: the marker is sent only when a reply that has begun
	// stalls, to learn whether it was cut short. For Windows daemons,
	// whose management loop discards the rest of a reply when input
	// arrives mid-reply (manage.c, _WIN32 management_io), for a daemon of
	// unknown platform, and behind a proxy that answered the marker with
	// an error (an answer still tells the reply has ended).
	markerProbe
	// markerUnused: a proxy in front of the daemon swallowed the marker;
	// it is not sent again on this connection.
	markerUnused
)

// probeQuiet is how long a reply that has begun may pause before the
// marker probes it (markerProbe), at least. Between two passes of a reply
// the daemon only runs its event loop; a pause this long (and twice as
// long as the wait for the reply's first line, a round trip on a slow
// link) means its output has ended. Tests shorten it.
var probeQuiet = time.Second

// markerFloor is the least time given to the marker's answer after a
// reply's end: the daemon queues it right behind the reply, so it comes
// in the same read or the next one, but a loaded machine may pause a
// goroutine for a few milliseconds.
const markerFloor = 5 * time.Millisecond

// awaitMarker reads the marker's answer after a complete reply. Lines
// before it are skipped: openvpn-auth-oauth2's pass-through may put an
// empty line after a reply that carried notifications, and a daemon built
// with PACKET_TRUNCATION_CHECK prints its ERRORS rows after the status END
// (multi.c). The reply limits bound the skipping.
//
// The reply is complete whatever comes: an error answer (a proxy that
// allows only some commands) ends the wait and the marker is then only a
// probe on this connection; silence for as long as the reply itself took
// (at least markerFloor, at most until the command's deadline) ends it
// too, and the marker is not used again on this connection. Its answer may still come later: the next reply skips
// it (strayMarker).
func (s *conn) awaitMarker(ctx context.Context, cmd command, timeout, took time.Duration) error {
	deadline := s.deadline
	window := max(took, markerFloor)
	start := s.lines.read
	for skipped := 0; ; skipped++ {
		s.setReadDeadline(ctx, earlier(time.Now().Add(window), deadline))
		line, err := s.readReplyLine()
		s.setReadDeadline(ctx, deadline)
		quiet := err != nil && isTimeout(err) && callerGaveUp(ctx) == nil
		switch {
		case quiet && !s.lines.midLine():
			// Silence, until the command's own deadline at the latest: the
			// reply is complete all the same.
			s.marker, s.strayMarker = markerUnused, true
			return nil
		case quiet && time.Now().Before(deadline):
			// Half a line came: wait for the rest at the command's own
			// deadline.
			window = time.Until(deadline)
			continue
		case err != nil:
			return cmd.ioError(ctx, ioErr(err), timeout)
		case isMarkerAnswer(line):
			return nil
		case isErrorLine(line):
			s.marker = markerProbe
			return nil
		case skipped >= limits.replyLines, s.lines.read-start > limits.replyBytes:
			return fmt.Errorf("openvpn management command %q: %w: %q after the reply, expected the answer to %q", cmd.line, ErrProtocol, replyExcerpt(line), endMarker)
		}
	}
}

// setReadDeadline moves the read deadline within an exchange without
// undoing a cancellation: bound's hook sets a past deadline when ctx ends,
// and a deadline set after that must not replace it.
func (s *conn) setReadDeadline(ctx context.Context, t time.Time) {
	_ = s.nc.SetReadDeadline(t)
	if ctx.Err() != nil {
		_ = s.nc.SetReadDeadline(time.Unix(1, 0))
	}
}

// sendProbe writes the marker alone, for a reply that stalled.
func (s *conn) sendProbe() error {
	_, err := s.nc.Write([]byte(endMarker + "\n"))
	return err
}

func isErrorLine(line string) bool { return line == "ERROR:" || strings.HasPrefix(line, "ERROR: ") }

// earlier is the earlier of two times.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
