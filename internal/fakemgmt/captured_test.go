package fakemgmt

import (
	"fmt"
	"strings"
	"testing"
)

// captureOrder is the order the capture sent its commands in (each
// release's README.md): the settings replies depend on it ("verb" before
// "verb 4").
var captureOrder = []string{
	"version", "help", "status 1", "status 2", "status 3", "state", "state all", "log 5", "echo all",
	"verb", "verb 4", "mute", "auth-retry", "hold", "load-stats", "pid", "kill nosuchcn",
	"client-kill 999", "bytecount 0", "frobnicate", "version 3", "version 4",
}

// TestCapturedDaemonReplaysEveryRelease plays each release's capture, in
// capture order, against CapturedDaemon and requires the captured bytes:
// the login (prompt, then SUCCESS and the release's >INFO banner), every
// command of the lab, and nothing after quit.
func TestCapturedDaemonReplaysEveryRelease(t *testing.T) {
	if len(captureOrder) != len(capturedCommands) {
		t.Fatalf("captureOrder has %d commands, capturedCommands %d", len(captureOrder), len(capturedCommands))
	}
	for _, rel := range CapturedReleases {
		for _, lab := range Labs {
			t.Run(fmt.Sprintf("%s/%s", rel, labName(lab)), func(t *testing.T) {
				d, err := CapturedDaemon(rel, lab)
				if err != nil {
					t.Fatal(err)
				}
				nc := dial(t, Start(t, d.Handle))
				expectBytes(t, nc, mustCaptured(t, rel, "banner.txt"))
				send(t, nc, CapturedPassword+"\n")
				expectBytes(t, nc, mustCaptured(t, rel, "password.txt"))
				cmds := captureOrder
				if lab != LabUDP4 {
					cmds = CapturedCommands(lab)
				}
				expectReplies(t, nc, cmds, func(cmd string) (string, bool, error) { return CapturedReply(rel, lab, cmd) })
				send(t, nc, "quit\n")
				expectEOF(t, nc)
			})
		}
	}
}

// The replies beyond the captures follow the release's rules.
func TestCapturedDaemonDerivedReplies(t *testing.T) {
	for _, tc := range []struct {
		release, cmd, want string
	}{
		{"2.4.12", "state 1", "1795890523,CONNECTED,SUCCESS,10.8.0.1,,,127.0.0.1,43257\r\nEND\r\n"},
		{"2.4.12", "log 1", "1795890528,D,MANAGEMENT: CMD 'log 5'\r\nEND\r\n"},
		{"2.4.12", "version 6", "OpenVPN Version: OpenVPN 2.4.12"},
		{"2.7.6", "version 5", "SUCCESS: Management client version set to 5\r\n"},
		{"2.7.6", "nonsense", "ERROR: unknown command [nonsense], enter 'help' for more options\r\n"},
		{"2.6.14", "nonsense", "ERROR: unknown command, enter 'help' for more options\r\n"},
		{"2.5.11", "verb", "SUCCESS: verb=3\r\n"},
	} {
		d, err := CapturedDaemon(tc.release, LabUDP4)
		if err != nil {
			t.Fatal(err)
		}
		nc := dial(t, Start(t, d.Handle))
		expectBytes(t, nc, PasswordPrompt)
		send(t, nc, CapturedPassword+"\n")
		expectBytes(t, nc, mustCaptured(t, tc.release, "password.txt"))
		send(t, nc, tc.cmd+"\n")
		if got := readN(t, nc, len(tc.want)); got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.release, tc.cmd, got, tc.want)
		}
	}
	// 2.5 and 2.6 answer "version N" with nothing at all.
	d, _ := CapturedDaemon("2.6.14", LabUDP4)
	nc := dial(t, Start(t, d.Handle))
	expectBytes(t, nc, PasswordPrompt)
	send(t, nc, CapturedPassword+"\nversion 5\npid\n")
	expectBytes(t, nc, mustCaptured(t, "2.6.14", "password.txt")+mustCaptured(t, "2.6.14", "pid.txt"))
}

func TestCapturedDaemonUnknownRelease(t *testing.T) {
	if _, err := CapturedDaemon("2.3.18", LabUDP4); err == nil || !strings.Contains(err.Error(), "2.4.12") {
		t.Fatalf("err = %v, want one naming the captured releases", err)
	}
}

func mustCaptured(t *testing.T, release, name string) string {
	t.Helper()
	s, err := CapturedFile(release, name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func labName(l Lab) string {
	if l == LabUDP4 {
		return "udp4"
	}
	return string(l)
}
