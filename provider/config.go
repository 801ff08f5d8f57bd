package provider

import (
	"errors"
	"fmt"
	"time"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// clientConfig merges the provider block with the environment (the block
// wins) into a management.Config. On error it names the attribute at fault.
func clientConfig(m connectionModel, getenv func(string) string) (management.Config, string, error) {
	cfg := management.Config{
		Address:    valueOr(m.Address.ValueString(), getenv(EnvAddress)),
		Password:   valueOr(m.Password.ValueString(), getenv(EnvPassword)),
		Timeout:    management.DefaultTimeout,
		IdleClose:  idleClose,
		CacheReads: true,
	}
	if cfg.Address == "" {
		return cfg, "address", fmt.Errorf("no management address: set the provider's address (tcp://127.0.0.1:7505 or unix:///run/openvpn/server.sock) or %s", EnvAddress)
	}
	if err := management.ValidateAddress(cfg.Address); err != nil {
		return cfg, "address", errors.New(addressDetail(err))
	}
	if t := valueOr(m.Timeout.ValueString(), getenv(EnvTimeout)); t != "" {
		d, err := parseTimeout(t)
		if err != nil {
			return cfg, "timeout", err
		}
		cfg.Timeout = d
	}
	return cfg, "", nil
}

// newClientErrorAttr names the attribute at fault when management.New
// refuses a configuration that clientConfig passed: New checks the address
// and the password, and clientConfig checked the address already.
func newClientErrorAttr(err error) string {
	if errors.Is(err, management.ErrInvalidArgument) {
		return "password"
	}
	return "address"
}

func valueOr(v, fallback string) string {
	if v != "" {
		return v
	}
	return fallback
}

func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("timeout %q is not a duration; use a Go duration such as 10s or 1m", s)
	}
	if d <= 0 || d > time.Hour {
		return 0, fmt.Errorf("timeout %q must be more than 0 and at most 1h", s)
	}
	return d, nil
}
