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
	replay(t, "settings", d.Handle)
}

func TestReplayLogInterleave(t *testing.T) {
	d := Daemon26()
	d.Password, d.AfterBanner = "pass word", holdLine
	logOff := ">LOG:1795564702,D,MANAGEMENT: CMD 'log off'\r\n"
	replay(t, "log-interleave", d.Before("pid", LogNotification).Before("log off", logOff).Handle)
}
