package management_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

// wireLog records every byte a client writes.
type wireLog struct {
	mu  sync.Mutex
	out bytes.Buffer
}

func (w *wireLog) dial(ctx context.Context, network, target string) (net.Conn, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, network, target)
	return recordedConn{nc, w}, err
}

func (w *wireLog) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.out.String()
}

type recordedConn struct {
	net.Conn
	w *wireLog
}

func (c recordedConn) Write(b []byte) (int, error) {
	c.w.mu.Lock()
	c.w.out.Write(b)
	c.w.mu.Unlock()
	return c.Conn.Write(b)
}

var loggedCommand = regexp.MustCompile(`MANAGEMENT: CMD '(.*)'`)

func TestRealPumpLeavesNoTraceAtTheDaemon(t *testing.T) {
	// At verb 4 the daemon logs every command line it reads. Pump bytes
	// ("\r") must add none, and change no reply. The client dials through a
	// hook (so it pumps) without quick ACKs, so the daemon's Nagle holds
	// each reply after its first 1 KB pass, as it does for sshd: the pump
	// fires on every multi-line reply.
	srv := openvpnlab.StartServerT(t, openvpnlab.ServerConfig{Password: labPassword, Verb: 4})
	openvpnlab.StartClientT(t, srv, openvpnlab.ClientConfig{CommonName: "alice"})
	type reading struct {
		help, state []string
		version     management.Version
	}
	read := func(t *testing.T, pump bool) (reading, string) {
		management.SetPump(t, pump)
		var w wireLog
		c, err := management.New(management.Config{Address: srv.ManagementAddress, Password: labPassword, Timeout: 5 * time.Second, Dial: w.dial})
		if err != nil {
			t.Fatal(err)
		}
		ctx := ctxT(t)
		var r reading
		for i := range 10 {
			var got reading
			if got.help, err = c.Help(ctx); err != nil {
				t.Fatal(err)
			}
			states, err := c.StateHistory(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range states {
				got.state = append(got.state, fmt.Sprintf("%+v", s))
			}
			if got.version, err = c.Version(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Status(ctx); err != nil {
				t.Fatal(err)
			}
			if i > 0 && (!slices.Equal(got.help, r.help) || !slices.Equal(got.state, r.state)) {
				t.Fatalf("read %d differs from the first", i+1)
			}
			r = got
		}
		_ = c.Close()
		return r, w.String()
	}
	without, wireWithout := read(t, false)
	with, wireWith := read(t, true)
	if strings.Contains(wireWithout, "\r") {
		t.Fatalf("pump bytes with the pump off: %q", wireWithout)
	}
	pumped := strings.Count(wireWith, "\r")
	if pumped == 0 {
		t.Fatal("no pump byte was sent: the daemon's replies came whole, and this test shows nothing")
	}
	if !slices.Equal(with.help, without.help) || !slices.Equal(with.state, without.state) || with.version.Title != without.version.Title {
		t.Errorf("replies differ with the pump:\nwith    %q\nwithout %q", with, without)
	}
	// Every line the clients wrote after the password is a command the
	// daemon logs once; a pump byte that formed a line would add a
	// "MANAGEMENT: CMD ''" (an empty line) or split a command.
	var want []string
	for _, wire := range []string{wireWithout, wireWith} {
		lines := strings.Split(strings.TrimSuffix(strings.ReplaceAll(wire, "\r", ""), "\n"), "\n")
		want = append(want, lines[1:]...)
	}
	var logged []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := os.ReadFile(srv.LogPath)
		if err != nil {
			t.Fatal(err)
		}
		logged = logged[:0]
		for _, m := range loggedCommand.FindAllStringSubmatch(string(b), -1) {
			logged = append(logged, m[1])
		}
		if len(logged) >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !slices.Equal(logged, want) {
		t.Errorf("the daemon logged %d command lines, the clients sent %d (%d pump bytes):\nlogged %q\nsent   %q", len(logged), len(want), pumped, logged, want)
	}
	t.Logf("%d pump bytes; %d command lines logged", pumped, len(logged))
}
