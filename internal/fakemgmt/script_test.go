package fakemgmt

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestBusySendsNothingAndRecords(t *testing.T) {
	s := Start(t, Busy)
	nc := dial(t, s)
	expectSilence(t, nc, 200*time.Millisecond)
	send(t, nc, "version\n")
	expectSilence(t, nc, 200*time.Millisecond)
	waitAccepted(t, s, 1)
	waitReceived(t, s.Conns()[0], 1)
	if got := s.Conns()[0].Received(); !reflect.DeepEqual(got, []string{"version"}) {
		t.Errorf("Received = %q", got)
	}
}

func TestOneAtATime(t *testing.T) {
	s := Start(t, OneAtATime(Daemon26().Handle))
	first := dial(t, s)
	expectBytes(t, first, Banner)
	second := dial(t, s)
	send(t, second, "verb\n") // queued, like on the real daemon
	expectSilence(t, second, 200*time.Millisecond)
	send(t, first, "quit\n")
	expectEOF(t, first)
	expectBytes(t, second, Banner+"SUCCESS: verb=3\r\n")
	if s.Accepted() != 2 {
		t.Errorf("Accepted = %d", s.Accepted())
	}
}

func TestEOFMidReply(t *testing.T) {
	s := Start(t, EOFMidReply(Daemon26(), "status 3", "TITLE\tOpenVPN 2.6"))
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	send(t, nc, "verb\n")
	expectBytes(t, nc, "SUCCESS: verb=3\r\n")
	send(t, nc, "status 3\n")
	expectBytes(t, nc, "TITLE\tOpenVPN 2.6")
	expectEOF(t, nc)
}

func TestStall(t *testing.T) {
	s := Start(t, Stall(Daemon26(), "status 3"))
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	send(t, nc, "status 3\npid\n")
	expectSilence(t, nc, 300*time.Millisecond)
	waitReceived(t, s.Conns()[0], 2)
}

func TestGarbage(t *testing.T) {
	s := Start(t, Garbage("SSH-2.0-OpenSSH_9.2p1\r\n"))
	nc := dial(t, s)
	expectBytes(t, nc, "SSH-2.0-OpenSSH_9.2p1\r\n")
	send(t, nc, "version\n")
	expectSilence(t, nc, 200*time.Millisecond)
}

func TestInterleaved(t *testing.T) {
	s := Start(t, Interleaved(Daemon26(), "hold", LogNotification+EstablishedNotification))
	nc := dial(t, s)
	expectBytes(t, nc, Banner)
	send(t, nc, "hold\n")
	expectBytes(t, nc, LogNotification+EstablishedNotification+"SUCCESS: hold=0\r\n")
}

// The capture: a second client waiting behind a first one gets nothing, then
// the password prompt once the first quits.
func TestOneAtATimeMatchesCapture(t *testing.T) {
	after, err := os.ReadFile(filepath.Join("testdata", "real-2.6.14", "server", "second-client-after-first-quits.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s := Start(t, OneAtATime((&Daemon{Password: "s3cret pass"}).Handle))
	first := dial(t, s)
	expectBytes(t, first, "ENTER PASSWORD:")
	send(t, first, "s3cret pass\n")
	expectBytes(t, first, PasswordCorrect+Banner)
	second := dial(t, s)
	expectSilence(t, second, 200*time.Millisecond) // second-client-while-busy.txt is empty
	send(t, first, "quit\n")
	expectBytes(t, second, string(after))
}
