package main

import (
	"context"

	"github.com/vpnops/terraform-provider-openvpn/internal/openvpnlab"
)

const holdDaemon = "H"

// holdScript records a held daemon's banner and its release.
func holdScript(ctx context.Context, r *recorder, dir string) (*openvpnlab.Server, error) {
	h, err := openvpnlab.StartServer(ctx, openvpnlab.ServerConfig{Dir: dir, ManagementHold: true})
	if err != nil {
		return nil, err
	}
	s, err := dial(h.ManagementAddress)
	if err != nil {
		return h, err
	}
	defer s.close()
	data, eof := s.collect(idle, maxWait)
	if err := r.save("hold-banner", holdDaemon, "(nothing; connect)", data, eof, ""); err != nil {
		return h, err
	}
	for _, c := range []struct{ name, line string }{
		{"hold-signal-sighup-while-held", "signal SIGHUP"},
		{"hold-query-while-held", "hold"},
		{"hold-state-while-held", "state"},
		{"hold-release", "hold release"},
	} {
		if _, err := r.exchangeWait(s, holdDaemon, c.name, c.line, longIdle, ""); err != nil {
			return h, err
		}
	}
	_, err = r.exchange(s, holdDaemon, "hold-state-after-release", "state")
	return h, err
}
