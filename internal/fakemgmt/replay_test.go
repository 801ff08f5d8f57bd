package fakemgmt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// session is one captured management connection (testdata/real-2.6.14/README.md).
type session struct {
	greeting string
	commands []string
	replies  []string
	eof      bool
}

func loadSession(t *testing.T, name string) session {
	t.Helper()
	dir := filepath.Join("testdata", "real-2.6.14", name)
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var s session
	s.greeting = read("00.txt")
	s.commands = strings.SplitAfter(read("commands"), "\n")
	s.commands = s.commands[:len(s.commands)-1] // the text after the last \n
	for i := range s.commands {
		s.replies = append(s.replies, read(fmt.Sprintf("%02d.txt", i+1)))
	}
	_, err := os.Stat(filepath.Join(dir, "eof"))
	s.eof = err == nil
	return s
}

// replay plays a captured session against h and requires the same bytes.
// Replies are read by length, so a stray byte shows up as a mismatch in the
// next reply, and an extra one after the last as a missing EOF.
func replay(t *testing.T, name string, h Handler) {
	t.Helper()
	s := loadSession(t, name)
	nc := dial(t, Start(t, h))
	expectBytes(t, nc, s.greeting)
	for i, cmd := range s.commands {
		send(t, nc, cmd)
		if got := readN(t, nc, len(s.replies[i])); got != s.replies[i] {
			t.Fatalf("%s: after %q got\n%q\nwant\n%q", name, cmd, got, s.replies[i])
		}
	}
	if s.eof {
		expectEOF(t, nc)
	}
}

const holdLine = ">HOLD:Waiting for hold release:0\r\n"

func TestReplayLoginFailures(t *testing.T) {
	replay(t, "login-failures", (&Daemon{Password: "pass word"}).Handle)
}

func TestReplayLoginFailuresWrongPasswordThenEOF(t *testing.T) {
	replay(t, "login-failures", WrongPasswordThenEOF)
}

func TestReplaySettings(t *testing.T) {
	// The capture's daemon ran with --management-hold: hold=1 and a >HOLD line.
	d := Daemon26With(NewSettings(3, 0, "none", true))
	d.Password, d.AfterBanner = "pass word", holdLine
	d.Replies["pid"] = "SUCCESS: pid=7349\r\n" // another daemon than server S
	replay(t, "settings", d.Handle)
}

// TestReplayServer sends server S's commands in capture order (settings
// change as they go) and requires each captured reply.
func TestReplayServer(t *testing.T) {
	dir := filepath.Join("testdata", "real-2.6.14", "server")
	file := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	d := Daemon26()
	d.Password = "s3cret pass"
	nc := dial(t, Start(t, d.Handle))
	expectBytes(t, nc, "ENTER PASSWORD:")
	send(t, nc, "s3cret pass\n")
	expectBytes(t, nc, file("handshake")[len("ENTER PASSWORD:"):])
	for _, x := range []struct{ cmd, file string }{
		{"version", "version"}, {"help", "help"}, {"status 3", "status-3"}, {"status 2", "status-2"},
		{"status 1", "status-1"}, {"status", "status-no-arg"}, {"status 9", "status-9"},
		{"state", "state"}, {"state all", "state-all"}, {"log 5", "log-5"}, {"log all", "log-all"},
		{"echo all", "echo-all"}, {"verb", "verb"}, {"verb 5", "verb-5"}, {"verb 16", "verb-16"},
		{"verb foo", "verb-foo"}, {"verb", "verb-after-foo"}, {"mute", "mute"}, {"mute 10", "mute-10"},
		{"auth-retry", "auth-retry"}, {"auth-retry bogus", "auth-retry-bogus"}, {"hold", "hold"},
		{"hold on", "hold-on"}, {"hold off", "hold-off"}, {"pid", "pid"}, {"load-stats", "load-stats"},
		{"nclients", "nclients"}, {"env-filter", "env-filter"}, {"frobnicate", "unknown-command"},
		{"test 3", "test-3"}, {"kill #1", "kill-hash-unquoted"}, {"# a comment", "comment-line"},
		{"version 3", "version-set-3"}, {"", "empty-line"}, {"echo on all", "echo-on-all"},
		{"echo off", "echo-off"}, {"quit", "quit"},
	} {
		send(t, nc, x.cmd+"\n")
		want := file(x.file)
		if got := readN(t, nc, len(want)); got != want {
			t.Fatalf("after %q got\n%q\nwant %s.txt\n%q", x.cmd, got, x.file, want)
		}
	}
	expectEOF(t, nc)
}

func TestReplayServerPasswords(t *testing.T) {
	dir := filepath.Join("testdata", "real-2.6.14", "server")
	bad, _ := os.ReadFile(filepath.Join(dir, "bad-password-3x.txt"))
	early, _ := os.ReadFile(filepath.Join(dir, "password-before-prompt.txt"))
	for _, h := range []Handler{(&Daemon{Password: "s3cret pass"}).Handle, WrongPasswordThenEOF} {
		nc := dial(t, Start(t, h))
		for i := 0; i < 3; i++ {
			expectBytes(t, nc, "ENTER PASSWORD:")
			send(t, nc, "wrong\n")
		}
		if got := string(bad); got != strings.Repeat("ENTER PASSWORD:", 3) {
			t.Fatalf("bad-password-3x.txt = %q", got)
		}
		expectEOF(t, nc)
	}
	nc := dial(t, Start(t, (&Daemon{Password: "s3cret pass"}).Handle))
	send(t, nc, "s3cret pass\n")
	expectBytes(t, nc, string(early))
}

func TestStatus26IsTheCapture(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "real-2.6.14", "server", "status-3.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := Status26.V3(); string(got) != string(want) {
		t.Errorf("Status26.V3() =\n%q\nwant\n%q", got, want)
	}
}

func TestReplayLogInterleave(t *testing.T) {
	d := Daemon26()
	d.Password, d.AfterBanner = "pass word", holdLine
	logPid := ">LOG:1795564701,D,MANAGEMENT: CMD 'pid'\r\n"
	logOff := ">LOG:1795564702,D,MANAGEMENT: CMD 'log off'\r\n"
	// This p2p daemon had another pid than server S.
	d.Replies["pid"] = "SUCCESS: pid=7349\r\n"
	replay(t, "log-interleave", d.Before("pid", logPid).Before("log off", logOff).Handle)
}
