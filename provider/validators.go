package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// addressValidator checks the management address form at plan time.
type addressValidator struct{}

func (addressValidator) Description(context.Context) string {
	return "must be tcp://HOST:PORT, HOST:PORT, unix:///PATH, an absolute path or tls://HOST:PORT"
}

// addressForms tells the operator which management addresses the
// provider accepts; the client's error only says what is wrong.
const addressForms = "Use tcp://HOST:PORT (for IPv6, tcp://[::1]:PORT), HOST:PORT, unix:///PATH with an absolute " +
	"path (unix:///run/openvpn/server.sock), a bare absolute path, or tls://HOST:PORT for a port behind a TLS terminator."

// addressDetail is a refused address's diagnostic detail: the fact, then
// the accepted forms.
func addressDetail(err error) string {
	return err.Error() + "\n\n" + addressForms
}

func (v addressValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (addressValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := management.ValidateAddress(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid management address", addressDetail(err))
	}
}

// durationValidator checks a timeout at plan time.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a Go duration such as 10s or 1m, more than 0 and at most 1h"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseTimeout(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timeout", err.Error())
	}
}

// listedValidator refuses a session selector that no session can ever
// carry (a common name with a TAB, an address with a space, ...): it
// would only ever match nothing, after a round trip to the daemon.
type listedValidator struct {
	column string // "common name", "username", "real address", for the description
	check  func(string) error
}

var (
	commonNameSelector  = listedValidator{"common name", management.CheckListedCommonName}
	usernameSelector    = listedValidator{"username", management.CheckListedUsername}
	realAddressSelector = listedValidator{"real address", management.CheckListedAddress}
)

func (v listedValidator) Description(context.Context) string {
	return "must be a " + v.column + " the daemon can list: no control characters"
}

func (v listedValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v listedValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Value can never match a session", notListedDetail(v.column, err))
	}
}

// endWaitValidator checks how long to wait for ended sessions to leave
// the daemon's list: a Go duration, at least management.MinEndWait.
type endWaitValidator struct{}

func (endWaitValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a Go duration from %s to 1h", management.MinEndWait)
}

func (v endWaitValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endWaitValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := parseTimeout(req.ConfigValue.ValueString())
	if err == nil && d < management.MinEndWait {
		err = fmt.Errorf("%s is too short: OpenVPN keeps an ended session listed for about %s, so the wait must be at least %s",
			d, management.KillDelayedExit, management.MinEndWait)
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid confirm_timeout", err.Error())
	}
}
