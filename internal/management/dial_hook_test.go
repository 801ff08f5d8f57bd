package management

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// Config.Dial replaces the direct dial: the client uses it for every
// connection, with the address's network and target, and passes its
// errors through with their facts.
func TestDialHook(t *testing.T) {
	srv := fakemgmt.Start(t, fakemgmt.Daemon26().Handle)
	var calls []string
	hook := func(ctx context.Context, network, target string) (net.Conn, error) {
		calls = append(calls, network+" "+target)
		var nd net.Dialer
		return nd.DialContext(ctx, "tcp", strings.TrimPrefix(srv.Addr(), "tcp://"))
	}
	// The hook is asked for the target as written: seen from where it
	// dials, which need not resolve here.
	c, err := New(Config{Address: "unix:///run/openvpn/far.sock", Timeout: 5 * time.Second, Dial: hook})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if _, err := c.Version(ctx); err != nil {
			t.Fatal(err)
		}
		_ = c.Close()
	}
	if len(calls) != 2 || calls[0] != "unix /run/openvpn/far.sock" {
		t.Fatalf("hook calls %q; want two for unix /run/openvpn/far.sock", calls)
	}

	refused := errors.New("SSH host said no")
	c, err = New(Config{Address: "tls://vpn.example:7506", Timeout: time.Second,
		Dial: func(context.Context, string, string) (net.Conn, error) { return nil, refused }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Version(ctx); !errors.Is(err, refused) || !strings.Contains(err.Error(), "tls://vpn.example:7506") {
		t.Fatalf("Version = %v; want the hook's error, wrapped with the address", err)
	}
}
