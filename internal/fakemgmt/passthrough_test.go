package fakemgmt

import (
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// loginPassThrough connects to a fresh pass-through and logs in with the
// capture's exact bytes.
func loginPassThrough(t *testing.T, p *PassThrough) net.Conn {
	t.Helper()
	nc := dial(t, Start(t, OneAtATime(p.Handle)))
	expectBytes(t, nc, PassThroughFile("banner.txt"))
	send(t, nc, PassThroughPassword+"\n")
	expectBytes(t, nc, PassThroughFile("password-ok.txt"))
	return nc
}

// Every captured command, in capture order (settings change as they go),
// gets the captured bytes and nothing more.
func TestPassThroughReplaysTheCapture(t *testing.T) {
	nc := loginPassThrough(t, NewPassThrough())
	for _, x := range []struct{ cmd, file string }{
		{"version", "version"}, {"status 3", "status-3"}, {"state", "state"}, {"state all", "state-all"},
		{"state 3", "state-3"}, {"pid", "pid"}, {"load-stats", "load-stats"}, {"log 5", "log-5"},
		{"log all", "log-all"}, {"echo all", "echo-all"}, {"verb", "verb"}, {"verb 4", "verb-4"},
		{"mute", "mute"}, {"mute 0", "mute-0"}, {"mute 7", "mute-7"}, {"hold", "hold"},
		{"client-kill 999", "client-kill-999"}, {"client-kill 999 HALT", "client-kill-999-HALT"},
		{"kill nosuchcn", "kill-nosuchcn"}, {"kill 127.0.0.1:1", "kill-127.0.0.1-1"},
		{"signal SIGUSR2", "signal-SIGUSR2"}, {"help", "help"}, {"auth-retry", "auth-retry"},
		{"auth-retry nointeract", "auth-retry-nointeract"}, {"client-auth 1 2", "client-auth-1-2"},
		{"frobnicate", "unknown-command"},
	} {
		send(t, nc, x.cmd+"\n")
		want := PassThroughFile(x.file + ".txt")
		if got := readN(t, nc, len(want)); got != want {
			t.Fatalf("after %q got\n%q\nwant %s.txt\n%q", x.cmd, got, x.file, want)
		}
	}
	send(t, nc, "quit\n")
	if PassThroughFile("quit.txt") != "" {
		t.Fatal("quit.txt is not empty")
	}
	expectEOF(t, nc)
}

func TestPassThroughWrongPasswordClosesAfterOneError(t *testing.T) {
	nc := dial(t, Start(t, NewPassThrough().Handle))
	expectBytes(t, nc, PassThroughFile("banner.txt"))
	send(t, nc, "wrong password\n")
	expectBytes(t, nc, PassThroughFile("password-bad.txt"))
	expectEOF(t, nc)
}

func TestPassThroughClosesWithoutAPasswordLine(t *testing.T) {
	nc := dial(t, Start(t, NewPassThrough().Handle))
	expectBytes(t, nc, PassThroughFile("banner.txt"))
	// Closed after passThroughLogin, with no byte.
	_ = nc.SetReadDeadline(time.Now().Add(passThroughLogin + time.Second))
	buf := make([]byte, 64)
	if n, err := nc.Read(buf); n > 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("expected EOF, got %q, %v", buf[:n], err)
	}
}

// "hold on" reaches the daemon but its reply never comes back, and the
// next command waits out the command timeout behind it.
func TestPassThroughSwallowsHoldReplies(t *testing.T) {
	for _, word := range []string{"on", "off", "release"} {
		if got := PassThroughFile("hold-" + word + ".txt"); got != "" {
			t.Fatalf("hold-%s.txt = %q, want empty", word, got)
		}
	}
	p := NewPassThrough()
	p.CommandTimeout = 300 * time.Millisecond
	nc := loginPassThrough(t, p)
	send(t, nc, "hold on\npid\n")
	expectBytes(t, nc, PassThroughFile("pid.txt"))
	if !p.Settings.Hold() {
		t.Error("hold on did not reach the daemon")
	}
	send(t, nc, "hold release\nhold off\n")
	expectSilence(t, nc, 100*time.Millisecond)
	send(t, nc, "hold\n")
	// Both waits pass (a second at most with readN's deadline), then the
	// pass-through's own answer, never the flag.
	_ = nc.SetReadDeadline(time.Now().Add(2 * time.Second))
	expectBytes(t, nc, PassThroughFile("hold.txt"))
	if p.Settings.Hold() {
		t.Error("hold off did not reach the daemon")
	}
}

func TestPassThroughReservedCommandsAnyCase(t *testing.T) {
	nc := loginPassThrough(t, NewPassThrough())
	for _, cmd := range []string{"client-auth-nt 1 2", "CLIENT-DENY 1 2 no", "client-pending-auth 1 2 x 30"} {
		send(t, nc, cmd+"\n")
		expectBytes(t, nc, PassThroughFile("client-auth-1-2.txt"))
	}
	send(t, nc, "  exit  \n")
	expectEOF(t, nc)
}

// A history length the capture lacks is the tail of "state all" / "log all".
func TestPassThroughHistoryTail(t *testing.T) {
	nc := loginPassThrough(t, NewPassThrough())
	send(t, nc, "state 1\n")
	expectBytes(t, nc, PassThroughFile("state.txt"))
	send(t, nc, "log 2\n")
	all := strings.Split(PassThroughFile("log-all.txt"), "\r\n")
	want := strings.Join(all[len(all)-4:], "\r\n") // two lines, END and the empty rest
	expectBytes(t, nc, want)
}

// A second client gets no byte until the first one leaves.
func TestPassThroughOneClientAtATime(t *testing.T) {
	s := Start(t, OneAtATime(NewPassThrough().Handle))
	first := dial(t, s)
	expectBytes(t, first, PassThroughFile("banner.txt"))
	second := dial(t, s)
	expectSilence(t, second, 200*time.Millisecond)
	send(t, first, PassThroughPassword+"\nquit\n")
	expectBytes(t, first, PassThroughFile("password-ok.txt"))
	expectEOF(t, first)
	expectBytes(t, second, PassThroughFile("banner.txt"))
}
