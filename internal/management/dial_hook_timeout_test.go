package management_test

import (
	"context"
	"fmt"
	"net"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// What a Config.Dial hook reports decides whether its failure is kept: a
// step that ran out of the client's own timeout says ErrTimeout and is
// kept even when it also wraps a context error (Go's dial and TLS
// timeouts do); a bare context error is the caller giving up, and the
// next call dials again.
func TestDialHookTimeoutIsKept(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		dials int // for three calls
	}{
		{"own timeout", fmt.Errorf("TLS handshake: %w (%w)", management.ErrTimeout, context.DeadlineExceeded), 1},
		{"caller gave up", fmt.Errorf("TLS handshake: %w", context.DeadlineExceeded), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dials := 0
			hook := func(context.Context, string, string) (net.Conn, error) {
				dials++
				return nil, tc.err
			}
			c, err := management.New(management.Config{Address: "tls://127.0.0.1:7506", Dial: hook})
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if _, err := c.Version(context.Background()); err == nil {
					t.Fatal("version through a failing hook succeeded")
				}
			}
			if dials != tc.dials {
				t.Errorf("%d dials for 3 calls; want %d", dials, tc.dials)
			}
		})
	}
}
