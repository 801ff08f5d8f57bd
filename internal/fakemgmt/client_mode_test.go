package fakemgmt

import (
	"strings"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
)

// clientCaptureOrder is the order the capture sent its client commands in
// (internal/openvpnlab/cmd/capture/client_script.go): the settings replies
// depend on it ("verb" before "verb 4").
var clientCaptureOrder = []string{
	"version", "help", "status 3", "status 2", "status 1", "state", "state all", "kill x", "client-kill 0",
	"nclients", "load-stats", "hold", "pid", "remote-entry-count", "remote-entry-get all", "log 5", "echo all",
	"verb", "verb 4", "mute", "mute 0", "auth-retry", "auth-retry nointeract", "auth-retry none", "hold off",
	"signal SIGUSR2", "frobnicate", `username "Auth" x`,
}

// The client-mode fake answers every command of the client capture, in
// capture order, with the captured bytes: banner, the mode errors of the
// server-only commands, the settings (from live Settings), everything.
func TestClientDaemonReplaysTheCapture(t *testing.T) {
	if got := ClientCommands(); len(got) != len(clientCaptureOrder) {
		t.Fatalf("ClientCommands has %d commands, the capture order %d: %q", len(got), len(clientCaptureOrder), got)
	}
	d, err := ClientDaemon26()
	if err != nil {
		t.Fatal(err)
	}
	nc := dial(t, Start(t, d.Handle))
	banner, err := fixtures.Transcript(ClientCapture, "banner.txt")
	if err != nil {
		t.Fatal(err)
	}
	expectBytes(t, nc, banner)
	expectReplies(t, nc, clientCaptureOrder, ClientReply)
	// Beyond the capture: any status version, kill and client-kill of
	// anything get the captured answers.
	for line, file := range map[string]string{"status": "status-3", "status 0": "status-3", "kill 1.2.3.4:5": "kill", "client-kill 7 HALT": "client-kill"} {
		want, err := fixtures.Transcript(ClientCapture, file+".txt")
		if err != nil {
			t.Fatal(err)
		}
		send(t, nc, line+"\n")
		if got := readN(t, nc, len(want)); got != want {
			t.Fatalf("after %q got %q, want %q", line, got, want)
		}
	}
	send(t, nc, "quit\n")
	expectEOF(t, nc)
}

// The server fakes answer the client-only commands as the captured
// releases do: a 2.6 or 2.7 server (whose help lists them) with the mode
// error the 2.6.14 server sent, 2.4 and 2.5 (whose help does not) with
// their unknown-command error.
func TestServerFakesAnswerClientOnlyCommands(t *testing.T) {
	modeErr, err := fixtures.Transcript(ClientCapture, "server-remote-entry-get-all.txt")
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, d *Daemon, password, help, unknown string) {
		nc := dial(t, Start(t, d.Handle))
		if password != "" {
			_ = readN(t, nc, len(PasswordPrompt))
			send(t, nc, password+"\n")
			_ = readN(t, nc, len(PasswordCorrect))
		}
		_ = readN(t, nc, len(Banner)) // every banner here is version 1, 3 or 5: the same length
		want := unknown
		if strings.Contains(help, "\nremote-entry-get ") {
			want = modeErr
		}
		send(t, nc, "remote-entry-get all\n")
		expectBytes(t, nc, want)
	}
	for _, rel := range CapturedReleases {
		t.Run(rel, func(t *testing.T) {
			d, err := CapturedDaemon(rel, LabUDP4)
			if err != nil {
				t.Fatal(err)
			}
			unknown := mustCaptured(t, rel, "unknown-command.txt")
			check(t, d, CapturedPassword, d.Replies["help"], strings.Replace(unknown, "[frobnicate]", "[remote-entry-get]", 1))
		})
	}
	t.Run("Daemon26", func(t *testing.T) {
		d := Daemon26()
		check(t, d, "", d.Replies["help"], UnknownCommand)
	})
}
