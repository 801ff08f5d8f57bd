// Command capture records the exact bytes a real OpenVPN daemon sends on
// its management interface, one file per exchange, for the management
// client's tests and its scripted fake server.
//
//	go run ./internal/openvpnlab/cmd/capture [-out internal/management/testdata/real-2.6.14]
//
// It needs what the lab needs (root, /dev/net/tun, openvpn, openssl) and
// takes about a minute. It rewrites every transcript and the generated part
// of README.md; the "Surprises" section of an existing README is kept.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

const password = "s3cret pass"

func main() {
	out := flag.String("out", "internal/management/testdata/real-2.6.14", "directory for the transcripts")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "capture:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "capture")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	r := &recorder{out: out}
	srv, carol, err := startMain(ctx, tmp+"/s")
	if srv != nil {
		defer srv.Stop()
	}
	if err != nil {
		return err
	}
	if err := mainScript(ctx, r, srv, carol); err != nil {
		return err
	}
	h, err := holdScript(ctx, r, tmp+"/h")
	if h != nil {
		defer h.Stop()
	}
	if err != nil {
		return err
	}
	a, err := clientAuthScript(ctx, r, tmp+"/a")
	if a != nil {
		defer a.Stop()
	}
	if err != nil {
		return err
	}
	return writeReadme(r, tmp, []*openvpnlab.Server{srv, h, a}, carol)
}

// startMain starts server S and its clients: a CN with a comma, space and
// '#'; two sessions of one CN, one of them with a username; bob, to be
// killed by address; carol, with her own management port.
func startMain(ctx context.Context, dir string) (*openvpnlab.Server, *openvpnlab.Client, error) {
	srv, err := openvpnlab.StartServer(ctx, openvpnlab.ServerConfig{Dir: dir, Password: password, UsernameAuth: true})
	if err != nil {
		return nil, nil, err
	}
	for _, cc := range []openvpnlab.ClientConfig{
		{CommonName: "Doe, John #1"},
		{CommonName: "alice", Username: "alice@example.com", Password: "pw"},
		{CommonName: "alice"},
		{CommonName: "bob"},
	} {
		if _, err := srv.StartClient(ctx, cc); err != nil {
			return srv, nil, err
		}
	}
	carol, err := srv.StartClient(ctx, openvpnlab.ClientConfig{CommonName: "carol", Management: true})
	return srv, carol, err
}

// mainScript runs every exchange on server S and on carol, in an order
// where the destructive ones (kills, quit) come last.
func mainScript(ctx context.Context, r *recorder, srv *openvpnlab.Server, carol *openvpnlab.Client) error {
	// The daemon serves one management client at a time: the short
	// sessions come before and after the long one.
	if err := badPassword(r, srv.ManagementAddress); err != nil {
		return err
	}
	sess, err := handshake(r, srv.ManagementAddress, password)
	if err != nil {
		return err
	}
	defer sess.close()
	if err := readCommands(r, sess); err != nil {
		return err
	}
	carolSess, err := clientScript(r, carol.ManagementAddress)
	if err != nil {
		return err
	}
	defer carolSess.close()
	if err := established(ctx, r, sess, srv); err != nil {
		return err
	}
	if err := sess.send("status 3"); err != nil {
		return err
	}
	reply, _ := sess.collect(idle, maxWait)
	if err := kills(r, sess, statusRows(reply), carol, carolSess); err != nil {
		return err
	}
	if err := realtime(r, sess); err != nil {
		return err
	}
	if err := busy(r, sess, srv.ManagementAddress); err != nil {
		return err
	}
	return passwordFirst(r, srv.ManagementAddress, password)
}
