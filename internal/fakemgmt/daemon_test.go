package fakemgmt

import (
	"testing"
	"time"
)

func TestPasswordPromptHasNoNewline(t *testing.T) {
	s := Start(t, (&Daemon{Password: "pass word"}).Handle)
	nc := dial(t, s)
	expectBytes(t, nc, "ENTER PASSWORD:")
	expectSilence(t, nc, 100*time.Millisecond) // no \r\n after the prompt
	send(t, nc, "pass word\r\n")
	expectBytes(t, nc, "SUCCESS: password is correct\r\n"+Banner)
}

func TestThreeWrongPasswordsThenEOF(t *testing.T) {
	s := Start(t, (&Daemon{Password: "pass word"}).Handle)
	nc := dial(t, s)
	expectBytes(t, nc, "ENTER PASSWORD:")
	send(t, nc, "wrong\n")
	expectBytes(t, nc, "ENTER PASSWORD:") // no "ERROR: bad password" on the wire
	send(t, nc, "\n")                     // an empty line is an attempt too
	expectBytes(t, nc, "ENTER PASSWORD:")
	send(t, nc, "pass  word\n")
	expectEOF(t, nc)
}

func TestPasswordBeforePrompt(t *testing.T) {
	s := Start(t, (&Daemon{Password: "pw"}).Handle)
	nc := dial(t, s)
	send(t, nc, "pw\n")
	expectBytes(t, nc, "ENTER PASSWORD:SUCCESS: password is correct\r\n"+Banner)
}

func TestNoPasswordBannerAndAfterBanner(t *testing.T) {
	hold := ">HOLD:Waiting for hold release:0\r\n"
	s := Start(t, (&Daemon{AfterBanner: hold}).Handle)
	nc := dial(t, s)
	expectBytes(t, nc, Banner+hold)
}

func TestCommentsAndEmptyLinesGetNoReply(t *testing.T) {
	s := Start(t, (&Daemon{Replies: map[string]string{"pid": "SUCCESS: pid=1\r\n"}}).Handle)
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	send(t, nc, "\n# comment\n  ; other\r\n#\npid\n")
	// Had any of the first four lines been answered, its reply would come first.
	expectBytes(t, nc, "SUCCESS: pid=1\r\n")
	expectSilence(t, nc, 100*time.Millisecond)
}

func TestUnknownCommandAndQuit(t *testing.T) {
	s := Start(t, (&Daemon{}).Handle)
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	send(t, nc, "bogus\n")
	expectBytes(t, nc, UnknownCommand)
	send(t, nc, "quit now\n")
	expectEOF(t, nc)
	if got := s.Conns()[0].Received(); len(got) != 2 || got[1] != "quit now" {
		t.Errorf("Received = %q", got)
	}
}

func TestDaemon26Settings(t *testing.T) {
	st := NewSettings(3, 0, "none", false)
	s := Start(t, Daemon26With(st).Handle)
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	for _, x := range []struct{ cmd, reply string }{
		{"verb 7", "SUCCESS: verb level changed\r\n"},
		{"verb", "SUCCESS: verb=7\r\n"},
		{"verb 16", "ERROR: verb level is out of range\r\n"},
		{"verb 4x", "SUCCESS: verb level changed\r\n"}, // atoi
		{"mute 20", "SUCCESS: mute level changed\r\n"},
		{"mute -3", "ERROR: mute level is out of range\r\n"},
		{"auth-retry nointeract", "SUCCESS: auth-retry parameter changed\r\n"},
		{"auth-retry NONE", "--auth-retry method must be 'interact', 'nointeract', or 'none'\r\nERROR: bad auth-retry parameter\r\n"},
		{"hold on", "SUCCESS: hold flag set to ON\r\n"},
		{"hold release", "SUCCESS: hold release succeeded\r\n"},
		{"hold", "SUCCESS: hold=1\r\n"},
		{"status 4", "ERROR: bad status format version number\r\n"},
		{"test 1", "[0] The purpose of this command is to generate large amounts of output.\r\n"},
	} {
		send(t, nc, x.cmd+"\n")
		expectBytes(t, nc, x.reply)
	}
	if st.Verb() != 4 || st.Mute() != 20 || st.AuthRetry() != "nointeract" || !st.Hold() {
		t.Errorf("settings = %d %d %q %v", st.Verb(), st.Mute(), st.AuthRetry(), st.Hold())
	}
}

func TestDaemon26Status(t *testing.T) {
	d := Daemon26()
	s := Start(t, d.Handle)
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	for _, x := range []struct{ cmd, want string }{
		{"status 3", string(Status26.V3())},
		{"status 03", d.Replies["status 3"]}, // atoi
		{"status x", d.Replies["status"]},    // atoi: 0, the default version
		{"status 4", "ERROR: bad status format version number\r\n"},
		{"version 3", ""}, // no reply before 2.7.1
		{"nclients", "SUCCESS: nclients=5\r\n"},
	} {
		send(t, nc, x.cmd+"\n")
		expectBytes(t, nc, x.want)
	}
}
